"""Per-host queues with politeness: a host is handed out only when its delay has passed.

Workers ask for the next URL; the frontier picks, among hosts with work and a free
slot, the one that became ready earliest, so one slow host never stalls the others.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass

from so8t_resources.crawler.urls import host_key


@dataclass(frozen=True)
class Item:
    url: str
    depth: int
    parent: str | None


class Frontier:
    def __init__(self, min_delay_s: float, per_host_concurrency: int):
        self.min_delay_s = min_delay_s
        self.per_host = per_host_concurrency
        self._queues: dict[str, deque[Item]] = {}
        self._ready_at: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._active: dict[str, int] = {}
        self._in_flight = 0
        self._changed = asyncio.Condition()
        self._low_priority: set[str] = set()

    def set_delay(self, host: str, delay_s: float) -> None:
        """A host's delay (robots Crawl-delay); the next slot moves with it."""
        old = self._delay.get(host, self.min_delay_s)
        self._delay[host] = max(self.min_delay_s, delay_s)
        if host in self._ready_at:
            self._ready_at[host] += self._delay[host] - old

    def deprioritise(self, host: str) -> None:
        """Serve this host only when no other host has work ready (e.g. it serves mostly NSFW)."""
        self._low_priority.add(host)

    async def pace(self, url: str) -> None:
        """Wait for the host's next slot and take it: for requests beyond the first of a URL
        (retries, redirect hops), so they keep the host's delay too."""
        host = host_key(url)
        wait = self._ready_at.get(host, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._ready_at[host] = time.monotonic() + self._delay.get(host, self.min_delay_s)

    def defer_host(self, host: str, seconds: float) -> None:
        self._ready_at[host] = max(self._ready_at.get(host, 0.0), time.monotonic() + seconds)

    async def put(self, item: Item, front: bool = False) -> None:
        host = host_key(item.url)
        queue = self._queues.setdefault(host, deque())
        queue.appendleft(item) if front else queue.append(item)
        async with self._changed:
            self._changed.notify_all()

    def _pick(self, now: float) -> tuple[str | None, float]:
        best, best_key = None, None
        for host, queue in self._queues.items():
            if queue and self._active.get(host, 0) < self.per_host:
                at = self._ready_at.get(host, 0.0)
                # A ready host beats a waiting one; among ready hosts normal priority goes first;
                # among waiting hosts the one ready soonest, so no slot is left idle.
                low = host in self._low_priority
                key = (False, low, at) if at <= now else (True, at, low)
                if best is None or key < best_key:
                    best, best_key = host, key
        if best is None:
            return None, float("inf")
        return best, self._ready_at.get(best, 0.0) - now

    async def get(self) -> Item | None:
        """The next URL to fetch, or None when there is no work left anywhere."""
        async with self._changed:
            while True:
                host, wait = self._pick(time.monotonic())
                if host is not None and wait <= 0:
                    item = self._queues[host].popleft()
                    self._active[host] = self._active.get(host, 0) + 1
                    self._in_flight += 1
                    self._ready_at[host] = time.monotonic() + self._delay.get(host, self.min_delay_s)
                    return item
                if host is None and self._in_flight == 0:
                    return None
                try:
                    await asyncio.wait_for(self._changed.wait(), None if host is None else wait)
                except TimeoutError:
                    pass

    async def done(self, item: Item) -> None:
        host = host_key(item.url)
        async with self._changed:
            self._active[host] -= 1
            self._in_flight -= 1
            self._changed.notify_all()
