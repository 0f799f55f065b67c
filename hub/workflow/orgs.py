"""The org tree on the hub. Every new or renamed org takes a feed sequence number, so
devices learn of it on their next sync."""
from __future__ import annotations

import sqlalchemy as sa

from gongkai.domain import orgtree
from gongkai.domain.model import Org, OrgKind
from gongkai.domain.roles import Actor, require_admin, require_writer
from hub.staff import audit
from hub.storage import db

MAX_NAME = 200


def load_orgs(conn: sa.Connection) -> dict[int, Org]:
    """The whole org tree by id, which every permission check, form and report works from."""
    return {r.id: Org(r.id, r.name, OrgKind(r.kind), r.parent_id)
            for r in conn.execute(sa.select(db.orgs).order_by(db.orgs.c.id))}


def add_org(conn: sa.Connection, org: Org) -> None:
    """Store an org exactly as given (demo content, imports): no placement rules."""
    conn.execute(db.orgs.insert().values(
        id=org.id, parent_id=org.parent_id, name=org.name, kind=org.kind.value,
        seq=db.next_seq(conn)))


def create(conn: sa.Connection, actor: Actor, name: str, kind: OrgKind, parent_id: int | None) -> int:
    """A district admin adds an org where the hierarchy has room for it."""
    require_writer(actor)
    require_admin(actor)
    name = _checked_name(name)
    orgtree.check_placement(load_orgs(conn), parent_id, kind)
    org_id = conn.execute(db.orgs.insert().values(
        parent_id=parent_id, name=name, kind=kind.value, seq=db.next_seq(conn))).inserted_primary_key[0]
    audit.record(conn, actor.username, "org_create", None, f"新建党组织：{name}（{kind.label}）")
    return org_id


def rename(conn: sa.Connection, actor: Actor, org_id: int, name: str) -> None:
    """A district admin renames an org; screens show the new name after their next sync."""
    require_writer(actor)
    require_admin(actor)
    name = _checked_name(name)
    old = conn.execute(sa.select(db.orgs.c.name).where(db.orgs.c.id == org_id)).scalar_one_or_none()
    if old is None:
        raise orgtree.OrgTreeError("党组织不存在")
    conn.execute(db.orgs.update().where(db.orgs.c.id == org_id)
                 .values(name=name, seq=db.next_seq(conn)))
    audit.record(conn, actor.username, "org_rename", None, f"党组织更名：{old} → {name}")


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise orgtree.OrgTreeError("党组织名称不能为空，且不超过200字")
    return name
