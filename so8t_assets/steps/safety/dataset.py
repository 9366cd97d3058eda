"""The safety training data: the team's seed set (Japanese and English, requests and pages).

The held-out split is the NSFW set's: a hash of the normalised text, stable across runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from so8t_assets.steps.nsfw.dataset import is_heldout
from so8t_assets.steps.records import RecordError, read_records
from so8t_assets.steps.safety.taxonomy import CLASSES, HAZARDS, check_example

SEED_DIR = files("so8t_assets") / "labelled" / "safety"


@dataclass(frozen=True)
class SafetyExample:
    text: str
    lang: str
    four_class: str
    hazards: tuple[str, ...]
    domain: str
    kind: str = "request"
    tricky: bool = False
    source: str = ""


def parse_class(value, where: str = "") -> str:
    name = str(value).strip().upper()
    if name not in CLASSES:
        raise RecordError(f"{where + ': ' if where else ''}label {value!r} is not one of {list(CLASSES)}")
    return name


def parse_hazards(value, where: str) -> tuple[str, ...]:
    """A list, a JSON list or a comma-separated string of hazard names."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else [v for v in value.split(",") if v.strip()]
    hazards = tuple(str(h).strip() for h in value or ())
    unknown = [h for h in hazards if h not in HAZARDS]
    if unknown:
        raise RecordError(f"{where}: unknown hazard {unknown[0]!r} (one of {list(HAZARDS)})")
    return hazards


def seed_examples() -> list[SafetyExample]:
    out = []
    for path in sorted(Path(str(SEED_DIR)).glob("*.jsonl")):
        for i, r in enumerate(read_records(path, ["text", "four_class", "lang", "domain", "kind"]), 1):
            problems = check_example(r, f"{path}:{i}")
            if problems:
                raise RecordError(problems[0])
            out.append(SafetyExample(r["text"], r["lang"], r["four_class"], tuple(r["hazards"]), r["domain"],
                                     r["kind"], bool(r.get("tricky")), f"seed:{path.name}"))
    return out


def split(examples: list[SafetyExample], heldout_fraction: float) -> tuple[list, list]:
    train = [e for e in examples if not is_heldout(e.text, heldout_fraction)]
    heldout = [e for e in examples if is_heldout(e.text, heldout_fraction)]
    return train, heldout
