"""Hostile input from anyone: script and SQL in every text field an admin can type (stored as
typed, shown inert); integers, QR tokens, bursts and control characters that no answer may
meet with a 5xx."""
from __future__ import annotations

import itertools
import re
import threading
import typing
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pydantic
import requests
import sqlalchemy as sa
from fastapi.routing import APIRoute, iter_route_contexts

from device import search
from device.store import Store
from gongkai import qrtoken
from hub.app import create_app
from hub.server import file_store, signing_key
from hub.storage import db
from sync.feed import sync_once
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


# --- no input gives a 5xx -------------------------------------------------------------

BIG = (2**63, -(2**63) - 1, 10**30)
"""Integers SQLite cannot store: each reached the driver as an OverflowError (500)."""

SAMPLE_TEXT = {"form": "dianti", "sha256": "0" * 64, "receipt": "DT-2026-11-4K7Q9M2X", "version": "1.0.0"}


def _int_fields(route) -> list[tuple[str, str]]:
    """(where, name) of every integer a route reads from its path, query, form or JSON body."""
    found, pending = [], [route.dependant]
    while pending:
        dependant = pending.pop()
        pending.extend(dependant.dependencies)
        for where, fields in (("path", dependant.path_params), ("query", dependant.query_params)):
            found += [(where, f.name) for f in fields if _is_int(f.field_info.annotation)]
        for field in dependant.body_params:
            model = field.field_info.annotation
            if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
                found += [("json", name) for name, f in model.model_fields.items() if _is_int(f.annotation)]
            elif _is_int(model):
                found.append(("form", field.name))
    return found


def _is_int(annotation) -> bool:
    return annotation is int or int in typing.get_args(annotation)


def _routes_reading_ints(hub) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Every route of the app (console, phone, APIs) that reads an integer: none is forgotten."""
    app = create_app(hub.engine, signing_key(hub.data_dir), file_store(hub.data_dir))
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and (fields := _int_fields(route)):
            found += [(method, context.path, fields) for method in sorted(route.methods)]
    return found


def _fill(path: str, target: tuple[str, str], value: int) -> str:
    def one(match: re.Match) -> str:
        name = match.group(1)
        return str(value) if target == ("path", name) else SAMPLE_TEXT.get(name, "1")
    return re.sub(r"\{(\w+)\}", one, path)


def test_integers_past_64_bits_never_answer_5xx_anywhere(hub):
    routes = _routes_reading_ints(hub)
    assert {"/m/items/{item_id}", "/console/items/{item_id}", "/api/admin/v1/items"} <= {p for _, p, _ in routes}
    console = ConsoleUser(hub, "admin")
    bearer = {"/api/v1": hub.device_config().token, "/api/admin": _admin_token(hub)}
    failures = []
    for method, path, fields in routes:
        headers = {"Connection": "close", **{"Authorization": f"Bearer {token}" for prefix, token in bearer.items()
                                             if path.startswith(prefix)}}
        for (where, name), value in itertools.product(fields, BIG):
            sent = {"json": {name: value}} if where == "json" else \
                {"data": {"csrf": console.csrf, **({name: str(value)} if where == "form" else {})}} \
                if method == "POST" else {}
            answer = console.http.request(method, hub.url + _fill(path, (where, name), value), headers=headers,
                                          params={name: value} if where == "query" else {}, timeout=30,
                                          allow_redirects=False, **sent)
            if answer.status_code >= 500:
                failures.append(f"{method} {path} {where}:{name}={value} → {answer.status_code}")
    assert failures == []


def test_ids_typed_into_filters_are_read_or_ignored(hub):
    admin = ConsoleUser(hub, "admin")
    for value in (str(2**63), "²", "9" * 5000):
        for path, params in (("/console/items", {"org": value, "category": value}),
                             ("/console/catalogues", {"owner": value}),
                             ("/console/users", {"org": value}),
                             ("/console/oversight", {"org": value}),
                             ("/console/oversight/1", {"year": value, "quarter": value})):
            assert admin.get(path, **params).status_code < 500, (path, value)
        form = admin.post("/console/items", action="save", **item_form(org_id=value))
        assert form.status_code < 500 and "填写的内容有误" in form.text
        assert admin.post("/console/orgs", name="新支部", kind="community", parent_id=value).status_code < 500


def test_dates_outside_any_readable_year_are_refused_not_stored(hub):
    token = _admin_token(hub)
    for when in ("9999-12-31T23:59:59-08:00", "0001-01-01T00:00:00+08:00"):
        answer = requests.post(f"{hub.url}/api/admin/v1/items", headers={"Authorization": f"Bearer {token}"},
                               timeout=10, json={**item_form(published_at=when), "publish": True})
        assert answer.status_code == 422 and answer.json() == {"error": "日期须在2000年至2099年之间"}
    editor = ConsoleUser(hub, "admin")
    page = editor.post("/console/items", action="save", **item_form(gongshi_start="9999-12-31"))
    assert "日期须在2000年至2099年之间" in page.text
    assert editor.get("/console/items").status_code == 200


class _FarFuture:
    """A clock that says 999999999999 (the year 33658): more than datetime can hold."""

    @staticmethod
    def timestamp() -> float:
        return 999_999_999_999


def test_a_qr_token_from_the_far_future_is_refused_in_chinese(hub):
    token = qrtoken.issue(qrtoken.device_token_hash(hub.device_config().token), "i1", _FarFuture())
    assert ".999999999999." in token
    page = requests.get(f"{hub.url}/m/pingyi", params={"t": token}, timeout=10)
    assert page.status_code == 200
    submitted = requests.post(f"{hub.url}/m/dianti", timeout=10, allow_redirects=False,
                              data={"org_id": 4, "category": 3, "text": "远未来二维码的点题", "t": token})
    assert submitted.status_code == 400 and "二维码无效" in submitted.text


def test_one_qr_token_sent_eight_times_at_once_is_taken_once(hub):
    token = _qr_token(hub)
    start = threading.Barrier(8)

    def submit(n: int) -> requests.Response:
        start.wait()
        return requests.post(f"{hub.url}/m/feedback", timeout=30, allow_redirects=False,
                             data={"org_id": 4, "text": f"同一二维码同时提交的留言{n}", "t": token})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(submit, range(8)))
    assert sorted(a.status_code for a in answers) == [303] + [400] * 7
    assert all("已提交过一次" in a.text for a in answers if a.status_code == 400)
    with hub.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(db.citizen_requests)
                              .where(db.citizen_requests.c.text.startswith("同一二维码同时提交的留言"))).scalar_one()
    assert stored == 1


def test_one_qr_visit_may_rate_and_comment_each_once(hub):
    token = _qr_token(hub)
    rated = requests.post(f"{hub.url}/m/pingyi", data={"org_id": 4, "level": "satisfied", "t": token}, timeout=10)
    assert rated.status_code == 200 and "感谢您的评议" in rated.text
    commented = requests.post(f"{hub.url}/m/feedback", data={"org_id": 4, "text": "评议之后再留言", "t": token},
                              timeout=10, allow_redirects=False)
    assert commented.status_code == 303
    again = requests.post(f"{hub.url}/m/pingyi", data={"org_id": 4, "level": "satisfied", "t": token}, timeout=10)
    assert again.status_code == 400 and "已提交过一次" in again.text


def test_a_nul_in_a_kiosk_search_finds_as_without_it(hub):
    device = hub.device_config()
    store = Store(device.store_path)
    sync_once(device, store)
    search.catch_up(store.db.conn)
    plain = [item.id for item in store.search("党费")]
    assert plain
    for query in ("\x00党费", "党\x00费", "党费\x01\x7f", "\x1b党\x00费\x00"):
        assert [item.id for item in store.search(query)] == plain
    assert store.search("\x00") == []


def test_a_server_error_carries_the_same_security_headers(hub):
    usual = requests.get(f"{hub.url}/healthz", timeout=10).headers
    expected = {name: usual[name] for name in ("Content-Security-Policy", "X-Content-Type-Options",
                                                "X-Frame-Options", "Referrer-Policy")}
    token = _admin_token(hub)
    with hub.engine.begin() as conn:  # a fault no request can cause: tables are gone
        for table in ("orgs", "items"):
            conn.execute(sa.text(f"ALTER TABLE {table} RENAME TO {table}_away"))
    try:
        page = requests.get(f"{hub.url}/m/huiyin", timeout=10)
        api = requests.get(f"{hub.url}/api/admin/v1/items", timeout=10, headers={"Authorization": f"Bearer {token}"})
    finally:
        with hub.engine.begin() as conn:
            for table in ("orgs", "items"):
                conn.execute(sa.text(f"ALTER TABLE {table}_away RENAME TO {table}"))
    for answer in (page, api):
        assert answer.status_code == 500
        assert {name: answer.headers.get(name) for name in expected} == expected
    assert "服务器出错" in page.text
    assert api.json() == {"error": "服务器出错，请稍后重试"}


def test_unknown_addresses_and_methods_answer_the_error_shape(hub):
    missing = requests.get(f"{hub.url}/api/v1/nothing-here", timeout=10)
    assert missing.status_code == 404 and set(missing.json()) == {"error"}
    wrong = requests.delete(f"{hub.url}/api/admin/v1/items", timeout=10)
    assert wrong.status_code == 405 and set(wrong.json()) == {"error"}


def _admin_token(hub) -> str:
    answer = requests.post(f"{hub.url}/api/admin/v1/sessions", timeout=10,
                           json={"username": "admin", "password": hub.admin_password()})
    return answer.json()["token"]


def _qr_token(hub) -> str:
    return qrtoken.issue(qrtoken.device_token_hash(hub.device_config().token), "i1", datetime.now(timezone.utc))
