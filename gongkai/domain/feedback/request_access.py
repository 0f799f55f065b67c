"""Who sees and answers citizens' requests, and who sees the person behind one.

An org's requests are read by whoever reads its records (gongkai.domain.roles.readable_orgs):
its own editors and approvers and those of the orgs above it, district admins and
supervisors. All but supervisors answer them. Supervisors (监督员) read every inbox to check
deadlines are kept, but see names and phone numbers masked: they have no need to contact
the citizen.
"""
from __future__ import annotations

from collections.abc import Mapping

from gongkai.domain.model import Org
from gongkai.domain.roles import Actor, Role, readable_orgs


def may_answer(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> bool:
    """Everyone but a supervisor answers the requests of the orgs whose records they read."""
    if actor.role is Role.SUPERVISOR:
        return False
    return org_id in readable_orgs(actor, orgs)


def sees_contact_details(actor: Actor, orgs: Mapping[int, Org], org_id: int) -> bool:
    """Full name and phone number only for those who answer the request."""
    return may_answer(actor, orgs, org_id)
