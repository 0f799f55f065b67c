"""The device's idea of "now": local time in the screen's zone.

Kept in one place so the hub-clock correction (issue: device sync, Time) lands once.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def now(zone: ZoneInfo) -> datetime:
    return datetime.now(zone)
