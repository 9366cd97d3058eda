"""`so8t`: the command-line launcher.

Errors a user can fix (bad config, bad seeds, unknown session) print one line and
exit with status 2, having written nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from so8t_cli.env import use_config
from so8t_resources.config import ConfigError
from so8t_resources.sessions import SessionError


class UsageError(Exception):
    """A user error outside config and sessions (e.g. a query against no catalog)."""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="platform config YAML (default: $SO8T_CONFIG, else embedded defaults)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="so8t", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    session = sub.add_parser("session", help="create sessions")
    session_sub = session.add_subparsers(dest="session_command", required=True)
    new = session_sub.add_parser("new", help="create a session from a seed list and register its partition")
    new.add_argument("--seeds", required=True, type=Path, help="text file: one URL per line")
    new.add_argument("--id", dest="session_id", help="session ID (default: the UTC time)")
    _common(new)

    sessions = sub.add_parser("sessions", help="list sessions and the state of each asset")
    _common(sessions)

    run = sub.add_parser("run", help="materialise every asset of one session in-process")
    run.add_argument("--session", required=True)
    run.add_argument("--no-resume", action="store_true", help="ignore the crawl checkpoint and start afresh")
    _common(run)

    demo = sub.add_parser("demo", help="serve the bundled demo site on 127.0.0.1 and crawl it")
    demo.add_argument("--config", help="demo config (default: configs/demo.yaml)")

    query = sub.add_parser("query", help="run a read-only SQL query against the DuckDB catalog")
    query.add_argument("sql")
    _common(query)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            from so8t_cli.demo_cmd import demo

            return demo(args)
        use_config(getattr(args, "config", None))
        from so8t_cli import commands

        handler = {"session": commands.session_new, "sessions": commands.list_sessions,
                   "run": commands.run, "query": commands.query}[args.command]
        return handler(args)
    except (ConfigError, SessionError, UsageError) as err:
        print(f"so8t: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
