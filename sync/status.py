"""``gongkai status``: the device's state in one JSON object, for technicians and monitoring."""
from __future__ import annotations

from collections import Counter
from typing import Any

from gongkai.config import DeviceConfig
from gongkai.domain.model import Category
from gongkai.store import Store


def device_status(config: DeviceConfig, store: Store) -> dict[str, Any]:
    counts = Counter(item.category for item in store.items())
    return {
        "hub": config.hub_url,
        "device": config.name,
        "store": str(config.store_path),
        "last_sync": store.meta("last_sync"),
        "last_attempt": store.meta("last_attempt"),
        "cursor": store.cursor,
        "items": store.item_count(),
        "items_by_category": {c.label: counts.get(c, 0) for c in Category},
        "last_error": store.meta("last_error"),
    }


def describe(status: dict[str, Any]) -> str:
    """The same state in plain words, for a technician at the screen."""
    lines = [f"hub:        {status['hub']}",
             f"last sync:  {status['last_sync'] or 'never'}",
             f"cursor:     {status['cursor']}  ({status['items']} items stored)"]
    lines += [f"  {name}: {n}" for name, n in status["items_by_category"].items()]
    lines.append(f"last error: {status['last_error'] or 'none'}")
    return "\n".join(lines)
