"""Roles bounded by the org tree: who drafts, approves and reads for which org."""
from __future__ import annotations

import pytest

from gongkai.domain.model import OrgKind
from gongkai.domain.orgtree import OrgTreeError, check_placement, outline, subtree
from gongkai.domain.roles import (
    Actor,
    Forbidden,
    Role,
    authority,
    check_role_org,
    may_keep_catalogue,
    readable_orgs,
    reads_every_org,
    require_admin,
    require_reader,
    require_writer,
)
from hub.demo.content import ORGS

TREE = {o.id: o for o in ORGS}  # 1 district → 2 street → 4 community; 1 → 3 town → 5 village


def test_a_district_admin_may_do_everything_everywhere():
    admin = Actor("admin", Role.DISTRICT_ADMIN, None)
    assert all(authority(admin, TREE, org).drafts and authority(admin, TREE, org).approves for org in TREE)


def test_an_editor_drafts_for_its_org_and_below_only():
    editor = Actor("qinghe-bianji", Role.EDITOR, 3)
    assert {o for o in TREE if authority(editor, TREE, o).drafts} == {3, 5}
    assert not any(authority(editor, TREE, o).approves for o in TREE)


def test_an_approver_approves_for_the_orgs_whose_catalogue_its_org_owns():
    town = Actor("qinghe-shenpi", Role.APPROVER, 3)
    assert {o for o in TREE if authority(town, TREE, o).approves} == {5}
    district = Actor("qu-shenpi", Role.APPROVER, 1)
    assert {o for o in TREE if authority(district, TREE, o).approves} == {1, 2, 3}
    assert not any(authority(town, TREE, o).drafts for o in TREE)


def test_a_supervisor_reads_only():
    supervisor = Actor("jianduyuan", Role.SUPERVISOR, 1)
    assert not any(authority(supervisor, TREE, o).drafts or authority(supervisor, TREE, o).approves
                   for o in TREE)
    with pytest.raises(Forbidden, match="监督员只能查看"):
        require_writer(supervisor)


def test_unknown_orgs_grant_nothing():
    admin = Actor("admin", Role.DISTRICT_ADMIN, None)
    assert authority(admin, TREE, 99) == authority(Actor("x", Role.EDITOR, 1), TREE, 99)


def test_only_admins_pass_the_admin_check():
    require_admin(Actor("admin", Role.DISTRICT_ADMIN, None))
    with pytest.raises(Forbidden, match="区级管理员"):
        require_admin(Actor("qu-shenpi", Role.APPROVER, 1))


def test_catalogues_are_kept_by_their_owner_orgs_approvers():
    assert may_keep_catalogue(Actor("qinghe-shenpi", Role.APPROVER, 3), 3)
    assert not may_keep_catalogue(Actor("qinghe-shenpi", Role.APPROVER, 3), 2)
    assert not may_keep_catalogue(Actor("qinghe-bianji", Role.EDITOR, 3), 3)


def test_users_other_than_admins_need_an_org():
    check_role_org(Role.DISTRICT_ADMIN, None, TREE)
    with pytest.raises(ValueError, match="必须属于"):
        check_role_org(Role.EDITOR, None, TREE)
    with pytest.raises(ValueError, match="不存在"):
        check_role_org(Role.EDITOR, 99, TREE)


def test_the_org_tree():
    assert subtree(TREE, 2) == {2, 4} and subtree(TREE, 1) == set(TREE)
    assert [(o.id, depth) for o, depth in outline(TREE)] == [(1, 0), (2, 1), (4, 2), (3, 1), (5, 2)]
    check_placement(TREE, 3, OrgKind.VILLAGE)
    with pytest.raises(OrgTreeError, match="不能设立"):
        check_placement(TREE, 2, OrgKind.VILLAGE)
    with pytest.raises(OrgTreeError, match="已有最上级"):
        check_placement(TREE, None, OrgKind.DISTRICT)
    with pytest.raises(OrgTreeError, match="只有区委"):
        check_placement({}, None, OrgKind.TOWN)
    check_placement({}, None, OrgKind.DISTRICT)


@pytest.mark.parametrize("role", [Role.DISTRICT_ADMIN, Role.SUPERVISOR])
def test_admins_and_supervisors_read_every_org(role):
    actor = Actor("x", role, 1 if role is Role.SUPERVISOR else None)
    assert reads_every_org(actor)
    assert readable_orgs(actor, TREE) == set(TREE)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER])
def test_editors_and_approvers_read_their_own_org_and_below_only(role):
    assert readable_orgs(Actor("x", role, 1), TREE) == set(TREE)  # the district's own staff
    assert readable_orgs(Actor("x", role, 3), TREE) == {3, 5}
    assert readable_orgs(Actor("x", role, 5), TREE) == {5}
    assert not reads_every_org(Actor("x", role, 1))
    require_reader(Actor("x", role, 3), TREE, 5)
    for other in (1, 3, 4):  # above, and beside
        with pytest.raises(Forbidden, match="您无权查看其他党组织的内容"):
            require_reader(Actor("x", role, 5), TREE, other)


def test_a_user_whose_org_is_gone_reads_nothing():
    assert readable_orgs(Actor("x", Role.EDITOR, 99), TREE) == set()


@pytest.mark.parametrize("actor", [Actor(f"x{org}", role, org) for role in (Role.EDITOR, Role.APPROVER)
                                   for org in TREE])
def test_everyone_reads_every_org_they_draft_or_approve_for(actor):
    acts_for = {o for o in TREE if authority(actor, TREE, o).drafts or authority(actor, TREE, o).approves}
    assert acts_for <= readable_orgs(actor, TREE)
