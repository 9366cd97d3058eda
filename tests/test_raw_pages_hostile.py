"""A session whose server sends an empty 200, a bomb and unparseable redirects still completes."""

from dagster import instance_for_test, materialize
from fault_server import FaultServer
from helpers import write_config
from test_definitions import resources

from so8t_assets.partitions import SESSIONS
from so8t_assets.raw_pages import raw_pages
from so8t_resources.config import load_settings
from so8t_resources.sessions import write_manifest
from so8t_resources.storage import read_partition

SEEDS = ["/empty", "/ok/1.html", "/loc-bad-ip", "/loc-long", "/bomb", "/bad-links"]


def test_one_odd_response_does_not_stop_the_session(tmp_path):
    config = write_config(tmp_path)
    settings = load_settings(config)
    with FaultServer() as server, instance_for_test() as instance:
        write_manifest(settings.data_root(), "odd", [server.url + p for p in SEEDS], settings)
        instance.add_dynamic_partitions(SESSIONS, ["odd"])
        result = materialize([raw_pages], partition_key="odd", instance=instance, resources=resources(config))
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    pages = read_partition(settings.data_root(), "raw_pages", "odd").to_dict("records")
    outcomes = {r["url"].rsplit("/", 1)[-1]: r["outcome"] for r in pages}
    assert outcomes == {"empty": "empty_body", "1.html": "ok", "loc-bad-ip": "bad_redirect",
                        "loc-long": "bad_redirect", "bomb": "decompression_bomb", "bad-links": "ok",
                        "x": "http_4xx"}  # bad-links' "http:x" is a relative link
    skips = read_partition(settings.data_root(), "crawl_skips", "odd").to_dict("records")
    assert [r["outcome"] for r in skips if "other.test" in r["url"]] == ["out_of_scope"]
