"""Sign-in: rate limiting, deactivated users, role changes ending sessions, the first admin, and
password hashes: their parameters, old-format upgrades, the same work for unknown usernames."""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
import statistics
import time
from datetime import timedelta

import requests

from hub.clock import utcnow
from hub.staff import accounts, login_throttle, users
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


def test_hashes_carry_their_parameters_so_n_can_be_raised_later(monkeypatch):
    stored = accounts.hash_password("a-long-password")
    assert re.fullmatch(r"scrypt\$16384\$8\$1\$[\w+/=]+\$[\w+/=]+", stored), stored
    assert accounts.verify_password("a-long-password", stored) and not accounts.needs_rehash(stored)
    assert not accounts.verify_password("wrong-password", stored)
    monkeypatch.setattr(accounts, "_SCRYPT", {"n": 2**15, "r": 8, "p": 1})
    assert accounts.verify_password("a-long-password", stored) and accounts.needs_rehash(stored)
    raised = accounts.hash_password("a-long-password")
    assert raised.startswith("scrypt$32768$8$1$") and accounts.verify_password("a-long-password", raised)
    for broken in ("", "scrypt$", "scrypt$x$y", "scrypt$16384$8$1$AAAA", "scrypt$3$8$1$AAAA$AAAA", "md5$a$b"):
        assert not accounts.verify_password("a-long-password", broken)


def test_an_old_format_hash_still_signs_in_and_is_upgraded(hub):
    password = hub.password_of("meixi-bianji")
    _store_hash(hub, "meixi-bianji", _old_format_hash(password))
    assert _try(hub, "meixi-bianji", "wrong-password").status_code == 401
    assert _stored_hash(hub, "meixi-bianji").count("$") == 2  # a failure changes nothing
    assert _try(hub, "meixi-bianji", password).status_code == 200
    upgraded = _stored_hash(hub, "meixi-bianji")
    assert upgraded.startswith("scrypt$16384$8$1$") and accounts.verify_password(password, upgraded)
    assert _try(hub, "meixi-bianji", password).status_code == 200


def test_an_unknown_username_costs_the_same_scrypt_work_as_a_known_one(hub, monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counted(*args, **kwargs):
        calls.append(kwargs["n"])
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    with hub.engine.begin() as conn:
        assert accounts.log_in(conn, "nobody", "wrong-password", "10.0.0.1") is None
        unknown = calls[:]
        calls.clear()
        assert accounts.log_in(conn, "meixi-bianji", "wrong-password", "10.0.0.2") is None
    assert unknown == calls == [2**14]


def test_an_unknown_username_takes_as_long_to_refuse_as_a_known_one(hub):
    def refusal(username: str, ip: str) -> float:
        start = time.perf_counter()
        with hub.engine.begin() as conn:
            assert accounts.log_in(conn, username, "wrong-password", ip) is None
        return time.perf_counter() - start

    known, unknown = [], []
    for attempt in range(7):  # interleaved, and each from its own address, below the throttle
        known.append(refusal("meixi-bianji", f"10.0.1.{attempt}"))
        unknown.append(refusal(f"nobody-{attempt}", f"10.0.2.{attempt}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.67 < ratio < 1.5, ratio


def _old_format_hash(password: str) -> str:
    """``scrypt$salt$digest``, as hashes were stored before they carried their parameters."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _store_hash(hub, username: str, stored: str) -> None:
    with hub.engine.begin() as conn:
        conn.execute(db.users.update().where(db.users.c.username == username).values(password_hash=stored))


def _stored_hash(hub, username: str) -> str:
    with hub.engine.connect() as conn:
        return conn.execute(db.users.select().where(db.users.c.username == username)).one().password_hash


def _user_id(hub, username: str) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(db.users.select().where(db.users.c.username == username)).one().id
