"""点题 on the kiosk: choose the category and org, pick a suggested topic or write in Chinese
with the pinyin keyboard and its punctuation, optionally leave a name and phone number, and submit.

The submission is committed to the device's outbox (device.outbox) before 已提交 shows, so it
survives a dead network or a power cut; the receipt number is made here, offline, and the
receipt screen's QR code follows the request on a phone. The kiosk keeps its own rate limit
and notices a repeat, as the hub does (gongkai.domain.feedback.abuse).
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from device import outbox
from device.ui.kvfiles import load_kv
from gongkai.domain.feedback import abuse, receipts
from gongkai.domain.feedback.citizen_requests import RequestKind
from gongkai.domain.feedback.masking import is_mobile_number, mask_name, mask_phone
from gongkai.domain.feedback.topics import SUGGESTED
from gongkai.domain.model import Category

from . import (
    controls,  # noqa: F401  (ChipRow, used by citizen_request.kv)
    keyboard,  # noqa: F401  (OnScreenKeyboard, used by citizen_request.kv)
)
from .keyboard import BACKSPACE, CLEAR
from .pinyin_engine import PinyinUnavailable, open_session
from .qr_links import signed_url

FIELDS = ("text", "name", "phone")
MAX_PINYIN = 30


class CitizenRequestScreen(Screen):
    """The 点题 form: category, org, a suggested topic or text, an optional name and phone."""

    category = NumericProperty(0)
    org_id = NumericProperty(0)
    topic = StringProperty()
    text = StringProperty()
    name_ = StringProperty()
    phone = StringProperty()
    field = StringProperty("text")
    preedit = StringProperty()
    candidates = ListProperty()
    status = StringProperty()
    has_pinyin = BooleanProperty(True)

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: a blank form for a new citizen."""
        self.reset()

    def refresh(self) -> None:
        """Sync changed the store: offer the orgs it now holds."""
        self._show_choices()

    def reset(self) -> None:
        """Clear the form and the pinyin; the org starts as the kiosk's own."""
        app = App.get_running_app()
        self.category, self.topic, self.text, self.name_, self.phone = 0, "", "", "", ""
        self.org_id = app.settings.org_id or 0
        self.field, self.status = "text", ""
        self.ids.keyboard.showing_punctuation = False
        self._session = self._pinyin(app)
        self._show_composition()
        self._show_choices()

    # --- choices ------------------------------------------------------------

    def _show_choices(self) -> None:
        topics = SUGGESTED.get(Category(self.category), ()) if self.category else ()
        orgs = App.get_running_app().listing.orgs().values()
        self.ids.categories.show([(category, category.label) for category in Category], self.category)
        self.ids.topics.show([(topic, topic) for topic in topics], self.topic)
        self.ids.orgs.show([(org.id, org.name) for org in orgs], self.org_id)

    def choose_category(self, category: Category) -> None:
        """A category chosen: its suggested topics replace the last one's."""
        self.category = int(category)
        self.topic = ""
        self._show_choices()

    def choose_org(self, org_id: int) -> None:
        """The org the 点题 is addressed to."""
        self.org_id = org_id
        self._show_choices()

    def choose_topic(self, topic: str) -> None:
        """A suggested topic chosen, or unchosen by a second tap."""
        self.topic = "" if topic == self.topic else topic
        self._show_choices()

    def focus(self, field: str) -> None:
        """Type into ``field`` (text, name or phone) next; half-typed pinyin is taken first."""
        self._commit_pinyin()
        self.field = field

    # --- typing -------------------------------------------------------------

    def _pinyin(self, app):
        try:
            session = open_session(Path(app.store.path).parent / "rime")
        except (PinyinUnavailable, OSError):
            self.has_pinyin = False
            return None
        session.clear()
        return session

    def on_key(self, key: str) -> None:
        """A key of the on-screen keyboard: letters compose pinyin, digits and
        punctuation join the field, 退格 and 清空 edit it."""
        if self.field == "phone":
            self._edit_phone(key)
        elif key.isalpha() and key.isascii() and self._session is not None:
            if len(self.preedit.replace(" ", "")) < MAX_PINYIN:
                self._session.type(key)
        elif key == BACKSPACE and self.preedit:
            self._session.backspace()
        elif key == BACKSPACE:
            self._set(self._value()[:-1])
        elif key == CLEAR:
            self._commit_pinyin()
            self._set("")
        elif not key.isalpha():  # digits and punctuation follow the pinyin being typed
            self._commit_pinyin()
            self._set(self._value() + key)
        self._show_composition()

    def pick(self, index: int) -> None:
        """A tapped candidate joins the text (a phrase built in parts joins once complete)."""
        self._set(self._value() + self._session.choose(index))
        self._show_composition()

    def page(self, forward: bool) -> None:
        """Turn the page of pinyin candidates, ``forward`` or back."""
        if self._session is None:
            return
        if forward:
            self._session.next_page()
        else:
            self._session.previous_page()
        self._show_composition()

    def _commit_pinyin(self) -> None:
        """Leaving a field with pinyin half-typed takes its first candidate, as IMEs do."""
        if self.preedit and self.candidates:
            self.pick(self.candidates[0][0])
        if self._session is not None:
            self._session.clear()
        self._show_composition()

    def _show_composition(self) -> None:
        self.preedit, self.candidates = self._session.state() if self._session else ("", [])
        self.ids.candidates.show(self.candidates)

    def _edit_phone(self, key: str) -> None:
        if key == BACKSPACE:
            self.phone = self.phone[:-1]
        elif key == CLEAR:
            self.phone = ""
        elif key.isdigit() and len(self.phone) < 11:
            self.phone += key

    def _value(self) -> str:
        return self.name_ if self.field == "name" else self.text

    def _set(self, value: str) -> None:
        if self.field == "name":
            self.name_ = value[:abuse.MAX_NAME]
        else:
            self.text = value[:abuse.MAX_TEXT]

    # --- submitting -----------------------------------------------------------

    def submit(self) -> None:
        """File the 点题 in the outbox and show its receipt, or say why it was refused."""
        self._commit_pinyin()
        try:
            receipt = self._file()
        except abuse.Refused as exc:
            self.status = str(exc)
            return
        app = App.get_running_app()
        app.screens.get_screen("receipt").show(receipt, mask_name(self.name_), mask_phone(self.phone))
        app.open_screen("receipt")

    def _file(self) -> str:
        app = App.get_running_app()
        if not self.org_id:
            raise abuse.Refused("请选择所涉及的党组织")
        if not self.category:
            raise abuse.Refused("请选择公开类别")
        text = abuse.check_text(self.text or self.topic, "点题内容")
        if self.phone and not is_mobile_number(self.phone):
            raise abuse.Refused("请填写11位手机号码，或清空不填")
        now = app.now()
        recent = app.store.sent_since(now - abuse.oldest_needed(abuse.DEVICE_WINDOWS))
        earlier = [r for at, mark, r in recent if at > now - abuse.DUPLICATE_SPAN and mark == abuse.fingerprint(text)]
        if earlier:
            raise abuse.Refused(f"相同的点题已经提交过，回执号 {earlier[-1]}")
        if not abuse.within_limits([at for at, _, _ in recent], now, abuse.DEVICE_WINDOWS):
            raise abuse.Refused("本终端提交过于频繁，请稍后再试，或扫码在手机上提交")
        receipt = receipts.new_receipt(RequestKind.DIANTI, now.date())
        outbox.add(app.store, "dianti", {
            "receipt": receipt, "org_id": self.org_id, "category": self.category, "topic": self.topic,
            "text": text, "name": abuse.clean(self.name_), "phone": self.phone})
        app.store.note_sent(now, abuse.fingerprint(text), receipt,
                            keep_after=now - timedelta(days=2))
        return receipt


class ReceiptScreen(Screen):
    """已提交: the receipt number, the masked contact left, and a QR code to follow it."""

    receipt = StringProperty()
    contact = StringProperty()
    qr_url = StringProperty()

    def show(self, receipt: str, name: str, phone: str) -> None:
        """The receipt of the request just filed, its masked contact, and the QR code to follow it."""
        self.receipt = receipt
        self.contact = "　".join(part for part in (name, phone) if part)
        self.qr_url = signed_url(f"/m/follow/{receipt}", f"r-{receipt}")

    def refresh(self) -> None:
        """Sync changed the store: the receipt stays as it is."""
        pass


load_kv(__file__)
