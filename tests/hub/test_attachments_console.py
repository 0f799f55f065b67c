"""Uploading images and PDFs in the console; they reach the device as verified page images."""
from __future__ import annotations

import io

from PIL import Image

from device.store import Store
from sync.feed import sync_once
from sync.files import fetch_files
from tests.browser import browser_page
from tests.hub.client import ConsoleUser, item_form, item_id
from tests.hub.test_console_browser import SHOTS, log_in


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 320), (183, 28, 28)).save(out, format="PNG")
    return out.getvalue()


def pdf(pages: int) -> bytes:
    out = io.BytesIO()
    images = [Image.new("RGB", (595, 842), "white") for _ in range(pages)]
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def draft(hub, user: str = "admin") -> tuple[ConsoleUser, int]:
    console = ConsoleUser(hub, user)
    console.post("/console/items", action="save", **item_form(title="梅溪村党员活动室改造方案公示"))
    return console, item_id(hub, "梅溪村党员活动室改造方案公示")


def upload(console: ConsoleUser, item: int, name: str, data: bytes):
    return console.http.post(f"{console.hub.url}/console/items/{item}/attachments", timeout=30,
                             data={"csrf": console.csrf}, files={"file": (name, data)})


def test_upload_in_the_browser_then_publish_and_sync(hub, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    _, item = draft(hub)
    (tmp_path / "效果图.png").write_bytes(png())
    (tmp_path / "改造方案.pdf").write_bytes(pdf(2))
    with browser_page() as page:
        log_in(page, hub, "admin")
        page.goto(f"{hub.url}/console/items/{item}")
        for name in ("效果图.png", "改造方案.pdf"):
            page.set_input_files("input[name=file]", str(tmp_path / name))
            page.click("form.upload button")
            page.wait_for_selector(f"text=已上传：{name}")
        assert page.locator("ul.attachments img").count() == 3
        assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        page.screenshot(path=str(SHOTS / "console-attachments.png"), full_page=True)
        page.click("button:has-text('发布')")
        page.wait_for_selector("text=已发布")
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    fetch_files(cfg, store)
    shown = store.item(item)
    assert [a.name for a in shown.attachments] == ["效果图.png", "改造方案.pdf 第1页", "改造方案.pdf 第2页"]


def test_renamed_executable_is_refused_in_chinese(hub):
    console, item = draft(hub)
    page = upload(console, item, "照片.png", b"\x7fELF\x02\x01\x01" + b"\0" * 100)
    assert "只能上传图片（PNG、JPEG、WebP）或 PDF 文件" in page.text


def test_only_writers_of_the_org_may_upload_and_only_to_drafts(hub):
    console, item = draft(hub)
    other = ConsoleUser(hub, "hefeng-bianji")  # 禾丰社区's editor, not 梅溪村's
    assert upload(other, item, "图.png", png()).status_code == 403
    supervisor = ConsoleUser(hub, "jianduyuan")
    assert upload(supervisor, item, "图.png", png()).status_code == 403
    console.post(f"/console/items/{item}/publish")
    assert "已上传" not in upload(console, item, "图.png", png()).text
