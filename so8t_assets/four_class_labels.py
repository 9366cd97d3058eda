"""`four_class_labels`: ALLOW / ESCALATION / DENY / REFUSE for every cleansed document.

The policy table of the session's config turns `domain_labels` (the model's reading) and
the page's NSFW score into a class; `decided_by` names the model, rule or override that
decided it (a stable name to group by) and `decided_score` holds the score it decided on.
The policy is the session's (its manifest's config); the model's reading is in
`domain_labels`, so re-labelling under the policy re-runs this asset alone.
"""

import json
import time
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.safety.plots import distribution_png, markdown_image
from so8t_assets.steps.safety.policy import decide
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import aligned_batches, partition_path, partition_stream, refresh_catalog
from so8t_resources.tracking_resource import TrackingResource

FOUR_CLASS_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("url", pa.string()), ("lang", pa.string()), ("four_class", pa.string()),
    ("four_class_scores", pa.string()), ("hazards", pa.list_(pa.string())), ("domain", pa.string()),
    ("nsfw_score", pa.float64()), ("decided_by", pa.string()), ("decided_score", pa.float64()),
    ("safety_model", pa.string()),
])


def _nsfw_scores(data_root, session_id) -> dict[str, float]:
    path = partition_path(data_root, "nsfw_labels", session_id)
    if not path.exists():
        return {}
    table = pq.read_table(path, columns=["url", "nsfw_score"])
    return dict(zip(table["url"].to_pylist(), table["nsfw_score"].to_pylist(), strict=True))


@asset(partitions_def=sessions_partitions, group_name="labels",
       deps=[AssetKey("domain_labels"), AssetKey("nsfw_labels")], kinds={"python", "parquet"})
@stops_on_interrupt
def four_class_labels(context: AssetExecutionContext, settings: SettingsResource,
                      tracking: TrackingResource) -> MaterializeResult:
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    cfg = settings_from_dict(read_manifest(data_root, session_id)["config"])
    nsfw = _nsfw_scores(data_root, session_id)
    classes, deciders, by_lang = Counter(), Counter(), {}
    readings = aligned_batches(data_root, session_id, {"domain_labels": None, "cleansed_text": ["doc_id", "text"]},
                               cfg.cleansing.batch_size)
    with partition_stream(data_root, "four_class_labels", session_id, FOUR_CLASS_SCHEMA) as write:
        for batch in readings:
            rows = []
            for r in batch:
                score = nsfw.get(r["url"])
                decision = decide(r["text"], json.loads(r["four_class_scores"]), json.loads(r["hazard_scores"]),
                                  r["domain"], score, cfg.four_class, r["safety_model"])
                rows.append({**r, "four_class": decision.four_class, "decided_by": decision.decided_by,
                             "decided_score": None if decision.score is None else round(decision.score, 4),
                             "nsfw_score": score})
                classes[decision.four_class] += 1
                lang = by_lang.setdefault(r["lang"] or "und", Counter())
                lang[decision.four_class] += 1
                deciders[decision.decided_by] += 1
            write(rows)
    refresh_catalog(data_root)
    png = distribution_png(classes, partition_path(data_root, "four_class_labels", session_id).parent
                           / "four_class.png", f"session {session_id}")
    tracked = tracking.session(cfg, session_id).log_classification_results(
        {lang: dict(c) for lang, c in by_lang.items()},
        {"documents": sum(classes.values()), "decided_by": dict(deciders), "duration_s": time.monotonic() - started})
    return MaterializeResult(metadata={
        "tracking": tracked,
        "dagster/row_count": sum(classes.values()),
        "classes": MetadataValue.md(counts_table("class", classes, "documents")),
        "decided_by": MetadataValue.md(counts_table(  # a regex override may hold a pipe
            "decided by", Counter({k.replace("|", "\\|"): v for k, v in deciders.items()}), "documents")),
        "distribution_png": MetadataValue.path(str(png)),
        "distribution_plot": MetadataValue.md(markdown_image(png, "four-class distribution")),
        "path": MetadataValue.path(str(partition_path(data_root, "four_class_labels", session_id))),
    })
