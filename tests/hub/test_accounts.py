"""Sign-in: rate limiting, deactivated users, role changes ending sessions, the first admin."""
from __future__ import annotations

from datetime import timedelta

import requests

from hub.clock import utcnow
from hub.staff import login_throttle, users
from hub.storage import db
from tests.hub.client import ConsoleUser


def _try(hub, username: str, password: str, session: requests.Session | None = None) -> requests.Response:
    return (session or requests).post(f"{hub.url}/console/login", timeout=10,
                                      data={"username": username, "password": password})


def test_five_failures_lock_the_username_from_that_address_for_fifteen_minutes(hub):
    for _ in range(login_throttle.MAX_FAILURES):
        assert _try(hub, "meixi-bianji", "wrong-password").status_code == 401
    locked = _try(hub, "meixi-bianji", hub.password_of("meixi-bianji"))
    assert locked.status_code == 429 and "登录失败次数过多，请15分钟后再试" in locked.text
    # the lock is per username: a colleague at the same address still signs in
    assert _try(hub, "qinghe-bianji", hub.password_of("qinghe-bianji")).status_code == 200


def test_failures_outside_the_window_do_not_count(hub):
    with hub.engine.begin() as conn:
        old = (utcnow() - login_throttle.WINDOW - timedelta(minutes=1)).isoformat()
        for _ in range(login_throttle.MAX_FAILURES):
            conn.execute(db.login_failures.insert().values(username="admin", ip="127.0.0.1", at=old))
    assert _try(hub, "admin", hub.admin_password()).status_code == 200


def test_unknown_users_are_refused_like_wrong_passwords(hub):
    page = _try(hub, "nobody", "whatever-password")
    assert page.status_code == 401 and "用户名或密码错误" in page.text


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    admin = ConsoleUser(hub, "admin")
    user_id = _user_id(hub, "meixi-bianji")
    assert "已停用该用户" in admin.post(f"/console/users/{user_id}/active", active="0").text
    assert editor.get("/console").url.endswith("/console/login")
    assert _try(hub, "meixi-bianji", hub.password_of("meixi-bianji")).status_code == 401


def test_an_admin_creates_a_user_who_then_signs_in_with_the_given_role(hub):
    admin = ConsoleUser(hub, "admin")
    short = admin.post("/console/users", username="lihua", password="short", role="org_editor", org_id="4")
    assert "密码至少10个字符" in short.text
    no_org = admin.post("/console/users", username="lihua", password="a-long-password", role="org_editor")
    assert "必须属于一个党组织" in no_org.text
    page = admin.post("/console/users", username="lihua", password="a-long-password", role="org_editor",
                      org_id="4")
    assert "已新建用户：lihua" in page.text
    signed_in = _try(hub, "lihua", "a-long-password", requests.Session())
    assert signed_in.status_code == 200 and "lihua · 党组织编辑" in signed_in.text
    assert "用户名 lihua 已存在" in admin.post("/console/users", username="lihua", password="a-long-password",
                                             role="supervisor", org_id="1").text


def test_an_admin_cannot_lock_themself_out(hub):
    admin = ConsoleUser(hub, "admin")
    own = _user_id(hub, "admin")
    assert "不能停用自己的账号" in admin.post(f"/console/users/{own}/active", active="0").text
    assert "不能取消自己的区级管理员角色" in admin.post(f"/console/users/{own}/assign", role="supervisor",
                                                      org_id="1").text


def test_create_admin_defaults_to_a_district_admin(tmp_path):
    engine = db.connect(tmp_path)
    with engine.begin() as conn:
        users.create_user(conn, "first-admin", "a-long-password")
        row = conn.execute(db.users.select().where(db.users.c.username == "first-admin")).one()
    assert row.role == "district_admin" and row.org_id is None and row.password_hash.startswith("scrypt$")
    engine.dispose()


def _user_id(hub, username: str) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(db.users.select().where(db.users.c.username == username)).one().id
