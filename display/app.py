"""Entry point of the unattended display: LCD signage, or an LED wall's HDMI region."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from device.config import DeviceConfig
from device.ui.launch import launch

from . import settings
from .motion import MAX_FPS

MULTISAMPLES = 0
"""No MSAA: signage draws textures and axis-aligned rectangles, whose edges it cannot smooth,
and under a software renderer 2× MSAA made every 1080p frame cost ~25 ms more CPU."""


def run(config: DeviceConfig, *, size: tuple[int, int] | None = None, fullscreen: bool = False,
        clock: Callable[[], datetime] | None = None,
        background: Callable[[DeviceConfig], object] | None = None) -> None:
    """Open the display and rotate content until stopped.

    An LED wall's window is always its configured region (borderless, locked down), whatever
    ``size`` and ``fullscreen`` say; the [display] section is checked before any window opens.
    """
    chosen = settings.load(config)
    geometry = chosen.led_geometry if chosen.led else None
    launch(config, _display_app, size=geometry.size if geometry else size,
           fullscreen=fullscreen and geometry is None, clock=clock,
           background=background, max_fps=MAX_FPS, multisamples=MULTISAMPLES,
           position=(geometry.x, geometry.y) if geometry else None)


def _display_app() -> type:
    from .player import DisplayApp

    return DisplayApp
