"""`domain_labels`: the safety model's reading of every cleansed document: topical domain,
hazard categories (MLCommons taxonomy) and the four-class probabilities the policy starts from.
"""

import json
import time
from collections import Counter
from contextlib import ExitStack

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.safety.store import load_model
from so8t_assets.steps.safety.taxonomy import listed_hazards
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import partition_path, partition_stream, refresh_catalog
from so8t_resources.tracking_resource import TrackingResource

DOMAIN_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("url", pa.string()), ("lang", pa.string()), ("domain", pa.string()),
    ("domain_score", pa.float64()), ("hazards", pa.list_(pa.string())), ("hazard_scores", pa.string()),
    ("four_class_scores", pa.string()), ("safety_model", pa.string()),
])


@asset(partitions_def=sessions_partitions, group_name="labels",
       deps=[AssetKey("cleansed_text"), AssetKey("safety_model")], kinds={"python", "parquet"})
@stops_on_interrupt
def domain_labels(context: AssetExecutionContext, settings: SettingsResource,
                  tracking: TrackingResource) -> MaterializeResult:
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    cfg = settings_from_dict(read_manifest(data_root, session_id)["config"])
    model, meta = load_model(cfg.four_class, data_root)
    model_id = f"{meta['name']}@{meta['version']}"
    domains, hazards = Counter(), Counter()
    n = 0
    source = pq.ParquetFile(partition_path(data_root, "cleansed_text", session_id))
    with ExitStack() as stack:
        write = stack.enter_context(partition_stream(data_root, "domain_labels", session_id, DOMAIN_SCHEMA))
        for batch in source.iter_batches(batch_size=cfg.cleansing.batch_size, columns=["doc_id", "url", "text",
                                                                                          "lang"]):
            docs = batch.to_pylist()
            rows = []
            for doc, pred in zip(docs, model.predict([d["text"] for d in docs]), strict=True):
                listed = listed_hazards(pred["hazard_scores"], cfg.four_class.hazard_threshold)
                rows.append({**doc, "domain": pred["domain"], "domain_score": round(pred["domain_score"], 4),
                             "hazards": listed, "hazard_scores": _json(pred["hazard_scores"]),
                             "four_class_scores": _json(pred["four_class_scores"]), "safety_model": model_id})
                domains[pred["domain"]] += 1
                hazards.update(listed)
            write(rows)
            n += len(rows)
    refresh_catalog(data_root)
    tracked = tracking.session(cfg, session_id).log_phase_complete(
        "domain_labels", {"documents": n, "domains": dict(domains), "hazards": dict(hazards),
                          "duration_s": time.monotonic() - started}, params={"safety_model": model_id})
    return MaterializeResult(metadata={
        "tracking": tracked,
        "dagster/row_count": n,
        "safety_model": model_id,
        "domains": MetadataValue.md(counts_table("domain", domains, "documents")),
        "hazards": MetadataValue.md(counts_table("hazard", hazards, "documents")),
        "path": MetadataValue.path(str(partition_path(data_root, "domain_labels", session_id))),
    })


def _json(scores: dict) -> str:
    return json.dumps({k: round(v, 4) for k, v in scores.items()}, sort_keys=True)
