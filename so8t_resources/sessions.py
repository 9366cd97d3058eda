"""Crawl sessions: IDs, seed lists and the manifest that records what a session is.

A session's manifest holds its seeds, its limits and the full validated config with its
hash, so re-materialising the session recomputes it from what was recorded.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from so8t_resources.atomic import write_atomic

SESSION_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # use fullmatch: '$' admits a final newline


class SessionError(ValueError):
    """A session that cannot be created or found; the message is one line."""


def check_session_id(session_id: str) -> str:
    if not isinstance(session_id, str) or not SESSION_ID_RE.fullmatch(session_id):
        raise SessionError(
            f"invalid session ID {session_id!r}: use 1-64 letters, digits, '_' or '-', "
            "starting with a letter or digit"
        )
    return session_id


def new_session_id(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%d_%H%M%S")


def check_seed_url(url: str) -> str:
    """A seed must be an absolute http(s) URL with a host and no credentials."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        raise SessionError(f"bad seed URL {url!r}: {err}") from None
    if parts.scheme not in ("http", "https"):
        raise SessionError(f"bad seed URL {url!r}: scheme must be http or https")
    if not parts.hostname:
        raise SessionError(f"bad seed URL {url!r}: no host")
    if parts.username or parts.password:
        raise SessionError(f"bad seed URL {url!r}: credentials in URLs are not accepted")
    if any(c.isspace() for c in url):
        raise SessionError(f"bad seed URL {url!r}: contains whitespace")
    return url


def parse_seed_text(text: str, source: str = "seeds") -> list[str]:
    """One URL per line; blank lines and '#' comments are ignored. Duplicates are dropped."""
    seeds: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            check_seed_url(line)
        except SessionError as err:
            raise SessionError(f"{source}:{lineno}: {err}") from None
        if line not in seeds:
            seeds.append(line)
    return seeds


def read_seed_file(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SessionError(f"{path}: seed file not found") from None
    except UnicodeDecodeError:
        raise SessionError(f"{path}: seed file is not UTF-8 text") from None
    return parse_seed_text(text, str(path))


def manifest_path(data_root: Path, session_id: str) -> Path:
    return data_root / "sessions" / check_session_id(session_id) / "manifest.json"


def session_dir(data_root: Path, session_id: str) -> Path:
    return manifest_path(data_root, session_id).parent


def write_manifest(data_root: Path, session_id: str, seeds: list[str], settings) -> dict[str, Any]:
    """Create a session's manifest; refuses to overwrite an existing session."""
    path = manifest_path(data_root, session_id)
    if path.exists():
        raise SessionError(f"session {session_id} already exists ({path})")
    if settings.data_sources.kind == "crawl" and not seeds:
        raise SessionError("a crawl session needs at least one seed URL")
    crawler = settings.data_sources.crawler
    manifest = {
        "session_id": session_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seeds": seeds,
        "source": settings.data_sources.kind,
        "limits": {"max_pages": crawler.max_pages, "max_depth": crawler.max_depth, "scope": crawler.scope},
        "config_hash": settings.config_hash(),
        "config": settings.model_dump(mode="json"),
    }
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False)))
    return manifest


def read_manifest(data_root: Path, session_id: str) -> dict[str, Any]:
    path = manifest_path(data_root, session_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionError(f"session {session_id} has no manifest at {path}") from None


def list_manifests(data_root: Path) -> list[dict[str, Any]]:
    root = data_root / "sessions"
    if not root.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/manifest.json"))]
