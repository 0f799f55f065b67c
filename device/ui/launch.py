"""Start a public-screen app: Kivy configured first, the App class imported only afterwards."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from device import clock as device_clock
from device.config import DeviceConfig
from device.store import Store

from .window import prepare

DEFAULT_TITLE = "党务公开"


def launch(config: DeviceConfig, app_class: Callable[[], type], *, size: tuple[int, int] | None,
           fullscreen: bool, clock: Callable[[], datetime] | None = None, max_fps: int = 60,
           background: Callable[[DeviceConfig], object] | None = None,
           position: tuple[int, int] | None = None, multisamples: int = 2) -> None:
    """Open the window and run the app until it stops.

    ``app_class`` is a function returning the App class, so that Kivy's window module is
    imported only after ``prepare`` has set the window up. ``clock`` replaces the device
    clock (tests and demos pin "now"), which otherwise runs on the hub's time as sync last
    measured it; fullscreen means a locked-down public screen. ``background``, when given,
    starts the device's background jobs in this process (sync, outbox and heartbeat, for
    devices without a separate sync service); the command line passes it in, so the screens
    never depend on sync. ``position`` pins a borderless window of ``size`` there (LED walls), locked down like
    a fullscreen one. ``multisamples``: see window.prepare.
    """
    prepare(size=size, fullscreen=fullscreen, title=config.name or DEFAULT_TITLE, max_fps=max_fps,
            position=position, multisamples=multisamples)
    store = Store(config.store_path)
    now = clock or (lambda: device_clock.now(config.zone, store.clock_offset))
    if background is not None:
        background(config)
    app_class()(config, store, now, lockdown=fullscreen or position is not None).run()
