"""The `raw_pages` row: one per URL the session decided on, whatever its outcome."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pyarrow as pa

from so8t_assets.steps.extract import empty_extraction

PAGE_SCHEMA = pa.schema([
    ("url", pa.string()),
    ("final_url", pa.string()),
    ("depth", pa.int32()),
    ("parent_url", pa.string()),
    ("source", pa.string()),            # crawl, warc or html_dir
    ("fetched", pa.bool_()),            # False: decided without a request (robots)
    ("outcome", pa.string()),           # ok or an error kind
    ("status", pa.int32()),
    ("robots_decision", pa.string()),
    ("fetched_at", pa.timestamp("us", tz="UTC")),
    ("attempts", pa.int32()),
    ("elapsed_ms", pa.float64()),
    ("redirects", pa.list_(pa.string())),
    ("content_type", pa.string()),
    ("charset", pa.string()),
    ("charset_source", pa.string()),
    ("n_bytes", pa.int64()),
    ("sha256", pa.string()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("date", pa.string()),
    ("language", pa.string()),
    ("language_score", pa.float64()),
    ("links", pa.list_(pa.string())),
    ("n_links", pa.int32()),
    ("n_links_dropped", pa.int32()),     # links past crawler.max_links_per_page, not followed
    ("extract_status", pa.string()),
    ("nsfw_score", pa.float64()),          # real-time score from the crawl; nsfw_labels is the record
    ("error_detail", pa.string()),
])



def page_row(*, url: str, final_url: str, depth: int, parent: str | None, source: str, outcome: str,
             fetched: bool = True, status: int | None = None, robots: str = "allowed",
             fetched_at: datetime | None = None, attempts: int = 0, elapsed_ms: float = 0.0,
             redirects: list[str] | None = None, content_type: str | None = None,
             body: bytes = b"", charset: str | None = None, charset_source: str | None = None,
             extracted: dict | None = None, error_detail: str | None = None,
             nsfw_score: float | None = None) -> dict:
    ex = extracted or empty_extraction()
    detail = error_detail or ex.get("extract_error")
    return {
        "url": url, "final_url": final_url, "depth": depth, "parent_url": parent, "source": source,
        "fetched": fetched, "outcome": outcome, "status": status, "robots_decision": robots,
        "fetched_at": fetched_at, "attempts": attempts, "elapsed_ms": elapsed_ms,
        "redirects": redirects or [], "content_type": content_type, "charset": charset,
        "charset_source": charset_source, "n_bytes": len(body) if fetched else None,
        "sha256": hashlib.sha256(body).hexdigest() if body else None,
        "title": ex["title"], "text": ex["text"], "date": ex["date"], "language": ex["language"],
        "language_score": ex["language_score"], "links": ex["links"], "n_links": len(ex["links"]),
        "n_links_dropped": ex.get("links_dropped", 0),
        "extract_status": ex["extract_status"], "nsfw_score": nsfw_score, "error_detail": detail,
    }
