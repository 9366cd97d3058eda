"""Text normalisation: repair, NFKC where it is safe, whitespace, repeated boilerplate lines.

NFKC folds full-width Latin letters and digits to ASCII and half-width katakana to
full-width, which is what search and dedup want. It would also turn Japanese full-width
punctuation (！？（）：；～) into ASCII, which changes how a Japanese sentence reads, so
those characters are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

KEEP_FULL_WIDTH = frozenset("！？（）：；～＂＇")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2000-\u200a\u202f\u205f]+")


def nfkc_safe(text: str) -> str:
    if all(c not in KEEP_FULL_WIDTH for c in text):
        return unicodedata.normalize("NFKC", text)
    return "".join(c if c in KEEP_FULL_WIDTH else unicodedata.normalize("NFKC", c) for c in text)


@dataclass(frozen=True)
class Normaliser:
    """Repair mojibake (ftfy), NFKC safely, clean whitespace and controls, and drop lines that
    repeat within a page at least `max_line_repeats` times after their first use (menus, footers)."""

    repair: bool = True
    max_line_repeats: int = 2

    def __call__(self, text: str) -> str:
        if self.repair:
            import ftfy

            # Width is ours to decide (nfkc_safe), so ftfy leaves it alone.
            text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
        text = nfkc_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
        text = _CONTROL.sub("", text)
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        counts = Counter(line for line in lines if line)
        seen: set[str] = set()
        kept: list[str] = []
        for line in lines:
            if line and counts[line] > self.max_line_repeats:
                if line in seen:
                    continue  # boilerplate repeated down the page: keep its first use only
                seen.add(line)
            kept.append(line)
        return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
