"""Cleansing steps: normalisation, language, quality rules, dedup, PII (Dagster-free).

Every filter returns True to keep a document or (False, "reason") to drop it; the reason
strings are data (counted in metadata, written to the rejects table), so tests assert them.
"""
