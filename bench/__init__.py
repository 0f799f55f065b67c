"""Benchmarks: each runs with ``python -m bench.NAME`` and ends with one JSON line holding
its figures and the baseline's, measured in the same run."""
