"""The kiosk's feedback screens under Xvfb: a 点题 typed in pinyin and punctuation and
submitted offline, the receipt with its QR code, the 回音壁, 评议 and 监督直通车 fed from the
store, the same widgets on every visit, and the 有帮助吗 question after an item is read."""
from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from device.store import Store
from gongkai.domain.feedback.public_feedback import Contact, ContactKind, EchoWallEntry, RatingResult
from gongkai.domain.feedback.ratings import GLANCE_SECONDS, Tally
from gongkai.domain.model import Category, Disclosure
from gongkai.protocol import Change, FeedPage
from kiosk.settings import KioskSettings
from tests.content import demo_store
from tests.kiosk.conftest import KIOSK_DRIVER
from tests.ui.harness import LANDSCAPE, NOW, PORTRAIT, assert_readable, run_scenario, xvfb  # noqa: F401

from .content import publish

pytestmark = pytest.mark.ui
KIOSK = {"org_id": 4, "hub_public_url": "https://dwgk.example.cn"}
HOSTILE = "[color=ff0000]假冒答复[/color]<script>alert(1)</script>"


def decode_qr(png) -> list[str]:
    found = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    return found.stdout.split()


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    store = demo_store(path, NOW)
    answered = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    store.apply_page(FeedPage(cursor=store.cursor + 3, more=False, after=store.cursor, changes=[
        Change(store.cursor + 1, "answer", 1, EchoWallEntry(1, 4, "DT-2026-11-4K7Q9M2X", "dianti",
                                                        f"希望公开党费收缴情况{HOSTILE}", "张*",
                                                        "已在公开栏公布2026年党费收缴和使用情况。", False,
                                                        answered.date(), answered)),
        Change(store.cursor + 2, "rating", 1, RatingResult(1, 4, "2026Q3", Tally(40, 8, 2), answered)),
        Change(store.cursor + 3, "contact", 1, Contact(1, 4, ContactKind.HOTLINE, "社区举报投诉电话", "0573-82012345")),
    ]))
    store.close()
    return path


def outbox_rows(path) -> list[tuple[str, dict]]:
    store = Store(path)
    try:
        return [(r[0], json.loads(r[1])) for r in store.db.execute("SELECT kind, payload FROM outbox")]
    finally:
        store.close()


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_a_dianti_typed_in_pinyin_is_kept_offline_with_a_receipt(xvfb, tmp_path, store_path, size):
    typing = [{"tap": key} for key in "DANGFEI"]
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, kiosk=KIOSK, steps=[
        {"tap": "点题"}, {"tap": "组织建设"}, {"snap": "topics"}, *typing, {"snap": "typing"},
        {"tap": "党费"}, *[{"tap": key} for key in "SHIYONG"], {"tap": "使用"}, {"snap": "typed"},
        {"tap": "提交点题"}, {"snap": "receipt"},
    ])
    for shot in shots.values():
        assert_readable(shot)
    assert shots["topics"].shows("党费收缴、管理和使用情况")
    assert shots["typing"].shows("党费") and shots["typing"].shows("dang fei")
    assert shots["typed"].shows("党费使用")
    receipt = shots["receipt"]
    assert receipt.shows("已提交") and receipt.shows("回执号")
    (kind, payload), = outbox_rows(store_path)
    assert kind == "dianti" and payload["text"] == "党费使用" and payload["org_id"] == 4 and payload["category"] == 3
    assert receipt.shows(payload["receipt"])
    url, = decode_qr(receipt.png)
    assert url.startswith(f"https://dwgk.example.cn/m/follow/{payload['receipt']}?t=1.")


def test_wall_ratings_and_supervision_show_synced_records_inert(xvfb, tmp_path, store_path):
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=[
        {"tap": "回音壁"}, {"snap": "wall"}, {"tap": "返回"},
        {"tap": "满意度评议"}, {"tap": "基本满意"}, {"tap": "内容全面"}, {"tap": "提交评议"}, {"snap": "rated"},
        {"tap": "返回"}, {"tap": "监督直通车"}, {"snap": "jiandu"},
    ])
    for shot in shots.values():
        assert_readable(shot)
    wall = shots["wall"]
    assert wall.shows("已在公开栏公布2026年党费收缴和使用情况。") and wall.shows("张*")
    assert wall.shows("[color=ff0000]假冒答复[/color]<script>alert(1)</script>")
    assert decode_qr(wall.png)[0].startswith("https://dwgk.example.cn/m/huiyin?t=1.")
    assert shots["rated"].shows("感谢您的评议") and shots["rated"].shows("满意率 96.0%")
    assert ("rating", {"org_id": 4, "level": "basically", "reason": "内容全面"}) in outbox_rows(store_path)
    assert shots["jiandu"].shows("0573-82012345")


VISITS = 12
DIANTI_VISIT = [{"tap": "点题"}, {"tap": "组织建设"}, {"tap": "党费收缴、管理和使用情况"}, {"tap": "D"}]
PINGYI_VISIT = [{"tap": "满意度评议"}, {"tap": "基本满意"}, {"tap": "内容全面"}]
WALL_VISIT = [{"tap": "回音壁"}]


def visits(count: int, measured_at: tuple[int, ...]) -> list[dict]:
    """``count`` rounds of 点题 (a category, a topic, a key typed), 评议 (a level, a reason) and
    回音壁, each left by 返回, measured on each screen and at home in the rounds ``measured_at``."""
    steps: list[dict] = [{"pace": 0.15}]
    for visit in range(1, count + 1):
        for name, taps in (("dianti", DIANTI_VISIT), ("pingyi", PINGYI_VISIT), ("huiyin", WALL_VISIT)):
            steps += taps
            steps += [{"measure": f"{name}-{visit}"}] if visit in measured_at else []
            steps.append({"tap": "返回"})
        steps += [{"measure": f"home-{visit}"}] if visit in measured_at else []
    return steps


def test_feedback_screens_keep_their_widgets_over_many_visits(xvfb, tmp_path, store_path, measured):
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=[
        *visits(VISITS, (2, VISITS)), {"pace": 0.4}, *DIANTI_VISIT, {"snap": "dianti-revisited"},
        {"tap": "返回"}, *PINGYI_VISIT, {"snap": "pingyi-revisited"},
    ])
    for name in ("dianti", "pingyi", "huiyin"):
        first, last = measured(f"{name}-2"), measured(f"{name}-{VISITS}")
        assert last["screen"] == name
        assert last["widgets"] == first["widgets"], f"{name} shows the same widgets, not new ones"
    first, last = measured("home-2"), measured(f"home-{VISITS}")
    assert last["alive"] == first["alive"], "no widget is left behind by a visit"
    dianti, pingyi = shots["dianti-revisited"], shots["pingyi-revisited"]
    for shot in (dianti, pingyi):
        assert_readable(shot)
    assert dianti.shows("党费收缴、管理和使用情况") and dianti.shows("联系和服务党员群众")
    assert pingyi.shows("内容全面") and pingyi.shows("满意率 96.0%")


PUNCTUATION = "，。？！、：；“”（）《》……——·"


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_chinese_punctuation_is_typed_from_the_symbols_keys(xvfb, tmp_path, store_path, size):
    keys = ["，", "。", "？", "！", "、", "：", "；", "“", "”", "（", "）", "《", "》", "……", "——", "·"]
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, kiosk=KIOSK, steps=[
        {"tap": "点题"}, {"tap": "组织建设"}, *[{"tap": key} for key in "DANGFEI"], {"snap": "pinyin-keys"},
        {"tap": "符号"}, {"snap": "punctuation-keys"}, *[{"tap": key} for key in keys],
        {"tap": "字母"}, *[{"tap": key} for key in "SHIYONG"], {"tap": "使用"}, {"tap": "符号"}, {"tap": "？"},
        {"snap": "punctuated"}, {"tap": "提交点题"}, {"snap": "punctuated-receipt"},
    ])
    for shot in shots.values():
        assert_readable(shot)
        assert shot.min_touch >= KioskSettings().touch_target_px(size) - 0.5, f"a key under 15 mm on {shot.name}"
    letters, symbols = shots["pinyin-keys"].texts, shots["punctuation-keys"].texts
    assert "符号" in letters and "Q" in letters and "，" not in letters
    assert all(key in symbols for key in keys) and "字母" in symbols and "Q" not in symbols
    typed = "党费" + PUNCTUATION + "使用？"
    assert shots["punctuated"].shows(typed), "pinyin half typed is taken before the punctuation"
    (kind, payload), = outbox_rows(store_path)
    assert kind == "dianti" and payload["text"] == typed


READ = "区管干部考察预告"
"""A short 公示, on the home screen's strip: its text is on screen whole from the start."""
LONG_READ = "禾丰社区党委2026年度工作报告全文"
QUESTION = "这条公开内容对您有帮助吗？"
READING = {"wait": GLANCE_SECONDS + 1.5}
ASKED = {"until": QUESTION}
"""The question is on screen (it comes up a frame or more after the reading is noticed)."""
TO_THE_END = {"drag": {"within": "scroll", "from": [0.997, 0.0], "to": [0.997, 0.0], "seconds": 0.2}}
"""A finger on the bottom of the scroll bar's track: the text jumps to its end."""


def add_long_item(store_path) -> Disclosure:
    """A report in 其他 too long for one screen."""
    store = Store(store_path)
    try:
        base = store.items(Category.OTHER)[0]
        body = "\n".join(f"第{n}部分：社区党委坚持把党务公开作为联系服务群众的重要抓手，按照目录逐项公开。"
                         for n in range(1, 16))
        item = replace(base, id=9400, title=LONG_READ, body=body)
        publish(store, [item])
        return item
    finally:
        store.close()


def test_a_reader_is_asked_once_whether_the_item_helped(xvfb, tmp_path, store_path):
    item = add_long_item(store_path)
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=[
        {"tap": "其他"}, {"tap": LONG_READ}, READING, {"snap": "not-read-to-the-end"},
        TO_THE_END, ASKED, {"snap": "asked"}, {"tap": "满意"}, {"snap": "thanked"},
        {"tap": "返回"}, {"tap": LONG_READ}, TO_THE_END, READING, {"snap": "read-again"},
    ])
    for shot in shots.values():
        assert_readable(shot)
        assert shot.min_touch >= KioskSettings().touch_target_px(LANDSCAPE) - 0.5
    assert not shots["not-read-to-the-end"].shows(QUESTION), "not before it has been read"
    asked = shots["asked"]
    assert asked.shows(QUESTION) and all(asked.shows(level) for level in ("满意", "基本满意", "不满意", "不用了"))
    assert asked.shows("第15部分"), "the end of the text stays in view"
    assert shots["thanked"].shows("感谢您的评议") and not shots["thanked"].shows(QUESTION)
    assert not shots["read-again"].shows(QUESTION), "answered: not asked again"
    assert outbox_rows(store_path) == [("rating", {"org_id": item.org_id, "level": "satisfied", "reason": "",
                                                   "item_id": item.id})]


def test_a_dismissed_question_comes_back_only_for_the_next_reader(xvfb, tmp_path, store_path):
    shots = run_scenario(xvfb, tmp_path, driver=KIOSK_DRIVER, app="kiosk", store_path=store_path, size=PORTRAIT,
                         kiosk={**KIOSK, "idle_seconds": 13}, steps=[
        {"tap": READ}, READING, ASKED, {"snap": "asked-whole"}, {"tap": "不用了"}, {"snap": "dismissed"},
        {"wait": 14}, {"tap_at": [0.5, 0.5]}, {"tap": READ}, READING, ASKED, {"snap": "next-reader"},
    ])
    assert_readable(shots["asked-whole"])
    assert shots["asked-whole"].shows(QUESTION), "a text shown whole is read once the glance is over"
    assert not shots["dismissed"].shows(QUESTION)
    assert shots["next-reader"].screen == "item" and shots["next-reader"].shows(QUESTION)
    assert outbox_rows(store_path) == []
