"""The hub-to-device wire format (docs/protocol.md): one place that writes it and reads it.

The hub calls the ``*_to_wire`` functions; a device calls ``parse_feed_page``, which checks
every field before anything touches the local store, so a malformed or hostile page is
refused whole with a message that says what was wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gongkai.domain.feedback.public_feedback import Contact, ContactKind, EchoWallEntry, RatingResult
from gongkai.domain.feedback.ratings import Tally, is_quarter

from .domain.model import Attachment, Audience, Category, Disclosure, ItemStatus, Org, OrgKind, TimeLimit

PROTOCOL_VERSION = 1
MAX_TITLE = 200
MAX_BODY = 50_000
MAX_ATTACHMENTS = 50
MAX_FILE_BYTES = 50 * 2**20
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
NONCE_PATTERN = r"[A-Za-z0-9_-]{16,64}"
"""A request nonce as a device sends it (``?nonce=``) and a page repeats it."""
_NONCE = re.compile(NONCE_PATTERN)
MAX_CONTACT = 100
FEEDBACK_TYPES = ("answer", "rating", "contact")
"""Change types added in protocol 1 for the feedback loop; the hub sends them only to a
device that lists them in its request (``types=``), so older devices never see them."""


OUTBOX_KINDS = frozenset({"dianti", "feedback", "rating", "application", "play", "heartbeat", "screenshot"})
"""What a device may send up through its outbox (POST /api/v1/outbox)."""
MAX_PAYLOAD_BYTES = 16_384
"""The largest outbox payload (its JSON, UTF-8) of every kind but a screenshot."""
MAX_SCREENSHOT_BYTES = 256 * 1024
"""The largest screenshot image a device sends (before base64); its payload may be this
much larger than ``MAX_PAYLOAD_BYTES``, and no more."""
MAX_SCREENSHOT_WIDTH = 960
"""A screen downscales its screenshot to at most this many pixels wide."""


class FeedError(ValueError):
    """A feed page that cannot be applied; the message names the first problem found."""


@dataclass(frozen=True)
class Change:
    """One entry of the change feed: an org or item upserted, or a tombstone."""

    seq: int
    kind: str  # "org" | "item" | "answer" | "rating" | "contact"
    id: int
    record: Org | Disclosure | EchoWallEntry | RatingResult | Contact | None  # None for a tombstone


@dataclass(frozen=True)
class FeedPage:
    """A page of changes after cursor ``after``, leading to ``cursor``."""

    cursor: int
    more: bool
    changes: list[Change]
    after: int = 0
    scope: int = 1
    reset: bool = False
    """The device's view changed: drop everything, this page starts again from zero."""
    org: int | None = None
    """The org the device belongs to, whose name heads its screen (None from an older hub)."""
    device: str = ""
    """The key id of the device the page was made for (``gongkai.trust.device_id``)."""
    nonce: str = ""
    """The nonce of the request this page answers, and no other."""
    types: tuple[str, ...] = ()
    """The feedback-loop change types the page carries (those the request asked for)."""
    hub_time: datetime | None = None
    """The hub's clock when it made the page: the only time a device takes from the hub."""
    screenshot_request: str | None = None
    """When an admin asked this device for a screenshot still not received (None: no request)."""


def org_to_wire(org: Org) -> dict[str, Any]:
    """An org's wire form, as the feed sends it and a device stores it."""
    return {"id": org.id, "parent_id": org.parent_id, "name": org.name, "kind": org.kind.value}


def item_to_wire(item: Disclosure) -> dict[str, Any]:
    """The item's wire form, as the feed sends it, a device stores it and parse_item reads it back."""
    return {
        "id": item.id,
        "org_id": item.org_id,
        "version": item.version,
        "category": int(item.category),
        "title": item.title,
        "body": item.body,
        "audience": item.audience.value,
        "time_limit": item.time_limit.value,
        "status": item.status.value,
        "published_at": item.published_at.isoformat(),
        "gongshi_start": _date_or_none(item.gongshi_start),
        "gongshi_end": _date_or_none(item.gongshi_end),
        "period_label": item.period_label,
        "withdrawn_at": item.withdrawn_at.isoformat() if item.withdrawn_at else None,
        "withdrawal_note": item.withdrawal_note,
        "attachments": [attachment_to_wire(a) for a in item.attachments],
        "urgent": item.urgent,
        "urgent_until": item.urgent_until.isoformat() if item.urgent_until else None,
    }


def attachment_to_wire(attachment: Attachment) -> dict[str, Any]:
    """An attachment's wire form inside its item's: what a device needs to fetch and check the file."""
    return {"sha256": attachment.sha256, "size": attachment.size,
            "media_type": attachment.media_type, "name": attachment.name}


def answer_to_wire(entry: EchoWallEntry) -> dict[str, Any]:
    """A 回音壁 entry's wire form, as the feed sends it and a device stores it."""
    return {"id": entry.id, "org_id": entry.org_id, "receipt": entry.receipt, "kind": entry.kind,
            "question": entry.question, "asker": entry.asker, "reply": entry.reply,
            "declined": entry.declined, "asked_on": entry.asked_on.isoformat(),
            "answered_at": entry.answered_at.isoformat()}


def rating_to_wire(result: RatingResult) -> dict[str, Any]:
    """A published 评议 result's wire form, as the feed sends it and a device stores it."""
    return {"id": result.id, "org_id": result.org_id, "quarter": result.quarter,
            "satisfied": result.tally.satisfied, "basically": result.tally.basically,
            "dissatisfied": result.tally.dissatisfied, "published_at": result.published_at.isoformat()}


def contact_to_wire(contact: Contact) -> dict[str, Any]:
    """A 监督直通车 contact's wire form, as the feed sends it and a device stores it."""
    return {"id": contact.id, "org_id": contact.org_id, "kind": contact.kind.value, "name": contact.name,
            "value": contact.value, "note": contact.note}


def _date_or_none(d: date | None) -> str | None:
    return d.isoformat() if d else None


def parse_feed_page(payload: Any) -> FeedPage:
    """Validate a decoded JSON feed page; raise FeedError naming the first bad field."""
    if not isinstance(payload, dict):
        raise FeedError("feed page is not a JSON object")
    if payload.get("protocol") != PROTOCOL_VERSION:
        raise FeedError(f"unsupported protocol version {payload.get('protocol')!r}")
    cursor = _int(payload, "cursor", "page")
    after = _int(payload, "after", "page")
    scope = _int(payload, "scope", "page")
    reset = payload.get("reset")
    if not isinstance(reset, bool):
        raise FeedError("page field 'reset' must be true or false")
    more = payload.get("more")
    if not isinstance(more, bool):
        raise FeedError("page field 'more' must be true or false")
    raw_changes = payload.get("changes")
    if not isinstance(raw_changes, list):
        raise FeedError("page field 'changes' must be a list")
    changes = [parse_change(raw, n) for n, raw in enumerate(raw_changes)]
    if changes and max(c.seq for c in changes) > cursor:
        raise FeedError("page cursor is behind the changes it carries")
    if any(c.seq <= after for c in changes) or cursor < after:
        raise FeedError("page carries changes from before its own starting cursor")
    org = None if payload.get("org") is None else _int(payload, "org", "page")
    return FeedPage(cursor=cursor, more=more, changes=changes, after=after, scope=scope, reset=reset, org=org,
                    device=_device(payload), nonce=_nonce(payload), types=_types(payload),
                    hub_time=_datetime(payload, "hub_time", "page"),
                    screenshot_request=_screenshot_request(payload))


def max_payload_bytes(kind: str) -> int:
    """How large an outbox record's payload of ``kind`` may be: a screenshot carries its image."""
    return MAX_PAYLOAD_BYTES + MAX_SCREENSHOT_BYTES * 4 // 3 + 4 if kind == "screenshot" else MAX_PAYLOAD_BYTES


def _screenshot_request(payload: dict) -> str | None:
    """The pending screenshot request a page names: the time it was made, or None."""
    when = _datetime(payload, "screenshot_request", "page", optional=True)
    return None if when is None else when.isoformat()


def _device(payload: dict) -> str:
    device = payload.get("device")
    if not isinstance(device, str) or not _KEY_ID.fullmatch(device):
        raise FeedError("page field 'device' must be 16 hex digits naming the device (is the hub older "
                        "than this device? upgrade the hub first)")
    return device


def _nonce(payload: dict) -> str:
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not _NONCE.fullmatch(nonce):
        raise FeedError("page field 'nonce' must repeat the request's nonce")
    return nonce


def _types(payload: dict) -> tuple[str, ...]:
    types = payload.get("types")
    if not isinstance(types, list) or not all(t in FEEDBACK_TYPES for t in types):
        raise FeedError(f"page field 'types' must list change types out of {list(FEEDBACK_TYPES)}")
    return tuple(types)


def parse_change(raw: Any, n: int = 0) -> Change:
    """One change of a feed page, checked; ``n``, its place in the page, names it in a FeedError."""
    where = f"change #{n}"
    if not isinstance(raw, dict):
        raise FeedError(f"{where} is not an object")
    seq = _int(raw, "seq", where)
    kind = raw.get("type")
    ident = _int(raw, "id", where)
    if kind not in _PARSERS:
        raise FeedError(f"{where} has unknown type {kind!r}")
    if raw.get("deleted") is True:
        return Change(seq, kind, ident, None)
    data = raw.get("data")
    if not isinstance(data, dict):
        raise FeedError(f"{where} has no data object")
    where = f"{kind} {ident}"
    if _int(data, "id", where) != ident:
        raise FeedError(f"{where}: data id does not match the change")
    return Change(seq, kind, ident, _PARSERS[kind](data, where))


def parse_org(data: dict, where: str) -> Org:
    """An org from its wire form, checked; ``where`` names the record in a FeedError."""
    parent = data.get("parent_id")
    if parent is not None:
        parent = _int(data, "parent_id", where)
    return Org(
        id=_int(data, "id", where),
        name=_text(data, "name", where, MAX_TITLE),
        kind=_enum(OrgKind, data, "kind", where),
        parent_id=parent,
    )


def parse_item(data: dict, where: str) -> Disclosure:
    """An item from its wire form, checked field by field: from the feed, and back out of a device's store."""
    category = data.get("category")
    if not isinstance(category, int) or isinstance(category, bool) or category not in Category._value2member_map_:
        raise FeedError(f"{where}: unknown category {category!r} (expected 1-8)")
    item = Disclosure(
        id=_int(data, "id", where),
        org_id=_int(data, "org_id", where),
        version=_int(data, "version", where),
        category=Category(category),
        title=_text(data, "title", where, MAX_TITLE),
        body=_text(data, "body", where, MAX_BODY, allow_empty=True),
        audience=_enum(Audience, data, "audience", where),
        time_limit=_enum(TimeLimit, data, "time_limit", where),
        status=_enum(ItemStatus, data, "status", where),
        published_at=_datetime(data, "published_at", where),
        gongshi_start=_date(data, "gongshi_start", where),
        gongshi_end=_date(data, "gongshi_end", where),
        period_label=_text(data, "period_label", where, MAX_TITLE, allow_empty=True),
        withdrawn_at=_datetime(data, "withdrawn_at", where, optional=True),
        withdrawal_note=_text(data, "withdrawal_note", where, MAX_BODY, allow_empty=True),
        attachments=_attachments(data, where),
        urgent=_bool(data, "urgent", where),
        urgent_until=_datetime(data, "urgent_until", where, optional=True),
    )
    if item.gongshi_start and item.gongshi_end and item.gongshi_end < item.gongshi_start:
        raise FeedError(f"{where}: 公示 ends before it starts")
    return item


def parse_answer(data: dict, where: str) -> EchoWallEntry:
    """A 回音壁 entry from its wire form, checked: from the feed, and back out of a device's store."""
    kind = data.get("kind")
    if kind not in ("dianti", "feedback", "application"):
        raise FeedError(f"{where}: field 'kind' has unknown value {kind!r}")
    asked_on = _date(data, "asked_on", where)
    if asked_on is None:
        raise FeedError(f"{where}: field 'asked_on' must be a date")
    return EchoWallEntry(
        id=_int(data, "id", where), org_id=_int(data, "org_id", where),
        receipt=_text(data, "receipt", where, 40), kind=kind,
        question=_text(data, "question", where, MAX_BODY), asker=_text(data, "asker", where, 40, allow_empty=True),
        reply=_text(data, "reply", where, MAX_BODY), declined=_bool(data, "declined", where),
        asked_on=asked_on, answered_at=_datetime(data, "answered_at", where))


def parse_rating(data: dict, where: str) -> RatingResult:
    """A published 评议 result from its wire form, checked: from the feed, and back out of a device's store."""
    quarter = data.get("quarter")
    if not isinstance(quarter, str) or not is_quarter(quarter):
        raise FeedError(f"{where}: field 'quarter' must look like 2026Q4")
    return RatingResult(
        id=_int(data, "id", where), org_id=_int(data, "org_id", where), quarter=quarter,
        tally=Tally(_int(data, "satisfied", where), _int(data, "basically", where),
                    _int(data, "dissatisfied", where)),
        published_at=_datetime(data, "published_at", where))


def parse_contact(data: dict, where: str) -> Contact:
    """A 监督直通车 contact from its wire form, checked: from the feed, and back out of a device's store."""
    return Contact(
        id=_int(data, "id", where), org_id=_int(data, "org_id", where),
        kind=_enum(ContactKind, data, "kind", where), name=_text(data, "name", where, MAX_CONTACT),
        value=_text(data, "value", where, MAX_CONTACT, allow_empty=True),
        note=_text(data, "note", where, MAX_TITLE, allow_empty=True))


_PARSERS = {"org": parse_org, "item": parse_item, "answer": parse_answer, "rating": parse_rating,
            "contact": parse_contact}


def _attachments(data: dict, where: str) -> tuple[Attachment, ...]:
    raw = data.get("attachments", [])
    if not isinstance(raw, list) or len(raw) > MAX_ATTACHMENTS:
        raise FeedError(f"{where}: field 'attachments' must be a list of at most {MAX_ATTACHMENTS}")
    return tuple(parse_attachment(entry, f"{where} attachment #{n}") for n, entry in enumerate(raw))


def parse_attachment(entry: Any, where: str) -> Attachment:
    """An attachment from its wire form, refused unless it is an image a screen can show, of bounded size, named by
    its hash."""
    if not isinstance(entry, dict):
        raise FeedError(f"{where} is not an object")
    sha256 = entry.get("sha256")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise FeedError(f"{where}: 'sha256' must be 64 lowercase hex digits")
    size = _int(entry, "size", where)
    if size > MAX_FILE_BYTES:
        raise FeedError(f"{where}: file larger than {MAX_FILE_BYTES} bytes")
    media_type = entry.get("media_type")
    if media_type not in IMAGE_TYPES:
        raise FeedError(f"{where}: media type {media_type!r} is not an image a screen shows")
    return Attachment(sha256, size, media_type, _text(entry, "name", where, MAX_TITLE, allow_empty=True))


def _bool(data: dict, key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise FeedError(f"{where}: field '{key}' must be true or false")
    return value


def _int(data: dict, key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**62:
        raise FeedError(f"{where}: field '{key}' must be a non-negative integer, got {value!r}")
    return value


def _text(data: dict, key: str, where: str, limit: int, allow_empty: bool = False) -> str:
    value = data.get(key, "" if allow_empty else None)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise FeedError(f"{where}: field '{key}' must be non-empty text")
    if len(value) > limit:
        raise FeedError(f"{where}: field '{key}' is longer than {limit} characters")
    return value


def _enum(enum_type, data: dict, key: str, where: str):
    value = data.get(key)
    try:
        return enum_type(value)
    except ValueError:
        raise FeedError(f"{where}: field '{key}' has unknown value {value!r}") from None


def _date(data: dict, key: str, where: str) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FeedError(f"{where}: field '{key}' is not a date: {value!r}") from None


def _datetime(data: dict, key: str, where: str, optional: bool = False) -> datetime | None:
    value = data.get(key)
    if value is None and optional:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise FeedError(f"{where}: field '{key}' is not a date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise FeedError(f"{where}: field '{key}' has no time zone")
    return parsed
