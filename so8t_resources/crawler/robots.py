"""robots.txt per RFC 9309, cached per host.

4xx ("unavailable") means no rules: allow all. 5xx or an unreachable host means
"unreachable": disallow the whole host for now; it is fetched again after a back-off,
and a host that stays unreachable ends its URLs as `robots_unavailable`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from protego import Protego

from so8t_resources.crawler.fetch import Fetcher
from so8t_resources.crawler.urls import host_key

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB


def parse_robots(body: bytes) -> Protego:
    """Rules from the first 500 KiB; a file the parser chokes on holds no rules (allow all)."""
    text = body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
    try:
        return Protego.parse(text)
    except Exception:  # noqa: BLE001 - protego on hostile text; no rules is RFC 9309's reading
        return Protego.parse("")


@dataclass
class RobotsEntry:
    state: str  # "rules", "allow_all", "unreachable" or "blocked"
    parser: Protego | None = None
    fetched_at: float = 0.0
    failures: int = 0
    detail: str = ""


class RobotsCache:
    def __init__(self, fetcher: Fetcher, user_agent: str, retry_after_s: float, max_failures: int):
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.retry_after_s = retry_after_s
        self.max_failures = max_failures
        self._entries: dict[str, RobotsEntry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def entry(self, url: str) -> RobotsEntry:
        host = host_key(url)
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            entry = self._entries.get(host)
            stale = (
                entry is not None
                and entry.state == "unreachable"
                and entry.failures < self.max_failures
                and time.monotonic() - entry.fetched_at >= self.retry_after_s
            )
            if entry is None or stale:
                entry = await self._fetch(host, entry)
                self._entries[host] = entry
            return entry

    async def _fetch(self, host: str, previous: RobotsEntry | None) -> RobotsEntry:
        failures = previous.failures if previous else 0
        # Any content type: robots.txt is often served mislabelled.
        res = await self.fetcher.fetch(f"{host}/robots.txt", content_types=["*"], truncate_at=ROBOTS_MAX_BYTES)
        now = time.monotonic()
        if res.outcome in ("ok", "binary_body", "empty_body"):
            return RobotsEntry("rules", parse_robots(res.body), now)
        if res.outcome == "blocked_address":  # the guard refused the host: no retry will change that
            return RobotsEntry("blocked", None, now, detail=res.error_detail or "")
        if res.outcome == "http_4xx":
            return RobotsEntry("allow_all", None, now, detail=f"robots.txt HTTP {res.status}")
        return RobotsEntry("unreachable", None, now, failures + 1, f"robots.txt {res.outcome}: {res.error_detail}")

    async def decide(self, url: str) -> str:
        """'allowed', 'disallowed', 'blocked' (refused address), 'unreachable' (try later)
        or 'unavailable' (gave up)."""
        entry = await self.entry(url)
        if entry.state in ("allow_all", "blocked"):
            return "allowed" if entry.state == "allow_all" else "blocked"
        if entry.state == "unreachable":
            return "unavailable" if entry.failures >= self.max_failures else "unreachable"
        return "allowed" if entry.parser.can_fetch(url, self.user_agent) else "disallowed"

    def detail(self, url: str) -> str:
        entry = self._entries.get(host_key(url))
        return entry.detail if entry else ""

    def crawl_delay(self, url: str) -> float | None:
        entry = self._entries.get(host_key(url))
        if entry and entry.parser is not None:
            return entry.parser.crawl_delay(self.user_agent)
        return None

    def sitemaps(self, url: str) -> list[str]:
        entry = self._entries.get(host_key(url))
        return list(entry.parser.sitemaps) if entry and entry.parser is not None else []
