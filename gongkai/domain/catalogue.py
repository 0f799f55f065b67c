"""Disclosure catalogues (目录, 五(一)1-2): what each kind of org discloses, made by the level above.

Each org kind has a catalogue written by the org one level up (its *owner*): the town
writes the catalogue its villages follow. An item that matches a catalogue entry on
category, time limit and audience follows the catalogue and its own org may publish it;
anything else is "目录外" and needs a work plan approved by the owner first.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Audience, Category, Org, OrgKind, TimeLimit
from .orgtree import CHILD_KINDS


class Frequency(enum.StrEnum):
    """How often an entry is expected to be disclosed (五(三))."""

    ON_CHANGE = "on_change"      # 长期: whenever it changes
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"      # 定期: "in principle quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    BY_STAGE = "by_stage"        # 分期: stage by stage, plus a closing summary
    AS_NEEDED = "as_needed"      # 即时: as it happens

    @property
    def label(self) -> str:
        """The frequency as the catalogue editor shows it (每季度 …)."""
        return _FREQUENCY_LABELS[self]


_FREQUENCY_LABELS = {
    Frequency.ON_CHANGE: "有变化时更新",
    Frequency.MONTHLY: "每月",
    Frequency.QUARTERLY: "每季度",
    Frequency.HALF_YEARLY: "每半年",
    Frequency.YEARLY: "每年",
    Frequency.BY_STAGE: "按阶段",
    Frequency.AS_NEEDED: "随时",
}

FREQUENCIES: dict[TimeLimit, tuple[Frequency, ...]] = {
    TimeLimit.STANDING: (Frequency.ON_CHANGE, Frequency.YEARLY),
    TimeLimit.PERIODIC: (Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.HALF_YEARLY, Frequency.YEARLY),
    TimeLimit.PHASED: (Frequency.BY_STAGE,),
    TimeLimit.IMMEDIATE: (Frequency.AS_NEEDED,),
}
"""The frequencies that make sense for each time limit; the first is the default."""

MAX_TITLE = 200


class CatalogueError(ValueError):
    """A catalogue entry that cannot be right; the message is for the admin (Chinese)."""


@dataclass(frozen=True)
class CatalogueEntry:
    """One line of a catalogue: the owner org says what orgs of ``org_kind`` disclose."""

    owner_org_id: int
    org_kind: OrgKind
    category: Category
    audience: Audience
    time_limit: TimeLimit
    frequency: Frequency
    title: str
    id: int | None = None


def default_frequency(time_limit: TimeLimit) -> Frequency:
    """The frequency a new entry with ``time_limit`` starts with."""
    return FREQUENCIES[time_limit][0]


def check_entry(entry: CatalogueEntry) -> None:
    """Refuse an entry whose frequency contradicts its time limit, or with no name."""
    if not entry.title.strip() or len(entry.title) > MAX_TITLE:
        raise CatalogueError("目录事项名称不能为空，且不超过200字")
    if entry.frequency not in FREQUENCIES[entry.time_limit]:
        allowed = "、".join(f.label for f in FREQUENCIES[entry.time_limit])
        raise CatalogueError(f"{entry.time_limit.label}的公开频次应为：{allowed}")


def kinds_catalogued_by(owner: Org) -> tuple[OrgKind, ...]:
    """The org kinds whose catalogues ``owner`` writes: those it leads, and its own at the top."""
    own = (owner.kind,) if owner.parent_id is None else ()
    return own + CHILD_KINDS.get(owner.kind, ())


def check_owner(orgs: Mapping[int, Org], entry: CatalogueEntry) -> None:
    """Refuse an entry its owner has no say over: a catalogue is made by the level above."""
    owner = orgs.get(entry.owner_org_id)
    if owner is None:
        raise CatalogueError("制定目录的党组织不存在")
    if entry.org_kind not in kinds_catalogued_by(owner):
        raise CatalogueError(f"{owner.name}不负责制定{entry.org_kind.label}的公开目录")


def catalogue_owner(orgs: Mapping[int, Org], org_id: int) -> int:
    """The org whose catalogue ``org_id`` follows: the level above, or itself at the top."""
    parent = orgs[org_id].parent_id
    return org_id if parent is None else parent


def catalogue_for(entries: Iterable[CatalogueEntry], orgs: Mapping[int, Org],
                  org_id: int) -> list[CatalogueEntry]:
    """The entries that apply to ``org_id``: its owner's entries for its kind."""
    owner, kind = catalogue_owner(orgs, org_id), orgs[org_id].kind
    return [e for e in entries if e.owner_org_id == owner and e.org_kind is kind]


def matching_entry(entries: Iterable[CatalogueEntry], category: Category, time_limit: TimeLimit,
                   audience: Audience) -> CatalogueEntry | None:
    """The catalogue entry an item falls under, or None when it is 目录外."""
    return next((e for e in entries if e.category is category and e.time_limit is time_limit
                 and e.audience is audience), None)


def follows_catalogue(entries: Iterable[CatalogueEntry], category: Category, time_limit: TimeLimit,
                      audience: Audience) -> bool:
    """Whether an item may be published on its own org's say, without a 目录外 work plan."""
    return matching_entry(entries, category, time_limit, audience) is not None
