"""Alembic environment: runs on the connection `bot.db.engine.migrate` passes in."""
from __future__ import annotations

from alembic import context

from bot.db.engine import VERSION_TABLE, get_engine, include_name
from bot.db.tables import metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        include_name=include_name,  # autogenerate must never propose dropping Rasa's tables
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("The migrations run online only: call bot.db.migrate(url).")

_connection = context.config.attributes.get("connection")
if _connection is not None:
    run_migrations(_connection)
else:
    # Started by the alembic command line with a Config naming sqlalchemy.url.
    with get_engine(context.config.get_main_option("sqlalchemy.url")).begin() as _connection:
        run_migrations(_connection)
