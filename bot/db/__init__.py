"""The project's own database tables, their engines and their migrations, in one place.

The tables (journal, check-ins, analytics accounts and tags) share one SQLAlchemy metadata and
one Alembic history, and live in the same database as Rasa's tracker store. Importing connects
to nothing and loads no Alembic. Modules:
    tables      every table the project owns, on `metadata`
    engine      get_engine(url) (one cached engine per URL), migrate(url) (to the newest revision)
    migrations  the Alembic revisions (journal_0001 ...), version table `journal_alembic_version`
    forget      forget_leader(engine, sender_id): delete everything kept about one leader
"""
from __future__ import annotations

from bot.db.engine import get_engine, migrate

__all__ = ["get_engine", "migrate"]
