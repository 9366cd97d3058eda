"""User requests derived from a cleansed document, in the document's language.

Each request names a task (summarise, question, explain_term, translate) and quotes an
excerpt of the document. Choices are deterministic: the same document gives the same
requests on every machine (a hash, not a random generator, picks among templates).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

EXCERPT_CHARS = 1200
_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+|\n+")
_JA_TERM = re.compile(r"[\u30a0-\u30ff]{3,}|[\u4e00-\u9fff]{2,6}")
_EN_TERM = re.compile(r"\b[A-Za-z][a-z]{5,}\b")
_EN_COMMON = frozenset("""about after again against almost always another because before being between
could during either enough every first from having however little might never other people please
rather really should since something still their there these thing those though through today under
until where which while without would years before""".split())

ASK = {
    "summarise": {"en": ["Summarise this article in two or three sentences.",
                         "Can you give me the gist of the following text?"],
                  "ja": ["次の記事を二、三文で要約してください。", "この文章の要点を教えてください。"]},
    "question": {"en": ["What does the following text say about {term}?",
                        "According to this page, what is said about {term}?"],
                 "ja": ["次の文章では「{term}」について何と書かれていますか？",
                        "このページによると、{term}についてどう説明されていますか？"]},
    "explain_term": {"en": ["Explain what “{term}” means in the context of this text.",
                            "In this article, what is meant by “{term}”?"],
                     "ja": ["この文章の文脈で「{term}」とは何を指しますか？",
                            "記事に出てくる「{term}」を説明してください。"]},
    "translate": {"en": ["Translate the first paragraph of this text into Japanese."],
                  "ja": ["この文章の最初の段落を英語に翻訳してください。"]},
}


@dataclass(frozen=True)
class Request:
    task: str
    lang: str
    text: str  # what the user writes: the request, then the excerpt
    term: str | None
    excerpt: str


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and len(s.strip()) > 1]


def key_term(text: str, lang: str) -> str | None:
    """The document's most frequent content term (a kanji or katakana run, or a long English word)."""
    if lang == "ja":
        terms = _JA_TERM.findall(text)
    else:
        terms = [w.lower() for w in _EN_TERM.findall(text) if w.lower() not in _EN_COMMON]
    counts = Counter(t for t in terms if not t.startswith("<"))
    return counts.most_common(1)[0][0] if counts else None


def excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS]
    end = max(cut.rfind("\n"), cut.rfind("。"), cut.rfind(". "))
    return cut[:end + 1] if end > EXCERPT_CHARS // 2 else cut


def _pick(options: list[str], key: str) -> str:
    return options[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(options)]


def requests_for(doc_id: str, text: str, lang: str, task_types: list[str], n: int) -> list[Request]:
    """Up to n requests, cycling through the task types from a per-document start."""
    lang = "ja" if lang == "ja" else "en"
    task_types = list(dict.fromkeys(task_types))  # a task named twice gives one request (record IDs stay unique)
    term = key_term(text, lang)
    usable = [t for t in task_types if term or t not in ("question", "explain_term")]
    if not usable:
        return []
    start = int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % len(usable)
    tasks = [usable[(start + i) % len(usable)] for i in range(min(n, len(usable)))]
    quoted = excerpt(text)
    out = []
    for task in tasks:
        ask = _pick(ASK[task][lang], f"{doc_id}/{task}").format(term=term)
        out.append(Request(task, lang, f"{ask}\n\n{quoted}", term, quoted))
    return out
