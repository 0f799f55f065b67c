"""Deadline reminders on a real hub: once per request and stage to the responsible org's
staff, in the console header and list (Chromium), and by e-mail through a real SMTP
conversation with a local sink, without the citizen's name, number or text."""
from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from hub.clock import DISTRICT_ZONE
from hub.config import HubConfig, SmtpConfig, from_environ
from hub.feedback import reminders
from hub.storage import db
from tests.browser import browser_page
from tests.hub.client import ConsoleUser
from tests.hub.test_console_browser import SHOTS, log_in
from tests.hub.test_feedback import phone_submit, request_row


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take messages: every command is OK, DATA is kept."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpConversation)
        self.messages: list[email.message.EmailMessage] = []

    @property
    def port(self) -> int:
        return self.server_address[1]


class _SmtpConversation(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 end with .\r\n")
                self.server.messages.append(email.message_from_bytes(self._data(), policy=email.policy.default))
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


@pytest.fixture
def sink():
    server = SmtpSink()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def on(day: date) -> datetime:
    """Mid-morning of ``day`` in the district, when the hourly job would run."""
    return datetime.combine(day, time(10), DISTRICT_ZONE)


def file_request(hub, text: str = "希望公开社区活动经费的使用明细", phone: str = "13500005555") -> sa.Row:
    response = phone_submit(hub, name="赵六", phone=phone, text=text)
    return request_row(hub, response.headers["location"].split("/")[-1].split("?")[0])


def notified(hub) -> list[tuple[str, str, str]]:
    """(username, receipt, stage) of every notification."""
    n, r, q, u = db.notifications, db.reminders, db.citizen_requests, db.users
    with hub.engine.connect() as conn:
        return sorted(conn.execute(sa.select(u.c.username, q.c.receipt, r.c.stage).select_from(n)
                                   .join(r, r.c.id == n.c.reminder_id).join(q, q.c.id == r.c.request_id)
                                   .join(u, u.c.id == n.c.user_id)))


def remind(hub, now: datetime, config: HubConfig = HubConfig()) -> str:
    return reminders.run(hub.engine, now, config=config)


def test_each_stage_is_reminded_once_to_the_org_s_own_staff(hub):
    row = file_request(hub)
    due = date.fromisoformat(row.deadline)
    assert remind(hub, on(due - timedelta(days=10))) == "reminded 0, mailed 0"
    assert remind(hub, on(due)) == "reminded 1, mailed 0"
    assert remind(hub, on(due)) == "reminded 0, mailed 0"
    assert remind(hub, on(due + timedelta(days=1))) == "reminded 1, mailed 0"
    assert remind(hub, on(due + timedelta(days=5))) == "reminded 0, mailed 0"
    assert notified(hub) == [("hefeng-bianji", row.receipt, "due_soon"), ("hefeng-bianji", row.receipt, "overdue")]


def test_an_answered_request_is_not_reminded(hub):
    row = file_request(hub)
    ConsoleUser(hub, "hefeng-bianji").post(f"/console/inbox/{row.id}", action="answer", text="已在公开栏公布。")
    assert remind(hub, on(date.fromisoformat(row.deadline) + timedelta(days=1))) == "reminded 0, mailed 0"


def test_reminders_are_mailed_once_in_chinese_without_the_citizen(hub, sink):
    ConsoleUser(hub, "hefeng-bianji").post("/console/notifications/email", email="hefeng@nanhu.example.cn")
    row = file_request(hub)
    config = HubConfig(smtp=SmtpConfig(host="127.0.0.1", port=sink.port, security="none",
                                       sender="dwgk@nanhu.example.cn"), public_url="https://hub.example.cn")
    assert remind(hub, on(date.fromisoformat(row.deadline)), config) == "reminded 1, mailed 1"
    assert remind(hub, on(date.fromisoformat(row.deadline)), config) == "reminded 0, mailed 0"
    message, = sink.messages
    body = message.get_content()
    assert message["To"] == "hefeng@nanhu.example.cn" and message["From"] == "dwgk@nanhu.example.cn"
    assert message["Subject"] == f"【党务公开】点题{row.receipt}即将到期，请及时办理"
    assert f"https://hub.example.cn/console/inbox/{row.id}" in body and "禾丰社区" in body
    for personal in ("赵六", "13500005555", "5555", "活动经费"):
        assert personal not in body and personal not in message["Subject"]


def test_a_mail_server_that_is_down_delays_mail_without_losing_it(hub, sink):
    ConsoleUser(hub, "hefeng-bianji").post("/console/notifications/email", email="hefeng@nanhu.example.cn")
    due = date.fromisoformat(file_request(hub).deadline)
    down = HubConfig(smtp=SmtpConfig(host="127.0.0.1", port=1, security="none", sender="dwgk@nanhu.example.cn"))
    assert remind(hub, on(due), down) == "reminded 1, mailed 0"
    up = HubConfig(smtp=SmtpConfig(host="127.0.0.1", port=sink.port, security="none", sender="dwgk@nanhu.example.cn"))
    assert remind(hub, on(due) + timedelta(hours=1), up) == "reminded 0, mailed 1"
    assert len(sink.messages) == 1


def test_a_bad_address_is_refused_and_a_user_reads_only_their_own_notifications(hub):
    editor = ConsoleUser(hub, "hefeng-bianji")
    refused = editor.post("/console/notifications/email", email="hefeng at nanhu")
    assert "请填写有效的电子邮箱地址" in refused.text
    row = file_request(hub)
    remind(hub, on(date.fromisoformat(row.deadline)))
    with hub.engine.connect() as conn:
        notification = conn.execute(sa.select(db.notifications.c.id)).scalar_one()
    stranger = ConsoleUser(hub, "meixi-bianji")
    assert stranger.post(f"/console/notifications/{notification}").status_code == 403
    assert row.receipt not in stranger.get("/console/notifications").text
    forged = editor.http.post(f"{hub.url}/console/notifications/{notification}", data={"csrf": "forged"}, timeout=10)
    assert forged.status_code == 403
    assert ConsoleUser(hub, "jianduyuan").post("/console/notifications/email", email="jd@nanhu.example.cn").status_code == 403


def test_the_count_and_the_list_in_chromium(hub):
    first = file_request(hub)
    file_request(hub, "希望公开社区党员发展计划", "13500006666")
    remind(hub, on(date.fromisoformat(first.deadline)))
    with browser_page() as page:
        log_in(page, hub, "hefeng-bianji")
        assert page.locator("#notifications .badge").inner_text() == "2"
        page.click("#notifications")
        page.wait_for_url("**/console/notifications")
        assert page.locator("tr.unread").count() == 2
        assert "即将到期" in page.locator(f"tr[data-receipt='{first.receipt}']").inner_text()
        page.screenshot(path=str(SHOTS / "console-notifications.png"), full_page=True)
        page.click(f"tr[data-receipt='{first.receipt}'] button")
        page.wait_for_url(f"**/console/inbox/{first.id}")
        assert first.receipt in page.locator("h2").first.inner_text()
        assert page.locator("#notifications .badge").inner_text() == "1"
        page.click("#notifications")
        page.click("button:has-text('全部标为已读')")
        page.wait_for_url("**/console/notifications?*")
        assert page.locator("#notifications .badge").count() == 0 and page.locator("tr.unread").count() == 0
    # someone else's console shows no count
    assert 'aria-label="未读提醒"' not in ConsoleUser(hub, "meixi-bianji").get("/console").text


def test_mail_is_configured_from_the_environment():
    assert from_environ({}).smtp is None
    config = from_environ({"GONGKAI_HUB_SMTP_HOST": "smtp.nanhu.example.cn", "GONGKAI_HUB_SMTP_SECURITY": "ssl",
                           "GONGKAI_HUB_SMTP_FROM": "dwgk@nanhu.example.cn", "GONGKAI_HUB_SMTP_USER": "dwgk",
                           "GONGKAI_HUB_SMTP_PASSWORD": "secret", "GONGKAI_HUB_PUBLIC_URL": "https://hub.example.cn/"})
    assert config.smtp == SmtpConfig("smtp.nanhu.example.cn", "dwgk@nanhu.example.cn", 465, "ssl", "dwgk", "secret")
    assert config.public_url == "https://hub.example.cn"
    for bad in ({"GONGKAI_HUB_SMTP_SECURITY": "tls"}, {"GONGKAI_HUB_SMTP_PORT": "smtp"}, {"GONGKAI_HUB_SMTP_FROM": ""}):
        with pytest.raises(ValueError, match="GONGKAI_HUB_SMTP_"):
            from_environ({"GONGKAI_HUB_SMTP_HOST": "smtp.nanhu.example.cn", "GONGKAI_HUB_SMTP_FROM": "a@b.cn", **bad})
