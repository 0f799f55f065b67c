"""Citizens' reports (举报) of abusive text on the 回音壁.

Anyone reading the wall may report an entry, once per address, within a budget per
address. Reports count from the last time staff reviewed the entry; when enough distinct
addresses have reported it, it is hidden at once and waits for staff to restore it or
keep it hidden: a few citizens can take down abuse before anyone at the hub has seen
it, but never permanently on their own.
"""
from __future__ import annotations

import enum
from datetime import timedelta

from .abuse import Window


class ReportReason(enum.StrEnum):
    """Why a reader reports a 回音壁 entry; staff see the reports counted per reason."""

    ABUSE = "abuse"
    ADVERTISING = "advertising"
    PRIVACY = "privacy"
    FALSE = "false"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The reason as the phone page offers it."""
        return {"abuse": "辱骂、人身攻击", "advertising": "广告、垃圾信息", "privacy": "泄露他人隐私",
                "false": "虚假、不实信息", "other": "其他不当内容"}[self.value]


REPORTER_WINDOWS = (Window(5, timedelta(minutes=10)), Window(20, timedelta(days=1)))
"""One address: enough to report every bad entry on a page, not to sweep the wall."""

DEFAULT_THRESHOLD = 3


def hides(reports: int, threshold: int) -> bool:
    """Whether ``reports`` distinct reports since the last review hide an entry for review."""
    return reports >= threshold
