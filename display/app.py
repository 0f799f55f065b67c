"""Entry point of the unattended display."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gongkai.config import DeviceConfig
from gongkai.ui.launch import launch

MAX_FPS = 30
"""Signage only changes slide and clock: a lower frame rate spares small boards' GPUs."""


def run(config: DeviceConfig, *, size: tuple[int, int] | None = None, fullscreen: bool = False,
        clock: Callable[[], datetime] | None = None, background_sync: bool = False) -> None:
    """Open the display on this machine's screen and rotate content until stopped."""
    launch(config, _display_app, size=size, fullscreen=fullscreen, clock=clock,
           background_sync=background_sync, max_fps=MAX_FPS)


def _display_app() -> type:
    from .player import DisplayApp

    return DisplayApp
