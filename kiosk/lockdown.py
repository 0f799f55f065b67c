"""The one way out of a locked-down kiosk: a corner gesture only a technician knows, then a PIN.

Pure logic, no Kivy: which touches count as the gesture. Keys, window-close requests and
the OS keyboard are refused by the app itself (navigation.KioskApp).
"""
from __future__ import annotations

from dataclasses import dataclass, field

TAPS = 5
WINDOW_SECONDS = 4.0
CORNER_FRACTION = 0.12
"""The gesture's corner: the top-right 12 % of the width, header height (the clock)."""


def in_corner(pos: tuple[float, float], window: tuple[float, float], header_height: float) -> bool:
    """True for a touch on the clock in the header's right end."""
    x, y = pos
    width, height = window
    return x >= width * (1 - CORNER_FRACTION) and y >= height - header_height


@dataclass
class TapCounter:
    """Five taps in the corner within four seconds; any touch elsewhere starts over."""

    taps: list[float] = field(default_factory=list)

    def touch(self, at: float, in_corner: bool) -> bool:
        """Record a touch at time ``at``; True when it completes the gesture."""
        if not in_corner:
            self.taps.clear()
            return False
        self.taps = [t for t in self.taps if at - t <= WINDOW_SECONDS] + [at]
        if len(self.taps) >= TAPS:
            self.taps.clear()
            return True
        return False
