"""alt-profanity-check's side of `bench.classify_bench`: its shipped model, in `.venv-bench`
(it pins scikit-learn and joblib, so it never enters the project's environment).

    .venv-bench/bin/python bench/profanity_side.py TEXTS.jsonl

Scores every text in batches of 512 with `predict_prob`; prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time

from profanity_check import predict_prob


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    predict_prob(texts[:10])  # load the model before timing
    started = time.perf_counter()
    flagged = 0
    for i in range(0, len(texts), 512):
        flagged += int((predict_prob(texts[i:i + 512]) >= 0.5).sum())
    seconds = time.perf_counter() - started
    print(json.dumps({"side": "alt-profanity-check", "texts": len(texts), "seconds": round(seconds, 2),
                      "texts_per_s": round(len(texts) / seconds, 1), "flagged": flagged}))


if __name__ == "__main__":
    main()
