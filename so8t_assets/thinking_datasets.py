"""`thinking_datasets`: chat-format training records with four tagged parts, per session.

Each cleansed document gives one or more user requests; the assistant turn reasons in
`<think-task>`, `<think-safety>`, `<think-policy>` and answers in `<final>` as its
four-class label calls for. `thinking_audit` keeps the SHA-256 of each record's thinking;
`thinking_rejects` keeps records that failed validation, with the reasons. Blocking checks
run over every record before anything is published.
"""

import json
import time
from collections import Counter
from contextlib import ExitStack

import pyarrow as pa
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.thinking.backends import backend_for
from so8t_assets.steps.thinking.checks import RecordChecks
from so8t_assets.steps.thinking.generate import build_records
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import aligned_batches, partition_path, partition_stream, refresh_catalog
from so8t_resources.tracking_resource import TrackingResource

CHECKS = ("records_valid", "public_view_has_no_thinking", "audit_hashes_recompute")
RECORD_SCHEMA = pa.schema([
    ("record_id", pa.string()), ("session", pa.string()), ("doc_id", pa.string()), ("lang", pa.string()),
    ("task", pa.string()), ("four_class", pa.string()), ("domain", pa.string()), ("hazards", pa.list_(pa.string())),
    ("messages", pa.string()), ("generator", pa.string()), ("created_at", pa.string()),
])
AUDIT_SCHEMA = pa.schema([("record_id", pa.string()), ("thinking_sha256", pa.string()), ("generator", pa.string()),
                          ("created_at", pa.string())])
REJECT_SCHEMA = pa.schema([("record_id", pa.string()), ("doc_id", pa.string()), ("task", pa.string()),
                           ("four_class", pa.string()), ("generator", pa.string()),
                           ("problems", pa.list_(pa.string()))])


def _labelled_docs(data_root, session_id: str, batch_size: int):
    """Batches of cleansed documents with their labels and hazard scores."""
    tables = {"four_class_labels": None, "domain_labels": ["doc_id", "hazard_scores"],
              "cleansed_text": ["doc_id", "text"]}
    for batch in aligned_batches(data_root, session_id, tables, batch_size):
        yield [{**r, "hazard_scores": json.loads(r["hazard_scores"])} for r in batch]


@asset(partitions_def=sessions_partitions, group_name="datasets",
       deps=[AssetKey("four_class_labels"), AssetKey("domain_labels"), AssetKey("cleansed_text")],
       check_specs=[AssetCheckSpec(name, asset="thinking_datasets", blocking=True) for name in CHECKS],
       kinds={"python", "parquet"})
@stops_on_interrupt
def thinking_datasets(context: AssetExecutionContext, settings: SettingsResource,
                      tracking: TrackingResource) -> MaterializeResult:
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    cfg = settings_from_dict(read_manifest(data_root, session_id)["config"])
    backend = backend_for(cfg.thinking, log=context.log.info)
    checks, classes, rejected = RecordChecks(), Counter(), Counter()
    with ExitStack() as stack:
        write_records, write_audit, write_rejects = (
            stack.enter_context(partition_stream(data_root, name, session_id, schema))
            for name, schema in (("thinking_datasets", RECORD_SCHEMA), ("thinking_audit", AUDIT_SCHEMA),
                                 ("thinking_rejects", REJECT_SCHEMA)))
        for docs in _labelled_docs(data_root, session_id, cfg.thinking.batch_size * 8):
            outcome = build_records(session_id, docs, cfg.thinking, backend)
            rows = [{**r, "messages": json.dumps(r["messages"], ensure_ascii=False)} for r in outcome.records]
            audit = {r["record_id"]: r["thinking_sha256"] for r in rows}
            checks.feed(rows, audit, {d["doc_id"]: d["text"] for d in docs})
            write_records(rows)
            write_audit(rows)
            write_rejects(outcome.rejects)
            classes.update((r["four_class"], r["lang"]) for r in rows)
            rejected.update(p.split(":", 1)[0] for r in outcome.rejects for p in r["problems"])
        results = checks.results()
        failed = [name for name, (passed, _) in results.items() if not passed]
        if failed:  # raising inside the block removes the unfinished files: nothing is published
            raise Failure(f"session {session_id}: thinking_datasets failed {', '.join(failed)}; nothing was written",
                          metadata={"examples": "\n".join(checks.examples)})
    refresh_catalog(data_root)
    by_class = Counter({f"{c} / {lang}": n for (c, lang), n in classes.items()})
    tracked = tracking.session(cfg, session_id).log_phase_complete(
        "thinking_datasets", {"records": checks.records, "rejected": sum(rejected.values()),
                              "by_class": dict(Counter(c for c, _ in classes.elements())),
                              "duration_s": time.monotonic() - started}, params={"generator": backend.version})
    return MaterializeResult(
        metadata={
            "tracking": tracked,
            "dagster/row_count": checks.records,
            "generator": backend.version,
            "records_by_class_and_language": MetadataValue.md(counts_table("class / language", by_class, "records")),
            "rejected": MetadataValue.md(counts_table("problem", rejected, "records")),
            "path": MetadataValue.path(str(partition_path(data_root, "thinking_datasets", session_id))),
        },
        check_results=[AssetCheckResult(check_name=name, passed=passed, metadata=meta,
                                        severity=AssetCheckSeverity.ERROR)
                       for name, (passed, meta) in results.items()],
    )
