"""``gongkai status``: the device's state in one JSON object, for technicians and monitoring."""
from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime, timezone
from typing import Any

from gongkai.config import DeviceConfig
from gongkai.domain.model import Category
from gongkai.store import Store

from . import outbox


def device_status(config: DeviceConfig, store: Store) -> dict[str, Any]:
    counts = Counter(item.category for item in store.items())
    last_sync = store.meta("last_sync")
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
        "failed_verifications": int(store.meta("failed_verifications") or 0),
        "clock_offset_seconds": store.clock_offset,
        "disk_free_bytes": shutil.disk_usage(config.store_path.parent).free,
        "last_error": store.meta("last_error"),
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
        f"signatures:   {status['failed_verifications']} pages refused",
        f"last error:   {status['last_error'] or 'none'}",
    ]
    return "\n".join(lines)
