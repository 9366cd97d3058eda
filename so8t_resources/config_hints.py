"""'Did you mean …?' for an unknown config key: misplaced keys and misspellings."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel


def schema_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path of a config schema, sections and leaves alike."""
    paths = []
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        paths.append(path)
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            paths += schema_paths(kind, path)
    return paths


def _written(value: Any, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The key paths a user wrote under an unknown key (a key 'a.b' counts as the path a, b)."""
    if not isinstance(value, dict) or not value:
        return [prefix]
    return [leaf for k, v in value.items() for leaf in _written(v, (*prefix, *str(k).split(".")))]


def did_you_mean(model: type[BaseModel], loc: tuple, value: Any) -> str | None:
    """Where an unknown key at `loc` (holding `value`) probably belongs.

    First a misplaced key: the one schema path ending with the longest tail of what was written
    (`crawler: {allowed_networks: …}` at the top → `data_sources.crawler.allowed_networks`); then a
    misspelling (difflib) among the keys beside it, then among every key name in the schema."""
    if not loc or not isinstance(loc[-1], str):
        return None
    paths = schema_paths(model)
    parent = tuple(str(k) for k in loc[:-1])
    written = _written(value, tuple(loc[-1].split(".")))
    if len(written) > 1:  # a whole section misplaced: name the section, not one of its keys
        written = [tuple(loc[-1].split("."))]
    tails = {w[:i] for w in written for i in range(1, len(w) + 1)}
    for tail in sorted(tails, key=lambda t: (-len(t), t)):
        found = [p for p in paths if p[-len(tail):] == tail]
        if len(found) == 1:
            return ".".join(found[0])
    key = loc[-1].split(".")[0]
    siblings = [p[-1] for p in paths if p[:-1] == parent]
    close = difflib.get_close_matches(key, siblings, n=1, cutoff=0.75)
    if close:
        return ".".join((*parent, close[0]))
    anywhere: dict[str, list[tuple[str, ...]]] = {}
    for p in paths:
        anywhere.setdefault(p[-1], []).append(p)
    close = [c for c in difflib.get_close_matches(key, list(anywhere), n=3, cutoff=0.8) if len(anywhere[c]) == 1]
    return ".".join(anywhere[close[0]][0]) if close else None
