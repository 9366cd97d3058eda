"""One crawl per session at a time: two runs of one partition would overwrite each other's state."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SessionBusy(RuntimeError):
    """Another process is crawling this session."""


@contextmanager
def session_lock(session_dir: Path) -> Iterator[None]:
    """An exclusive lock on the session folder, released by the OS if the process dies."""
    session_dir.mkdir(parents=True, exist_ok=True)
    with open(session_dir / ".crawl.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SessionBusy(f"session {session_dir.name} is being crawled by another process") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
