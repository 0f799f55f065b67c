"""The approval workflow in headless Chromium: an editor's 目录外 item with a work plan,
approved by the town; an editor's withdrawal, approved with its explanation."""
from __future__ import annotations

from tests.browser import browser_page
from tests.hub.test_console_browser import SHOTS, log_in

TITLE = "梅溪村美丽庭院创建工作进展（第一阶段）"


def _log_out(page) -> None:
    page.click("button:has-text('退出登录')")
    page.wait_for_selector("text=管理员登录")


def test_off_catalogue_item_with_work_plan_approved_then_published(hub):
    SHOTS.mkdir(exist_ok=True)
    with browser_page() as page:
        log_in(page, hub, "meixi-bianji")
        page.click("a:has-text('发布公开内容')")
        form = page.locator("form.publish")
        form.locator("select[name=category]").select_option(value="1")
        form.locator("select[name=time_limit]").select_option(value="phased")
        form.locator("input[name=period_label]").fill("第一阶段")
        form.locator("input[name=title]").fill(TITLE)
        form.locator("textarea[name=body]").fill("第一阶段完成三十户庭院改造，第二阶段将于明年春季启动。")
        form.locator("button[value=publish]").click()
        page.wait_for_selector("text=不在公开目录内")           # the catalogue says no…
        page.screenshot(path=str(SHOTS / "console-off-catalogue-refused.png"))

        page.goto(f"{hub.url}/console/items/new")
        form = page.locator("form.publish")
        form.locator("select[name=category]").select_option(value="1")
        form.locator("select[name=time_limit]").select_option(value="phased")
        form.locator("input[name=title]").fill(TITLE)
        form.locator("textarea[name=body]").fill("第一阶段完成三十户庭院改造。")
        form.locator("textarea[name=work_plan]").fill("经村党委研究，按阶段公开美丽庭院创建进展，接受群众监督。")
        form.locator("button[value=submit]").click()            # …so it goes with a work plan
        page.wait_for_selector(f"text=已提交审批：{TITLE}")
        assert "待审批" in page.locator(".badge").inner_text()
        page.screenshot(path=str(SHOTS / "console-submitted.png"), full_page=True)
        _log_out(page)

        log_in(page, hub, "qinghe-shenpi")
        assert "待我审批（1）" in page.content()
        page.click("nav a:has-text('审批')")
        row = page.locator("tr", has_text=TITLE)
        assert "按阶段公开美丽庭院创建进展" in row.inner_text()
        page.screenshot(path=str(SHOTS / "console-approvals.png"), full_page=True)
        row.locator("input[name=note]").fill("同意按方案公开。")
        row.locator("button[value=approve]").click()
        page.wait_for_selector("text=已批准，并已执行")
        page.goto(f"{hub.url}/console/items?org=5&state=published")
        page.locator("a", has_text=TITLE).click()
        assert "已发布" in page.locator(".badge").inner_text()
        history = page.locator("table.history").inner_text()
        assert "提交目录外事项工作方案" in history and "批准 meixi-bianji" in history
        page.screenshot(path=str(SHOTS / "console-approved.png"), full_page=True)


def test_withdrawal_requested_by_editor_and_approved_with_its_explanation(hub):
    with browser_page() as page:
        log_in(page, hub, "meixi-bianji")
        page.goto(f"{hub.url}/console/items?org=5")
        page.locator("a", has_text="梅溪村党员冬训工作安排").click()
        page.locator("form.withdraw input[name=note]").fill("冬训时间调整，撤回后重新公开。")
        page.locator("form.withdraw button").click()
        page.wait_for_selector("text=已提交撤回申请")
        assert "已发布" in page.locator(".badge").inner_text()
        page.screenshot(path=str(SHOTS / "console-withdraw-requested.png"), full_page=True)
        item_url = page.url.split("?")[0]
        _log_out(page)

        log_in(page, hub, "qinghe-shenpi")
        page.goto(item_url)
        assert "冬训时间调整" in page.locator(".attention").inner_text()
        page.locator(".attention button[value=approve]").click()
        page.wait_for_selector("text=已批准，并已执行")
        page.goto(item_url)
        assert "已撤回" in page.locator(".badge").inner_text()
        assert "冬训时间调整，撤回后重新公开。" in page.locator("dl.facts").inner_text()
        page.screenshot(path=str(SHOTS / "console-withdrawal-approved.png"), full_page=True)
