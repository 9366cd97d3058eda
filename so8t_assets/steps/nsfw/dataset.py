"""The NSFW training data: the team's seed set plus any labelled files a user supplies.

The held-out split is chosen by a hash of the text, so it is stable across runs and
machines, and a text that appears twice always lands on the same side.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from so8t_assets.steps.nsfw.lexicon import normalise
from so8t_assets.steps.records import RecordError, read_records

SEED_DIR = files("so8t_assets") / "labelled" / "nsfw"
TRUE_LABELS = {"1", "true", "yes", "nsfw", "adult"}
FALSE_LABELS = {"0", "false", "no", "safe", "sfw"}


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    lang: str
    source: str


def is_heldout(text: str, fraction: float) -> bool:
    """By a hash of the normalised text, so case, width and spacing variants stay together."""
    key = " ".join(normalise(text).split())
    bucket = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") / 2**32
    return bucket < fraction


def parse_label(value, where: str = "") -> int:
    text = str(value).strip().lower()
    if value is True or text in TRUE_LABELS or text == "1.0":
        return 1
    if value is False or text in FALSE_LABELS or text == "0.0":
        return 0
    raise RecordError(f"{where + ': ' if where else ''}label {value!r} is not one of "
                      f"{sorted(TRUE_LABELS | FALSE_LABELS)}")


def seed_examples() -> list[Example]:
    out = []
    for path in sorted(Path(str(SEED_DIR)).glob("*.jsonl")):
        for r in read_records(path, ["text", "label", "lang"]):
            out.append(Example(r["text"], parse_label(r["label"], str(path)), r["lang"], f"seed:{path.name}"))
    return out


def file_examples(path: str, text_field: str, label_field: str, lang_field: str | None) -> list[Example]:
    from so8t_assets.steps.language import identify

    fields = [text_field, label_field]
    out = []
    for r in read_records(path, fields):
        lang = r.get(lang_field) if lang_field else None
        out.append(Example(str(r[text_field]), parse_label(r[label_field], path),
                           lang or identify(str(r[text_field]))[0] or "und", f"file:{Path(path).name}"))
    return out


def split(examples: list[Example], heldout_fraction: float) -> tuple[list[Example], list[Example]]:
    train = [e for e in examples if not is_heldout(e.text, heldout_fraction)]
    heldout = [e for e in examples if is_heldout(e.text, heldout_fraction)]
    return train, heldout
