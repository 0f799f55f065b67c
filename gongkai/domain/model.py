"""What a disclosure is: organisations, the eight categories, audience and time limits.

Section numbers in docstrings are those of the seed document (南湖区党务公开实施意见, 2011).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class Category(enum.IntEnum):
    """四、主要内容: the eight content categories, numbered as in the seed."""

    DUTIES = 1
    IDEOLOGY = 2
    ORGANISATION = 3
    LEADERSHIP = 4
    CADRES = 5
    SERVICE = 6
    INTEGRITY = 7
    OTHER = 8

    @property
    def label(self) -> str:
        """The category's name as the seed writes it: on tiles, headings and chips."""
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.DUTIES: "党组织履行职责",
    Category.IDEOLOGY: "思想建设",
    Category.ORGANISATION: "组织建设",
    Category.LEADERSHIP: "领导班子建设",
    Category.CADRES: "干部选拔和管理",
    Category.SERVICE: "联系和服务党员群众",
    Category.INTEGRITY: "党风廉政建设",
    Category.OTHER: "其他",
}


class Audience(enum.StrEnum):
    """五(二): 党内 items are for members only; 全社会 items may go on public screens."""

    PARTY = "party"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        """党内 or 全社会, as staff read it in the console and the archive."""
        return {"party": "党内", "public": "全社会"}[self.value]


class TimeLimit(enum.StrEnum):
    """五(三): the four time-limit types."""

    STANDING = "standing"    # 长期: rules, structure
    PERIODIC = "periodic"    # 定期: in principle quarterly
    PHASED = "phased"        # 分期: stage by stage
    IMMEDIATE = "immediate"  # 即时: 公示 with a start and an end

    @property
    def label(self) -> str:
        """The type's name (长期公开 …), as screens and the console print it."""
        return {"standing": "长期公开", "periodic": "定期公开",
                "phased": "分期公开", "immediate": "即时公开"}[self.value]


class ItemStatus(enum.StrEnum):
    """Where an item is in its public life. Withdrawn items keep their notice (六.1)."""

    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class OrgKind(enum.StrEnum):
    """三、实施范围: the kinds of Party organisation the seed covers."""

    DISTRICT = "district"
    TOWN = "town"
    STREET = "street"
    VILLAGE = "village"
    COMMUNITY = "community"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"
    ORGAN = "organ"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        """The kind's name (镇党委, 村党组织 …), for the console and its messages."""
        return {"district": "区委", "town": "镇党委", "street": "街道党工委",
                "village": "村党组织", "community": "社区党组织", "enterprise": "企业党组织",
                "school": "学校党组织", "organ": "机关党组织", "social": "社会组织党组织"}[self.value]


@dataclass(frozen=True)
class Org:
    """A Party organisation in the district's tree; ``parent_id`` is the one above it (None at the top)."""

    id: int
    name: str
    kind: OrgKind
    parent_id: int | None = None


@dataclass(frozen=True)
class Attachment:
    """An image shown with an item, named by the SHA-256 of its bytes.

    PDFs are rendered to page images on the hub, so a screen only ever gets images.
    """

    sha256: str
    size: int
    media_type: str
    name: str = ""


@dataclass(frozen=True)
class Targets:
    """Which screens an item is meant for: named device groups and devices (by hub device name).

    Both empty means every screen that receives the item; otherwise a screen shows it when
    it is named or belongs to a named group.
    """

    groups: frozenset[str] = frozenset()
    devices: frozenset[str] = frozenset()

    @property
    def everyone(self) -> bool:
        """Whether the item is meant for every screen that receives it (no group or device named)."""
        return not self.groups and not self.devices


EVERY_SCREEN = Targets()


@dataclass(frozen=True)
class Disclosure:
    """One disclosed item as a screen sees it.

    ``gongshi_start``/``gongshi_end`` are the inclusive dates of a 即时 item's 公示 period.
    ``withdrawal_note`` is the explanation published with a withdrawal (六.1).
    An ``urgent`` item (紧急通知) preempts every other slide from ``published_at`` until
    ``urgent_until`` (None: until it is withdrawn); ``targets`` narrows which screens show it.
    """

    id: int
    org_id: int
    category: Category
    title: str
    body: str
    audience: Audience
    time_limit: TimeLimit
    published_at: datetime
    version: int = 1
    status: ItemStatus = ItemStatus.PUBLISHED
    gongshi_start: date | None = None
    gongshi_end: date | None = None
    period_label: str = ""
    withdrawn_at: datetime | None = None
    withdrawal_note: str = ""
    attachments: tuple[Attachment, ...] = ()
    urgent: bool = False
    urgent_until: datetime | None = None
    targets: Targets = EVERY_SCREEN
