"""Background device jobs: sync the feed, drain the outbox, send a heartbeat.

APScheduler runs them inside the kiosk and display processes (``start_background``) or
as the standalone ``gongkai sync`` service (``run_forever``). A failed run is logged and
recorded for ``gongkai status``; the next run simply tries again.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

import gongkai
from device import outbox, screenshots
from device.config import DeviceConfig, load
from device.store import Store

from . import delivery, update
from .feed import SyncError, sync_once
from .files import fetch_files
from .pairing import PairingError, pairing_step, wait_for_pairing

log = logging.getLogger("gongkai.sync")
UPDATE_INTERVAL = 300.0
"""Seconds between fleet-update checks; also how soon a version on trial confirms itself."""


def run_forever(config: DeviceConfig) -> None:
    """The standalone ``gongkai sync`` service: wait to be paired if need be, then run the device jobs until stopped."""
    if not config.paired:
        store = Store(config.store_path)
        config = wait_for_pairing(config, store, config.kind, announce=log.warning)
        store.close()
    scheduler = BlockingScheduler()
    schedule(scheduler, config)
    scheduler.start()


def start_background(config: DeviceConfig) -> BackgroundScheduler:
    """Run the device jobs inside a kiosk or display process (``--sync``), for a device
    with no separate sync service."""
    scheduler = BackgroundScheduler(daemon=True)
    schedule(scheduler, config)
    scheduler.start()
    return scheduler


def schedule(scheduler: BaseScheduler, config: DeviceConfig) -> None:
    """Each job starts now and repeats with ±10 % jitter, so a fleet never polls in step."""
    Store(config.store_path).close()  # a new store's tables exist before the jobs, all starting now, open it
    start = datetime.now(timezone.utc)
    for job, interval in ((sync_job, config.sync_interval), (drain_job, config.drain_interval),
                          (heartbeat_job, config.heartbeat_interval), (update_job, UPDATE_INTERVAL)):
        scheduler.add_job(job, "interval", seconds=interval, jitter=max(1, int(interval / 10)),
                          args=[config], next_run_time=start, max_instances=1, coalesce=True,
                          id=job.__name__)


def paired(config: DeviceConfig, store: Store) -> DeviceConfig | None:
    """The config to work with, pairing first if this device has no token yet."""
    if config.paired:
        return config
    reloaded = load(config.path)
    if reloaded.paired:
        return reloaded
    try:
        return pairing_step(reloaded, store, reloaded.kind)
    except PairingError as exc:
        log.warning("%s", exc)
        return None


def sync_job(config: DeviceConfig) -> None:
    """Bring this device's store up to date with the hub's feed, and fetch the attachments it names."""
    store = Store(config.store_path)
    try:
        config = paired(config, store)
        if config is None:
            return
        result = sync_once(config, store)
        if not result.not_modified:
            log.info("applied %d changes; cursor %d", result.changes, store.cursor)
        files = fetch_files(config, store)
        for problem in files.failed.values():
            log.warning("%s", problem)
    except SyncError as exc:
        log.warning("sync failed: %s", exc)
    finally:
        store.close()


def drain_job(config: DeviceConfig) -> None:
    """Deliver what this device queued for the hub: 点题, ratings, play records and heartbeats."""
    store = Store(config.store_path)
    try:
        config = paired(config, store)
        if config is None:
            return
        delivered = delivery.drain(config, store)
        if delivered:
            log.debug("delivered %d outbox records", delivered)  # every few seconds on a display: proof of play
    except delivery.OutboxError as exc:
        log.warning("outbox not delivered: %s", exc)
    finally:
        store.close()


def heartbeat_job(config: DeviceConfig) -> None:
    """Queue this device's state for the hub's device list; the drain carries it. It names the
    hub's signed time of the freshest answer the device trusted, so the list can say when a
    device has been cut off from the hub's word even while its heartbeats get through. Every
    Nth one, if configured, also asks the screen for a screenshot (device.screenshots)."""
    store = Store(config.store_path)
    try:
        outbox.add(store, "heartbeat", {
            "app_version": gongkai.__version__, "cursor": store.cursor,
            "outbox_depth": outbox.depth(store), "last_sync": store.meta("last_sync"),
            "last_error": store.meta("last_error"),
            "fresh_hub_time": store.meta("fresh_hub_time"), "stale_after": round(config.stale_after),
            **update.heartbeat_fields(update.Layout(root=update_root())),
        })
        screenshots.note_heartbeat(store, config.screenshot_every_heartbeats)
    finally:
        store.close()


def update_root() -> Path:
    """Where deploy/install.sh put releases and update state: / unless GONGKAI_ROOT says."""
    return Path(os.environ.get("GONGKAI_ROOT") or "/")


def update_job(config: DeviceConfig) -> None:
    """Fleet update (sync/update.py), on devices laid out by deploy/install.sh only."""
    layout = update.Layout(root=update_root(), config_path=config.path)
    if not layout.managed():
        return
    store = Store(config.store_path)
    try:
        config = paired(config, store)
    finally:
        store.close()
    if config is None:
        return
    try:
        log.info("update: %s", update.Updater(config, layout).step())
    except update.UpdateError as exc:
        log.warning("update: %s", exc)
