"""English quality rules: Gopher (quality and repetition), C4 and FineWeb, with datatrove's
defaults and reason names. Word-based: they never run on Japanese (the pipeline routes by
language)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from so8t_assets.steps.cleanse.repetition import repetition_reason

STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
BULLETS = ("•", "●", "○", "■", "□", "▪", "▫", "※", "·", "-", "*", "–")
TERMINAL = (".", "!", "?", '"', "'", "”", "’", ")", "…")
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_PARAGRAPHS = re.compile(r"\n{2,}")
_SENTENCES = re.compile(r"[.!?]+(?:\s|$)")


def words(text: str) -> list[str]:
    return text.split()


@dataclass(frozen=True)
class GopherQualityFilter:
    min_doc_words: int = 50
    max_doc_words: int = 100_000
    min_avg_word_length: float = 3
    max_avg_word_length: float = 10
    max_symbol_word_ratio: float = 0.1
    max_bullet_lines_ratio: float = 0.9
    max_ellipsis_lines_ratio: float = 0.3
    min_alpha_words_ratio: float = 0.8
    min_stop_words: int = 2

    def __call__(self, text: str) -> bool | tuple[bool, str]:
        tokens = words(text)
        n = len(tokens)
        if n < self.min_doc_words:
            return False, "gopher_short_doc"
        if n > self.max_doc_words:
            return False, "gopher_long_doc"
        stripped = [t.strip(".,;:!?\"'()[]{}") for t in tokens]
        avg = sum(map(len, stripped)) / n
        if avg < self.min_avg_word_length:
            return False, "gopher_below_avg_threshold"
        if avg > self.max_avg_word_length:
            return False, "gopher_above_avg_threshold"
        if text.count("#") / n > self.max_symbol_word_ratio:
            return False, "gopher_too_many_hashes"
        if (text.count("...") + text.count("…")) / n > self.max_symbol_word_ratio:
            return False, "gopher_too_many_ellipsis"
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if sum(ln.lstrip().startswith(BULLETS) for ln in lines) / len(lines) > self.max_bullet_lines_ratio:
            return False, "gopher_too_many_bullets"
        ellipsis_lines = sum(ln.rstrip().endswith(("...", "…")) for ln in lines)
        if ellipsis_lines / len(lines) > self.max_ellipsis_lines_ratio:
            return False, "gopher_too_many_end_ellipsis"
        if sum(any(c.isalpha() for c in t) for t in tokens) / n < self.min_alpha_words_ratio:
            return False, "gopher_below_alpha_threshold"
        if sum(t.lower() in STOP_WORDS for t in stripped) < self.min_stop_words:
            return False, "gopher_enough_stop_words"
        return True


@dataclass(frozen=True)
class GopherRepetitionFilter:
    dup_line_frac: float = 0.3
    dup_para_frac: float = 0.3
    dup_line_char_frac: float = 0.2
    dup_para_char_frac: float = 0.2
    top_ngrams: tuple[tuple[int, float], ...] = ((2, 0.20), (3, 0.18), (4, 0.16))
    dup_ngrams: tuple[tuple[int, float], ...] = ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11),
                                                 (10, 0.10))

    @staticmethod
    def _duplicates(parts: list[str]) -> tuple[int, int]:
        """(duplicate elements, characters in them), counting every copy after the first."""
        seen: set[str] = set()
        n = chars = 0
        for part in parts:
            if part in seen:
                n += 1
                chars += len(part)
            seen.add(part)
        return n, chars

    def __call__(self, text: str) -> bool | tuple[bool, str]:
        paragraphs = [p.strip() for p in _PARAGRAPHS.split(text.strip()) if p.strip()]
        n, chars = self._duplicates(paragraphs)
        if paragraphs and n / len(paragraphs) > self.dup_para_frac:
            return False, "dup_para"
        if text and chars / len(text) > self.dup_para_char_frac:
            return False, "dup_para_char_frac"
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        n, chars = self._duplicates(lines)
        if lines and n / len(lines) > self.dup_line_frac:
            return False, "dup_line"
        if text and chars / len(text) > self.dup_line_char_frac:
            return False, "dup_line_char_frac"
        reason = repetition_reason(words(text), self.top_ngrams, self.dup_ngrams, "top_{n}_gram",
                                   "duplicated_{n}_n_grams")
        return (False, reason) if reason else True


@dataclass(frozen=True)
class C4QualityFilter:
    """C4's document rules; `clean_lines` applies its line rules (a transformation, not a drop)."""

    min_num_sentences: int = 5
    min_words_per_line: int = 3
    max_word_length: int = 1000

    def clean_lines(self, text: str) -> str:
        kept = []
        for line in text.splitlines():
            stripped = line.strip()
            low = stripped.lower()
            if (not stripped.endswith(TERMINAL) or len(stripped.split()) < self.min_words_per_line
                    or "javascript" in low or any(p in low for p in POLICY)
                    or any(len(w) > self.max_word_length for w in stripped.split())):
                continue
            kept.append(stripped)
        return "\n".join(kept)

    def __call__(self, text: str) -> bool | tuple[bool, str]:
        low = text.lower()
        if "lorem ipsum" in low:
            return False, "lorem_ipsum"
        if "{" in text:
            return False, "curly_bracket"
        if len(_SENTENCES.findall(text)) < self.min_num_sentences:
            return False, "too_few_sentences"
        return True


@dataclass(frozen=True)
class FineWebQualityFilter:
    line_punct_thr: float = 0.12
    short_line_thr: float = 0.67
    short_line_length: int = 30
    char_duplicates_ratio: float = 0.01
    new_line_ratio: float = 0.3

    def __call__(self, text: str) -> bool | tuple[bool, str]:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if not lines:
            return False, "empty"
        if sum(ln.endswith(TERMINAL) for ln in lines) / len(lines) <= self.line_punct_thr:
            return False, "line_punct_ratio"
        if sum(len(ln) <= self.short_line_length for ln in lines) / len(lines) >= self.short_line_thr:
            return False, "short_line_ratio"
        counts = Counter(lines)
        dup_chars = sum(len(ln) * (c - 1) for ln, c in counts.items() if c > 1)
        if dup_chars / max(len(text.replace("\n", "")), 1) >= self.char_duplicates_ratio:
            return False, "char_dup_ratio"
        if text.count("\n") / max(len(words(text)), 1) > self.new_line_ratio:
            return False, "list_ratio"
        return True
