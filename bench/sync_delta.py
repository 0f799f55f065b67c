"""Delta sync of one changed item into a large store vs a small one: the cost must not
grow with the store.

Two hubs are built in the same run, one with 100 items and one with 100,000 (``--items``); each device
store is filled by a real initial sync. Then, repeatedly, one item is published on the hub
and the device syncs it. Baseline: the same delta into the 100-item store.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import requests

from device import config
from device.store import Store
from gongkai.domain.model import Audience, Category, TimeLimit
from gongkai.domain.roles import Actor, Role
from hub.demo.content import build
from hub.server import start_demo_in_background
from hub.workflow import disclosures
from hub.workflow.disclosures import Draft
from sync.feed import sync_once

from .measure import report, sizes, summary_ms

FULL = {"items": 100_000, "runs": 40}
QUICK = {"items": 1000, "runs": 5}
SMALL = 100
"""Items in the baseline's store."""
BENCH_ADMIN = Actor("bench", Role.DISTRICT_ADMIN, None)


def grow(engine, total: int) -> None:
    """Fill the hub with ``total`` items cloned from the demo district (one transaction)."""
    template = [i for i in build(datetime.now(timezone.utc).date()).items if i.audience is Audience.PUBLIC]
    with engine.begin() as conn:
        for n in range(total - 44):
            base = template[n % len(template)]
            disclosures.import_item(conn, replace(base, id=10_000 + n, title=f"{base.title}（{n}）"), "bench")


def delta_samples(engine, cfg: config.DeviceConfig, store: Store, http: requests.Session,
                  runs: int) -> list[float]:
    """Seconds per sync of one item just published, ``runs`` times."""
    samples = []
    for n in range(runs):
        with engine.begin() as conn:
            disclosures.publish(conn, Draft(
                org_id=4, category=Category.SERVICE, audience=Audience.PUBLIC, time_limit=TimeLimit.PERIODIC,
                title=f"禾丰社区居民诉求办理情况（第{n}期）", body="本期收到居民诉求二十件，已全部办结。",
                work_plan="按月公开诉求办理情况，报区委同意。"), BENCH_ADMIN)
        started = time.perf_counter()
        result = sync_once(cfg, store, http)
        samples.append(time.perf_counter() - started)
        assert result.changes == 1
    return samples


def measure(total: int, runs: int, tmp: Path) -> tuple[dict, float, int]:
    """Delta timings into a store of ``total`` items, the initial sync's seconds, items stored."""
    data_dir = tmp / f"hub-{total}"
    server, engine = start_demo_in_background(data_dir)
    try:
        grow(engine, total)
        cfg = config.load(data_dir / "demo-device.toml")
        cfg = replace(cfg, page_size=1000)
        store, http = Store(cfg.store_path), requests.Session()
        started = time.perf_counter()
        sync_once(cfg, store, http)
        initial = time.perf_counter() - started
        stored = store.item_count()
        return summary_ms(delta_samples(engine, cfg, store, http, runs)), initial, stored
    finally:
        server.stop()
        engine.dispose()


def main() -> None:
    args = sizes("bench.sync_delta", FULL, QUICK)
    with tempfile.TemporaryDirectory() as tmp:
        small, _, small_items = measure(SMALL, args.runs, Path(tmp))
        large, large_initial, large_items = measure(args.items, args.runs, Path(tmp))
    report("sync_delta", {
        "delta_into_large_store": {**large, "store_items": large_items},
        "baseline_delta_into_small_store": {**small, "store_items": small_items},
        "median_ratio_large_vs_small": round(large["median_ms"] / small["median_ms"], 2),
        "initial_sync_large": {"seconds": round(large_initial, 1),
                               "items_per_second": round(large_items / large_initial)},
    })


if __name__ == "__main__":
    main()
