"""`python -m bench all [--smoke] [--out DIR]`: every comparison, one summary line each, JSON per stage.

Stages: crawl (ours vs Scrapy), extraction (ours vs trafilatura), cleansing (ours vs datatrove at
10k documents; ours alone at 100k, where datatrove would take over half an hour), classification
(ours vs alt-profanity-check), end to end (1k and 10k pages). The comparators live in
`.venv-bench` (bench/README.md). `--smoke` runs every stage at a tiny size, which proves the
scripts still work and measures nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

FULL = {"crawl": ["--pages", "5000", "--hosts", "8", "--polite-pages", "160"], "extract": ["--pages", "1000"],
        "cleanse": ["--docs", "10000"], "cleanse_100k": ["--docs", "100000", "--skip-datatrove"],
        "classify": ["--texts", "100000"], "e2e": ["--pages", "1000", "10000"]}
SMOKE = {"crawl": ["--pages", "40", "--hosts", "2", "--polite-pages", "8"], "extract": ["--pages", "20"],
         "cleanse": ["--docs", "200"], "classify": ["--texts", "200"], "e2e": ["--pages", "40"]}
MODULES = {"crawl": "bench.crawl_compare", "extract": "bench.extract_bench", "cleanse": "bench.cleanse_bench",
           "cleanse_100k": "bench.cleanse_bench", "classify": "bench.classify_bench", "e2e": "bench.e2e_bench"}


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["all", *MODULES])
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("bench/results"))
    args = ap.parse_args()
    plan = SMOKE if args.smoke else FULL
    stages = [s for s in plan if args.what in ("all", s)]
    failed = []
    for stage in stages:
        print(f"== {stage}", flush=True)
        json_path = args.out / ("smoke" if args.smoke else "") / f"{stage}.json"
        if subprocess.run([sys.executable, "-m", MODULES[stage], *plan[stage], "--json", str(json_path)]).returncode:
            failed.append(stage)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
