"""`so8t start` refuses bad input with exit 2 and one line, having written nothing; and a run
left "in progress" by a power loss is found dead and resumed from its failure."""

import subprocess
import sys
import threading

import pytest
import yaml
from dagster import DagsterInstance, DagsterRun, DagsterRunStatus
from helpers import write_config

from so8t_cli.launcher.plan import plan_session
from so8t_cli.launcher.run_child import PID_TAG
from so8t_cli.main import main


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("case", ["bad_config", "unknown_session", "unusable_data_root", "bad_seed", "no_sessions"])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(case, tmp_path, dagster_home, capsys):
    config = write_config(tmp_path / "cfg", launcher={"sessions": [{"id": "s1", "seeds": ["http://127.0.0.1:9/"]}],
                                                      "log_file": str(tmp_path / "logs" / "p.log")})
    args = ["start", "--no-audio", "--config", str(config)]
    cfg = yaml.safe_load(config.read_text())
    if case == "bad_config":
        cfg["launcher"]["retries"] = 3  # not a key
    elif case == "unknown_session":
        args += ["--session", "nope"]
    elif case == "unusable_data_root":
        (tmp_path / "a_file").write_text("x")
        cfg["storage"]["data_root"] = str(tmp_path / "a_file" / "data")
    elif case == "bad_seed":
        cfg["launcher"]["sessions"][0]["seeds"] = ["ftp://127.0.0.1/"]
    else:
        cfg["launcher"]["sessions"] = []
    config.write_text(yaml.safe_dump(cfg))
    before = _files(tmp_path)

    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("so8t: error: ") and "\n" not in err
    expected = {"bad_config": "launcher.retries", "unknown_session": "unknown session nope",
                "unusable_data_root": "is not a folder", "bad_seed": "scheme must be http or https",
                "no_sessions": "no sessions"}[case]
    assert expected in err
    assert _files(tmp_path) == before  # no data root, no log, no session, no Dagster storage


def test_a_run_whose_process_is_gone_is_marked_failed_and_resumed(dagster_home):
    instance = DagsterInstance.get()
    dead_pid = 2**22 + 12345  # above pid_max's default: no such process
    run = DagsterRun(job_name="full_pipeline", run_id="0" * 8 + "-dead-run", status=DagsterRunStatus.STARTED,
                     tags={"dagster/partition": "s1", PID_TAG: str(dead_pid)})
    instance.add_run(run)
    plan = plan_session(instance, "s1")
    assert plan.action == "from_failure" and plan.parent_run_id == run.run_id
    assert instance.get_run_by_id(run.run_id).status == DagsterRunStatus.FAILURE


def test_a_run_whose_process_lives_is_waited_for(dagster_home):
    """A live orchestrator (a launcher killed with -9 leaves its child checkpointing) is waited
    for, not declared dead: the run ends as that process records it."""
    instance = DagsterInstance.get()
    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "run_child"])
    run = DagsterRun(job_name="full_pipeline", run_id="1" * 8 + "-live-run", status=DagsterRunStatus.STARTED,
                     tags={"dagster/partition": "s2", PID_TAG: str(stand_in.pid)})
    instance.add_run(run)
    ender = threading.Timer(1.0, lambda: instance.report_run_canceled(instance.get_run_by_id(run.run_id)))
    ender.start()
    try:
        plan = plan_session(instance, "s2")
    finally:
        stand_in.kill()
        ender.join()
    assert instance.get_run_by_id(run.run_id).status == DagsterRunStatus.CANCELED
    assert plan.action == "from_failure" and plan.parent_run_id == run.run_id
