"""A citizen's request (点题, 意见建议, 依申请公开) and the states it moves through.

States are data: every staff action is an update row carrying the state it leads to
(FixMyStreet), and recording an answer is kept apart from publishing it (Decidim), so
answers can be reviewed and released together. The 回音壁 shows what was published.

    received ──accept──► processing ──answer──► answered ──publish──► (on the 回音壁)
        │                    │
        └──────decline (with the reason)──────► declined
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class RequestKind(enum.StrEnum):
    """What a citizen sends: a 点题, an 意见建议, or an 依申请公开 application."""

    DIANTI = "dianti"            # 点题 (五(二)3)
    FEEDBACK = "feedback"        # 意见建议 (五(一)3)
    APPLICATION = "application"  # 依申请公开 (六.2)

    @property
    def label(self) -> str:
        """The kind in words, for the inbox, the follow-up page and reminder mails."""
        return {"dianti": "点题", "feedback": "意见建议", "application": "依申请公开"}[self.value]

    @property
    def receipt_prefix(self) -> str:
        """The two letters a receipt of this kind starts with (DT-…)."""
        return {"dianti": "DT", "feedback": "YJ", "application": "SQ"}[self.value]


class RequestState(enum.StrEnum):
    """Where a citizen's request stands (see the diagram above)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    ANSWERED = "answered"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """The state as the citizen following the receipt and the staff read it."""
        return {"received": "已受理", "processing": "办理中", "answered": "已答复",
                "declined": "不予公开"}[self.value]

    @property
    def closed(self) -> bool:
        """Whether the request is done with (answered or declined): no longer open against its deadline."""
        return self in (RequestState.ANSWERED, RequestState.DECLINED)


class Action(enum.StrEnum):
    """What staff do to a request in the console."""

    ACCEPT = "accept"
    ANSWER = "answer"
    DECLINE = "decline"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    NOTE = "note"

    @property
    def label(self) -> str:
        """The action's button text in the console."""
        return {"accept": "转办理", "answer": "答复", "decline": "不予公开（说明理由）",
                "publish": "在回音壁公开", "unpublish": "撤下回音壁", "note": "内部备注"}[self.value]


class TransitionError(ValueError):
    """An action the request's state does not allow; the message is for the admin (Chinese)."""


_NEXT = {
    (RequestState.RECEIVED, Action.ACCEPT): RequestState.PROCESSING,
    (RequestState.RECEIVED, Action.ANSWER): RequestState.ANSWERED,
    (RequestState.PROCESSING, Action.ANSWER): RequestState.ANSWERED,
    (RequestState.ANSWERED, Action.ANSWER): RequestState.ANSWERED,
    (RequestState.RECEIVED, Action.DECLINE): RequestState.DECLINED,
    (RequestState.PROCESSING, Action.DECLINE): RequestState.DECLINED,
}
_NEEDS_TEXT = {Action.ANSWER: "答复内容不能为空", Action.DECLINE: "不予公开必须说明理由",
               Action.NOTE: "备注不能为空"}


@dataclass(frozen=True)
class Outcome:
    """What an action does: the state it leads to and whether the answer is on the wall."""

    state: RequestState
    published: bool


def apply(state: RequestState, published: bool, action: Action, text: str) -> Outcome:
    """The outcome of ``action`` on a request in ``state``; raise TransitionError if not allowed.

    Publishing needs an answer (or a declined application's reason): the wall shows replies,
    never bare questions. A new answer to an answered request takes it off the wall until
    it is published again, so an unreviewed text never goes out.
    """
    if action in _NEEDS_TEXT and not text.strip():
        raise TransitionError(_NEEDS_TEXT[action])
    if action is Action.NOTE:
        return Outcome(state, published)
    if action is Action.PUBLISH:
        if not state.closed:
            raise TransitionError("只有已答复或已说明理由的请求才能在回音壁公开")
        return Outcome(state, True)
    if action is Action.UNPUBLISH:
        if not published:
            raise TransitionError("该答复尚未公开")
        return Outcome(state, False)
    following = _NEXT.get((state, action))
    if following is None:
        raise TransitionError(f"“{state.label}”状态下不能{action.label}")
    return Outcome(following, False)


def allowed_actions(state: RequestState, published: bool) -> list[Action]:
    """The actions the console offers for a request in ``state``."""
    offered = [a for a in (Action.ACCEPT, Action.ANSWER, Action.DECLINE) if (state, a) in _NEXT]
    if state.closed:
        offered.append(Action.UNPUBLISH if published else Action.PUBLISH)
    return offered + [Action.NOTE]
