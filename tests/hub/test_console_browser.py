"""The console in a real headless Chromium: log in, publish a 公示, withdraw it with a note."""
from __future__ import annotations

from pathlib import Path

from tests.browser import browser_page

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def log_in(page, hub, username: str = "admin") -> None:
    page.goto(f"{hub.url}/console")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", hub.password_of(username))
    page.click("button:has-text('登录')")
    page.wait_for_selector("text=工作台")


def test_publish_and_withdraw_in_chromium(hub):
    SHOTS.mkdir(exist_ok=True)
    with browser_page() as page:
        page.goto(f"{hub.url}/console")
        assert page.locator("h2").inner_text() == "管理员登录"
        page.screenshot(path=str(SHOTS / "console-login.png"))
        log_in(page, hub)
        page.screenshot(path=str(SHOTS / "console-dashboard.png"), full_page=True)
        page.click("a:has-text('发布公开内容')")

        form = page.locator("form.publish")
        form.locator("select[name=org_id]").select_option(label="中共梅溪村委员会")
        form.locator("select[name=category]").select_option(value="3")
        form.locator("select[name=time_limit]").select_option(value="immediate")
        form.locator("input[name=title]").fill("梅溪村2026年第三批发展党员公示")
        form.locator("textarea[name=body]").fill("经支部委员会研究，拟将王丽同志列为发展对象，现予公示。")
        form.locator("input[name=gongshi_start]").fill("2026-11-28")
        form.locator("input[name=gongshi_end]").fill("2026-12-04")
        page.screenshot(path=str(SHOTS / "console-item-form.png"), full_page=True)
        form.locator("button[value=publish]").click()
        page.wait_for_selector("text=已发布：梅溪村2026年第三批发展党员公示")
        page.screenshot(path=str(SHOTS / "console-published.png"), full_page=False)

        page.locator("form.withdraw input[name=note]").fill("发展对象材料需补充，撤回后重新公示。")
        page.locator("form.withdraw button").click()
        page.wait_for_selector("text=已撤回，撤回说明将在屏幕上公开")
        assert "已撤回" in page.locator(".badge").inner_text()
        assert "发展对象材料需补充" in page.locator("dl.facts").inner_text()
        assert "撤回" in page.locator("table.history").inner_text()
        page.screenshot(path=str(SHOTS / "console-withdrawn.png"), full_page=True)

        page.goto(f"{hub.url}/console/items?state=withdrawn")
        row = page.locator("tr", has_text="梅溪村2026年第三批发展党员公示")
        assert "已撤回" in row.inner_text()
        page.screenshot(path=str(SHOTS / "console-items.png"), full_page=False)
