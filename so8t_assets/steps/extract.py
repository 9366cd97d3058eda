"""Main text, metadata and links from one HTML page, under a per-document time limit.

Runs in worker processes (see `ExtractionPool`): a page that hangs or crashes the
parser costs one document, recorded as `timeout` or `error`, never the crawl.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from so8t_assets.steps.language import identify


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def extract_links(doc, base_url: str) -> list[str]:
    from so8t_resources.crawler.urls import normalize_url

    base = doc.xpath("string(//base/@href)") or base_url
    robots_meta = " ".join(doc.xpath("//meta[@name='robots' or @name='ROBOTS']/@content")).lower()
    if "nofollow" in robots_meta:
        return []
    links: list[str] = []
    seen = set()
    for a in doc.xpath("//a[@href]"):
        if "nofollow" in (a.get("rel") or "").lower():
            continue
        url = normalize_url(a.get("href"), base=normalize_url(base, base=base_url) or base_url)
        if url and url not in seen:
            seen.add(url)
            links.append(url)
    return links


def extract_page(html: str, url: str) -> dict:
    """Title, text, date, language and links of one page (in-process, no time limit)."""
    import lxml.html
    import trafilatura

    result = {"title": None, "text": None, "date": None, "language": None, "language_score": 0.0,
              "links": [], "extract_status": "ok", "extract_error": None}
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as err:
        result.update(extract_status="error", extract_error=f"unparseable HTML: {err}"[:300])
        return result
    result["links"] = extract_links(doc, url)
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            favor_precision=True)
    if extracted is not None:
        data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
        result.update(title=data.get("title"), text=data.get("text"), date=data.get("date"))
    if not result["title"]:
        result["title"] = (doc.findtext(".//title") or "").strip() or None
    if not result["text"]:
        result["extract_status"] = "empty"
    else:
        result["language"], result["language_score"] = identify(result["text"])
    return result


def _extract_with_limit(html: str, url: str, limit_s: float) -> dict:
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        return extract_page(html, url)
    except _Timeout:
        return _failed("timeout", f"extraction took over {limit_s}s")
    except Exception as err:  # a hostile page must not end the crawl
        return _failed("error", f"{type(err).__name__}: {err}"[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _warm_up() -> None:
    """Import the parsers and load the language model before the first page, outside its time limit."""
    extract_page("<html><body><p>Warm-up text for the extractor and the language model.</p></body></html>",
                 "http://warm.up/")


def _failed(status: str, detail: str) -> dict:
    return {"title": None, "text": None, "date": None, "language": None, "language_score": 0.0,
            "links": [], "extract_status": status, "extract_error": detail}


class ExtractionPool:
    """Worker processes for extraction; a crashed worker is replaced, its page marked `error`."""

    def __init__(self, workers: int, limit_s: float):
        self.workers, self.limit_s = workers, limit_s
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: the crawling process has threads (Dagster, asyncio); fork would copy their locks.
        return ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=_warm_up)

    async def extract(self, html: str, url: str) -> dict:
        import asyncio

        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, _extract_with_limit, html, url, self.limit_s)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return _failed("error", "extraction worker crashed")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
