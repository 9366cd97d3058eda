"""`session_report`: one dashboard PNG and a stats JSON per session, and its MLflow run.

Depends on every session asset. Tracking is best effort: a tracking store that fails adds
a warning to the metadata; the report files are written first and never lost.
"""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.report.build import build_report
from so8t_assets.steps.safety.plots import markdown_image
from so8t_resources.config import settings_from_dict
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.tracking_resource import TrackingResource


@asset(partitions_def=sessions_partitions, group_name="report",
       deps=[AssetKey(k) for k in ("raw_pages", "nsfw_labels", "cleansed_text", "domain_labels",
                                   "four_class_labels", "thinking_datasets")],
       kinds={"python", "matplotlib"})
@stops_on_interrupt
def session_report(context: AssetExecutionContext, settings: SettingsResource,
                   tracking: TrackingResource) -> MaterializeResult:
    session_id = context.partition_key
    data_root = settings.data_root()
    manifest = read_manifest(data_root, session_id)
    stats, stats_path, png = build_report(data_root, session_id)
    params = {"config_hash": manifest["config_hash"], "seed_count": len(manifest["seeds"]),
              "nsfw_model": stats["models"]["nsfw"], "safety_model": stats["models"]["safety"]}
    tracked = tracking.session(settings_from_dict(manifest["config"]), session_id).log_session_report(
        stats, [png, stats_path], params)
    if tracked.startswith("warning"):
        context.log.warning(tracked)
    return MaterializeResult(metadata={
        "dashboard": MetadataValue.md(markdown_image(png, f"session {session_id}")),
        "dashboard_png": MetadataValue.path(str(png)),
        "stats": MetadataValue.path(str(stats_path)),
        "training_records": stats["funnel"]["training_records"],
        "tracking": tracked,
    })
