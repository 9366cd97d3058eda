"""Benchmarks: run by hand (`python -m bench.crawl_bench`), never as unit tests."""
