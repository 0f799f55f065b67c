"""The hub's clock: UTC for what it stores, the district's zone for what admins read and type."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

DISTRICT_ZONE = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
