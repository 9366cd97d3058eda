"""`raw_pages` rows from already-fetched pages: WARC files (e.g. Common Crawl's) or a folder of HTML."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from urllib.parse import quote

from so8t_assets.steps.extract import ExtractionPool
from so8t_resources.crawler.charset import decode_html
from so8t_resources.crawler.fetch import looks_binary, media_type
from so8t_resources.crawler.rows import page_row

# (url, status, content type header, body, fetched_at)
Page = tuple[str, int | None, str | None, bytes, datetime | None]


def iter_warc(paths: list[str]) -> Iterator[Page]:
    from warcio.archiveiterator import ArchiveIterator

    for path in paths:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                when = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None
                status = int(record.http_headers.get_statuscode() or 0) or None
                yield url, status, record.http_headers.get_header("Content-Type"), record.content_stream().read(), when


def iter_html_dir(root: str, base_url: str) -> Iterator[Page]:
    base = Path(root)
    if not base.is_dir():
        raise FileNotFoundError(f"data_sources.html_dir.path: {root} is not a folder")
    for path in sorted(base.rglob("*")):
        if path.suffix.lower() in (".html", ".htm", ".xhtml") and path.is_file():
            rel = quote(path.relative_to(base).as_posix())
            mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            yield base_url.rstrip("/") + "/" + rel, 200, "text/html", path.read_bytes(), mtime


def read_offline(settings, batch: int = 64) -> list[dict]:
    """Rows for every page, first record per URL winning; pages stream through in batches."""
    src = settings.data_sources
    pages = iter_warc(src.warc.paths) if src.kind == "warc" else iter_html_dir(src.html_dir.path,
                                                                                src.html_dir.base_url)
    return asyncio.run(_rows(pages, src.kind, settings, batch))


async def _rows(pages: Iterator[Page], source: str, settings, batch: int) -> list[dict]:
    allowed = settings.data_sources.crawler.content_types
    par = settings.data_sources.parallel
    pool = ExtractionPool(par.extract_workers, par.extract_timeout_s)

    async def one(page: Page) -> dict:
        url, status, ctype, body, when = page
        media, header_charset = media_type(ctype)
        common = dict(url=url, final_url=url, depth=0, parent=None, source=source, status=status,
                      fetched_at=when, attempts=1, content_type=media)
        if media not in allowed:
            return page_row(outcome="bad_content_type", **common)
        if looks_binary(body):
            return page_row(outcome="binary_body", **common)
        html, charset, charset_source = decode_html(body, header_charset)
        extracted = await pool.extract(html, url)
        return page_row(outcome="ok", body=body, charset=charset, charset_source=charset_source,
                        extracted=extracted, **common)

    rows: list[dict] = []
    seen: set[str] = set()
    try:
        while raw := list(islice(pages, batch)):
            chunk = []
            for page in raw:
                if page[0] not in seen:
                    seen.add(page[0])
                    chunk.append(page)
            rows.extend(await asyncio.gather(*(one(p) for p in chunk)))
        return rows
    finally:
        pool.close()
