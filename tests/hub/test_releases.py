"""Fleet updates in the console (upload, offer, device versions) and hub backup/restore
while the hub runs."""
from __future__ import annotations

import json
import tarfile

import requests
import sqlalchemy as sa

from cli.main import main
from hub.fleet import devices, releases
from hub.storage import db
from tests.hub.client import ConsoleUser
from tests.sync.test_update import GOOD, test_wheel


def upload(user: ConsoleUser, filename: str, data: bytes) -> requests.Response:
    return user.http.post(f"{user.hub.url}/console/releases/upload", data={"csrf": user.csrf},
                          files={"package": (filename, data)}, timeout=10)


def test_an_admin_uploads_a_version_and_offers_it_to_a_group(hub):
    admin = ConsoleUser(hub, "admin")
    page = upload(admin, *test_wheel("0.2.0", GOOD))
    assert "已上传版本 0.2.0" in page.text
    page = admin.post("/console/releases/offer", group="试点", version="0.2.0")
    assert "已向分组“试点”推送版本 0.2.0" in page.text
    assert "试点" in page.text and "0.2.0" in page.text
    with hub.engine.connect() as conn:
        row = conn.execute(sa.select(db.releases)).one()
    assert row.signature.startswith("ed25519:") and '"version":"0.2.0"' in row.manifest


def test_uploads_that_are_not_our_wheels_are_refused_in_chinese(hub):
    admin = ConsoleUser(hub, "admin")
    assert "文件名形如" in upload(admin, "evil.sh", b"#!/bin/sh").text
    assert "不是有效的本系统安装包" in upload(admin, "gongkai-0.3.0-py3-none-any.whl", b"not a zip").text
    upload(admin, *test_wheel("0.2.0", GOOD))
    assert "已上传过" in upload(admin, *test_wheel("0.2.0", GOOD)).text


def test_only_a_district_admin_may_upload(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    assert upload(editor, *test_wheel("0.2.0", GOOD)).status_code == 403


def test_the_offer_needs_a_device_token(hub):
    assert requests.get(f"{hub.url}/api/v1/releases/offer", timeout=10).status_code == 401


def test_backup_while_running_and_restore_bring_back_the_data(hub, tmp_path, capsys):
    archive = tmp_path / "hub-backup.tar.gz"
    assert main(["hub-backup", "--data", str(hub.data_dir), "--to", str(archive)]) == 0
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as contents:
        assert {"hub.db", "signing-key.pem"} <= set(contents.getnames())
    with hub.engine.connect() as conn:
        items = conn.execute(sa.select(sa.func.count()).select_from(db.items)).scalar_one()
    # A damaging mistake after the backup, then a restore under the running hub.
    with hub.engine.begin() as conn:
        conn.execute(db.items.update().values(title="误改的标题"))
    assert main(["hub-restore", "--data", str(hub.data_dir), "--from", str(archive)]) == 0
    assert "restored" in capsys.readouterr().out
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.items)).scalar_one() == items
        assert conn.execute(sa.select(db.items).where(db.items.c.title == "误改的标题")).first() is None
    assert requests.get(f"{hub.url}/healthz", timeout=10).json()["ok"]


def test_restore_refuses_an_archive_that_is_not_a_backup(hub, tmp_path, capsys):
    bad = tmp_path / "bad.tar.gz"
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root")
    with tarfile.open(bad, "w:gz") as archive:
        archive.add(tmp_path / "etc" / "passwd", "../etc/passwd")
    assert main(["hub-restore", "--data", str(hub.data_dir), "--from", str(bad)]) == 1
    assert "is not a hub backup" in capsys.readouterr().err


def test_a_release_candidate_goes_only_to_a_screen_that_takes_pre_releases(hub):
    admin = ConsoleUser(hub, "admin")
    for version in ("0.2.0rc1", "0.2.0", "0.3.0rc1"):
        upload(admin, *test_wheel(version, GOOD))
    with hub.engine.begin() as conn:
        _, token = devices.enrol(conn, "试点触摸屏", 5, groups=frozenset({"试点", "全区"}))
        releases.offer(conn, "全区", "0.2.0", "admin")
        releases.offer(conn, "试点", "0.2.0rc1", "admin")
    # 0.2.0 is newer than its own release candidate, for every screen.
    assert offered(hub, token) == offered(hub, token, prereleases="true") == "0.2.0"
    with hub.engine.begin() as conn:
        releases.offer(conn, "试点", "0.3.0rc1", "admin")
    assert offered(hub, token) == "0.2.0"
    assert offered(hub, token, prereleases="true") == "0.3.0rc1"
    package = f"{hub.url}/api/v1/releases/0.3.0rc1/package"
    assert requests.get(package, headers=bearer(token), timeout=10).status_code == 404
    assert requests.get(package, headers=bearer(token), params={"prereleases": "true"}, timeout=10).ok


def test_a_version_pep_440_cannot_read_is_refused(hub):
    admin = ConsoleUser(hub, "admin")
    assert "版本号 0.2_x 不符合规范" in upload(admin, *test_wheel("0.2_x", GOOD)).text


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def offered(hub, token: str, **params: str) -> str | None:
    """The version the hub offers the device with this token, as its offer request sees it."""
    answer = requests.get(f"{hub.url}/api/v1/releases/offer", headers=bearer(token), params=params, timeout=10)
    return None if answer.status_code == 204 else json.loads(answer.json()["manifest"])["version"]
