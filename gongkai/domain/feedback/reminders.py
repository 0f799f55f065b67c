"""Reminders of answer deadlines (五(二)3): when a request is due soon and when it is
overdue, who among the staff is reminded, and what the e-mail says.

A reminder goes to the people who answer the request first-hand: the editors and
approvers of its own org, or, for an org without console users (a small village), those
of the nearest org above it that has some; district admins only when no org in the chain
has anyone. Each request is reminded once per stage, by the hub that records them.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.domain.dates import chinese_date
from gongkai.domain.model import Org
from gongkai.domain.orgtree import ancestors
from gongkai.domain.roles import Actor, Role

from .deadlines import DeadlinePolicy, WorkCalendar, is_overdue, needs_reminder


class Stage(enum.StrEnum):
    """Which reminder a request's deadline calls for: due soon, or overdue."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """The stage in words, for the reminder mail's subject and the notifications page."""
        return {"due_soon": "即将到期", "overdue": "已超期"}[self.value]


def stage(calendar: WorkCalendar, due: date, today: date, policy: DeadlinePolicy) -> Stage | None:
    """The stage an open request's deadline is at today, if any: overdue outranks due soon, so a
    request first looked at after its deadline (the hub was down) is reminded only as overdue."""
    if is_overdue(due, today):
        return Stage.OVERDUE
    return Stage.DUE_SOON if needs_reminder(calendar, due, today, policy) else None


ANSWERING_ROLES = (Role.EDITOR, Role.APPROVER)


def recipients(staff: Sequence[tuple[int, Actor]], orgs: Mapping[int, Org], org_id: int) -> list[int]:
    """The ids of the staff (user id, actor; active users only) reminded of a request of ``org_id``."""
    answering = [(user_id, actor) for user_id, actor in staff if actor.role in ANSWERING_ROLES]
    for level in [org_id, *ancestors(orgs, org_id)]:
        here = [user_id for user_id, actor in answering if actor.org_id == level]
        if here:
            return here
    return [user_id for user_id, actor in staff if actor.role is Role.DISTRICT_ADMIN]


@dataclass(frozen=True)
class Reminder:
    """What a reminder tells staff: the request by its receipt, never the citizen behind it."""

    stage: Stage
    receipt: str
    kind_label: str
    org_name: str
    received: date
    deadline: date
    working_days_left: int


def mail(reminder: Reminder, link: str = "") -> tuple[str, str]:
    """Subject and body of the reminder e-mail: the receipt, the org and the dates, and no name,
    phone number or text of the citizen's, because mail leaves the hub's protection."""
    r = reminder
    if r.stage is Stage.OVERDUE:
        when = f"答复期限为{chinese_date(r.deadline)}，现已超期"
    else:
        when = f"将于{chinese_date(r.deadline)}到期，还剩{r.working_days_left}个工作日"
    where = f"（{link}）" if link else ""
    subject = f"【党务公开】{r.kind_label}{r.receipt}{r.stage.label}，请及时办理"
    body = (f"您好：\n\n{r.org_name}于{chinese_date(r.received)}受理的{r.kind_label}（回执号 {r.receipt}）"
            f"{when}。\n\n请登录党务公开管理平台{where}及时办理并答复。\n\n"
            "此邮件由系统自动发送，请勿回复。为保护群众隐私，邮件中不含提交人的姓名、联系方式和诉求内容。\n")
    return subject, body
