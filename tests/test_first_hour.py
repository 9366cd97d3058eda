"""A new user's first hour: refused seeds said up front, a busy session said in one line, the same
summary after `so8t run` as after the demo, README's UI command, no telemetry banner, and
progress while a model trains."""

import re
import shlex
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import write_config

import so8t_cli.commands as commands
import so8t_cli.summary as summary
from so8t_cli.main import main
from so8t_resources.config import CONFIGS_DIR, Settings
from so8t_resources.sessions import session_dir, write_manifest
from so8t_resources.storage import partition_path

KEY = "data_sources.crawler.allowed_networks"


def one_line(err: str) -> str:
    err = err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


def test_session_new_refuses_seeds_that_are_all_refused(tmp_path, capsys):
    seeds = tmp_path / "lan.txt"
    seeds.write_text("http://10.0.0.1/\nhttp://127.0.0.2:8080/\n")
    assert main(["session", "new", "--seeds", str(seeds)]) == 2
    err = one_line(capsys.readouterr().err)
    assert KEY in err and "10.0.0.1" in err and "private" in err
    assert not (tmp_path / "data").exists()


def test_session_new_warns_about_some_refused_seeds(tmp_path, capsys):
    seeds = tmp_path / "mixed.txt"
    seeds.write_text("http://10.0.0.1/\nhttp://93.184.215.14/\n")
    assert main(["session", "new", "--seeds", str(seeds), "--id", "mixed"]) == 0
    err = capsys.readouterr().err
    assert "warning: 1 of 2 seeds are refused" in err and KEY in err


def test_run_of_a_session_whose_seeds_are_all_refused_fails_with_the_key(tmp_path, capsys, monkeypatch):
    settings = Settings.model_validate({"storage": {"data_root": str(tmp_path / "data")}})
    write_manifest(settings.data_root(), "lan", ["http://10.0.0.1/"], settings)  # made before the check existed
    monkeypatch.setattr(commands, "ensure_models", lambda *a: True)
    config = tmp_path / "c.yaml"
    config.write_text(f"storage: {{data_root: '{settings.data_root()}'}}\n")
    rc = main(["run", "--session", "lan", "--config", str(config)])
    assert rc == 2 and KEY in one_line(capsys.readouterr().err)


def _write(root: Path, asset: str, session_id: str, outcomes: list[str]) -> None:
    path = partition_path(root, asset, session_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([("url", pa.string()), ("outcome", pa.string())])
    pq.write_table(pa.Table.from_pylist([{"url": f"http://h{i}/", "outcome": o} for i, o in enumerate(outcomes)],
                                        schema=schema), path)


@pytest.mark.parametrize("pages,skips,rc", [([], ["blocked_address"], 1), (["blocked_address"], [], 1),
                                            (["ok", "blocked_address"], [], 0)])
def test_run_exits_non_zero_when_the_crawl_reached_no_allowed_address(tmp_path, capsys, monkeypatch,
                                                                      pages, skips, rc):
    """Names that resolve to refused addresses are only known at the crawl: `so8t run` says so after."""
    config = write_config(tmp_path)
    root = tmp_path / "data"
    _write(root, "raw_pages", "named", pages)
    _write(root, "crawl_skips", "named", skips)
    monkeypatch.setattr(commands, "run_session", lambda *a, **k: "success")
    assert main(["run", "--session", "named", "--config", str(config)]) == rc
    out, err = capsys.readouterr()
    assert f"session named done: {len(pages)} pages stored, {len(skips)} skipped" in out
    assert (KEY in err) == (rc == 1)


def test_run_and_demo_end_with_the_same_summary(tmp_path, capsys, monkeypatch):
    seen = []
    monkeypatch.setattr(summary, "print_summary", lambda root, sid, config: seen.append(sid))
    monkeypatch.setattr(commands, "run_session", lambda *a, **k: "success")
    config = write_config(tmp_path)
    assert main(["run", "--session", "some_session", "--config", str(config)]) == 0
    assert main(["demo", "--config", str(config)]) == 0
    assert seen[0] == "some_session" and seen[1].startswith("demo_") and len(seen) == 2


def test_a_second_run_while_a_crawl_holds_the_session_is_one_line(tmp_path, capsys, monkeypatch):
    from so8t_resources.crawler.lock import session_lock

    config = write_config(tmp_path)
    settings = Settings.model_validate({"storage": {"data_root": str(tmp_path / "data")},
                                        "data_sources": {"crawler": {"allowed_networks": ["127.0.0.1/32"]}}})
    write_manifest(settings.data_root(), "busy", ["http://127.0.0.1:9/"], settings)
    monkeypatch.setattr(commands, "ensure_models", lambda *a: True)
    with session_lock(session_dir(settings.data_root(), "busy")):  # another process's crawl, as the OS sees it
        rc = main(["run", "--session", "busy", "--config", str(config)])
    out, err = capsys.readouterr()
    assert rc == 2 and "being crawled by another process" in one_line(err)
    assert "resumes it" not in out + err


def test_a_crawl_that_takes_the_lock_after_the_check_is_still_one_line(tmp_path, capsys, monkeypatch):
    """The other process starts between `so8t run`'s check and its crawl: the crawl's SessionBusy
    ends the run, and the last line says so (no advice to resume)."""
    from contextlib import nullcontext

    import so8t_resources.crawler.lock as lock

    config = write_config(tmp_path)
    settings = Settings.model_validate({"storage": {"data_root": str(tmp_path / "data")},
                                        "data_sources": {"crawler": {"allowed_networks": ["127.0.0.1/32"]}}})
    write_manifest(settings.data_root(), "race", ["http://127.0.0.1:9/"], settings)
    monkeypatch.setattr(commands, "ensure_models", lambda *a: True)
    real_lock = lock.session_lock
    monkeypatch.setattr(lock, "session_lock", lambda folder: nullcontext())  # the check sees it free
    with real_lock(session_dir(settings.data_root(), "race")):
        rc = main(["run", "--session", "race", "--config", str(config)])
    out, err = capsys.readouterr()
    assert rc == 2 and "being crawled by another process" in err.strip().splitlines()[-1]
    assert "resumes it" not in out + err


def test_readme_ui_command_opens_the_instance_the_demo_wrote(repo_root, monkeypatch):
    """README's `dagster dev` line, run from the clone, names the DAGSTER_HOME and config the CLI
    uses by default: the same command `so8t demo` prints with its own paths."""
    from so8t_cli.env import ensure_dagster_home

    line = next(ln for ln in (repo_root / "README.md").read_text().splitlines() if re.search(r"\bdagster dev\b", ln)
                and not ln.lstrip().startswith("#") and "`" not in ln)
    words = shlex.split(line.split("#")[0].replace("$PWD", str(repo_root)))
    env = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))
    monkeypatch.chdir(repo_root)
    monkeypatch.delenv("DAGSTER_HOME")
    monkeypatch.setattr("so8t_cli.env.Path.mkdir", lambda *a, **k: None)  # read the default, create nothing
    monkeypatch.setattr("so8t_cli.env.Path.exists", lambda *a: True)
    monkeypatch.setattr("so8t_cli.env.Path.read_text", lambda *a, **k: "telemetry: {enabled: false}")
    home = ensure_dagster_home()
    assert env.get("DAGSTER_HOME") == str(home)
    assert Path(env["SO8T_CONFIG"]).resolve() == (CONFIGS_DIR / "demo.yaml").resolve()
    assert " ".join(words) == summary.ui_command(str(home), env["SO8T_CONFIG"])


def test_the_cli_instance_has_dagster_telemetry_off(dagster_home, tmp_path):
    from dagster import DagsterInstance

    from so8t_cli.env import ensure_dagster_home

    assert ensure_dagster_home() == dagster_home
    assert DagsterInstance.get().telemetry_enabled is False
    own = tmp_path / "own_home"
    own.mkdir()
    (own / "dagster.yaml").write_text("run_monitoring: {enabled: true}\n")
    import os

    os.environ["DAGSTER_HOME"] = str(own)
    ensure_dagster_home()
    assert (own / "dagster.yaml").read_text() == "run_monitoring: {enabled: true}\n"  # a user's own file stays


def test_training_says_what_it_is_doing_with_elapsed_time(capsys):
    import time

    from so8t_assets.steps.nsfw.train import progress

    lines = []
    with progress("fitting", "three heads", log=lines.append, every_s=0.05):
        time.sleep(0.2)
    assert lines[0] == "fitting… (three heads)" and lines[-1] == "fitting: done in 0 s"
    assert any(re.fullmatch(r"fitting: still running, \d+ s", x) for x in lines[1:-1])


class StubSafetyModel:
    """Stands in for the safety model's fit, which takes minutes on the full seed set."""

    @classmethod
    def fit(cls, *args, **kwargs):
        return cls()


def test_both_sklearn_trainers_report_their_steps(tmp_path, capsys, monkeypatch):
    """Through the CLI's training output: on stdout, nowhere else (a library caller's stdout stays its own)."""
    from so8t_assets.steps.nsfw import dataset as nsfw_data
    from so8t_assets.steps.nsfw.train import train_sklearn as train_nsfw
    from so8t_assets.steps.safety import dataset as safety_data
    from so8t_assets.steps.safety import model as safety_model
    from so8t_assets.steps.safety import train as safety_train

    examples = nsfw_data.seed_examples()[::20]
    train_nsfw(*nsfw_data.split(examples, 0.2), tmp_path / "quiet", 0.5)
    assert capsys.readouterr().out == ""
    with commands.training_output():
        train_nsfw(*nsfw_data.split(examples, 0.2), tmp_path / "nsfw", 0.5)
    out = capsys.readouterr().out
    assert re.search(r"NSFW model \(sklearn\): fitting on \d+ examples: done in \d+ s", out)
    assert re.search(r"NSFW model \(sklearn\): evaluating on \d+ held-out examples: done in \d+ s", out)
    monkeypatch.setattr(safety_model, "SafetyModel", StubSafetyModel)
    monkeypatch.setattr(safety_train, "evaluate", lambda *a: {})
    with commands.training_output():
        safety_train.train_sklearn(*safety_data.split(safety_data.seed_examples(), 0.2), tmp_path / "safety",
                                   Settings().four_class)
    out = capsys.readouterr().out
    assert re.search(r"safety model \(sklearn\): fitting on \d+ examples: done in \d+ s", out)
    assert re.search(r"safety model \(sklearn\): evaluating on \d+ held-out examples: done in \d+ s", out)
