"""The process environment the CLI runs Dagster in."""

from __future__ import annotations

import os
from pathlib import Path


def use_config(path: str | Path | None) -> None:
    """Pin the platform config for this process and the Dagster code it loads."""
    if path:
        os.environ["SO8T_CONFIG"] = str(Path(path).resolve())


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to ./.dagster_home, created with an (empty) dagster.yaml."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster_home").resolve())))
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").touch(exist_ok=True)
    return home
