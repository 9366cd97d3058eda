import pytest

from so8t_resources.config import CONFIGS_DIR, ConfigError, Settings, load_settings


def test_shipped_configs_load():
    for name in ("demo.yaml", "production_pipeline_config.yaml"):
        assert isinstance(load_settings(CONFIGS_DIR / name), Settings)


def test_defaults_refuse_private_networks():
    crawler = load_settings(None).data_sources.crawler
    assert crawler.allow_private_networks is False and crawler.allowed_networks == []


@pytest.mark.parametrize("yaml_text,message", [
    ("data_sources:\n  crawler:\n    max_pagez: 3\n", "data_sources.crawler.max_pagez: unknown key"),
    ("data_sources:\n  crawler:\n    max_pages: -1\n", "data_sources.crawler.max_pages: Input should be greater"),
    ("data_sources:\n  kind: ftp\n", "data_sources.kind: Input should be"),
    ("data_sources:\n  kind: warc\n", "needs data_sources.warc.paths"),
    ("storage: [1, 2\n", "not valid YAML"),
    ("- a\n- b\n", "top level must be a mapping"),
])
def test_bad_config_is_one_line_naming_the_key(tmp_path, yaml_text, message):
    path = tmp_path / "c.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_hash_ignores_layout_but_not_values(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    a.write_text("storage: {data_root: ./d}\nprogress: {log_every_pages: 5}\n")
    b.write_text("progress:\n  log_every_pages: 5\nstorage:\n  data_root: ./d\n")
    c.write_text("storage: {data_root: ./d}\nprogress: {log_every_pages: 6}\n")
    assert load_settings(a).config_hash() == load_settings(b).config_hash() != load_settings(c).config_hash()


@pytest.mark.parametrize("yaml_text,hint", [
    # README used to name this key without its section: the misplaced key is found by its path's tail.
    ("crawler:\n  allowed_networks: ['10.0.0.0/8']\n", "data_sources.crawler.allowed_networks"),
    ("crawler.allowed_networks: ['10.0.0.0/8']\n", "data_sources.crawler.allowed_networks"),
    ("data_sources:\n  allowed_networks: ['10.0.0.0/8']\n", "data_sources.crawler.allowed_networks"),
    ("max_pages: 3\n", "data_sources.crawler.max_pages"),
    ("crawler:\n  max_pages: 3\n  max_depth: 2\n", "data_sources.crawler"),
    ("data_sources:\n  crawler:\n    max_pagez: 3\n", "data_sources.crawler.max_pages"),  # a typo
    ("storage:\n  dataroot: ./d\n", "storage.data_root"),
])
def test_unknown_key_says_where_it_belongs(tmp_path, yaml_text, hint):
    path = tmp_path / "c.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).endswith(f"unknown key; did you mean {hint}?")


def test_no_hint_for_a_key_like_nothing_in_the_schema(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("zzz_frobnicate: 1\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).endswith("zzz_frobnicate: unknown key")
