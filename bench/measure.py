"""Shared by the benchmarks: sizes from the command line (full or ``--quick``), timing with
medians and percentiles, and the one JSON line each ends with."""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable


def sizes(prog: str, full: dict[str, float], quick: dict[str, float]) -> argparse.Namespace:
    """The run's sizes: ``full`` by default, ``quick`` with ``--quick`` (seconds, for CI);
    each can be set on its own, e.g. ``--items 5000`` for the key ``items``."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}")
    parser.add_argument("--quick", action="store_true", help="small sizes: a run of seconds, as CI does")
    for key, value in full.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=None,
                            help=f"default {value} ({quick[key]} with --quick)")
    args = parser.parse_args()
    chosen = quick if args.quick else full
    return argparse.Namespace(**{key: chosen[key] if getattr(args, key) is None else getattr(args, key)
                                 for key in full})


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
    """Median and 95th percentile of ``samples`` (seconds) in milliseconds, and how many there were."""
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
