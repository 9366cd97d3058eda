"""Session tracking is best effort: a broken tracking store is a warning, never a failure."""

from so8t_resources.config import settings_from_dict
from so8t_resources.tracking import log_session_run


def test_a_broken_tracking_store_is_a_warning_not_a_failure(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    settings = settings_from_dict({"storage": {"data_root": str(tmp_path / "data")},
                                   "mlops": {"mlflow": {"tracking_uri": f"sqlite:///{blocked}/mlflow.db"}}})
    result = log_session_run(settings, "s1", {"config_hash": "x"}, {"funnel": {"fetched": 3}}, [])
    assert result.startswith("warning: MLflow session run failed")
    off = settings_from_dict({"mlops": {"mlflow": {"enabled": False}}})
    assert log_session_run(off, "s1", {}, {}, []) == "MLflow disabled in config"
