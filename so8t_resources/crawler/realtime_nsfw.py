"""NSFW scoring while the crawl runs: each page as it arrives, and each host's NSFW share."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

log = logging.getLogger("so8t.crawler")


class RealtimeNsfw:
    """Wraps a classifier with the crawl policy of `nsfw_detection.on_detect`."""

    def __init__(self, classifier, nsfw_cfg):
        self.classifier = classifier
        self.cfg = nsfw_cfg
        self._pages: dict[str, int] = defaultdict(int)
        self._nsfw: dict[str, int] = defaultdict(int)

    async def score(self, host: str, title: str | None, text: str) -> tuple[float | None, bool]:
        """(score, is_nsfw); scored in a thread so the crawl's event loop keeps fetching.
        A classifier error costs this page its real-time score (None), never the crawl."""
        from so8t_assets.steps.nsfw.classifier import page_text

        try:
            score = (await asyncio.to_thread(self.classifier.document_scores, [page_text(title, text)]))[0]
        except Exception as err:  # noqa: BLE001 - logged, and nsfw_labels scores the page again
            log.warning("real-time NSFW scoring failed for a page of %s: %s", host, err)
            return None, False
        is_nsfw = score >= self.classifier.threshold
        self._pages[host] += 1
        self._nsfw[host] += is_nsfw
        return score, is_nsfw

    def host_share(self, host: str) -> float:
        return self._nsfw[host] / self._pages[host] if self._pages[host] else 0.0

    def deprioritise(self, host: str) -> bool:
        """True once a host has shown enough pages, mostly NSFW, under the deprioritise policy."""
        return (self.cfg.on_detect == "deprioritise_host" and self._pages[host] >= self.cfg.host_min_pages
                and self.host_share(host) >= self.cfg.host_share_threshold)

    def follow_links(self, is_nsfw: bool) -> bool:
        return not (is_nsfw and self.cfg.on_detect == "stop_following_links")
