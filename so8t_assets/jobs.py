"""Jobs over the session-partitioned assets."""

from dagster import AssetSelection, define_asset_job

# Every session asset; the partitions definition is inferred from the selection.
full_pipeline = define_asset_job("full_pipeline", selection=AssetSelection.all())
