"""Chinese text on a Kivy screen: measured with the real font, broken by 禁则.

Labels get lines already broken by gongkai.domain.linebreak, so Kivy never breaks a
line before a 。 on its own; long texts become one Label per paragraph, keeping each
texture well below the 2048-px limit of small GPUs.
"""
from __future__ import annotations

from functools import lru_cache

from kivy.core.text import Label as CoreLabel

from gongkai.domain.linebreak import wrap_text


@lru_cache(maxsize=64)
def _measurer(font_size: int, bold: bool):
    core = CoreLabel(font_name="Gongkai", font_size=font_size, bold=bold)

    @lru_cache(maxsize=8192)
    def measure(piece: str) -> float:
        return core.get_extents(piece)[0]

    return measure


def break_lines(text: str, width: float, font_size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines that fit ``width`` pixels at ``font_size``."""
    measure = _measurer(int(round(font_size)), bold)
    return wrap_text(text, max(width, font_size), measure)


def inert(text: str) -> str:
    """Strip what could hijack a screen: bidi overrides and zero-width tricks.

    Content labels never enable markup, so ``[color=...]`` already shows as typed.
    """
    return "".join(ch for ch in text if ch not in _INVISIBLE)


_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
