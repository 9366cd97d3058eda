"""`raw_pages`: one row per URL the session fetched, with its outcome and extracted text.

Partitioned by session so a crawl can be resumed, re-run and traced on its own. URLs
decided without a request (robots.txt) go to the `crawl_skips` table of the session.
"""

import time
from collections import Counter

import pyarrow as pa
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    Config,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from so8t_assets.interrupts import stops_on_interrupt
from so8t_assets.metadata import counts_table
from so8t_assets.partitions import sessions_partitions
from so8t_assets.steps.nsfw.store import ModelNotFound
from so8t_resources.config import hash_config, settings_from_dict
from so8t_resources.crawler.rows import PAGE_SCHEMA
from so8t_resources.crawler_resource import CrawlerResource
from so8t_resources.nsfw_resource import NsfwResource
from so8t_resources.sessions import read_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.storage import write_partition
from so8t_resources.tracking_resource import TrackingResource


class RawPagesConfig(Config):
    resume: bool = True  # continue from the session's crawl checkpoint, if one exists


def page_checks(table: pa.Table) -> list[AssetCheckResult]:
    urls = table.column("url").to_pylist()
    dupes = len(urls) - len(set(urls))
    ok_without_hash = sum(1 for o, h in zip(table.column("outcome").to_pylist(),
                                            table.column("sha256").to_pylist(), strict=True)
                          if o == "ok" and not h)
    return [
        AssetCheckResult(check_name="urls_unique", passed=dupes == 0, metadata={"duplicates": dupes},
                         severity=AssetCheckSeverity.ERROR),
        AssetCheckResult(check_name="ok_pages_have_body_hash", passed=ok_without_hash == 0,
                         metadata={"missing": ok_without_hash}, severity=AssetCheckSeverity.ERROR),
    ]


@asset(
    partitions_def=sessions_partitions,
    group_name="ingest",
    check_specs=[AssetCheckSpec(name, asset="raw_pages", blocking=True)
                 for name in ("urls_unique", "ok_pages_have_body_hash")],
    kinds={"python", "parquet"},
)
@stops_on_interrupt
def raw_pages(context: AssetExecutionContext, config: RawPagesConfig, settings: SettingsResource,
              crawler: CrawlerResource, nsfw: NsfwResource, tracking: TrackingResource) -> MaterializeResult:
    started = time.monotonic()
    session_id = context.partition_key
    data_root = settings.data_root()
    manifest = read_manifest(data_root, session_id)
    if hash_config(manifest["config"]) != manifest["config_hash"]:
        raise ValueError(f"session {session_id}: manifest config does not match its config_hash")
    session_settings = settings_from_dict(manifest["config"], f"session {session_id} manifest")

    scorer, realtime_note = None, "off"
    if session_settings.nsfw_detection.enabled and session_settings.nsfw_detection.realtime:
        try:
            scorer = nsfw.classifier(session_settings, data_root)
            realtime_note = scorer.model_id
        except ModelNotFound as err:  # real-time scoring steers the crawl; nsfw_labels is the record
            context.log.warning(f"real-time NSFW scoring off: {err}")
            realtime_note = "off (no trained model)"
    result = crawler.collect(session_settings, data_root, session_id, manifest["seeds"],
                             resume=config.resume, progress=context.log.info, nsfw_classifier=scorer)
    # Stored oldest first (page date, then URL): downstream, the earliest copy of a page wins.
    rows = sorted(result.rows, key=lambda r: (r["date"] or "9999", r["url"]))
    pages = pa.Table.from_pylist([r for r in rows if r["fetched"]], schema=PAGE_SCHEMA)
    skips = pa.Table.from_pylist([r for r in rows if not r["fetched"]], schema=PAGE_SCHEMA)
    if result.skips_not_recorded:
        context.log.warning(f"{result.skips_not_recorded} cut URLs past crawler.max_recorded_skips were counted, "
                            "not recorded")
    checks = page_checks(pages)
    failed = [c.check_name for c in checks if not c.passed]
    if failed:  # checked before publishing: bad data must never become queryable
        raise Failure(f"session {session_id}: raw_pages failed {', '.join(failed)}; nothing was written",
                      metadata={c.check_name: c.passed for c in checks})
    write_partition(data_root, "crawl_skips", session_id,
                    skips.select(["url", "depth", "parent_url", "outcome", "robots_decision"]))
    path = write_partition(data_root, "raw_pages", session_id, pages)

    outcomes = Counter(pages.column("outcome").to_pylist())
    skipped = Counter(skips.column("outcome").to_pylist())
    languages = Counter(lang or "none" for lang in pages.column("language").to_pylist())
    summary = "\n\n".join([
        f"**Session {session_id}** · source `{session_settings.data_sources.kind}` · "
        f"{pages.num_rows} pages fetched, {skips.num_rows} skipped · resumed with {result.resumed_rows}",
        counts_table("outcome", outcomes, "pages"),
        counts_table("skipped", skipped, "pages") if skipped else "",
        counts_table("language", languages, "pages"),
    ])
    tracked = tracking.session(session_settings, session_id).log_phase_complete(
        "raw_pages", {"pages": pages.num_rows, "skipped": skips.num_rows, "outcomes": dict(outcomes),
                      "skips": dict(skipped), "duration_s": time.monotonic() - started},
        params={"config_hash": manifest["config_hash"], "seed_count": len(manifest["seeds"]),
                "source": session_settings.data_sources.kind})
    return MaterializeResult(
        metadata={
            "tracking": tracked,
            "dagster/row_count": pages.num_rows,
            "summary": MetadataValue.md(summary),
            "pages_ok": outcomes.get("ok", 0),
            "pages_skipped": skips.num_rows,
            "resumed_rows": result.resumed_rows,
            "skips_not_recorded": result.skips_not_recorded,
            "config_hash": manifest["config_hash"],
            "realtime_nsfw_model": realtime_note,
            "path": MetadataValue.path(str(path)),
        },
        check_results=checks,
    )
