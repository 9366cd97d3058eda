"""`session_inbox_sensor`: a seed file dropped in the inbox becomes a session and a run.

A valid file's name (without extension) is the session ID when it is a valid ID, else
one is made from the time and the name. The file moves to `accepted/`; a file that is not a valid
seed list moves to `rejected/` with a `.reason` file, so it is never retried forever.
"""


import hashlib
import shutil
from pathlib import Path

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from so8t_assets.jobs import full_pipeline
from so8t_assets.partitions import sessions_partitions
from so8t_resources.sessions import (
    SESSION_ID_RE,
    SessionError,
    new_session_id,
    read_seed_file,
    write_manifest,
)
from so8t_resources.settings_resource import SettingsResource

SEED_SUFFIXES = (".txt", ".seeds")


def _move(path: Path, folder: str) -> Path:
    dest = path.parent / folder / path.name
    dest.parent.mkdir(exist_ok=True)
    shutil.move(path, dest)
    return dest


def _fallback_id(path: Path) -> str:
    """A time-based ID for a file whose name is not a valid ID; the name's hash keeps two such
    files of one tick apart."""
    return f"{new_session_id()}_{hashlib.sha256(path.name.encode()).hexdigest()[:8]}"


@sensor(job=full_pipeline, minimum_interval_seconds=30)
def session_inbox_sensor(context: SensorEvaluationContext, settings: SettingsResource):
    cfg = settings.settings()
    inbox = Path(cfg.sensors.inbox_dir)
    files = sorted(p for p in inbox.glob("*") if p.is_file() and p.suffix in SEED_SUFFIXES) \
        if inbox.is_dir() else []
    if not files:
        return SkipReason(f"no seed files in {inbox}")
    # Cap the fan-out: a first activation over a full inbox must not launch hundreds of
    # crawls at once; the rest are picked up on the next ticks.
    files = files[: cfg.sensors.max_new_sessions_per_tick]
    new_ids: list[str] = []
    for path in files:
        session_id = path.stem if SESSION_ID_RE.fullmatch(path.stem) else _fallback_id(path)
        try:
            seeds = read_seed_file(path)
            write_manifest(cfg.data_root(), session_id, seeds, cfg)
        except (SessionError, OSError) as err:
            dest = _move(path, "rejected")
            dest.with_name(dest.name + ".reason").write_text(str(err) + "\n")
            context.log.warning(f"rejected {path.name}: {err}")
            continue
        _move(path, "accepted")
        new_ids.append(session_id)
    if not new_ids:
        return SkipReason(f"rejected {len(files)} invalid seed file(s); see {inbox / 'rejected'}")
    return SensorResult(
        dynamic_partitions_requests=[sessions_partitions.build_add_request(new_ids)],
        run_requests=[RunRequest(partition_key=sid, run_key=sid) for sid in new_ids],
    )
