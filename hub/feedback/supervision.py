"""监督直通车 (六.4): each org's supervisors, hotline and e-mail, kept by its staff and shown
on screens and phone pages. A removed contact leaves devices through a feed tombstone."""
from __future__ import annotations

import re

import sqlalchemy as sa

from gongkai.domain.feedback import abuse
from gongkai.domain.feedback.public_feedback import Contact, ContactKind
from gongkai.domain.feedback.request_access import may_answer
from gongkai.domain.roles import Actor, Forbidden, require_writer
from hub.staff import audit
from hub.storage import db
from hub.workflow.orgs import load_orgs

MAX_FIELD = 100


class ContactError(ValueError):
    """A contact that cannot be saved; the message is Chinese."""


def add(conn: sa.Connection, actor: Actor, org_id: int, kind: ContactKind, name: str, value: str,
        note: str = "") -> int:
    """Add a contact to an org's 监督直通车; screens and phone pages show it after the next sync."""
    _may_keep(conn, actor, org_id)
    name, value, note = abuse.clean(name), abuse.clean(value), abuse.clean(note)
    if not name or len(name) > MAX_FIELD or len(value) > MAX_FIELD or len(note) > 200:
        raise ContactError("名称不能为空，名称和号码不超过100字，说明不超过200字")
    if kind is ContactKind.EMAIL and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ContactError("请填写有效的电子信箱地址")
    if kind is ContactKind.HOTLINE and not re.fullmatch(r"[0-9\-() ]{5,20}", value):
        raise ContactError("请填写有效的电话号码")
    contact_id = conn.execute(db.contacts.insert().values(
        org_id=org_id, kind=kind.value, name=name, value=value, note=note, seq=db.next_seq(conn),
    )).inserted_primary_key[0]
    audit.record(conn, actor.username, "contact_add", None, f"{kind.label}：{name}")
    return contact_id


def remove(conn: sa.Connection, actor: Actor, contact_id: int) -> None:
    """Take a contact off an org's 监督直通车; devices drop it at their next sync."""
    row = conn.execute(sa.select(db.contacts).where(db.contacts.c.id == contact_id)).first()
    if row is None:
        raise ContactError("该联系方式不存在")
    _may_keep(conn, actor, row.org_id)
    conn.execute(db.contacts.update().where(db.contacts.c.id == contact_id)
                 .values(active=False, seq=db.next_seq(conn)))
    audit.record(conn, actor.username, "contact_remove", None, f"{ContactKind(row.kind).label}：{row.name}")


def listed(conn: sa.Connection, org_ids: set[int] | None = None) -> list[Contact]:
    """The 监督直通车 contacts in use, of the given orgs (all when None), org by org."""
    query = sa.select(db.contacts).where(db.contacts.c.active).order_by(db.contacts.c.org_id, db.contacts.c.id)
    if org_ids is not None:
        query = query.where(db.contacts.c.org_id.in_(org_ids))
    return [contact(row) for row in conn.execute(query)]


def contact(row: sa.Row) -> Contact:
    """A stored contact as screens, phone pages and the console show it."""
    return Contact(row.id, row.org_id, ContactKind(row.kind), row.name, row.value, row.note)


def _may_keep(conn: sa.Connection, actor: Actor, org_id: int) -> None:
    require_writer(actor)
    if not may_answer(actor, load_orgs(conn), org_id):
        raise Forbidden("您不能修改其他党组织的监督直通车")
