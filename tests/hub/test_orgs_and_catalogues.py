"""Managing the org tree and the catalogues over HTTP; new and renamed orgs reach devices."""
from __future__ import annotations

import sqlalchemy as sa

from device.store import Store
from hub.storage import db
from sync.feed import sync_once
from tests.hub.client import ConsoleUser, item_form


def test_a_new_org_and_a_renamed_org_reach_devices(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    admin = ConsoleUser(hub, "admin")
    assert "已新建党组织：中共荷花社区委员会" in admin.post("/console/orgs", name="中共荷花社区委员会",
                                                          kind="community", parent_id="2").text
    assert "已更名" in admin.post("/console/orgs/5/rename", name="中共梅溪村总支部委员会").text
    result = sync_once(cfg, store)
    assert result.changes == 2
    names = {o.name for o in store.orgs().values()}
    assert {"中共荷花社区委员会", "中共梅溪村总支部委员会"} <= names


def test_the_hierarchy_is_enforced(hub):
    admin = ConsoleUser(hub, "admin")
    assert "街道党工委下不能设立村党组织" in admin.post("/console/orgs", name="某村", kind="village",
                                                        parent_id="2").text
    assert "名称不能为空" in admin.post("/console/orgs", name=" ", kind="community", parent_id="2").text


def test_a_new_catalogue_entry_lets_an_editor_publish_without_approval(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    form = item_form(category=7, time_limit="standing", title="梅溪村村务监督委员会工作制度",
                     gongshi_start="", gongshi_end="")
    assert "不在公开目录内" in editor.post("/console/items", action="publish", **form).text
    town = ConsoleUser(hub, "qinghe-shenpi")
    wrong = town.post("/console/catalogues", owner_org_id="3", org_kind="village", category="7",
                      audience="public", time_limit="standing", frequency="quarterly", title="村务监督制度")
    assert "长期公开的公开频次应为" in wrong.text
    town.post("/console/catalogues", owner_org_id="3", org_kind="village", category="7",
              audience="public", time_limit="standing", frequency="on_change", title="村务监督制度")
    assert "已发布：梅溪村村务监督委员会工作制度" in editor.post("/console/items", action="publish", **form).text
    page = town.get("/console/catalogues", owner="3")
    assert "村务监督制度" in page.text and "有变化时更新" in page.text


def test_removing_an_entry_is_audited(hub):
    town = ConsoleUser(hub, "qinghe-shenpi")
    with hub.engine.connect() as conn:
        entry = conn.execute(sa.select(db.catalogue_entries.c.id)
                             .where(db.catalogue_entries.c.owner_org_id == 3)).scalars().first()
    assert "已删除目录事项" in town.post(f"/console/catalogues/{entry}/remove").text
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.audit.c.actor).where(db.audit.c.action == "catalogue_remove")).scalar_one() \
            == "qinghe-shenpi"
