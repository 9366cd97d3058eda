"""`cleansed_text`: one row per kept document of a session: normalised, PII-redacted text,
language, PII counts and its near-duplicate cluster. Every dropped page is a row of the
session's `cleansed_rejects` with the rule that dropped it (and the copy it repeats)."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.cleanse.dedup import BANDS_TABLE, band_rows
from so8t_assets.steps.cleanse.pipeline import Cleanser
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import partition_path, write_partition

COLUMNS = ["url", "title", "text"]


def _pages(path, batch_size: int):
    """Fetched pages with text, streamed from raw_pages in batches."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=COLUMNS + ["outcome"]):
        for row in batch.to_pylist():
            if row["outcome"] == "ok" and row["text"]:
                yield {"doc_id": row["url"], "url": row["url"], "title": row["title"], "text": row["text"]}


def _table(rows: list[dict], extra: dict[str, pa.DataType]) -> pa.Table:
    schema = pa.schema([("doc_id", pa.string()), ("url", pa.string()), ("title", pa.string()),
                        ("text", pa.string()), ("lang", pa.string()), ("lang_score", pa.float64()),
                        *extra.items()])
    return pa.Table.from_pylist(rows, schema=schema)


@asset(partitions_def=sessions_partitions, group_name="cleanse", deps=[AssetKey("raw_pages")],
       kinds={"python", "parquet"})
def cleansed_text(context: AssetExecutionContext, settings: SettingsResource) -> MaterializeResult:
    session_id = context.partition_key
    data_root = settings.data_root()
    manifest = read_manifest(data_root, session_id)
    cfg = settings_from_dict(manifest["config"]).cleansing
    cleanser = Cleanser(cfg, data_root, session_id, manifest["created_at"])
    kept, rejected = [], []
    for ok, row in cleanser.run(_pages(partition_path(data_root, "raw_pages", session_id), cfg.batch_size)):
        (kept if ok else rejected).append(row)
    for row in kept:
        row["pii_counts"] = json.dumps(row["pii_counts"], sort_keys=True)
    write_partition(data_root, "cleansed_rejects", session_id,
                    _table(rejected, {"drop_reason": pa.string(), "duplicate_of": pa.string()}))
    write_partition(data_root, BANDS_TABLE, session_id,
                    pa.table(band_rows(cleanser.kept_fingerprints, manifest["created_at"])))
    path = write_partition(data_root, "cleansed_text", session_id,
                           _table(kept, {"pii_counts": pa.string(), "dup_cluster": pa.string()}))
    return MaterializeResult(metadata={
        "dagster/row_count": len(kept),
        "rejected": len(rejected),
        "drop_reasons": MetadataValue.md(counts_table("drop reason", cleanser.drop_reasons)),
        "pii_redacted": MetadataValue.md(counts_table("PII type", cleanser.pii_counts)),
        "path": MetadataValue.path(str(path)),
    })
