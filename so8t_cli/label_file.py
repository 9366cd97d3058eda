"""The shape every `so8t classify …` command shares: read records in batches, add labels, write them
in the output's format (.jsonl, .csv or .parquet, from its suffix)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MAX_CHARS = 1_000_000  # default --max-chars: a longer text is not classified (see label_file)


def check_label_paths(args) -> None:
    """Before any model loads: a known output format, and an output that is not the input."""
    from so8t_assets.steps.records import record_format
    from so8t_cli.main import UsageError

    source, output = Path(args.input), Path(args.output)
    record_format(output)  # an unknown suffix is a one-line error
    if source.resolve() == output.resolve() or (source.exists() and output.exists() and source.samefile(output)):
        raise UsageError(f"--output {output} is the input file: write the labels to another file")
    if args.max_chars < 1:
        raise UsageError("--max-chars must be at least 1")


def label_file(args, label: Callable[[list[str]], list[dict]], fields: tuple[str, ...]) -> tuple[int, int]:
    """Every record of args.input plus the `fields` label(texts) returns for it, written to args.output
    batch by batch; a failed run leaves no half-written output. Returns (records, skipped). Callers run
    check_label_paths first, before their models load.

    A text longer than args.max_chars is not classified: its record is written with the label fields
    empty and `skipped` saying why (every other record has `skipped` empty). A label computed from
    part of a text would speak for text the model never read, and the work per record stays bounded."""
    from so8t_assets.steps.records import iter_records, record_sink

    n = skipped = 0
    with record_sink(args.output) as write:
        for batch in iter_records(args.input, [args.text_field], batch=args.batch):
            texts = [str(r[args.text_field]) for r in batch]
            fits = [i for i, t in enumerate(texts) if len(t) <= args.max_chars]
            labels = dict(zip(fits, label([texts[i] for i in fits]) if fits else [], strict=True))
            rows = []
            for i, record in enumerate(batch):
                if i in labels:
                    rows.append({**record, **{k: labels[i][k] for k in fields}, "skipped": None})
                    continue
                rows.append({**record, **dict.fromkeys(fields), "skipped":
                             f"too_large: {len(texts[i]):,} characters > --max-chars {args.max_chars:,}"})
                skipped += 1
            write(rows)
            n += len(rows)
    return n, skipped


def skipped_note(skipped: int, max_chars: int) -> str:
    return f"; {skipped} skipped (longer than --max-chars {max_chars:,})" if skipped else ""
