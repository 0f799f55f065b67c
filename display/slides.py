"""What a signage slide shows: one item (or one withdrawal notice), or the calm empty slide.

The slide lays out in fixed bands (category, title, 公示 badge, text) so every slide has
the same shape and the text area is the same size for every item; the text is typeset
for that area and shown a page at a time (rotation.paginate) at a size read from afar.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout

from gongkai.domain import rules
from gongkai.domain.model import Disclosure, Org
from gongkai.domain.rotation import paginate
from gongkai.domain.rules import Presence
from gongkai.ui import wording
from gongkai.ui.kvfiles import load_kv
from gongkai.ui.text import line_pitch, typeset

NOTICE_TAG = "撤回公告"
WITHDRAWN = "已撤回"


class ItemSlide(BoxLayout):
    tag = StringProperty()
    org = StringProperty()
    title = StringProperty()
    countdown = StringProperty()
    particulars = StringProperty()
    body = StringProperty()
    position = StringProperty()
    pages = ListProperty([[]])
    page = NumericProperty(0)
    body_font_size = NumericProperty(0)

    def __init__(self, **kwargs):
        self._repaginate = Clock.create_trigger(self._paginate, -1)
        super().__init__(**kwargs)
        self.bind(body=self._repaginate, body_font_size=self._repaginate)
        self.ids.body_area.bind(size=self._repaginate)

    def show(self, item: Disclosure, orgs: Mapping[int, Org], now: datetime, position: str) -> None:
        """Fill the slide for ``item``: its text, or its withdrawal notice (六.1)."""
        notice = rules.presence(item, now) is Presence.WITHDRAWAL_NOTICE
        self.tag = NOTICE_TAG if notice else item.category.label
        self.org = wording.org_name(orgs, item)
        self.title = item.title
        self.countdown = WITHDRAWN if notice else wording.countdown(item, now)
        self.particulars = "" if notice else wording.particulars(item, now)
        self.body = rules.withdrawal_notice(item) if notice else item.body
        self.position = position
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


class EmptySlide(AnchorLayout):
    """Shown when nothing is on show: calm words, never a black screen."""

    message = StringProperty(wording.NO_CONTENT)


load_kv(__file__)
