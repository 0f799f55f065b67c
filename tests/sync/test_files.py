"""Attachments end to end: upload on the hub, fetch by hash on the device, resume, verify, collect."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from PIL import Image, ImageDraw

from device.store import Store
from gongkai.domain.model import Audience, Category, TimeLimit
from gongkai.domain.roles import Actor, Role
from hub.server import file_store
from hub.workflow import attachments, disclosures, page_images
from hub.workflow.attachments import AttachmentError
from hub.workflow.disclosures import Draft

ADMIN = Actor("测试管理员", Role.DISTRICT_ADMIN, None)
from sync.feed import sync_once
from sync.files import fetch_files


def picture(size=(640, 360), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, (183, 28, 28))
    ImageDraw.Draw(image).rectangle([20, 20, size[0] - 20, size[1] - 20], outline=(255, 255, 255), width=6)
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdf(pages: int = 2) -> bytes:
    images = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def publish_with(hub, *uploads: tuple[bytes, str], audience=Audience.PUBLIC) -> int:
    files = file_store(hub.data_dir)
    with hub.engine.begin() as conn:
        item_id = disclosures.publish(conn, Draft(
            org_id=4, category=Category.SERVICE, audience=audience, time_limit=TimeLimit.STANDING,
            title="禾丰社区党群服务中心平面图", body="服务中心各功能室位置见附图。",
            work_plan="" if audience is Audience.PUBLIC else "仅向本社区党员公开，报街道党工委审核。"), ADMIN)
        for data, name in uploads:
            attachments.attach(conn, files, item_id, data, name)
    return item_id


def device(hub) -> tuple:
    cfg = hub.device_config()
    return cfg, Store(cfg.store_path)


def test_item_shows_only_once_its_files_are_verified(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(), "平面图.png"))
    sync_once(cfg, store)
    assert store.item(item_id) is None and store.wanted_files()
    result = fetch_files(cfg, store)
    assert len(result.fetched) == 1 and not result.failed
    item = store.item(item_id)
    assert item is not None and item.attachments[0].name == "平面图.png"
    sha256 = item.attachments[0].sha256
    assert store.file_path(sha256).read_bytes() == file_store(hub.data_dir).path(sha256).read_bytes()


def test_pdf_arrives_as_page_images(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (pdf(3), "党费收缴明细.pdf"))
    sync_once(cfg, store)
    fetch_files(cfg, store)
    item = store.item(item_id)
    assert [a.media_type for a in item.attachments] == ["image/png"] * 3
    assert item.attachments[1].name == "党费收缴明细.pdf 第2页"
    width, _ = Image.open(store.file_path(item.attachments[0].sha256)).size
    assert abs(width - page_images.PDF_RENDER_WIDTH) <= 1


@pytest.mark.parametrize("data, name", [
    (b"\x7fELF\x02\x01\x01" + b"\0" * 200, "公示名单.png"),
    (b"MZ\x90\x00" + b"\0" * 200, "照片.jpg"),
    (b"<script>alert(1)</script>", "说明.pdf"),
])
def test_renamed_executables_and_scripts_are_refused(hub, data, name):
    with pytest.raises(AttachmentError, match="只能上传图片"):
        publish_with(hub, (data, name))


def test_broken_pdf_is_refused(hub):
    with pytest.raises(AttachmentError, match="PDF 文件已损坏"):
        publish_with(hub, (b"%PDF-1.4\n garbage", "坏文件.pdf"))


def test_interrupted_download_resumes_with_range(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(noise=True, size=(800, 600)), "现场照片.png"))
    sync_once(cfg, store)
    [(sha256, size)] = store.wanted_files()
    partial = store.files_dir / ".partial" / sha256
    partial.parent.mkdir(parents=True)
    partial.write_bytes(file_store(hub.data_dir).path(sha256).read_bytes()[: size // 3])
    result = fetch_files(cfg, store)
    assert result.bytes == size - size // 3  # only the rest travelled
    assert store.item(item_id) is not None


def test_damaged_partial_is_thrown_away_and_fetched_again(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(noise=True), "照片.png"))
    sync_once(cfg, store)
    [(sha256, size)] = store.wanted_files()
    partial = store.files_dir / ".partial" / sha256
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"\0" * 1000)
    first = fetch_files(cfg, store)
    assert "did not match its hash" in first.failed[sha256] and store.item(item_id) is None
    second = fetch_files(cfg, store)
    assert second.fetched == [sha256] and store.item(item_id) is not None


def test_file_whose_bytes_do_not_match_its_hash_is_refused(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(), "图.png"))
    sync_once(cfg, store)
    [(sha256, _)] = store.wanted_files()
    stored = file_store(hub.data_dir).path(sha256)
    stored.write_bytes(stored.read_bytes()[:-1] + b"\0")  # same size, one byte changed
    result = fetch_files(cfg, store)
    assert "did not match its hash" in result.failed[sha256]
    assert store.item(item_id) is None and not store.file_path(sha256).exists()


def test_lost_local_file_is_noticed_and_fetched_again(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(), "图.png"))
    sync_once(cfg, store)
    fetch_files(cfg, store)
    sha256 = store.item(item_id).attachments[0].sha256
    store.file_path(sha256).unlink()
    result = fetch_files(cfg, store)
    assert result.fetched == [sha256] and store.item(item_id) is not None


def test_unreferenced_files_are_collected(hub):
    cfg, store = device(hub)
    item_id = publish_with(hub, (picture(), "图.png"))
    sync_once(cfg, store)
    fetch_files(cfg, store)
    sha256 = store.item(item_id).attachments[0].sha256
    with hub.engine.begin() as conn:  # the item turns 党内: a tombstone reaches the device
        conn.execute(disclosures.db.items.update().where(disclosures.db.items.c.id == item_id)
                     .values(audience="party", seq=disclosures.db.next_seq(conn)))
    sync_once(cfg, store)
    assert fetch_files(cfg, store).collected == [sha256]
    assert not store.file_path(sha256).exists() and store.present_files() == []


def test_device_cannot_fetch_files_it_may_not_show(hub):
    cfg, _ = device(hub)
    item_id = publish_with(hub, (picture(size=(320, 200)), "内部.png"), audience=Audience.PARTY)
    with hub.engine.connect() as conn:
        [attachment] = attachments.for_items(conn, [item_id])[item_id]
    for token in (cfg.token, "forged"):
        answer = requests.get(f"{hub.url}/api/v1/files/{attachment.sha256}", timeout=5,
                              headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code in (401, 404)
    bad = requests.get(f"{hub.url}/api/v1/files/..%2F..%2Fhub.db", timeout=5,
                       headers={"Authorization": f"Bearer {cfg.token}"})
    assert bad.status_code in (400, 404)


def test_sigkill_during_download_then_resume(hub):
    cfg, store = device(hub)
    data = os.urandom(12 * 2**20)
    big = io.BytesIO()
    Image.frombytes("RGB", (2048, 2048), data).save(big, format="PNG", compress_level=0)
    item_id = publish_with(hub, (big.getvalue(), "大图.png"))
    partial_dir = store.files_dir / ".partial"
    killed_mid_download = False
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-m", "cli.main", "sync", "--once", "--config",
                                 str(hub.device_config_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            partials = list(partial_dir.glob("*")) if partial_dir.exists() else []
            if partials and partials[0].stat().st_size > 2**20:
                os.kill(proc.pid, signal.SIGKILL)
                killed_mid_download = True
                break
            time.sleep(0.005)
        proc.wait()
        if killed_mid_download:
            break
    assert killed_mid_download
    assert store.item(item_id) is None
    result = subprocess.run([sys.executable, "-m", "cli.main", "sync", "--once", "--config",
                             str(hub.device_config_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert store.item(item_id) is not None
    sha256 = store.item(item_id).attachments[0].sha256
    assert store.file_path(sha256).read_bytes() == file_store(hub.data_dir).path(sha256).read_bytes()
