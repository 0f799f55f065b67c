"""The images a slide shows, checked before they go up, and shrunk for the GPU.

A file missing or damaged on disk must skip its slide, not leave a black rectangle or
crash the rotation; it is reported by forgetting the file in the store, which hides the
item and makes sync fetch the file again (a device that only logged it would keep a
broken file forever while the hub says "up to date").

An item's images are of two kinds. A photo goes beside the text. The pages the hub
renders from a PDF (hub.workflow.attachments names them "《name》 第N页") are text to be read:
each gets a page of the slide to itself, as tall as the screen. Every image is decoded
once, by Pillow, shrunk to the size it is shown at: a 1600×2263 PDF page or a camera's
photo would pass the 2048-px texture limit of small GPUs and come out black.
"""
from __future__ import annotations

import re

from kivy.graphics.texture import Texture

from device.store import Store
from device.ui.images import MAX_SIDE, load_texture
from gongkai.domain.model import Attachment, Disclosure
from gongkai.domain.rotation import MAX_PAGES

PDF_PAGE = re.compile(r" 第\d+页$")
"""The end of the name hub.workflow.attachments gives each page image it renders from a PDF."""


class SlideError(Exception):
    """A slide that cannot be shown as it should; ``sha256`` names the bad file."""

    def __init__(self, sha256: str, reason: str):
        super().__init__(f"file {sha256[:12]}… {reason}")
        self.sha256 = sha256


def images(item: Disclosure) -> list[Attachment]:
    """The item's images, photos and PDF pages alike (other attachments are not shown)."""
    return [a for a in item.attachments if a.media_type.startswith("image/")]


def is_document_page(attachment: Attachment) -> bool:
    """Whether ``attachment`` is a page the hub rendered from a PDF, shown on a page of its own."""
    return bool(PDF_PAGE.search(attachment.name))


def photo(item: Disclosure, store: Store, max_side: int) -> Texture | None:
    """The item's first photo, at most ``max_side`` px, checked present, whole and decodable."""
    for attachment in [a for a in images(item) if not is_document_page(a)][:1]:
        return texture(attachment, store, max_side)
    return None


def document_pages(item: Disclosure, store: Store) -> list[Attachment]:
    """The item's first MAX_PAGES document pages, their files checked present and whole.

    They are decoded only when turned to (see ``texture``): a slide that may never reach
    its third page should not hold three screen-sized textures in GPU memory.
    """
    pages = [a for a in images(item) if is_document_page(a)][:MAX_PAGES]
    for page in pages:
        _check_file(page, store)
    return pages


def texture(attachment: Attachment, store: Store, max_side: int) -> Texture:
    """The attachment's image as a texture no larger than ``max_side`` (nor MAX_SIDE) px."""
    _check_file(attachment, store)
    made = load_texture(store.file_path(attachment.sha256), min(max_side, MAX_SIDE))
    if made is None:
        raise SlideError(attachment.sha256, "cannot be decoded")
    return made


def _check_file(attachment: Attachment, store: Store) -> None:
    try:
        size = store.file_path(attachment.sha256).stat().st_size
    except OSError:
        raise SlideError(attachment.sha256, "is missing") from None
    if size != attachment.size:
        raise SlideError(attachment.sha256, f"has {size} bytes, not {attachment.size}")
