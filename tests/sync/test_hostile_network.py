"""Sync against a hostile network: a proxy on loopback in front of the real hub replays,
reorders, withholds, rewrites and trickles its answers (issue 13, "Trust under attack").

Whatever it does, a device never shows less than it trusted, never shows what the hub did
not sign for it, and never fails to say so: the refusals are counted and ``gongkai status``
and the hub's device list say when no fresh signed word has come for too long.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from device import config, outbox
from device.clock import now
from device.store import Store
from gongkai import signing
from gongkai.domain import rules
from gongkai.domain.feedback.public_feedback import ContactKind
from gongkai.domain.model import ItemStatus
from hub.demo.district import DEMO_DEVICE_NAME
from hub.feedback import supervision
from hub.fleet import devices, submissions
from hub.workflow import disclosures
from sync import delivery
from sync.feed import SyncError, sync_once
from sync.files import fetch_files
from sync.pairing import PairingError, pairing_step
from sync.service import heartbeat_job
from sync.status import device_status
from tests.hub.client import ConsoleUser
from tests.sync.proxy import Answer, Ask, Proxy
from tests.sync.test_feed import ADMIN, publish
from tests.sync.test_files import picture, publish_with

FEED = "/api/v1/feed"


@pytest.fixture
def proxy(hub):
    with Proxy(hub.url) as running:
        yield running


def through(hub, proxy, **changes) -> config.DeviceConfig:
    """The demo device, reaching its hub only through the proxy."""
    return replace(hub.device_config(), hub_url=proxy.url, **changes)


def shown(store: Store) -> list[tuple[int, int, str]]:
    """What the screen may show: each ready item's id, version and status."""
    return sorted((i.id, i.version, i.status.value) for i in store.items())


def state(store: Store):
    return store.cursor, store.scope, shown(store), store.meta("org_id")


def replaying(answer: Answer):
    """A rule that answers every feed request with one recorded answer, forwarding the rest."""
    return lambda ask: answer if ask.route == FEED else ask.forward()


def failed(store: Store) -> int:
    return int(store.meta("failed_verifications") or 0)


def withdraw(hub, item_id: int) -> None:
    with hub.engine.begin() as conn:
        disclosures.withdraw(conn, item_id, "数据有误，核实后重新公开。", ADMIN)


# --- rollback by replay ---------------------------------------------------

def test_replayed_first_reset_page_cannot_bring_a_withdrawn_item_back(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    item_id = publish(hub)
    sync_once(cfg, store)
    [first] = proxy.answers(FEED)
    assert b'"reset":true' in first.answer.body
    withdraw(hub, item_id)
    sync_once(cfg, store)
    before = state(store)

    proxy.rule = replaying(first.answer)
    with pytest.raises(SyncError, match="refused"):
        sync_once(cfg, store)

    assert state(store) == before
    item = store.item(item_id)
    assert item.status is ItemStatus.WITHDRAWN and item.version == 2
    assert "数据有误" in rules.withdrawal_notice(item)
    status = device_status(cfg, store)
    assert status["failed_verifications"] == 1 and "refused" in status["last_error"]


def test_every_answer_the_hub_ever_sent_is_refused_when_replayed(hub, proxy):
    """A history of first sync (several pages), a change, a no-change poll and a withdrawal;
    then each recorded answer is replayed in turn, each to a fresh request."""
    cfg = through(hub, proxy, page_size=20)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    item_id = publish(hub)
    sync_once(cfg, store)
    sync_once(cfg, store)
    withdraw(hub, item_id)
    sync_once(cfg, store)
    history = [exchange.answer for exchange in proxy.answers(FEED)]
    assert len(history) >= 6
    before = state(store)

    for n, answer in enumerate(history, start=1):
        proxy.rule = replaying(answer)
        with pytest.raises(SyncError):
            sync_once(cfg, store)
        assert state(store) == before
        assert failed(store) == n

    proxy.rule = lambda ask: ask.forward()
    sync_once(cfg, store)  # the honest hub is still believed: nothing was lost
    assert state(store) == before and store.meta("last_error") is None


def test_a_withheld_page_replayed_after_the_hub_moved_on_is_refused(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    item_id = publish(hub)
    held: list[Answer] = []

    def withhold(ask: Ask) -> Answer:
        held.append(ask.forward())
        return Answer(502, (("Content-Type", "text/plain"),), b"bad gateway")

    proxy.rule = withhold
    with pytest.raises(SyncError, match="HTTP 502"):
        sync_once(cfg, store)
    withdraw(hub, item_id)  # the held page now says something the hub no longer says
    before = state(store)

    proxy.rule = replaying(held[0])
    with pytest.raises(SyncError, match="refused"):
        sync_once(cfg, store)
    assert state(store) == before and store.item(item_id) is None
    assert failed(store) == 1

    proxy.rule = lambda ask: ask.forward()
    sync_once(cfg, store)
    assert store.item(item_id).status is ItemStatus.WITHDRAWN


# --- binding: a page is for one device, one scope, one set of types ----------

def test_another_devices_page_is_refused(hub, proxy):
    with hub.engine.begin() as conn:
        _, other_token = devices.enrol(conn, "梅溪村党群服务中心显示屏", org_id=5)
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    before = state(store)

    def as_the_other_device(ask: Ask) -> Answer:
        return ask.forward(headers={**ask.headers, "Authorization": f"Bearer {other_token}"})

    proxy.rule = as_the_other_device
    with pytest.raises(SyncError, match="another device"):
        sync_once(cfg, store)
    assert state(store) == before and failed(store) == 1


def test_a_forced_reset_to_a_scope_the_device_has_is_refused(hub, proxy):
    """The proxy rewrites the request's scope, so the hub sends a fresh reset page."""
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    before = state(store)
    proxy.rule = lambda ask: ask.forward(path=ask.path.replace("scope=1", "scope=0"))
    with pytest.raises(SyncError, match="refused"):
        sync_once(cfg, store)
    assert state(store) == before and failed(store) == 1


def test_stripping_the_requested_change_types_cannot_hide_a_removed_contact(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    with hub.engine.begin() as conn:
        contact_id = supervision.add(conn, ADMIN, 4, ContactKind.HOTLINE, "社区监督电话", "0571-8888 6666")
    sync_once(cfg, store)
    assert contact_id in {c.id for c in store.contacts()}
    with hub.engine.begin() as conn:
        supervision.remove(conn, ADMIN, contact_id)  # the number now belongs to someone else

    proxy.rule = lambda ask: ask.forward(path=ask.path.replace("types=", "was="))
    with pytest.raises(SyncError, match="refused"):
        sync_once(cfg, store)
    assert failed(store) == 1
    proxy.rule = lambda ask: ask.forward()
    sync_once(cfg, store)
    assert contact_id not in {c.id for c in store.contacts()}


def test_altered_page_bytes_are_refused(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    item_id = publish(hub)
    before = state(store)

    def alter(ask: Ask) -> Answer:
        answer = ask.forward()
        return answer.with_body(answer.body.replace("党费".encode(), "会费".encode()))

    proxy.rule = alter
    with pytest.raises(SyncError, match="refused a feed page"):
        sync_once(cfg, store)
    assert state(store) == before and store.item(item_id) is None and failed(store) == 1


# --- freeze: a forged "nothing new", withholding, an endless replay ---------

def _forged_304(ask: Ask) -> Answer:
    if ask.route != FEED:
        return ask.forward()
    return Answer(304, (("ETag", '"d1-s1-h56"'),))


def _bad_gateway(ask: Ask) -> Answer:
    return Answer(502, (("Content-Type", "text/plain"),), b"bad gateway")


@pytest.mark.parametrize("attack", ["forged 304", "withheld", "last answer replayed"])
def test_a_frozen_device_says_so_in_gongkai_status(hub, proxy, tmp_path, attack):
    path = tmp_path / "device.toml"
    path.write_text(hub.device_config_path.read_text().replace(hub.url, proxy.url), encoding="utf-8")
    assert run("sync", "--once", "--config", str(path)).returncode == 0
    item_id = publish(hub)
    proxy.rule = {"forged 304": _forged_304, "withheld": _bad_gateway,
                  "last answer replayed": replaying(proxy.answers(FEED)[-1].answer)}[attack]

    frozen = run("sync", "--once", "--config", str(path))
    assert frozen.returncode == 1 and "up to date" not in frozen.stdout
    path.write_text(path.read_text() + "stale_after = 2\n", encoding="utf-8")
    time.sleep(2.5)
    run("sync", "--once", "--config", str(path))
    status = json.loads(run("status", "--config", str(path), "--json").stdout)
    assert status["stale"] is True and status["fresh_age_seconds"] > 2
    assert status["stale_after_seconds"] == 2
    assert status["failed_verifications"] == (0 if attack == "withheld" else 2)
    words = run("status", "--config", str(path)).stdout
    assert "no fresh signed answer from the hub" in words

    proxy.rule = lambda ask: ask.forward()
    assert run("sync", "--once", "--config", str(path)).returncode == 0
    status = json.loads(run("status", "--config", str(path), "--json").stdout)
    assert status["stale"] is False
    store = Store(config.load(path).store_path)
    assert store.item(item_id) is not None


def test_the_hubs_device_list_shows_a_device_without_fresh_signed_answers(hub, proxy):
    cfg = through(hub, proxy, stale_after=1.0)
    store = Store(cfg.store_path)
    sync_once(cfg, store)
    heartbeat_job(cfg)
    delivery.drain(cfg, store)
    assert "未收到中心签名应答" not in _device_row(hub, DEMO_DEVICE_NAME)

    proxy.rule = _forged_304
    time.sleep(1.5)
    with pytest.raises(SyncError):
        sync_once(cfg, store)
    heartbeat_job(cfg)
    delivery.drain(cfg, store)  # the proxy lets the heartbeat through: it tells on the proxy
    assert "未收到中心签名应答" in _device_row(hub, DEMO_DEVICE_NAME)


def _device_row(hub, name: str) -> str:
    page = ConsoleUser(hub, "admin").get("/console/devices").text
    return page.split(f'data-device="{name}"')[1].split("</tr>")[0]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, timeout=60)


# --- the hub's time ---------------------------------------------------------

def test_a_forged_date_header_does_not_move_the_devices_clock(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    proxy.rule = lambda ask: ask.forward().with_header("Date", "Tue, 01 Jul 2031 08:00:00 GMT")
    sync_once(cfg, store)
    sync_once(cfg, store)
    assert abs(store.clock_offset) < 1
    at = now(cfg.zone, store.clock_offset)
    assert len(rules.live(store.items(), at)) == len(rules.live(store.items(), now(cfg.zone)))
    assert abs(device_status(cfg, store)["clock_offset_seconds"]) < 1


def test_an_answer_held_back_on_the_way_does_not_move_the_clock(hub, proxy):
    """Each read stays under the timeout, so the device waits; the hub's time in the answer is old."""
    cfg = through(hub, proxy, timeout=1.0)
    store = Store(cfg.store_path)
    proxy.rule = lambda ask: replace(ask.forward(), trickle_seconds=4.0)
    sync_once(cfg, store)
    assert store.item_count() == 42  # the content is fresh and applied
    assert abs(store.clock_offset) < 1


# --- files ------------------------------------------------------------------

def test_an_altered_file_is_refused_counted_and_fetched_again(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    item_id = publish_with(hub, (picture(), "平面图.png"))
    sync_once(cfg, store)

    def alter(ask: Ask) -> Answer:
        answer = ask.forward()
        return answer.with_body(answer.body[:-1] + bytes([answer.body[-1] ^ 1])) if "/files/" in ask.path else answer

    proxy.rule = alter
    result = fetch_files(cfg, store)
    assert "did not match its hash" in next(iter(result.failed.values()))
    assert store.item(item_id) is None and failed(store) == 1
    proxy.rule = lambda ask: ask.forward()
    assert fetch_files(cfg, store).fetched and store.item(item_id) is not None


def test_an_endless_file_answer_is_cut_off_at_the_signed_size(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    item_id = publish_with(hub, (picture(), "平面图.png"))
    sync_once(cfg, store)
    [(sha256, size)] = store.wanted_files()

    def flood(ask: Ask) -> Answer:
        answer = ask.forward()
        return answer.with_body(answer.body + b"\0" * 8 * 2**20) if "/files/" in ask.path else answer

    proxy.rule = flood
    result = fetch_files(cfg, store)
    assert f"more than the {size} bytes" in result.failed[sha256]
    assert store.item(item_id) is None
    assert not (store.files_dir / ".partial" / sha256).exists()


# --- pairing ----------------------------------------------------------------

def new_screen(proxy, tmp_path, name: str) -> config.DeviceConfig:
    path = tmp_path / name / "device.toml"
    path.parent.mkdir()
    path.write_text(f'[device]\nkind = "display"\n[hub]\nurl = "{proxy.url}"\n[store]\npath = "device.db"\n',
                    encoding="utf-8")
    return config.load(path)


def confirm(hub, store: Store, name: str) -> None:
    page = ConsoleUser(hub, "admin").post("/console/devices/pair", code=store.meta("pairing_code"),
                                          name=name, org_id=5, groups="")
    assert f"已配对：{name}" in page.text


def test_a_pairing_answer_with_a_swapped_key_is_refused(hub, proxy, tmp_path):
    screen = new_screen(proxy, tmp_path, "a")
    store = Store(screen.store_path)
    pairing_step(screen, store, "display")
    confirm(hub, store, "梅溪村显示屏")
    attacker = signing.public_key_text(Ed25519PrivateKey.generate())

    def swap_key(ask: Ask) -> Answer:
        answer = ask.forward()
        body = json.loads(answer.body)
        return answer.with_body(json.dumps({**body, "public_key": attacker}).encode()) if "public_key" in body \
            else answer

    proxy.rule = swap_key
    with pytest.raises(PairingError, match="refused"):
        pairing_step(screen, store, "display")
    assert not (screen.store_path.parent / config.ENROLMENT_FILE).exists()
    assert int(store.meta("failed_verifications")) == 1


def test_another_screens_pairing_answer_replayed_is_refused(hub, proxy, tmp_path):
    first = new_screen(proxy, tmp_path, "first")
    first_store = Store(first.store_path)
    pairing_step(first, first_store, "display")
    confirm(hub, first_store, "梅溪村显示屏")
    assert pairing_step(first, first_store, "display").paired
    collected = proxy.log[-1].answer

    second = new_screen(proxy, tmp_path, "second")
    second_store = Store(second.store_path)
    pairing_step(second, second_store, "display")
    proxy.rule = lambda ask: collected if ask.method == "GET" else ask.forward()
    with pytest.raises(PairingError, match="refused"):
        pairing_step(second, second_store, "display")
    assert not (second.store_path.parent / config.ENROLMENT_FILE).exists()


# --- the outbox -------------------------------------------------------------

def test_a_forged_outbox_acknowledgement_loses_no_submission(hub, proxy):
    cfg = through(hub, proxy)
    store = Store(cfg.store_path)
    receipt = outbox.add(store, "dianti", {"org_id": 4, "text": "希望公开社区老年食堂的收费标准和补贴发放情况。"})

    def acknowledge_without_forwarding(ask: Ask) -> Answer:
        return Answer(200, (("Content-Type", "application/json"),), json.dumps({"accepted": [receipt]}).encode())

    proxy.rule = acknowledge_without_forwarding
    with pytest.raises(delivery.OutboxError, match="refused the answer to the outbox"):
        delivery.drain(cfg, store)
    assert outbox.depth(store) == 1 and failed(store) == 1

    proxy.rule = lambda ask: ask.forward()
    later = datetime.now(timezone.utc) + timedelta(days=1)  # past its backoff
    assert delivery.drain(cfg, store, now=later) == 1 and outbox.depth(store) == 0
    with hub.engine.connect() as conn:
        assert submissions.count(conn, kind="dianti") == 1
