"""The hub's HTML templates (Jinja2, autoescaped) and the filters they share: console pages,
phone pages and the 立卷归档 export all render through here, so a date reads the same everywhere."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from gongkai.domain.catalogue import Frequency
from gongkai.domain.dates import chinese_date_time
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from gongkai.domain.roles import Role
from gongkai.domain.workflow import RequestKind, State
from hub.clock import DISTRICT_ZONE
from hub.staff.audit import ACTION_LABELS

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    Category=Category, Audience=Audience, TimeLimit=TimeLimit, OrgKind=OrgKind, State=State,
    Frequency=Frequency, Role=Role, RequestKind=RequestKind, ACTION_LABELS=ACTION_LABELS)


def local_time(value: str | None) -> str:
    """A stored UTC timestamp as the district reads it: 2026-11-28 09:30."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(DISTRICT_ZONE).strftime("%Y-%m-%d %H:%M")


def chinese_time(value: str | None) -> str:
    """A stored timestamp in the district's time, the Chinese way: 2026年11月29日 20:54."""
    if not value:
        return ""
    return chinese_date_time(datetime.fromisoformat(value).astimezone(DISTRICT_ZONE))


def screen_time(seconds: float) -> str:
    """How long something was on screen, to the unit an inspector reads: 3 小时 12 分, 2 分 5 秒."""
    whole = round(seconds)
    hours, minutes, rest = whole // 3600, whole // 60 % 60, whole % 60
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分 {rest} 秒"


templates.env.filters["local"] = local_time
templates.env.filters["screen_time"] = screen_time
templates.env.filters["chinese_time"] = chinese_time
