"""The device config's [kiosk] section, checked key by key (messages name the key).

Every number is range-checked: a typo such as idle_seconds = 9999999999 must stop the
kiosk at start-up with a clear message, not leave a screen that never goes home.
"""
from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from typing import Any

from device.config import ConfigError, DeviceConfig

MIN_TOUCH_MM = 15.0
"""The smallest touch target an unsteady finger hits reliably."""

_KEYS = {"idle_seconds", "maintenance_pin", "screen_diagonal_inches", "org_id", "hub_public_url",
         "rating_prompt_seconds"}


@dataclass(frozen=True)
class KioskSettings:
    """The checked [kiosk] section: idle time, maintenance PIN, panel size, own org, phone links."""

    idle_seconds: float = 90.0
    maintenance_pin: str = ""
    """Digits; empty means a locked-down kiosk cannot be left from the screen at all."""
    screen_diagonal_inches: float = 43.0
    org_id: int | None = None
    """The org this kiosk belongs to: "本单位" when browsing by org."""
    rating_prompt_seconds: float = 45.0
    """Seconds on an item after which its reader is asked 有帮助吗, wherever they are in it
    (reaching its end asks sooner: gongkai.domain.feedback.ratings.ask_after_reading)."""
    public_url: str = ""
    """Where phones reach the hub; QR codes point here, always with a signed token
    (kiosk.qr_links), so the settings build no unsigned phone links of their own."""

    def pin_matches(self, typed: str) -> bool:
        """Constant-time comparison; never true while no PIN is configured."""
        return bool(self.maintenance_pin) and hmac.compare_digest(typed.encode(), self.maintenance_pin.encode())

    def touch_target_px(self, window_size: tuple[int, int]) -> float:
        """Pixels that make MIN_TOUCH_MM on this screen, the window filling the panel."""
        diagonal_px = math.hypot(*window_size)
        mm_per_px = self.screen_diagonal_inches * 25.4 / diagonal_px
        return MIN_TOUCH_MM / mm_per_px


def load(device: DeviceConfig) -> KioskSettings:
    """The checked [kiosk] section of ``device``; defaults for keys left out."""
    raw: dict[str, Any] = device.kiosk
    for key in raw:
        if key not in _KEYS:
            raise ConfigError(f"unknown config key kiosk.{key}")
    return KioskSettings(
        idle_seconds=_number(raw, "idle_seconds", 90, 5, 3600),
        maintenance_pin=_pin(raw),
        screen_diagonal_inches=_number(raw, "screen_diagonal_inches", 43, 7, 120),
        org_id=_org_id(raw),
        rating_prompt_seconds=_number(raw, "rating_prompt_seconds", 45, 10, 600),
        public_url=_url(raw, device.hub_url),
    )


def _number(raw: dict, key: str, default: float, low: float, high: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"config key kiosk.{key} must be a number")
    if not low <= value <= high:
        raise ConfigError(f"config key kiosk.{key} must be between {low} and {high}")
    return float(value)


def _pin(raw: dict) -> str:
    value = raw.get("maintenance_pin", "")
    if not isinstance(value, str) or (value and not (value.isascii() and value.isdigit())):
        raise ConfigError("config key kiosk.maintenance_pin must be a string of digits, e.g. \"482916\"")
    if value and not 4 <= len(value) <= 12:
        raise ConfigError("config key kiosk.maintenance_pin must have 4 to 12 digits")
    return value


def _org_id(raw: dict) -> int | None:
    value = raw.get("org_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError("config key kiosk.org_id must be a positive whole number")
    return value


def _url(raw: dict, hub_url: str) -> str:
    value = raw.get("hub_public_url", hub_url)
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError("config key kiosk.hub_public_url must start with http:// or https://")
    return value.rstrip("/")
