"""One item in full: title, particulars, 公示 countdown and the text, typeset by 禁则.

A withdrawn item shows its published explanation instead of the text (六.1); an item that
left the screens while being read says so rather than vanishing under the reader.
"""
from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from gongkai.domain import rules
from gongkai.domain.rules import Presence
from gongkai.ui import header  # noqa: F401  (Header, used by item.kv)
from gongkai.ui import wording
from gongkai.ui.kvfiles import load_kv

from . import navbar  # noqa: F401  (NavBar, used by item.kv)

GONE = "此内容已结束公开"
WITHDRAWN = "已撤回"


class ItemScreen(Screen):
    item_id = NumericProperty(0)
    heading = StringProperty()
    category_label = StringProperty()
    countdown = StringProperty()
    facts = StringProperty()
    body = StringProperty()

    def show(self, item_id: int) -> None:
        self.item_id = item_id
        self.ids.scroll.scroll_y = 1

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        now = app.now()
        item = app.store.item(self.item_id)
        shown = rules.presence(item, now) if item else Presence.HIDDEN
        if shown is Presence.HIDDEN:
            self.heading, self.countdown, self.facts, self.body = GONE, "", "", ""
            return
        self.heading = item.title
        self.category_label = item.category.label
        self.facts = wording.facts(item, app.store.orgs(), now)
        if shown is Presence.WITHDRAWAL_NOTICE:
            self.countdown, self.body = WITHDRAWN, rules.withdrawal_notice(item)
        else:
            self.countdown, self.body = wording.countdown(item, now), item.body


load_kv(__file__)
