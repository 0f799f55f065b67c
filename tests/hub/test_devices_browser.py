"""Pairing a screen in headless Chromium: the admin types the code the screen shows, and reads
the list: failed updates, refused play records."""
from __future__ import annotations

import requests
import sqlalchemy as sa

from hub.clock import utcnow
from hub.storage import db
from tests.browser import browser_page
from tests.hub.test_console_browser import SHOTS, log_in


def test_pair_a_screen_and_see_it_in_the_list(hub):
    SHOTS.mkdir(exist_ok=True)
    code = requests.post(f"{hub.url}/api/v1/pairings", json={"kind": "display"}, timeout=5).json()["code"]
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.click("nav a:has-text('终端设备')")
        form = page.locator("form.publish")
        form.locator("input[name=code]").fill(f"{code[:3]} {code[3:]}")
        form.locator("input[name=name]").fill("青荷镇便民服务中心LED屏")
        form.locator("select[name=org_id]").select_option(label="中共青荷镇委员会")
        form.locator("input[name=groups]").fill("所有乡镇显示屏，青荷镇")
        form.locator("button:has-text('配对')").click()
        page.wait_for_selector("text=已配对：青荷镇便民服务中心LED屏")
        row = page.locator("tr", has_text="青荷镇便民服务中心LED屏")
        assert "显示屏" in row.inner_text() and "所有乡镇显示屏，青荷镇" in row.inner_text()
        assert "从未联系" in row.inner_text()
        with hub.engine.begin() as conn:  # the screen's last update failed
            device_id = conn.execute(sa.select(db.devices.c.id).where(db.devices.c.name == "青荷镇便民服务中心LED屏")).scalar()
            conn.execute(db.release_reports.insert().values(
                device_id=device_id, version="0.2.0", outcome="failed", reported_at=utcnow().isoformat(),
                detail="selftest of 0.2.0 failed: No module named 'kivy'"))
        requests.post(f"{hub.url}/api/v1/outbox", timeout=5, headers={"Authorization": f"Bearer {hub.device_config().token}"},
                      json={"records": [{"id": "forged-play-1", "kind": "play", "created_at": "2030-01-01T09:00:00+08:00",
                                         "payload": {"item_id": 1, "version": 1, "started_at": "2030-01-01T09:00:00+08:00",
                                                     "seconds": 40}}]})
        page.reload()
        assert "0.2.0 升级失败" in page.locator("tr", has_text="青荷镇便民服务中心LED屏").inner_text()
        refused = page.locator("tr", has_text="南湖区党员服务中心触摸屏").locator("td.refused").inner_text()
        assert "1 条" in refused and "播放时间在未来：1" in refused
        page.screenshot(path=str(SHOTS / "console-devices.png"), full_page=True)
