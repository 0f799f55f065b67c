"""回音壁 on the kiosk: the published replies synced from the hub, newest first, with a QR code
to read them all on a phone. Questions and askers arrive masked (hub.wall)."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from gongkai.domain.dates import chinese_date
from gongkai.ui.kvfiles import load_kv

from .qr_links import signed_url

SHOWN = 30


class WallEntry(BoxLayout):
    """One reply: where and when it was asked, the question, the answer."""

    meta = StringProperty()
    question = StringProperty()
    reply = StringProperty()


class WallScreen(Screen):
    qr_url = StringProperty()
    status = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        entries = app.store.wall()[:SHOWN]
        orgs = app.store.orgs()
        self.ids.entries.clear_widgets()
        for e in entries:
            self.ids.entries.add_widget(WallEntry(
                meta="　".join(p for p in (orgs[e.org_id].name if e.org_id in orgs else "",
                                          chinese_date(e.asked_on), e.asker) if p),
                question="问：" + e.question,
                reply=("不予公开：" if e.declined else "答：") + e.reply))
        self.status = f"共 {len(entries)} 条公开答复" if entries else "暂无公开的答复"
        self.qr_url = signed_url("/m/huiyin", "c-huiyin")


load_kv(__file__)
