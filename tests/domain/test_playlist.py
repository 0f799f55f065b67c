"""The playlist engine over a simulated week, with a fake clock stepping ten minutes at a time."""
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from gongkai.domain.model import Audience, Category, Disclosure, ItemStatus, Targets, TimeLimit
from gongkai.domain.playlist import DEFAULT_WEIGHTS, Rules, Screen, Slide, SlideKind, programme, weighted_loop
from gongkai.domain.schedule import Calendar, Daypart

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=ZONE)
STEP = timedelta(minutes=10)
SCREEN = Screen(device="禾丰社区大厅LED屏", groups=frozenset({"禾丰社区", "南湖街道"}))


def day(n: int, hour: int = 0, minute: int = 0) -> datetime:
    """Day ``n`` of the simulated week (0 = Monday) at hour:minute."""
    return MONDAY + timedelta(days=n, hours=hour, minutes=minute)


def item(id_: int, title: str, **changes) -> Disclosure:
    base = Disclosure(id=id_, org_id=1, category=Category.ORGANISATION, title=title,
                      body="现予公开。", audience=Audience.PUBLIC, time_limit=TimeLimit.STANDING,
                      published_at=datetime(2026, 1, 5, 9, tzinfo=ZONE))
    return replace(base, **changes)


RULES = item(1, "禾丰社区党组织工作规则")
QUARTERLY = item(2, "2026年第三季度党费收缴情况", time_limit=TimeLimit.PERIODIC,
                 category=Category.SERVICE, period_label="2026年第三季度")
GONGSHI = item(3, "2026年第二批发展党员公示", time_limit=TimeLimit.IMMEDIATE,
               gongshi_start=date(2026, 11, 25), gongshi_end=date(2026, 11, 27),
               published_at=day(2, 8))
URGENT = item(4, "紧急通知：今日14时至18时停水", urgent=True, published_at=day(2, 14),
              urgent_until=day(2, 18))
NIGHT_URGENT = item(5, "紧急通知：寒潮预警，请注意防寒", urgent=True, published_at=day(5, 23),
                    urgent_until=day(5, 23, 30))
WITHDRAWN = item(6, "区管干部考察预告", status=ItemStatus.WITHDRAWN, published_at=day(-10, 9),
                 withdrawn_at=day(-4, 15), withdrawal_note="考察对象调整，原预告撤回。")
PARTY_ONLY = item(7, "支部委员会会议纪要", audience=Audience.PARTY)
OURS = item(8, "禾丰社区志愿服务安排", category=Category.SERVICE,
            targets=Targets(groups=frozenset({"禾丰社区"})))
THEIRS = item(9, "梅溪村志愿服务安排", targets=Targets(groups=frozenset({"梅溪村"})))
FOR_THIS_DEVICE = item(10, "大厅屏幕测试通知", targets=Targets(devices=frozenset({SCREEN.device})))
ITEMS = [RULES, QUARTERLY, GONGSHI, URGENT, NIGHT_URGENT, WITHDRAWN, PARTY_ONLY, OURS, THEIRS,
         FOR_THIS_DEVICE]

FRIDAY_HOLIDAY = date(2026, 11, 27)
SETTINGS = Rules(
    dayparts=(
        Daypart(days=frozenset({"daily"}), start=time(22), end=time(7), off=True, name="夜间关屏"),
        Daypart(days=frozenset({"restdays"}), start=time(7), end=time(22),
                categories=frozenset({Category.SERVICE}), name="休息日"),
    ),
    calendar=Calendar(holidays=frozenset({FRIDAY_HOLIDAY})),
)


def week():
    """(now, programme) every ten minutes from Monday 00:00 to Sunday 23:50."""
    now = MONDAY
    while now < MONDAY + timedelta(days=7):
        yield now, programme(ITEMS, SCREEN, now, SETTINGS)
        now += STEP


def ids(prog) -> set[int]:
    return {slide.item.id for slide in prog.slides}


WEEK = list(week())


def during(start: datetime, end: datetime):
    return [(now, prog) for now, prog in WEEK if start <= now < end]


def test_the_screen_is_dark_at_night_unless_an_urgent_notice_is_on():
    for now, prog in WEEK:
        night = now.time() >= time(22) or now.time() < time(7)
        urgent_on = NIGHT_URGENT.published_at <= now < NIGHT_URGENT.urgent_until
        assert prog.on is (not night or urgent_on), now
        assert prog.slides if prog.on else not prog.slides, now


def test_an_urgent_notice_preempts_everything_until_it_ends():
    for now, prog in during(day(2, 13), day(2, 19)):
        if URGENT.published_at <= now < URGENT.urgent_until:
            assert [(s.item.id, s.kind) for s in prog.slides] == [(URGENT.id, SlideKind.URGENT)], now
        else:
            assert URGENT.id not in ids(prog) and len(prog.slides) > 1, now


def test_an_urgent_notice_at_night_wakes_the_screen_then_lets_it_sleep():
    states = [(now.time(), prog.on, ids(prog)) for now, prog in during(day(5, 22, 50), day(5, 23, 50))]
    assert states == [
        (time(22, 50), False, set()), (time(23, 0), True, {NIGHT_URGENT.id}),
        (time(23, 10), True, {NIGHT_URGENT.id}), (time(23, 20), True, {NIGHT_URGENT.id}),
        (time(23, 30), False, set()), (time(23, 40), False, set()),
    ]


def test_a_gongshi_plays_on_its_dates_only_and_comes_round_three_times_a_loop():
    for now, prog in WEEK:
        if not prog.on or prog.daypart == "休息日" or prog.slides[0].kind is SlideKind.URGENT:
            continue
        in_window = GONGSHI.gongshi_start <= now.date() <= GONGSHI.gongshi_end
        assert (GONGSHI.id in ids(prog)) is (in_window and now >= GONGSHI.published_at), now
    loop = programme(ITEMS, SCREEN, day(3, 10), SETTINGS).slides
    assert Counter(s.item.id for s in loop)[GONGSHI.id] == 3
    assert loop[0].item.id == GONGSHI.id


def test_a_withdrawal_leaves_its_notice_for_seven_days_then_goes():
    ends = WITHDRAWN.withdrawn_at + timedelta(days=7)
    for now, prog in WEEK:
        if prog.on and prog.daypart != "休息日" and prog.slides[0].kind is not SlideKind.URGENT:
            kinds = {s.kind for s in prog.slides if s.item.id == WITHDRAWN.id}
            assert kinds == ({SlideKind.WITHDRAWAL} if now < ends else set()), now


def test_rest_days_play_their_own_categories_and_a_holiday_counts_as_one():
    for when in (day(4, 10), day(5, 10), day(6, 10)):   # the holiday Friday, Saturday, Sunday
        prog = programme(ITEMS, SCREEN, when, SETTINGS)
        assert prog.daypart == "休息日"
        assert ids(prog) == {QUARTERLY.id, OURS.id}
    assert GONGSHI.id in ids(programme(ITEMS, SCREEN, day(3, 10), SETTINGS))


def test_only_public_items_aimed_at_this_screen_ever_play():
    shown = set().union(*(ids(prog) for _, prog in WEEK))
    assert PARTY_ONLY.id not in shown
    assert THEIRS.id not in shown
    assert {OURS.id, FOR_THIS_DEVICE.id, RULES.id} <= shown


def test_items_without_targets_or_urgency_fields_play_everywhere():
    plain = programme([RULES], Screen(), day(1, 10))
    assert [(s.item.id, s.kind) for s in plain.slides] == [(RULES.id, SlideKind.STANDING)]


def test_tiers_order_a_loop_and_new_items_lead_the_standing_ones():
    new = item(11, "新发布的公开事项", published_at=day(1, 9))
    loop = programme([RULES, QUARTERLY, new], Screen(), day(1, 10)).slides
    assert [s.kind for s in loop] == [SlideKind.NEW, SlideKind.PERIODIC, SlideKind.NEW,
                                      SlideKind.STANDING]


def test_weights_spread_repeats_and_never_play_one_item_twice_in_a_row():
    slides = [Slide(item(n, f"公示{n}"), SlideKind.GONGSHI) for n in range(2)]
    slides += [Slide(item(10 + n, f"长期{n}"), SlideKind.STANDING) for n in range(4)]
    loop = weighted_loop(slides, DEFAULT_WEIGHTS)
    assert len(loop) == 2 * 3 + 4
    ring = loop + loop[:1]
    assert all(a.item.id != b.item.id for a, b in zip(ring, ring[1:]))


@pytest.mark.parametrize("weight", [1, 3])
def test_a_loop_of_one_item_is_that_item_once(weight):
    only = [Slide(RULES, SlideKind.STANDING)]
    assert weighted_loop(only, {SlideKind.STANDING: weight}) == only
