"""The disclosure workflow's pure rules: steps per role and state, approvals, explanations."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from gongkai.domain.model import Audience, Category, Disclosure, ItemStatus, TimeLimit
from gongkai.domain.roles import Authority, Forbidden
from gongkai.domain.workflow import (
    Action,
    RequestKind,
    State,
    Step,
    WorkflowError,
    check_explanation,
    check_work_plan,
    decide,
    public_phase,
    step,
)

EDITOR = Authority(drafts=True, approves=False)
APPROVER = Authority(drafts=False, approves=True)
ADMIN = Authority(drafts=True, approves=True)
NOBODY = Authority(drafts=False, approves=False)


def test_an_editor_publishes_what_follows_the_catalogue():
    assert step(State.DRAFT, Action.PUBLISH, EDITOR, follows_catalogue=True) == Step(State.PUBLISHED)


def test_an_editor_cannot_publish_outside_the_catalogue_but_may_submit_a_work_plan():
    with pytest.raises(WorkflowError, match="不在公开目录内"):
        step(State.DRAFT, Action.PUBLISH, EDITOR, follows_catalogue=False)
    assert step(State.DRAFT, Action.SUBMIT, EDITOR, follows_catalogue=False) == \
        Step(State.SUBMITTED, RequestKind.PLAN)


def test_submitting_an_item_that_follows_the_catalogue_is_pointless_and_refused():
    with pytest.raises(WorkflowError, match="可直接发布"):
        step(State.DRAFT, Action.SUBMIT, EDITOR, follows_catalogue=True)


def test_the_catalogue_owner_publishing_outside_it_approves_itself():
    assert step(State.DRAFT, Action.PUBLISH, ADMIN, follows_catalogue=False) == Step(State.PUBLISHED)


@pytest.mark.parametrize("who", [APPROVER, NOBODY])
@pytest.mark.parametrize("action", [Action.SAVE, Action.PUBLISH, Action.SUBMIT])
def test_only_editors_draft(who, action):
    with pytest.raises(Forbidden):
        step(State.DRAFT, action, who, follows_catalogue=True)


def test_authority_is_checked_before_state():
    with pytest.raises(Forbidden):
        step(State.WITHDRAWN, Action.WITHDRAW, NOBODY, follows_catalogue=True)


@pytest.mark.parametrize("action, kind", [(Action.CHANGE, RequestKind.CHANGE),
                                          (Action.WITHDRAW, RequestKind.WITHDRAW),
                                          (Action.TERMINATE, RequestKind.TERMINATE)])
def test_an_editors_change_withdrawal_or_termination_waits_for_the_catalogue_owner(action, kind):
    assert step(State.PUBLISHED, action, EDITOR, follows_catalogue=True) == Step(State.PUBLISHED, kind)


@pytest.mark.parametrize("action, done", [(Action.CHANGE, State.PUBLISHED),
                                          (Action.WITHDRAW, State.WITHDRAWN),
                                          (Action.TERMINATE, State.TERMINATED)])
def test_the_catalogue_owner_acts_directly(action, done):
    assert step(State.PUBLISHED, action, APPROVER, follows_catalogue=True) == Step(done)


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.WITHDRAWN, State.TERMINATED])
def test_only_published_items_are_changed_withdrawn_or_terminated(state):
    with pytest.raises(WorkflowError, match="只有已发布的内容"):
        step(state, Action.WITHDRAW, ADMIN, follows_catalogue=True)


def test_published_items_are_not_edited_as_drafts():
    with pytest.raises(WorkflowError, match="申请变更"):
        step(State.PUBLISHED, Action.SAVE, EDITOR, follows_catalogue=True)


def test_approving_and_rejecting_requests():
    assert decide(RequestKind.PLAN, State.SUBMITTED, APPROVER, approve=True) is State.PUBLISHED
    assert decide(RequestKind.PLAN, State.SUBMITTED, APPROVER, approve=False) is State.DRAFT
    assert decide(RequestKind.WITHDRAW, State.PUBLISHED, APPROVER, approve=True) is State.WITHDRAWN
    assert decide(RequestKind.TERMINATE, State.PUBLISHED, APPROVER, approve=True) is State.TERMINATED
    assert decide(RequestKind.WITHDRAW, State.PUBLISHED, APPROVER, approve=False) is State.PUBLISHED


def test_an_editor_cannot_approve():
    with pytest.raises(Forbidden, match="无权审批"):
        decide(RequestKind.PLAN, State.SUBMITTED, EDITOR, approve=True)


def test_a_request_overtaken_by_events_cannot_be_decided():
    with pytest.raises(WorkflowError, match="状态已改变"):
        decide(RequestKind.WITHDRAW, State.WITHDRAWN, APPROVER, approve=True)


def test_termination_reaches_screens_as_a_withdrawal():
    assert State.TERMINATED.wire_status is ItemStatus.WITHDRAWN
    assert State.DRAFT.wire_status is None and State.SUBMITTED.wire_status is None


@pytest.mark.parametrize("action", [Action.CHANGE, Action.WITHDRAW, Action.TERMINATE])
def test_closing_actions_need_an_explanation(action):
    with pytest.raises(WorkflowError, match="必须填写说明"):
        check_explanation(action, "  ")
    check_explanation(action, "经核实，数据有误。")


def test_out_of_catalogue_items_need_a_work_plan():
    with pytest.raises(WorkflowError, match="工作方案"):
        check_work_plan(False, " ")
    check_work_plan(False, "公开理由和范围……")
    check_work_plan(True, "")


def _item(**fields) -> Disclosure:
    base = dict(id=1, org_id=5, category=Category.ORGANISATION, title="发展党员公示", body="……",
                audience=Audience.PUBLIC, time_limit=TimeLimit.IMMEDIATE,
                published_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc),
                gongshi_start=date(2026, 11, 20), gongshi_end=date(2026, 11, 27))
    return Disclosure(**{**base, **fields})


@pytest.mark.parametrize("today, phase", [(date(2026, 11, 19), "定时发布，尚未生效"),
                                          (date(2026, 11, 24), "公示中"),
                                          (date(2026, 11, 28), "公示已结束")])
def test_the_console_shows_where_a_gongshi_stands(today, phase):
    now = datetime.combine(today, datetime.min.time(), timezone.utc) + timedelta(hours=12)
    assert public_phase(_item(), now) == phase


def test_a_withdrawal_notice_phase():
    at = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    withdrawn = _item(status=ItemStatus.WITHDRAWN, withdrawn_at=at)
    assert public_phase(withdrawn, at + timedelta(days=1)) == "撤回说明公开中"
    assert public_phase(withdrawn, at + timedelta(days=30)) == "已下屏"
