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
# Outcomes of discovered URLs the crawl decided not to fetch.
CUTS = {"out_of_scope", "max_depth", "max_pages"}


@dataclass
class CrawlResult:
    rows: list[dict]
    resumed_rows: int = 0
    skips_not_recorded: int = 0  # links to cut URLs past crawler.max_recorded_skips, counted (this run) only


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
        self._stored: set[str] = set()  # URLs with their final row (fetched or decided)
        self._cut: set[str] = set()  # URLs recorded as not to be fetched
        self.skips_not_recorded = 0
        self._save_due = False
        self._unsaved: list[dict] = []
        self._started = 0.0

    # -- public -------------------------------------------------------------
    def run(self, seeds: list[str], resume: bool = True) -> CrawlResult:
        with session_lock(self.checkpoint.dir.parent):
            resumed = 0
            if resume and self.checkpoint.exists():
                discovered, self.rows = self.checkpoint.load()
                self.discovered = {u: (d, p) for u, d, p in discovered}
                for row in self.rows:
                    (self._cut if row["outcome"] in CUTS else self._stored).add(row["url"])
                resumed = len(self._stored)
                self.progress(f"resuming: {resumed} pages stored, {len(discovered) - resumed} to go")
            else:
                self.checkpoint.clear()
            cut_back(self.warc_dir, self.checkpoint.warc_position)
            try:
                asyncio.run(self._crawl(seeds))
            finally:
                self._save()
        return CrawlResult(rows=self.settled_rows(), resumed_rows=resumed,
                           skips_not_recorded=self.skips_not_recorded)

    def settled_rows(self) -> list[dict]:
        """One row per URL: a URL cut for depth and later reached by a shorter path keeps its fetched row."""
        return [r for r in self.rows if r["outcome"] not in CUTS or r["url"] not in self.discovered]

    # -- the loop -----------------------------------------------------------
    async def _crawl(self, seeds: list[str]) -> None:
        cfg = self.cfg
        self._started = time.monotonic()
        self.scope = Scope(cfg.scope, [normalize_url(s) or s for s in seeds], cfg.allowed_hosts)
        self.frontier = Frontier(cfg.politeness.min_delay_s, cfg.politeness.per_host_concurrency)
        guard = AddressGuard(cfg.allow_private_networks, cfg.allowed_networks)
        timeout = httpx.Timeout(cfg.timeouts.read_s, connect=cfg.timeouts.connect_s)
        self.pool = ExtractionPool(self.parallel.extract_workers, self.parallel.extract_timeout_s,
                                   cfg.max_links_per_page)
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
            for url, (depth, parent) in self.discovered.items():
                if url not in self._stored:
                    await self.frontier.put(Item(url, depth, parent))
            return
        for seed in seeds:
            url = normalize_url(seed)
            if url:
                await self._discover(url, 0, None)
            elif seed not in self._stored:  # a seed no HTTP client can request still ends with an outcome
                self._store(page_row(url=seed, final_url=seed, depth=0, parent=None, source="crawl",
                                     outcome="bad_url", fetched=False, robots="not_asked",
                                     error_detail="not a URL the crawler can request"))

    async def _discover(self, url: str, depth: int, parent: str | None) -> None:
        if url in self.discovered:
            return
        cut = ("out_of_scope" if url not in self.scope else "max_depth" if depth > self.cfg.max_depth
               else "max_pages" if len(self.discovered) >= self.cfg.max_pages else None)
        if cut is not None:
            self._record_cut(url, cut, depth, parent)
            return
        self.discovered[url] = (depth, parent)
        await self.frontier.put(Item(url, depth, parent))

    def _record_cut(self, url: str, outcome: str, depth: int, parent: str | None) -> None:
        """A discovered URL the crawl will not fetch still ends with an outcome (in crawl_skips).

        A URL cut for depth may be reached later by a shorter path; `settled_rows` then keeps
        only its fetched row. Rows past `max_recorded_skips` are counted, not kept (memory).
        """
        if url in self._cut:
            return
        if len(self._cut) >= self.cfg.max_recorded_skips:
            self.skips_not_recorded += 1
            return
        self._cut.add(url)
        self._append(page_row(url=url, final_url=url, depth=depth, parent=parent, source="crawl",
                              outcome=outcome, fetched=False, robots="not_asked"))

    async def _worker(self) -> None:
        while (item := await self.frontier.get()) is not None:
            try:
                await self._process(item)
            except Exception as err:  # noqa: BLE001 - one URL's bug or a failed WARC write must not end the session
                log.exception("internal error on %s", item.url)
                self._store_failure(item, err)
            finally:
                await self.frontier.done(item)
            # Outside the guard: a checkpoint that cannot be written stops the session (resume needs it).
            self._save_if_due()

    def _store_failure(self, item: Item, err: Exception) -> None:
        if item.url in self._stored:  # its row was kept before the error (e.g. in a checkpoint write)
            return
        self._store(page_row(url=item.url, final_url=item.url, depth=item.depth, parent=item.parent,
                             source="crawl", outcome="internal_error",
                             error_detail=f"{type(err).__name__}: {err}"[:300]))

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
                for loc in await sitemap_urls(self.robots.fetcher, sitemap, pace=self.frontier.pace):
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
        self._stored.add(row["url"])
        self._append(row)
        n = len(self._stored)
        if n % self.settings.checkpoints.every_pages == 0:
            self._save_due = True
        if n % self.settings.progress.log_every_pages == 0:
            rate = n / max(time.monotonic() - self._started, 1e-6)
            self.progress(f"crawl: {n} pages stored, {len(self.discovered)} discovered, {rate:.1f} pages/s")

    def _append(self, row: dict) -> None:
        self.rows.append(row)
        self._unsaved.append(row)

    def _save_if_due(self) -> None:
        if self._save_due:
            self._save()

    def _save(self) -> None:
        discovered = [(u, d, p) for u, (d, p) in self.discovered.items()]
        warc = getattr(self, "warc", None)
        self.checkpoint.save(discovered, self._unsaved, PAGE_SCHEMA, warc.position() if warc else None)
        self._unsaved, self._save_due = [], False
