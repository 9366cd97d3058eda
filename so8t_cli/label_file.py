"""The shape every `so8t classify …` command shares: read records in batches, add labels, write JSONL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from so8t_resources.atomic import write_atomic


def label_file(args, label: Callable[[list[str]], list[dict]]) -> int:
    """Every record of args.input plus the fields label(texts) returns for it, as JSONL in args.output,
    batch by batch; a failed run leaves no half-written output. Returns the number of records."""
    from so8t_assets.steps.records import iter_records

    batches = iter_records(args.input, [args.text_field], batch=args.batch)
    n = 0

    def write(tmp: Path) -> None:
        nonlocal n
        with open(tmp, "w", encoding="utf-8") as out:
            for batch in batches:
                for record, fields in zip(batch, label([str(r[args.text_field]) for r in batch]), strict=True):
                    out.write(json.dumps({**record, **fields}, ensure_ascii=False, default=str) + "\n")
                    n += 1

    write_atomic(Path(args.output), write)
    return n
