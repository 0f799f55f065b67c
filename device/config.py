"""A device's configuration file (TOML), checked key by key with messages that name the key."""
from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gongkai.signing import SignatureError, parse_public_key


class ConfigError(ValueError):
    """A configuration problem, worded for the technician who has to fix the file."""


@dataclass(frozen=True)
class DeviceConfig:
    """A device's checked configuration: the hub it talks to, its store, sync timing, its app's sections."""

    path: Path
    hub_url: str
    token: str
    store_path: Path
    public_key: str
    name: str = ""
    kind: str = "kiosk"
    timezone: str = "Asia/Shanghai"
    timeout: float = 10.0
    page_size: int = 200
    sync_interval: float = 60.0
    drain_interval: float = 15.0
    heartbeat_interval: float = 300.0
    stale_after: float = 3600.0
    """Seconds without a fresh signed answer from the hub before the device says it is stale."""
    screenshot_every_heartbeats: int = 0
    """The screen sends a screenshot with every Nth heartbeat (0: only when an admin asks)."""
    prereleases: bool = False
    """Whether fleet updates may bring this device pre-releases (0.3.0rc1): a test screen's choice."""
    kiosk: dict[str, Any] = field(default_factory=dict)
    display: dict[str, Any] = field(default_factory=dict)
    """The [kiosk] and [display] sections, checked by kiosk.settings and display.settings."""

    @property
    def paired(self) -> bool:
        """Whether the device holds its token and the hub's key, so it may sync."""
        return bool(self.token and self.public_key)

    @property
    def zone(self) -> ZoneInfo:
        """The screen's time zone, in which 公示 dates and schedules are read."""
        return ZoneInfo(self.timezone)


_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "device": {"name": str, "timezone": str, "kind": str},
    "hub": {"url": str, "token": str, "public_key": str, "timeout": (int, float), "page_size": int},
    "store": {"path": str},
    "sync": {"interval": (int, float), "drain_interval": (int, float), "heartbeat_interval": (int, float),
             "stale_after": (int, float), "screenshot_every_heartbeats": int},
    "update": {"prereleases": bool},
}
_APP_SECTIONS = ("kiosk", "display")
"""Sections whose keys the app that reads them checks (see kiosk/settings.py, display/settings.py)."""
_REQUIRED = [("hub", "url"), ("store", "path")]
ENROLMENT_FILE = "enrolment.json"
"""Where a paired device keeps its token and the hub's key, beside its store (mode 600)."""
_INTERVALS = {"interval": 60.0, "drain_interval": 15.0, "heartbeat_interval": 300.0, "stale_after": 3600.0}


def load(path: str | Path) -> DeviceConfig:
    """Read and check a device config; relative store paths are relative to the file."""
    path = Path(path)
    try:
        raw = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    _check(raw)
    hub, device = raw["hub"], raw.get("device", {})
    url = hub["url"].rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError("config key hub.url must start with http:// or https://")
    kind = device.get("kind", "kiosk")
    if kind not in ("kiosk", "display"):
        raise ConfigError('config key device.kind must be "kiosk" or "display"')
    timezone = device.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"config key device.timezone: unknown time zone {timezone!r}") from None
    timeout = float(hub.get("timeout", 10))
    page_size = hub.get("page_size", 200)
    if not 0.5 <= timeout <= 300:
        raise ConfigError("config key hub.timeout must be between 0.5 and 300 seconds")
    if not 1 <= page_size <= 1000:
        raise ConfigError("config key hub.page_size must be between 1 and 1000")
    store_path = (path.parent / raw["store"]["path"]).resolve()
    enrolment = _enrolment(store_path.parent / ENROLMENT_FILE)
    token = hub.get("token") or enrolment.get("token", "")
    public_key = hub.get("public_key") or enrolment.get("public_key", "")
    if public_key:
        try:
            parse_public_key(public_key)
        except SignatureError as exc:
            raise ConfigError(f"config key hub.public_key: {exc}") from None
    if token and not public_key:
        raise ConfigError("config key hub.public_key is missing (a device with a token must know the hub's key)")
    intervals = {key: float(raw.get("sync", {}).get(key, default)) for key, default in _INTERVALS.items()}
    for key, value in intervals.items():
        if not 1 <= value <= 86_400:
            raise ConfigError(f"config key sync.{key} must be between 1 and 86400 seconds")
    screenshot_every = raw.get("sync", {}).get("screenshot_every_heartbeats", 0)
    if not 0 <= screenshot_every <= 10_000:
        raise ConfigError("config key sync.screenshot_every_heartbeats must be between 0 (off) and 10000")
    return DeviceConfig(
        path=path,
        hub_url=url,
        token=token,
        public_key=public_key,
        store_path=store_path,
        name=device.get("name", ""),
        kind=kind,
        timezone=timezone,
        timeout=timeout,
        page_size=page_size,
        sync_interval=intervals["interval"],
        drain_interval=intervals["drain_interval"],
        heartbeat_interval=intervals["heartbeat_interval"],
        stale_after=intervals["stale_after"],
        screenshot_every_heartbeats=screenshot_every,
        prereleases=raw.get("update", {}).get("prereleases", False),
        kiosk=dict(raw.get("kiosk", {})),
        display=dict(raw.get("display", {})),
    )


def _read(path: Path) -> str:
    """The file's text (UTF-8, with or without the byte-order mark Windows editors write)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist: check the path given to --config") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder: give --config the .toml file in it") from None
    except PermissionError:
        raise ConfigError(f"config file {path} cannot be read by this user: run as the gongkai user "
                          "or make the file readable (chgrp gongkai, chmod 640)") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text (GBK?): save it as UTF-8 "
                          "(iconv -f GBK -t UTF-8)") from None


_TYPE_WORDS = {str: "a string in quotes", int: "a whole number", (int, float): "a number", bool: "true or false"}
"""How a technician is told the type a key takes."""


def _check(raw: dict[str, Any]) -> None:
    for section, value in raw.items():
        if section not in _SCHEMA and section not in _APP_SECTIONS:
            raise ConfigError(f"unknown config section [{section}]")
        if not isinstance(value, dict):
            raise ConfigError(f"config key {section} must be a section ([{section}])")
        if section in _APP_SECTIONS:
            continue
        for key, item in value.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                raise ConfigError(f"unknown config key {section}.{key}")
            if not isinstance(item, expected) or (isinstance(item, bool) and expected is not bool):
                raise ConfigError(f"config key {section}.{key} has the wrong type: "
                                  f"it must be {_TYPE_WORDS[expected]}")
    for section, key in _REQUIRED:
        if not str(raw.get(section, {}).get(key, "")).strip():
            raise ConfigError(f"config key {section}.{key} is missing")


def _enrolment(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"the enrolment file {path} is damaged; delete it and pair the device again") from None
    if not isinstance(data, dict):
        raise ConfigError(f"the enrolment file {path} is damaged; delete it and pair the device again")
    return {k: v for k, v in data.items() if isinstance(v, str)}


def save_enrolment(config: DeviceConfig, token: str, public_key: str, device_name: str) -> Path:
    """Keep what pairing gave this device, readable only by its own user."""
    path = config.store_path.parent / ENROLMENT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.touch(mode=0o600)
    tmp.write_text(json.dumps({"token": token, "public_key": public_key, "device_name": device_name},
                              ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path
