"""What must hold before a session is created or run: seeds the crawler may reach, and no other
process crawling it. Each failure is a one-line SessionError (exit 2, nothing written)."""

from __future__ import annotations

import sys
from pathlib import Path

from so8t_resources.sessions import SessionError, all_refused_message, refused_seeds, session_dir


def check_seeds_allowed(seeds: list[str], settings, warn: bool = True) -> None:
    """Refuse a crawl whose every seed the address guard refuses; warn about some refused."""
    if settings.data_sources.kind != "crawl":
        return
    refused = refused_seeds(seeds, settings)
    message = all_refused_message(refused, seeds)
    if message:
        raise SessionError(message)
    if refused and warn:
        print(f"so8t: warning: {len(refused)} of {len(seeds)} seeds are refused by the crawler's address guard "
              f"(first: {refused[0]}); they will end as blocked_address unless "
              "data_sources.crawler.allowed_networks allows them", file=sys.stderr)


def busy_error(session_id: str) -> SessionError:
    return SessionError(f"session {session_id} is being crawled by another process right now; "
                        "wait for that run to end (`so8t sessions` shows its state)")


def check_not_busy(data_root: Path, session_id: str) -> None:
    """A probe of the crawl lock: the crawl takes it itself, so it cannot be held across the run."""
    from so8t_resources.crawler.lock import SessionBusy, session_lock

    try:
        with session_lock(session_dir(data_root, session_id)):
            pass
    except SessionBusy:
        raise busy_error(session_id) from None


def raised(error, cls_name: str) -> bool:
    """Whether a serialised error (Dagster's), or one it was raised from, is of the class named."""
    while error is not None:
        if error.cls_name == cls_name:
            return True
        error = error.cause or error.context
    return False
