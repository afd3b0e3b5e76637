"""`python -m bot.ops.production` (`make run-prod`): the production layout on one machine, until Ctrl-C.

RASA_REPLICAS Rasa servers (RASA_PORT, RASA_PORT+1, ...) sharing a PostgreSQL tracker store and a
Redis lock store, ACTION_REPLICAS action servers (ACTION_PORT, ACTION_PORT+1, ...) behind nginx's
loopback-only listener (ACTION_PROXY_PORT), the web app (WEB_PORT), and nginx on PROD_PORT in front
of it all: /webhooks/ and /socket.io/ to the Rasa replicas, everything else to the web app.
nginx is a child process with a generated configuration under PROD_VAR_DIR (default var/prod/).

Its variables live in bot/config.py's Settings like all others: PROD_PORT (8080), PROD_HOST
(HOST), LOCK_STORE_URL (redis://127.0.0.1:6379/0), RASA_REPLICAS (2), ACTION_REPLICAS (2),
ACTION_PROXY_PORT (5054), PROD_VAR_DIR (var/prod), NGINX (nginx), TICKET_LOCK_LIFETIME (60 s).
A crashed server is started again by the supervisor (bot/ops/launch.py), as a service manager would.
With RETENTION_DAYS set, `python -m bot.ops.retention` purges older conversations and journals daily.
DATABASE_URL must be PostgreSQL (`make run-prod` defaults it to .../coach); the database is created
if missing.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.config import ROOT, Settings
from bot.ops.launch import (
    Supervisor,
    action_server_command,
    ensure_ports_free,
    handle_stop_signals,
    rasa_server_command,
    ready_banner,
    web_app_command,
)

ENDPOINTS = "deploy/endpoints-prod.yml"
# Each Rasa replica runs TensorFlow on one thread (Rasa reads these at start): replicas share the
# machine's cores, and TensorFlow's default of a thread pool per core each would oversubscribe
# them. Set either variable to override it.
RASA_REPLICA_THREADS = {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def rasa_ports(settings: Settings) -> list[int]:
    return [settings.rasa_port + i for i in range(settings.rasa_replicas)]


def action_ports(settings: Settings) -> list[int]:
    return [settings.action_port + i for i in range(settings.action_replicas)]


def require_postgres(database_url: str) -> None:
    scheme = urlsplit(database_url).scheme
    if not scheme.startswith("postgresql"):
        raise SystemExit(
            f"The production layout needs PostgreSQL: DATABASE_URL must start with postgresql://, "
            f"got {scheme or database_url!r} (several replicas cannot share an SQLite file)"
        )


def lock_store_environ(lock_store_url: str) -> dict[str, str]:
    """LOCK_STORE_URL split into the parts deploy/endpoints-prod.yml passes to Rasa's RedisLockStore."""
    parts = urlsplit(lock_store_url)
    if parts.scheme != "redis" or not parts.hostname:
        raise SystemExit(f"LOCK_STORE_URL must look like redis://[:password@]host:port/db, got {lock_store_url!r}")
    db = parts.path.lstrip("/") or "0"
    if not db.isdigit():
        raise SystemExit(f"LOCK_STORE_URL's database must be a number, got {db!r}")
    return {
        "LOCK_STORE_HOST": parts.hostname,
        "LOCK_STORE_PORT": str(parts.port or 6379),
        "LOCK_STORE_DB": db,
        "LOCK_STORE_PASSWORD": unquote(parts.password or ""),
    }


def check_redis(lock_store_url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(lock_store_url, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Cannot reach the lock store at LOCK_STORE_URL ({error})") from None


def ensure_database(database_url: str) -> bool:
    """Create the PostgreSQL database of `database_url` if it does not exist; True if created."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    name = url.database
    if not name:
        raise SystemExit("DATABASE_URL must name a database, e.g. postgresql://user@host:5432/coach")
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if exists:
                return False
            quoted = engine.dialect.identifier_preparer.quote(name)
            try:
                connection.execute(sa.text(f"CREATE DATABASE {quoted}"))
            except sa.exc.ProgrammingError:  # created meanwhile by someone else
                return False
            return True
    except sa.exc.OperationalError as error:
        raise SystemExit(f"Cannot reach PostgreSQL at DATABASE_URL ({error.orig})") from None
    finally:
        engine.dispose()


def create_tracker_table(database_url: str) -> None:
    """Create Rasa's events table once, so replicas starting together do not race to create it."""
    from bot.rasa.tracker_store import create_tables

    create_tables(database_url)


def _servers(addresses: list[str]) -> str:
    return "\n".join(f"        server {address} max_fails=3 fail_timeout=10s;" for address in addresses)


def render_nginx_config(settings: Settings, template: Path = NGINX_TEMPLATE) -> str:
    return fill_template(template, {
        "var_dir": str(Path(settings.prod_var_dir).resolve()),
        "listen_host": settings.prod_host or settings.host,
        "prod_port": str(settings.prod_port),
        "web_server": f"127.0.0.1:{settings.web_port}",
        "action_proxy_port": str(settings.action_proxy_port),
        "rasa_servers": _servers([f"127.0.0.1:{port}" for port in rasa_ports(settings)]),
        "action_servers": _servers([f"127.0.0.1:{port}" for port in action_ports(settings)]),
    })


def render_compose_nginx_config(template: Path = NGINX_TEMPLATE) -> str:
    """deploy/nginx.compose.conf: service names resolve to every replica when nginx starts."""
    return fill_template(template, {
        "var_dir": "/var/cache/nginx", "listen_host": "0.0.0.0", "prod_port": "8080",
        "web_server": "web:8000", "action_proxy_port": "5054",
        "rasa_servers": _servers(["rasa:5005"]), "action_servers": _servers(["actions:5055"]),
    })


def fill_template(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise SystemExit(f"{template} has an unknown placeholder near: {text[text.index('{{'):][:40]}")
    return text


def nginx_command(settings: Settings, conf: Path, *extra: str) -> list[str]:
    var = str(Path(settings.prod_var_dir).resolve())
    return [settings.nginx, "-p", var, "-e", f"{var}/nginx-error.log", "-c", str(conf), *extra,
            "-g", "daemon off;"]


def write_nginx_config(settings: Settings) -> Path:
    var = Path(settings.prod_var_dir)
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (var / "nginx-tmp" / name).mkdir(parents=True, exist_ok=True)
    conf = var / "nginx.conf"
    conf.write_text(render_nginx_config(settings), encoding="utf-8")
    if shutil.which(settings.nginx) is None:
        raise SystemExit(f"{settings.nginx} is missing: apt-get install -y nginx (or set NGINX to its path)")
    check = subprocess.run(nginx_command(settings, conf.resolve(), "-t", "-q"), capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"The generated nginx configuration {conf} is invalid:\n{check.stderr.strip()}")
    return conf.resolve()


class ProductionSupervisor(Supervisor):
    """launch.Supervisor, plus per-process environment overrides (each replica's own values)."""

    def start_with(self, command: list[str], overrides: Mapping[str, str], **kwargs) -> subprocess.Popen:
        shared = self.env
        self.env = {**shared, **overrides}
        try:
            return self.start(command, **kwargs)
        finally:
            self.env = shared


def _with_endpoints(command: list[str], endpoints: str) -> list[str]:
    command = list(command)
    command[command.index("--endpoints") + 1] = endpoints
    return command


def production_settings(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """Settings completed for the layout: the action proxy, the var folder, widget origins; checked."""
    if settings.rasa_replicas < 1 or settings.action_replicas < 1:
        raise SystemExit("RASA_REPLICAS and ACTION_REPLICAS must be at least 1")
    changes: dict[str, str] = {
        "action_server_url": f"http://127.0.0.1:{settings.action_proxy_port}/webhook",
        "prod_var_dir": settings.prod_var_dir or str(ROOT / "var" / "prod"),
    }
    if not environ.get("WIDGET_ORIGINS"):
        host = settings.prod_host or settings.host
        origins = {f"http://localhost:{settings.prod_port}", f"http://127.0.0.1:{settings.prod_port}",
                   f"http://{host}:{settings.prod_port}"}
        changes["widget_origins"] = ",".join(sorted(origins))
    return dataclasses.replace(settings, **changes)


def replica_threads(environ: Mapping[str, str]) -> dict[str, str]:
    """RASA_REPLICA_THREADS, with any value set in the environment kept."""
    return {name: environ.get(name) or value for name, value in RASA_REPLICA_THREADS.items()}


def retention_command() -> list[str]:
    return [sys.executable, "-m", "bot.ops.retention"]


def environ_retention_days() -> str:
    return os.environ.get("RETENTION_DAYS", "").strip()


def run(settings: Settings, model: Path) -> int:
    started = time.monotonic()
    require_postgres(settings.database_url)
    locks = lock_store_environ(settings.lock_store_url)
    ports = {"PROD_PORT": settings.prod_port, "ACTION_PROXY_PORT": settings.action_proxy_port,
             "WEB_PORT": settings.web_port}
    ports.update({f"RASA_PORT(+{i})": port for i, port in enumerate(rasa_ports(settings))})
    ports.update({f"ACTION_PORT(+{i})": port for i, port in enumerate(action_ports(settings))})
    ensure_ports_free(ports)
    check_redis(settings.lock_store_url)
    if ensure_database(settings.database_url):
        print(f"Created the PostgreSQL database {urlsplit(settings.database_url).path.lstrip('/')}", flush=True)
    create_tracker_table(settings.database_url)
    var = Path(settings.prod_var_dir)
    var.mkdir(parents=True, exist_ok=True)
    conf = write_nginx_config(settings)

    supervisor = ProductionSupervisor(settings)
    supervisor.env.update(locks)
    handle_stop_signals()  # the first SIGTERM or SIGINT stops everything; later ones are ignored
    logs = []

    def log(name: str):
        handle = (var / f"{name}.log").open("ab")
        logs.append(handle)
        return {"stdout": handle, "stderr": subprocess.STDOUT}

    try:
        ready_urls = []
        for i, port in enumerate(action_ports(settings), start=1):
            replica = dataclasses.replace(settings, action_port=port)
            supervisor.start_with(action_server_command(replica), {"ACTION_PORT": str(port)}, **log(f"actions-{i}"))
            ready_urls.append(f"http://127.0.0.1:{port}/health")
        for i, port in enumerate(rasa_ports(settings), start=1):
            replica = dataclasses.replace(settings, rasa_port=port)
            command = _with_endpoints(rasa_server_command(replica, model), ENDPOINTS)
            supervisor.start_with(command, {"RASA_PORT": str(port), **replica_threads(os.environ)},
                                  **log(f"rasa-{i}"))
            ready_urls.append(f"http://{settings.host}:{port}/")
        # The web app's widget and CSP point at RASA_PORT: in production that is nginx's port.
        # TRUSTED_PROXIES: the sign-in throttle counts each client by the X-Real-IP nginx sets.
        supervisor.start_with(web_app_command(settings), {"RASA_PORT": str(settings.prod_port),
                                                          "TRUSTED_PROXIES": "127.0.0.1"}, **log("web"))
        ready_urls.append(f"http://{settings.host}:{settings.web_port}/health")
        supervisor.start(nginx_command(settings, conf), **log("nginx"))
        if environ_retention_days():
            # RETENTION_DAYS: a daily purge of conversations and journals older than that.
            supervisor.start(retention_command(), **log("retention"))
        public = f"http://{settings.prod_host or settings.host}:{settings.prod_port}"
        print(
            f"Starting {settings.action_replicas} action servers, {settings.rasa_replicas} Rasa servers, "
            f"the web app and nginx (logs in {var})...",
            flush=True,
        )
        supervisor.wait_until_ready(ready_urls)
        supervisor.wait_until_ready([f"{public}/nginx-health", f"{public}/webhooks/rest/"], timeout_s=30)
        heading = f"The coach is ready in production mode ({time.monotonic() - started:.0f} s): {public}/"
        print(ready_banner(heading, public, public, [
            f"  Rasa replicas: {', '.join(map(str, rasa_ports(settings)))}; action servers: "
            f"{', '.join(map(str, action_ports(settings)))} (behind 127.0.0.1:{settings.action_proxy_port})",
            "  REST on this port: " + ("add -H \"Authorization: Bearer $REST_TOKEN\"" if settings.rest_token
                                       else "off (set REST_TOKEN to turn it on)"),
        ]), flush=True)
        supervisor.watch()
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        supervisor.stop()
        for handle in logs:
            handle.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.production", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="the model to serve (default: train if needed, like `make run`)")
    parser.add_argument("--nginx-config", choices=["local", "compose"],
                        help="print the generated nginx configuration and exit (compose: deploy/nginx.compose.conf)")
    args = parser.parse_args(argv)
    if args.nginx_config == "compose":
        print(render_compose_nginx_config(), end="")
        return 0
    environ = os.environ
    settings = Settings.from_environ(environ)
    settings = production_settings(settings, environ)
    if args.nginx_config == "local":
        print(render_nginx_config(settings), end="")
        return 0
    require_postgres(settings.database_url)
    if args.model:
        model = Path(args.model).resolve()
    else:
        from bot.ops.training import ensure_model

        model = ensure_model(settings)
    return run(settings, model)


if __name__ == "__main__":
    sys.exit(main())
