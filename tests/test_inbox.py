"""The seed inbox sensor: each file handled on its own, links never followed, and a tick that
stops halfway finished by the next one."""

import json
import os

import pytest
from dagster import SensorResult, build_sensor_context, instance_for_test
from helpers import write_config

import so8t_sensors.session_inbox as inbox_module
from so8t_resources.settings_resource import SettingsResource
from so8t_sensors.session_inbox import session_inbox_sensor


@pytest.fixture
def setup(tmp_path):
    config = write_config(tmp_path, sensors={"max_new_sessions_per_tick": 10})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return config, inbox, tmp_path / "data" / "sessions"


def tick(config, cursor=None):
    with instance_for_test() as instance:
        ctx = build_sensor_context(instance=instance, cursor=cursor,
                                   resources={"settings": SettingsResource(config_path=str(config))})
        return session_inbox_sensor(ctx)


def requested(result) -> list[str]:
    return [r.run_key for r in result.run_requests] if isinstance(result, SensorResult) else []


def test_a_long_invalid_name_does_not_cost_a_valid_file_its_run(setup):
    config, inbox, sessions = setup
    (inbox / "good.txt").write_text("http://127.0.0.1:9/a\n")
    long_name = "b" * 247 + ".txt"  # 251 characters: NAME.reason would be 258, over the 255 limit
    (inbox / long_name).write_text("ftp://nope.example/\n")
    result = tick(config)
    assert requested(result) == ["good"]
    assert result.dynamic_partitions_requests[0].partition_keys == ["good"]
    assert (inbox / "accepted" / "good.txt").exists() and (sessions / "good" / "manifest.json").exists()
    assert (inbox / "rejected" / long_name).exists()
    reasons = list((inbox / "rejected").glob("*.reason"))
    assert len(reasons) == 1 and "scheme must be http or https" in reasons[0].read_text()


def test_a_link_is_rejected_without_reading_its_target(setup, tmp_path):
    config, inbox, sessions = setup
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n")
    (inbox / "link.txt").symlink_to(secret)
    (inbox / "good_link.txt").symlink_to(tmp_path / "so8t.yaml")
    (inbox / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = tick(config)
    assert requested(result) == [] and not sessions.exists()
    for name in ("link.txt", "good_link.txt", "dangling.txt"):
        assert (inbox / "rejected" / name).is_symlink(), name  # the link moved, not a copy of its target
        reason = (inbox / "rejected" / f"{name}.reason").read_text()
        assert "symbolic link" in reason and "TOP-SECRET" not in reason
    assert secret.read_text() == "TOP-SECRET-LINE\n"


def test_upper_case_suffixes_are_seed_files(setup):
    config, inbox, _ = setup
    (inbox / "NEWS.TXT").write_text("http://127.0.0.1:9/a\n")
    (inbox / "Blogs.Seeds").write_text("http://127.0.0.1:9/b\n")
    (inbox / "notes.md").write_text("http://127.0.0.1:9/c\n")
    assert sorted(requested(tick(config))) == ["Blogs", "NEWS"]
    assert (inbox / "accepted" / "NEWS.TXT").exists() and (inbox / "notes.md").exists()


def test_a_tick_that_died_after_accepting_is_finished_by_the_next(setup, monkeypatch):
    """The first tick accepts a.txt, then dies on b.txt (as the ENAMETOOLONG did): it returned
    nothing, so the cursor did not move. The next tick must still ask for a's partition and run."""
    config, inbox, _ = setup
    (inbox / "a.txt").write_text("http://127.0.0.1:9/a\n")
    (inbox / "b.txt").write_text("http://127.0.0.1:9/b\n")
    real = inbox_module.write_manifest

    def dies_on_b(data_root, session_id, *args, **kwargs):
        if session_id == "b":
            raise KeyboardInterrupt  # the process stops mid-tick
        return real(data_root, session_id, *args, **kwargs)

    monkeypatch.setattr(inbox_module, "write_manifest", dies_on_b)
    with pytest.raises(KeyboardInterrupt):
        tick(config)
    assert (inbox / "accepted" / "a.txt").exists()
    monkeypatch.setattr(inbox_module, "write_manifest", real)
    result = tick(config)
    assert sorted(requested(result)) == ["a", "b"]
    assert sorted(result.dynamic_partitions_requests[0].partition_keys) == ["a", "b"]
    # Asked for once: the cursor records it, and a later tick asks for nothing.
    assert requested(tick(config, result.cursor)) == []


@pytest.mark.parametrize("name", ["c.txt", "not an id.txt"])
def test_a_tick_that_died_between_manifest_and_move_is_finished(setup, monkeypatch, name):
    config, inbox, sessions = setup
    (inbox / name).write_text("http://127.0.0.1:9/c\n")
    real = inbox_module.write_manifest

    def dies_after(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt  # the process stops after the manifest, before the move

    monkeypatch.setattr(inbox_module, "write_manifest", dies_after)
    with pytest.raises(KeyboardInterrupt):
        tick(config)
    [manifest] = sessions.glob("*/manifest.json")
    monkeypatch.undo()
    result = tick(config)  # the same file, the same session: not refused as "already exists"
    assert requested(result) == [manifest.parent.name]
    assert not (inbox / "rejected").exists() and not (inbox / name).exists()
    assert json.loads(manifest.read_text())["origin"]["inbox_file"] == name


def test_dropping_an_accepted_name_again_is_refused(setup):
    config, inbox, _ = setup
    (inbox / "again.txt").write_text("http://127.0.0.1:9/a\n")
    first = tick(config)
    (inbox / "again.txt").write_text("http://127.0.0.1:9/a\n")
    assert requested(tick(config, first.cursor)) == []
    assert "already exists" in (inbox / "rejected" / "again.txt.reason").read_text()


def test_a_fifo_is_never_opened(setup):
    config, inbox, _ = setup
    os.mkfifo(inbox / "pipe.txt")  # reading it would block the tick forever
    (inbox / "ok.txt").write_text("http://127.0.0.1:9/a\n")
    assert requested(tick(config)) == ["ok"]


def test_seeds_all_on_refused_addresses_are_rejected(tmp_path):
    config = write_config(tmp_path, data_sources={"kind": "crawl", "crawler": {"allowed_networks": []}})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "lan.txt").write_text("http://10.0.0.1/\nhttp://127.0.0.2/\n")
    assert requested(tick(config)) == []
    assert "data_sources.crawler.allowed_networks" in (inbox / "rejected" / "lan.txt.reason").read_text()
