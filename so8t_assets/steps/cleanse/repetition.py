"""Repetition measures shared by the English and Japanese rules (Gopher's definitions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def top_ngram_share(units: Sequence[str], n: int) -> float:
    """Share of characters covered by the most frequent n-gram of units (words or characters)."""
    if len(units) < n:
        return 0.0
    grams = Counter(tuple(units[i:i + n]) for i in range(len(units) - n + 1))
    gram, count = grams.most_common(1)[0]
    if count < 2:
        return 0.0
    total = sum(len(u) for u in units)
    return count * sum(len(u) for u in gram) / total if total else 0.0


def duplicate_ngram_share(units: Sequence[str], n: int) -> float:
    """Share of characters inside n-grams that occur more than once (each character counted once)."""
    if len(units) < n:
        return 0.0
    first: dict[tuple, int] = {}
    covered = [False] * len(units)
    for i in range(len(units) - n + 1):
        gram = tuple(units[i:i + n])
        j = first.setdefault(gram, i)
        if j != i:
            for k in range(j, j + n):
                covered[k] = True
            for k in range(i, i + n):
                covered[k] = True
    total = sum(len(u) for u in units)
    return sum(len(u) for u, c in zip(units, covered, strict=True) if c) / total if total else 0.0


def repetition_reason(units: Sequence[str], top: Sequence[tuple[int, float]], dup: Sequence[tuple[int, float]],
                      top_name: str, dup_name: str) -> str | None:
    """The first repetition limit that units break, named by formatting `{n}` into the names."""
    for size, limit in top:
        if top_ngram_share(units, size) > limit:
            return top_name.format(n=size)
    for size, limit in dup:
        if duplicate_ngram_share(units, size) > limit:
            return dup_name.format(n=size)
    return None
