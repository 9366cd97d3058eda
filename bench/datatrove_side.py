"""datatrove 0.10.1's side of `bench.cleanse_bench`: runs in its own venv (it needs pandas 3).

    .venv-bench/bin/python bench/datatrove_side.py CORPUS.jsonl WORKDIR

Gopher quality, Gopher repetition, C4 and FineWeb filters, then all four MinHash stages
(signatures, buckets, clusters, filter), each a LocalPipelineExecutor with one worker, in
this one process. Prints one JSON line: seconds per stage and in all, docs, kept, drop
reasons and this process's peak RSS. Offline: the English word tokenizer is a blank spaCy
pipeline, nothing is downloaded.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import (
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

# datatrove's own MinHash defaults (FineWeb's: word 5-grams, 14 bands x 8 rows): the same 112
# hashes per document as our CleansingConfig (28 x 4). datatrove treats every band match as a
# duplicate, so it needs the stricter bands; ours checks each candidate's estimated Jaccard (>= 0.7).
MINHASH = MinhashConfig()


def main() -> None:
    corpus, work = Path(sys.argv[1]), Path(sys.argv[2])
    stages = {
        "filters+signatures": ([
            JsonlReader(str(corpus.parent), glob_pattern=corpus.name),
            GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter(),
            JsonlWriter(str(work / "filtered"), compression=None),
            MinhashDedupSignature(str(work / "signatures"), config=MINHASH),
        ], 1),
        # Buckets insist on tasks divisible by the band count: 14 tasks, run one after another.
        "buckets": ([MinhashDedupBuckets(str(work / "signatures"), str(work / "buckets"), config=MINHASH)],
                    MINHASH.num_buckets),
        "cluster": ([MinhashDedupCluster(str(work / "buckets"), str(work / "remove_ids"), config=MINHASH)], 1),
        "dedup_filter": ([
            JsonlReader(str(work / "filtered")),
            MinhashDedupFilter(str(work / "remove_ids")),
            JsonlWriter(str(work / "kept"), compression=None),
        ], 1),
    }
    seconds: dict[str, float] = {}
    step_seconds: dict[str, float] = {}  # a generator step's time includes the steps before it
    drops: Counter = Counter()
    for name, (pipeline, tasks) in stages.items():
        started = time.perf_counter()
        stats = LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(work / "logs" / name)).run()
        seconds[name] = round(time.perf_counter() - started, 3)
        for step in stats.stats:  # filters count dropped_<reason>; the MinHash filter only "dropped"
            label = " ".join(step.name.encode("ascii", "ignore").decode().split()).strip(" -")  # no emoji
            step_seconds[label] = round(step.time_stats.total, 2)
            for key, value in step.stats.items():
                if key.startswith("dropped_") or (key == "dropped" and "MinHash" in step.name):
                    drops[key.removeprefix("dropped_").replace("dropped", "minhash_duplicate")] += int(value.total)
    kept = sum(1 for f in (work / "kept").glob("*.jsonl") for _ in open(f, encoding="utf-8"))
    docs = sum(1 for _ in open(corpus, encoding="utf-8"))
    print(json.dumps({"side": "datatrove", "docs": docs, "seconds": round(sum(seconds.values()), 3),
                      "stage_seconds": seconds, "step_seconds": step_seconds, "kept": kept, "drop_reasons": dict(drops),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
