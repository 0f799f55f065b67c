"""The device's idea of "now": the hub's clock, in the screen's time zone.

Devices in village halls often have wrong clocks; sync keeps the offset to the hub's
clock (HTTP ``Date``) in the store, and every 公示 window and schedule uses this time.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def now(zone: ZoneInfo, offset_seconds: float = 0.0) -> datetime:
    """The time every 公示 window and schedule is judged by: the hub's clock, in the screen's ``zone``."""
    return datetime.now(zone) + timedelta(seconds=offset_seconds)
