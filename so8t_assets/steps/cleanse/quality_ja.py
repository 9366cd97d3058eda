"""Japanese quality rules, after the Swallow corpus: length, script shares, sentence shape,
NG words and character n-gram repetition. Character-based: no word rule runs on Japanese."""

from __future__ import annotations

import re
from dataclasses import dataclass

from so8t_assets.steps.cleanse.repetition import repetition_reason
from so8t_assets.steps.nsfw.lexicon import ADULT_JA

_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]")
_SENTENCE_END = re.compile(r"[。！？!?\n]+")
# Gopher's repetition thresholds for word n-grams, applied to character n-grams twice as
# long: a Japanese word averages about two characters, and on 5-character grams ordinary
# prose already repeats (ください。, ています) more than Gopher's word limits allow.
TOP_NGRAM_MAX = ((4, 0.20), (6, 0.18), (8, 0.16))
DUP_NGRAM_MAX = ((10, 0.15), (12, 0.14), (14, 0.13), (16, 0.12), (18, 0.11), (20, 0.10))


@dataclass(frozen=True)
class JapaneseQualityFilter:
    min_chars: int = 400
    min_hiragana_share: float = 0.2
    max_katakana_share: float = 0.5
    min_japanese_share: float = 0.5
    min_mean_sentence: float = 20
    max_mean_sentence: float = 90
    max_sentence: int = 200
    max_ng_share: float = 0.05
    ng_words: tuple[str, ...] = tuple(ADULT_JA)
    top_ngram_max: tuple[tuple[int, float], ...] = TOP_NGRAM_MAX
    dup_ngram_max: tuple[tuple[int, float], ...] = DUP_NGRAM_MAX

    def __call__(self, text: str) -> bool | tuple[bool, str]:
        chars = re.sub(r"\s", "", text)
        n = len(chars)
        if n < self.min_chars:
            return False, "ja_too_short"
        hira, kata = len(_HIRAGANA.findall(chars)), len(_KATAKANA.findall(chars))
        if (hira + kata + len(_KANJI.findall(chars))) / n < self.min_japanese_share:
            return False, "ja_low_japanese_share"
        if hira / n < self.min_hiragana_share:
            return False, "ja_low_hiragana_share"
        if kata / n > self.max_katakana_share:
            return False, "ja_high_katakana_share"
        sentences = [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]
        mean = sum(map(len, sentences)) / len(sentences)
        if not self.min_mean_sentence <= mean <= self.max_mean_sentence:
            return False, "ja_mean_sentence_length"
        if max(map(len, sentences)) > self.max_sentence:
            return False, "ja_long_sentence"
        if sum(len(w) * chars.count(w) for w in self.ng_words) / n >= self.max_ng_share:
            return False, "ja_ng_words"
        reason = repetition_reason(list(chars), self.top_ngram_max, self.dup_ngram_max,
                                   "ja_top_{n}gram_repetition", "ja_dup_{n}gram_repetition")
        return (False, reason) if reason else True
