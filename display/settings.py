"""The [display] section of a device config, checked key by key into DisplaySettings.

device.config hands the section over untouched; every value is checked here against a
range, because a typed 9999999999999 must stop the program with a message naming the key,
not crash-loop a screen in a village hall (see FIELD-NOTES: Anthias). Every key is
documented in config/display-lcd.example.toml and config/display-led.example.toml.
"""
from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from device.config import ConfigError, DeviceConfig
from gongkai.domain.model import Category
from gongkai.domain.playlist import DEFAULT_WEIGHTS, Rules, SlideKind
from gongkai.domain.rotation import Pacing
from gongkai.domain.schedule import DAY_SELECTORS, Calendar, Daypart

from .motion import MAX_FPS, MIN_RATE

MODES = ("lcd", "led")
LED_COLOURS = ("red", "yellow", "green", "white")
WEIGHTED_KINDS = tuple(kind.value for kind in SlideKind if kind is not SlideKind.URGENT)
_GEOMETRY = re.compile(r"^(\d{1,4})x(\d{1,4})\+(\d{1,5})\+(\d{1,5})$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_DAYPART_KEYS = frozenset({"name", "days", "from", "to", "off", "categories"})


@dataclass(frozen=True)
class Geometry:
    """An LED wall's HDMI region: its pixel size and where it sits on the output."""

    width: int
    height: int
    x: int
    y: int

    @property
    def size(self) -> tuple[int, int]:
        """The wall's size in pixels, which the display window takes."""
        return self.width, self.height


@dataclass(frozen=True)
class DisplaySettings:
    """A screen's checked [display] settings: LCD or LED wall, pacing, playlist and schedule, panel
    power commands, its groups and the hub address its QR codes point to."""

    mode: str = "lcd"
    led_geometry: Geometry | None = None
    led_lines: int = 2
    led_colour: str = "red"
    scroll_speed: float = 60.0
    scroll_fps: float = MAX_FPS
    pacing: Pacing = Pacing()
    transition_seconds: float = 0.6
    ticker: bool = True
    qr: bool = True
    playlist: Rules = field(default_factory=Rules)
    power_on_command: tuple[str, ...] = ()
    power_off_command: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()
    public_url: str = ""
    """Where phones reach the hub; QR codes point here."""

    @property
    def led(self) -> bool:
        """Whether this screen drives an LED wall rather than an LCD."""
        return self.mode == "led"

    def item_url(self, item_id: int) -> str:
        """The phone page of an item, behind its QR code."""
        return f"{self.public_url}/m/items/{item_id}"


_KEYS = frozenset({
    "mode", "led_geometry", "led_lines", "led_colour", "scroll_speed", "scroll_fps",
    "chars_per_minute", "min_seconds", "max_seconds", "transition_seconds", "ticker", "qr",
    "weights", "dayparts", "holidays", "workdays", "power_on_command", "power_off_command",
    "groups", "hub_public_url",
})


def load(device: DeviceConfig) -> DisplaySettings:
    """The checked [display] section of ``device``; defaults for keys left out."""
    return parse(device.display, device.hub_url)


def parse(raw: Mapping[str, Any], hub_url: str) -> DisplaySettings:
    """Check a [display] section; ConfigError names the first bad key."""
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown config key display.{unknown[0]}")
    mode = _choice(raw, "mode", MODES, "lcd")
    geometry = _geometry(raw.get("led_geometry"))
    if mode == "led" and geometry is None:
        raise ConfigError('config key display.led_geometry is missing: an LED wall needs e.g. "384x192+0+0"')
    min_seconds = _number(raw, "min_seconds", 3, 600, 20)
    max_seconds = _number(raw, "max_seconds", 3, 600, 60)
    if max_seconds < min_seconds:
        raise ConfigError("config key display.max_seconds must not be less than display.min_seconds")
    return DisplaySettings(
        mode=mode,
        led_geometry=geometry,
        led_lines=int(_number(raw, "led_lines", 1, 2, 2, integer=True)),
        led_colour=_choice(raw, "led_colour", LED_COLOURS, "red"),
        scroll_speed=_number(raw, "scroll_speed", 8, 1000, 60),
        scroll_fps=_number(raw, "scroll_fps", MIN_RATE, MAX_FPS, MAX_FPS),
        pacing=Pacing(chars_per_minute=_number(raw, "chars_per_minute", 60, 1200, 240),
                      min_seconds=min_seconds, max_seconds=max_seconds),
        transition_seconds=_number(raw, "transition_seconds", 0, 3, 0.6),
        ticker=_flag(raw, "ticker", True),
        qr=_flag(raw, "qr", True),
        playlist=Rules(weights=_weights(raw.get("weights", {})),
                       dayparts=_dayparts(raw.get("dayparts", [])),
                       calendar=Calendar(holidays=_dates(raw, "holidays"), workdays=_dates(raw, "workdays"))),
        power_on_command=_command(raw, "power_on_command"),
        power_off_command=_command(raw, "power_off_command"),
        groups=frozenset(_strings(raw, "groups")),
        public_url=_url(raw.get("hub_public_url", hub_url)),
    )


def _url(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError("config key display.hub_public_url must start with http:// or https://")
    return value.rstrip("/")


def _choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in choices:
        names = " or ".join(f'"{c}"' for c in choices)
        raise ConfigError(f"config key display.{key} must be {names}")
    return value


def _number(raw: Mapping[str, Any], key: str, low: float, high: float, default: float, *,
            integer: bool = False) -> float:
    value = raw.get(key, default)
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"config key display.{key} must be {kind} from {low:g} to {high:g}")
    return float(value)


def _flag(raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"config key display.{key} must be true or false")
    return value


def _strings(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"config key display.{key} must be a list of names")
    return [v.strip() for v in value]


def _geometry(value: Any) -> Geometry | None:
    if value is None:
        return None
    match = _GEOMETRY.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError('config key display.led_geometry must look like "384x192+0+0" (WxH+X+Y)')
    width, height, x, y = (int(v) for v in match.groups())
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise ConfigError("config key display.led_geometry: width and height must be 16 to 8192 pixels")
    return Geometry(width, height, x, y)


def _dates(raw: Mapping[str, Any], key: str) -> frozenset[date]:
    """ISO dates, as strings or TOML dates (2026-10-01 needs no quotes in TOML)."""
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"config key display.{key} must be a list of dates like 2026-10-01")
    days = set()
    for entry in value:
        try:
            days.add(entry if type(entry) is date else date.fromisoformat(entry))
        except (TypeError, ValueError):
            raise ConfigError(f"config key display.{key}: {entry!r} is not a date like 2026-10-01") from None
    return frozenset(days)


def _command(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A command line split like a shell would, but never run through one."""
    value = raw.get(key, "")
    try:
        words = shlex.split(value) if isinstance(value, str) else None
    except ValueError as exc:
        raise ConfigError(f"config key display.{key}: {exc}") from None
    if words is None:
        raise ConfigError(f'config key display.{key} must be a command line, e.g. "xset dpms force off"')
    return tuple(words)


def _weights(value: Any) -> dict[SlideKind, int]:
    if not isinstance(value, dict):
        raise ConfigError("config key display.weights must be a table ([display.weights])")
    weights = dict(DEFAULT_WEIGHTS)
    for key, weight in value.items():
        if key not in WEIGHTED_KINDS:
            raise ConfigError(f"unknown config key display.weights.{key} (known: {', '.join(WEIGHTED_KINDS)})")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 10:
            raise ConfigError(f"config key display.weights.{key} must be a whole number from 1 to 10")
        weights[SlideKind(key)] = weight
    return weights


def _dayparts(value: Any) -> tuple[Daypart, ...]:
    if not isinstance(value, list) or not all(isinstance(part, dict) for part in value):
        raise ConfigError("config key display.dayparts must be a list of tables ([[display.dayparts]])")
    return tuple(_daypart(part, n) for n, part in enumerate(value, start=1))


def _daypart(part: dict[str, Any], n: int) -> Daypart:
    where = f"display.dayparts[{n}]"
    unknown = sorted(set(part) - _DAYPART_KEYS)
    if unknown:
        raise ConfigError(f"unknown config key {where}.{unknown[0]}")
    days = part.get("days", ["daily"])
    if not isinstance(days, list) or not days or not set(days) <= DAY_SELECTORS:
        raise ConfigError(f"config key {where}.days must list some of: {', '.join(sorted(DAY_SELECTORS))}")
    off = part.get("off", False)
    if not isinstance(off, bool):
        raise ConfigError(f"config key {where}.off must be true or false")
    return Daypart(days=frozenset(days), start=_clock(part, "from", where), end=_clock(part, "to", where),
                   off=off, categories=_categories(part, where), name=str(part.get("name", "")))


def _clock(part: dict[str, Any], key: str, where: str) -> time:
    value = part.get(key)
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(f'config key {where}.{key} must be a time like "07:00"')
    return time(int(match[1]), int(match[2]))


def _categories(part: dict[str, Any], where: str) -> frozenset[Category] | None:
    if "categories" not in part:
        return None
    value = part["categories"]
    if not isinstance(value, list) or not value or not all(
            isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= 8 for c in value):
        raise ConfigError(f"config key {where}.categories must list category numbers 1 to 8")
    return frozenset(Category(c) for c in value)
