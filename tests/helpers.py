"""Shared test setup: a config file for a data root, and sessions on the demo site."""

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import yaml

from so8t_resources.config import CONFIGS_DIR


@functools.lru_cache(maxsize=1)
def trained_models() -> Path:
    """The NSFW and safety models (sklearn, trained on the seed sets) trained once per test run,
    for tests that run whole sessions: training itself is tested in test_nsfw_model,
    test_safety_model and test_demo, so the other session tests copy these in."""
    from so8t_assets.steps.nsfw import dataset as nsfw_data
    from so8t_assets.steps.nsfw.loader import models_root as nsfw_root
    from so8t_assets.steps.nsfw.train import train_sklearn as train_nsfw
    from so8t_assets.steps.safety import dataset as safety_data
    from so8t_assets.steps.safety.store import models_root as safety_root
    from so8t_assets.steps.safety.train import train_sklearn as train_safety
    from so8t_resources.config import Settings

    root = Path(tempfile.mkdtemp(prefix="so8t-test-models-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    settings = Settings()
    train_nsfw(*nsfw_data.split(nsfw_data.seed_examples(), settings.nsfw_detection.heldout_fraction),
               nsfw_root(root), settings.nsfw_detection.threshold)
    train_safety(*safety_data.split(safety_data.seed_examples(), settings.four_class.heldout_fraction),
                 safety_root(root), settings.four_class)
    return root / "models"


def write_config(tmp_path: Path, with_models: bool = False, **overrides) -> Path:
    """The demo config, pointed at tmp_path/data, with section overrides merged in;
    with_models: the data root starts with the trained models of `trained_models()`."""
    cfg = yaml.safe_load((CONFIGS_DIR / "demo.yaml").read_text())
    cfg["storage"]["data_root"] = str(tmp_path / "data")
    cfg["sensors"]["inbox_dir"] = str(tmp_path / "inbox")
    for section, values in overrides.items():
        cfg.setdefault(section, {}).update(values)
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "so8t.yaml"
    path.write_text(yaml.safe_dump(cfg))
    models = Path(cfg["storage"]["data_root"]) / "models"
    if with_models and not models.exists():
        shutil.copytree(trained_models(), models)
    return path


def new_session(tmp_path: Path, url: str, session_id: str, config: Path) -> None:
    """`so8t session new` for a one-seed session, as a user would run it."""
    from so8t_cli.main import main

    seeds = tmp_path / f"{session_id}-seeds.txt"
    seeds.write_text(url + "\n")
    assert main(["session", "new", "--seeds", str(seeds), "--id", session_id, "--config", str(config)]) == 0


def venv_bin(name: str) -> str:
    """A console script installed beside this interpreter (so8t, dagster, dagster-webserver, …)."""
    import os
    import sys

    return os.path.join(os.path.dirname(sys.executable), name)


def so8t_exe() -> str:
    return venv_bin("so8t")
