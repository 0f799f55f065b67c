"""回音壁 on the kiosk: the published replies synced from the hub, newest first, with a QR code
to read them all on a phone. Questions and askers arrive masked (hub.feedback.echo_wall)."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from device.ui.kvfiles import load_kv
from gongkai.domain.dates import chinese_date

from .controls import show_pooled
from .qr_links import signed_url

SHOWN = 30


class EchoWallRow(BoxLayout):
    """One reply: where and when it was asked, the question, the answer."""

    meta = StringProperty()
    question = StringProperty()
    reply = StringProperty()


class EchoWallScreen(Screen):
    """回音壁: the latest published replies, and a QR code to read them all on a phone."""

    qr_url = StringProperty()
    status = StringProperty()

    def __init__(self, **kwargs):
        self._entries: list[EchoWallRow] = []
        super().__init__(**kwargs)

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: the replies as the store has them now."""
        self.refresh()

    def refresh(self) -> None:
        """Show the newest SHOWN replies, reusing the rows."""
        app = App.get_running_app()
        entries = app.store.echo_wall()[:SHOWN]
        orgs = app.store.orgs()
        for widget, e in zip(show_pooled(self.ids.entries, self._entries, len(entries), EchoWallRow), entries):
            widget.meta = "　".join(p for p in (orgs[e.org_id].name if e.org_id in orgs else "",
                                               chinese_date(e.asked_on), e.asker) if p)
            widget.question = "问：" + e.question
            widget.reply = ("不予公开：" if e.declined else "答：") + e.reply
        self.status = f"共 {len(entries)} 条公开答复" if entries else "暂无公开的答复"
        self.qr_url = signed_url("/m/huiyin", "c-huiyin")


load_kv(__file__)
