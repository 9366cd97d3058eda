"""Safety labelling: held-out figures per language and kind, and throughput on one core.

    python -m bench.safety_bench [--texts 5000] [--json PATH]

Trains the default (sklearn) safety model on the seed set's training split in a child
process pinned to one thread, prints the held-out table (model + policy, and the model
alone), then labels N texts (held-out texts repeated) and prints texts/s. The held-out
split is never trained on or tuned against.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def _run(n_texts: int) -> dict:
    import tempfile
    from pathlib import Path

    from so8t_assets.steps.safety.dataset import seed_examples, split
    from so8t_assets.steps.safety.labeller import SafetyLabeller
    from so8t_assets.steps.safety.store import models_root
    from so8t_assets.steps.safety.train import train_sklearn
    from so8t_resources.config import Settings

    cfg = Settings().four_class
    train, heldout = split(seed_examples(), cfg.heldout_fraction)
    with tempfile.TemporaryDirectory(prefix="so8t-safety-bench-") as tmp:
        started = time.monotonic()
        version, _, metrics = train_sklearn(train, heldout, models_root(Path(tmp)), cfg)
        train_s = time.monotonic() - started
        labeller = SafetyLabeller(cfg, Path(tmp))
        texts = [heldout[i % len(heldout)].text for i in range(n_texts)]
        started = time.monotonic()
        for i in range(0, len(texts), 256):
            labeller.label(texts[i:i + 256])
        label_s = time.monotonic() - started
    return {"version": version, "n_train": len(train), "n_heldout": len(heldout), "train_s": round(train_s, 1),
            "texts": n_texts, "texts_per_s": round(n_texts / label_s, 1), "metrics": metrics}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=5000)
    ap.add_argument("--json")
    ap.add_argument("--figures", help="folder for the held-out confusion matrix and seed-set distribution PNGs")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_run(args.texts)))
        return
    import subprocess

    from so8t_assets.steps.safety.metrics import format_confusion, format_summary

    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-m", "bench.safety_bench", "--child", "--texts", str(args.texts)],
                         env=env, check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(f"safety model {result['version']}: {result['n_train']} training examples, "
          f"{result['n_heldout']} held out; trained in {result['train_s']} s on one core\n")
    print("Held-out, model + policy:\n")
    print(format_summary(result["metrics"]["policy"]))
    print("\nHeld-out, model alone:\n")
    print(format_summary({"all": result["metrics"]["model_only"]["all"]}))
    print("\nConfusion (model + policy):\n")
    print(format_confusion(result["metrics"]["policy"]["all"]))
    print(f"\ndomain accuracy {result['metrics']['domain_accuracy']}, hazard-set exact match "
          f"{result['metrics']['hazard_exact_match']}")
    print(f"\nthroughput: {result['texts_per_s']} texts/s on one core ({result['texts']} texts)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=2)
    if args.figures:
        from collections import Counter
        from pathlib import Path

        from so8t_assets.steps.safety.dataset import seed_examples
        from so8t_assets.steps.safety.plots import confusion_png, distribution_png

        folder = Path(args.figures)
        overall = result["metrics"]["policy"]["all"]
        confusion_png(overall["confusion"], folder / "safety_heldout_confusion.png",
                      f"held-out confusion ({overall['n']} examples)")
        distribution_png(Counter(e.four_class for e in seed_examples()), folder / "safety_seed_distribution.png",
                         "team-written seed set")


if __name__ == "__main__":
    main()
