from pathlib import Path

import pytest

from so8t_resources.config import settings_from_dict


def crawl_settings(data_root: Path, **crawler) -> "object":
    """Settings for tests: loopback allow-listed, fast politeness and retries."""
    cfg = {
        "storage": {"data_root": str(data_root)},
        "data_sources": {
            "crawler": {
                "allowed_networks": ["127.0.0.1/32"],
                "politeness": {"min_delay_s": 0.0, "per_host_concurrency": 4},
                "retry": {"max_attempts": 2, "backoff_base_s": 0.05, "max_retry_after_s": 5},
                "timeouts": {"connect_s": 2, "read_s": 1, "total_s": 2},
                "max_body_bytes": 1_000_000,
                "robots_retry_after_s": 0.2,
                **crawler,
            },
            "parallel": {"global_concurrency": 8, "extract_workers": 1},
        },
        "checkpoints": {"every_pages": 5},
    }
    return settings_from_dict(cfg)


@pytest.fixture(autouse=True)
def dagster_home(tmp_path, monkeypatch):
    """Every test gets its own DAGSTER_HOME and working folder; nothing touches the user's home."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    # setenv first so teardown restores the variable even when a CLI call set it in between.
    monkeypatch.setenv("SO8T_CONFIG", "")
    monkeypatch.delenv("SO8T_CONFIG")
    monkeypatch.chdir(tmp_path)
    return home


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]
