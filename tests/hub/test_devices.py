"""Device management: pairing by code, groups and targeting, urgent notices, revocation."""
from __future__ import annotations

import stat
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from device import config
from device.store import Store
from gongkai.domain import rules
from sync.feed import SyncError, sync_once
from sync.pairing import pairing_step
from tests.hub.client import ConsoleUser, item_form, item_id


def new_screen(hub, tmp_path, kind="display") -> config.DeviceConfig:
    """A freshly installed screen: it knows the hub's address, nothing else."""
    path = tmp_path / "screen" / "device.toml"
    path.parent.mkdir()
    path.write_text(f'[device]\nname = "梅溪村党群服务中心显示屏"\nkind = "{kind}"\n'
                    f'[hub]\nurl = "{hub.url}"\n[store]\npath = "device.db"\n', encoding="utf-8")
    return config.load(path)


def pair(hub, tmp_path, groups: str = "所有村社区显示屏", org_id: int = 5) -> tuple[config.DeviceConfig, Store]:
    screen = new_screen(hub, tmp_path)
    store = Store(screen.store_path)
    assert pairing_step(screen, store, "display") is None
    code = store.meta("pairing_code")
    admin = ConsoleUser(hub, "admin")
    page = admin.post("/console/devices/pair", code=f"{code[:3]} {code[3:]}", name="梅溪村显示屏",
                      org_id=org_id, groups=groups)
    assert "已配对：梅溪村显示屏" in page.text
    paired = pairing_step(screen, store, "display")
    assert paired is not None and paired.paired
    return config.load(screen.path), store


def test_a_new_screen_pairs_by_code_and_then_syncs(hub, tmp_path):
    cfg, store = pair(hub, tmp_path)
    enrolment = cfg.store_path.parent / config.ENROLMENT_FILE
    assert stat.S_IMODE(enrolment.stat().st_mode) == 0o600
    assert cfg.paired and cfg.public_key == hub.device_config().public_key
    sync_once(cfg, store)
    orgs_seen = {item.org_id for item in store.items()}
    assert orgs_seen <= {1, 3, 5}  # 梅溪村, 青荷镇 above it, the district above that
    assert store.meta("pairing_code") is None
    devices_page = ConsoleUser(hub, "admin").get("/console/devices").text
    assert "梅溪村显示屏" in devices_page and "所有村社区显示屏" in devices_page and "显示屏" in devices_page


def test_unpaired_sync_once_prints_the_code(hub, tmp_path):
    import subprocess
    import sys

    screen = new_screen(hub, tmp_path)
    result = subprocess.run([sys.executable, "-m", "cli.main", "sync", "--once", "--config", str(screen.path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3 and "pairing code" in result.stdout


def test_token_is_collected_once_and_only_with_the_secret(hub, tmp_path):
    answer = requests.post(f"{hub.url}/api/v1/pairings", json={"kind": "kiosk"}, timeout=5).json()
    url = f"{hub.url}/api/v1/pairings/{answer['id']}"
    assert requests.get(url, headers={"X-Pairing-Secret": "guess"}, timeout=5).status_code == 404
    assert requests.get(url, headers={"X-Pairing-Secret": answer["secret"]}, timeout=5).json() == {"state": "waiting"}
    ConsoleUser(hub, "admin").post("/console/devices/pair", code=answer["code"], name="禾丰社区触摸屏", org_id=4)
    first = requests.get(url, headers={"X-Pairing-Secret": answer["secret"]}, timeout=5).json()
    assert first["state"] == "paired" and len(first["token"]) > 30
    assert requests.get(url, headers={"X-Pairing-Secret": answer["secret"]}, timeout=5).status_code == 404


def test_pairing_requests_are_rate_limited_per_address(hub):
    codes = [requests.post(f"{hub.url}/api/v1/pairings", json={"kind": "kiosk"}, timeout=5) for _ in range(6)]
    assert [c.status_code for c in codes] == [200] * 5 + [429]
    assert "too many pairing requests" in codes[-1].json()["error"]


def test_wrong_code_and_non_admins_are_refused(hub):
    admin = ConsoleUser(hub, "admin")
    assert "配对码无效或已过期" in admin.post("/console/devices/pair", code="000000", name="某终端", org_id=1).text
    editor = ConsoleUser(hub, "meixi-bianji")
    refused = editor.post("/console/devices/pair", code="123456", name="某终端", org_id=5)
    assert refused.status_code == 403


def test_pinned_hub_key_must_match(hub, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from gongkai import signing
    from sync.pairing import PairingError

    screen = new_screen(hub, tmp_path)
    pinned = replace(screen, public_key=signing.public_key_text(Ed25519PrivateKey.generate()))
    store = Store(screen.store_path)
    pairing_step(pinned, store, "display")
    ConsoleUser(hub, "admin").post("/console/devices/pair", code=store.meta("pairing_code"), name="x屏", org_id=5)
    with pytest.raises(PairingError, match="does not match the key pinned"):
        pairing_step(pinned, store, "display")


def publish_targeted(hub, groups: str, **fields) -> int:
    admin = ConsoleUser(hub, "admin")
    title = fields.pop("title", "青荷镇冬季用电安全紧急通知")
    page = admin.post("/console/items", action="publish", **item_form(
        org_id=3, category=8, time_limit="standing", title=title, body="今晚大风降温，请各村做好用电安全检查。",
        gongshi_start="", gongshi_end="", targets=groups, work_plan="紧急情况，报区委同意后发布。", **fields))
    assert page.status_code == 200, page.text
    return item_id(hub, title)


def test_items_aimed_at_a_group_reach_only_that_group(hub, tmp_path):
    cfg, store = pair(hub, tmp_path, groups="青荷镇显示屏")
    other = hub.device_config()  # the district kiosk, in no group
    other_store = Store(other.store_path)
    item = publish_targeted(hub, "青荷镇显示屏")
    sync_once(cfg, store)
    sync_once(other, other_store)
    assert store.item(item) is not None and other_store.item(item) is None


def test_an_item_can_aim_at_one_screen_by_name(hub, tmp_path):
    cfg, store = pair(hub, tmp_path, groups="")
    item = publish_targeted(hub, "梅溪村显示屏")
    other = hub.device_config()
    other_store = Store(other.store_path)
    sync_once(cfg, store)
    sync_once(other, other_store)
    assert store.item(item) is not None and other_store.item(item) is None


def test_changing_a_devices_groups_resyncs_it(hub, tmp_path):
    cfg, store = pair(hub, tmp_path, groups="")
    item = publish_targeted(hub, "青荷镇显示屏")
    sync_once(cfg, store)
    assert store.item(item) is None
    admin = ConsoleUser(hub, "admin")
    device_id = 2
    admin.post(f"/console/devices/{device_id}", org_id=5, groups="青荷镇显示屏，所有村社区显示屏")
    sync_once(cfg, store)
    assert store.item(item) is not None and store.scope == 2
    assert store.home_org().id == 5
    admin.post(f"/console/devices/{device_id}", org_id=4, groups="")  # moved to 禾丰社区, no groups
    sync_once(cfg, store)
    assert store.item(item) is None
    assert {i.org_id for i in store.items()} <= {1, 2, 4}
    assert store.home_org().name == "中共禾丰社区委员会"  # the org its screen is now headed with


def test_urgent_notice_reaches_the_device_and_ends_on_time(hub, tmp_path):
    cfg, store = pair(hub, tmp_path)
    until = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    item = publish_targeted(hub, "", urgent="1", urgent_until=until, title="青荷镇停水紧急通知")
    sync_once(cfg, store)
    notice = store.item(item)
    assert notice.urgent and notice.urgent_until is not None
    assert rules.presence(notice, notice.urgent_until - timedelta(minutes=1)) is rules.Presence.LIVE
    assert rules.presence(notice, notice.urgent_until) is rules.Presence.HIDDEN


def test_urgent_end_before_start_is_refused(hub):
    admin = ConsoleUser(hub, "admin")
    page = admin.post("/console/items", action="publish", **item_form(urgent="1", urgent_until="2020-01-01T08:00"))
    assert "紧急通知的结束时间须晚于发布时间" in page.text


def test_revoked_device_is_refused_at_once(hub, tmp_path):
    cfg, store = pair(hub, tmp_path)
    sync_once(cfg, store)
    ConsoleUser(hub, "admin").post("/console/devices/2/revoke")
    with pytest.raises(SyncError, match="refused this device's token"):
        sync_once(cfg, store)
    assert store.items()  # it keeps showing what it has


def test_device_list_shows_health_and_versions(hub, tmp_path):
    cfg, store = pair(hub, tmp_path)
    sync_once(cfg, store)
    from sync import delivery
    from sync.service import heartbeat_job

    heartbeat_job(cfg)
    delivery.drain(cfg, store)
    page = ConsoleUser(hub, "admin").get("/console/devices").text
    row = page.split('data-device="梅溪村显示屏"')[1].split("</tr>")[0]
    assert "在线，内容最新" in row and "0.1.0" in row
