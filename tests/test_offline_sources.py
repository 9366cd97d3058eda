"""`raw_pages` from WARC files and HTML folders: same schema, no network."""

import pyarrow.parquet as pq
from helpers import new_session, write_config

from so8t_cli.main import main
from so8t_demo.server import DemoServer
from so8t_resources.config import settings_from_dict
from so8t_resources.offline_sources import read_offline


def test_warc_written_by_a_crawl_reproduces_its_pages(tmp_path):
    config = write_config(tmp_path, with_models=True)
    with DemoServer() as site:
        new_session(tmp_path, site.url, "w1", config)
        assert main(["run", "--session", "w1", "--config", str(config)]) == 0
    crawled = pq.read_table(tmp_path / "data" / "raw_pages" / "session=w1" / "part-0.parquet").to_pylist()
    warcs = sorted(str(p) for p in (tmp_path / "data" / "sessions" / "w1" / "warc").glob("*.warc.gz"))
    settings = settings_from_dict({"data_sources": {"kind": "warc", "warc": {"paths": warcs},
                                                    "parallel": {"extract_workers": 1}}})
    replayed = {r["url"]: r for r in read_offline(settings)}
    assert {r["final_url"]: r["sha256"] for r in crawled} == {u: r["sha256"] for u, r in replayed.items()}
    assert {r["final_url"]: r["text"] for r in crawled} == {u: r["text"] for u, r in replayed.items()}


def test_html_folder_with_a_broken_page(tmp_path):
    folder = tmp_path / "site"
    (folder / "ja").mkdir(parents=True)
    body = "".join(f"<p>第{i}段落。大阪の商店街では、朝から多くの人が買い物を楽しんでいました。</p>" for i in range(4))
    (folder / "ja" / "a.html").write_bytes(f"<html><body>{body}</body></html>".encode("cp932"))
    (folder / "broken.html").write_bytes(b"\x00\x01<html><<<")
    (folder / "notes.txt").write_text("not html")
    settings = settings_from_dict({"data_sources": {
        "kind": "html_dir", "html_dir": {"path": str(folder), "base_url": "https://mirror.example/"},
        "parallel": {"extract_workers": 1}}})
    rows = {r["url"]: r for r in read_offline(settings)}
    assert set(rows) == {"https://mirror.example/ja/a.html", "https://mirror.example/broken.html"}
    ja = rows["https://mirror.example/ja/a.html"]
    assert ja["language"] == "ja" and "大阪の商店街" in ja["text"] and ja["charset"] == "cp932"
    assert rows["https://mirror.example/broken.html"]["outcome"] == "binary_body"
