"""The Party-organisation hierarchy (三、实施范围): who sits above and below whom.

The district committee leads towns and streets; they lead the grass-roots organisations
(villages, communities, enterprises, schools, organs, social organisations). District
organs, schools, enterprises and social organisations may also answer to the district
directly.
"""
from __future__ import annotations

from collections.abc import Mapping

from .model import Org, OrgKind

_GRASS_ROOTS = (OrgKind.ENTERPRISE, OrgKind.SCHOOL, OrgKind.ORGAN, OrgKind.SOCIAL)

CHILD_KINDS: dict[OrgKind, tuple[OrgKind, ...]] = {
    OrgKind.DISTRICT: (OrgKind.TOWN, OrgKind.STREET, *_GRASS_ROOTS),
    OrgKind.TOWN: (OrgKind.VILLAGE, OrgKind.COMMUNITY, *_GRASS_ROOTS),
    OrgKind.STREET: (OrgKind.COMMUNITY, *_GRASS_ROOTS),
}
"""Which kinds of org may be created under each kind; kinds not listed lead no one."""


class OrgTreeError(ValueError):
    """A change that would break the hierarchy; the message is for the admin (Chinese)."""


def subtree(orgs: Mapping[int, Org], org_id: int) -> set[int]:
    """The org and every org below it, at any depth."""
    found = {org_id}
    frontier = [org_id]
    while frontier:
        children = [o.id for o in orgs.values() if o.parent_id in frontier and o.id not in found]
        found.update(children)
        frontier = children
    return found


def ancestors(orgs: Mapping[int, Org], org_id: int) -> list[int]:
    """The orgs above ``org_id``, nearest first."""
    found: list[int] = []
    parent = orgs[org_id].parent_id if org_id in orgs else None
    while parent is not None and parent not in found:
        found.append(parent)
        parent = orgs[parent].parent_id if parent in orgs else None
    return found


def screen_scope(orgs: Mapping[int, Org], org_id: int) -> set[int]:
    """Whose items a screen of ``org_id`` shows: its own, its superiors' and its branches'."""
    return subtree(orgs, org_id) | set(ancestors(orgs, org_id))


def check_placement(orgs: Mapping[int, Org], parent_id: int | None, kind: OrgKind) -> None:
    """Refuse an org the hierarchy has no place for: a second district, a village under a street…"""
    if parent_id is None:
        if kind is not OrgKind.DISTRICT:
            raise OrgTreeError("只有区委可以作为最上级党组织")
        if any(o.parent_id is None for o in orgs.values()):
            raise OrgTreeError("已有最上级党组织（区委），新组织须有上级党组织")
        return
    parent = orgs.get(parent_id)
    if parent is None:
        raise OrgTreeError("上级党组织不存在")
    if kind not in CHILD_KINDS.get(parent.kind, ()):
        raise OrgTreeError(f"{parent.kind.label}下不能设立{kind.label}")


def outline(orgs: Mapping[int, Org]) -> list[tuple[Org, int]]:
    """Every org with its depth, in tree order: each org followed by everything below it."""
    ordered: list[tuple[Org, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for org in sorted((o for o in orgs.values() if o.parent_id == parent_id), key=lambda o: o.id):
            ordered.append((org, depth))
            visit(org.id, depth + 1)

    visit(None, 0)
    return ordered
