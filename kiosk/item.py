"""One item in full: title, particulars, 公示 countdown, the text typeset by 禁则, its images
and a QR code that opens the same item on a phone.

A withdrawn item shows its published explanation instead of the text (六.1); an item that
left the screens while being read says so rather than vanishing under the reader. A
refresh after sync keeps the reader's scroll position.

The screen follows the reading (time on the item, whether its end was reached) so that,
once it has been read, the reader is asked whether it helped (kiosk.rating_prompt): once
per item until the kiosk goes idle and forgets its reader.
"""
from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from device.ui import (
    header,  # noqa: F401  (Header, used by item.kv)
    wording,
)
from device.ui.images import load_texture
from device.ui.kvfiles import load_kv
from gongkai.domain import rules
from gongkai.domain.feedback import ratings
from gongkai.domain.model import Attachment
from gongkai.domain.rules import Presence

from . import (
    controls,  # noqa: F401  (QrCode, used by item.kv)
    navbar,  # noqa: F401  (NavBar, used by item.kv)
    rating_prompt,  # noqa: F401  (RatingPrompt, used by item.kv)
)
from .qr_links import signed_url

GONE = "此内容已结束公开"
WITHDRAWN = "已撤回"
THUMB_SIDE = 480
"""Thumbnails are decoded small; the viewer decodes the full image when opened."""
READING_TICK = 1.0
"""How often, in seconds, the reading is looked at for the rating prompt."""


class AttachmentThumb(ButtonBehavior, BoxLayout):
    """An image of the item, or a placeholder when its file is missing or damaged."""

    attachment = ObjectProperty(None, allownone=True)
    texture = ObjectProperty(None, allownone=True)

    def on_release(self) -> None:
        """A tap opens the image full-screen, unless its file could not be read."""
        if self.texture is not None:
            App.get_running_app().open_image(self.attachment)


class ItemScreen(Screen):
    """One item in full, with its images and QR code, following the reading for the rating prompt."""

    item_id = NumericProperty(0)
    heading = StringProperty()
    category_label = StringProperty()
    countdown = StringProperty()
    facts = StringProperty()
    body = StringProperty()
    qr_url = StringProperty()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._asked: set[int] = set()
        self._follow = Clock.create_trigger(self._follow_reading, READING_TICK, interval=True)

    def show(self, item_id: int) -> None:
        """Open ``item_id`` at its top; its reading starts now."""
        self.item_id = item_id
        self.ids.scroll.scroll_y = 1
        self._attachments: tuple[Attachment, ...] | None = None
        self._seconds_open, self._reached_end = 0.0, False

    def reset(self) -> None:
        """The kiosk went idle: the next reader is asked afresh."""
        self._asked.clear()

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: read the item from the store."""
        self.refresh()

    def on_enter(self, *_args) -> None:
        """On screen: start following the reading."""
        self._follow()

    def on_leave(self, *_args) -> None:
        """Leaving: stop following the reading and put away an open rating prompt."""
        self._follow.cancel()
        self.ids.prompt.hide()

    def _follow_reading(self, dt: float) -> None:
        """Every READING_TICK on screen: ask about the item once it has been read."""
        self._seconds_open += dt
        self._reached_end |= self._end_in_view()
        if ratings.ask_after_reading(self._presence, seconds_open=self._seconds_open, reached_end=self._reached_end,
                                     asked_before=self.item_id in self._asked,
                                     dwell_seconds=App.get_running_app().settings.rating_prompt_seconds):
            self._asked.add(self.item_id)
            self.ids.prompt.ask(self.item_id, self._org_id)

    def _end_in_view(self) -> bool:
        """Whether the last line of the text is on screen (scrolled to, or there from the start)."""
        scroll, body = self.ids.scroll, self.ids.body
        return body.to_window(body.x, body.y)[1] >= scroll.to_window(scroll.x, scroll.y)[1] - 1

    def refresh(self) -> None:
        """Show the item as it stands now: live, as its withdrawal notice, or gone from the screens."""
        app = App.get_running_app()
        now = app.now()
        item = app.store.item(self.item_id)
        shown = rules.presence(item, now) if item else Presence.HIDDEN
        self._presence, self._org_id = shown, item.org_id if item else 0
        if shown is not Presence.LIVE:  # withdrawn or gone while asked about: nothing to rate
            self.ids.prompt.hide()
        if shown is Presence.HIDDEN:
            self.heading, self.countdown, self.facts, self.body, self.qr_url = GONE, "", "", "", ""
            self._show_images(())
            return
        self.heading = item.title
        self.category_label = item.category.label
        self.facts = wording.facts(item, app.store.orgs(), now)
        self.qr_url = signed_url(f"/m/items/{item.id}", f"i{item.id}")
        if shown is Presence.WITHDRAWAL_NOTICE:
            self.countdown, self.body = WITHDRAWN, rules.withdrawal_notice(item)
            self._show_images(())
        else:
            self.countdown, self.body = wording.countdown(item, now), item.body
            self._show_images(item.attachments)

    def _show_images(self, attachments: tuple[Attachment, ...]) -> None:
        """Decode thumbnails only when the item's images changed, not on every refresh."""
        if attachments == getattr(self, "_attachments", None):
            return
        self._attachments = attachments
        gallery = self.ids.gallery
        gallery.clear_widgets()
        store = App.get_running_app().store
        for attachment in attachments:
            texture = load_texture(store.file_path(attachment.sha256), THUMB_SIDE)
            gallery.add_widget(AttachmentThumb(attachment=attachment, texture=texture))


load_kv(__file__)
