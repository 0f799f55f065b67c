"""What screens show of the feedback loop: 回音壁 entries, published 评议 results and
监督直通车 contacts. Each reaches devices through the signed feed, like items do."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .ratings import Tally, quarter_label


@dataclass(frozen=True)
class EchoWallEntry:
    """A published reply on the 回音壁; question and asker are already masked."""

    id: int
    org_id: int
    receipt: str
    kind: str
    question: str
    asker: str
    reply: str
    declined: bool
    asked_on: date
    answered_at: datetime


@dataclass(frozen=True)
class RatingResult:
    """An org's 评议 result for one quarter, as published (六.5)."""

    id: int
    org_id: int
    quarter: str
    tally: Tally
    published_at: datetime

    @property
    def quarter_label(self) -> str:
        """The result's quarter in words (2026年第四季度), for screens and the phone page."""
        return quarter_label(self.quarter)


class ContactKind(enum.StrEnum):
    """The kinds of 监督直通车 channel an org publishes."""

    SUPERVISOR = "supervisor"
    HOTLINE = "hotline"
    EMAIL = "email"

    @property
    def label(self) -> str:
        """The channel's kind in words, as screens and the console list it."""
        return {"supervisor": "党务公开监督员", "hotline": "举报投诉电话", "email": "电子信箱"}[self.value]


@dataclass(frozen=True)
class Contact:
    """A 监督直通车 channel of an org (六.4): a supervisor, a hotline or an e-mail address."""

    id: int
    org_id: int
    kind: ContactKind
    name: str
    value: str
    note: str = ""
