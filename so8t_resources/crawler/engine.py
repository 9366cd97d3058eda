"""The crawl loop: frontier → robots → fetch → WARC → extract → new links, checkpointed.

`Crawler.run` is synchronous and always leaves a checkpoint behind, also when it is
interrupted (KeyboardInterrupt, Dagster's interrupt, SIGTERM mapped to either), so a
re-run resumes where this one stopped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from so8t_assets.steps.extract import ExtractionPool
from so8t_resources.crawler.charset import decode_html
from so8t_resources.crawler.checkpoint import CrawlCheckpoint
from so8t_resources.crawler.fetch import Fetcher, FetchResult
from so8t_resources.crawler.frontier import Frontier, Item
from so8t_resources.crawler.guard import AddressGuard, guarded_client
from so8t_resources.crawler.lock import session_lock
from so8t_resources.crawler.realtime_nsfw import RealtimeNsfw
from so8t_resources.crawler.robots import RobotsCache
from so8t_resources.crawler.rows import PAGE_SCHEMA, page_row
from so8t_resources.crawler.sitemaps import sitemap_urls
from so8t_resources.crawler.urls import Scope, host_key, normalize_url
from so8t_resources.crawler.warc import WarcSink, cut_back

log = logging.getLogger("so8t.crawler")

# Robots decisions that end a URL without a request, and the outcome each records.
_REFUSALS = {"disallowed": "robots_disallowed", "unavailable": "robots_unavailable",
             "blocked": "blocked_address"}


@dataclass
class CrawlResult:
    rows: list[dict]
    resumed_rows: int = 0


class Crawler:
    def __init__(self, settings, state_dir: Path, warc_dir: Path,
                 progress: Callable[[str], None] | None = None, nsfw: RealtimeNsfw | None = None):
        self.settings = settings
        self.cfg = settings.data_sources.crawler
        self.parallel = settings.data_sources.parallel
        self.checkpoint = CrawlCheckpoint(state_dir)
        self.warc_dir = warc_dir
        self.progress = progress or log.info
        self.nsfw = nsfw
        self.discovered: dict[str, tuple[int, str | None]] = {}
        self.rows: list[dict] = []
        self._unsaved: list[dict] = []
        self._started = 0.0

    # -- public -------------------------------------------------------------
    def run(self, seeds: list[str], resume: bool = True) -> CrawlResult:
        with session_lock(self.checkpoint.dir.parent):
            resumed = 0
            if resume and self.checkpoint.exists():
                discovered, self.rows = self.checkpoint.load()
                self.discovered = {u: (d, p) for u, d, p in discovered}
                resumed = len(self.rows)
                self.progress(f"resuming: {resumed} pages stored, {len(discovered) - resumed} to go")
            else:
                self.checkpoint.clear()
            cut_back(self.warc_dir, self.checkpoint.warc_position)
            try:
                asyncio.run(self._crawl(seeds))
            finally:
                self._save()
        return CrawlResult(rows=self.rows, resumed_rows=resumed)

    # -- the loop -----------------------------------------------------------
    async def _crawl(self, seeds: list[str]) -> None:
        cfg = self.cfg
        self._started = time.monotonic()
        self.scope = Scope(cfg.scope, [normalize_url(s) or s for s in seeds], cfg.allowed_hosts)
        self.frontier = Frontier(cfg.politeness.min_delay_s, cfg.politeness.per_host_concurrency)
        guard = AddressGuard(cfg.allow_private_networks, cfg.allowed_networks)
        timeout = httpx.Timeout(cfg.timeouts.read_s, connect=cfg.timeouts.connect_s)
        self.pool = ExtractionPool(self.parallel.extract_workers, self.parallel.extract_timeout_s)
        self.warc = WarcSink(self.warc_dir)
        self._hosts_seen: set[str] = set()
        try:
            async with guarded_client(guard, timeout=timeout, user_agent=cfg.user_agent,
                                      max_connections=self.parallel.global_concurrency) as client:
                # robots.txt and sitemaps are fetched outside the frontier, once per host.
                plain = Fetcher(client, cfg)
                self.robots = RobotsCache(plain, cfg.robots_user_agent, cfg.robots_retry_after_s,
                                          cfg.robots_max_failures)
                self.fetcher = Fetcher(client, cfg, pace=self.frontier.pace,
                                       backoff=lambda url, s: self.frontier.defer_host(host_key(url), s))
                await self._fill_frontier(seeds)
                workers = [asyncio.create_task(self._worker()) for _ in range(self.parallel.global_concurrency)]
                try:
                    await asyncio.gather(*workers)
                finally:
                    for w in workers:
                        w.cancel()
        finally:
            self.warc.close()
            self.pool.close()

    async def _fill_frontier(self, seeds: list[str]) -> None:
        if self.discovered:
            stored = {r["url"] for r in self.rows}
            for url, (depth, parent) in self.discovered.items():
                if url not in stored:
                    await self.frontier.put(Item(url, depth, parent))
            return
        for seed in seeds:
            url = normalize_url(seed)
            if url:
                await self._discover(url, 0, None)

    async def _discover(self, url: str, depth: int, parent: str | None) -> None:
        if depth > self.cfg.max_depth or url in self.discovered or len(self.discovered) >= self.cfg.max_pages:
            return
        self.discovered[url] = (depth, parent)
        await self.frontier.put(Item(url, depth, parent))

    async def _worker(self) -> None:
        while (item := await self.frontier.get()) is not None:
            try:
                await self._process(item)
            finally:
                await self.frontier.done(item)

    async def _process(self, item: Item) -> None:
        decision = await self.robots.decide(item.url)
        host = host_key(item.url)
        if decision == "unreachable":  # RFC 9309: disallow for now, ask again later
            self.frontier.defer_host(host, self.robots.retry_after_s)
            await self.frontier.put(item, front=True)
            return
        if host not in self._hosts_seen:
            await self._first_visit(host, item.url)
        if decision != "allowed":
            self._store(page_row(url=item.url, final_url=item.url, depth=item.depth, parent=item.parent,
                                 source="crawl", outcome=_REFUSALS[decision], fetched=False, robots=decision,
                                 error_detail=self.robots.detail(item.url) or None))
            return
        res = await self.fetcher.fetch(item.url, hop_check=self._hop_check)
        body, charset, charset_source, extracted, nsfw_score = res.body, None, None, None, None
        if res.outcome == "ok":
            html, charset, charset_source = decode_html(body, res.header_charset)
            extracted = await self.pool.extract(html, res.final_url)
            follow = True
            if self.nsfw is not None and extracted["text"]:
                nsfw_score, is_nsfw = await self.nsfw.score(host, extracted["title"], extracted["text"])
                follow = self.nsfw.follow_links(is_nsfw)
                if self.nsfw.deprioritise(host):
                    self.frontier.deprioritise(host)
            for link in extracted["links"] if follow else []:
                if link in self.scope:
                    await self._discover(link, item.depth + 1, item.url)
        self._store(page_row(
            url=item.url, final_url=res.final_url, depth=item.depth, parent=item.parent, source="crawl",
            outcome=res.outcome, status=res.status, fetched_at=res.fetched_at, attempts=res.attempts,
            elapsed_ms=res.elapsed_ms, redirects=res.redirects, content_type=res.content_type,
            body=body if res.outcome == "ok" else b"", charset=charset, charset_source=charset_source,
            extracted=extracted, error_detail=res.error_detail, nsfw_score=nsfw_score,
        ), response=res)

    async def _first_visit(self, host: str, url: str) -> None:
        self._hosts_seen.add(host)
        delay = self.robots.crawl_delay(url)
        if delay is not None:
            self.frontier.set_delay(host, min(delay, self.cfg.politeness.max_crawl_delay_s))
        if self.cfg.use_sitemaps:
            for sitemap in self.robots.sitemaps(url):
                for loc in await sitemap_urls(self.robots.fetcher, sitemap):
                    if loc in self.scope:
                        await self._discover(loc, 1, sitemap)

    async def _hop_check(self, url: str) -> str | None:
        decision = await self.robots.decide(url)
        return None if decision == "allowed" else _REFUSALS.get(decision, "robots_unavailable")

    # -- bookkeeping --------------------------------------------------------
    def _store(self, row: dict, response: FetchResult | None = None) -> None:
        """Record a URL's row, and its response in the WARC, in one step with no await between:
        a checkpoint never holds a WARC record without its row, nor the reverse."""
        if response is not None and response.status is not None and response.body:
            self.warc.write_response(response.final_url, response.status, response.reason,
                                     response.http_version, response.headers, response.body,
                                     response.fetched_at.isoformat())
        self.rows.append(row)
        self._unsaved.append(row)
        n = len(self.rows)
        if n % self.settings.checkpoints.every_pages == 0:
            self._save()
        if n % self.settings.progress.log_every_pages == 0:
            rate = n / max(time.monotonic() - self._started, 1e-6)
            self.progress(f"crawl: {n} pages stored, {len(self.discovered)} discovered, {rate:.1f} pages/s")

    def _save(self) -> None:
        discovered = [(u, d, p) for u, (d, p) in self.discovered.items()]
        warc = getattr(self, "warc", None)
        self.checkpoint.save(discovered, self._unsaved, PAGE_SCHEMA, warc.position() if warc else None)
        self._unsaved = []
