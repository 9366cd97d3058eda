"""Japanese and English cue words: features for the model, and the reasons a label shows.

Two kinds of cue: adult cues (words and boilerplate of adult sites) and context cues
(medicine, education, retail, news, cooking), which pull the other way when they meet an
ambiguous word. The model learns the weights; the lexicon only names what it saw.
"""

from __future__ import annotations

import re
import unicodedata

ADULT_EN = [
    "porn", "porno", "xxx", "hardcore", "nsfw", "adults only", "adult content", "adult material",
    "18 or older", "18+", "over 18", "explicit", "uncensored", "nude", "nudes", "naked", "sex video",
    "sex tape", "escort", "camgirl", "cam girl", "webcam model", "live cams", "strip club", "stripper",
    "erotic", "sensual massage", "hookup", "hook up", "horny", "milf", "onlyfans", "fetish", "bdsm",
    "x-rated", "xrated", "2257", "orgasm", "cock", "pussy", "boobs", "busty", "sexy singles",
]
ADULT_JA = [
    "アダルト", "18歳未満", "１８歳未満", "成人向け", "成人指定", "年齢確認", "無修正", "エロ", "エッチ",
    "AV女優", "ＡＶ女優", "AV動画", "素人投稿", "人妻", "熟女", "ライブチャット", "出会い系", "デリヘル", "風俗",
    "ソープ", "官能", "セフレ", "アダルトグッズ", "見放題", "おっぱい", "巨乳", "痴漢",
    "ハメ撮り", "中出し", "性的な表現", "R18", "R-18", "18禁", "１８禁",
]
CONTEXT_EN = [
    "cancer", "screening", "clinic", "farmer", "crowed", "crow", "hen", "hens", "coop", "barnyard",
    "doctor", "patient", "health", "medical", "education", "school",
    "teacher", "court", "trial", "sentenced", "verdict", "police", "recipe", "chicken", "rooster",
    "poultry", "farm", "size guide", "returns", "museum", "painting", "novel", "contraception",
    "consent", "anatomy", "pregnancy",
]
CONTEXT_JA = [
    "がん", "検診", "病院", "医師", "患者", "健康", "医療", "教育", "学校", "先生", "裁判", "判決", "起訴",
    "警察", "レシピ", "献立", "弁当", "おかず", "サイズ", "返品", "美術館", "小説", "避妊", "同意",
    "妊娠", "被害者", "相談窓口",
]


def normalise(text: str) -> str:
    """NFKC and lower case, so ＡＶ, AV and av match one entry."""
    return unicodedata.normalize("NFKC", text).lower()


def _compile(terms: list[str]) -> tuple[re.Pattern, dict[str, str]]:
    keys: dict[str, str] = {}
    for term in terms:
        keys.setdefault(normalise(term), term)  # the first spelling names the cue
    # Latin terms match on word boundaries ("cock" not in "peacock"); Japanese terms anywhere.
    parts = [rf"(?<![a-z]){re.escape(k)}(?![a-z])" if k.isascii() else re.escape(k)
             for k in sorted(keys, key=len, reverse=True)]
    return re.compile("|".join(parts)), keys


_ADULT = _compile(ADULT_EN + ADULT_JA)
_CONTEXT = _compile(CONTEXT_EN + CONTEXT_JA)


def _hits(pattern: tuple[re.Pattern, dict[str, str]], text: str) -> list[str]:
    regex, keys = pattern
    return sorted({keys[m.group(0)] for m in regex.finditer(normalise(text))})


def adult_hits(text: str) -> list[str]:
    return _hits(_ADULT, text)


def context_hits(text: str) -> list[str]:
    return _hits(_CONTEXT, text)
