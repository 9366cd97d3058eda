"""`so8t export`: a session's dataset as JSONL or Parquet, private or public.

The public view comes from `public_view` alone (the assistant turn reduced to `<final>`),
and every exported public record is checked for thinking text before it is written.
"""

from __future__ import annotations

import json
from pathlib import Path


def _schema(public: bool):
    import pyarrow as pa

    messages = pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))
    fields = [("record_id", pa.string()), ("session", pa.string()), ("doc_id", pa.string()), ("lang", pa.string()),
              ("task", pa.string()), ("four_class", pa.string()), ("domain", pa.string()), ("messages", messages)]
    if not public:
        fields += [("hazards", pa.list_(pa.string())), ("generator", pa.string()), ("created_at", pa.string())]
    return pa.schema(fields)


def _is_stored_data(output: Path, data_root: Path) -> bool:
    """Whether output would overwrite a stored partition, a session's files or the catalog."""
    out = output.resolve()
    try:
        parts = out.relative_to(data_root).parts
    except ValueError:
        return False
    return parts[:1] == ("sessions",) or out.name.startswith("catalog.duckdb") or \
        any(p.startswith("session=") for p in parts)


def export(args) -> int:
    import pyarrow.parquet as pq

    from so8t_assets.steps.thinking.record import public_view
    from so8t_cli.commands import current_settings
    from so8t_cli.main import UsageError
    from so8t_resources.atomic import atomic_path
    from so8t_resources.sessions import check_session_id, read_manifest
    from so8t_resources.storage import parquet_stream, partition_path

    data_root = current_settings().data_root()
    read_manifest(data_root, check_session_id(args.session))  # an unknown session says so, not "run it"
    source = partition_path(data_root, "thinking_datasets", args.session)
    if not source.exists():
        raise UsageError(f"session {args.session} has no thinking_datasets yet (expected {source}): "
                         f"run `so8t run --session {args.session}`")
    output = Path(args.output)
    if _is_stored_data(output, data_root) or (output.exists() and output.samefile(source)):
        raise UsageError(f"--output {output} is inside the stored data under {data_root}: "
                         "write the export somewhere else")
    fmt = args.format or ("parquet" if output.suffix.lower() == ".parquet" else "jsonl")
    n = 0

    def rows():
        nonlocal n
        for batch in pq.ParquetFile(source).iter_batches(batch_size=1000):
            out = []
            for r in batch.to_pylist():
                r = {**r, "messages": json.loads(r["messages"])}
                if args.public:
                    r = public_view(r)
                    if "<think" in json.dumps(r, ensure_ascii=False):  # never reached; refuses to publish if so
                        raise UsageError(f"record {r['record_id']}: thinking text in the public view; nothing written")
                out.append(r)
            n += len(out)
            yield out

    if fmt == "parquet":
        with parquet_stream(output, _schema(args.public)) as write:
            for batch in rows():
                write(batch)
    else:
        with atomic_path(output) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            for batch in rows():
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)
    print(f"{n} {'public' if args.public else 'private'} records → {output} ({fmt})")
    return 0
