"""The disclosure workflow over real HTTP with the demo accounts: catalogue-following
publication, 目录外 work plans, and changes, withdrawals and terminations approved by the
catalogue owner (五(一)2, 六.1)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from device.store import Store
from hub.clock import DISTRICT_ZONE
from hub.storage import db
from sync.feed import sync_once
from tests.hub.client import ConsoleUser, actions, item_form, item_id, item_row

OFF_CATALOGUE = dict(category=1, time_limit="phased", title="梅溪村美丽庭院创建工作进展（第一阶段）",
                     body="第一阶段完成三十户庭院改造。", gongshi_start="", gongshi_end="")


def test_an_editor_publishes_an_item_that_follows_the_catalogue(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    page = editor.post("/console/items", action="publish", **item_form())
    assert "已发布：梅溪村2026年第三批发展党员公示" in page.text
    item = item_id(hub, "梅溪村2026年第三批发展党员公示")
    assert item_row(hub, item).status == "published" and item_row(hub, item).created_by == "meixi-bianji"


def test_an_off_catalogue_item_goes_live_only_after_the_owner_approves_its_work_plan(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    refused = editor.post("/console/items", action="publish", **item_form(**OFF_CATALOGUE, work_plan="方案"))
    assert "不在公开目录内" in refused.text
    without_plan = editor.post("/console/items", action="submit", **item_form(**OFF_CATALOGUE))
    assert "须填写工作方案" in without_plan.text

    page = editor.post("/console/items", action="submit",
                       **item_form(**OFF_CATALOGUE, work_plan="经村党委研究，分阶段公开创建进展，接受群众监督。"))
    assert "已提交审批" in page.text and "目录外事项" in page.text
    item = item_id(hub, OFF_CATALOGUE["title"])
    assert item_row(hub, item).status == "submitted" and item_row(hub, item).seq == 0

    town = ConsoleUser(hub, "qinghe-shenpi")
    queue = town.get("/console/approvals")
    assert OFF_CATALOGUE["title"] in queue.text and "分阶段公开创建进展" in queue.text
    request_id = _pending_request(hub, item)
    done = town.post(f"/console/approvals/{request_id}", decision="approve", note="同意公开。")
    assert "已批准" in done.text
    assert item_row(hub, item).status == "published" and item_row(hub, item).seq > 0
    assert actions(hub, item) == ["save", "request_plan", "publish"]
    history = editor.get(f"/console/items/{item}").text
    assert "批准 meixi-bianji 的目录外事项工作方案申请" in history


def test_a_rejected_work_plan_returns_the_item_to_draft_with_the_reason(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    editor.post("/console/items", action="submit", **item_form(**OFF_CATALOGUE, work_plan="方案"))
    item = item_id(hub, OFF_CATALOGUE["title"])
    town = ConsoleUser(hub, "qinghe-shenpi")
    no_reason = town.post(f"/console/approvals/{_pending_request(hub, item)}", decision="reject")
    assert "驳回须填写理由" in no_reason.text
    town.post(f"/console/approvals/{_pending_request(hub, item)}", decision="reject", note="方案过于简略。")
    assert item_row(hub, item).status == "draft"
    assert "方案过于简略。" in editor.get(f"/console/items/{item}").text


def test_an_editors_withdrawal_waits_for_approval_and_then_reaches_devices_with_its_note(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    editor.post("/console/items", action="publish", **item_form())
    item = item_id(hub, "梅溪村2026年第三批发展党员公示")
    missing = editor.post(f"/console/items/{item}/withdraw", note=" ")
    assert "撤回必须填写说明" in missing.text
    asked = editor.post(f"/console/items/{item}/withdraw", note="发展对象材料需补充，撤回后重新公示。")
    assert "已提交撤回申请" in asked.text
    assert item_row(hub, item).status == "published"
    twice = editor.post(f"/console/items/{item}/terminate", note="终止")
    assert "已有待审批的申请" in twice.text

    ConsoleUser(hub, "qinghe-shenpi").post(f"/console/approvals/{_pending_request(hub, item)}",
                                          decision="approve")
    row = item_row(hub, item)
    assert (row.status, row.withdrawal_note, row.version) == ("withdrawn", "发展对象材料需补充，撤回后重新公示。", 2)
    assert actions(hub, item) == ["publish", "request_withdraw", "withdraw"]

    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    assert store.item(item).withdrawal_note == "发展对象材料需补充，撤回后重新公示。"


def test_termination_reaches_devices_as_a_withdrawal_and_the_console_says_terminated(hub):
    approver = ConsoleUser(hub, "qinghe-shenpi")
    ConsoleUser(hub, "meixi-bianji").post("/console/items", action="publish", **item_form())
    item = item_id(hub, "梅溪村2026年第三批发展党员公示")
    page = approver.post(f"/console/items/{item}/terminate", note="该同志已调离本村，终止公示。")
    assert "已终止" in page.text and "终止说明" in page.text
    row = item_row(hub, item)
    assert row.status == "withdrawn" and row.terminated
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    assert store.item(item).status.value == "withdrawn"
    assert "终止" in approver.get("/console/items", state="terminated").text


def test_a_change_publishes_a_new_version_and_keeps_the_explanation_in_the_history(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    editor.post("/console/items", action="publish", **item_form())
    item = item_id(hub, "梅溪村2026年第三批发展党员公示")
    editor.post(f"/console/items/{item}/change", explanation="公示期延长两天。",
                **item_form(gongshi_end="2026-12-06"))
    assert item_row(hub, item).gongshi_end == "2026-12-04"
    ConsoleUser(hub, "qinghe-shenpi").post(f"/console/approvals/{_pending_request(hub, item)}",
                                          decision="approve")
    row = item_row(hub, item)
    assert (row.gongshi_end, row.version) == ("2026-12-06", 2)
    assert "变更说明：公示期延长两天。" in editor.get(f"/console/items/{item}").text


def test_scheduled_publication_stays_off_screens_until_its_time(hub):
    later = (datetime.now(DISTRICT_ZONE) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    editor = ConsoleUser(hub, "meixi-bianji")
    editor.post("/console/items", action="publish", **item_form(published_at=later))
    item = item_id(hub, "梅溪村2026年第三批发展党员公示")
    assert "定时发布，尚未生效" in editor.get(f"/console/items/{item}").text


def test_drafts_never_enter_the_device_feed(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    ConsoleUser(hub, "meixi-bianji").post("/console/items", action="save", **item_form())
    assert sync_once(cfg, store).not_modified


def _pending_request(hub, item: int) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.approval_requests.c.id).where(
            db.approval_requests.c.item_id == item, db.approval_requests.c.state == "pending")).scalar_one()
