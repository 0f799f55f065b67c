"""``gongkai status``: the device's state in one JSON object, for technicians and monitoring."""
from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from device import clock, outbox
from device.config import DeviceConfig
from device.store import Store
from gongkai.domain.fleet import is_stale, unfresh_age
from gongkai.domain.model import Category

from .service import update_root
from .update import Layout, last_outcome

CLOCK_SECONDS = 300
LOW_DISK_BYTES = 200 * 2**20


def device_status(config: DeviceConfig, store: Store) -> dict[str, Any]:
    """The device's state for ``gongkai status`` (and its ``--json``)."""
    counts = Counter(item.category for item in store.items())
    last_sync = store.meta("last_sync")
    fresh = store.fresh_hub_time
    hub_now = clock.now(timezone.utc, store.clock_offset)
    age = unfresh_age(fresh, hub_now)
    return {
        "hub": config.hub_url,
        "device": config.name,
        "store": str(config.store_path),
        "last_sync": last_sync,
        "last_attempt": store.meta("last_attempt"),
        "lag_seconds": _seconds_since(last_sync),
        "cursor": store.cursor,
        "items": store.item_count(),
        "items_by_category": {c.label: counts.get(c, 0) for c in Category},
        "outbox_depth": outbox.depth(store),
        "files_missing": len(store.wanted_files()),
        "items_waiting_for_files": store.item_count(ready_only=False) - store.item_count(),
        "last_file_error": store.meta("last_file_error"),
        "last_fresh": fresh.isoformat() if fresh else None,
        "fresh_age_seconds": int(age.total_seconds()) if age is not None else None,
        "stale_after_seconds": config.stale_after,
        "stale": is_stale(fresh, timedelta(seconds=config.stale_after), hub_now),
        "failed_verifications": store.failed_verifications,
        "clock_offset_seconds": store.clock_offset,
        "disk_free_bytes": shutil.disk_usage(config.store_path.parent).free,
        "last_error": store.meta("last_error"),
        "paired": config.paired,
        "pairing_code": store.meta("pairing_code"),
        "update": last_outcome(Layout(root=update_root())),
    }


def _seconds_since(iso: str | None) -> int | None:
    if iso is None:
        return None
    return int((datetime.now(timezone.utc) - datetime.fromisoformat(iso)).total_seconds())


def describe(status: dict[str, Any]) -> str:
    """The same state in plain words, for a technician at the screen."""
    lag = status["lag_seconds"]
    lines = [
        f"hub:          {status['hub']}",
        f"last sync:    {status['last_sync'] or 'never'}" + (f" ({lag} s ago)" if lag is not None else ""),
        f"cursor:       {status['cursor']}  ({status['items']} items stored)",
        *(f"  {name}: {n}" for name, n in status["items_by_category"].items()),
        f"outbox:       {status['outbox_depth']} records waiting for the hub",
        f"files:        {status['files_missing']} to fetch"
        + (f" (last problem: {status['last_file_error']})" if status["last_file_error"] else ""),
        f"clock:        {status['clock_offset_seconds']:+.0f} s from the hub's clock",
        f"disk free:    {status['disk_free_bytes'] // 2**20} MiB",
        "hub's word:   " + (f"last fresh signed answer {status['fresh_age_seconds']} s ago"
                             if status["last_fresh"] else "no fresh signed answer yet")
        + f" (limit {status['stale_after_seconds']:g} s)",
        f"refused:      {status['failed_verifications']} answers (bad signature, replayed, another device's)",
        f"last error:   {status['last_error'] or 'none'}",
    ]
    found = problems(status)
    lines += ["", "what to do:" if found else "all is well."] + [f"  - {problem}" for problem in found]
    return "\n".join(lines)


def problems(status: dict[str, Any]) -> list[str]:
    """What is wrong, each with what to do about it, in plain words for a technician on site."""
    found = []
    if not status["paired"]:
        code = status["pairing_code"]
        found.append("not paired with the hub yet: " + (
            f"ask the district admin to enter code {code[:3]} {code[3:]} in the console (终端设备)" if code else
            f"no pairing code yet; check that this device reaches {status['hub']} (network cable, Wi-Fi, address)"))
    elif status["stale"]:
        found.append("no fresh signed answer from the hub "
                     + (f"for {status['fresh_age_seconds']} s" if status["last_fresh"] else "yet")
                     + f" (limit {status['stale_after_seconds']:g} s): what the screen shows may be out of date; "
                     f"check the network and that {status['hub']} is up"
                     + (f" (last error: {status['last_error']})" if status["last_error"] else ""))
    if status["failed_verifications"]:
        found.append("answers that were not the hub's own for this device were refused (bad signature, replayed, "
                     "or another device's): hub.url may point at the wrong server, or something on the network "
                     "tampers with the hub's answers")
    if abs(status["clock_offset_seconds"]) > CLOCK_SECONDS:
        found.append("this device's clock is off; the screen uses the hub's time, but check NTP (timedatectl)")
    if status["disk_free_bytes"] < LOW_DISK_BYTES:
        found.append("the disk is nearly full: free space or use a larger SD card")
    if status["files_missing"] and status["last_file_error"]:
        found.append(f"images are still missing: {status['last_file_error']}")
    update = status["update"]
    if update.get("outcome") in ("failed", "rolled_back"):
        found.append(f"update to {update['version']} failed and this device stayed on its version "
                     f"({update['detail']}); the hub's console shows it under 版本升级")
    return found
