"""The admin JSON API and the OpenAPI document: same rules as the console, JSON errors."""
from __future__ import annotations

import requests


def session(hub, username: str = "admin") -> requests.Session:
    http = requests.Session()
    answer = http.post(f"{hub.url}/api/admin/v1/sessions", timeout=10,
                       json={"username": username, "password": hub.password_of(username)})
    assert answer.status_code == 200, answer.text
    http.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return http


ITEM = {"org_id": 5, "category": 3, "audience": "public", "time_limit": "immediate",
        "title": "梅溪村2026年第四批发展党员公示", "body": "经支部委员会研究，拟将陈晓同志列为发展对象，现予公示。",
        "gongshi_start": "2026-12-01", "gongshi_end": "2026-12-07"}


def test_openapi_describes_device_and_admin_apis(hub):
    spec = requests.get(f"{hub.url}/openapi.json", timeout=10).json()
    for path in ("/api/v1/feed", "/api/v1/outbox", "/api/v1/files/{sha256}", "/api/v1/pairings",
                 "/api/admin/v1/sessions", "/api/admin/v1/items", "/api/admin/v1/items/{item_id}/withdraw",
                 "/api/admin/v1/devices"):
        assert path in spec["paths"], path
    assert not any(p.startswith("/console") for p in spec["paths"])


def test_log_in_publish_and_withdraw(hub):
    http = session(hub)
    created = http.post(f"{hub.url}/api/admin/v1/items", json={**ITEM, "publish": True}, timeout=10)
    assert created.status_code == 200, created.text
    item = created.json()
    assert item["state"] == "published" and item["version"] == 1
    listed = http.get(f"{hub.url}/api/admin/v1/items", params={"org_id": 5, "state": "published"}, timeout=10).json()
    assert item["id"] in [i["id"] for i in listed]
    refused = http.post(f"{hub.url}/api/admin/v1/items/{item['id']}/withdraw", json={"explanation": ""}, timeout=10)
    assert refused.status_code == 400 and "error" in refused.json()
    done = http.post(f"{hub.url}/api/admin/v1/items/{item['id']}/withdraw",
                     json={"explanation": "发展对象材料需补充，撤回后重新公示。"}, timeout=10)
    assert done.json() == {"state": "withdrawn", "request": None}
    assert http.get(f"{hub.url}/api/admin/v1/items/{item['id']}", timeout=10).json()["withdrawal_note"] \
        == "发展对象材料需补充，撤回后重新公示。"


def test_errors_are_json_with_a_reason(hub):
    assert requests.get(f"{hub.url}/api/admin/v1/items", timeout=10).json()["error"].startswith("需要登录")
    wrong = requests.post(f"{hub.url}/api/admin/v1/sessions", json={"username": "admin", "password": "x"}, timeout=10)
    assert wrong.status_code == 401 and wrong.json() == {"error": "用户名或密码错误"}
    http = session(hub)
    for bad in ({**ITEM, "category": 9}, {**ITEM, "title": "标" * 201}, {**ITEM, "audience": "everyone"},
                {**ITEM, "targets": ["x" * 101]}, {k: v for k, v in ITEM.items() if k != "org_id"}):
        answer = http.post(f"{hub.url}/api/admin/v1/items", json=bad, timeout=10)
        assert answer.status_code == 400 and answer.json()["error"].startswith("invalid"), answer.text
    rule = http.post(f"{hub.url}/api/admin/v1/items", timeout=10,
                     json={**ITEM, "gongshi_end": "2026-11-01", "publish": True})
    assert rule.status_code == 422 and rule.json() == {"error": "公示结束日期不能早于开始日期"}


def test_roles_hold_in_the_api(hub):
    editor = session(hub, "meixi-bianji")
    other_org = editor.post(f"{hub.url}/api/admin/v1/items", json={**ITEM, "org_id": 4, "publish": True}, timeout=10)
    assert other_org.status_code == 403 and other_org.json()["error"]
    assert editor.get(f"{hub.url}/api/admin/v1/devices", timeout=10).status_code == 403
    own = editor.post(f"{hub.url}/api/admin/v1/items", json={**ITEM, "publish": True}, timeout=10)
    assert own.status_code == 200 and own.json()["state"] == "published"
    supervisor = session(hub, "jianduyuan")
    assert supervisor.post(f"{hub.url}/api/admin/v1/items", json=ITEM, timeout=10).status_code == 403
    assert supervisor.get(f"{hub.url}/api/admin/v1/items", timeout=10).status_code == 200


def test_device_list_for_admins(hub):
    devices = session(hub).get(f"{hub.url}/api/admin/v1/devices", timeout=10).json()
    assert devices[0]["name"] == "南湖区党员服务中心触摸屏" and devices[0]["online"] is False
