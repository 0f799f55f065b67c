"""Script and SQL in every text field an admin can type: stored as typed, shown inert."""
from __future__ import annotations

import sqlalchemy as sa

from hub.storage import db
from tests.hub.client import ConsoleUser, item_form

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'); DROP TABLE items; --"
HOSTILE = XSS + SQL
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _inert(page_text: str) -> None:
    assert XSS not in page_text and "<img src=x" not in page_text
    assert ESCAPED in page_text


def test_item_fields(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    fields = dict(title=HOSTILE, body=HOSTILE, period_label=HOSTILE, work_plan=HOSTILE)
    editor.post("/console/items", action="save", **item_form(category=7, time_limit="standing",
                                                             gongshi_start="", gongshi_end="", **fields))
    with hub.engine.connect() as conn:
        row = conn.execute(sa.select(db.items).where(db.items.c.title == HOSTILE)).one()
    assert (row.body, row.period_label, row.work_plan) == (HOSTILE, HOSTILE, HOSTILE)
    assert "已提交审批" in editor.post(f"/console/items/{row.id}/submit").text
    for path in (f"/console/items/{row.id}", f"/console/items/{row.id}/edit", "/console/items",
                 "/console", "/console/approvals"):
        _inert(ConsoleUser(hub, "qinghe-shenpi").get(path).text)


def test_withdrawal_note_decision_note_and_change_explanation(hub):
    editor, town = ConsoleUser(hub, "meixi-bianji"), ConsoleUser(hub, "qinghe-shenpi")
    editor.post("/console/items", action="publish", **item_form())
    with hub.engine.connect() as conn:
        item = conn.execute(sa.select(db.items.c.id).where(db.items.c.title == item_form()["title"])).scalar_one()
    editor.post(f"/console/items/{item}/change", explanation=HOSTILE, **item_form())
    _inert(town.get("/console/approvals").text)
    request_id = _pending(hub)
    town.post(f"/console/approvals/{request_id}", decision="reject", note=HOSTILE)
    town.post(f"/console/items/{item}/withdraw", note=HOSTILE)
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.items.c.withdrawal_note).where(db.items.c.id == item)).scalar_one() == HOSTILE
    _inert(editor.get(f"/console/items/{item}").text)


def test_org_catalogue_and_user_fields(hub):
    admin = ConsoleUser(hub, "admin")
    admin.post("/console/orgs", name=HOSTILE, kind="community", parent_id="2")
    admin.post("/console/catalogues", owner_org_id="2", org_kind="community", category="1",
               audience="public", time_limit="standing", frequency="on_change", title=HOSTILE)
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.orgs.c.id).where(db.orgs.c.name == HOSTILE)).first() is not None
        assert conn.execute(sa.select(db.catalogue_entries.c.id)
                            .where(db.catalogue_entries.c.title == HOSTILE)).first() is not None
    for path in ("/console/orgs", "/console/catalogues?owner=2", "/console/users", "/console/items/new", "/console"):
        _inert(admin.get(path).text)
    bad_user = admin.post("/console/users", username="<b>x</b>'--", password="a-long-password",
                          role="org_editor", org_id="4")
    assert "<b>x</b>" not in bad_user.text


def test_notices_in_the_address_are_escaped(hub):
    page = ConsoleUser(hub, "admin").get("/console", message=XSS, error=XSS)
    _inert(page.text)


def test_sql_in_filters_and_login_is_only_data(hub):
    admin = ConsoleUser(hub, "admin")
    page = admin.get("/console/items", org="1 OR 1=1", category="1; DROP TABLE items", state=SQL)
    assert page.status_code == 200
    login = admin.http.post(f"{hub.url}/console/login", data={"username": SQL, "password": SQL}, timeout=10)
    assert login.status_code == 401
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.items)).scalar_one() > 40


def _pending(hub) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.approval_requests.c.id)
                            .where(db.approval_requests.c.state == "pending")).scalar_one()
