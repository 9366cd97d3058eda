"""Session IDs, seed lists and manifests."""

import pytest

from so8t_resources.config import Settings, hash_config
from so8t_resources.sessions import (
    SessionError,
    check_session_id,
    parse_seed_text,
    read_manifest,
    write_manifest,
)


@pytest.mark.parametrize("good", ["20251108_035137", "a", "A-b_c", "x" * 64])
def test_valid_ids(good):
    assert check_session_id(good) == good


@pytest.mark.parametrize("bad", ["abc\n", "", "_a", "a/b", "..", "x" * 65, "a b", "ａ"])
def test_invalid_ids(bad):
    with pytest.raises(SessionError):
        check_session_id(bad)


def test_seed_text_comments_duplicates_and_errors():
    assert parse_seed_text("# list\nhttp://a.test/\n\nhttp://a.test/\nhttps://b.test/x#frag\n") == [
        "http://a.test/", "https://b.test/x#frag"]
    for bad, why in [("ftp://a.test/", "scheme"), ("http:///nohost", "no host"),
                     ("http://u:p@a.test/", "credentials"),
                     ("http://a.test:99999/", "seeds.txt:2: .*Port out of range"),
                     ("http://256.1.1.1/", "can request"), ("http://xn--zz.test/", "can request"),
                     ("http://a.test/" + "x" * 9000, "can request")]:
        with pytest.raises(SessionError, match=why):
            parse_seed_text(f"http://ok.test/\n{bad}\n", "seeds.txt")


def test_manifest_records_config_and_refuses_overwrite(tmp_path):
    settings = Settings()
    manifest = write_manifest(tmp_path, "s1", ["http://a.test/"], settings)
    assert read_manifest(tmp_path, "s1") == manifest
    assert hash_config(manifest["config"]) == manifest["config_hash"] == settings.config_hash()
    with pytest.raises(SessionError, match="already exists"):
        write_manifest(tmp_path, "s1", ["http://b.test/"], settings)
    with pytest.raises(SessionError, match="no manifest"):
        read_manifest(tmp_path, "s2")
