"""Shared test setup: a config file for a data root, and sessions on the demo site."""

from pathlib import Path

import yaml

from so8t_resources.config import CONFIGS_DIR


def write_config(tmp_path: Path, **overrides) -> Path:
    """The demo config, pointed at tmp_path/data, with section overrides merged in."""
    cfg = yaml.safe_load((CONFIGS_DIR / "demo.yaml").read_text())
    cfg["storage"]["data_root"] = str(tmp_path / "data")
    cfg["sensors"]["inbox_dir"] = str(tmp_path / "inbox")
    for section, values in overrides.items():
        cfg.setdefault(section, {}).update(values)
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "so8t.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def new_session(tmp_path: Path, url: str, session_id: str, config: Path) -> None:
    """`so8t session new` for a one-seed session, as a user would run it."""
    from so8t_cli.main import main

    seeds = tmp_path / f"{session_id}-seeds.txt"
    seeds.write_text(url + "\n")
    assert main(["session", "new", "--seeds", str(seeds), "--id", session_id, "--config", str(config)]) == 0


def so8t_exe() -> str:
    """The installed `so8t` console script of this interpreter's environment."""
    import os
    import sys

    return os.path.join(os.path.dirname(sys.executable), "so8t")
