from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gongkai.domain import rules
from gongkai.domain.model import Audience, Category, Disclosure, ItemStatus, TimeLimit
from gongkai.domain.rules import Presence

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=ZONE)
TODAY = NOW.date()


def item(**changes) -> Disclosure:
    base = Disclosure(
        id=1, org_id=1, category=Category.ORGANISATION, title="梅溪村2026年第二批发展党员公示",
        body="经支部委员会研究，拟将张建华同志列为发展对象，现予公示。", audience=Audience.PUBLIC,
        time_limit=TimeLimit.STANDING, published_at=NOW - timedelta(days=3),
    )
    return replace(base, **changes)


def gongshi(start: date, end: date, **changes) -> Disclosure:
    return item(time_limit=TimeLimit.IMMEDIATE, gongshi_start=start, gongshi_end=end,
                published_at=datetime(2026, 11, 1, 9, 0, tzinfo=ZONE), **changes)


DAY = timedelta(days=1)


class TestPresence:
    def test_standing_public_item_is_live(self):
        assert rules.presence(item(), NOW) is Presence.LIVE

    def test_party_only_item_never_reaches_a_public_screen(self):
        assert rules.presence(item(audience=Audience.PARTY), NOW) is Presence.HIDDEN

    def test_scheduled_item_waits_for_its_publish_time(self):
        assert rules.presence(item(published_at=NOW + timedelta(minutes=1)), NOW) is Presence.HIDDEN
        assert rules.presence(item(published_at=NOW), NOW) is Presence.LIVE

    @pytest.mark.parametrize("start, end, expected", [
        (TODAY, TODAY + 5 * DAY, Presence.LIVE),          # starts today
        (TODAY - 5 * DAY, TODAY, Presence.LIVE),          # ends today: shown all day
        (TODAY - 5 * DAY, TODAY - DAY, Presence.HIDDEN),  # ended yesterday: gone
        (TODAY + DAY, TODAY + 5 * DAY, Presence.HIDDEN),  # starts tomorrow
    ])
    def test_gongshi_window_boundaries(self, start, end, expected):
        assert rules.presence(gongshi(start, end), NOW) is expected

    def test_gongshi_ending_today_is_shown_until_midnight(self):
        last_minute = datetime(2026, 11, 28, 23, 59, tzinfo=ZONE)
        item_ = gongshi(TODAY - 3 * DAY, TODAY)
        assert rules.presence(item_, last_minute) is Presence.LIVE
        assert rules.presence(item_, last_minute + timedelta(minutes=1)) is Presence.HIDDEN

    def test_withdrawn_item_leaves_a_notice_then_goes(self):
        withdrawn = item(status=ItemStatus.WITHDRAWN, withdrawn_at=NOW - DAY,
                         withdrawal_note="经核实，名单有误，重新公示。")
        assert rules.presence(withdrawn, NOW) is Presence.WITHDRAWAL_NOTICE
        assert rules.presence(withdrawn, NOW + 7 * DAY) is Presence.HIDDEN
        assert "经核实，名单有误" in rules.withdrawal_notice(withdrawn)
        assert "2026年11月27日" in rules.withdrawal_notice(withdrawn)

    def test_withdrawal_without_note_still_says_so(self):
        withdrawn = item(status=ItemStatus.WITHDRAWN, withdrawn_at=NOW)
        assert rules.withdrawal_notice(withdrawn).endswith("说明：未附说明")


class TestCountdown:
    @pytest.mark.parametrize("start, end, text", [
        (TODAY - 2 * DAY, TODAY + 2 * DAY, "公示期剩余 3 天"),
        (TODAY, TODAY + DAY, "公示期剩余 2 天"),
        (TODAY - 2 * DAY, TODAY, "公示期今天截止"),
        (TODAY - 5 * DAY, TODAY - DAY, "公示期已结束"),
        (date(2026, 12, 1), date(2026, 12, 7), "公示将于12月1日开始"),
    ])
    def test_countdown_text(self, start, end, text):
        assert rules.gongshi_countdown(gongshi(start, end), TODAY) == text

    def test_only_gongshi_items_count_down(self):
        assert rules.gongshi_countdown(item(), TODAY) is None

    def test_period_text(self):
        assert rules.gongshi_period(gongshi(date(2026, 11, 20), date(2026, 11, 27))) == \
            "公示期：2026年11月20日至2026年11月27日"


class TestOrdering:
    def test_current_gongshi_first_ending_soonest_then_newest(self):
        old = item(id=1, published_at=NOW - 30 * DAY)
        new = item(id=2, published_at=NOW - DAY)
        ends_later = gongshi(TODAY - DAY, TODAY + 6 * DAY, id=3)
        ends_today = gongshi(TODAY - DAY, TODAY, id=4)
        ordered = rules.display_order([old, ends_later, new, ends_today], NOW)
        assert [i.id for i in ordered] == [4, 3, 2, 1]

    def test_category_counts_cover_all_eight_and_only_live_items(self):
        items = [item(id=1), item(id=2, category=Category.CADRES),
                 item(id=3, audience=Audience.PARTY), gongshi(TODAY - 9 * DAY, TODAY - DAY, id=4)]
        counts = rules.category_counts(items, NOW)
        assert len(counts) == 8
        assert counts[Category.ORGANISATION] == 1 and counts[Category.CADRES] == 1
        assert counts[Category.OTHER] == 0

    def test_on_screen_keeps_withdrawal_notices_live_does_not(self):
        withdrawn = item(id=5, status=ItemStatus.WITHDRAWN, withdrawn_at=NOW - DAY)
        assert [i.id for i in rules.on_screen([withdrawn, item()], NOW)] == [1, 5]
        assert [i.id for i in rules.live([withdrawn, item()], NOW)] == [1]

    def test_new_badge_period(self):
        assert rules.is_new(item(published_at=NOW - 6 * DAY), NOW)
        assert not rules.is_new(item(published_at=NOW - 8 * DAY), NOW)
