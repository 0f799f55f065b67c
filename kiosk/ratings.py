"""满意度评议 on the kiosk (六.5): rate an org's disclosure work 满意 / 基本满意 / 不满意 with an
optional reason picked in one tap, and read the results the hub has published.

A rating goes into the outbox like a 点题, so it is kept offline; the kiosk asks for one
rating per visit (the screen resets when left) and its outbox rate limit still applies.
"""
from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from device import outbox
from device.ui.kvfiles import load_kv
from gongkai.domain.feedback.ratings import Satisfaction

from . import controls  # noqa: F401  (ChipRow, used by ratings.kv)
from .qr_links import signed_url

REASONS = ("内容及时", "内容全面", "方便查询", "更新不及时", "内容不全", "看不明白")
"""Reasons to tap instead of type; a longer one can be written on the phone page."""


def file_rating(org_id: int, level: str, reason: str = "", item_id: int | None = None) -> None:
    """Queue a rating in the outbox, where it is kept until the hub has it; ``item_id`` when
    it rates one item (the prompt after reading, kiosk.rating_prompt) rather than the org's work."""
    payload = {"org_id": org_id, "level": level, "reason": reason}
    if item_id is not None:
        payload["item_id"] = item_id
    outbox.add(App.get_running_app().store, "rating", payload)


class RatingScreen(Screen):
    """满意度评议: rate an org's disclosure work, and read the published results."""

    org_id = NumericProperty(0)
    level = StringProperty()
    reason = StringProperty()
    status = StringProperty()
    results = StringProperty()
    qr_url = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        """Entering the screen: a fresh rating, of the kiosk's own org to begin with."""
        self.org_id = App.get_running_app().settings.org_id or 0
        self.level, self.reason, self.status = "", "", ""
        self.refresh()

    def refresh(self) -> None:
        """Show the choices and the latest published results."""
        app = App.get_running_app()
        orgs = app.listing.orgs()
        self._show_choices()
        self.results = "\n".join(
            f"{orgs[r.org_id].name if r.org_id in orgs else ''}　{r.quarter_label}　满意率 {r.tally.rate_text()}"
            f"（{r.tally.total}人次）" for r in app.store.rating_results()[:8]) or "暂无公布的评议结果"
        self.qr_url = signed_url("/m/pingyi", "c-pingyi")

    def _show_choices(self) -> None:
        orgs = App.get_running_app().listing.orgs().values()
        self.ids.orgs.show([(org.id, org.name) for org in orgs], self.org_id)
        self.ids.levels.show([(level.value, level.label) for level in Satisfaction], self.level)
        self.ids.reasons.show([(reason, reason) for reason in REASONS], self.reason)

    def choose_org(self, org_id: int) -> None:
        """The org being rated."""
        self.org_id = org_id
        self._show_choices()

    def choose_level(self, level: str) -> None:
        """The verdict chosen: 满意, 基本满意 or 不满意."""
        self.level = level
        self._show_choices()

    def choose_reason(self, reason: str) -> None:
        """A reason chosen, or unchosen by a second tap."""
        self.reason = "" if reason == self.reason else reason
        self._show_choices()

    def submit(self) -> None:
        """File the rating in the outbox and thank the rater, or ask for what is missing."""
        if not self.org_id or not self.level:
            self.status = "请选择党组织和满意程度"
            return
        file_rating(self.org_id, self.level, self.reason)
        self.level, self.reason = "", ""
        self.status = "已提交，感谢您的评议！"
        self._show_choices()


load_kv(__file__)
