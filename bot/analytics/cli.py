"""Command line for trainers' analytics and accounts (wired into `python -m bot`).

    trainers add NAME --password-stdin [--role trainer|admin]
    trainers list
    trainers remove NAME
    trainers set-password NAME --password-stdin   (signs the trainer out everywhere)
    trainers cohorts NAME [COHORT ...]             (limit a trainer to these cohorts; none: all)
    trainers views [--limit N]                     (who opened which transcript, newest first)
    analytics report [--format json|csv|html] [--since DATE] [--until DATE] [--channel C] [--cohort X]
    analytics purge [--older-than-days N] [--dry-run]      (default N: RETENTION_DAYS)
    analytics indexes                                       (add the indexes on Rasa's events)

The database is DATABASE_URL (see the README), or --database-url. Passwords are read from
standard input only, never from arguments (which other users can see in the process list).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO


def add_trainers_parser(commands) -> argparse.ArgumentParser:
    trainers = commands.add_parser("trainers", help="trainer accounts for the analytics dashboard")
    trainers.add_argument("--database-url", help="default: DATABASE_URL")
    actions = trainers.add_subparsers(dest="trainers_action", required=True)
    add = actions.add_parser("add", help="create an account (password from stdin)")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of standard input")
    add.add_argument("--role", choices=["trainer", "admin"], default="trainer")
    actions.add_parser("list", help="list accounts")
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    password = actions.add_parser("set-password", help="replace a password (stdin); ends the trainer's sessions")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", required=True)
    cohorts = actions.add_parser("cohorts", help="limit a trainer to these cohorts (none given: all cohorts)")
    cohorts.add_argument("name")
    cohorts.add_argument("cohorts", nargs="*")
    views = actions.add_parser("views", help="who opened which transcript, and when")
    views.add_argument("--limit", type=int, default=500)
    return trainers


def add_analytics_parser(commands) -> argparse.ArgumentParser:
    analytics = commands.add_parser("analytics", help="usage report, retention purge")
    analytics.add_argument("--database-url", help="default: DATABASE_URL")
    actions = analytics.add_subparsers(dest="analytics_action", required=True)
    report = actions.add_parser("report", help="print the figures for a period")
    report.add_argument("--format", choices=["json", "csv", "html"], default="json")
    report.add_argument("--since", help="first day, YYYY-MM-DD (default: 29 days before --until)")
    report.add_argument("--until", help="last day, YYYY-MM-DD (default: today, UTC)")
    report.add_argument("--channel", help="rest, socketio or teams")
    report.add_argument("--cohort", help="the widget's data-cohort code")
    purge = actions.add_parser("purge", help="delete conversations inactive for longer than N days")
    purge.add_argument("--older-than-days", type=int, help="default: RETENTION_DAYS")
    purge.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    actions.add_parser("indexes", help="add the analytics indexes to Rasa's events table")
    return analytics


def _read_password(stdin: TextIO) -> str:
    return stdin.readline().rstrip("\r\n")


def _url(args) -> str:
    from bot.config import Settings

    return args.database_url or Settings.from_environ().database_url


def run_trainers(args, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from bot.analytics.accounts import AccountError, get_accounts

    accounts = get_accounts(_url(args))
    action = args.trainers_action
    try:
        if action == "add":
            trainer = accounts.add_trainer(args.name, _read_password(stdin), args.role)
            print(f"Added {trainer.role} {trainer.name}", file=out)
            return 0
        if action == "list":
            for trainer in accounts.list_trainers():
                failures = f"  {trainer.failed_logins} failed sign-ins in a row" if trainer.failed_logins else ""
                print(f"{trainer.name}\t{trainer.role}\tcreated {trainer.created_at:%Y-%m-%d}{failures}", file=out)
            return 0
        if action == "remove":
            if not accounts.remove_trainer(args.name):
                print(f"No trainer called {args.name!r}", file=err)
                return 1
            print(f"Removed {args.name}", file=out)
            return 0
        if action == "set-password":
            if not accounts.set_password(args.name, _read_password(stdin)):
                print(f"No trainer called {args.name!r}", file=err)
                return 1
            print(f"Password changed for {args.name}", file=out)
            return 0
        if action == "cohorts":
            if not accounts.set_cohorts(args.name, args.cohorts):
                print(f"No trainer called {args.name!r}", file=err)
                return 1
            print(f"{args.name} sees {', '.join(sorted(set(args.cohorts))) or 'every cohort'}", file=out)
            return 0
        if action == "views":
            for when, trainer, pseudonym in accounts.list_views(max(1, args.limit)):
                print(f"{when:%Y-%m-%d %H:%M:%S} UTC\t{trainer}\t{pseudonym}", file=out)
            return 0
    except AccountError as error:
        print(error, file=err)
        return 2
    raise AssertionError(action)


def report_with_feedback(engine, filters) -> dict:
    """The overview (bot.analytics.queries) with the leaders' feedback under `feedback`."""
    from bot.analytics import feedback
    from bot.analytics.queries import overview

    return {**overview(engine, filters), "feedback": feedback.summary(engine, filters)}


def run_analytics(args, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from bot.db import get_engine, migrate

    url = _url(args)
    migrate(url)  # the journal and analytics tables, as the action server would create them
    engine = get_engine(url)
    action = args.analytics_action
    if action == "report":
        from bot.analytics.queries import make_filters
        from bot.analytics.report import FORMATS

        try:
            filters = make_filters(args.since, args.until, args.channel, args.cohort)
        except ValueError as error:
            print(error, file=err)
            return 2
        out.write(FORMATS[args.format](report_with_feedback(engine, filters)))
        if args.format == "json":
            out.write("\n")
        return 0
    if action == "purge":
        from bot.analytics.maintenance import purge, retention_days

        try:
            days = retention_days(args.older_than_days)
        except ValueError as error:
            print(error, file=err)
            return 2
        counts = purge(engine, days, dry_run=args.dry_run)
        verb = "Would delete" if args.dry_run else "Deleted"
        print(f"{verb} {counts['conversations']} conversations inactive for over {days} days: "
              f"{counts['events']} events, {counts['reflections']} reflections, "
              f"{counts['commitments']} commitments, {counts['tags']} tags", file=out)
        return 0
    if action == "indexes":
        from bot.analytics.accounts import ensure_event_indexes

        created = ensure_event_indexes(engine)
        print("Created " + ", ".join(created) if created else "Nothing to do", file=out)
        return 0
    raise AssertionError(action)


def main(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
         err: TextIO = sys.stderr) -> int:
    """`python -m bot.analytics.cli trainers ...` or `... analytics ...` (the same as `python -m bot`)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add_trainers_parser(commands)
    add_analytics_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "trainers":
        return run_trainers(args, stdin, out, err)
    return run_analytics(args, out, err)


if __name__ == "__main__":
    sys.exit(main())
