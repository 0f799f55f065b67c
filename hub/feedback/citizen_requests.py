"""Citizens' requests on the hub: intake from kiosks and phones, the responsible org's
inbox with deadlines, and every staff action as an update row carrying the state change.

A request lands in the inbox of the org it concerns with a deadline counted in working
days (hub.feedback.settings). Answering records the answer; publishing puts it on the
回音壁 (hub.feedback.echo_wall), which is a projection of these rows, through the device feed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from gongkai.domain.feedback import abuse, receipts
from gongkai.domain.feedback.citizen_requests import Action, RequestKind, RequestState, TransitionError, apply
from gongkai.domain.feedback.deadlines import deadline, is_overdue, needs_reminder
from gongkai.domain.feedback.masking import is_mobile_number
from gongkai.domain.feedback.request_access import may_answer
from gongkai.domain.roles import Actor, Forbidden, readable_orgs, require_reader
from hub.clock import DISTRICT_ZONE, utcnow
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import limits
from . import settings as feedback_settings

MAX_TOPIC = 200
MAX_PURPOSE = 200


@dataclass(frozen=True)
class Submission:
    """A request as a kiosk or phone sent it, before the hub checks it."""

    kind: RequestKind
    org_id: int
    text: str
    source: str                     # kiosk | phone
    category: int | None = None
    topic: str = ""
    name: str = ""
    phone: str = ""
    purpose: str = ""
    receipt: str = ""               # issued by a kiosk offline; empty: the hub issues one
    device_id: int | None = None
    item_id: int | None = None
    ip: str | None = None
    submitted_at: datetime = field(default_factory=utcnow)


def check(conn: sa.Connection, sub: Submission) -> Submission:
    """The submission with its text cleaned; abuse.Refused (Chinese) when it cannot be filed."""
    if conn.execute(sa.select(db.orgs.c.id).where(db.orgs.c.id == sub.org_id)).first() is None:
        raise abuse.Refused("请选择所涉及的党组织")
    if sub.category is not None and not 1 <= sub.category <= 8:
        raise abuse.Refused("请选择公开类别")
    name, phone = abuse.clean(sub.name), sub.phone.strip().replace(" ", "")
    if len(name) > abuse.MAX_NAME:
        raise abuse.Refused(f"姓名不能超过{abuse.MAX_NAME}个字")
    if phone and not is_mobile_number(phone):
        raise abuse.Refused("请填写11位手机号码")
    if sub.kind is RequestKind.APPLICATION and not (name and phone):
        raise abuse.Refused("依申请公开须填写申请人姓名和手机号码，以便答复")
    topic, purpose = abuse.clean(sub.topic)[:MAX_TOPIC], abuse.clean(sub.purpose)[:MAX_PURPOSE]
    text = abuse.check_text(sub.text or topic, "内容")
    receipt = sub.receipt if receipts.normalise(sub.receipt) == sub.receipt else ""
    return Submission(sub.kind, sub.org_id, text, sub.source, sub.category, topic, name, phone, purpose,
                      receipt, sub.device_id, sub.item_id, sub.ip, sub.submitted_at)


def file_from_phone(conn: sa.Connection, sub: Submission) -> str:
    """File a phone submission, or refuse it (abuse.Refused) for its rate or as a repeat."""
    sub = check(conn, sub)
    now = utcnow()
    copy = limits.earlier_copy(conn, sub.text, None, sub.phone, sub.ip, now)
    if copy is not None:
        raise abuse.Refused(f"您已提交过相同的内容，回执号 {copy.receipt}，请勿重复提交")
    sources = limits.sources_of(None, sub.phone, sub.ip)
    if not limits.allowed(conn, sources, now):
        raise abuse.Refused("提交过于频繁，请稍后再试")
    limits.note(conn, sources, now)
    return _insert(conn, sub, now, hidden=False, duplicate_of=None)


def file_from_device(conn: sa.Connection, sub: Submission) -> str:
    """File what a kiosk already told its citizen was 已提交: never refused, but a repeat is
    linked to its original and a burst beyond the kiosk's rate is kept hidden for review."""
    sub = check(conn, sub)
    now = utcnow()
    copy = limits.earlier_copy(conn, sub.text, sub.device_id, sub.phone, None, now)
    sources = limits.sources_of(sub.device_id, sub.phone, None)
    over = not limits.allowed(conn, sources, now)
    limits.note(conn, sources, now)
    return _insert(conn, sub, now, hidden=over, duplicate_of=copy.id if copy else None)


def _insert(conn: sa.Connection, sub: Submission, now: datetime, hidden: bool,
            duplicate_of: int | None) -> str:
    settings = feedback_settings.load(conn)
    received = now.astimezone(DISTRICT_ZONE).date()
    receipt = sub.receipt or receipts.new_receipt(sub.kind, received)
    if conn.execute(sa.select(db.citizen_requests.c.id).where(db.citizen_requests.c.receipt == receipt)).first():
        receipt = receipts.new_receipt(sub.kind, received)
    request_id = conn.execute(db.citizen_requests.insert().values(
        receipt=receipt, kind=sub.kind.value, org_id=sub.org_id, category=sub.category, topic=sub.topic,
        text=sub.text, purpose=sub.purpose, name=sub.name or None, phone=sub.phone or None, ip=sub.ip,
        source=sub.source, device_id=sub.device_id, item_id=sub.item_id, duplicate_of=duplicate_of,
        state=RequestState.RECEIVED.value, hidden=hidden,
        deadline=deadline(settings.calendar, received, settings.policy).isoformat(),
        submitted_at=sub.submitted_at.isoformat(), received_at=now.isoformat(),
    )).inserted_primary_key[0]
    note = "超出终端提交频率，已自动隐藏，请核查" if hidden else ("与此前提交内容重复" if duplicate_of else "")
    _update(conn, request_id, "系统", "receive", RequestState.RECEIVED, False, note)
    return receipt


# --- staff actions ------------------------------------------------------------

def act(conn: sa.Connection, actor: Actor, request_id: int, action: Action, text: str) -> RequestState:
    """Do ``action``; every action is an update row, publication changes the 回音壁's feed."""
    row = get(conn, request_id)
    if row is None:
        raise TransitionError("该请求不存在")
    if not may_answer(actor, load_orgs(conn), row.org_id):
        raise Forbidden("您不能办理其他党组织的请求")
    text = abuse.clean(text)[:5000]
    outcome = apply(RequestState(row.state), row.published, action, text)
    now = utcnow().isoformat()
    values = {"state": outcome.state.value, "published": outcome.published}
    if action in (Action.ANSWER, Action.DECLINE):
        values["answered_at"] = now
    if outcome.published != row.published:
        values["seq"] = db.next_seq(conn)
        values["published_at"] = now if outcome.published else row.published_at
    conn.execute(db.citizen_requests.update().where(db.citizen_requests.c.id == request_id).values(**values))
    _update(conn, request_id, actor.username, action.value, outcome.state, outcome.published, text)
    return outcome.state


def set_hidden(conn: sa.Connection, actor: Actor, request_id: int, hidden: bool, reason: str) -> None:
    """Hide abusive text from every public page and screen (or show it again). A person's
    decision settles what citizens' reports asked for: reports count afresh from here."""
    row = get(conn, request_id)
    if row is None or not may_answer(actor, load_orgs(conn), row.org_id):
        raise Forbidden("您不能处理其他党组织的请求")
    change_visibility(conn, row, actor.username, hidden, reason, reports=0, under_review=False)


def change_visibility(conn: sa.Connection, row: sa.Row, by: str, hidden: bool, reason: str, **values) -> None:
    """The one way an entry leaves or rejoins the 回音壁, for staff and for citizens' reports
    alike: a published entry whose visibility changes takes a new feed sequence number, so
    screens drop it (or show it again) at their next sync. ``values`` are set with it."""
    values["hidden"] = hidden
    if row.published and hidden != row.hidden:
        values["seq"] = db.next_seq(conn)
    conn.execute(db.citizen_requests.update().where(db.citizen_requests.c.id == row.id).values(**values))
    _update(conn, row.id, by, "hide" if hidden else "unhide", RequestState(row.state), row.published,
            abuse.clean(reason)[:200])


def _update(conn: sa.Connection, request_id: int, actor: str, action: str, state: RequestState,
            published: bool, text: str) -> None:
    conn.execute(db.request_updates.insert().values(
        request_id=request_id, at=utcnow().isoformat(), actor=actor, action=action, state=state.value,
        published=published, text=text))


# --- reading ------------------------------------------------------------------

def get(conn: sa.Connection, request_id: int) -> sa.Row | None:
    """A request by id, or None, with no access check: for the hub's own rules (staff pages use ``readable``)."""
    return conn.execute(sa.select(db.citizen_requests).where(db.citizen_requests.c.id == request_id)).first()


def readable(conn: sa.Connection, actor: Actor, request_id: int) -> sa.Row:
    """A request for a staff page: refused unless ``actor`` reads its org's records."""
    row = get(conn, request_id)
    if row is None:
        raise TransitionError("该请求不存在")
    require_reader(actor, load_orgs(conn), row.org_id)
    return row


def by_receipt(conn: sa.Connection, receipt: str) -> sa.Row | None:
    """The request a receipt number (回执号) names, or None: how a citizen finds their own again."""
    return conn.execute(sa.select(db.citizen_requests).where(db.citizen_requests.c.receipt == receipt)).first()


def updates(conn: sa.Connection, request_id: int) -> list[sa.Row]:
    """Everything staff did with a request (accepted, answered, declined, published, noted, hidden),
    oldest first, for its page."""
    return list(conn.execute(sa.select(db.request_updates).where(db.request_updates.c.request_id == request_id)
                             .order_by(db.request_updates.c.id)))


def latest_reply(conn: sa.Connection, request_id: int) -> sa.Row | None:
    """The newest answer or decline reason: what the citizen and the wall are told."""
    return conn.execute(sa.select(db.request_updates).where(
        db.request_updates.c.request_id == request_id,
        db.request_updates.c.action.in_([Action.ANSWER.value, Action.DECLINE.value]))
        .order_by(db.request_updates.c.id.desc()).limit(1)).first()


@dataclass(frozen=True)
class InboxLine:
    """One request in a staff inbox, marked when it is overdue or its deadline is near."""

    row: sa.Row
    overdue: bool
    remind: bool


def inbox(conn: sa.Connection, actor: Actor, state: str = "", overdue_only: bool = False,
          today: date | None = None) -> list[InboxLine]:
    """The requests the actor may see, oldest deadline first, with overdue and reminder marks."""
    today = today or utcnow().astimezone(DISTRICT_ZONE).date()
    settings = feedback_settings.load(conn)
    query = (sa.select(db.citizen_requests)
             .where(db.citizen_requests.c.org_id.in_(readable_orgs(actor, load_orgs(conn))))
             .order_by(db.citizen_requests.c.deadline, db.citizen_requests.c.id))
    if state:
        query = query.where(db.citizen_requests.c.state == state)
    lines = []
    for row in conn.execute(query):
        open_ = not RequestState(row.state).closed
        due = date.fromisoformat(row.deadline)
        line = InboxLine(row, open_ and is_overdue(due, today),
                         open_ and needs_reminder(settings.calendar, due, today, settings.policy))
        if line.overdue or not overdue_only:
            lines.append(line)
    return lines


def counts(lines: list[InboxLine]) -> dict[str, int]:
    """The totals at the top of the inbox: open, overdue, near their deadline, under review."""
    return {"open": sum(not RequestState(l.row.state).closed for l in lines),
            "overdue": sum(l.overdue for l in lines), "remind": sum(l.remind for l in lines),
            "review": sum(l.row.under_review for l in lines)}


def erase_expired_contacts(conn: sa.Connection, now: datetime | None = None) -> int:
    """Erase names, phone numbers and addresses of requests closed longer ago than the retention
    period; the question, the answer and the receipt stay. Returns how many were erased.

    Runs daily (hub.scheduler) and when the settings are saved, so a shorter period applies at once."""
    now = now or utcnow()
    keep = feedback_settings.load(conn).retention_days
    cutoff = (now - timedelta(days=keep)).isoformat()
    table = db.citizen_requests
    result = conn.execute(table.update().where(
        table.c.contact_erased_at.is_(None), table.c.received_at < cutoff,
        sa.or_(table.c.state.in_([RequestState.ANSWERED.value, RequestState.DECLINED.value]),
               table.c.received_at < (now - timedelta(days=2 * keep)).isoformat()))
        .values(name=None, phone=None, ip=None, contact_erased_at=now.isoformat()))
    return result.rowcount

