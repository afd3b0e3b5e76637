"""`python -m bot.web`: serve the widget, the demo page and the trainers' dashboard on WEB_PORT (the
coach runs separately). Like the action server it reloads knowledge/ when it changes (bot/reload.py)."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.config import Settings
from bot.web.app import create_app


def main() -> None:
    settings = Settings.from_environ()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    app = create_app(settings)
    from bot import reload

    reload.watch()  # the review queue's nearest entries follow knowledge/ as the action server does
    print(
        f"The web widget is ready: http://{settings.host}:{settings.web_port}/ "
        f"(talking to the coach on port {settings.rasa_port}). Press Ctrl-C to stop.",
        flush=True,
    )
    web.run_app(app, host=settings.host, port=settings.web_port, print=None, access_log=None)


if __name__ == "__main__":
    main()
