"""Deadline reminders' pure rules: the stage a deadline is at, who is reminded, and a mail
that names the request but never the citizen."""
from __future__ import annotations

from datetime import date

from gongkai.domain.feedback.deadlines import DeadlinePolicy, WorkCalendar
from gongkai.domain.feedback.reminders import Reminder, Stage, mail, recipients, stage
from gongkai.domain.model import Org, OrgKind
from gongkai.domain.roles import Actor, Role

ORGS = {1: Org(1, "区委", OrgKind.DISTRICT), 2: Org(2, "东湖街道党工委", OrgKind.STREET, 1),
        3: Org(3, "禾丰社区党委", OrgKind.COMMUNITY, 2), 4: Org(4, "青禾镇党委", OrgKind.TOWN, 1),
        5: Org(5, "梅溪村党支部", OrgKind.VILLAGE, 4)}
STAFF = [(10, Actor("admin", Role.DISTRICT_ADMIN, None)), (11, Actor("qu-bianji", Role.EDITOR, 1)),
         (12, Actor("donghu-shenpi", Role.APPROVER, 2)), (13, Actor("donghu-bianji", Role.EDITOR, 2)),
         (14, Actor("hefeng-bianji", Role.EDITOR, 3)), (15, Actor("jianduyuan", Role.SUPERVISOR, 3))]


def test_a_deadline_is_due_soon_within_the_reminder_lead_then_overdue():
    plain, policy = WorkCalendar(), DeadlinePolicy(15, 3)
    due = date(2026, 11, 23)  # a Monday
    assert stage(plain, due, date(2026, 11, 17), policy) is None
    assert stage(plain, due, date(2026, 11, 18), policy) is Stage.DUE_SOON
    assert stage(plain, due, due, policy) is Stage.DUE_SOON
    assert stage(plain, due, date(2026, 11, 24), policy) is Stage.OVERDUE
    assert stage(plain, due, date(2026, 11, 18), DeadlinePolicy(15, 0)) is None


def test_the_org_s_own_editors_and_approvers_are_reminded():
    assert recipients(STAFF, ORGS, 3) == [14]          # not the supervisor, not the street above
    assert recipients(STAFF, ORGS, 2) == [12, 13]


def test_an_org_without_staff_is_covered_by_the_nearest_org_above_then_the_admins():
    assert recipients(STAFF, ORGS, 5) == [11]          # village → town (none) → district editor
    admins_only = [pair for pair in STAFF if pair[1].role in (Role.DISTRICT_ADMIN, Role.SUPERVISOR)]
    assert recipients(admins_only, ORGS, 5) == [10]


def test_the_mail_names_the_request_and_its_dates_but_not_the_citizen():
    reminder = Reminder(Stage.DUE_SOON, "DT-2026-11-4K7Q9M2X", "点题", "禾丰社区党委", date(2026, 11, 2),
                        date(2026, 11, 23), 2)
    subject, body = mail(reminder, "https://hub.example.cn/console/inbox/7")
    assert subject == "【党务公开】点题DT-2026-11-4K7Q9M2X即将到期，请及时办理"
    assert "禾丰社区党委于2026年11月2日受理的点题" in body and "将于2026年11月23日到期，还剩2个工作日" in body
    assert "https://hub.example.cn/console/inbox/7" in body
    overdue_subject, overdue_body = mail(Reminder(**{**reminder.__dict__, "stage": Stage.OVERDUE}))
    assert "已超期" in overdue_subject and "现已超期" in overdue_body and "请登录党务公开管理平台及时办理" in overdue_body
