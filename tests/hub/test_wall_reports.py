"""举报 on the 回音壁: distinct citizens' reports hide an entry from phones and screens at once,
one address counts once and has a budget, and staff restore it or keep it hidden."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests
import sqlalchemy as sa

from device.store import Store
from gongkai.domain.feedback.citizen_requests import Action, RequestKind
from gongkai.domain.roles import Actor, Role
from hub import scheduler
from hub.config import HubConfig
from hub.feedback import citizen_requests
from hub.storage import db
from sync.feed import sync_once
from tests.browser import browser_page
from tests.hub.client import ConsoleUser
from tests.hub.test_console_browser import SHOTS, log_in
from tests.hub.test_feedback import receipts_on, request_row
from tests.hub.test_forwarded import proxied_hub  # noqa: F401  (a fixture)

ADMIN = Actor("admin", Role.DISTRICT_ADMIN, None)


def publish_entry(hub, question: str) -> sa.Row:
    """An answered 点题 of 禾丰社区 published on the 回音壁."""
    with hub.engine.begin() as conn:
        receipt = citizen_requests.file_from_phone(conn, citizen_requests.Submission(
            kind=RequestKind.DIANTI, org_id=4, text=question, source="phone"))
        request_id = citizen_requests.by_receipt(conn, receipt).id
        citizen_requests.act(conn, ADMIN, request_id, Action.ANSWER, "已在社区公开栏公布。")
        citizen_requests.act(conn, ADMIN, request_id, Action.PUBLISH, "")
    return request_row(hub, receipt)


def report(hub, entry: int, address: str = "", reason: str = "abuse") -> requests.Response:
    headers = {"X-Forwarded-For": address} if address else None
    return requests.post(f"{hub.url}/m/huiyin/{entry}/report", data={"reason": reason}, headers=headers, timeout=10)


def wall_page(hub) -> str:
    return requests.get(f"{hub.url}/m/huiyin", timeout=10).text


def test_distinct_reports_hide_an_entry_from_phones_and_screens_until_restored(proxied_hub):
    hub = proxied_hub
    entry = publish_entry(hub, "社区广场舞场地的安排能否公开？")
    device = hub.device_config()
    store = Store(device.store_path)
    sync_once(device, store)
    assert entry.receipt in receipts_on(store)

    assert "感谢您的举报" in report(hub, entry.id, "203.0.113.1").text
    assert "您已举报过" in report(hub, entry.id, "203.0.113.1", "advertising").text
    report(hub, entry.id, "203.0.113.2", "privacy")
    assert request_row(hub, entry.receipt).reports == 2 and "社区广场舞场地" in wall_page(hub)
    report(hub, entry.id, "203.0.113.3")
    hidden = request_row(hub, entry.receipt)
    assert hidden.hidden and hidden.under_review and hidden.reports == 3
    assert "社区广场舞场地" not in wall_page(hub)
    sync_once(device, store)
    assert entry.receipt not in receipts_on(store)
    assert report(hub, entry.id, "203.0.113.4").status_code == 404

    editor = ConsoleUser(hub, "hefeng-bianji")
    review = editor.get("/console/reports").text
    assert entry.receipt in review and "辱骂、人身攻击 2次" in review and "泄露他人隐私 1次" in review
    assert "举报审核（1）" in editor.get("/console/inbox").text
    assert "自动隐藏" in editor.get(f"/console/inbox/{entry.id}").text
    editor.post(f"/console/reports/{entry.id}", decision="restore", note="内容无不当")
    restored = request_row(hub, entry.receipt)
    assert not restored.hidden and not restored.under_review and restored.reports == 0
    sync_once(device, store)
    assert entry.receipt in receipts_on(store) and entry.receipt not in editor.get("/console/reports").text
    # reports count afresh, and the addresses that reported before still count once
    report(hub, entry.id, "203.0.113.1")
    report(hub, entry.id, "203.0.113.5")
    assert request_row(hub, entry.receipt).reports == 1 and not request_row(hub, entry.receipt).hidden
    store.close()


def test_one_address_has_a_budget_of_reports(hub):
    entries = [publish_entry(hub, f"第{n}个关于社区事务的点题问题") for n in range(6)]
    codes = [report(hub, entry.id).status_code for entry in entries]
    assert codes == [200] * 5 + [429]
    assert report(hub, entries[0].id, reason="nonsense").status_code == 400


def test_only_the_org_s_staff_review_and_supervisors_only_look(hub):
    ConsoleUser(hub, "admin").post("/console/feedback/settings", answer_days="15", remind_days="3",
                                   retention_days="365", report_threshold="1")
    entry = publish_entry(hub, "社区食堂的菜价是怎么定的？")
    report(hub, entry.id)
    supervisor = ConsoleUser(hub, "jianduyuan")
    assert entry.receipt in supervisor.get("/console/reports").text
    assert supervisor.post(f"/console/reports/{entry.id}", decision="restore").status_code == 403
    assert ConsoleUser(hub, "meixi-bianji").post(f"/console/reports/{entry.id}", decision="restore").status_code == 403
    assert entry.receipt not in ConsoleUser(hub, "meixi-bianji").get("/console/reports").text
    assert request_row(hub, entry.receipt).hidden
    ConsoleUser(hub, "donghu-bianji").post(f"/console/reports/{entry.id}", decision="keep")
    kept = request_row(hub, entry.receipt)
    assert kept.hidden and not kept.under_review
    with hub.engine.connect() as conn:
        notes = [u.text for u in citizen_requests.updates(conn, entry.id)]
    assert notes[-2:] == ["1位群众举报，已自动隐藏，请审核", "审核举报后保持隐藏"]


def test_a_citizen_reports_an_entry_on_the_phone_page_in_chromium(hub):
    ConsoleUser(hub, "admin").post("/console/feedback/settings", answer_days="15", remind_days="3",
                                   retention_days="365", report_threshold="1")
    entry = publish_entry(hub, "含有辱骂内容的测试问题请举报")
    with browser_page(viewport=(390, 844)) as page:
        page.goto(f"{hub.url}/m/huiyin")
        card = page.locator(f"article[data-entry='{entry.id}']")
        card.locator("summary:has-text('举报')").click()
        card.locator("label:has-text('辱骂、人身攻击')").click()
        page.screenshot(path=str(SHOTS / "phone-report.png"), full_page=True)
        card.locator("button:has-text('提交举报')").click()
        page.wait_for_selector("text=感谢您的举报")
        page.goto(f"{hub.url}/m/huiyin")
        assert page.locator(f"article[data-entry='{entry.id}']").count() == 0
        assert page.locator("article.wall").count() >= 1  # the demo's other entries stay
    assert request_row(hub, entry.receipt).under_review
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.goto(f"{hub.url}/console/reports")
        assert "含有辱骂内容的测试问题请举报" in page.inner_text("main")
        page.screenshot(path=str(SHOTS / "console-reports.png"), full_page=True)


def test_reporters_addresses_are_forgotten_with_contact_details(hub):
    entry = publish_entry(hub, "社区停车位的分配办法能否公开？")
    report(hub, entry.id)
    erase, = [job for job in scheduler.jobs(HubConfig()) if job.name == "erase_contacts"]
    scheduler.run_due(hub.engine, [erase], datetime.now(timezone.utc) + timedelta(days=366))
    with hub.engine.connect() as conn:
        kept = conn.execute(sa.select(db.wall_reports.c.ip, db.wall_reports.c.reason)
                            .where(db.wall_reports.c.request_id == entry.id)).all()
    assert [tuple(row) for row in kept] == [(None, "abuse")]
