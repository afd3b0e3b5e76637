"""Settings: every configuration value has one home, an environment variable with a default.

`Settings.from_environ()` reads `os.environ`; tests pass their own mapping instead of patching it.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def local_secret(path: Path) -> str:
    """A random key kept on this machine only (mode 600, outside the repository), made on first use.

    Used when an environment variable does not give the key, so that restarting `make run` keeps
    leaders' widget sessions. Production sets the variable instead.
    """
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 32:
            return value
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    try:
        os.link(temporary, path)  # first writer wins; a concurrent launch reads the winner's key
    except FileExistsError:
        value = path.read_text(encoding="utf-8").strip()
    finally:
        temporary.unlink()
    return value


@dataclass(frozen=True)
class Settings:
    """The documented environment variables (see the README's table) and their defaults."""

    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    host: str = "127.0.0.1"
    database_url: str = ""
    action_server_url: str = ""
    model_cache_dir: str = ""
    log_level: str = "INFO"
    max_message_chars: int = 2000
    knowledge_dir: str = ""
    # How often the action server looks for changed files in KNOWLEDGE_DIR (bot/reload.py); 0: never.
    knowledge_reload_seconds: float = 2.0
    widget_origins: str = ""
    # The production layout (`make run-prod`, bot/ops/production.py).
    prod_port: int = 8080
    prod_host: str = ""
    lock_store_url: str = "redis://127.0.0.1:6379/0"
    rasa_replicas: int = 2
    action_replicas: int = 2
    action_proxy_port: int = 5054
    prod_var_dir: str = ""
    nginx: str = "nginx"
    # Rasa's conversation lock expires after this many seconds even if its holder died mid-turn.
    ticket_lock_lifetime: int = 60
    teams_app_id: str = ""
    teams_app_password: str = ""
    teams_tenant_id: str = ""
    teams_openid_metadata_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    teams_login_url: str = "https://login.microsoftonline.com"
    checkin_poll_seconds: float = 300.0
    # Request size limits (bytes): larger bodies get a 413. Chat messages and the web app's forms
    # need far less than 64 KB; the Bot Connector sends activities of up to 256 KB.
    max_request_bytes: int = 64 * 1024
    max_teams_request_bytes: int = 256 * 1024
    # Who may talk as whom (bot/identity.py). REST_TOKEN: bearer token REST callers must send (REST
    # is refused on the production layout's public port without it). ACTION_SERVER_TOKEN: the
    # header Rasa sends the action server (random per launch when unset). SESSION_SECRET: signs
    # the widget's session tokens (when unset, a key kept in var/session-secret). WIDGET_JWT_*: the host site's
    # signed identity tokens (HS256 with WIDGET_JWT_SECRET or RS256 from WIDGET_JWKS_URL).
    rest_token: str = ""
    action_server_token: str = ""
    session_secret: str = ""
    widget_jwt_secret: str = ""
    widget_jwks_url: str = ""
    widget_jwt_issuer: str = ""
    widget_jwt_audience: str = ""
    # Proxies whose X-Real-IP the web app believes for the sign-in throttle (bot/web/throttle.py):
    # the production layout sets its nginx's 127.0.0.1; empty, every client is its own address.
    trusted_proxies: str = ""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from a mapping of environment variables (default: os.environ)."""
        env = os.environ if environ is None else environ
        values = {}
        for field in fields(cls):
            raw = env.get(field.name.upper())
            if raw is None or raw == "":
                continue
            if field.type not in ("int", "float"):
                values[field.name] = raw
                continue
            try:
                values[field.name] = int(raw) if field.type == "int" else float(raw)
            except ValueError:
                kind = "a whole number" if field.type == "int" else "a number"
                raise SystemExit(f"{field.name.upper()} must be {kind}, got {raw!r}") from None
        settings = cls(**values)
        return settings._with_derived_defaults()

    def _with_derived_defaults(self) -> Settings:
        derived = {}
        if not self.database_url:
            derived["database_url"] = f"sqlite:///{ROOT / 'var' / 'coach.db'}"
        if not self.action_server_url:
            derived["action_server_url"] = f"http://127.0.0.1:{self.action_port}/webhook"
        if not self.model_cache_dir:
            cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            derived["model_cache_dir"] = str(Path(cache_home) / "system-leadership-coach" / "models")
        if not self.widget_origins:
            derived["widget_origins"] = f"http://localhost:{self.web_port},http://127.0.0.1:{self.web_port}"
        if not self.knowledge_dir:
            derived["knowledge_dir"] = str(ROOT / "knowledge")
        if not derived:
            return self
        return Settings(**{**self.__dict__, **derived})

    @property
    def trusted_proxy_list(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.trusted_proxies.split(",") if part.strip())

    def prepare_storage(self) -> None:
        """Create the folder of an SQLite database file (SQLite will not create it)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix + ":memory:":
            Path(self.database_url[len(prefix):]).parent.mkdir(parents=True, exist_ok=True)

    def child_environ(self, base: Mapping[str, str]) -> dict[str, str]:
        """The environment for the servers we start: our settings plus privacy defaults."""
        env = dict(base)
        for field in fields(self):
            env[field.name.upper()] = str(getattr(self, field.name))
        if not self.action_server_token:
            # One random token per launch, shared by the Rasa and action servers it starts.
            env["ACTION_SERVER_TOKEN"] = secrets.token_urlsafe(32)
        if not self.session_secret:
            # Every Rasa replica must verify the same widget sessions, this launch and the next.
            env["SESSION_SECRET"] = local_secret(ROOT / "var" / "session-secret")
        # nginx reads NGINX as a list of inherited sockets ("[emerg] invalid socket number"): the
        # path to nginx is the launcher's business only, never its children's.
        env.pop("NGINX", None)
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env.setdefault("PYTHONPATH", str(ROOT))
        env.setdefault("SANIC_HOST", self.host)  # the action server's interface
        # Sanic (Rasa, the action server) waits up to 15 s for turns in flight when stopped; a stop
        # must end within 10 s (bot/ops/launch.py), so they get 2 s before their connections close.
        env.setdefault("SANIC_GRACEFUL_SHUTDOWN_TIMEOUT", "2")
        return env
