"""`so8t cleanse`: the cleansing steps over a corpus that did not come from a crawl.

The text field is always cleansed and redacted; so is every other string field of a kept
record (`--redact-fields F1,F2` names them instead; the --id-field stays as it is unless named,
since dup_cluster and duplicate_of refer to it). A Parquet output needs one type per field:
a field that holds, say, numbers in one record and text in another is a one-line error naming
it, and nothing is written (its values are the user's to fix, not ours to turn into strings).
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path


def rejects_path(output: Path) -> Path:
    """Where rejects go without --rejects: beside the output, `NAME.rejects.EXT`."""
    return output.with_name(f"{output.stem}.rejects{output.suffix}")


def _numbered(batches, id_field: str | None):
    """(doc id, record): the --id-field value, else the record's 1-based position."""
    n = 0
    for batch in batches:
        for record in batch:
            n += 1
            yield (str(record[id_field]) if id_field else str(n)), record


def redact_choice(args):
    """What `Cleanser.run` redacts besides the text field: the named fields, else all but the id."""
    named = args.redact_fields
    if named is None:
        return lambda name: name != args.id_field
    return {f.strip() for f in named.split(",") if f.strip()}


def cleanse(args) -> int:
    from so8t_assets.metadata import counts_table
    from so8t_assets.steps.cleanse.pipeline import Cleanser
    from so8t_assets.steps.records import iter_records, record_format, record_sink
    from so8t_cli.commands import current_settings
    from so8t_cli.main import UsageError

    source, output = Path(args.input), Path(args.output)
    rejects = Path(args.rejects) if args.rejects else rejects_path(output)
    record_format(output), record_format(rejects)  # an unknown suffix fails before any work
    paths = {p.resolve() for p in (source, output, rejects)}
    if len(paths) < 3:
        raise UsageError("--input, --output and --rejects must be three different files")
    settings = current_settings()
    cfg = settings.cleansing
    cleanser = Cleanser(cfg, settings.data_root() if args.against_sessions else None)
    batches = iter_records(source, [args.id_field] if args.id_field else [], batch=cfg.batch_size,
                           present=(args.text_field,))
    outcomes = cleanser.run(_numbered(batches, args.id_field), text_field=args.text_field,
                            redact_fields=redact_choice(args))
    kept = dropped = 0
    with record_sink(output) as sink_kept, record_sink(rejects) as sink_rejects:
        while batch := list(islice(outcomes, cfg.batch_size)):
            sink_kept([o.row for o in batch if o.kept])
            sink_rejects([o.row for o in batch if not o.kept])
            kept += sum(o.kept for o in batch)
            dropped += sum(not o.kept for o in batch)
    print(f"{kept} kept → {output}; {dropped} rejected → {rejects}")
    if cleanser.drop_reasons:
        print(counts_table("drop reason", cleanser.drop_reasons))
    if cleanser.pii_counts:
        print(counts_table("PII type", cleanser.pii_counts))
    return 0
