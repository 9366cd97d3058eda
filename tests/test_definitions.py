"""The code location through real Dagster instances: partitions, materialisation, checks, sensor."""

import duckdb
import pyarrow.parquet as pq
import pytest
from dagster import (
    Definitions,
    SensorResult,
    SkipReason,
    build_sensor_context,
    instance_for_test,
    materialize,
)
from helpers import write_config

from so8t_assets.definitions import defs
from so8t_assets.partitions import SESSIONS
from so8t_assets.raw_pages import raw_pages
from so8t_demo.server import DemoServer
from so8t_demo.site import manifest
from so8t_resources.config import load_settings
from so8t_resources.crawler_resource import CrawlerResource
from so8t_resources.nsfw_resource import NsfwResource
from so8t_resources.sessions import write_manifest
from so8t_resources.settings_resource import SettingsResource
from so8t_resources.tracking_resource import TrackingResource
from so8t_sensors.session_inbox import session_inbox_sensor


def resources(config) -> dict:
    return {"settings": SettingsResource(config_path=str(config)), "crawler": CrawlerResource(),
            "nsfw": NsfwResource(), "tracking": TrackingResource()}


def test_definitions_load():
    Definitions.validate_loadable(defs)


def test_asset_graph_snapshot():
    """A rename, a lost dependency or a dropped check shows up here as a diff."""
    graph = defs.resolve_asset_graph()
    snapshot = {
        key.to_user_string(): {
            "deps": sorted(d.to_user_string() for d in graph.get(key).parent_keys),
            "partitions": getattr(graph.get(key).partitions_def, "name", None),
            "checks": sorted(c.name for c in graph.get_check_keys_for_assets({key})),
        }
        for key in graph.get_all_asset_keys()
    }
    assert snapshot == {
        "raw_pages": {"deps": [], "partitions": SESSIONS,
                      "checks": ["ok_pages_have_body_hash", "urls_unique"]},
        "nsfw_model": {"deps": [], "partitions": None, "checks": []},
        "nsfw_labels": {"deps": ["nsfw_model", "raw_pages"], "partitions": SESSIONS, "checks": []},
        "cleansed_text": {"deps": ["raw_pages"], "partitions": SESSIONS, "checks": []},
        "safety_model": {"deps": [], "partitions": None, "checks": []},
        "domain_labels": {"deps": ["cleansed_text", "safety_model"], "partitions": SESSIONS, "checks": []},
        "four_class_labels": {"deps": ["domain_labels", "nsfw_labels"], "partitions": SESSIONS, "checks": []},
        "thinking_datasets": {"deps": ["cleansed_text", "domain_labels", "four_class_labels"], "partitions": SESSIONS,
                              "checks": ["audit_hashes_recompute", "public_view_has_no_thinking",
                                         "records_valid"]},
        "session_report": {"deps": ["cleansed_text", "domain_labels", "four_class_labels", "nsfw_labels",
                                    "raw_pages", "thinking_datasets"], "partitions": SESSIONS, "checks": []},
    }
    assert defs.resolve_job_def("full_pipeline").partitions_def.name == SESSIONS


def test_materialise_a_session_of_the_demo_site(tmp_path):
    config = write_config(tmp_path)
    settings = load_settings(config)
    with DemoServer() as site, instance_for_test() as instance:
        write_manifest(settings.data_root(), "s1", [site.url], settings)
        instance.add_dynamic_partitions(SESSIONS, ["s1"])
        result = materialize([raw_pages], partition_key="s1", instance=instance,
                             resources=resources(config))
    assert result.success
    allowed = sum(1 for e in manifest() if e["robots_allowed"])
    mat = result.asset_materializations_for_node("raw_pages")[0]
    assert mat.metadata["dagster/row_count"].value == allowed
    assert all(c.passed for c in result.get_asset_check_evaluations())
    # The catalog sees the session through DuckDB, with the hive partition column.
    con = duckdb.connect(str(settings.data_root() / "catalog.duckdb"), read_only=True)
    n, = con.execute("SELECT count(*) FROM raw_pages WHERE session = 's1' AND outcome = 'ok'").fetchone()
    skipped, = con.execute("SELECT count(*) FROM crawl_skips WHERE outcome = 'robots_disallowed'").fetchone()
    assert (n, skipped) == (allowed, len(manifest()) - allowed)
    # The WARC holds the raw responses; the kept crawl journal makes a re-run a replay.
    assert list((settings.data_root() / "sessions" / "s1" / "warc").glob("crawl-*.warc.gz"))
    before = pq.read_table(settings.data_root() / "raw_pages" / "session=s1" / "part-0.parquet")
    with instance_for_test() as instance:
        instance.add_dynamic_partitions(SESSIONS, ["s1"])
        again = materialize([raw_pages], partition_key="s1", instance=instance,
                            resources=resources(config))
    assert again.success  # the demo server is gone: any request would have failed
    after = pq.read_table(settings.data_root() / "raw_pages" / "session=s1" / "part-0.parquet")
    assert after.equals(before)


@pytest.fixture
def inbox_setup(tmp_path):
    config = write_config(tmp_path, sensors={"max_new_sessions_per_tick": 2})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return config, inbox


def test_inbox_sensor_turns_seed_files_into_sessions(inbox_setup):
    config, inbox = inbox_setup
    (inbox / "batch_a.txt").write_text("# news\nhttp://127.0.0.1:9/a\n")
    (inbox / "bad.txt").write_text("ftp://nope.example/\n")
    (inbox / "batch_c.txt").write_text("http://127.0.0.1:9/c\n")
    with instance_for_test() as instance:
        ctx = build_sensor_context(instance=instance, resources={"settings": SettingsResource(config_path=str(config))})
        result = session_inbox_sensor(ctx)
    assert isinstance(result, SensorResult)
    # The cap of 2 per tick took batch_a and bad; batch_c waits for the next tick.
    assert [r.run_key for r in result.run_requests] == ["batch_a"]
    assert result.dynamic_partitions_requests[0].partition_keys == ["batch_a"]
    assert (inbox / "accepted" / "batch_a.txt").exists() and (inbox / "batch_c.txt").exists()
    reason = (inbox / "rejected" / "bad.txt.reason").read_text()
    assert "scheme must be http or https" in reason
    assert (config.parent / "data" / "sessions" / "batch_a" / "manifest.json").exists()


def test_inbox_sensor_skips_when_idle(inbox_setup):
    config, _ = inbox_setup
    with instance_for_test() as instance:
        ctx = build_sensor_context(instance=instance, resources={"settings": SettingsResource(config_path=str(config))})
        assert isinstance(session_inbox_sensor(ctx), SkipReason)
        assert instance.get_dynamic_partitions(SESSIONS) == []
