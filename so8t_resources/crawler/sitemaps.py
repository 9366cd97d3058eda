"""URLs listed in a sitemap (or one level of sitemap index) named by robots.txt."""

from __future__ import annotations

from lxml import etree

from so8t_resources.crawler.fetch import Fetcher, Pace
from so8t_resources.crawler.urls import normalize_url

MAX_SITEMAP_URLS = 50_000  # the sitemaps.org limit for one file


def parse_sitemap(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs); a broken sitemap yields nothing."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             huge_tree=False))
    except (etree.XMLSyntaxError, ValueError):
        return [], []
    locs = [el.text.strip() for el in root.iter("{*}loc") if el.text]
    if etree.QName(root).localname == "sitemapindex":
        return [], locs
    return locs[:MAX_SITEMAP_URLS], []


async def sitemap_urls(fetcher: Fetcher, url: str, pace: Pace | None = None, nested: bool = True) -> list[str]:
    """Each sitemap request waits for its host's politeness slot, as a page would."""
    if pace is not None:
        await pace(url)
    res = await fetcher.fetch(url, content_types=["*"])
    if res.outcome != "ok":
        return []
    pages, children = parse_sitemap(res.body)
    found = [u for u in (normalize_url(p) for p in pages) if u]
    if nested:
        for child in children[:50]:
            if normalize_url(child):
                found.extend(await sitemap_urls(fetcher, child, pace, nested=False))
    return found
