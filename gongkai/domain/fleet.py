"""How a device stands, as the console's device list shows it: online, up to date, waiting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

OFFLINE_AFTER = timedelta(minutes=5)
"""Devices poll every minute by default; five missed polls is offline, not a slow network."""


@dataclass(frozen=True)
class Health:
    """How one device stands: whether it is online, and how far its content lags the feed."""

    online: bool
    behind: int | None
    """Feed changes the device has not applied yet (None: it never reported a cursor)."""

    @property
    def label(self) -> str:
        """The device's standing in the console's words (离线, 在线，内容最新 …)."""
        if not self.online:
            return "离线"
        if self.behind is None:
            return "在线"
        return "在线，内容最新" if self.behind == 0 else f"在线，落后 {self.behind} 条更新"


def health(last_seen: datetime | None, cursor: int | None, head: int, now: datetime) -> Health:
    """How a device stands at ``now``, from its last poll and its cursor against the feed's ``head``."""
    online = last_seen is not None and now - last_seen <= OFFLINE_AFTER
    behind = None if cursor is None else max(0, head - cursor)
    return Health(online, behind)
