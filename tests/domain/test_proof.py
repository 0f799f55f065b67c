from datetime import datetime, timedelta, timezone

import pytest

from gongkai.domain.proof import (
    CLOCK_TOLERANCE,
    STALE_GRACE,
    Claim,
    Life,
    Refusal,
    Refused,
    Span,
    check,
    overlaps,
    read,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)
PAIRED = Life(NOW - timedelta(days=30))
LIVE = Span(NOW - timedelta(days=90))


def claim(started: datetime = NOW - timedelta(hours=1), seconds: float = 40.0) -> Claim:
    return Claim(7, 1, started, seconds)


def refusal(c: Claim, life: Life = PAIRED, span: Span | None = LIVE, sent: bool = True,
            neighbours: tuple[Claim, ...] = ()) -> Refusal | None:
    try:
        check(c, NOW, life, span, sent, neighbours)
    except Refused as refused:
        return refused.reason
    return None


def test_a_display_payload_reads_as_a_claim():
    got = read({"item_id": 7, "version": 2, "started_at": "2026-11-29T09:00:00+08:00", "seconds": 12.5, "pages": 1})
    assert got == Claim(7, 2, datetime(2026, 11, 29, 1, 0, tzinfo=timezone.utc), 12.5)


@pytest.mark.parametrize("payload, reason", [
    ({"item_id": "7", "version": 1, "started_at": "2026-11-29T09:00:00+08:00", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": True, "started_at": "2026-11-29T09:00:00+08:00", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "2026-11-29T09:00:00", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "yesterday", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "0001-01-01T00:00:00+14:00", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "9999-12-31T23:59:59-14:00", "seconds": 5}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "2026-11-29T09:00:00+08:00", "seconds": float("nan")}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "2026-11-29T09:00:00+08:00", "seconds": 0}, Refusal.UNREADABLE),
    ({"item_id": 7, "version": 1, "started_at": "2026-11-29T09:00:00+08:00", "seconds": 99999}, Refusal.TOO_LONG),
])
def test_what_does_not_read_as_a_showing_is_refused(payload, reason):
    with pytest.raises(Refused) as refused:
        read(payload)
    assert refused.value.reason is reason


def test_an_honest_showing_is_evidence():
    assert refusal(claim()) is None


def test_a_showing_ending_in_the_future_is_refused_beyond_the_clock_tolerance():
    assert refusal(claim(NOW)) is None
    assert refusal(claim(NOW + CLOCK_TOLERANCE)) is Refusal.FUTURE
    assert refusal(claim(datetime(2030, 1, 1, tzinfo=timezone.utc))) is Refusal.FUTURE


def test_a_showing_before_the_screen_was_paired_is_refused():
    assert refusal(claim(PAIRED.paired_at - CLOCK_TOLERANCE - timedelta(seconds=1))) is Refusal.BEFORE_PAIRING
    assert refusal(claim(PAIRED.paired_at)) is None


def test_a_showing_between_revocation_and_reinstatement_is_refused():
    stolen = Life(PAIRED.paired_at, revoked_at=NOW - timedelta(hours=5), reinstated_at=NOW - timedelta(hours=2))
    assert refusal(claim(NOW - timedelta(hours=6)), stolen) is None
    assert refusal(claim(NOW - timedelta(hours=4)), stolen) is Refusal.WHILE_REVOKED
    assert refusal(claim(NOW - timedelta(hours=1)), stolen) is None
    still_revoked = Life(PAIRED.paired_at, revoked_at=NOW - timedelta(hours=5))
    assert refusal(claim(NOW - timedelta(hours=1)), still_revoked) is Refusal.WHILE_REVOKED


def test_a_version_never_published_or_never_sent_to_the_screen_is_refused():
    assert refusal(claim(), span=None, sent=False) is Refusal.NO_SUCH_VERSION
    assert refusal(claim(), sent=False) is Refusal.NOT_SENT


def test_a_version_counts_from_going_live_until_a_grace_after_it_was_replaced():
    replaced = Span(NOW - timedelta(days=3), superseded_at=NOW - timedelta(hours=2))
    assert refusal(claim(replaced.live_from - CLOCK_TOLERANCE - timedelta(seconds=1)), span=replaced) is Refusal.NOT_LIVE
    assert refusal(claim(replaced.superseded_at + STALE_GRACE - timedelta(minutes=1)), span=replaced) is None
    assert refusal(claim(replaced.superseded_at + STALE_GRACE), span=replaced) is Refusal.NOT_LIVE


def test_two_showings_on_one_screen_may_touch_but_not_overlap():
    first = claim(NOW - timedelta(hours=1), 40.0)
    touching = claim(first.ended - timedelta(seconds=0.3))
    assert not overlaps(first, touching) and refusal(touching, neighbours=(first,)) is None
    assert refusal(claim(first.started + timedelta(seconds=20)), neighbours=(first,)) is Refusal.OVERLAP
    short = claim(NOW - timedelta(minutes=5), 3.0)
    assert overlaps(short, claim(short.started, 3.0))  # a short showing claimed twice
