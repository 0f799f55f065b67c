"""评议 without an account has limits that hold: per address, per kiosk (on the kiosk and
through its QR codes) and per answered request; a service centre's shared address is not
locked out after a handful. (点题, 举报 and kiosk requests: test_feedback, test_wall_reports.)"""
from __future__ import annotations

import re
from datetime import datetime, timezone

import requests
import sqlalchemy as sa

from device import outbox
from device.store import Store
from gongkai import qrtoken
from gongkai.domain.feedback import abuse
from hub.fleet import devices
from hub.storage import db
from sync import delivery
from tests.hub.client import ConsoleUser

DISTRICT = 1


def budget(windows: tuple[abuse.Window, ...]) -> int:
    """How many fit the shortest window: what a burst gets."""
    return min(window.limit for window in windows)


def ratings_of(hub, org_id: int = DISTRICT) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(db.ratings)
                            .where(db.ratings.c.org_id == org_id)).scalar_one()


def rate(hub, token: str = "", level: str = "dissatisfied") -> int:
    return requests.post(f"{hub.url}/m/pingyi", data={"org_id": DISTRICT, "level": level, "t": token},
                         timeout=10).status_code


def kiosk_code(device_token: str) -> str:
    """A fresh QR code as the kiosk holding ``device_token`` shows it."""
    return qrtoken.issue(qrtoken.device_token_hash(device_token), "c-pingyi", datetime.now(timezone.utc))


def test_a_burst_of_anonymous_ratings_is_cut_off_and_the_published_result_counts_the_budget(hub):
    codes = [rate(hub) for _ in range(40)]
    allowed = budget(abuse.ANONYMOUS_RATING_WINDOWS)
    assert codes == [200] * allowed + [429] * (40 - allowed)
    assert ratings_of(hub) == allowed
    admin = ConsoleUser(hub, "admin")
    quarter = re.search(r'name="quarter" value="(\d{4}Q\d)"', admin.get("/console/feedback").text).group(1)
    admin.post("/console/feedback/ratings", org_id=DISTRICT, quarter=quarter)
    with hub.engine.connect() as conn:
        result = conn.execute(sa.select(db.rating_results).where(db.rating_results.c.org_id == DISTRICT)).one()
    assert (result.satisfied, result.basically, result.dissatisfied) == (0, 0, allowed)


def test_citizens_sharing_an_address_rate_through_kiosk_codes_within_each_kiosks_and_the_addresss_budget(hub):
    hall = hub.device_config().token
    with hub.engine.begin() as conn:
        lobby = devices.enrol(conn, "南湖区党员服务中心二楼触摸屏", org_id=DISTRICT)[1]
    per_kiosk, ceiling = budget(abuse.RATING_DEVICE_WINDOWS), budget(abuse.RATING_ADDRESS_WINDOWS)
    assert per_kiosk > budget(abuse.ANONYMOUS_RATING_WINDOWS)
    from_hall = [rate(hub, kiosk_code(hall)) for _ in range(per_kiosk + 3)]
    assert from_hall == [200] * per_kiosk + [429] * 3            # the hall kiosk's budget holds
    from_lobby = [rate(hub, kiosk_code(lobby)) for _ in range(per_kiosk)]
    assert from_lobby == [200] * (ceiling - per_kiosk) + [429] * (2 * per_kiosk - ceiling)  # the address's ceiling
    assert ratings_of(hub) == ceiling


def test_a_refused_rating_does_not_spend_its_kiosk_code(hub):
    hall = hub.device_config().token
    for _ in range(budget(abuse.RATING_DEVICE_WINDOWS)):
        assert rate(hub, kiosk_code(hall)) == 200
    code = kiosk_code(hall)
    assert rate(hub, code) == 429
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.qr_uses)).scalar_one() == \
            budget(abuse.RATING_DEVICE_WINDOWS)


def test_kiosk_ratings_through_the_outbox_are_limited_per_kiosk(hub):
    cfg = hub.device_config()
    store = Store(cfg.store_path)
    for _ in range(40):
        outbox.add(store, "rating", {"org_id": DISTRICT, "level": "dissatisfied", "reason": ""})
    assert delivery.drain(cfg, store) == 40  # all acknowledged, so the kiosk stops resending
    assert ratings_of(hub) == budget(abuse.RATING_DEVICE_WINDOWS)
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.submissions)
                            .where(db.submissions.c.kind == "rating")).scalar_one() == 40  # kept raw
    store.close()


def test_an_answered_request_is_rated_once(hub):
    with hub.engine.connect() as conn:
        answered = conn.execute(sa.select(db.citizen_requests).where(db.citizen_requests.c.published)).first()
    first, again = (requests.post(f"{hub.url}/m/follow/{answered.receipt}/rating", data={"level": "dissatisfied"},
                                  timeout=10, allow_redirects=False) for _ in range(2))
    assert first.status_code == 303 and again.status_code == 400 and "您已评价过这条答复" in again.text
    with hub.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.ratings)
                            .where(db.ratings.c.request_id == answered.id)).scalar_one() == 1
