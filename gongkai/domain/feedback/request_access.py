"""Who sees and answers citizens' requests, and who sees the person behind one.

An org's requests are answered by its own editors and those of the orgs above it (the
editors who may publish for it), by approvers of its org or above, and by district
admins. Supervisors (监督员) read every inbox to check deadlines are kept, but see names
and phone numbers masked: they have no need to contact the citizen.
"""
from __future__ import annotations

from collections.abc import Mapping

from gongkai.domain.model import Org
from gongkai.domain.orgtree import subtree
from gongkai.domain.roles import Actor, Role


def visible_orgs(actor: Actor, orgs: Mapping[int, Org]) -> set[int]:
    """The orgs whose requests ``actor`` sees: every org for district admins and supervisors,
    their own subtree otherwise."""
    if actor.role in (Role.DISTRICT_ADMIN, Role.SUPERVISOR) or actor.org_id is None:
        return set(orgs)
    return subtree(orgs, actor.org_id)


def may_answer(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> bool:
    """Whether ``actor`` may act on a request of ``org_id``: supervisors only read."""
    if actor.role is Role.SUPERVISOR:
        return False
    return org_id in visible_orgs(actor, orgs)


def sees_contact_details(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> bool:
    """Full name and phone number only for those who answer the request."""
    return may_answer(actor, orgs, org_id)
