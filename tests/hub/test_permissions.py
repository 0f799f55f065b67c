"""Each role tries what it must not do and is refused with 403 and a Chinese reason;
nothing is stored. Forms without a valid CSRF token are refused the same way."""
from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa

from hub.storage import db
from tests.hub.client import ConsoleUser, item_form, item_id, item_row

PUBLISHED_COMMUNITY_ITEM = 3   # demo: 禾丰社区党委2026年第三季度重点工作完成情况 (org 4)


def _count(hub, table) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _refused(page: requests.Response, words: str) -> None:
    assert page.status_code == 403, page.status_code
    assert words in page.text


def test_an_editor_cannot_publish_for_another_org(hub):
    before = _count(hub, db.items)
    page = ConsoleUser(hub, "meixi-bianji").post("/console/items", action="publish", **item_form(org_id=4))
    _refused(page, "您无权编辑该党组织的公开内容")
    assert _count(hub, db.items) == before


def test_an_editor_cannot_publish_for_the_org_above(hub):
    page = ConsoleUser(hub, "hefeng-bianji").post("/console/items", action="publish", **item_form(org_id=2))
    _refused(page, "您无权编辑")


def test_an_editor_cannot_approve(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    editor.post(f"/console/items/{_meixi_item(hub)}/withdraw", note="请求撤回。")
    request_id = _pending(hub)
    _refused(editor.post(f"/console/approvals/{request_id}", decision="approve"), "您无权审批")
    assert item_row(hub, _meixi_item(hub)).status == "published"


def test_an_editor_cannot_withdraw_another_orgs_item(hub):
    page = ConsoleUser(hub, "meixi-bianji").post(f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/withdraw",
                                                note="越权撤回")
    _refused(page, "您无权编辑")
    assert item_row(hub, PUBLISHED_COMMUNITY_ITEM).status == "published"


def test_an_approver_cannot_approve_outside_its_orgs(hub):
    ConsoleUser(hub, "hefeng-bianji").post(f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/withdraw",
                                          note="数据需核实。")
    request_id = _pending(hub)
    # 禾丰社区's catalogue is the street's (东湖街道), not the town's nor the district's
    for outsider in ("qinghe-shenpi", "qu-shenpi"):
        _refused(ConsoleUser(hub, outsider).post(f"/console/approvals/{request_id}", decision="approve"),
                 "应由制定其公开目录的党组织审批")
    assert item_row(hub, PUBLISHED_COMMUNITY_ITEM).status == "published"
    ConsoleUser(hub, "donghu-shenpi").post(f"/console/approvals/{request_id}", decision="approve")
    assert item_row(hub, PUBLISHED_COMMUNITY_ITEM).status == "withdrawn"


def test_an_approver_cannot_withdraw_directly_outside_its_orgs(hub):
    _refused(ConsoleUser(hub, "qinghe-shenpi").post(f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/withdraw",
                                                   note="越权"), "您无权")


def test_an_approver_does_not_draft(hub):
    _refused(ConsoleUser(hub, "qinghe-shenpi").post("/console/items", action="save", **item_form()), "您无权编辑")


WRITES = [
    ("/console/items", dict(action="save", **item_form())),
    ("/console/items", dict(action="publish", **item_form())),
    (f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/withdraw", dict(note="监督员撤回")),
    (f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/terminate", dict(note="监督员终止")),
    (f"/console/items/{PUBLISHED_COMMUNITY_ITEM}/change", dict(explanation="改", **item_form(org_id=4))),
    ("/console/orgs", dict(name="监督员新建的组织", kind="community", parent_id="2")),
    ("/console/orgs/4/rename", dict(name="监督员改的名")),
    ("/console/catalogues", dict(owner_org_id="3", org_kind="village", category="1", audience="public",
                                 time_limit="standing", frequency="on_change", title="监督员的目录")),
    ("/console/catalogues/1/remove", {}),
    ("/console/users", dict(username="new-user", password="a-long-password", role="district_admin")),
    ("/console/users/1/password", dict(password="a-long-password")),
    ("/console/users/1/active", dict(active="0")),
    ("/console/approvals/1", dict(decision="approve")),
]


@pytest.mark.parametrize("path, data", WRITES, ids=[w[0] for w in WRITES])
def test_a_supervisor_writes_nothing(hub, path, data):
    tables = (db.items, db.orgs, db.catalogue_entries, db.users, db.approval_requests, db.audit)
    before = [_count(hub, t) for t in tables]
    _refused(ConsoleUser(hub, "jianduyuan").post(path, **data), "监督员只能查看")
    assert [_count(hub, t) for t in tables] == before


def test_a_supervisor_reads_everything(hub):
    supervisor = ConsoleUser(hub, "jianduyuan")
    for path in ("/console", "/console/items", f"/console/items/{PUBLISHED_COMMUNITY_ITEM}",
                 "/console/approvals", "/console/orgs", "/console/catalogues"):
        page = supervisor.get(path)
        assert page.status_code == 200 and "退出登录" in page.text


@pytest.mark.parametrize("who", ["qu-bianji", "qu-shenpi", "jianduyuan"])
def test_only_district_admins_manage_users_and_orgs(hub, who):
    user = ConsoleUser(hub, who)
    _refused(user.get("/console/users"), "只有区级管理员")
    if who != "jianduyuan":
        _refused(user.post("/console/users", username="x-user", password="a-long-password",
                           role="district_admin"), "只有区级管理员")
        _refused(user.post("/console/orgs", name="新组织", kind="community", parent_id="2"), "只有区级管理员")


def test_only_the_owner_keeps_a_catalogue(hub):
    entry = dict(owner_org_id="3", org_kind="village", category="1", audience="public",
                 time_limit="standing", frequency="on_change", title="村规民约")
    _refused(ConsoleUser(hub, "donghu-shenpi").post("/console/catalogues", **entry), "只有制定该目录")
    _refused(ConsoleUser(hub, "qinghe-bianji").post("/console/catalogues", **entry), "只有制定该目录")
    assert "已增加目录事项" in ConsoleUser(hub, "qinghe-shenpi").post("/console/catalogues", **entry).text


@pytest.mark.parametrize("csrf", [None, "", "forged-token"])
def test_forms_without_the_sessions_csrf_token_are_refused(hub, csrf):
    editor = ConsoleUser(hub, "meixi-bianji")
    data = dict(action="publish", **item_form())
    if csrf is not None:
        data["csrf"] = csrf
    page = editor.http.post(f"{hub.url}/console/items", data=data, timeout=10)
    _refused(page, "页面已过期")
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.items).where(db.items.c.title == item_form()["title"])).first() is None


def test_another_sessions_csrf_token_is_refused(hub):
    editor, other = ConsoleUser(hub, "meixi-bianji"), ConsoleUser(hub, "qinghe-bianji")
    page = editor.http.post(f"{hub.url}/console/items", timeout=10,
                            data={"csrf": other.csrf, "action": "publish", **item_form()})
    _refused(page, "页面已过期")


def test_pages_need_a_session(hub):
    for path in ("/console/items", "/console/approvals", "/console/orgs", "/console/catalogues", "/console/users"):
        assert requests.get(hub.url + path, timeout=10).url.endswith("/console/login")
    posted = requests.post(hub.url + "/console/items", data=dict(action="publish", **item_form()), timeout=10)
    assert posted.url.endswith("/console/login")


def _meixi_item(hub) -> int:
    return item_id(hub, "梅溪村党员冬训工作安排")


def _pending(hub) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.approval_requests.c.id)
                            .where(db.approval_requests.c.state == "pending")).scalar_one()
