"""What a signage slide shows: one item (or a notice), or a calm slide with a message.

The slide lays out in fixed bands (tag, title, badge, text) beside a panel with the item's
photo and a QR code to read on, so every slide has the same shape and the text area is the
same size for every item; the text is typeset for that area and shown a page at a time
(rotation.paginate) at a size read from afar, never shrunk. The pages of an attached
document (a PDF, as page images) follow the text, each on a PageSlide as tall as the stage.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout

from device.ui import wording as shared_wording
from device.ui.kvfiles import load_kv
from device.ui.qr import qr_texture
from device.ui.text import line_pitch, typeset
from gongkai.domain.model import Org
from gongkai.domain.playlist import Slide, SlideKind
from gongkai.domain.rotation import paginate

from . import wording

ITEM_CODES = 512
"""QR codes kept: a screen's codes are its items' fixed addresses, a few KB each, and making
one (13 ms) in the frame between two slides made that frame late."""


@lru_cache(maxsize=ITEM_CODES)
def item_code(url: str):
    """The QR texture of an item's phone page, made once per item."""
    return qr_texture(url)


class ItemSlide(BoxLayout):
    """The slide of one item or notice: its bands of text a page at a time, beside its photo and QR code."""

    tag = StringProperty()
    alarm = BooleanProperty(False)
    org = StringProperty()
    title = StringProperty()
    countdown = StringProperty()
    particulars = StringProperty()
    body = StringProperty()
    position = StringProperty()
    photo = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)
    pages = ListProperty([[]])
    page = NumericProperty(0)
    body_font_size = NumericProperty(0)

    def __init__(self, **kwargs):
        self._repaginate = Clock.create_trigger(self._paginate, -1)
        super().__init__(**kwargs)
        self.bind(body=self._repaginate, body_font_size=self._repaginate)
        self.ids.body_area.bind(size=self._repaginate)

    def show(self, slide: Slide, orgs: Mapping[int, Org], now: datetime, position: str,
             photo: Texture | None, qr_url: str) -> None:
        """Fill the slide: the item's text, or its notice, with its photo and QR code."""
        self.tag = wording.tag(slide)
        self.alarm = slide.kind is SlideKind.URGENT
        self.org = shared_wording.org_name(orgs, slide.item)
        self.title = slide.item.title
        self.countdown = wording.badge(slide, now)
        self.particulars = wording.particulars(slide, now)
        self.body = wording.body(slide)
        self.position = position
        self.photo = photo
        self.qr = item_code(qr_url) if qr_url else None
        self.page = 0
        self._paginate()

    def next_page(self) -> bool:
        """Turn to the next page; False when the last page is already showing."""
        if self.page + 1 >= len(self.pages):
            return False
        self.page += 1
        return True

    def visible_chars(self) -> int:
        """What a passer-by has to read on this page, for timing the slide."""
        return len(self.title) + sum(len(line) for line in self.pages[self.page])

    def _paginate(self, *_args) -> None:
        area = self.ids.body_area
        if area.width <= 1 or not self.body_font_size:
            return
        lines = typeset(self.body, area.width, self.body_font_size, indent=True)
        per_page = int(area.height // line_pitch(self.body_font_size, self.ids.body.line_height))
        self.pages = paginate(lines, per_page)
        self.page = min(self.page, len(self.pages) - 1)


class PageSlide(BoxLayout):
    """One page of an item's document, as tall as the stage allows, under the item's tag
    and title (shown after the item's text pages, see Player.next_page)."""

    tag = StringProperty()
    alarm = BooleanProperty(False)
    title = StringProperty()
    page = ObjectProperty(None, allownone=True)
    number = NumericProperty(0)
    count = NumericProperty(0)

    def show(self, item: ItemSlide, page: Texture, number: int, count: int) -> None:
        """Page ``number`` of ``count``, for the item ``item`` shows."""
        self.tag, self.alarm, self.title = item.tag, item.alarm, item.title
        self.page, self.number, self.count = page, number, count


class EmptySlide(AnchorLayout):
    """A calm message instead of content (nothing on show, or the screen asleep): never black."""

    message = StringProperty(shared_wording.NO_CONTENT)
    note = StringProperty("新的公开内容发布后将在这里显示")


load_kv(__file__)
