"""`so8t doctor [--fix]`: the checks as a table; --fix installs missing packages with pip."""

from __future__ import annotations

import subprocess
import sys

from packaging.requirements import Requirement

from so8t_cli.doctor import Check, run_checks

MARK = {"pass": "ok", "warn": "WARN", "fail": "FAIL"}


def print_table(checks: list[Check], out=print) -> None:
    rows = [("check", "status", "found", "fix")] + [(c.name, MARK[c.status], c.detail, c.fix) for c in checks]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        out("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + ("  " + row[3] if row[3] else ""))


def missing_packages(checks: list[Check], required_only: bool = False) -> list[Requirement]:
    """The requirements behind failing (required) or also warning (optional) package checks."""
    wanted = ("fail",) if required_only else ("fail", "warn")
    return [c.requirement for c in checks if c.requirement is not None and c.status in wanted]


def pip_install(reqs: list[Requirement], pip_args: tuple[str, ...] = ()) -> int:
    """Install with this interpreter's pip, its own progress shown; the exit status of pip."""
    specs = [f"{r.name}{r.specifier}" for r in reqs]
    cmd = [sys.executable, "-m", "pip", "install", "--progress-bar", "on", *pip_args, *specs]
    print("installing: " + " ".join(specs), flush=True)
    return subprocess.call(cmd)


def settings_and_sessions():
    from so8t_cli.commands import current_settings

    settings = current_settings()
    return settings, max(1, len(settings.launcher.sessions))


def doctor(args) -> int:
    settings, sessions = settings_and_sessions()
    checks = run_checks(settings, sessions)
    print_table(checks)
    if args.fix:
        missing = missing_packages(checks)
        if not missing:
            print("nothing to install")
        elif pip_install(missing) != 0:
            print("so8t: error: pip could not install every package (see above)", file=sys.stderr)
            return 1
        else:
            checks = run_checks(settings, sessions)
    failed = [c for c in checks if c.status == "fail"]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks pass or warn" +
          (f"; failing: {', '.join(c.name for c in failed)}" if failed else ""))
    return 1 if failed else 0
