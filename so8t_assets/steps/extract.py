"""Main text, metadata and links from one HTML page, under a per-document time limit.

Runs in worker processes (see `ExtractionPool`): a page that hangs or crashes the
parser costs one document, recorded as `timeout` or `error`, never the crawl.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from so8t_assets.steps.language import identify


def empty_extraction(status: str | None = None, error: str | None = None) -> dict:
    """The extraction fields of a page with nothing extracted (status None: never tried)."""
    return {"title": None, "text": None, "date": None, "language": None, "language_score": None,
            "links": [], "links_dropped": 0, "extract_status": status, "extract_error": error}


MAX_LINKS = 1000  # links kept from one page (crawler.max_links_per_page)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def extract_links(doc, base_url: str, max_links: int = MAX_LINKS) -> tuple[list[str], int]:
    """(the first max_links distinct followable links, how many more the page had)."""
    from so8t_resources.crawler.urls import normalize_url

    base = doc.xpath("string(//base/@href)") or base_url
    robots_meta = " ".join(doc.xpath("//meta[@name='robots' or @name='ROBOTS']/@content")).lower()
    if "nofollow" in robots_meta:
        return [], 0
    base = normalize_url(base, base=base_url) or base_url
    links: list[str] = []
    seen = set()
    anchors = doc.xpath("//a[@href]")
    for i, a in enumerate(anchors):
        if len(links) >= max_links:
            return links, len(anchors) - i  # counted, not normalised: a cap on work as well as on rows
        if "nofollow" in (a.get("rel") or "").lower():
            continue
        url = normalize_url(a.get("href"), base=base)
        if url and url not in seen:
            seen.add(url)
            links.append(url)
    return links, 0


def parse_with_links(html: str, url: str, max_links: int = MAX_LINKS) -> tuple[object | None, dict]:
    """The parsed document and a result holding its links, or (None, an error result)."""
    import lxml.html

    result = empty_extraction("ok")
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as err:
        result.update(extract_status="error", extract_error=f"unparseable HTML: {err}"[:300])
        return None, result
    result["links"], result["links_dropped"] = extract_links(doc, url, max_links)
    return doc, result


def extract_page(html: str, url: str, max_links: int = MAX_LINKS) -> dict:
    """Title, text, date, language and links of one page (in-process, no time limit)."""
    doc, result = parse_with_links(html, url, max_links)
    return result if doc is None else extract_text(html, url, doc, result)


def extract_text(html: str, url: str, doc, result: dict) -> dict:
    """Fills result's title, text, date and language (trafilatura: the part that can hang)."""
    import trafilatura

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


def _with_alarm(limit_s: float, work):
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _extract_with_limit(html: str, url: str, limit_s: float, max_links: int = MAX_LINKS) -> dict:
    """Links first, under a limit of their own, then the text: a page whose text extraction times
    out (a hub of 10,000 links) still hands its links to the crawl."""
    links = empty_extraction()
    try:
        doc, result = _with_alarm(limit_s, lambda: parse_with_links(html, url, max_links))
        links.update(links=result["links"], links_dropped=result["links_dropped"])
        return result if doc is None else _with_alarm(limit_s, lambda: extract_text(html, url, doc, result))
    except _Timeout:
        return {**links, "extract_status": "timeout", "extract_error": f"extraction took over {limit_s}s"}
    except Exception as err:  # a hostile page must not end the crawl
        return {**links, "extract_status": "error", "extract_error": f"{type(err).__name__}: {err}"[:300]}


def _warm_up(parent_pid: int) -> None:
    """Import the parsers and load the language model before the first page, outside its time limit.

    Also watch the parent: a worker whose crawler was killed with SIGKILL exits instead of
    lingering as an orphan.
    """
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    extract_page("<html><body><p>Warm-up text for the extractor and the language model.</p></body></html>",
                 "http://warm.up/")


class ExtractionPool:
    """Worker processes for extraction, each page under a time limit.

    The limit is enforced twice: SIGALRM inside the worker (clean, returns `timeout`), and
    a deadline here for a parser stuck in C code, which kills and replaces the workers. A
    crashed worker breaks the pool: it is replaced once and the affected pages retried once.
    """

    GRACE_S = 5.0

    def __init__(self, workers: int, limit_s: float, max_links: int = MAX_LINKS):
        self.workers, self.limit_s, self.max_links = workers, limit_s, max_links
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: the crawling process has threads (Dagster, asyncio); fork would copy their locks.
        return ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=_warm_up,
                                   initargs=(os.getpid(),))

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if self._pool is broken:  # several callers may see one breakage; replace it once
            for proc in list(getattr(broken, "_processes", {}).values()):
                proc.kill()
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    async def extract(self, html: str, url: str, retry: bool = True) -> dict:
        loop = asyncio.get_running_loop()
        pool = self._pool
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(pool, _extract_with_limit, html, url, self.limit_s, self.max_links),
                2 * self.limit_s + self.GRACE_S,  # links and text each have the limit
            )
        except TimeoutError:
            self._replace(pool)
            deadline = 2 * self.limit_s + self.GRACE_S
            return empty_extraction("timeout", f"extraction stuck past {deadline}s; workers replaced")
        except BrokenProcessPool:
            self._replace(pool)
            if retry:
                return await self.extract(html, url, retry=False)
            return empty_extraction("error", "extraction worker crashed")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
