"""Our NSFW and four-class classifiers against alt-profanity-check on the same texts.

    python -m bench.classify_bench [--texts 100000] [--json F]

The texts are the team's labelled NSFW and safety sets (Japanese and English), repeated with a
numbered suffix to N. Ours: `so8t classify nsfw` and `so8t classify safety` over the JSONL (the
user's path: read, score, write every record back), each in a child process on one thread, with
the start-up (imports, model load) of a one-text run subtracted. alt-profanity-check: its shipped
model's `predict_prob` in batches, timed inside its process (bench/profanity_side.py). It is an
English profanity filter, so the figure is cost, not quality: it answers a narrower question.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BENCH_PYTHON, OFFLINE_ENV, ROOT, last_json_line, save_json
from bench.nsfw_bench import child_run


def write_texts(path: Path, n: int) -> None:
    from so8t_assets.steps.nsfw.dataset import seed_examples as nsfw_examples
    from so8t_assets.steps.safety.dataset import seed_examples as safety_examples

    texts = [e.text for e in nsfw_examples()] + [e.text for e in safety_examples()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": i, "text": f"{texts[i % len(texts)]} #{i}"}, ensure_ascii=False) + "\n")


def train(data_root: Path) -> None:
    from so8t_assets.steps.nsfw import dataset as nsfw_data
    from so8t_assets.steps.nsfw.loader import models_root as nsfw_root
    from so8t_assets.steps.nsfw.train import train_sklearn as train_nsfw
    from so8t_assets.steps.safety import dataset as safety_data
    from so8t_assets.steps.safety.store import models_root as safety_root
    from so8t_assets.steps.safety.train import train_sklearn as train_safety
    from so8t_resources.config import Settings

    cfg = Settings()
    train_nsfw(*nsfw_data.split(nsfw_data.seed_examples(), cfg.nsfw_detection.heldout_fraction),
               nsfw_root(data_root), cfg.nsfw_detection.threshold)
    train_safety(*safety_data.split(safety_data.seed_examples(), cfg.four_class.heldout_fraction),
                 safety_root(data_root), cfg.four_class)


def ours(what: str, texts: Path, tiny: Path, root: Path, env: dict) -> dict:
    so8t = os.path.join(os.path.dirname(sys.executable), "so8t")
    cmd = [so8t, "classify", what, "--output", str(root / f"{what}.jsonl"), "--config", str(root / "so8t.yaml")]
    base_s, _ = child_run(cmd + ["--input", str(tiny)], env)
    seconds, peak = child_run(cmd + ["--input", str(texts)], env)
    n = sum(1 for _ in open(texts, encoding="utf-8"))
    work_s = max(seconds - base_s, 1e-3)  # start-up noise can exceed a tiny (smoke) run's work
    return {"side": f"so8t classify {what}", "texts": n, "seconds": round(work_s, 2),
            "startup_s": round(base_s, 2), "texts_per_s": round(n / work_s, 1), "peak_rss_mb": round(peak)}


def compare(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="so8t-classify-bench-") as tmp:
        root = Path(tmp)
        train(root / "data")
        (root / "so8t.yaml").write_text(f"storage: {{data_root: '{root / 'data'}'}}\n")
        texts, tiny = root / "texts.jsonl", root / "tiny.jsonl"
        write_texts(texts, n)
        write_texts(tiny, 1)
        env = {**os.environ, **OFFLINE_ENV, "DAGSTER_HOME": str(root)}
        nsfw, safety = ours("nsfw", texts, tiny, root, env), ours("safety", texts, tiny, root, env)
        out = subprocess.run([str(BENCH_PYTHON), str(ROOT / "bench" / "profanity_side.py"), str(texts)],
                             capture_output=True, text=True, check=True, env={**os.environ, **OFFLINE_ENV})
        profanity = last_json_line(out.stdout)
    print(f"classification ({n} texts, one thread): nsfw {nsfw['texts_per_s']} texts/s, four-class "
          f"{safety['texts_per_s']}, alt-profanity-check {profanity['texts_per_s']}; "
          f"nsfw/profanity-check {nsfw['texts_per_s'] / profanity['texts_per_s']:.2f}x, "
          f"four-class/profanity-check {safety['texts_per_s'] / profanity['texts_per_s']:.2f}x")
    return {"nsfw": nsfw, "four_class": safety, "alt_profanity_check": profanity}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=100_000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = compare(args.texts)
    save_json(args.json, results)


if __name__ == "__main__":
    main()
