"""Timing and reporting shared by the benchmarks: medians and percentiles, one JSON line."""
from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable


def timings(action: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """Seconds per call of ``action``, after a few warm-up calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def summary_ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 3),
        "runs": len(ordered),
    }


def report(name: str, figures: dict) -> None:
    """Print the figures readably, then as the one JSON line the benchmark ends with."""
    print(f"== {name}")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps({"benchmark": name, **figures}, ensure_ascii=False))
