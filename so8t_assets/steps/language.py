"""Offline language identification (py3langid's bundled model)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def identify(text: str, max_chars: int = 4000) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0.0) for text with nothing to go on."""
    sample = text[:max_chars]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
