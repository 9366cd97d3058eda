"""Dagster-free processing steps, one concern per module."""
