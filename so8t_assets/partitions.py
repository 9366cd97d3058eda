"""The one partitioning of the platform: a crawl session per dynamic partition key."""

from dagster import DynamicPartitionsDefinition

SESSIONS = "sessions"
sessions_partitions = DynamicPartitionsDefinition(name=SESSIONS)
