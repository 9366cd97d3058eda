"""Session tracking with the real backends (MLflow on SQLite, TensorBoard event files, W&B offline),
read back through their own readers; a broken backend is a warning, never a failure."""

import numpy as np
from mlflow import MlflowClient
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from so8t_resources.config import settings_from_dict
from so8t_resources.tracking import SessionTracker

STATS = {"session": "s1", "funnel": {"fetched": 10, "training_records": 6},
         "nsfw": {"rate": 0.1, "scores": [0.1, 0.9]}, "drop_reasons": {"near_duplicate": 2}, "errors": {},
         "four_class_by_lang": {"en": {"ALLOW": 3, "DENY": 1}}, "records_by_class": {"ALLOW": 6}}


def settings(tmp_path, **mlops):
    return settings_from_dict({"storage": {"data_root": str(tmp_path / "data")}, "mlops": mlops})


def wandb_records(folder):
    from wandb.proto import wandb_internal_pb2 as pb
    from wandb.sdk.internal.datastore import DataStore

    [log] = folder.glob("wandb/offline-run-*/run-*.wandb")
    store, keys = DataStore(), {}
    store.open_for_scan(str(log))
    while (data := store.scan_data()) is not None:
        record = pb.Record()
        record.ParseFromString(data)
        if record.WhichOneof("record_type") == "history":
            keys.update({i.key or "/".join(i.nested_key): i.value_json for i in record.history.item})
    return keys


def test_phases_and_the_report_reach_every_backend(tmp_path):
    cfg = settings(tmp_path)
    tracker = SessionTracker(cfg, "s1")
    assert tracker.log_phase_complete("raw_pages", {"pages": 10, "outcomes": {"ok": 9, "http_404": 1}},
                                      params={"config_hash": "abc"}) == "logged to mlflow, tensorboard"
    assert tracker.log_nsfw_stats([0.1, 0.2, 0.95], {"nsfw_rate": 1 / 3}).startswith("logged")
    png = tmp_path / "dashboard.png"
    import matplotlib.pyplot as plt

    plt.imsave(png, np.random.default_rng(0).random((20, 30, 3)))
    status = tracker.log_session_report(STATS, [png], {"config_hash": "abc", "safety_model": "m@1"})
    assert status == "logged to mlflow, tensorboard, wandb"

    client = MlflowClient(f"sqlite:///{tmp_path / 'data' / 'mlflow.db'}")
    [run] = client.search_runs([client.get_experiment_by_name("so8t-sessions").experiment_id])
    assert run.data.metrics["raw_pages.outcomes_http_404"] == 1 and run.data.params["config_hash"] == "abc"
    assert run.data.metrics["session_report.funnel_training_records"] == 6
    assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["dashboard.png"]

    events = EventAccumulator(str(tmp_path / "data" / "tensorboard" / "session=s1"))
    events.Reload()
    assert events.Scalars("raw_pages/pages")[0].value == 10
    assert events.Histograms("nsfw_labels/scores")[0].histogram_value.num == 3

    logged = wandb_records(tmp_path / "data")
    assert logged["funnel_fetched"] == "10" and logged["four_class_by_lang_en_DENY"] == "1"
    assert "four_class_counts" in {k.split("/")[0] for k in logged} and "dashboard" in {k.split("/")[0] for k in logged}


def test_a_broken_backend_is_a_warning_and_the_others_still_log(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    cfg = settings(tmp_path, mlflow={"tracking_uri": f"sqlite:///{blocked}/mlflow.db"})
    status = SessionTracker(cfg, "s1").log_phase_complete("raw_pages", {"pages": 1})
    assert status.startswith("warning: mlflow:") and status.endswith("(logged to tensorboard)")
    off = settings(tmp_path, mlflow={"enabled": False}, tensorboard={"enabled": False}, wandb={"mode": "disabled"})
    assert SessionTracker(off, "s1").log_session_report(STATS, [], {}) == "tracking disabled in config"


def test_online_wandb_without_a_key_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    cfg = settings(tmp_path, mlflow={"enabled": False}, tensorboard={"enabled": False}, wandb={"mode": "online"})
    status = SessionTracker(cfg, "s1").log_session_report(STATS, [], {})
    assert status.startswith("warning: wandb:") and "WANDB_API_KEY" in status
