"""Search: pinyin and hot words typed on the kiosk's own keyboard; results with matches marked.

Typing Latin letters searches pinyin initials (DF → 党费) and full pinyin (DANGFEI) in
titles, and the text itself; a tapped hot word searches Chinese text of any length. The
index lives in the store (device.search) and catches up whenever sync changed it.
"""
from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from device import search
from device.ui import header  # noqa: F401  (Header, used by search.kv)
from device.ui.kvfiles import load_kv
from gongkai.domain import rules
from gongkai.domain.rules import Presence
from gongkai.domain.search_terms import MAX_QUERY_LENGTH, snippet

from . import (
    controls,  # noqa: F401  (ChipRow, used by search.kv)
    keyboard,  # noqa: F401  (OnScreenKeyboard, used by search.kv)
    navbar,  # noqa: F401  (NavBar, used by search.kv)
)
from .keyboard import BACKSPACE, CLEAR
from .rows import row_data

HOT_WORDS = ("党费", "选举", "公示", "发展党员", "换届", "慰问", "廉政", "干部", "学习", "监督")
TYPING_PAUSE = 0.25
"""Search runs once typing pauses this long, not on every key."""
SHOWN = 100


class SearchScreen(Screen):
    """Search: the query typed or tapped, and the live items it finds, matches marked."""

    query = StringProperty()
    status = StringProperty()
    found = NumericProperty(0)

    def on_kv_post(self, _base) -> None:
        """Laid out: show the hot words, and search whenever typing pauses."""
        self._run = Clock.create_trigger(lambda _dt: self._search(), TYPING_PAUSE)
        self.ids.hot.show([(word, word) for word in HOT_WORDS])

    def on_key(self, key: str) -> None:
        """A key of the on-screen keyboard: edit the query, up to MAX_QUERY_LENGTH."""
        if key == BACKSPACE:
            self.set_query(self.query[:-1])
        elif key == CLEAR:
            self.set_query("")
        elif len(self.query) < MAX_QUERY_LENGTH:
            self.set_query(self.query + key)

    def set_query(self, text: str) -> None:
        """A new query (typed, or a hot word): search once typing pauses."""
        self.query = text
        self._run()

    def reset(self) -> None:
        """The kiosk went idle: clear the query and the results."""
        self.query = ""
        self.refresh()

    def _search(self) -> None:
        """A new query: its results from the top."""
        self.ids.rows.scroll_y = 1
        self.refresh()

    def refresh(self) -> None:
        """Run the query again (sync changed the store): the reader keeps their place."""
        app = App.get_running_app()
        now, store = app.now(), app.store
        if not self.query:
            self.ids.rows.data, self.found = [], 0
            self.status = "请用下方键盘输入拼音首字母（如 DF 查“党费”），或点选热词"
            return
        live = [i for i in store.search(self.query) if rules.presence(i, now) is Presence.LIVE][:SHOWN]
        orgs = store.orgs()
        self.ids.rows.layout_manager.replace_rows([self._row(item, orgs, now) for item in live])
        self.found = len(live)
        self.status = f"找到 {len(live)} 条" if live else "没有找到相关内容，请换个词试试"

    def _row(self, item, orgs, now) -> dict:
        marks = search.highlights(item.title, item.body, self.query)
        text, spans = snippet(item.body, marks.body) if marks.body else ("", [])
        return row_data(item, orgs, now, title_marks=marks.title, snippet=text, snippet_marks=spans)


load_kv(__file__)
