"""`so8t start`: the production launcher.

Checks the machine and the dependencies, creates the config's sessions (or takes the
existing ones), runs each on the persistent Dagster instance with the multiprocess
executor, resumes what a failed or interrupted run left, and tells the operator when done.
Exit status: 0 done, 1 a session failed, 2 bad input (nothing written), 130 interrupted.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from pathlib import Path

from so8t_cli.commands import INTERRUPTED, current_settings
from so8t_resources.sessions import SessionError, manifest_path, read_seed_file


class StartError(SessionError):
    """A reason `so8t start` cannot begin; one line, nothing written."""


def _configured_seeds(settings) -> dict[str, list[str]]:
    """Seeds of every configured session not created yet, all read and checked first."""
    from so8t_resources.sessions import parse_seed_text

    wanted = {}
    for entry in settings.launcher.sessions:
        if manifest_path(settings.data_root(), entry.id).exists():
            continue
        seeds = read_seed_file(Path(entry.seeds_file)) if entry.seeds_file else \
            parse_seed_text("\n".join(entry.seeds), f"launcher.sessions[{entry.id}].seeds")
        if settings.data_sources.kind == "crawl" and not seeds:
            raise StartError(f"launcher session {entry.id}: a crawl session needs seeds or seeds_file")
        wanted[entry.id] = seeds
    return wanted


def session_ids(settings, only: list[str] | None) -> tuple[list[str], dict[str, list[str]]]:
    """(sessions to run, seeds of those to create) — validated, nothing written."""
    from so8t_cli.doctor import writable_folder_problem
    from so8t_resources.sessions import check_session_id, list_manifests

    root = settings.data_root()
    problem = writable_folder_problem(root)
    if problem:
        raise StartError(f"data root {root} is unusable: {problem}")
    to_create = _configured_seeds(settings)
    configured = [s.id for s in settings.launcher.sessions]
    if only:
        for sid in only:
            check_session_id(sid)
            if sid not in configured and not manifest_path(root, sid).exists():
                raise StartError(f"unknown session {sid}: not in launcher.sessions and no manifest under {root}")
        return only, {sid: s for sid, s in to_create.items() if sid in only}
    ids = configured or [m["session_id"] for m in list_manifests(root)]
    if not ids:
        raise StartError("no sessions: list them under launcher.sessions in the config, or create one "
                         "with `so8t session new`")
    return ids, to_create


def _check_environment(settings, sessions: int, install: bool, check: bool) -> None:
    from so8t_cli.doctor import run_checks
    from so8t_cli.doctor_cmd import missing_packages, pip_install, print_table

    checks = run_checks(settings, sessions)
    required = missing_packages(checks, required_only=True)
    if install and required:
        if pip_install(required) != 0:
            raise StartError("pip could not install the required packages; see above, or run `so8t doctor`")
        checks = run_checks(settings, sessions)
    if not check:
        return
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        print_table(failed)
        raise StartError(f"environment check failed: {failed[0].name}: {failed[0].detail} ({failed[0].fix})")
    for c in checks:
        if c.status == "warn" and c.requirement is None:
            print(f"warning: {c.name}: {c.detail}")
    print(f"environment: {len(checks)} checks, none failing (so8t doctor shows them all)")


def _logger(path: Path) -> logging.Logger:
    path.parent.mkdir(parents=True, exist_ok=True)
    log = logging.getLogger("so8t.start")
    log.handlers.clear()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def _lock(data_root: Path):
    data_root.mkdir(parents=True, exist_ok=True)
    handle = open(data_root / ".so8t-start.lock", "a+")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise StartError(f"another `so8t start` is running on {data_root}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _models_ready(settings, ids: list[str]) -> bool:
    """Train what the sessions' configs need and no stored version provides (a fresh machine)."""
    from so8t_cli.commands import ensure_models
    from so8t_resources.config import settings_from_dict
    from so8t_resources.sessions import read_manifest

    configs = {}
    for sid in ids:
        manifest = read_manifest(settings.data_root(), sid)
        configs.setdefault(manifest["config_hash"], manifest["config"])
    return all(ensure_models(settings_from_dict(c), settings.data_root()) for c in configs.values())


def start(args) -> int:
    from so8t_cli.commands import _instance, create_session
    from so8t_cli.launcher import notify
    from so8t_cli.launcher.plan import plan_session
    from so8t_cli.launcher.summary import summary
    from so8t_cli.launcher.supervise import Signals, run_with_retries

    settings = current_settings()
    ids, to_create = session_ids(settings, args.session)
    _check_environment(settings, len(ids), install=not args.skip_install, check=not args.skip_check)
    lock = _lock(settings.data_root())
    log = _logger(Path(settings.launcher.log_file))
    print(f"log: {Path(settings.launcher.log_file).resolve()}")
    log.info("so8t start: sessions %s", ", ".join(ids))
    for sid, seeds in to_create.items():
        create_session(settings, seeds, sid)
        print(f"session {sid}: created ({len(seeds)} seed(s))")
    instance = _instance()
    if not _models_ready(settings, ids):
        print("so8t: error: training a missing model failed (see above)", file=sys.stderr)
        return 1
    outcomes: dict[str, str] = {}
    with Signals() as signals:
        for sid in ids:
            if signals.count:
                break
            plan = plan_session(instance, sid, resume=not args.no_resume)
            print(f"session {sid}: {plan.describe()}", flush=True)
            log.info("session %s: %s", sid, plan.describe())
            if plan.action == "complete":
                outcomes[sid] = "complete (nothing new)"
                continue
            outcomes[sid], _ = run_with_retries(instance, plan, settings.launcher.run_retries,
                                                settings.launcher.retry_backoff_s, signals, log)
    lock.close()
    ok = all(s == "success" or s.startswith("complete") for s in outcomes.values()) and not signals.count
    if outcomes and all(s.startswith("complete") for s in outcomes.values()):
        print("all partitions complete: nothing new to run")
    lines = summary(settings.data_root(), outcomes)
    for line in lines:
        print(line)
        log.info(line)
    if not args.no_audio:
        notify.play(ok)
    if signals.count or "interrupted" in outcomes.values():
        print("so8t: stopped; `so8t start` again resumes where this stopped")
        return INTERRUPTED
    return 0 if ok else 1
