"""The images a slide shows, checked before the slide goes up.

A file missing or damaged on disk must skip its slide, not leave a black rectangle or
crash the rotation; it is reported by forgetting the file in the store, which hides the
item and makes sync fetch the file again (a device that only logged it would keep a
broken file forever while the hub says "up to date").
"""
from __future__ import annotations

from pathlib import Path

from gongkai.domain.model import Attachment, Disclosure
from gongkai.store import Store


class SlideError(Exception):
    """A slide that cannot be shown as it should; ``sha256`` names the bad file."""

    def __init__(self, sha256: str, reason: str):
        super().__init__(f"file {sha256[:12]}… {reason}")
        self.sha256 = sha256


def images(item: Disclosure) -> list[Attachment]:
    return [a for a in item.attachments if a.media_type.startswith("image/")]


def first_image(item: Disclosure, store: Store) -> Path | None:
    """The file of the item's first image, checked present, whole and decodable."""
    for attachment in images(item)[:1]:
        path = store.file_path(attachment.sha256)
        _check(path, attachment)
        return path
    return None


def _check(path: Path, attachment: Attachment) -> None:
    from kivy.core.image import Image as CoreImage

    try:
        size = path.stat().st_size
    except OSError:
        raise SlideError(attachment.sha256, "is missing") from None
    if size != attachment.size:
        raise SlideError(attachment.sha256, f"has {size} bytes, not {attachment.size}")
    try:
        CoreImage(str(path), keep_data=False)
    except Exception:  # Kivy's image providers raise whatever their library raises
        raise SlideError(attachment.sha256, "cannot be decoded") from None
