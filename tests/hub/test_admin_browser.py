"""Org tree, catalogues and users in headless Chromium."""
from __future__ import annotations

from tests.browser import browser_page
from tests.hub.test_console_browser import SHOTS, log_in


def test_add_and_rename_an_org_and_keep_a_catalogue(hub):
    SHOTS.mkdir(exist_ok=True)
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.click("nav a:has-text('组织架构')")
        form = page.locator("form.publish")
        form.locator("select[name=parent_id]").select_option(label="　中共东湖街道工作委员会")
        form.locator("select[name=kind]").select_option(value="community")
        form.locator("input[name=name]").fill("中共荷花社区委员会")
        form.locator("button:has-text('新建')").click()
        page.wait_for_selector("text=已新建党组织：中共荷花社区委员会")
        row = page.locator("tr", has_text="中共禾丰社区委员会")
        row.locator("input[name=name]").fill("中共禾丰社区总支部委员会")
        row.locator("button:has-text('更名')").click()
        page.wait_for_selector("text=已更名：中共禾丰社区总支部委员会")
        assert page.locator("table.tree tr", has_text="中共荷花社区委员会").count() == 1
        page.screenshot(path=str(SHOTS / "console-orgs.png"), full_page=True)

        page.click("nav a:has-text('公开目录')")
        page.locator("select[name=owner]").select_option(label="中共东湖街道工作委员会")
        page.click("button:has-text('查看')")
        form = page.locator("form.publish")
        form.locator("select[name=org_kind]").select_option(value="community")
        form.locator("select[name=category]").select_option(value="7")
        form.locator("select[name=time_limit]").select_option(value="periodic")
        form.locator("select[name=frequency]").select_option(value="quarterly")
        form.locator("input[name=title]").fill("社区党风廉政建设责任制落实情况")
        form.locator("button:has-text('增加')").click()
        page.wait_for_selector("text=已增加目录事项：社区党风廉政建设责任制落实情况")
        section = page.locator("section[data-kind=community]")
        assert "社区党风廉政建设责任制落实情况" in section.inner_text() and "每季度" in section.inner_text()
        page.screenshot(path=str(SHOTS / "console-catalogue.png"), full_page=True)

        page.click("nav a:has-text('用户管理')")
        page.screenshot(path=str(SHOTS / "console-users.png"), full_page=True)
        assert page.locator("tr[data-username=qinghe-shenpi]").count() == 1


def test_a_supervisor_sees_no_write_controls(hub):
    with browser_page() as page:
        log_in(page, hub, "jianduyuan")
        assert page.locator("a:has-text('发布公开内容')").count() == 0
        assert page.locator("nav a:has-text('用户管理')").count() == 0
        page.goto(f"{hub.url}/console/items/3")
        assert page.locator("form.withdraw").count() == 0
        page.goto(f"{hub.url}/console/orgs")
        assert page.locator("form.publish").count() == 0
        page.screenshot(path=str(SHOTS / "console-supervisor.png"), full_page=True)
