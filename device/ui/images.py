"""Attachment images loaded safely: a missing or damaged file gives None, never a crash.

Images are decoded with Pillow and shrunk to fit the GPU's texture limit before they
reach Kivy, so a huge photo neither crashes a small board nor blacks out its screen.
"""
from __future__ import annotations

from pathlib import Path

from kivy.graphics.texture import Texture
from PIL import Image as PILImage

MAX_SIDE = 2048


def load_texture(path: Path, max_side: int = MAX_SIDE) -> Texture | None:
    """An attachment image as a texture no larger than ``max_side``; None when the file is missing
    or damaged."""
    try:
        with PILImage.open(path) as image:
            image.thumbnail((max_side, max_side))
            pixels = image.convert("RGBA")
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    texture = Texture.create(size=pixels.size, colorfmt="rgba")
    texture.blit_buffer(pixels.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture
