"""QR codes as Kivy textures, one texel per module, scaled up crisp (nearest filter).

A code for a URL is about 40 modules square, so a texture costs a few kilobytes however
large it is shown, and a screen can keep one per item without memory growth.
"""
from __future__ import annotations

from functools import lru_cache

import qrcode
from kivy.graphics.texture import Texture

QUIET_ZONE = 4
"""Modules of white around the code: scanners need it (ISO/IEC 18004)."""


def modules(data: str) -> list[list[bool]]:
    """The code's dark (True) and light modules, quiet zone included, top row first."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


@lru_cache(maxsize=16)
def qr_texture(data: str) -> Texture:
    """A QR code as a small texture (scaled up with nearest-neighbour filtering by the widget).

    Few are cached: a display cycles through its items' codes, but a kiosk's codes carry
    signed, expiring tokens and are new on every view, so a large cache only holds memory.
    """
    rows = modules(data)
    size = len(rows)
    # Kivy textures start at the bottom row; RGBA keeps rows 4-byte aligned for any size.
    dark, light = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    pixels = b"".join(dark if module else light for row in reversed(rows) for module in row)
    texture = Texture.create(size=(size, size), colorfmt="rgba")
    texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
    texture.mag_filter = "nearest"
    texture.min_filter = "nearest"
    return texture
