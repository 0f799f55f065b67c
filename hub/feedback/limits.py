"""Rate limits and repeat detection for what the public sends, kept in the hub database.

Each accepted submission is an event for each of its sources (the kiosk, the phone number,
the address); a new one is refused when any source has used up a window. Events older
than the longest window are deleted as new ones come in.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from gongkai.domain.feedback import abuse
from hub.storage import db


def allowed(conn: sa.Connection, sources: dict[str, tuple[abuse.Window, ...]], now: datetime) -> bool:
    """Whether one more submission fits every source's windows."""
    for source, windows in sources.items():
        since = (now - abuse.oldest_needed(windows)).isoformat()
        history = [datetime.fromisoformat(at) for at, in conn.execute(
            sa.select(db.rate_events.c.at).where(db.rate_events.c.source == source,
                                                 db.rate_events.c.at > since))]
        if not abuse.within_limits(history, now, windows):
            return False
    return True


def note(conn: sa.Connection, sources: dict[str, tuple[abuse.Window, ...]], now: datetime) -> None:
    """Count an accepted submission against each of its sources' budgets."""
    for source, windows in sources.items():
        conn.execute(db.rate_events.insert().values(source=source, at=now.isoformat()))
        conn.execute(db.rate_events.delete().where(
            db.rate_events.c.source == source,
            db.rate_events.c.at < (now - abuse.oldest_needed(windows)).isoformat()))


def sources_of(device_id: int | None, phone: str | None, ip: str | None) -> dict[str, tuple[abuse.Window, ...]]:
    """The budgets one citizen's request draws on: its kiosk's, its phone number's and, from
    a phone page, its address's."""
    found = {}
    if device_id is not None:
        found[f"device:{device_id}"] = abuse.DEVICE_WINDOWS
    if phone:
        found[f"phone:{phone}"] = abuse.PERSON_WINDOWS
    if ip and device_id is None:
        found[f"ip:{ip}"] = abuse.PERSON_WINDOWS
    return found


def rating_sources(device_id: int | None, ip: str | None, vouched: bool) -> dict[str, tuple[abuse.Window, ...]]:
    """The budgets one 评议 draws on: its kiosk's (on the kiosk or through its QR code), its
    address's generous ceiling, and, when neither a kiosk nor a receipt (``vouched``) stands
    behind it, the address's small anonymous budget. Kept apart from requests' budgets, so
    ratings never use up a kiosk's or an address's 点题."""
    found = {}
    if device_id is not None:
        found[f"rating-device:{device_id}"] = abuse.RATING_DEVICE_WINDOWS
    if ip:
        found[f"rating-ip:{ip}"] = abuse.RATING_ADDRESS_WINDOWS
        if device_id is None and not vouched:
            found[f"rating-anon:{ip}"] = abuse.ANONYMOUS_RATING_WINDOWS
    return found


def earlier_copy(conn: sa.Connection, text: str, device_id: int | None, phone: str | None,
                 ip: str | None, now: datetime) -> sa.Row | None:
    """The same source's request with the same text within a day, if any."""
    source = [db.citizen_requests.c.device_id == device_id] if device_id is not None else []
    source += [db.citizen_requests.c.phone == phone] if phone else []
    source += [db.citizen_requests.c.ip == ip] if ip and device_id is None else []
    if not source:
        return None
    since = (now - abuse.DUPLICATE_SPAN).isoformat()
    rows = conn.execute(sa.select(db.citizen_requests.c.id, db.citizen_requests.c.receipt,
                                  db.citizen_requests.c.text)
                        .where(sa.or_(*source), db.citizen_requests.c.received_at > since,
                               db.citizen_requests.c.duplicate_of.is_(None)))
    return next((row for row in rows if abuse.is_duplicate(text, [row.text])), None)
