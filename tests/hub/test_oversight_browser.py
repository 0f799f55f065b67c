"""监督检查 in headless Chromium: the year's overview with a missed quarter flagged, one
org's quarterly report, and the 立卷归档 ZIP downloaded from it and read from disk."""
from __future__ import annotations

import zipfile

from hub.server import file_store
from hub.workflow import attachments
from tests.browser import browser_page
from tests.hub.client import item_id
from tests.hub.test_console_browser import SHOTS, log_in
from tests.hub.test_oversight import MISSED_VILLAGE, missed_quarter_village
from tests.sync.test_files import picture


def test_dashboard_report_and_archive_download(hub, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    village, missed = missed_quarter_village(hub)
    with hub.engine.begin() as conn:
        attachments.attach(conn, file_store(hub.data_dir), item_id(hub, "新塘村议事规则"), picture(), "议事流程图.png")
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.click("nav a:has-text('监督检查')")
        page.goto(f"{hub.url}/console/oversight?year={missed.year}")
        flagged = page.locator("#flagged li", has_text=MISSED_VILLAGE)
        assert "逾期 2 项" in flagged.inner_text()
        assert page.locator(f"tr.flagged[data-org-id='{village}']").count() == 1
        page.screenshot(path=str(SHOTS / "console-oversight.png"), full_page=True)

        flagged.locator("a").click()
        page.wait_for_selector("#overdue")
        assert missed.label in page.locator("h2.page").inner_text()
        assert page.locator("#overdue li").count() == 2
        assert "60%" in page.locator(".tiles").inner_text()
        page.screenshot(path=str(SHOTS / "console-oversight-report.png"), full_page=True)

        with page.expect_download() as download:
            page.click("a:has-text('年档案')")
        assert download.value.suggested_filename == f"{MISSED_VILLAGE}-{missed.year}年党务公开档案.zip"
        saved = tmp_path / "archive.zip"
        download.value.save_as(saved)
        with zipfile.ZipFile(saved) as zf:
            zf.extractall(tmp_path / "archive")

        page.goto((tmp_path / "archive" / "index.html").as_uri())
        assert MISSED_VILLAGE in page.locator("h1").inner_text()
        page.screenshot(path=str(SHOTS / "archive-index.png"), full_page=True)
        page.click("a:has-text('新塘村议事规则')")
        page.wait_for_selector("figure img")
        assert page.locator("figure img").evaluate("img => img.naturalWidth") > 0
        page.screenshot(path=str(SHOTS / "archive-item.png"), full_page=True)


def test_the_gongshi_showing_check_is_reached_from_oversight(hub):
    with browser_page() as page:
        log_in(page, hub, "jianduyuan")
        page.click("nav a:has-text('监督检查')")
        page.click("a:has-text('公示展示核查')")
        page.wait_for_selector("table.showings")
        assert "公示展示核查" in page.locator("h2.page").inner_text()
        assert page.locator("table.showings tbody tr").count() >= 1
        page.screenshot(path=str(SHOTS / "console-showings.png"), full_page=True)
