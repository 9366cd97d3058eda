"""Scrapy 2.19's side of `bench.crawl_compare`: runs in `.venv-bench` (Scrapy is a benchmark-only
comparator, never a dependency).

    .venv-bench/bin/python bench/scrapy_side.py SPEC_JSON

SPEC: {"seeds", "hosts", "max_pages", "concurrency", "per_host", "delay", "extract"}. robots.txt is
obeyed, links are followed within the hosts, and with "extract" each page's text goes through
trafilatura in the callback, as a Scrapy user who wants text would do. Prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class FarmSpider(scrapy.Spider):
    name = "farm"

    def __init__(self, spec: dict, stats: dict, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = spec["seeds"]
        self.extract = spec["extract"]
        # No allow_domains: Scrapy matches it against host:port, which would drop every link of a
        # site on a non-default port. The generated site links only to its own hosts.
        self.links = LinkExtractor()
        self.stats_out = stats

    def parse(self, response):
        self.stats_out["ok"] += 1
        if self.extract:
            import trafilatura

            trafilatura.extract(response.text)
        for link in self.links.extract_links(response):
            yield response.follow(link.url, callback=self.parse)


def main() -> None:
    spec = json.loads(sys.argv[1])
    stats = {"ok": 0}
    process = CrawlerProcess(settings={
        "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": spec["concurrency"],
        "CONCURRENT_REQUESTS_PER_DOMAIN": spec["per_host"], "DOWNLOAD_DELAY": spec["delay"],
        "RANDOMIZE_DOWNLOAD_DELAY": False, "CLOSESPIDER_PAGECOUNT": spec["max_pages"], "DEPTH_LIMIT": 100,
        "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "USER_AGENT": "SO8T-bench-scrapy",
        "COOKIES_ENABLED": False, "RETRY_ENABLED": True,
    })
    process.crawl(FarmSpider, spec=spec, stats=stats)
    started = time.monotonic()
    process.start()
    seconds = time.monotonic() - started
    print(json.dumps({"side": "scrapy" + ("+trafilatura" if spec["extract"] else ""), "ok": stats["ok"],
                      "seconds": round(seconds, 2), "pages_per_s": round(stats["ok"] / seconds, 1),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
