"""The crawler against a real server on 127.0.0.1 that misbehaves in every way we handle."""

from pathlib import Path

import pytest
from conftest import crawl_settings
from fault_server import JA_TEXT, FaultServer

from so8t_resources.crawler.engine import Crawler


def crawl(tmp_path: Path, seeds: list[str], **crawler):
    settings = crawl_settings(tmp_path / "data", **crawler)
    result = Crawler(settings, tmp_path / "state", tmp_path / "warc", progress=lambda m: None).run(seeds)
    return {r["url"].split("/", 3)[-1]: r for r in result.rows}


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with FaultServer() as server:
        rows = crawl(tmp, [server.url + "/"])
        yield server, rows


EXPECTED = {
    "ok/1.html": "ok", "slow": "timeout", "reset": "connection_error", "500": "http_5xx", "flaky": "ok",
    "429": "ok", "429-long": "http_429", "loop-a": "redirect_loop", "redirect-blocked": "blocked_address",
    "redirect-ok": "ok", "big": "too_large", "big-declared": "too_large", "binary": "binary_body",
    "pdf": "bad_content_type", "missing": "http_4xx", "secret/page.html": "robots_disallowed",
    "redirect-chain/0": "too_many_redirects", "retry-date": "ok", "empty": "empty_body", "gzip2": "ok",
    "bomb": "decompression_bomb", "loc-bad-ip": "bad_redirect", "loc-long": "bad_redirect",
    "loc-backslash": "http_4xx", "bad-links": "ok", "gzip-lie": "decoding_error",
}


@pytest.mark.parametrize("path,outcome", sorted(EXPECTED.items()))
def test_every_url_ends_with_its_outcome(faults, path, outcome):
    _, rows = faults
    assert rows[path]["outcome"] == outcome, rows[path]["error_detail"]


def test_disallowed_path_is_never_requested(faults):
    server, rows = faults
    assert rows["secret/page.html"]["fetched"] is False
    assert not [p for p in server.access_log if p.startswith("/secret/")]


def test_transient_failures_are_retried_and_retry_after_is_honoured(faults):
    server, rows = faults
    assert rows["flaky"]["attempts"] == 2 and server.httpd.hits["/flaky"] == 2
    assert rows["429"]["attempts"] == 2 and rows["429"]["elapsed_ms"] >= 1000
    # A Retry-After beyond the configured limit ends the URL instead of waiting an hour.
    assert server.httpd.hits["/429-long"] == 1
    assert "over the limit" in rows["429-long"]["error_detail"]
    assert server.httpd.hits["/500"] == 2  # max_attempts
    assert rows["retry-date"]["attempts"] == 2 and rows["retry-date"]["elapsed_ms"] >= 1000  # HTTP-date form


def test_redirects_record_final_url_and_blocked_hop(faults):
    _, rows = faults
    assert rows["redirect-ok"]["final_url"].endswith("/ok/2.html")
    assert "127.0.0.2" in rows["redirect-blocked"]["error_detail"]


@pytest.mark.parametrize("path", ["sjis-header", "eucjp-meta", "sjis-none", "wrong-charset"])
def test_japanese_encodings_decode(faults, path):
    _, rows = faults
    assert rows[path]["outcome"] == "ok"
    assert JA_TEXT[:20] in rows[path]["text"]
    assert rows[path]["language"] == "ja"


def test_links_are_followed_within_scope(faults):
    _, rows = faults
    assert rows["ok/2.html"]["depth"] == 1 and rows["ok/2.html"]["parent_url"].endswith("/")


def test_loopback_is_refused_unless_allow_listed(tmp_path):
    with FaultServer() as server:
        port = server.httpd.server_address[1]
        rows = crawl(tmp_path, [f"http://127.0.0.2:{port}/", f"http://[::1]:{port}/"], scope="list",
                     allowed_hosts=["127.0.0.2", "::1"])
        assert server.access_log == []  # nothing reached the server
    assert {r["outcome"] for r in rows.values()} == {"blocked_address"}
    assert all(r["fetched"] is False for r in rows.values())


def test_robots_404_allows_everything(tmp_path):
    with FaultServer(robots="404") as server:
        rows = crawl(tmp_path, [server.url + "/secret/page.html"])
    assert rows["secret/page.html"]["outcome"] == "ok"


def test_robots_500_disallows_the_host(tmp_path):
    with FaultServer(robots="500") as server:
        rows = crawl(tmp_path, [server.url + "/ok/1.html"])
        assert [p for p in server.access_log if p != "/robots.txt"] == []
    assert rows["ok/1.html"]["outcome"] == "robots_unavailable"


def test_links_no_client_can_request_leave_no_row_and_off_site_links_are_out_of_scope(faults):
    _, rows = faults
    assert rows["bad-links"]["outcome"] == "ok"
    assert not [u for u in rows if "256.1.1.1" in u or "xn--zz" in u or len(u) > 8192]
    off_site = [r for r in rows.values() if "other.test" in r["url"]]
    assert [r["outcome"] for r in off_site] == ["out_of_scope"] and off_site[0]["fetched"] is False


def test_stacked_gzip_decodes_and_a_bomb_stops_at_the_limit(faults):
    _, rows = faults
    assert "ships number 56" in rows["gzip2"]["text"]  # article(8): 8 * 7 + 0
    assert "inflates past 1000000" in rows["bomb"]["error_detail"]
    assert rows["empty"]["sha256"] is None and rows["empty"]["fetched"] is True


def test_robots_larger_than_the_body_limit_is_read_from_its_start(tmp_path):
    robots = "User-agent: *\nDisallow: /secret/\n" + "# padding line of a very long robots file\n" * 40_000
    with FaultServer(robots=robots) as server:  # about 1.7 MB against a 1 MB body limit
        rows = crawl(tmp_path, [server.url + "/ok/1.html", server.url + "/secret/page.html"])
    assert rows["ok/1.html"]["outcome"] == "ok"
    assert rows["secret/page.html"]["outcome"] == "robots_disallowed"


def test_a_hub_page_keeps_its_first_links_and_counts_the_rest(tmp_path):
    with FaultServer() as server:
        rows = crawl(tmp_path, [server.url + "/hub"], max_links_per_page=20, max_depth=0)
    assert rows["hub"]["n_links"] == 20 and rows["hub"]["n_links_dropped"] == 10_000 - 20
    assert sorted(r["outcome"] for u, r in rows.items() if u != "hub") == ["max_depth"] * 20


def test_an_unexpected_error_on_one_url_is_that_urls_outcome(tmp_path, monkeypatch):
    from so8t_resources.crawler.warc import WarcSink

    real_write = WarcSink.write_response

    def full_disk(self, url, *args):
        if url.endswith("/ok/1.html"):
            raise OSError(28, "No space left on device")
        return real_write(self, url, *args)

    monkeypatch.setattr(WarcSink, "write_response", full_disk)
    with FaultServer() as server:
        rows = crawl(tmp_path, [server.url + "/ok/1.html", server.url + "/ok/2.html"])
    assert rows["ok/1.html"]["outcome"] == "internal_error"
    assert "No space left" in rows["ok/1.html"]["error_detail"]
    assert rows["ok/2.html"]["outcome"] == "ok"


def test_a_seed_no_client_can_request_ends_as_bad_url(tmp_path):
    with FaultServer() as server:
        rows = crawl(tmp_path, ["http://256.1.1.1/", server.url + "/ok/1.html"])
    bad = [r for r in rows.values() if "256.1.1.1" in r["url"]]
    assert [(r["outcome"], r["fetched"]) for r in bad] == [("bad_url", False)]
    assert rows["ok/1.html"]["outcome"] == "ok"
