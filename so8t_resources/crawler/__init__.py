"""A polite, hardened async web crawler (Dagster-free; the crawler resource wraps it)."""
