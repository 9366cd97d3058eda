"""Jobs: the session pipeline (partitioned assets) and model training (unpartitioned)."""

from dagster import AssetSelection, define_asset_job

MODELS = AssetSelection.groups("models")

# Every session asset; the partitions definition is inferred from the selection.
full_pipeline = define_asset_job("full_pipeline", selection=AssetSelection.all() - MODELS)
train_models = define_asset_job("train_models", selection=MODELS)
# One job per model, so the CLI can train just the one that is missing.
train_nsfw_model = define_asset_job("train_nsfw_model", selection=AssetSelection.assets("nsfw_model"))
train_safety_model = define_asset_job("train_safety_model", selection=AssetSelection.assets("safety_model"))
