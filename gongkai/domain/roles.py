"""Who may do what in the console: four roles, each bounded by its place in the org tree.

* district admin (区级管理员) — everything;
* org editor (党组织编辑) — drafts and catalogue-following publications for its own org
  and every org below it;
* approver (审批人) — decides work plans, changes, withdrawals and terminations for the
  orgs whose catalogue its org owns (五(一)2, 六.1), and keeps those catalogues;
* supervisor (监督员, 六.4) — reads everything, writes nothing.

Reading is bounded the same way: a district admin and a supervisor read every org's
records, everyone else only those of their own org and the orgs below it
(``readable_orgs``).
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from .catalogue import catalogue_owner
from .model import Org
from .orgtree import subtree


class Role(enum.StrEnum):
    """A console user's role, which bounds what they may do and read (see the module docstring)."""

    DISTRICT_ADMIN = "district_admin"
    EDITOR = "org_editor"
    APPROVER = "approver"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        """The role's Chinese name, as the console shows it and the audit log records it."""
        return {"district_admin": "区级管理员", "org_editor": "党组织编辑",
                "approver": "审批人", "supervisor": "监督员"}[self.value]


class Forbidden(Exception):
    """The actor's role or org does not allow the action; the message is for the admin (Chinese)."""


@dataclass(frozen=True)
class Actor:
    """A logged-in user as the rules see them. ``org_id`` is None only for a district admin."""

    username: str
    role: Role
    org_id: int | None


@dataclass(frozen=True)
class Authority:
    """What an actor may do for one org's items."""

    drafts: bool     # create, edit, publish (within the catalogue), ask for changes
    approves: bool   # decide work plans, changes, withdrawals, terminations


def authority(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> Authority:
    """What ``actor`` may do for the items of ``org_id``: draft them, approve for them, both or neither."""
    if org_id not in orgs:
        return Authority(False, False)
    if actor.role is Role.DISTRICT_ADMIN:
        return Authority(True, True)
    drafts = actor.role is Role.EDITOR and actor.org_id is not None \
        and org_id in subtree(orgs, actor.org_id)
    approves = actor.role is Role.APPROVER and catalogue_owner(orgs, org_id) == actor.org_id
    return Authority(drafts, approves)


def readable_orgs(actor: Actor, orgs: Mapping[int, Org]) -> set[int]:
    """The orgs whose records ``actor`` may read in the console and the admin API: drafts,
    党内 items, attachments, item histories, approval requests, citizens' requests and
    screens. Every org for a district admin and a supervisor (六.4); an editor's or
    approver's own org and the orgs below it otherwise, which holds every org it drafts or
    approves for. Published public items are public anyway, on the screens and phone pages."""
    if reads_every_org(actor):
        return set(orgs)
    if actor.org_id is None or actor.org_id not in orgs:
        return set()
    return subtree(orgs, actor.org_id)


def reads_every_org(actor: Actor) -> bool:
    """District admins and supervisors (六.4) read the records of every org, and the
    district-wide ones that belong to no org (users, the org tree, settings)."""
    return actor.role in (Role.DISTRICT_ADMIN, Role.SUPERVISOR)


def require_reader(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> None:
    """Refuse to show an org's records to an actor outside ``readable_orgs``."""
    if org_id not in readable_orgs(actor, orgs):
        raise Forbidden("您无权查看其他党组织的内容")


def require_writer(actor: Actor) -> None:
    """Supervisors read only: refuse any write before looking further."""
    if actor.role is Role.SUPERVISOR:
        raise Forbidden("监督员只能查看，不能修改任何内容")


def require_admin(actor: Actor) -> None:
    """Refuse district-wide administration (users, the org tree, settings, screens) to anyone but a district admin."""
    if actor.role is not Role.DISTRICT_ADMIN:
        raise Forbidden("只有区级管理员可以进行此操作")


def may_keep_catalogue(actor: Actor, owner_org_id: int) -> bool:
    """Catalogues are made by their owner org (五(一)1): its approvers, or a district admin."""
    return actor.role is Role.DISTRICT_ADMIN or (
        actor.role is Role.APPROVER and actor.org_id == owner_org_id)


def require_catalogue_keeper(actor: Actor, owner_org_id: int) -> None:
    """Refuse a change to a 公开目录 to anyone but its owner org's approvers or a district admin."""
    require_writer(actor)
    if not may_keep_catalogue(actor, owner_org_id):
        raise Forbidden("只有制定该目录的党组织的审批人可以修改这份公开目录")


def check_role_org(role: Role, org_id: int | None, orgs: Mapping[int, Org]) -> None:
    """Every user but a district admin belongs to an existing org."""
    if org_id is None and role is not Role.DISTRICT_ADMIN:
        raise ValueError("除区级管理员外，用户必须属于一个党组织")
    if org_id is not None and org_id not in orgs:
        raise ValueError("所属党组织不存在")
