"""`so8t doctor`: the checks on this machine, failing ones with their fix, and --fix's pip install."""

import socket
import subprocess
import sys
import wave
import zipfile
from importlib import metadata

import pytest
from helpers import write_config
from packaging.requirements import Requirement

from so8t_cli.doctor import check_package, requirements
from so8t_cli.doctor_cmd import pip_install
from so8t_cli.launcher import notify
from so8t_cli.main import main


def rows(out: str) -> dict[str, str]:
    """check name → its status column, from the printed table."""
    found = {}
    for line in out.splitlines()[1:]:
        for status in ("ok", "WARN", "FAIL"):
            name, sep, _ = line.partition(f"  {status}  ")
            if sep:
                found[name.strip()] = status
                break
    return found


def test_doctor_on_this_machine(tmp_path, capsys):
    config = write_config(tmp_path)
    assert main(["doctor", "--config", str(config)]) == 0
    table = rows(capsys.readouterr().out)
    for name in ("python", "memory", "disk", "gpu", "data root", "DAGSTER_HOME", "tracking", "wandb",
                 "package dagster", "package duckdb", "package torch [ml]"):
        assert name in table, name
    required, _ = requirements()
    assert all(table[f"package {r.name}"] == "ok" for r in required)
    assert table["python"] == table["data root"] == table["DAGSTER_HOME"] == "ok"


@pytest.mark.parametrize("listening", [True, False])
def test_tracking_server_reachability(listening, tmp_path, capsys):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    if listening:
        server.listen()
    else:
        server.close()  # nothing listens on that port now
    config = write_config(tmp_path, mlops={"mlflow": {"enabled": True, "tracking_uri": f"http://127.0.0.1:{port}"}})
    try:
        assert main(["doctor", "--config", str(config)]) == (0 if listening else 1)
    finally:
        server.close()
    out = capsys.readouterr().out
    assert rows(out)["tracking"] == ("ok" if listening else "FAIL")
    assert listening or "start the MLflow server or fix mlops.mlflow.tracking_uri" in out


def test_unwritable_data_root_fails_with_its_fix(tmp_path, capsys):
    (tmp_path / "a_file").write_text("x")
    config = write_config(tmp_path, storage={"data_root": str(tmp_path / "a_file" / "data")})
    assert main(["doctor", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert rows(out)["data root"] == "FAIL" and "set storage.data_root to a writable folder" in out
    assert "failing: data root" in out


def _wheel(folder, name="so8t_probe_pkg", version="0.1"):
    """A minimal pure-Python wheel, built here: pip installs it with no index and no network."""
    dist = f"{name}-{version}.dist-info"
    files = {f"{name}.py": "VALUE = 42\n",
             f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n",
             f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: so8t-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{dist}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{dist}/RECORD"])
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for arc, text in files.items():
            zf.writestr(arc, text)
    return path


def test_fix_installs_a_missing_package_with_pip(tmp_path):
    _wheel(tmp_path)
    req = Requirement("so8t-probe-pkg==0.1")
    assert check_package(req).status == "fail"
    try:
        assert pip_install([req], ("--no-index", "--find-links", str(tmp_path), "-q")) == 0
        assert metadata.version("so8t-probe-pkg") == "0.1"
        assert check_package(req).status == "pass"
    finally:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "-y", "-q", "so8t-probe-pkg"], check=False)


def test_bundled_sounds_and_the_bell_fallback(tmp_path, monkeypatch, capsys):
    for name in ("done.wav", "failed.wav"):
        with wave.open(str(notify.SOUNDS / name)) as w:
            assert 0.1 < w.getnframes() / w.getframerate() < 1.0
    monkeypatch.setenv("PATH", str(tmp_path))  # no player at all
    assert notify.player_command(notify.SOUNDS / "done.wav") is None
    assert notify.play(ok=False) == "bell"
    assert capsys.readouterr().out == "\a"
    player = tmp_path / "aplay"
    player.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path / 'args'}\n")
    player.chmod(0o755)
    assert notify.play(ok=False) == "aplay"
    assert (tmp_path / "args").read_text().split() == ["-q", str(notify.SOUNDS / "failed.wav")]
