"""The minimal admin console over real HTTP: login, publish, withdraw, CSRF, escaping."""
from __future__ import annotations

import re

import requests
import sqlalchemy as sa

from hub.storage import db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def logged_in(hub) -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.post(f"{hub.url}/console/login", data={"username": "admin", "password": hub.admin_password()},
                     timeout=5)
    assert page.status_code == 200 and "发布公开内容" in page.text
    return http, re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_console_requires_login(hub):
    page = requests.get(f"{hub.url}/console", timeout=5)
    assert page.url.endswith("/console/login") and "管理员登录" in page.text


def test_wrong_password_is_refused(hub):
    page = requests.post(f"{hub.url}/console/login", data={"username": "admin", "password": "wrong-password"},
                         timeout=5)
    assert page.status_code == 401 and "用户名或密码错误" in page.text


def test_publish_and_withdraw_through_the_console(hub):
    http, csrf = logged_in(hub)
    page = http.post(f"{hub.url}/console/items", timeout=5, data={
        "csrf": csrf, "action": "publish", "org_id": 5, "category": 5, "audience": "public", "time_limit": "immediate",
        "title": "梅溪村村级后备干部人选公示", "body": "拟确定三名同志为村级后备干部人选，现予公示。",
        "gongshi_start": "2026-11-28", "gongshi_end": "2026-12-04"})
    assert "已发布：梅溪村村级后备干部人选公示" in page.text
    with hub.engine.connect() as conn:
        item_id = conn.execute(sa.select(db.items.c.id).where(
            db.items.c.title == "梅溪村村级后备干部人选公示")).scalar_one()

    refused = http.post(f"{hub.url}/console/items/{item_id}/withdraw", data={"csrf": csrf, "note": "  "}, timeout=5)
    assert "撤回必须填写说明" in refused.text

    done = http.post(f"{hub.url}/console/items/{item_id}/withdraw",
                     data={"csrf": csrf, "note": "人选资格复核未通过，撤回重新推荐。"}, timeout=5)
    assert "已撤回" in done.text and "人选资格复核未通过" in done.text
    with hub.engine.connect() as conn:
        actions = [r.action for r in conn.execute(sa.select(db.audit).where(db.audit.c.item_id == item_id))]
    assert actions == ["publish", "withdraw"]


def test_gongshi_without_dates_is_refused_in_chinese(hub):
    http, csrf = logged_in(hub)
    page = http.post(f"{hub.url}/console/items", timeout=5, data={
        "csrf": csrf, "action": "publish", "org_id": 5, "category": 3, "audience": "public", "time_limit": "immediate",
        "title": "发展党员公示"})
    assert "须填写公示开始和结束日期" in page.text


def test_forged_form_without_csrf_token_is_refused(hub):
    http, _ = logged_in(hub)
    page = http.post(f"{hub.url}/console/items", timeout=5, data={
        "csrf": "forged", "action": "publish", "org_id": 1, "category": 1, "audience": "public", "time_limit": "standing",
        "title": "伪造的公开内容"})
    assert "页面已过期" in page.text
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.items).where(db.items.c.title == "伪造的公开内容")).first() is None


def test_hostile_text_is_stored_and_shown_inert(hub):
    http, csrf = logged_in(hub)
    page = http.post(f"{hub.url}/console/items", timeout=5, data={
        "csrf": csrf, "action": "publish", "org_id": 1, "category": 8, "audience": "public", "time_limit": "standing",
        "title": XSS, "body": "' OR 1=1; DROP TABLE items; --", "work_plan": "区委研究决定公开的其他事项。"})
    assert XSS not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(db.items.c.body).where(db.items.c.title == XSS)).scalar_one() \
            == "' OR 1=1; DROP TABLE items; --"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_logout_ends_the_session(hub):
    http, csrf = logged_in(hub)
    http.post(f"{hub.url}/console/logout", data={"csrf": csrf}, timeout=5)
    assert http.get(f"{hub.url}/console", timeout=5).url.endswith("/console/login")
