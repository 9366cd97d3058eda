"""`nsfw_labels`: one row per fetched page with text: NSFW score, label, model, reasons.

The pages labelled NSFW also go to the session's `nsfw_pages` table, kept to train
detectors: the data exists to teach models to detect and refuse, never to generate.
"""

import time
from collections import Counter
from urllib.parse import urlsplit

import pyarrow as pa
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.nsfw.classifier import page_text
from so8t_resources.config import settings_from_dict
from so8t_resources.nsfw_resource import NsfwResource
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import read_partition, write_partition
from so8t_resources.tracking_resource import TrackingResource

LABEL_SCHEMA = pa.schema([
    ("url", pa.string()), ("host", pa.string()), ("language", pa.string()),
    ("nsfw_score", pa.float64()), ("nsfw_label", pa.bool_()), ("model", pa.string()),
    ("model_version", pa.string()), ("reasons", pa.list_(pa.string())), ("realtime_score", pa.float64()),
])

PAGES_SCHEMA = pa.schema([("url", pa.string()), ("title", pa.string()), ("text", pa.string()),
                          ("language", pa.string()), ("nsfw_score", pa.float64())])


def histogram(scores: list[float], bins: int = 10) -> str:
    counts = Counter(min(int(s * bins), bins - 1) for s in scores)
    lines = ["| score | pages |", "|---|---:|"]
    lines += [f"| {i / bins:.1f}–{(i + 1) / bins:.1f} | {counts.get(i, 0)} |" for i in range(bins)]
    return "\n".join(lines)


@asset(partitions_def=sessions_partitions, group_name="labels", deps=[AssetKey("raw_pages"), AssetKey("nsfw_model")],
       kinds={"python", "parquet"})
@stops_on_interrupt
def nsfw_labels(context: AssetExecutionContext, settings: SettingsResource, nsfw: NsfwResource,
                tracking: TrackingResource) -> MaterializeResult:
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    session_settings = settings_from_dict(read_manifest(data_root, session_id)["config"])
    classifier = nsfw.classifier(session_settings, data_root)
    pages = read_partition(data_root, "raw_pages", session_id)
    pages = pages[(pages["outcome"] == "ok") & pages["text"].notna()]
    texts = [page_text(t, x) for t, x in zip(pages["title"], pages["text"], strict=True)]
    labels = list(classifier.label_stream(texts))
    rows = [{
        "url": url, "host": urlsplit(url).netloc, "language": lang, "nsfw_score": lab["nsfw_score"],
        "nsfw_label": lab["nsfw_label"], "model": classifier.name, "model_version": classifier.version,
        "reasons": lab["reasons"], "realtime_score": None if rt != rt else rt,
    } for url, lang, rt, lab in zip(pages["url"], pages["language"], pages["nsfw_score"], labels, strict=True)]
    table = pa.Table.from_pylist(rows, schema=LABEL_SCHEMA)
    path = write_partition(data_root, "nsfw_labels", session_id, table)

    flagged = [{"url": r["url"], "title": title, "text": text, "language": r["language"],
                "nsfw_score": r["nsfw_score"]}
               for r, title, text in zip(rows, pages["title"], pages["text"], strict=True) if r["nsfw_label"]]
    write_partition(data_root, "nsfw_pages", session_id, pa.Table.from_pylist(flagged, schema=PAGES_SCHEMA))

    n, n_nsfw = len(rows), sum(r["nsfw_label"] for r in rows)
    hosts = Counter(r["host"] for r in rows if r["nsfw_label"])
    top_hosts = "\n".join(f"- {h}: {c} NSFW pages" for h, c in hosts.most_common(10)) or "- none"
    tracked = tracking.session(session_settings, session_id).log_nsfw_stats(
        [r["nsfw_score"] for r in rows], {"pages": n, "nsfw_pages": n_nsfw, "nsfw_rate": n_nsfw / n if n else 0.0,
                                          "duration_s": time.monotonic() - started})
    return MaterializeResult(metadata={
        "tracking": tracked,
        "dagster/row_count": n,
        "nsfw_rate": round(n_nsfw / n, 4) if n else 0.0,
        "nsfw_pages": n_nsfw,
        "model": classifier.model_id,
        "threshold": classifier.threshold,
        "score_histogram": MetadataValue.md(histogram([r["nsfw_score"] for r in rows])),
        "top_nsfw_hosts": MetadataValue.md(top_hosts),
        "path": MetadataValue.path(str(path)),
    })
