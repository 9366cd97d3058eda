"""The process environment the CLI runs Dagster in."""

from __future__ import annotations

import os
from pathlib import Path


def use_config(path: str | Path | None) -> None:
    """Pin the platform config for this process and the Dagster code it loads."""
    if path:
        os.environ["SO8T_CONFIG"] = str(Path(path).resolve())


DAGSTER_YAML = """# Written by so8t. Dagster's usage statistics are off, and so is the banner that asks
# about them in the middle of a command's output.
telemetry:
  enabled: false
"""


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to ./.dagster_home, created with a dagster.yaml that turns Dagster's
    telemetry off (a dagster.yaml with content of its own is left as it is)."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster_home").resolve())))
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists() or not settings.read_text(encoding="utf-8").strip():
        settings.write_text(DAGSTER_YAML, encoding="utf-8")
    return home
