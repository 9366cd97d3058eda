"""Jobs: the session pipeline (partitioned assets) and model training (unpartitioned)."""

from dagster import AssetSelection, define_asset_job

MODELS = AssetSelection.groups("models")

# Every session asset; the partitions definition is inferred from the selection.
full_pipeline = define_asset_job("full_pipeline", selection=AssetSelection.all() - MODELS)
train_models = define_asset_job("train_models", selection=MODELS)
