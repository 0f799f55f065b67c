"""Entry point of the touchscreen kiosk."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from device.config import DeviceConfig
from device.ui.launch import launch


def run(config: DeviceConfig, *, size: tuple[int, int] | None = None, fullscreen: bool = False,
        clock: Callable[[], datetime] | None = None,
        background: Callable[[DeviceConfig], object] | None = None) -> None:
    """Open the kiosk on this machine's screen and run until stopped."""
    launch(config, _kiosk_app, size=size, fullscreen=fullscreen, clock=clock,
           background=background)


def _kiosk_app() -> type:
    from .navigation import KioskApp

    return KioskApp
