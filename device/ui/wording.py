"""How a disclosure's facts are worded on a public screen, shared by kiosk and display.

Only wording lives here: what is shown, in which order and with which countdown is
decided by gongkai.domain.rules.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from gongkai.domain import rules
from gongkai.domain.dates import chinese_date, chinese_weekday
from gongkai.domain.model import Disclosure, Org

NO_CONTENT = "暂无公开内容"


def today_line(now: datetime) -> str:
    """2026年11月28日 星期六"""
    return f"{chinese_date(now.date())} {chinese_weekday(now.date())}"


def org_name(orgs: Mapping[int, Org], item: Disclosure) -> str:
    """The name of the org that published ``item``; empty while the store does not know it."""
    org = orgs.get(item.org_id)
    return org.name if org else ""


def published_on(item: Disclosure, now: datetime) -> str:
    """The publish date as the screen's own calendar has it."""
    return chinese_date(item.published_at.astimezone(now.tzinfo).date())


def time_limit(item: Disclosure) -> str:
    """定期公开（2026年第三季度）: the period belongs with the time-limit type."""
    return f"{item.time_limit.label}（{item.period_label}）" if item.period_label else item.time_limit.label


def countdown(item: Disclosure, now: datetime) -> str:
    """The 公示 countdown shown with an item (公示期剩余 3 天); empty for items without one."""
    return rules.gongshi_countdown(item, now.date()) or ""


def byline(item: Disclosure, orgs: Mapping[int, Org], now: datetime) -> str:
    """中共梅溪村委员会　2026年11月26日: one line under a title in a list."""
    return f"{org_name(orgs, item)}\u3000{published_on(item, now)}"


def facts(item: Disclosure, orgs: Mapping[int, Org], now: datetime) -> str:
    """The particulars of an item, one per line, as a reader checks them before the text."""
    lines = [
        f"发布单位：{org_name(orgs, item)}",
        f"公开类别：{item.category.label}",
        f"公开时限：{time_limit(item)}",
        f"发布日期：{published_on(item, now)}",
    ]
    period = rules.gongshi_period(item)
    return "\n".join(lines + [period] if period else lines)


def particulars(item: Disclosure, now: datetime) -> str:
    """The one line a signage slide has room for: the 公示 period, or the kind and date."""
    return rules.gongshi_period(item) or f"{time_limit(item)}\u3000{published_on(item, now)}发布"
