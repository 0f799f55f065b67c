"""How a device stands, as the console's device list and ``gongkai status`` show it: online,
up to date, waiting, or without a fresh signed answer from the hub for too long."""
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
    stale: bool = False
    """No fresh signed answer from the hub for longer than the device's limit."""
    unfresh_for: timedelta | None = None
    """Since the freshest signed answer the device trusted (None: never one)."""

    @property
    def label(self) -> str:
        """The device's standing in the console's words (离线, 在线，内容最新 …)."""
        if not self.online:
            return "离线"
        if self.behind is None:
            return "在线"
        return "在线，内容最新" if self.behind == 0 else f"在线，落后 {self.behind} 条更新"

    @property
    def warning(self) -> str | None:
        """Said beside the label when the device has gone too long without the hub's word."""
        if not self.stale:
            return None
        return f"已{_duration(self.unfresh_for)}未收到中心签名应答" if self.unfresh_for is not None \
            else "从未收到中心签名应答"


@dataclass(frozen=True)
class Freshness:
    """What a device last reported of the hub's signed answers (its heartbeat)."""

    hub_time: datetime | None
    """The hub's signed time in the freshest answer the device trusted."""
    limit: timedelta


def health(last_seen: datetime | None, cursor: int | None, head: int, now: datetime,
           freshness: Freshness | None = None) -> Health:
    """How a device stands; ``freshness`` is None for a device that never reported it."""
    online = last_seen is not None and now - last_seen <= OFFLINE_AFTER
    behind = None if cursor is None else max(0, head - cursor)
    if freshness is None:
        return Health(online, behind)
    return Health(online, behind, is_stale(freshness.hub_time, freshness.limit, now),
                  unfresh_age(freshness.hub_time, now))


def is_stale(fresh_hub_time: datetime | None, limit: timedelta, now: datetime) -> bool:
    """No fresh signed answer from the hub for longer than ``limit``, or never; ``now`` on the
    hub's clock (a device adds its offset, itself measured from signed answers only)."""
    return fresh_hub_time is None or now - fresh_hub_time > limit


def unfresh_age(fresh_hub_time: datetime | None, now: datetime) -> timedelta | None:
    """How long since the freshest signed answer (None: there never was one)."""
    return None if fresh_hub_time is None else max(timedelta(0), now - fresh_hub_time)


def _duration(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f" {max(minutes, 1)} 分钟"
    return f" {minutes // 60} 小时" if minutes < 48 * 60 else f" {minutes // 1440} 天"
