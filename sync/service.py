"""``gongkai sync`` as a long-running service: sync on an interval, never crash on a bad run."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from gongkai.config import DeviceConfig
from gongkai.store import Store

from .feed import SyncError, sync_once

log = logging.getLogger("gongkai.sync")


def run_forever(config: DeviceConfig, store: Store, interval: float) -> None:
    """Sync now, then every ``interval`` seconds with jitter so a fleet does not poll in step."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheduler = BlockingScheduler()
    scheduler.add_job(_run, "interval", seconds=interval, jitter=max(1, int(interval / 10)),
                      args=[config, store], next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True)
    scheduler.start()


def _run(config: DeviceConfig, store: Store) -> None:
    try:
        result = sync_once(config, store)
    except SyncError as exc:
        log.warning("sync failed: %s", exc)
        return
    if not result.not_modified:
        log.info("applied %d changes; cursor %d", result.changes, store.cursor)

