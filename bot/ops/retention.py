"""`python -m bot.ops.retention`: apply RETENTION_DAYS once a day (the production layout starts it).

Each run is `python -m bot analytics purge` (bot.analytics.maintenance.purge): conversations
inactive for longer than RETENTION_DAYS, with everything kept about their leaders, and journals
with no conversation left (the `legacy:` ones from before leader keys) once as old. It prints the
counts, never anything a leader wrote. `--once` runs one purge and exits.
"""
from __future__ import annotations

import argparse
import sys
import time

DAY_S = 24 * 3600


def purge_once() -> dict[str, int]:
    from bot.analytics.maintenance import purge, retention_days
    from bot.config import Settings
    from bot.db import get_engine, migrate

    url = Settings.from_environ().database_url
    migrate(url)
    return purge(get_engine(url), retention_days())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.retention", description=__doc__)
    parser.add_argument("--once", action="store_true", help="purge once and exit")
    args = parser.parse_args(argv)
    while True:
        try:
            counts = purge_once()
            print(f"Retention purge: {counts}", flush=True)
        except ValueError as error:  # RETENTION_DAYS missing or not a positive number
            print(f"Retention purge not run: {error}", file=sys.stderr, flush=True)
            return 2
        if args.once:
            return 0
        time.sleep(DAY_S)


if __name__ == "__main__":
    sys.exit(main())
