"""How often moving text (the ticker, an LED wall's rows) takes a step on this machine.

Kivy redraws the whole window whenever anything on it moves. On a GPU a frame costs next
to nothing, and the text steps at the configured ``scroll_fps``. On a software renderer
(Mesa's llvmpipe: a mini-PC without its GPU driver, a virtual machine) the CPU draws every
pixel of every frame: measured under llvmpipe, a 1920×1080 slide takes about 20 ms of CPU
per frame, so a ticker stepping 30 times a second costs two thirds of a core. There the
steps are rationed by pixels: a 1080p screen steps 15 times a second (every other frame,
so the steps stay even), while a small LED wall, whose frames are cheap, keeps its rate.
"""
from __future__ import annotations

MAX_FPS = 30
"""The display's frame cap: signage only fades, scrolls and turns the clock over, and a lower
rate spares small boards' GPUs. Moving text cannot step more often than frames are drawn."""

SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer")
"""Names in GL_RENDERER of renderers that draw on the CPU."""

SOFTWARE_PIXELS_PER_SECOND = 1920 * 1080 * 15
"""What a software renderer is asked to draw per second for moving text: 1080p 15 times."""

MIN_RATE = 5.0
"""Below five steps a second text jumps rather than moves (display.scroll_fps is 5 to MAX_FPS)."""


def software(renderer: str) -> bool:
    """Whether the GL_RENDERER string names a renderer that draws on the CPU."""
    name = renderer.lower()
    return any(soft in name for soft in SOFTWARE_RENDERERS)


def step_rate(configured: float, window_size: tuple[int, int], renderer: str) -> float:
    """Steps per second for moving text: as configured, or fewer where the CPU draws."""
    if not software(renderer):
        return configured
    width, height = window_size
    return max(MIN_RATE, min(configured, SOFTWARE_PIXELS_PER_SECOND / max(width * height, 1)))


def gl_renderer() -> str:
    """The GL_RENDERER of the window's context (the window must exist)."""
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    name = glGetString(GL_RENDERER)
    return name.decode(errors="replace") if isinstance(name, bytes) else str(name or "")
