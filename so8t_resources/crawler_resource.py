"""The crawler as a Dagster resource: turns a session's sources into `raw_pages` rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dagster import ConfigurableResource

from so8t_resources.config import Settings
from so8t_resources.crawler.engine import Crawler, CrawlResult
from so8t_resources.sessions import session_dir


class CrawlerResource(ConfigurableResource):
    """Crawls (or reads WARC / HTML files) for one session, resumably.

    The crawl's checkpoint is kept after the crawl completes: it is the session's crawl
    journal, so re-materialising a finished session returns the same pages without a
    request (resume=False crawls afresh).
    """

    def collect(self, settings: Settings, data_root: Path, session_id: str, seeds: list[str], *,
                resume: bool, progress: Callable[[str], None]) -> CrawlResult:
        kind = settings.data_sources.kind
        if kind == "crawl":
            return self._crawler(settings, data_root, session_id, progress).run(seeds, resume=resume)
        from so8t_resources.offline_sources import read_offline

        return CrawlResult(rows=read_offline(settings))

    @staticmethod
    def _crawler(settings, data_root, session_id, progress) -> Crawler:
        base = session_dir(data_root, session_id)
        return Crawler(settings, base / "crawl_state", base / "warc", progress=progress)
