"""Cleansing throughput and memory: our Cleanser against datatrove's equivalent pipeline.

    python -m bench.cleanse_bench [--docs 10000] [--json results.json] [--skip-datatrove] [--ja-share 0.3]

Writes N synthetic pages (bench.cleanse_corpus: English and Japanese, low-quality pages and
near-duplicates) to a JSONL file in a temporary folder and runs each side over it in a child
process pinned to one core: ours streams the file with `iter_records` into `Cleanser.run`
and discards the outcomes; datatrove (bench/datatrove_side.py) runs in `.venv-bench`, which
needs `datatrove[processing]==0.10.1 spacy orjson` (see docs/cleanse_bench.md). Peak memory
is each child's own ru_maxrss. Not a CI test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.cleanse_corpus import write_corpus
from bench.common import BENCH_PYTHON, OFFLINE_ENV, ROOT, last_json_line, save_json


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_ours(corpus: Path) -> dict:
    """The child: stream the corpus through the Cleanser, keep nothing but counts."""
    from so8t_assets.steps.cleanse.pipeline import Cleanser
    from so8t_assets.steps.records import iter_records
    from so8t_resources.config import CleansingConfig

    cleanser = Cleanser(CleansingConfig())
    after_import = _peak_mb()
    started = time.perf_counter()
    docs = ((r["id"], r) for batch in iter_records(corpus, [], batch=500, present=("text",)) for r in batch)
    n, kept = 0, Counter()
    for outcome in cleanser.run(docs):
        n += 1
        if outcome.kept:
            kept[outcome.row["lang"]] += 1
    return {"side": "ours", "docs": n, "seconds": round(time.perf_counter() - started, 3),
            "kept": sum(kept.values()), "kept_by_lang": dict(kept), "drop_reasons": dict(cleanser.drop_reasons),
            "rss_after_import_mb": after_import, "peak_rss_mb": _peak_mb()}


def _one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def child(cmd: list[str], log: Path) -> dict:
    """Run one side in a child process pinned to one core; its last stdout line is its JSON."""
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **OFFLINE_ENV}, stdout=subprocess.PIPE,
                              stderr=err, text=True, preexec_fn=_one_core)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
        sys.exit(f"{cmd[0]} failed (exit {proc.returncode}):\n" + "\n".join(tail))
    result = last_json_line(proc.stdout)
    result["wall_seconds"] = round(time.monotonic() - started, 1)  # includes interpreter start and imports
    result["docs_per_s"] = round(result["docs"] / result["seconds"], 1)
    return result


def report(corpus: dict, results: list[dict]) -> None:
    print(f"corpus: {corpus['docs']} docs, {corpus['mb']} MB ("
          + ", ".join(f"{k} {v}" for k, v in sorted(corpus["kinds"].items())) + ")")
    print(f"{'side':<10}{'docs':>8}{'seconds':>10}{'docs/s':>9}{'kept':>8}{'peak RSS MB':>13}")
    for r in results:
        print(f"{r['side']:<10}{r['docs']:>8}{r['seconds']:>10.1f}{r['docs_per_s']:>9.1f}{r['kept']:>8}"
              f"{r['peak_rss_mb']:>13.0f}")
    for r in results:
        drops = ", ".join(f"{k} {v}" for k, v in sorted(r["drop_reasons"].items(), key=lambda kv: -kv[1]))
        print(f"{r['side']} drops: {drops}")
    ours = results[0]
    print(f"ours: kept by language {ours['kept_by_lang']}; RSS after imports {ours['rss_after_import_mb']:.0f} MB")
    if len(results) > 1:
        print(f"datatrove stage seconds: {results[1]['stage_seconds']}")
        print(f"ours/datatrove docs/s: {ours['docs_per_s'] / results[1]['docs_per_s']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--json", type=Path, help="also save the results here")
    ap.add_argument("--skip-datatrove", action="store_true")
    ap.add_argument("--ja-share", type=float, default=0.3, help="share of Japanese pages (0 = English only)")
    ap.add_argument("--child-ours", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_ours:
        print(json.dumps(run_ours(args.child_ours)))
        return
    if not args.skip_datatrove and not BENCH_PYTHON.exists():
        sys.exit(f"{BENCH_PYTHON} not found: create .venv-bench (docs/cleanse_bench.md) or pass --skip-datatrove")
    with tempfile.TemporaryDirectory(prefix="so8t-cleanse-bench-") as tmp:
        tmp = Path(tmp)
        path = tmp / "corpus.jsonl"
        kinds = write_corpus(path, args.docs, ja_share=args.ja_share)
        corpus = {"docs": args.docs, "ja_share": args.ja_share, "kinds": dict(kinds),
                  "mb": round(path.stat().st_size / 2**20, 1)}
        results = [child([sys.executable, "-m", "bench.cleanse_bench", "--child-ours", str(path)], tmp / "ours.log")]
        if not args.skip_datatrove:
            (tmp / "datatrove").mkdir()
            results.append(child([str(BENCH_PYTHON), str(ROOT / "bench" / "datatrove_side.py"), str(path),
                                  str(tmp / "datatrove")], tmp / "datatrove.log"))
    report(corpus, results)
    save_json(args.json, {"corpus": corpus, "results": results})


if __name__ == "__main__":
    main()
