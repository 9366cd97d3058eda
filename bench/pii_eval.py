"""PII detection measured on a planted corpus: recall and precision per type and language.

    python -m bench.pii_eval [--seed S] [--per-type N] [--lookalikes N] [--json PATH]

The corpus is `bench.pii_corpus` (team-written carriers, generated values, gold spans).
Matching rule: a predicted span matches a gold item when it has the item's type and their
overlap covers at least 80 % of the gold span and at least 50 % of the predicted span: a
prediction may cut a little (a room number) or spill a little (a trailing particle), but
not miss most of the item nor swallow the sentence around it. Recall = gold items matched
by a prediction / gold items; precision = predictions that match a gold item / predictions
of that type (false positives include hits on look-alikes, on other types' items and on
carrier text); exact = matched items whose predicted span equals the gold span. A look-alike
survives when no predicted span of any type overlaps it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from bench.pii_corpus import LANGS, LOOKALIKES, TYPES, Doc, Item, build_corpus

COVER_GOLD, COVER_PRED = 0.8, 0.5
Pred = tuple[int, int, str]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matches(pred: Pred, item: Item) -> bool:
    """The matching rule: same type, covers >= 80 % of the gold span, and >= 50 % of the prediction is gold."""
    common = overlap(pred[:2], (item.start, item.end))
    return (pred[2] == item.kind and common >= COVER_GOLD * (item.end - item.start)
            and common >= COVER_PRED * (pred[1] - pred[0]))


def _snippet(text: str, start: int, end: int, width: int = 24) -> str:
    return (text[max(0, start - width):start] + "⟦" + text[start:end] + "⟧" + text[end:end + width]).replace("\n", "⏎")


def _empty() -> dict:
    return {"gold": 0, "found": 0, "exact": 0, "predicted": 0, "correct": 0}


def evaluate(docs: Iterable[Doc], find: Callable[[str], list[Pred]] | None = None, examples: int = 3) -> dict:
    """Counts per (type, language), recall per format, look-alike survival, and the first misses and
    false positives per type (a snippet with the span in ⟦⟧ and what it was taken for)."""
    if find is None:
        from so8t_assets.steps.cleanse.pii import find_pii as find
    counts = {t: {lang: _empty() for lang in (*LANGS, "all")} for t in TYPES}
    forms: dict[str, dict[str, list[int]]] = {t: defaultdict(lambda: [0, 0]) for t in TYPES}
    looks = {c: {"n": 0, "survived": 0, "hit_as": Counter()} for c in LOOKALIKES}
    misses: dict[str, list[str]] = {t: [] for t in TYPES}
    false_pos: dict[str, list[str]] = {t: [] for t in TYPES}
    for doc in docs:
        preds = sorted(find(doc.text))
        for item in doc.items:
            span = (item.start, item.end)
            if item.lookalike:
                hits = [p[2] for p in preds if overlap(p[:2], span)]
                looks[item.kind]["n"] += 1
                looks[item.kind]["survived"] += not hits
                looks[item.kind]["hit_as"].update(hits)
                continue
            found = [p for p in preds if matches(p, item)]
            for lang in (doc.lang, "all"):
                c = counts[item.kind][lang]
                c["gold"] += 1
                c["found"] += bool(found)
                c["exact"] += any(p[:2] == span for p in found)
            forms[item.kind][item.form][0] += 1
            forms[item.kind][item.form][1] += bool(found)
            if not found and len(misses[item.kind]) < examples:
                taken = ",".join(p[2] for p in preds if overlap(p[:2], span)) or "nothing"
                misses[item.kind].append(f"[{doc.lang} {item.form}] {_snippet(doc.text, *span)} → {taken}")
        for pred in preds:
            correct = any(not i.lookalike and matches(pred, i) for i in doc.items)
            for lang in (doc.lang, "all"):
                counts[pred[2]][lang]["predicted"] += 1
                counts[pred[2]][lang]["correct"] += correct
            if not correct and len(false_pos[pred[2]]) < examples:
                under = [i.kind for i in doc.items if overlap(pred[:2], (i.start, i.end))] or ["carrier text"]
                false_pos[pred[2]].append(f"[{doc.lang}] {_snippet(doc.text, *pred[:2])} on {','.join(under)}")
    return {"counts": counts, "forms": {t: dict(f) for t, f in forms.items()},
            "lookalikes": {c: {**v, "hit_as": dict(v["hit_as"])} for c, v in looks.items()},
            "misses": misses, "false_positives": false_pos}


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "–"


def _row(kind: str, lang: str, c: dict) -> str:
    return (f"| {kind} | {lang} | {c['gold']} | {_ratio(c['found'], c['gold'])} | {_ratio(c['exact'], c['found'])} | "
            f"{c['predicted']} | {_ratio(c['correct'], c['predicted'])} |")


def render(result: dict) -> str:
    """The evaluation as markdown: the per-type table, look-alike survival, formats below 100 %, examples."""
    out = ["| type | lang | gold | recall | exact | predicted | precision |", "|---|---|---:|---:|---:|---:|---:|"]
    total = _empty()
    for kind, by_lang in result["counts"].items():
        out += [_row(kind, lang, c) for lang, c in by_lang.items()]
        total = {k: total[k] + by_lang["all"][k] for k in total}
    out.append(_row("**all**", "all", total))
    out += ["", "| look-alike | planted | survived | survival | taken for |", "|---|---:|---:|---:|---|"]
    n = survived = 0
    for cat, v in result["lookalikes"].items():
        hit_as = ", ".join(f"{k} {c}" for k, c in sorted(v["hit_as"].items())) or "–"
        out.append(f"| {cat} | {v['n']} | {v['survived']} | {_ratio(v['survived'], v['n'])} | {hit_as} |")
        n, survived = n + v["n"], survived + v["survived"]
    out.append(f"| **all** | {n} | {survived} | {_ratio(survived, n)} | |")
    weak = [f"- {kind} `{form}`: {found}/{gold}" for kind, fs in result["forms"].items()
            for form, (gold, found) in sorted(fs.items()) if found < gold]
    out += ["", "Formats with misses:", "", *(weak or ["- none"]), "", "First misses and false positives:", ""]
    for kind in result["counts"]:
        out += [f"- {kind} miss: `{m}`" for m in result["misses"][kind]]
        out += [f"- {kind} false positive: `{f}`" for f in result["false_positives"][kind]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-type", type=int, default=300, help="PII items planted per type, half en, half ja")
    ap.add_argument("--lookalikes", type=int, default=None, help="look-alikes planted (default 2 x per-type)")
    ap.add_argument("--examples", type=int, default=3, help="misses and false positives shown per type")
    ap.add_argument("--json", help="also write the full result as JSON here")
    args = ap.parse_args(argv)
    docs = build_corpus(args.seed, args.per_type, args.lookalikes)
    result = evaluate(docs, examples=args.examples)
    print(f"seed {args.seed}: {len(docs)} documents\n\n{render(result)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"seed": args.seed, "per_type": args.per_type, "docs": len(docs), **result}, fh,
                      ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
