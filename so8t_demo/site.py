"""Renders the demo site from `pages.yaml`; the same data is the site's manifest.

Pages carry their encoding (UTF-8, Shift_JIS or EUC-JP) and say it in the HTTP
header, in a <meta> tag, or nowhere, so the crawler's charset handling is exercised.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

DISALLOWED_PREFIX = "/private/"
_CODEC = {"utf-8": "utf-8", "shift_jis": "cp932", "euc-jp": "euc_jp"}
_LABEL = {"utf-8": "utf-8", "shift_jis": "Shift_JIS", "euc-jp": "EUC-JP"}


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


@lru_cache(maxsize=1)
def pages() -> list[dict]:
    data = yaml.safe_load(files("so8t_demo").joinpath("pages.yaml").read_text(encoding="utf-8"))
    return data["pages"]


def index_pages() -> list[dict]:
    """The generated index pages: `/`, `/en/` and `/ja/`."""
    out = []
    for path, lang, title in (("/", "en", "SO8T demo site"), ("/en/", "en", "English articles"),
                              ("/ja/", "ja", "日本語の記事")):
        out.append({"path": path, "lang": lang, "encoding": "utf-8", "charset_declared": "header",
                    "kind": "index", "intended_class": "ALLOW", "nsfw": False, "pii": [],
                    "duplicate_of": None, "title": title})
    return out


def manifest() -> list[dict]:
    """What each page is: one entry per path, with `robots_allowed`."""
    keys = ("path", "lang", "encoding", "charset_declared", "kind", "intended_class", "nsfw", "pii",
            "duplicate_of", "title")
    entries = [{k: p.get(k) for k in keys} for p in index_pages() + pages()]
    for e in entries:
        e["robots_allowed"] = not e["path"].startswith(DISALLOWED_PREFIX)
    return entries


def _document(title: str, lang: str, body_html: str, meta_charset: str | None) -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{html.escape(title)}</title></head>'
            f'<body><header><a href="/">Home</a> | <a href="/en/">English</a> | <a href="/ja/">日本語</a>'
            f"</header>\n{body_html}\n</body></html>\n")


def _render_page(page: dict) -> Response:
    enc = page["encoding"]
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in page["paragraphs"])
    links = "".join(f'<li><a href="{html.escape(u)}">{html.escape(_title(u))}</a></li>' for u in page["links"])
    body = (f"<article><h1>{html.escape(page['title'])}</h1>"
            f"<p class=\"date\">{html.escape(str(page['date']))}</p>\n{paras}</article>"
            f"<aside><ul>{links}</ul></aside>")
    declared = page["charset_declared"]
    doc = _document(page["title"], page["lang"], body, _LABEL[enc] if declared == "meta" else None)
    ctype = f"text/html; charset={_LABEL[enc]}" if declared == "header" else "text/html"
    return Response(200, ctype, doc.encode(_CODEC[enc]))


def _title(path: str) -> str:
    return next((p["title"] for p in pages() if p["path"] == path), path)


_INTRO = {
    "/": "<p>This small website is written by the SO8T team to show how the platform crawls, cleans and "
         "labels web pages. It holds ordinary articles in English and Japanese, pages in older Japanese "
         "encodings, and pages that later stages must tell apart. Start with the English or the Japanese "
         "index.</p>",
}


def _render_index(path: str) -> Response:
    # The language indexes list every page of that language, /private/ ones included,
    # so a crawler meets links that robots.txt forbids it to follow.
    chosen = [p for p in pages() if f"/{p['lang']}/" == path]
    items = "".join(f'<li><a href="{html.escape(p["path"])}">{html.escape(p["title"])}</a></li>'
                    for p in chosen)
    entry = next(e for e in index_pages() if e["path"] == path)
    body = f"<h1>{html.escape(entry['title'])}</h1>{_INTRO.get(path, '')}<ul>{items}</ul>"
    return Response(200, "text/html; charset=utf-8", _document(entry["title"], entry["lang"], body, None)
                    .encode())


def robots_txt() -> str:
    return f"User-agent: *\nDisallow: {DISALLOWED_PREFIX}\n\nSitemap: {{base}}/sitemap.xml\n"


def render(path: str, base_url: str) -> Response:
    if path == "/robots.txt":
        return Response(200, "text/plain; charset=utf-8", robots_txt().format(base=base_url).encode())
    if path == "/sitemap.xml":
        locs = "".join(f"<url><loc>{base_url}{html.escape(e['path'])}</loc></url>"
                       for e in manifest() if e["robots_allowed"])
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
               f'sitemap/0.9">{locs}</urlset>\n')
        return Response(200, "application/xml", xml.encode())
    if path in ("/", "/en/", "/ja/"):
        return _render_index(path)
    for page in pages():
        if page["path"] == path:
            return _render_page(page)
    return Response(404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>")
