"""Publishing and withdrawing disclosures on the hub; every change takes a feed sequence number."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa

from gongkai.domain.model import (Audience, Category, Disclosure, ItemStatus, Org, OrgKind,
                                  TimeLimit)

from . import db


class WorkflowError(ValueError):
    """An action the disclosure workflow does not allow; the message is for the admin (Chinese)."""


@dataclass(frozen=True)
class Draft:
    """What an admin fills in to publish an item."""

    org_id: int
    category: Category
    title: str
    body: str
    audience: Audience
    time_limit: TimeLimit
    gongshi_start: date | None = None
    gongshi_end: date | None = None
    period_label: str = ""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def add_org(conn: sa.Connection, org: Org) -> None:
    conn.execute(db.orgs.insert().values(
        id=org.id, parent_id=org.parent_id, name=org.name, kind=org.kind.value,
        seq=db.next_seq(conn)))


def load_orgs(conn: sa.Connection) -> dict[int, Org]:
    return {r.id: Org(r.id, r.name, OrgKind(r.kind), r.parent_id)
            for r in conn.execute(sa.select(db.orgs))}


def publish(conn: sa.Connection, draft: Draft, actor: str, at: datetime | None = None) -> int:
    """Publish a new item now (or at ``at``); returns its id."""
    _check(conn, draft)
    at = at or utcnow()
    item_id = conn.execute(db.items.insert().values(
        org_id=draft.org_id, category=int(draft.category), title=draft.title.strip(),
        body=draft.body.strip(), audience=draft.audience.value,
        time_limit=draft.time_limit.value, status=ItemStatus.PUBLISHED.value,
        published_at=at.isoformat(), period_label=draft.period_label.strip(),
        gongshi_start=_iso(draft.gongshi_start), gongshi_end=_iso(draft.gongshi_end),
        version=1, seq=db.next_seq(conn), created_at=utcnow().isoformat(),
    )).inserted_primary_key[0]
    record(conn, actor, "publish", item_id, draft.title)
    return item_id


def import_item(conn: sa.Connection, item: Disclosure, actor: str) -> None:
    """Store an already-formed item as it is (demo content, archives)."""
    conn.execute(db.items.insert().values(
        id=item.id, org_id=item.org_id, category=int(item.category), title=item.title,
        body=item.body, audience=item.audience.value, time_limit=item.time_limit.value,
        status=item.status.value, published_at=item.published_at.isoformat(),
        gongshi_start=_iso(item.gongshi_start), gongshi_end=_iso(item.gongshi_end),
        period_label=item.period_label,
        withdrawn_at=item.withdrawn_at.isoformat() if item.withdrawn_at else None,
        withdrawal_note=item.withdrawal_note, version=item.version, seq=db.next_seq(conn),
        created_at=utcnow().isoformat(),
    ))
    record(conn, actor, "import", item.id, item.title)


def withdraw(conn: sa.Connection, item_id: int, note: str, actor: str) -> None:
    """Withdraw a published item. The note is published with it (六.1): never a silent removal."""
    note = note.strip()
    if not note:
        raise WorkflowError("撤回必须填写说明，说明将在屏幕上公开")
    row = conn.execute(sa.select(db.items.c.status).where(db.items.c.id == item_id)).first()
    if row is None:
        raise WorkflowError("没有这条公开内容")
    if row.status != ItemStatus.PUBLISHED.value:
        raise WorkflowError("只有已发布的内容才能撤回")
    conn.execute(db.items.update().where(db.items.c.id == item_id).values(
        status=ItemStatus.WITHDRAWN.value, withdrawn_at=utcnow().isoformat(),
        withdrawal_note=note, version=db.items.c.version + 1, seq=db.next_seq(conn)))
    record(conn, actor, "withdraw", item_id, note)


def record(conn: sa.Connection, actor: str, action: str, item_id: int | None, detail: str) -> None:
    conn.execute(db.audit.insert().values(
        at=utcnow().isoformat(), actor=actor, action=action, item_id=item_id, detail=detail))


def list_items(conn: sa.Connection) -> list[sa.Row]:
    return list(conn.execute(sa.select(db.items).order_by(db.items.c.id.desc())))


def to_disclosure(row: sa.Row) -> Disclosure:
    return Disclosure(
        id=row.id, org_id=row.org_id, category=Category(row.category), title=row.title,
        body=row.body, audience=Audience(row.audience), time_limit=TimeLimit(row.time_limit),
        status=ItemStatus(row.status), published_at=datetime.fromisoformat(row.published_at),
        gongshi_start=_date(row.gongshi_start), gongshi_end=_date(row.gongshi_end),
        period_label=row.period_label,
        withdrawn_at=datetime.fromisoformat(row.withdrawn_at) if row.withdrawn_at else None,
        withdrawal_note=row.withdrawal_note, version=row.version,
    )


def _check(conn: sa.Connection, draft: Draft) -> None:
    if not draft.title.strip() or len(draft.title) > 200:
        raise WorkflowError("标题不能为空，且不超过200字")
    if len(draft.body) > 50_000:
        raise WorkflowError("正文不超过五万字")
    if conn.execute(sa.select(db.orgs.c.id).where(db.orgs.c.id == draft.org_id)).first() is None:
        raise WorkflowError("所属党组织不存在")
    if draft.time_limit is TimeLimit.IMMEDIATE:
        if draft.gongshi_start is None or draft.gongshi_end is None:
            raise WorkflowError("即时公开（公示）须填写公示开始和结束日期")
        if draft.gongshi_end < draft.gongshi_start:
            raise WorkflowError("公示结束日期不能早于开始日期")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
