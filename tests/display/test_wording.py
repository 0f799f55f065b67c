from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from display.wording import particulars
from gongkai.domain.playlist import Slide, SlideKind
from hub.demo.content import build

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=ZONE)


def urgent_slide(until: datetime | None) -> Slide:
    item = replace(build(NOW.date(), ZONE).items[0], urgent=True, urgent_until=until)
    return Slide(item=item, kind=SlideKind.URGENT)


def test_an_urgent_notice_says_when_it_ends_on_the_screens_clock():
    until = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("UTC"))  # 18:00 in the district
    assert particulars(urgent_slide(until), NOW) == "有效至11月28日 18:00"


def test_an_urgent_notice_without_an_end_says_when_it_was_published():
    slide = urgent_slide(None)
    published = slide.item.published_at.astimezone(ZONE)
    assert particulars(slide, NOW) == f"{published.year}年{published.month}月{published.day}日发布"
    assert particulars(urgent_slide(NOW + timedelta(hours=2)), NOW) == "有效至11月28日 11:30"
