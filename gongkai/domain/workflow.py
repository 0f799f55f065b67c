"""The disclosure workflow (五(一)2, 六.1) as pure rules: which step an action takes, for whom.

    draft ──publish (follows the catalogue)──────────────────────────► published
    draft ──submit (目录外, with a work plan)──► submitted ──approve──► published
                                                submitted ──reject───► draft
    published ──change / withdraw / terminate──► (approval by the catalogue owner) ──►
              published (new version) / withdrawn / terminated

An editor's change, withdrawal or termination files a request the catalogue owner decides;
the owner's approver (or a district admin) acting directly needs no second approval. Each
of the three carries a written explanation that is kept and, for the last two, published.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from .model import Disclosure, ItemStatus, TimeLimit
from .roles import Authority, Forbidden
from .rules import Presence, in_gongshi_window, presence


class WorkflowError(ValueError):
    """An action the item's state does not allow; the message is for the admin (Chinese)."""


class State(enum.StrEnum):
    """Where a disclosure stands in the workflow, as the hub records it (see the diagram above)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        """The state as the console shows it (草稿, 待审批 …)."""
        return {"draft": "草稿", "submitted": "待审批", "published": "已发布",
                "withdrawn": "已撤回", "terminated": "已终止"}[self.value]

    @property
    def wire_status(self) -> ItemStatus | None:
        """What a device is told: a termination reaches screens as a withdrawal with its note."""
        return {State.PUBLISHED: ItemStatus.PUBLISHED, State.WITHDRAWN: ItemStatus.WITHDRAWN,
                State.TERMINATED: ItemStatus.WITHDRAWN}.get(self)


class Action(enum.StrEnum):
    """What an editor or approver does to an item in the console."""

    SAVE = "save"
    PUBLISH = "publish"
    SUBMIT = "submit"
    CHANGE = "change"
    WITHDRAW = "withdraw"
    TERMINATE = "terminate"

    @property
    def label(self) -> str:
        """The action's button text in the console."""
        return {"save": "保存草稿", "publish": "发布", "submit": "提交审批", "change": "变更",
                "withdraw": "撤回", "terminate": "终止"}[self.value]


class RequestKind(enum.StrEnum):
    """What an approval request asks the catalogue owner to allow."""

    PLAN = "plan"            # publish a 目录外 item under its work plan
    CHANGE = "change"
    WITHDRAW = "withdraw"
    TERMINATE = "terminate"

    @property
    def label(self) -> str:
        """What the request asks for, as the approver's list names it."""
        return {"plan": "目录外事项工作方案", "change": "变更", "withdraw": "撤回",
                "terminate": "终止"}[self.value]


@dataclass(frozen=True)
class Step:
    """The outcome of an action: the item's next state, and the request it files, if any."""

    state: State
    request: RequestKind | None = None


_CLOSING = {Action.CHANGE: (State.PUBLISHED, RequestKind.CHANGE),
            Action.WITHDRAW: (State.WITHDRAWN, RequestKind.WITHDRAW),
            Action.TERMINATE: (State.TERMINATED, RequestKind.TERMINATE)}

_APPROVED = {RequestKind.PLAN: State.PUBLISHED, RequestKind.CHANGE: State.PUBLISHED,
             RequestKind.WITHDRAW: State.WITHDRAWN, RequestKind.TERMINATE: State.TERMINATED}

_REQUESTED_FROM = {RequestKind.PLAN: State.SUBMITTED, RequestKind.CHANGE: State.PUBLISHED,
                   RequestKind.WITHDRAW: State.PUBLISHED, RequestKind.TERMINATE: State.PUBLISHED}

NO_DRAFTING = "您无权编辑该党组织的公开内容"
NO_APPROVING = "您无权审批该党组织的事项：应由制定其公开目录的党组织审批"


def step(state: State | None, action: Action, authority: Authority, *, follows_catalogue: bool) -> Step:
    """The step ``action`` takes from ``state`` (None: a new item), or why it is refused.

    Authority is checked before state, so a user without rights learns nothing about the item.
    """
    if action in _CLOSING:
        return _closing_step(state, action, authority)
    if not authority.drafts:
        raise Forbidden(NO_DRAFTING)
    if action is Action.SAVE:
        if state not in (None, State.DRAFT):
            raise WorkflowError("只有草稿可以修改；已发布的内容请申请变更")
        return Step(State.DRAFT)
    if state is not State.DRAFT:
        raise WorkflowError("只有草稿可以发布或提交审批")
    if action is Action.SUBMIT:
        if follows_catalogue:
            raise WorkflowError("该事项符合公开目录，可直接发布，无需报审")
        return Step(State.SUBMITTED, RequestKind.PLAN)
    if not follows_catalogue and not authority.approves:
        raise WorkflowError("该事项不在公开目录内：请填写工作方案并提交审批，经制定目录的党组织同意后公开")
    return Step(State.PUBLISHED)


def _closing_step(state: State | None, action: Action, authority: Authority) -> Step:
    if not (authority.drafts or authority.approves):
        raise Forbidden(NO_DRAFTING)
    if state is not State.PUBLISHED:
        raise WorkflowError(f"只有已发布的内容才能{action.label}")
    done, kind = _CLOSING[action]
    return Step(done) if authority.approves else Step(State.PUBLISHED, kind)


def decide(kind: RequestKind, state: State, authority: Authority, *, approve: bool) -> State:
    """The item's state after the catalogue owner approves or rejects a request."""
    if not authority.approves:
        raise Forbidden(NO_APPROVING)
    if state is not _REQUESTED_FROM[kind]:
        raise WorkflowError("该事项的状态已改变，此申请不能再审批")
    if approve:
        return _APPROVED[kind]
    return State.DRAFT if kind is RequestKind.PLAN else state


def check_explanation(action: Action, explanation: str) -> None:
    """六.1: a change, withdrawal or termination is published with an explanation, never silent."""
    if action in _CLOSING and not explanation.strip():
        raise WorkflowError(f"{action.label}必须填写说明，说明将随之公开")


def check_work_plan(follows_catalogue: bool, work_plan: str) -> None:
    """五(一)2: a 目录外 item is disclosed only under a work plan."""
    if not follows_catalogue and not work_plan.strip():
        raise WorkflowError("该事项不在公开目录内，须填写工作方案")


def public_phase(item: Disclosure, now: datetime) -> str:
    """How a published item stands on screens at ``now``, in the console's words."""
    if item.status is ItemStatus.WITHDRAWN:
        shown = presence(item, now) is Presence.WITHDRAWAL_NOTICE
        return "撤回说明公开中" if shown else "已下屏"
    if item.published_at > now:
        return "定时发布，尚未生效"
    if item.time_limit is not TimeLimit.IMMEDIATE:
        return "公开中"
    if item.gongshi_start is not None and now.date() < item.gongshi_start:
        return "公示未开始"
    return "公示中" if in_gongshi_window(item, now.date()) else "公示已结束"
