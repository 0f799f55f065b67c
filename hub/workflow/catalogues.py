"""Disclosure catalogues on the hub: the entries each owner org writes for the kinds of org
below it (五(一)1). The rules themselves live in gongkai.domain.catalogue."""
from __future__ import annotations

import sqlalchemy as sa

from gongkai.domain.catalogue import CatalogueEntry, CatalogueError, Frequency, catalogue_for, check_entry, check_owner
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from gongkai.domain.roles import Actor, require_catalogue_keeper
from hub.clock import utcnow
from hub.staff import audit
from hub.storage import db

from .orgs import load_orgs


def all_entries(conn: sa.Connection) -> list[CatalogueEntry]:
    """Every 公开目录 entry of every owner org, by category: what each org's catalogue is drawn from."""
    return [_entry(r) for r in conn.execute(sa.select(db.catalogue_entries)
                                            .order_by(db.catalogue_entries.c.category,
                                                      db.catalogue_entries.c.id))]


def owned_by(conn: sa.Connection, owner_org_id: int) -> list[CatalogueEntry]:
    """The entries one owner org wrote, for its catalogue page in the console."""
    return [e for e in all_entries(conn) if e.owner_org_id == owner_org_id]


def for_org(conn: sa.Connection, org_id: int) -> list[CatalogueEntry]:
    """The catalogue ``org_id`` follows."""
    return catalogue_for(all_entries(conn), load_orgs(conn), org_id)


def add(conn: sa.Connection, actor: Actor, entry: CatalogueEntry) -> int:
    """Add an entry to a catalogue the actor's org owns, for a kind of org it leads."""
    require_catalogue_keeper(actor, entry.owner_org_id)
    check_entry(entry)
    orgs = load_orgs(conn)
    check_owner(orgs, entry)
    entry_id = import_entry(conn, entry)
    audit.record(conn, actor.username, "catalogue_add", None,
                 f"{orgs[entry.owner_org_id].name}为{entry.org_kind.label}增加目录事项：{entry.title.strip()}")
    return entry_id


def import_entry(conn: sa.Connection, entry: CatalogueEntry) -> int:
    """Store an entry as it is (demo content, imports)."""
    return conn.execute(db.catalogue_entries.insert().values(
        owner_org_id=entry.owner_org_id, org_kind=entry.org_kind.value, category=int(entry.category),
        audience=entry.audience.value, time_limit=entry.time_limit.value,
        frequency=entry.frequency.value, title=entry.title.strip(), created_at=utcnow().isoformat(),
    )).inserted_primary_key[0]


def remove(conn: sa.Connection, actor: Actor, entry_id: int) -> int:
    """Remove an entry; returns the owner org, whose catalogue page the admin goes back to."""
    row = conn.execute(sa.select(db.catalogue_entries)
                       .where(db.catalogue_entries.c.id == entry_id)).first()
    if row is None:
        raise CatalogueError("目录事项不存在")
    require_catalogue_keeper(actor, row.owner_org_id)
    conn.execute(db.catalogue_entries.delete().where(db.catalogue_entries.c.id == entry_id))
    audit.record(conn, actor.username, "catalogue_remove", None, f"删除目录事项：{row.title}")
    return row.owner_org_id


def _entry(row: sa.Row) -> CatalogueEntry:
    return CatalogueEntry(
        id=row.id, owner_org_id=row.owner_org_id, org_kind=OrgKind(row.org_kind),
        category=Category(row.category), audience=Audience(row.audience),
        time_limit=TimeLimit(row.time_limit),
        frequency=Frequency(row.frequency), title=row.title)
