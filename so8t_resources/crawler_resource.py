"""The crawler as a Dagster resource: turns a session's sources into `raw_pages` rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dagster import ConfigurableResource

from so8t_resources.config import Settings
from so8t_resources.crawler.engine import Crawler, CrawlResult
from so8t_resources.crawler.realtime_nsfw import RealtimeNsfw
from so8t_resources.sessions import session_dir


class CrawlerResource(ConfigurableResource):
    """Crawls (or reads WARC / HTML files) for one session, resumably.

    The crawl's checkpoint is kept after the crawl completes: it is the session's crawl
    journal, so re-materialising a finished session returns the same pages without a
    request (resume=False crawls afresh).
    """

    def collect(self, settings: Settings, data_root: Path, session_id: str, seeds: list[str], *,
                resume: bool, progress: Callable[[str], None], nsfw_classifier=None) -> CrawlResult:
        """nsfw_classifier, when given, scores each page as it arrives (nsfw_detection.on_detect)."""
        if settings.data_sources.kind != "crawl":
            from so8t_resources.offline_sources import read_offline

            return CrawlResult(rows=read_offline(settings))
        realtime = RealtimeNsfw(nsfw_classifier, settings.nsfw_detection) if nsfw_classifier else None
        base = session_dir(data_root, session_id)
        crawler = Crawler(settings, base / "crawl_state", base / "warc", progress=progress, nsfw=realtime)
        return crawler.run(seeds, resume=resume)
