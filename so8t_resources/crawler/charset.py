"""Decode an HTML body: HTTP header charset, then <meta>, then detection.

A declared charset that cannot decode the body strictly is treated as wrong and the
next source is tried, so a page that lies about its encoding still decodes. Shift_JIS
is decoded as CP932 (its Windows superset, which real Japanese pages use).
"""

from __future__ import annotations

import codecs
import re

_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
            "windows-31j": "cp932", "ms_kanji": "cp932", "x-euc-jp": "euc_jp"}
# Charsets that decode any byte string, so a strict decode cannot show they are wrong.
_SINGLE_BYTE = {"latin_1", "iso8859-1", "cp1252", "ascii"}


def canonical_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def meta_charset(body: bytes) -> str | None:
    m = _META_RE.search(body[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        text = body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if codec in _SINGLE_BYTE and not body.isascii():
        # Any bytes decode as Latin-1, so the label alone proves nothing: a page labelled
        # Latin-1 whose bytes read better as UTF-8 or a Japanese codec is one of those.
        best = _detect(body, [codec, "utf_8", "cp932", "euc_jp"])
        if best is not None and canonical_codec(best.encoding) != codec:
            return None
    return text


def _detect(body: bytes, codecs_: list[str]):
    from charset_normalizer import from_bytes

    return from_bytes(body, cp_isolation=codecs_).best()


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str, str]:
    """Return (text, codec, source) where source is header, meta, bom, utf-8, detected or fallback."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8", "bom"
    for source, label in (("header", header_charset), ("meta", meta_charset(body))):
        codec = canonical_codec(label)
        if codec:
            text = _strict(body, codec)
            if text is not None:
                return text, codec, source
    text = _strict(body, "utf-8")
    if text is not None:
        return text, "utf-8", "utf-8"
    best = _detect(body, ["cp932", "euc_jp", "iso2022_jp", "cp1252", "gb18030", "euc_kr", "big5"])
    if best is not None:
        codec = canonical_codec(best.encoding) or best.encoding
        return str(best), codec, "detected"
    return body.decode("utf-8", "replace"), "utf-8", "fallback"
