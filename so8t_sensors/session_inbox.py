"""`session_inbox_sensor`: a seed file dropped in the inbox becomes a session and a run.

A valid file's name (without extension) is the session ID when it is a valid ID, else one is
made from the file's modification time and a hash of its name. A seed file is `*.txt` or
`*.seeds`, any case. Each file is handled on its own; a file that is not a valid seed list (or
is a symbolic link, which is never followed or read) moves to `rejected/` with a `.reason`
file, so it is never retried forever.

The sensor decides from what is on disk and its cursor, so a tick that dies halfway is
finished by the next one: accepting a file writes its manifest, then moves it to
`accepted/SESSION_ID.EXT`; every tick asks for a partition and a run for each session in
`accepted/` that the cursor has not recorded yet (the run key, the session ID, makes asking
twice harmless), and a file still in the inbox whose manifest records it as its origin is
moved on, not refused.
"""

import hashlib
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from so8t_assets.jobs import full_pipeline
from so8t_assets.partitions import sessions_partitions
from so8t_resources.sessions import (
    MAX_SEED_FILE_BYTES,
    SESSION_ID_RE,
    SessionError,
    all_refused_message,
    decode_seed_bytes,
    manifest_path,
    new_session_id,
    refused_seeds,
    write_manifest,
)
from so8t_resources.settings_resource import SettingsResource

SEED_SUFFIXES = (".txt", ".seeds")
NAME_MAX = 255  # bytes in one file name on common file systems


def _seed_entries(folder: Path) -> list[os.DirEntry]:
    """Seed-named entries of a folder, links included (they are rejected, not followed)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as it:
        entries = [e for e in it if os.path.splitext(e.name)[1].lower() in SEED_SUFFIXES
                   and (e.is_symlink() or e.is_file(follow_symlinks=False))]
    return sorted(entries, key=lambda e: e.name)


def _read(path: Path) -> bytes:
    """A regular file's bytes, never through a link, never more than the seed-file limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise SessionError("not a regular file")
        data = fh.read(MAX_SEED_FILE_BYTES + 1)
    if len(data) > MAX_SEED_FILE_BYTES:
        raise SessionError(f"larger than {MAX_SEED_FILE_BYTES // 2**20} MiB")
    return data


def _session_id(entry: os.DirEntry) -> str:
    """The stem when it is a valid ID; else the file's mtime and a hash of its name, so that
    every tick that sees this file computes the same ID."""
    stem = os.path.splitext(entry.name)[0]
    if SESSION_ID_RE.fullmatch(stem):
        return stem
    mtime = datetime.fromtimestamp(entry.stat(follow_symlinks=False).st_mtime, UTC)
    return f"{new_session_id(mtime)}_{hashlib.sha256(os.fsencode(entry.name)).hexdigest()[:8]}"


def _reason_name(name: str) -> str:
    """`NAME.reason`, shortened (with a hash of the name) where that would be too long a name."""
    if len(os.fsencode(name + ".reason")) <= NAME_MAX:
        return name + ".reason"
    short = os.fsencode(name)[:180].decode("utf-8", "ignore")
    return f"{short}~{hashlib.sha256(os.fsencode(name)).hexdigest()[:12]}.reason"


def _reject(inbox: Path, name: str, why: str) -> None:
    """Move the entry itself (a link stays a link) to rejected/ with a one-line reason."""
    rejected = inbox / "rejected"
    rejected.mkdir(exist_ok=True)
    os.replace(inbox / name, rejected / name)
    (rejected / _reason_name(name)).write_text(f"{name}: {why}"[:2000] + "\n", encoding="utf-8",
                                               errors="backslashreplace")


def _accept(inbox: Path, entry: os.DirEntry, cfg) -> str:
    """Write the session's manifest (or find the one an interrupted tick wrote), then move the
    file to accepted/ID.EXT. Raises SessionError or OSError for a file to reject."""
    if entry.is_symlink():
        raise SessionError("symbolic links are not accepted (the link was not followed)")
    session_id = _session_id(entry)
    data = _read(inbox / entry.name)
    digest = hashlib.sha256(data).hexdigest()
    target = inbox / "accepted" / (session_id + os.path.splitext(entry.name)[1])
    origin = {"inbox_file": entry.name, "sha256": digest}
    path = manifest_path(cfg.data_root(), session_id)
    if path.exists() and not target.exists() and json.loads(path.read_text("utf-8")).get("origin") == origin:
        pass  # accepted by a tick that stopped before moving the file: finish the move
    else:
        seeds = decode_seed_bytes(data, entry.name)
        if cfg.data_sources.kind == "crawl":
            message = all_refused_message(refused_seeds(seeds, cfg), seeds)
            if message:
                raise SessionError(message)
        write_manifest(cfg.data_root(), session_id, seeds, cfg, source=entry.name, origin=origin)
    target.parent.mkdir(exist_ok=True)
    os.replace(inbox / entry.name, target)
    return session_id


@sensor(job=full_pipeline, minimum_interval_seconds=30)
def session_inbox_sensor(context: SensorEvaluationContext, settings: SettingsResource):
    cfg = settings.settings()
    inbox = Path(cfg.sensors.inbox_dir)
    # Cap the fan-out: a first activation over a full inbox must not launch hundreds of
    # crawls at once; the rest are picked up on the next ticks.
    rejected = 0
    for entry in _seed_entries(inbox)[: cfg.sensors.max_new_sessions_per_tick]:
        try:
            context.log.info(f"accepted {entry.name} as session {_accept(inbox, entry, cfg)}")
        except Exception as err:  # noqa: BLE001 - one file's failure, whatever it is, is that file's outcome
            why = str(err) if isinstance(err, SessionError) else f"{type(err).__name__}: {err}"
            rejected += 1
            try:
                _reject(inbox, entry.name, why)
                context.log.warning(f"rejected {entry.name[:100]}: {why}")
            except OSError as move_err:  # the file stays; the next tick tries it again
                context.log.warning(f"could not reject {entry.name[:100]} ({move_err}); it stays in the inbox")

    requested = set(json.loads(context.cursor)) if context.cursor else set()
    accepted = {os.path.splitext(e.name)[0] for e in _seed_entries(inbox / "accepted") if not e.is_symlink()}
    ready = {sid for sid in accepted if SESSION_ID_RE.fullmatch(sid) and manifest_path(cfg.data_root(), sid).exists()}
    new_ids = sorted(ready - requested)
    cursor = json.dumps(sorted((requested & accepted) | ready))
    if not new_ids:
        why = f"rejected {rejected} invalid seed file(s); see {inbox / 'rejected'}" if rejected else \
            f"no new seed files in {inbox}"
        skip = SkipReason(why)
        return skip if cursor == (context.cursor or "[]") else SensorResult(skip_reason=skip, cursor=cursor)
    return SensorResult(
        dynamic_partitions_requests=[sessions_partitions.build_add_request(new_ids)],
        run_requests=[RunRequest(partition_key=sid, run_key=sid) for sid in new_ids],
        cursor=cursor,
    )
