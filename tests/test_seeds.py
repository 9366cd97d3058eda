"""Seed lists: linear to read, order kept, duplicates dropped, and errors that name the file."""

import time

import pytest

from so8t_cli.main import main
from so8t_resources.config import Settings
from so8t_resources.sessions import SessionError, parse_seed_text, read_seed_file


def test_a_hundred_thousand_urls_read_in_seconds_not_minutes(tmp_path):
    """A list of 100,000 URLs took 124 s with a list-membership dedup (quadratic); linear is ~2 s."""
    urls = [f"https://site{i % 500}.example.org/page/{i}" for i in range(100_000)]
    path = tmp_path / "seeds.txt"
    path.write_text("\n".join(urls + urls[:1000]) + "\n")
    start = time.perf_counter()
    seeds = read_seed_file(path)
    elapsed = time.perf_counter() - start
    assert seeds == urls  # order kept, the repeated thousand dropped
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_duplicates_keep_the_first_position():
    assert parse_seed_text("http://b.test/\nhttp://a.test/\nhttp://b.test/\n") == ["http://b.test/", "http://a.test/"]


def test_a_byte_order_mark_is_not_part_of_the_first_url(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffhttp://a.test/\n".encode())
    assert read_seed_file(path) == ["http://a.test/"]


@pytest.mark.parametrize("content", ["", "# only a comment\n\n"])
def test_an_empty_seed_file_is_an_error_naming_the_file(tmp_path, capsys, content):
    seeds = tmp_path / "empty-list.txt"
    seeds.write_text(content)
    assert main(["session", "new", "--seeds", str(seeds)]) == 2
    err = capsys.readouterr().err.strip()
    assert "empty-list.txt" in err and "no seed URLs" in err and "\n" not in err
    assert not (tmp_path / "data").exists()


def test_a_folder_or_an_unreadable_seed_file_is_one_line(tmp_path):
    with pytest.raises(SessionError, match="is a folder"):
        read_seed_file(tmp_path)


def test_the_guard_decides_literal_addresses_without_a_connection():
    from so8t_resources.sessions import refused_seeds

    seeds = ["http://10.0.0.1/", "http://127.0.0.2:8080/x", "http://[::1]/", "http://localhost/",
             "http://93.184.215.14/", "http://example.org/"]
    refused = refused_seeds(seeds, Settings())
    assert [r.split(" ")[0] for r in refused] == seeds[:4]
    assert "private" in refused[0] and "loopback" in refused[1]
    allowed = Settings.model_validate({"data_sources": {"crawler": {"allowed_networks": ["10.0.0.0/8"]}}})
    assert [r.split(" ")[0] for r in refused_seeds(seeds, allowed)] == seeds[1:4]
