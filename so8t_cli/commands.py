"""The session, run and query commands."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from so8t_cli.env import ensure_dagster_home
from so8t_cli.preflight import busy_error, check_not_busy, check_seeds_allowed, raised
from so8t_resources.config import config_path_from_env, load_settings, settings_from_dict
from so8t_resources.sessions import (
    check_session_id,
    list_manifests,
    new_session_id,
    read_manifest,
    read_seed_file,
    write_manifest,
)


def current_settings():
    """The platform config this process runs with (--config / SO8T_CONFIG / embedded defaults)."""
    return load_settings(config_path_from_env())


def _instance():
    from dagster import DagsterInstance

    ensure_dagster_home()  # only once a command is past its checks: errors write nothing
    return DagsterInstance.get()


def create_session(settings, seeds: list[str], session_id: str | None, source: str | None = None) -> str:
    """Write the manifest, then register the partition (the manifest is what a run reads)."""
    from so8t_assets.partitions import SESSIONS

    session_id = check_session_id(session_id or new_session_id())
    write_manifest(settings.data_root(), session_id, seeds, settings, source=source)
    _instance().add_dynamic_partitions(SESSIONS, [session_id])
    return session_id


def session_new(args) -> int:
    settings = current_settings()  # validate config and seeds before anything is written
    seeds = read_seed_file(args.seeds)
    check_seeds_allowed(seeds, settings)
    print(create_session(settings, seeds, args.session_id, source=str(args.seeds)))
    return 0


def list_sessions(args) -> int:
    from so8t_assets.definitions import defs
    from so8t_assets.partitions import sessions_partitions

    manifests = list_manifests(current_settings().data_root())
    if not manifests:
        print("no sessions")
        return 0
    instance = _instance()
    keys = [m["session_id"] for m in manifests]
    graph = defs.resolve_asset_graph()
    assets = sorted(k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None)
    states = {}
    for key in assets:
        by_key = instance.get_status_by_partition(key, keys, sessions_partitions) or {}
        states[key] = {k: (v.value.lower() if v else "missing") for k, v in by_key.items()}
    header = ["session", "created", "seeds"] + [k.to_user_string() for k in assets]
    rows = [[m["session_id"], m["created_at"], str(len(m["seeds"]))] +
            [states[k].get(m["session_id"], "missing") for k in assets] for m in manifests]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    return 0


@contextmanager
def training_output() -> Iterator[None]:
    """Training's progress lines (logger so8t.train) on stdout while the block runs."""
    import logging

    logger, handler = logging.getLogger("so8t.train"), logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def train_models(only: list[str] | None = None, configs: dict | None = None) -> bool:
    """Materialise the unpartitioned model assets (or `only` those named) in this process;
    configs: run config per model asset (e.g. {"nsfw_model": {"backend": "embedding"}})."""
    from so8t_assets.definitions import defs, resources_for_environment

    configs = configs or {}
    ok = True
    for job, assets in ([(f"train_{name}", [name]) for name in only] if only else [("train_models", list(configs))]):
        run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}},
                      "ops": {name: {"config": configs[name]} for name in assets if name in configs}}
        with training_output():
            result = defs.resolve_job_def(job).execute_in_process(
                instance=_instance(), raise_on_error=False, resources=resources_for_environment(),
                run_config=run_config)
        ok = ok and result.success
    return ok


def _missing_models(session_settings, data_root) -> list[str]:
    """The model assets a session needs that have no stored version yet."""
    from so8t_assets.steps.nsfw.loader import models_root as nsfw_root
    from so8t_assets.steps.nsfw.store import ModelNotFound, resolve
    from so8t_assets.steps.safety.store import models_root as safety_root

    wanted = []
    nsfw = session_settings.nsfw_detection
    if nsfw.enabled and nsfw.backend != "transformers":
        wanted.append(("nsfw_model", nsfw_root(data_root), nsfw.backend, nsfw.model_version, "nsfw"))
    safety = session_settings.four_class
    if safety.backend == "sklearn":
        wanted.append(("safety_model", safety_root(data_root), "sklearn", safety.model_version, "safety"))
    missing = []
    for asset, root, backend, version, model in wanted:
        try:
            resolve(root, backend, version, model)
        except ModelNotFound:
            if version != "latest":
                raise
            missing.append(asset)
    return missing


def ensure_models(session_settings, data_root) -> bool:
    """Train the models a session needs first, where none is stored yet."""
    missing = _missing_models(session_settings, data_root)
    if not missing:
        return True
    print(f"no trained {' or '.join(missing)} yet: training first", flush=True)
    return train_models(missing, {"nsfw_model": {"backend": session_settings.nsfw_detection.backend}})


INTERRUPTED = 130  # exit status of a run stopped by SIGINT or SIGTERM (128 + SIGINT)


def run_session(session_id: str, resume: bool = True) -> str:
    """Materialise every asset of a session in this process, on the persistent instance.

    Returns "success", "failed", "interrupted" or "busy" (another process took the crawl lock).
    """
    from so8t_assets.definitions import defs, resources_for_environment
    from so8t_assets.partitions import SESSIONS

    settings = current_settings()
    manifest = read_manifest(settings.data_root(), check_session_id(session_id))  # fail early and clearly
    session_settings = settings_from_dict(manifest["config"], f"session {session_id} manifest")
    check_seeds_allowed(manifest["seeds"], session_settings, warn=False)
    check_not_busy(settings.data_root(), session_id)
    instance = _instance()
    if not instance.has_dynamic_partition(SESSIONS, session_id):
        instance.add_dynamic_partitions(SESSIONS, [session_id])
    if not ensure_models(session_settings, settings.data_root()):
        return "failed"
    run_config = {
        "ops": {"raw_pages": {"config": {"resume": resume}}},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }
    # SIGTERM stops like Ctrl-C: the crawler writes its checkpoint on the way out.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        result = defs.resolve_job_def("full_pipeline").execute_in_process(
            partition_key=session_id, instance=instance, run_config=run_config, raise_on_error=False,
            # Bound now, not when definitions were first imported: the config may have changed since.
            resources=resources_for_environment(),
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    if result.success:
        return "success"
    from so8t_assets.interrupts import was_interrupted

    failures = [e.step_failure_data for e in result.get_step_failure_events()]
    if any(was_interrupted(f) for f in failures):
        return "interrupted"
    # Another process took the crawl lock between the probe above and the crawl.
    return "busy" if any(raised(f.error, "SessionBusy") for f in failures) else "failed"


def run(args) -> int:
    from so8t_cli.summary import all_seeds_blocked, print_summary

    status = run_session(args.session, resume=not args.no_resume)
    if status == "busy":
        raise busy_error(args.session)
    if status != "success":
        print(f"so8t: session {args.session} {status}; `so8t run --session {args.session}` resumes it",
              flush=True)
        return INTERRUPTED if status == "interrupted" else 1
    root = current_settings().data_root()
    print_summary(root, args.session, config_path_from_env())
    if all_seeds_blocked(root, args.session):
        print(f"so8t: error: session {args.session}: every seed was refused by the crawler's address guard "
              "(outcome blocked_address); allow the addresses with data_sources.crawler.allowed_networks "
              "and create a new session", file=sys.stderr)
        return 1
    return 0


def query(args) -> int:
    from so8t_cli.main import UsageError
    from so8t_resources.storage import query as run_query

    try:
        frame = run_query(current_settings().data_root(), args.sql)
    except FileNotFoundError as err:
        raise UsageError(str(err)) from None
    except Exception as err:  # DuckDB's errors name the problem; show the first line only
        if type(err).__module__.startswith("duckdb") or type(err).__module__ == "_duckdb":
            raise UsageError(str(err).splitlines()[0]) from None
        raise
    import pandas as pd

    with pd.option_context("display.max_rows", 200, "display.max_columns", 50, "display.width", 160):
        print(frame.to_string(index=False))
    return 0


def report(args) -> int:
    """Redraw a session's dashboard and stats from its stored tables (no tracking run)."""
    from so8t_assets.steps.report.build import build_report

    data_root = current_settings().data_root()
    read_manifest(data_root, check_session_id(args.session))  # an unknown session is a one-line error
    stats, stats_path, png = build_report(data_root, args.session)
    funnel = " → ".join(f"{k} {v}" for k, v in stats["funnel"].items())
    print(f"{funnel}\ndashboard: {png}\nstats:     {stats_path}")
    return 0

