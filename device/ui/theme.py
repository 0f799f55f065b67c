"""Colours and type sizes every public screen shares.

Sizes are pixels for the 1920x1080 design (1080x1920 upright: the kiosks and LCD signage
we ship to); body text never goes below 28 px because the readers include the elderly,
standing an arm's length or more away.
"""
from kivy.utils import get_color_from_hex as _hex

RED = _hex("#B71C1C")
RED_DARK = _hex("#8E1414")
PAPER = _hex("#F6F2EC")
CARD = _hex("#FFFFFF")
CARD_PRESSED = _hex("#F3E3E0")
RULE = _hex("#E2D8CC")
INK = _hex("#1E1E1E")
MUTED = _hex("#595959")
ON_RED = _hex("#FFFFFF")
ON_RED_SOFT = _hex("#F8DCDC")
BADGE = _hex("#FFC940")
ON_BADGE = _hex("#6B0000")

HEADER_HEIGHT = 132
BAR_HEIGHT = 112
GAP = 24

FONT_HEADER = 44
FONT_CLOCK = 52
FONT_DATE = 30
FONT_BUTTON = 36
FONT_TILE = 38
FONT_COUNT = 30
FONT_TITLE = 46
FONT_ROW_TITLE = 36
FONT_BODY = 34
FONT_META = 30
FONT_BADGE = 32

SLIDE_FONT_TITLE = 60
SLIDE_FONT_BODY = 42
SLIDE_FONT_META = 34
SLIDE_FONT_BADGE = 46

LINE_HEIGHT = 1.5
"""Generous leading: Chinese body text set solid is hard work for older eyes."""


def scale_for(window_size: tuple[float, float]) -> float:
    """How much to grow or shrink the 1920x1080 design (1080x1920 upright) for this window.

    A 1280x720 preview window shows the same layout as the real screen, only smaller. A
    panel of another shape (1024x768, 1280x1024) takes the scale at which the design fits
    both ways, so a row of tiles never runs off its side; below half size nothing stays
    readable, so the scale stops there.
    """
    long_side, short_side = max(window_size), min(window_size)
    return max(0.5, min(long_side / 1920, short_side / 1080))
