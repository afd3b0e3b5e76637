"""The widget's web app: widget.js and widget.css for any page, a demo page at `/`, and `/health`.

A page embeds the widget with one tag, `<script src="http://HOST:WEB_PORT/widget.js"></script>`.
widget.js is built once at start-up from static/widget.js, the socket.io browser client from
node_modules (`npm ci`; bundled in a function scope, so it sets no global) and the server's
defaults (RASA_PORT, MAX_MESSAGE_CHARS). Nothing is loaded from anywhere else: no CDN, no fonts,
no tracking. The demo page sends a Content-Security-Policy allowing only itself and the coach.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
from aiohttp import web, web_response

from bot.config import ROOT, Settings
from bot.web import dashboard

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
SOCKET_IO_CLIENT = ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
CLIENT_PLACEHOLDER = "/*@@SOCKET_IO_CLIENT@@*/"
CONFIG_PLACEHOLDER = "/*@@CONFIG@@*/{}"
_HOSTNAME = re.compile(r"^(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}$|^\[[0-9A-Fa-f:.]+\]$")

SETTINGS_KEY = web.AppKey("settings", Settings)
ASSETS_KEY = web.AppKey("assets", dict)

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class WidgetBuildError(SystemExit):
    """The widget cannot be built (say, `npm ci` has not been run)."""


def socket_io_client_source(path: Path = SOCKET_IO_CLIENT) -> str:
    if not path.is_file():
        raise WidgetBuildError(
            f"The socket.io browser client is missing ({path}): run `npm ci` in {ROOT} first."
        )
    source = path.read_text(encoding="utf-8")
    # The source map is not served; drop its reference so browsers do not ask for it.
    return re.sub(r"^//# sourceMappingURL=.*$", "", source, flags=re.MULTILINE)


def build_widget_js(settings: Settings, client_path: Path = SOCKET_IO_CLIENT) -> str:
    """static/widget.js with the socket.io client and the server's defaults filled in."""
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    config = json.dumps({"rasaPort": settings.rasa_port, "maxMessageChars": settings.max_message_chars})
    for placeholder in (CLIENT_PLACEHOLDER, CONFIG_PLACEHOLDER):
        if source.count(placeholder) != 1:
            raise WidgetBuildError(f"static/widget.js must contain {placeholder} exactly once")
    source = source.replace(CONFIG_PLACEHOLDER, config)
    return source.replace(CLIENT_PLACEHOLDER, "\n" + socket_io_client_source(client_path) + "\n")


def rasa_origins(request: web.Request, settings: Settings) -> list[str]:
    """Where the widget on the demo page connects: the page's host name with RASA_PORT."""
    host = _host_name(request.host or "")
    if not _HOSTNAME.match(host):
        host = settings.host if _HOSTNAME.match(settings.host) else "127.0.0.1"
    secure = request.scheme == "https"
    port = settings.rasa_port
    return [f"{'https' if secure else 'http'}://{host}:{port}", f"{'wss' if secure else 'ws'}://{host}:{port}"]


def _host_name(host_header: str) -> str:
    """The name part of a Host header: "example.org:8000" -> "example.org", "[::1]:8000" -> "[::1]"."""
    if host_header.startswith("["):
        return host_header[: host_header.find("]") + 1]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def content_security_policy(connect_origins: list[str]) -> str:
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' " + " ".join(connect_origins),
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


async def demo_page(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    html = request.app[ASSETS_KEY]["index.html"]
    return web.Response(
        text=html,
        content_type="text/html",
        charset="utf-8",
        headers={
            **COMMON_HEADERS,
            "Content-Security-Policy": content_security_policy(rasa_origins(request, settings)),
            "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
            "Cache-Control": "no-cache",
        },
    )


def _asset(name: str, content_type: str):
    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            text=request.app[ASSETS_KEY][name],
            content_type=content_type,
            charset="utf-8",
            headers={
                **COMMON_HEADERS,
                # Any site may embed the widget; browsers revalidate so an update shows at once.
                "Cross-Origin-Resource-Policy": "cross-origin",
                "Access-Control-Allow-Origin": "*",
                "Cache-Control": "no-cache",
            },
        )

    return handler


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"}, headers=COMMON_HEADERS)


@web.middleware
async def common_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        for name, value in COMMON_HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in COMMON_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


# aiohttp names itself and Python with their versions in every response's Server header, even in
# the 400 it sends for a request it cannot parse (before any middleware runs), so the default
# itself is replaced.
SERVER_HEADER = "coach"


def hide_server_banner() -> None:
    """Make every response of this process say `Server: coach`, not `Python/3.10 aiohttp/3.9.5`."""
    web_response.SERVER_SOFTWARE = SERVER_HEADER


def create_app(settings: Settings) -> web.Application:
    """The aiohttp application serving the widget; assets are built now, so errors show at start-up."""
    hide_server_banner()
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined
    )
    assets = {
        "widget.js": build_widget_js(settings),
        "widget.css": (STATIC_DIR / "widget.css").read_text(encoding="utf-8"),
        "demo.css": (STATIC_DIR / "demo.css").read_text(encoding="utf-8"),
        "index.html": environment.get_template("index.html").render(),
    }
    # Bodies over MAX_REQUEST_BYTES (the dashboard's forms are far smaller) get a 413.
    app = web.Application(middlewares=[common_headers], client_max_size=settings.max_request_bytes)
    app[SETTINGS_KEY] = settings
    app[ASSETS_KEY] = assets
    app.router.add_get("/", demo_page)
    app.router.add_get("/widget.js", _asset("widget.js", "application/javascript"))
    app.router.add_get("/widget.css", _asset("widget.css", "text/css"))
    app.router.add_get("/demo.css", _asset("demo.css", "text/css"))
    app.router.add_get("/health", health)
    dashboard.setup(app, settings)  # the trainers' dashboard under /analytics (bot/web/dashboard.py)
    return app
