"""Jobs: the session pipeline (partitioned assets) and model training (unpartitioned)."""

from dagster import AssetSelection, Backoff, Jitter, RetryPolicy, define_asset_job

MODELS = AssetSelection.groups("models")

# A failed step is tried again twice, 2 s then about 4 s later: a crawl step resumes from its
# checkpoint, every other step recomputes from stored inputs. Whole-run retries are the
# launcher's (`so8t start`: re-execution from the failure).
STEP_RETRIES = RetryPolicy(max_retries=2, delay=2, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)

# Every session asset; the partitions definition is inferred from the selection.
full_pipeline = define_asset_job("full_pipeline", selection=AssetSelection.all() - MODELS,
                                 op_retry_policy=STEP_RETRIES)
train_models = define_asset_job("train_models", selection=MODELS)
# One job per model, so the CLI can train just the one that is missing.
train_nsfw_model = define_asset_job("train_nsfw_model", selection=AssetSelection.assets("nsfw_model"))
train_safety_model = define_asset_job("train_safety_model", selection=AssetSelection.assets("safety_model"))
