"""The feedback loop's settings, kept in the database so a district admin can change them
in the console: answer deadline and reminder lead in working days, how long contact
details are kept, how many 举报 hide a 回音壁 entry for review, and the holiday calendar
the working days are counted on."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from gongkai.domain.feedback.deadlines import DeadlinePolicy, WorkCalendar
from gongkai.domain.feedback.echo_wall_reports import DEFAULT_THRESHOLD
from gongkai.domain.roles import Actor, require_admin
from hub.staff import audit
from hub.storage import db

DEFAULTS = {"answer_days": "15", "remind_days": "3", "retention_days": "365",
            "report_threshold": str(DEFAULT_THRESHOLD), "holidays": "", "make_up_days": ""}
LIMITS = {"answer_days": (1, 60), "remind_days": (0, 30), "retention_days": (30, 3650),
          "report_threshold": (1, 50)}


class SettingsError(ValueError):
    """A setting out of range or a date that is not one; the message is Chinese."""


@dataclass(frozen=True)
class FeedbackSettings:
    """The feedback rules in force, as a district admin set them: answer deadline and reminder lead,
    working-day calendar, how long contact details are kept, the 举报 threshold."""

    policy: DeadlinePolicy
    calendar: WorkCalendar
    retention_days: int
    report_threshold: int
    """Distinct 举报 that hide a 回音壁 entry until staff review it."""

    @property
    def holidays_text(self) -> str:
        """The holidays, one date a line, for editing in the settings form."""
        return "\n".join(d.isoformat() for d in sorted(self.calendar.holidays))

    @property
    def make_up_text(self) -> str:
        """The make-up working days (调休上班), one date a line, for editing in the settings form."""
        return "\n".join(d.isoformat() for d in sorted(self.calendar.make_up_days))


def load(conn: sa.Connection) -> FeedbackSettings:
    """The feedback settings in force, with the defaults for any a district admin never set."""
    raw = {**DEFAULTS, **{r.key: r.value for r in conn.execute(sa.select(db.feedback_settings))}}
    return FeedbackSettings(
        policy=DeadlinePolicy(int(raw["answer_days"]), int(raw["remind_days"])),
        calendar=WorkCalendar(_dates(raw["holidays"]), _dates(raw["make_up_days"])),
        retention_days=int(raw["retention_days"]), report_threshold=int(raw["report_threshold"]))


def save(conn: sa.Connection, actor: Actor, values: dict[str, str]) -> None:
    """Check every value, then store them all; deadlines already set are not moved."""
    require_admin(actor)
    checked = {}
    for key, (low, high) in LIMITS.items():
        number = values.get(key, "").strip()
        if not number.isdigit() or not low <= int(number) <= high:
            raise SettingsError(f"{_LABELS[key]}须为{low}到{high}之间的整数")
        checked[key] = number
    for key in ("holidays", "make_up_days"):
        checked[key] = "\n".join(d.isoformat() for d in sorted(_dates(values.get(key, ""))))
    for key, value in checked.items():
        conn.execute(db.feedback_settings.delete().where(db.feedback_settings.c.key == key))
        conn.execute(db.feedback_settings.insert().values(key=key, value=value))
    audit.record(conn, actor.username, "feedback_settings", None,
                 f"答复期限{checked['answer_days']}个工作日，提前{checked['remind_days']}个工作日提醒，"
                 f"联系方式保留{checked['retention_days']}天，{checked['report_threshold']}次举报自动隐藏")


_LABELS = {"answer_days": "答复期限（工作日）", "remind_days": "提前提醒（工作日）",
           "retention_days": "联系方式保留天数", "report_threshold": "自动隐藏所需举报次数"}


def _dates(text: str) -> frozenset[date]:
    found = set()
    for word in text.replace(",", " ").replace("，", " ").split():
        try:
            found.add(date.fromisoformat(word))
        except ValueError:
            raise SettingsError(f"“{word[:20]}”不是日期，请写成 2026-10-01") from None
    return frozenset(found)
