"""NSFW classification throughput on one core, and memory while streaming 10k vs 100k texts.

    python -m bench.nsfw_bench [--sizes 10000 100000]

Trains the default (sklearn) model into a temporary data root, writes N short texts as
JSONL, and runs `so8t classify nsfw` on them in a child process pinned to one thread;
prints texts/s and the child's peak RSS per size. Flat memory = streaming works.
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
from pathlib import Path

from so8t_assets.steps.nsfw.dataset import seed_examples, split
from so8t_assets.steps.nsfw.loader import models_root
from so8t_assets.steps.nsfw.train import train_sklearn


def child_run(args: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="so8t-nsfw-bench-") as tmp:
        root = Path(tmp)
        train, heldout = split(seed_examples(), 0.2)
        train_sklearn(train, heldout, models_root(root / "data"), 0.5)
        (root / "so8t.yaml").write_text(f"storage: {{data_root: '{root / 'data'}'}}\n")
        texts = [e.text for e in seed_examples()]
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "DAGSTER_HOME": str(root)}
        so8t = os.path.join(os.path.dirname(sys.executable), "so8t")
        # Start-up (imports, model load) measured once and taken out of the rate.
        tiny = root / "tiny.jsonl"
        tiny.write_text(json.dumps({"text": "warm up"}) + "\n")
        base_s, _ = child_run([so8t, "classify", "nsfw", "--input", str(tiny), "--output", str(root / "o.jsonl"),
                               "--config", str(root / "so8t.yaml")], env)
        for n in sorted(args.sizes):
            src = root / f"in-{n}.jsonl"
            with open(src, "w", encoding="utf-8") as fh:
                for i in range(n):
                    fh.write(json.dumps({"id": i, "text": f"{texts[i % len(texts)]} #{i}"}, ensure_ascii=False) + "\n")
            seconds, peak = child_run([so8t, "classify", "nsfw", "--input", str(src), "--output",
                                       str(root / "out.jsonl"), "--config", str(root / "so8t.yaml")], env)
            rate = n / max(seconds - base_s, 1e-6)
            print(f"nsfw classify n={n} {rate:.0f} texts/s on one thread (start-up {base_s:.1f}s excluded), "
                  f"peak RSS so far {peak:.0f} MiB")


if __name__ == "__main__":
    main()
