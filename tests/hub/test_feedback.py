"""The feedback loop on a real hub: kiosk outbox and phone pages into the inbox, deadlines,
answers recorded then published to the 回音壁 and the device feed, QR tokens, abuse limits,
masking and retention."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import requests
import sqlalchemy as sa

from device import outbox
from device.store import Store
from gongkai import qrtoken
from hub.feedback import citizen_requests
from hub.storage import db
from sync import delivery
from sync.feed import sync_once
from tests.hub.client import ConsoleUser

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def dianti_payload(**fields) -> dict:
    return {"receipt": "DT-2026-11-4K7Q9M2X", "org_id": 4, "category": 3, "topic": "党费收缴、管理和使用情况",
            "text": "希望公开本社区2026年党费收缴和使用情况", "name": "张三", "phone": "13812345678", **fields}


def receipts_on(store: Store) -> set[str]:
    return {entry.receipt for entry in store.echo_wall()}


def request_row(hub, receipt: str) -> sa.Row:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.citizen_requests).where(db.citizen_requests.c.receipt == receipt)).one()


def phone_submit(hub, form: str = "dianti", headers: dict | None = None, **fields) -> requests.Response:
    data = {"org_id": 4, "category": 3, "text": "希望公开本社区换届选举的具体安排", **fields}
    return requests.post(f"{hub.url}/m/{form}", data=data, headers=headers, timeout=10, allow_redirects=False)


def token_for(hub, subject: str = "i1", at: datetime | None = None) -> str:
    device = hub.device_config()
    return qrtoken.issue(qrtoken.device_token_hash(device.token), subject, at or datetime.now(timezone.utc))


def test_a_kiosk_dianti_is_filed_once_answered_published_and_synced(hub, tmp_path):
    device = hub.device_config()
    store = Store(device.store_path)
    outbox.add(store, "dianti", dianti_payload())
    assert delivery.drain(device, store) == 1
    # a resend of the same record (lost acknowledgement) files nothing new
    requests.post(f"{hub.url}/api/v1/outbox", timeout=10, headers={"Authorization": f"Bearer {device.token}"},
                  json={"records": [{"id": "resent-record-1", "kind": "dianti", "created_at": "2026-11-26T10:00:00+08:00",
                                     "payload": dianti_payload()}] * 2})
    row = request_row(hub, "DT-2026-11-4K7Q9M2X")
    assert (row.state, row.source, row.org_id, row.published) == ("received", "kiosk", 4, False)
    assert row.deadline > row.received_at[:10]

    editor = ConsoleUser(hub, "hefeng-bianji")
    listing = editor.get("/console/inbox").text
    assert "DT-2026-11-4K7Q9M2X" in listing
    page = editor.get(f"/console/inbox/{row.id}").text
    assert "13812345678" in page and "张三" in page
    supervisor_view = ConsoleUser(hub, "jianduyuan").get(f"/console/inbox/{row.id}").text
    assert "138****5678" in supervisor_view and "13812345678" not in supervisor_view and "张*" in supervisor_view

    editor.post(f"/console/inbox/{row.id}", action="answer", text="2026年党费收缴使用情况已于11月在公开栏公布，联系电话13912345678。")
    assert request_row(hub, row.receipt).state == "answered"
    sync_once(device, store)
    assert row.receipt not in receipts_on(store)  # recorded is not published
    editor.post(f"/console/inbox/{row.id}", action="publish")
    sync_once(device, store)
    entry, = [e for e in store.echo_wall() if e.receipt == row.receipt]
    assert entry.asker == "张*" and "139****5678" in entry.reply and entry.receipt == row.receipt
    follow = requests.get(f"{hub.url}/m/follow/{row.receipt}", timeout=10).text
    assert "已答复" in follow and "您对答复满意吗" in follow and "13812345678" not in follow
    # hiding takes it off the wall and off the device
    editor.post(f"/console/inbox/{row.id}/hide", hidden="1", reason="测试")
    sync_once(device, store)
    assert row.receipt not in receipts_on(store)
    store.close()


def test_a_device_that_does_not_ask_for_feedback_types_never_gets_them(hub):
    device = hub.device_config()
    with hub.engine.begin() as conn:
        from gongkai.domain.feedback.public_feedback import ContactKind
        from gongkai.domain.roles import Actor, Role
        from hub.feedback import supervision
        supervision.add(conn, Actor("admin", Role.DISTRICT_ADMIN, None), 1, ContactKind.HOTLINE, "区委举报电话", "0573-82012345")
    headers = {"Authorization": f"Bearer {device.token}"}
    old = requests.get(f"{hub.url}/api/v1/feed", params={"limit": 1000}, headers=headers, timeout=10).json()
    assert {c["type"] for c in old["changes"]} <= {"org", "item"}
    new = requests.get(f"{hub.url}/api/v1/feed", params={"limit": 1000, "types": "answer,rating,contact"},
                       headers=headers, timeout=10).json()
    assert any(c["type"] == "contact" and c["data"]["value"] == "0573-82012345" for c in new["changes"])


def test_phone_submissions_are_filed_and_followed_by_receipt(hub):
    response = phone_submit(hub, name="李四", phone="13900001111")
    assert response.status_code == 303
    receipt = re.search(r"/m/follow/(DT-\d{4}-\d{2}-\w+)", response.headers["location"]).group(1)
    page = requests.get(f"{hub.url}{response.headers['location']}", timeout=10).text
    assert "已提交" in page and receipt in page and "李*" in page and "139****1111" in page
    assert request_row(hub, receipt).source == "phone"
    lookup = requests.get(f"{hub.url}/m/follow", params={"receipt": receipt.lower()}, timeout=10)
    assert lookup.url.endswith(f"/m/follow/{receipt}")


def test_an_application_needs_its_required_fields(hub):
    refused = phone_submit(hub, "shenqing", text="申请公开本社区2026年党组织工作经费使用明细")
    assert refused.status_code == 400 and "须填写申请人姓名和手机号码" in refused.text
    filed = phone_submit(hub, "shenqing", text="申请公开本社区2026年党组织工作经费使用明细",
                         name="王五", phone="13700002222", purpose="了解经费使用")
    assert filed.status_code == 303 and "/m/follow/SQ-" in filed.headers["location"]


def test_qr_tokens_attribute_and_refuse_forged_expired_and_replayed(hub):
    token = token_for(hub)
    first = phone_submit(hub, t=token, text="二维码来源的点题内容一")
    assert first.status_code == 303
    receipt = first.headers["location"].split("/")[-1].split("?")[0]
    assert request_row(hub, receipt).device_id is not None
    replayed = phone_submit(hub, t=token, text="二维码来源的点题内容二")
    assert replayed.status_code == 400 and "已提交过一次" in replayed.text
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert "二维码无效" in phone_submit(hub, t=forged, text="伪造二维码的点题内容").text
    expired = token_for(hub, at=datetime.now(timezone.utc) - qrtoken.LIFETIME - timedelta(minutes=1))
    assert "二维码已过期" in phone_submit(hub, t=expired, text="过期二维码的点题内容").text
    stranger = qrtoken.issue(qrtoken.device_token_hash("not-a-device"), "i1", datetime.now(timezone.utc))
    assert "二维码无效" in phone_submit(hub, t=stranger, text="陌生设备的点题内容").text


def test_hostile_text_is_shown_inert_everywhere(hub):
    response = phone_submit(hub, text=f"点题{XSS}", name=XSS[:20])
    receipt = response.headers["location"].split("/")[-1].split("?")[0]
    row = request_row(hub, receipt)
    pages = [requests.get(f"{hub.url}/m/follow/{receipt}", timeout=10).text]
    admin = ConsoleUser(hub, "admin")
    pages += [admin.get("/console/inbox").text, admin.get(f"/console/inbox/{row.id}").text]
    admin.post(f"/console/inbox/{row.id}", action="answer", text=f"答复{XSS}")
    admin.post(f"/console/inbox/{row.id}", action="publish")
    pages += [requests.get(f"{hub.url}/m/huiyin", timeout=10).text, admin.get(f"/console/inbox/{row.id}").text]
    for page in pages:
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page or "&lt;scr" in page


def test_a_burst_from_one_phone_or_address_is_cut_off(hub):
    codes = [phone_submit(hub, phone="13600003333", text=f"第{n}条不同内容的点题请求").status_code for n in range(6)]
    assert codes[:3] == [303, 303, 303] and set(codes[3:]) == {429}
    # the same address with another number is still over its own budget
    assert phone_submit(hub, phone="13600009999", text="换一个号码继续提交").status_code == 429


def test_the_same_text_twice_is_refused_as_a_repeat(hub):
    repeat = phone_submit(hub, phone="13600004444", text="希望公开社区党员发展情况")
    again = phone_submit(hub, phone="13600004444", text="希望公开社区党员发展情况！")
    assert repeat.status_code == 303 and again.status_code == 400 and "请勿重复提交" in again.text


def test_a_burst_from_one_kiosk_is_kept_but_hidden_for_review(hub, tmp_path):
    device = hub.device_config()
    store = Store(device.store_path)
    for n in range(12):
        outbox.add(store, "feedback", {"org_id": 1, "text": f"终端连续提交的第{n}条意见建议"})
    assert delivery.drain(device, store) == 12
    with hub.engine.connect() as conn:
        hidden = conn.execute(sa.select(sa.func.count()).select_from(db.citizen_requests)
                              .where(db.citizen_requests.c.hidden)).scalar_one()
    assert hidden == 2
    store.close()


def test_ratings_are_tallied_and_published_to_devices(hub):
    for level in ("satisfied", "satisfied", "basically", "dissatisfied"):
        assert requests.post(f"{hub.url}/m/pingyi", data={"org_id": 1, "level": level}, timeout=10).status_code == 200
    admin = ConsoleUser(hub, "admin")
    page = admin.get("/console/feedback").text
    assert "75.0%" in page
    quarter = re.search(r'name="quarter" value="(\d{4}Q\d)"', page).group(1)
    admin.post("/console/feedback/ratings", org_id=1, quarter=quarter)
    device = hub.device_config()
    store = Store(device.store_path)
    sync_once(device, store)
    result, = [r for r in store.rating_results() if r.org_id == 1]
    assert (result.tally.total, result.tally.rate_text()) == (4, "75.0%")
    assert "75.0%" in requests.get(f"{hub.url}/m/pingyi", timeout=10).text
    store.close()


def test_contact_details_are_erased_after_the_retention_period(hub):
    receipt = phone_submit(hub, name="赵六", phone="13500005555").headers["location"].split("/")[-1].split("?")[0]
    row = request_row(hub, receipt)
    admin = ConsoleUser(hub, "admin")
    admin.post(f"/console/inbox/{row.id}", action="answer", text="已答复")
    with hub.engine.begin() as conn:
        assert citizen_requests.erase_expired_contacts(conn, datetime.now(timezone.utc) + timedelta(days=366)) >= 1
    erased = request_row(hub, receipt)
    assert (erased.name, erased.phone, erased.ip) == (None, None, None) and erased.contact_erased_at
    assert erased.text and erased.receipt == receipt
