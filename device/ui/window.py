"""Prepare Kivy for a public screen. Call ``prepare`` before anything imports kivy.core.window.

Kivy has no font fallback, so the shipped CJK font replaces Kivy's default ('Roboto')
for every widget, the on-screen keyboard included.
"""
from __future__ import annotations

import os


def prepare(*, size: tuple[int, int] | None, fullscreen: bool, title: str, max_fps: int = 60,
            position: tuple[int, int] | None = None, multisamples: int = 2) -> None:
    """``position`` pins a borderless window of exactly ``size`` there (an LED wall's HDMI region).

    ``multisamples`` is the window's MSAA level (Kivy's default is 2): it smooths polygon
    edges only, and a software renderer pays for it on every pixel of every frame.
    """
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    route_kivy_logs()
    from kivy.config import Config

    if position is not None and size:
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", str(position[0]))
        Config.set("graphics", "top", str(position[1]))
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
        Config.set("graphics", "show_cursor", "0")
    elif fullscreen:
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "show_cursor", "0")
    elif size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "maxfps", str(max_fps))
    Config.set("graphics", "multisamples", str(multisamples))
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "window_icon", "")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    register_font()
    os.environ["GONGKAI_WINDOW_TITLE"] = title


def route_kivy_logs() -> None:
    """Leave logging to the process (Python's root logger), before Kivy is first imported: Kivy
    then keeps no log files, adds no console handler of its own and leaves sys.stderr alone."""
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ["KIVY_NO_FILELOG"] = "1"


def register_font() -> None:
    """Make the shipped CJK font the one every widget draws with ('Roboto'), and name it 'Gongkai'."""
    from kivy.core.text import LabelBase

    from assets import FONT_BOLD, FONT_REGULAR

    LabelBase.register("Roboto", str(FONT_REGULAR), fn_bold=str(FONT_BOLD))
    LabelBase.register("Gongkai", str(FONT_REGULAR), fn_bold=str(FONT_BOLD))


def parse_size(text: str) -> tuple[int, int]:
    """'1080x1920' → (1080, 1920); the CLI's --size option."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"window size must look like 1920x1080, got {text!r}") from None
    if not (64 <= w <= 8192 and 32 <= h <= 8192):
        raise ValueError(f"window size {text} is out of range")
    return w, h
