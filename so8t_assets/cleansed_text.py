"""`cleansed_text`: one row per kept document of a session: normalised, PII-redacted text and title,
language, PII counts and its near-duplicate cluster. Every dropped page is a row of the
session's `cleansed_rejects` with the rule that dropped it (and the copy it repeats)."""

import json
import time
from contextlib import ExitStack
from itertools import islice

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.cleanse.dedup import BAND_SCHEMA, BANDS_TABLE, band_rows
from so8t_assets.steps.cleanse.pipeline import Cleanser
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import partition_path, partition_stream, refresh_catalog
from so8t_resources.tracking_resource import TrackingResource

COLUMNS = ["url", "title", "text"]
REDACTED = ("title",)  # besides text; url stays: it is the row's id, joined to raw_pages and dup_cluster
BASE = [("doc_id", pa.string()), ("url", pa.string()), ("title", pa.string()), ("text", pa.string()),
        ("lang", pa.string()), ("lang_score", pa.float64())]
KEPT_SCHEMA = pa.schema([*BASE, ("pii_counts", pa.string()), ("dup_cluster", pa.string())])
REJECTS_SCHEMA = pa.schema([*BASE, ("drop_reason", pa.string()), ("duplicate_of", pa.string())])


def _pages(path, batch_size: int):
    """(url, page) for fetched pages with text, streamed from raw_pages in batches."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=COLUMNS + ["outcome"]):
        for row in batch.to_pylist():
            if row["outcome"] == "ok" and row["text"]:
                yield row["url"], {"doc_id": row["url"], "url": row["url"], "title": row["title"], "text": row["text"]}


@asset(partitions_def=sessions_partitions, group_name="cleanse", deps=[AssetKey("raw_pages")],
       kinds={"python", "parquet"})
@stops_on_interrupt
def cleansed_text(context: AssetExecutionContext, settings: SettingsResource,
                  tracking: TrackingResource) -> MaterializeResult:
    """Streams raw_pages through the cleanser a batch at a time into three Parquet files
    (kept, rejects, band signatures), each of which appears whole or not at all."""
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    manifest = read_manifest(data_root, session_id)
    session_settings = settings_from_dict(manifest["config"])
    cfg = session_settings.cleansing
    cleanser = Cleanser(cfg, data_root, session_id, manifest["created_at"])
    outcomes = cleanser.run(_pages(partition_path(data_root, "raw_pages", session_id), cfg.batch_size),
                            redact_fields=REDACTED)
    n_kept = n_rejected = 0
    with ExitStack() as files:
        write_kept, write_rejects, write_bands = (
            files.enter_context(partition_stream(data_root, name, session_id, schema))
            for name, schema in (("cleansed_text", KEPT_SCHEMA), ("cleansed_rejects", REJECTS_SCHEMA),
                                 (BANDS_TABLE, BAND_SCHEMA)))
        while batch := list(islice(outcomes, cfg.batch_size)):
            kept = [o for o in batch if o.kept]
            write_kept([{**o.row, "pii_counts": json.dumps(o.row["pii_counts"], sort_keys=True)} for o in kept])
            write_rejects([o.row for o in batch if not o.kept])
            write_bands(band_rows([o.fingerprint for o in kept], manifest["created_at"]))
            n_kept, n_rejected = n_kept + len(kept), n_rejected + len(batch) - len(kept)
    refresh_catalog(data_root)
    tracked = tracking.session(session_settings, session_id).log_phase_complete(
        "cleansed_text", {"kept": n_kept, "rejected": n_rejected, "drop_reasons": dict(cleanser.drop_reasons),
                          "pii": dict(cleanser.pii_counts), "duration_s": time.monotonic() - started})
    return MaterializeResult(metadata={
        "tracking": tracked,
        "dagster/row_count": n_kept,
        "rejected": n_rejected,
        "drop_reasons": MetadataValue.md(counts_table("drop reason", cleanser.drop_reasons)),
        "pii_redacted": MetadataValue.md(counts_table("PII type", cleanser.pii_counts)),
        "path": MetadataValue.path(str(partition_path(data_root, "cleansed_text", session_id))),
    })
