"""The kiosk, run for real under Xvfb and driven by touch through every capability, in both
orientations, with screenshots kept in tests/screenshots.

Expected content comes from the demo store through gongkai.domain rules, the same rules
the kiosk is meant to follow, so these tests check the screens, not the demo texts.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image

from device.store import Store
from gongkai.domain import browse, rules
from gongkai.domain.model import Attachment, Category, TimeLimit
from gongkai.protocol import Change, FeedPage
from kiosk.settings import KioskSettings
from tests.content import demo_store
from tests.ui.harness import LANDSCAPE, NOW, PORTRAIT, assert_readable, run_scenario, xvfb  # noqa: F401

pytestmark = pytest.mark.ui
BOTH = pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
KIOSK = {"maintenance_pin": "4829", "org_id": 4, "hub_public_url": "https://dwgk.example.cn"}
IMAGE_TITLE = "禾丰社区党群服务中心改造效果图"
HOSTILE_TITLE = "[color=ff0000]假冒通知[/color]\u202e测试\u200b标题"


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.db"
    demo_store(path, NOW).close()
    return path


def live_in(store_path, category: Category):
    store = Store(store_path)
    try:
        return rules.live(store.items(category), NOW), rules.category_counts(store.items(), NOW)
    finally:
        store.close()


def touch_px(size) -> float:
    return KioskSettings().touch_target_px(size)


def check(shots, size) -> None:
    for shot in shots.values():
        assert_readable(shot)
        if shot.screen != "attract":  # the whole attract screen is one touch target
            assert shot.min_touch >= touch_px(size) - 0.5, f"touch target under 15 mm on {shot.name}"


@BOTH
def test_a_citizen_reaches_a_gongshi_by_touch(xvfb, tmp_path, store_path, size):
    items, counts = live_in(store_path, Category.ORGANISATION)
    gongshi = next(item for item in items if rules.is_current_gongshi(item, NOW))
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, kiosk=KIOSK, steps=[
        {"snap": "home"}, {"tap": "组织建设"}, {"snap": "category"},
        {"tap": gongshi.title}, {"snap": "item"}, {"tap": "返回"}, {"snap": "back"},
        {"tap": "首页"}, {"tap": "区管干部考察预告"}, {"snap": "from-strip"},
    ])
    check(shots, size)
    home = shots["home"]
    assert home.screen == "home"
    assert all(home.shows(category.label) for category in Category)
    assert home.shows(f"{counts[Category.ORGANISATION]} 条")
    store = Store(store_path)
    new = browse.new_counts(store.items(), NOW)
    store.close()
    assert home.shows(f"新 {new[Category.ORGANISATION]}")
    assert home.shows("正在公示") and home.shows("公示期今天截止")
    for entry in ("搜索", "点题", "回音壁", "满意度评议", "依申请公开", "监督直通车", "大字", "高对比"):
        assert home.shows(entry), entry

    listing = shots["category"]
    assert listing.screen == "browse"
    assert listing.shows(items[0].title)
    assert listing.shows(rules.gongshi_countdown(gongshi, NOW.date()))
    assert not listing.shows("区管干部任前公示"), "an item of another category is listed"

    detail = shots["item"]
    assert detail.screen == "item"
    assert detail.shows(gongshi.title) and detail.shows("公示期剩余")
    assert detail.shows(rules.gongshi_period(gongshi))
    assert detail.shows("发布单位：") and detail.shows("手机扫码查看")
    body = "".join(line for lines in detail.paragraphs for line in lines)
    assert gongshi.body.split("\n")[0][:30] in body
    assert shots["back"].screen == "browse"
    assert shots["from-strip"].screen == "item" and shots["from-strip"].shows("区管干部考察预告")


@BOTH
def test_search_by_pinyin_initials_hot_words_and_chinese(xvfb, tmp_path, store_path, size):
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, kiosk=KIOSK, steps=[
        {"tap": "搜索"}, {"snap": "search-empty"},
        {"tap": "D"}, {"tap": "F"}, {"wait": 0.6}, {"snap": "search-df"},
        {"tap": "清空"}, {"tap": "选举"}, {"wait": 0.6}, {"snap": "search-hotword"},
        {"query": "党费"}, {"snap": "search-chinese"},
        {"query": "区管干部考察"}, {"tap": "区管干部考察预告"}, {"snap": "search-opened"},
    ])
    check(shots, size)
    assert shots["search-empty"].shows("请输入拼音首字母")
    df = shots["search-df"]
    assert df.shows("DF") and df.shows("党费收缴")
    assert "党费" in df.marked, "the characters DF spelled are highlighted"
    hot = shots["search-hotword"]
    assert hot.shows("换届选举结果公告") and "选举" in hot.marked
    chinese = shots["search-chinese"]
    assert chinese.shows("找到") and chinese.marked.count("党费") >= 2, "title and body snippets marked"
    assert shots["search-opened"].screen == "item"


def test_browse_by_org_quarter_and_time_limit(xvfb, tmp_path, store_path):
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=[
        {"tap": "分类浏览"}, {"tap": "按单位"}, {"snap": "by-org"},
        {"tap": "中共禾丰社区委员会"}, {"snap": "own-org"},
        {"tap": "中共东湖街道工作委员会"}, {"snap": "superior"},
        {"tap": "按时间"}, {"tap": "2026年第四季度"}, {"snap": "quarter"},
        {"tap": "按时限"}, {"tap": "即时公开"}, {"snap": "immediate"},
    ])
    check(shots, LANDSCAPE)
    by_org = shots["by-org"]
    assert by_org.shows("本单位") and by_org.shows("上级单位")
    assert not by_org.shows("中共梅溪村委员会\u3000"), "an org outside the kiosk's own line is not offered"
    store = Store(store_path)
    items, orgs = store.items(), store.orgs()
    store.close()
    own = browse.browse(items, browse.Filter(org_id=4), NOW)
    assert shots["own-org"].shows(own[0].title)
    assert all(item.org_id == 4 for item in own)
    assert shots["superior"].shows("东湖街道")
    assert shots["quarter"].shows("2026年第四季度")
    immediate = browse.browse(items, browse.Filter(time_limit=TimeLimit.IMMEDIATE), NOW)
    assert shots["immediate"].shows(immediate[0].title)
    assert not shots["immediate"].shows("议事规则"), "a standing item is listed under 即时公开"


@BOTH
def test_large_type_high_contrast_and_attract_loop(xvfb, tmp_path, store_path, size):
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size,
                         kiosk={**KIOSK, "idle_seconds": 15}, steps=[
        {"snap": "normal"}, {"tap": "大字"}, {"snap": "large"}, {"tap": "组织建设"}, {"snap": "large-list"},
        {"tap": "高对比"}, {"snap": "contrast-list"}, {"until_screen": "attract"}, {"snap": "attract"},
        {"tap_at": [0.5, 0.5]}, {"snap": "woken"},
    ])
    check(shots, size)
    assert shots["large"].min_font_size > shots["normal"].min_font_size * 1.2
    assert shots["large-list"].min_font_size > shots["normal"].min_font_size * 1.2
    with Image.open(shots["contrast-list"].png) as image:
        assert image.convert("L").resize((1, 1)).getpixel((0, 0)) < 90, "high contrast is dark"
    attract = shots["attract"]
    assert attract.screen == "attract" and attract.shows("轻触屏幕开始")
    assert attract.shows("正在公示") or attract.shows("新发布")
    store = Store(store_path)
    highlights = browse.highlights(store.items(), NOW)
    store.close()
    assert any(attract.shows(item.title) and attract.shows(item.body[:12]) for item in highlights), \
        "the loop shows a highlight with its text"
    woken = shots["woken"]
    assert woken.screen == "home"
    assert woken.min_font_size == shots["normal"].min_font_size, "大字 ends with the idle reset"


def test_a_reader_who_keeps_touching_is_never_sent_to_the_attract_loop(xvfb, tmp_path, store_path):
    """The idle time counts from the last touch, not the first: a pending idle trigger called
    again used to keep its first time, so a busy reader was sent away after idle_seconds."""
    steps = [{"tap": "组织建设"}]
    for back in (True, False, True, False):
        steps += [{"wait": 3}, {"tap": "返回" if back else "组织建设"}]
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk={**KIOSK, "idle_seconds": 8},
                         steps=[*steps, {"wait": 1}, {"snap": "still-reading"}])
    assert shots["still-reading"].screen == "browse", "12 s of touches 3 s apart outlast an 8 s idle time"


def test_feedback_entries_open_their_screens(xvfb, tmp_path, store_path):
    entries = ["点题", "回音壁", "满意度评议", "依申请公开", "监督直通车"]
    steps = [step for entry in entries for step in ({"tap": entry}, {"snap": entry}, {"tap": "返回"})]
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=steps)
    check(shots, LANDSCAPE)
    assert shots["点题"].shows("公开类别") and shots["点题"].shows("提交点题")
    assert shots["回音壁"].shows("暂无公开的答复") and shots["满意度评议"].shows("基本满意")
    assert shots["依申请公开"].shows("依申请公开：") and shots["监督直通车"].shows("暂无公布的监督渠道")
    url, = decode_qr(shots["依申请公开"].png)
    assert url.startswith("https://dwgk.example.cn/m/shenqing?t=1.")


def test_maintenance_needs_the_corner_gesture_and_the_pin(xvfb, tmp_path, store_path):
    corner = [{"tap_at": [0.97, 0.97]}] * 5
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, kiosk=KIOSK, steps=[
        {"tap_at": [0.97, 0.97]}, {"tap_at": [0.97, 0.97]}, {"snap": "two-taps"},
        *corner, {"snap": "pin"},
        {"tap": "1"}, {"tap": "2"}, {"tap": "3"}, {"tap": "4"}, {"tap": "确认"}, {"snap": "wrong"},
        {"tap": "4"}, {"tap": "8"}, {"tap": "2"}, {"tap": "9"}, {"tap": "确认"}, {"snap": "unlocked"},
    ])
    assert shots["two-taps"].screen == "home"
    assert shots["pin"].screen == "maintenance" and shots["pin"].shows("请输入维护密码")
    assert shots["wrong"].shows("密码错误") and not shots["wrong"].shows("退出程序")
    assert shots["unlocked"].shows("退出程序")


def png_bytes(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(out, "PNG")
    return out.getvalue()


def add_items(store_path):
    """An item with a good image and a damaged one, and an item written to break screens."""
    store = Store(store_path)
    base = next(i for i in store.items() if i.category is Category.OTHER)
    good, bad = png_bytes((30, 120, 200)), b"\x89PNG\r\n\x1a\n damaged"
    attachments = tuple(Attachment(hashlib.sha256(data).hexdigest(), len(data), "image/png", name)
                        for data, name in ((good, "效果图.png"), (bad, "坏图.png")))
    store.files_dir.mkdir(parents=True, exist_ok=True)
    for attachment, data in zip(attachments, (good, bad)):
        store.file_path(attachment.sha256).write_bytes(data)
    pictured = replace(base, id=9001, title=IMAGE_TITLE, attachments=attachments,
                       published_at=NOW - timedelta(days=1))
    hostile = replace(base, id=9002, title=HOSTILE_TITLE, published_at=NOW - timedelta(days=2),
                      body=("[b]粗体[/b]\u202e反向\u200b零宽" + "很长的正文。" * 6000))
    seq = store.cursor + 1
    store.apply_page(FeedPage(seq, False, [Change(seq, "item", 9001, pictured), Change(seq + 1, "item", 9002, hostile)]))
    for attachment in attachments:
        store.add_file(attachment.sha256, attachment.size)
    store.close()


def decode_qr(png) -> list[str]:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    return out.stdout.split()


@BOTH
def test_item_images_zoom_qr_and_hostile_text(xvfb, tmp_path, store_path, size):
    add_items(store_path)
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, size=size, kiosk=KIOSK, steps=[
        {"tap": "其他"}, {"tap": IMAGE_TITLE}, {"snap": "images"},
        {"tap": "点击放大查看"}, {"snap": "viewer"}, {"double_tap": "图片（双击或双指缩放）"},
        {"pinch": 1.8}, {"snap": "zoomed"},
        {"tap": "首页"}, {"tap": "搜索"}, {"query": "假冒通知"}, {"snap": "hostile-found"},
        {"tap": "测试标题"}, {"snap": "hostile"},
    ])
    check(shots, size)
    images = shots["images"]
    assert images.shows("图片暂不可用"), "the damaged image shows a placeholder"
    url, = decode_qr(images.png)
    assert url.startswith("https://dwgk.example.cn/m/items/9001?t=1.") and ".i9001." in url
    assert shots["viewer"].screen == "viewer"
    with Image.open(shots["viewer"].png) as before, Image.open(shots["zoomed"].png) as after:
        blue = lambda img: sum(1 for p in img.convert("RGB").resize((192, 108)).getdata() if p[2] > 150 and p[0] < 80)
        assert blue(after) > blue(before), "pinch and double tap zoom in"
    assert shots["hostile-found"].shows("[color=ff0000]假冒通知[/color]")
    assert "假冒通知" in shots["hostile-found"].marked
    hostile = shots["hostile"]
    assert hostile.shows("[color=ff0000]假冒通知[/color]"), "markup in content shows as typed"
    assert not any("\u202e" in t or "\u200b" in t for t in hostile.texts)
    assert hostile.shows("[b]粗体[/b]")


def test_live_sync_updates_open_screens_and_withdrawals(xvfb, tmp_path, store_path):
    items, counts = live_in(store_path, Category.ORGANISATION)
    title = items[0].title
    shots = run_scenario(xvfb, tmp_path, app="kiosk", store_path=store_path, steps=[
        {"tap": "组织建设"}, {"tap": title}, {"withdraw": title}, {"wait": 3.5},
        {"snap": "withdrawn"}, {"tap": "返回"}, {"snap": "list"}, {"tap": "返回"}, {"snap": "home"},
        {"tap": "搜索"}, {"query": title[:6]}, {"snap": "search-after"},
    ])
    withdrawn = shots["withdrawn"]
    assert_readable(withdrawn)
    assert withdrawn.shows("已撤回")
    assert withdrawn.shows("撤回。说明：经核实")
    assert not shots["list"].shows(title)
    assert shots["home"].shows(f"{counts[Category.ORGANISATION] - 1} 条")
    assert not shots["search-after"].shows(title), "search no longer offers the withdrawn item"
