"""The hub's clock: UTC for what it stores, the district's zone for what admins read and type."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

DISTRICT_ZONE = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """The present moment as the hub stores and compares times: in UTC, whatever the server's own zone."""
    return datetime.now(timezone.utc)
