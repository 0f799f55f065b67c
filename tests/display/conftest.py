"""What the display tests share: a store holding the demo district at the pinned "now",
and ways to add the items a test needs (an urgent notice, an item with pictures)."""
from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from device.store import Store
from gongkai.domain import rules
from gongkai.domain.model import Attachment, Disclosure, TimeLimit
from gongkai.protocol import Change, FeedPage
from tests.content import demo_store
from tests.ui.harness import NOW


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    demo_store(path, NOW).close()
    return path


def on_screen(store_path):
    """What rules put on a public screen at the pinned "now", in order."""
    store = Store(store_path)
    try:
        return rules.on_screen(store.items(), NOW)
    finally:
        store.close()


def publish(store: Store, *items: Disclosure) -> None:
    """Commit ``items`` as one sync page would."""
    seq = store.cursor + 1
    changes = [Change(seq + n, "item", item.id, item) for n, item in enumerate(items)]
    store.apply_page(FeedPage(changes[-1].seq, False, changes))


def add_item(store_path: Path, title: str, body: str, *, files: tuple[tuple[str, bytes], ...] = (),
             **fields) -> Disclosure:
    """A standing item of the demo district rewritten as ``title``, with ``files`` (name, PNG
    bytes) attached and in the device's file store, published an hour before "now"."""
    store = Store(store_path)
    try:
        base = next(i for i in store.items() if i.time_limit is TimeLimit.STANDING)
        attachments = tuple(Attachment(hashlib.sha256(data).hexdigest(), len(data), "image/png", name)
                            for name, data in files)
        store.files_dir.mkdir(parents=True, exist_ok=True)
        for attachment, (_name, data) in zip(attachments, files):
            store.file_path(attachment.sha256).write_bytes(data)
        item = replace(base, id=900 + store.cursor, title=title, body=body, attachments=attachments,
                       published_at=NOW - timedelta(hours=1), **fields)
        publish(store, item)
        for attachment in attachments:
            store.add_file(attachment.sha256, attachment.size)
        return item
    finally:
        store.close()


def add_urgent_notice(store_path: Path, title: str, body: str) -> Disclosure:
    """A 紧急通知 running from an hour before "now" to two hours after it."""
    return add_item(store_path, title, body, urgent=True, urgent_until=NOW + timedelta(hours=2))


PHOTO_BLUE = (30, 120, 200)


def photo_png(size: tuple[int, int] = (1200, 800)) -> bytes:
    """A stand-in photograph: blue sky over a grey building, in flat colours a test can find."""
    image = Image.new("RGB", size, PHOTO_BLUE)
    ImageDraw.Draw(image).rectangle((size[0] // 5, size[1] // 2, size[0] * 4 // 5, size[1]), fill=(150, 150, 150))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def share_of_colour(png: Path, colour: tuple[int, int, int], tolerance: int = 24) -> float:
    """The share of the screenshot's pixels within ``tolerance`` of ``colour``."""
    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(1 << 24)
    near = sum(n for n, rgb in colours if all(abs(a - b) <= tolerance for a, b in zip(rgb, colour)))
    return near / sum(n for n, _ in colours)


def document_page_png(lines: list[str], size: tuple[int, int] = (1600, 2263)) -> bytes:
    """A PDF page as the hub renders it for screens: 1600 px across, A4-shaped, black text on white."""
    from PIL import ImageFont

    from assets import FONT_REGULAR

    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_REGULAR), 64)
    for n, line in enumerate(lines):
        draw.text((160, 200 + n * 110), line, font=font, fill=(0, 0, 0))
    return _png(image)
