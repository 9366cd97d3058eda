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
    from so8t_resources.crawler.urls import normalize_url

    if normalize_url(url) is None:  # e.g. a 256.1.1.1 host, a broken xn-- label, over 8,192 characters
        raise SessionError(f"bad seed URL {url[:200]!r}: not a URL an HTTP client can request")
    return url


def parse_seed_text(text: str, source: str = "seeds") -> list[str]:
    """One URL per line; blank lines and '#' comments are ignored. Duplicates are dropped, first
    occurrence kept (a dict keeps order: linear in the number of lines)."""
    seeds: dict[str, None] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            check_seed_url(line)
        except SessionError as err:
            raise SessionError(f"{source}:{lineno}: {err}") from None
        seeds[line] = None
    return list(seeds)


MAX_SEED_FILE_BYTES = 64 * 1024 * 1024  # about a million URLs; a larger file is refused unread


def decode_seed_bytes(data: bytes, source: str) -> list[str]:
    """A seed file's bytes (UTF-8) as its seed list; errors name `source`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SessionError(f"{source}: seed file is not UTF-8 text") from None
    return parse_seed_text(text, source)


def read_seed_file(path: Path) -> list[str]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SEED_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SessionError(f"{path}: seed file not found") from None
    except IsADirectoryError:
        raise SessionError(f"{path}: is a folder, not a seed file") from None
    except OSError as err:
        raise SessionError(f"{path}: cannot read the seed file ({err.strerror})") from None
    if len(data) > MAX_SEED_FILE_BYTES:
        raise SessionError(f"{path}: seed file larger than {MAX_SEED_FILE_BYTES // 2**20} MiB")
    return decode_seed_bytes(data, str(path))


ALLOW_LIST_KEY = "data_sources.crawler.allowed_networks"


def refused_seeds(seeds: list[str], settings) -> list[str]:
    """The seeds the crawler's address guard will refuse, each as 'URL (reason)'.

    Decided without a connection or a DNS query: literal IP addresses and `localhost`
    only. A name that resolves to a refused address is caught when the crawl connects."""
    import ipaddress

    from so8t_resources.crawler.guard import AddressGuard

    crawler = settings.data_sources.crawler
    guard = AddressGuard(crawler.allow_private_networks, crawler.allowed_networks)
    refused = []
    for url in seeds:
        host = (urlsplit(url).hostname or "").rstrip(".")
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            if host != "localhost" and not host.endswith(".localhost"):
                continue
            ip = ipaddress.ip_address("127.0.0.1")
        reason = guard.decide(host, ip)
        if reason:
            refused.append(f"{url} ({reason})")
    return refused


def all_refused_message(refused: list[str], seeds: list[str]) -> str | None:
    """The one-line error for a seed list the guard refuses entirely, else None."""
    if not seeds or len(refused) < len(seeds):
        return None
    first = refused[0] + (f" and {len(refused) - 1} more" if len(refused) > 1 else "")
    return (f"every seed is refused by the crawler's address guard: {first}; allow the address in the "
            f"config with {ALLOW_LIST_KEY} (CIDRs or host names)")


def manifest_path(data_root: Path, session_id: str) -> Path:
    return data_root / "sessions" / check_session_id(session_id) / "manifest.json"


def session_dir(data_root: Path, session_id: str) -> Path:
    return manifest_path(data_root, session_id).parent


def write_manifest(data_root: Path, session_id: str, seeds: list[str], settings, source: str | None = None,
                   origin: dict | None = None) -> dict[str, Any]:
    """Create a session's manifest; refuses to overwrite an existing session. source names where
    the seeds came from in errors; origin (e.g. the inbox file it came from) is recorded as is."""
    path = manifest_path(data_root, session_id)
    if path.exists():
        raise SessionError(f"session {session_id} already exists ({path})")
    if settings.data_sources.kind == "crawl" and not seeds:
        raise SessionError(f"{source + ': ' if source else ''}no seed URLs: a crawl session needs at least one "
                           "(one http(s) URL per line)")
    crawler = settings.data_sources.crawler
    manifest = {
        "session_id": session_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seeds": seeds,
        "source": settings.data_sources.kind,
        "limits": {"max_pages": crawler.max_pages, "max_depth": crawler.max_depth, "scope": crawler.scope},
        "config_hash": settings.config_hash(),
        "config": settings.model_dump(mode="json"),
        **({"origin": origin} if origin else {}),
    }
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False)))
    return manifest


def read_manifest(data_root: Path, session_id: str) -> dict[str, Any]:
    path = manifest_path(data_root, session_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionError(f"session {session_id} does not exist (no manifest at {path}); "
                           "`so8t sessions` lists the sessions") from None


def list_manifests(data_root: Path) -> list[dict[str, Any]]:
    root = data_root / "sessions"
    if not root.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/manifest.json"))]
