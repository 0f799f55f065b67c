"""The disclosure workflow on the hub: drafts, publication, approval requests and their
decisions, changes, withdrawals and terminations (五(一)2, 六.1).

Which step an action takes, and for whom, is decided by gongkai.domain.workflow; this
module loads what those rules need, stores the outcome and writes the audit trail. Every
change a device may see takes a feed sequence number; drafts keep seq 0 and never enter
the feed.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa

from gongkai.domain import workflow
from gongkai.domain.catalogue import catalogue_for, follows_catalogue
from gongkai.domain.model import Attachment, Audience, Category, Disclosure, ItemStatus, TimeLimit
from gongkai.domain.roles import Actor, authority, readable_orgs, require_reader, require_writer
from gongkai.domain.workflow import Action, RequestKind, State, Step, WorkflowError
from hub.clock import utcnow
from hub.staff import audit
from hub.storage import db
from hub.storage.files import FileStore

from . import attachments, catalogues, versions
from .orgs import load_orgs

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_NOTE = 2_000
MAX_WORK_PLAN = 20_000
READABLE_YEARS = range(2000, 2100)


@dataclass(frozen=True)
class Draft:
    """What an editor fills in for an item. ``published_at`` in the future schedules it."""

    org_id: int
    category: Category
    title: str
    body: str
    audience: Audience
    time_limit: TimeLimit
    gongshi_start: date | None = None
    gongshi_end: date | None = None
    period_label: str = ""
    published_at: datetime | None = None
    work_plan: str = ""
    urgent: bool = False
    """紧急通知: preempts every other slide on the screens it reaches until ``urgent_until``."""
    urgent_until: datetime | None = None
    targets: tuple[str, ...] = ()
    """Device groups the item is aimed at; empty: every screen that may show it."""


# ---- reading ---------------------------------------------------------------------------

def item(conn: sa.Connection, item_id: int) -> sa.Row:
    """An item by id, with no access check (staff pages use ``readable_item``); WorkflowError when there is none."""
    row = conn.execute(sa.select(db.items).where(db.items.c.id == item_id)).first()
    if row is None:
        raise WorkflowError("没有这条公开内容")
    return row


def state_of(row: sa.Row) -> State:
    """Where an item stands in the workflow, 终止 included (stored as a flag beside its status)."""
    return State.TERMINATED if row.terminated else State(row.status)


def readable_item(conn: sa.Connection, actor: Actor, item_id: int) -> sa.Row:
    """An item for a staff page or the admin API: refused unless ``actor`` reads its org's records."""
    row = item(conn, item_id)
    require_reader(actor, load_orgs(conn), row.org_id)
    return row


def readable_attachment(conn: sa.Connection, actor: Actor, item_id: int, sha256: str) -> Attachment:
    """One of an item's attachments, for whoever may read the item."""
    readable_item(conn, actor, item_id)
    for found in attachments.for_items(conn, [item_id]).get(item_id, ()):
        if found.sha256 == sha256:
            return found
    raise WorkflowError("没有这个附件")


def list_items(conn: sa.Connection, actor: Actor, org_id: int | None = None, category: int | None = None,
               state: State | None = None) -> list[sa.Row]:
    """The items of the orgs whose records ``actor`` reads, newest first, optionally filtered."""
    query = (sa.select(db.items).where(db.items.c.org_id.in_(readable_orgs(actor, load_orgs(conn))))
             .order_by(db.items.c.id.desc()))
    if org_id is not None:
        query = query.where(db.items.c.org_id == org_id)
    if category is not None:
        query = query.where(db.items.c.category == category)
    if state is not None:
        query = query.where(db.items.c.status == (state.wire_status or state).value,
                            db.items.c.terminated == (state is State.TERMINATED))
    return list(conn.execute(query))


def count_by_state(conn: sa.Connection, actor: Actor) -> dict[State, int]:
    """How many items of the orgs whose records ``actor`` reads are in each state."""
    rows = conn.execute(sa.select(db.items.c.status, db.items.c.terminated, sa.func.count())
                        .where(db.items.c.org_id.in_(readable_orgs(actor, load_orgs(conn))))
                        .group_by(db.items.c.status, db.items.c.terminated))
    counts: dict[State, int] = {}
    for status, terminated, count in rows:
        state = State.TERMINATED if terminated else State(status)
        counts[state] = counts.get(state, 0) + count
    return counts


def follows(conn: sa.Connection, draft: Draft) -> bool:
    """Whether the draft matches an entry of its org's catalogue (五(一)2)."""
    entries = catalogue_for(catalogues.all_entries(conn), load_orgs(conn), draft.org_id)
    return follows_catalogue(entries, draft.category, draft.time_limit, draft.audience)


def draft_of(row: sa.Row) -> Draft:
    """An item's content as the edit form and the workflow rules take it."""
    return Draft(org_id=row.org_id, category=Category(row.category), title=row.title, body=row.body,
                 audience=Audience(row.audience), time_limit=TimeLimit(row.time_limit),
                 gongshi_start=_date(row.gongshi_start), gongshi_end=_date(row.gongshi_end),
                 period_label=row.period_label,
                 published_at=datetime.fromisoformat(row.published_at) if row.published_at else None,
                 work_plan=row.work_plan, urgent=row.urgent,
                 urgent_until=datetime.fromisoformat(row.urgent_until) if row.urgent_until else None,
                 targets=tuple(json.loads(row.target_groups)))


def to_disclosure(row: sa.Row) -> Disclosure:
    """An item as devices, the public rules and oversight see it."""
    return Disclosure(
        id=row.id, org_id=row.org_id, category=Category(row.category), title=row.title,
        body=row.body, audience=Audience(row.audience), time_limit=TimeLimit(row.time_limit),
        status=ItemStatus(row.status), published_at=datetime.fromisoformat(row.published_at),
        gongshi_start=_date(row.gongshi_start), gongshi_end=_date(row.gongshi_end),
        period_label=row.period_label,
        withdrawn_at=datetime.fromisoformat(row.withdrawn_at) if row.withdrawn_at else None,
        withdrawal_note=row.withdrawal_note, version=row.version, urgent=row.urgent,
        urgent_until=datetime.fromisoformat(row.urgent_until) if row.urgent_until else None,
    )


# ---- drafting and publishing -------------------------------------------------------------

def public_phases(rows: list[sa.Row], now: datetime) -> dict[int, str]:
    """How each published or withdrawn item stands on screens at ``now`` (公示中, 公示已结束 …)."""
    return {r.id: workflow.public_phase(to_disclosure(r), now)
            for r in rows if r.status in ("published", "withdrawn")}


def gongshi_now(rows: list[sa.Row], now: datetime) -> list[sa.Row]:
    """The items whose 公示 is running at ``now``, for the dashboard."""
    current = public_phases(rows, now)
    return [r for r in rows if current.get(r.id) == "公示中"]


def save_draft(conn: sa.Connection, actor: Actor, draft: Draft, item_id: int | None = None) -> int:
    """Create a draft, or update one (``item_id``); nothing reaches a device yet."""
    require_writer(actor)
    row = item(conn, item_id) if item_id is not None else None
    if row is not None and row.org_id != draft.org_id:  # moving a draft needs rights over both orgs
        _step(conn, actor, row.org_id, state_of(row), Action.SAVE, draft)
    _step(conn, actor, draft.org_id, state_of(row) if row else None, Action.SAVE, draft)
    _check(draft)
    if row is None:
        item_id = conn.execute(db.items.insert().values(
            **_fields(draft), status=State.DRAFT.value, version=1, seq=0,
            created_by=actor.username, created_at=utcnow().isoformat())).inserted_primary_key[0]
    else:
        conn.execute(db.items.update().where(db.items.c.id == item_id).values(**_fields(draft)))
    audit.record(conn, actor.username, "save", item_id, draft.title.strip())
    return item_id


def publish(conn: sa.Connection, draft: Draft, actor: Actor) -> int:
    """Create and publish an item in one step (it must follow the catalogue, or the actor
    must be the catalogue owner's approver); returns its id."""
    require_writer(actor)
    _step(conn, actor, draft.org_id, State.DRAFT, Action.PUBLISH, draft)
    _check(draft)
    item_id = conn.execute(db.items.insert().values(
        **_fields(draft), status=State.DRAFT.value, version=1, seq=0,
        created_by=actor.username, created_at=utcnow().isoformat())).inserted_primary_key[0]
    _go_live(conn, item_id, draft.published_at)
    audit.record(conn, actor.username, "publish", item_id, _publish_note(draft))
    return item_id


def publish_draft(conn: sa.Connection, actor: Actor, item_id: int) -> None:
    """Publish a saved draft to the screens: it must follow the catalogue, or the actor must be the
    catalogue owner's approver."""
    require_writer(actor)
    row = item(conn, item_id)
    draft = draft_of(row)
    _step(conn, actor, row.org_id, state_of(row), Action.PUBLISH, draft)
    _check(draft)
    _go_live(conn, item_id, draft.published_at)
    audit.record(conn, actor.username, "publish", item_id, _publish_note(draft))


def submit(conn: sa.Connection, actor: Actor, item_id: int) -> int:
    """Send a 目录外 draft with its work plan to the catalogue owner; returns the request id."""
    require_writer(actor)
    row = item(conn, item_id)
    draft = draft_of(row)
    step = _step(conn, actor, row.org_id, state_of(row), Action.SUBMIT, draft)
    _check(draft)
    conn.execute(db.items.update().where(db.items.c.id == item_id).values(status=step.state.value))
    return _file(conn, actor, item_id, RequestKind.PLAN, draft.work_plan.strip())


def attach(conn: sa.Connection, files: FileStore, actor: Actor, item_id: int, data: bytes,
           name: str) -> list[Attachment]:
    """Attach an image or PDF to a draft (a published item changes only through a change)."""
    require_writer(actor)
    row = item(conn, item_id)
    _step(conn, actor, row.org_id, state_of(row), Action.SAVE, draft_of(row))
    added = attachments.attach(conn, files, item_id, data, name)
    audit.record(conn, actor.username, "attach", item_id, name[:200])
    return added


def import_item(conn: sa.Connection, disclosure: Disclosure, actor: str) -> None:
    """Store an already-formed item as it is (demo content, archives)."""
    conn.execute(db.items.insert().values(
        id=disclosure.id, org_id=disclosure.org_id, category=int(disclosure.category), title=disclosure.title,
        body=disclosure.body, audience=disclosure.audience.value, time_limit=disclosure.time_limit.value,
        status=disclosure.status.value, published_at=disclosure.published_at.isoformat(),
        gongshi_start=_iso(disclosure.gongshi_start), gongshi_end=_iso(disclosure.gongshi_end),
        period_label=disclosure.period_label,
        withdrawn_at=disclosure.withdrawn_at.isoformat() if disclosure.withdrawn_at else None,
        withdrawal_note=disclosure.withdrawal_note, version=disclosure.version, seq=db.next_seq(conn),
        created_by=actor, created_at=utcnow().isoformat(),
    ))
    versions.record(conn, disclosure.id, disclosure.withdrawn_at or disclosure.published_at)
    audit.record(conn, actor, "import", disclosure.id, disclosure.title)


# ---- change, withdrawal, termination (六.1) ------------------------------------------------

def withdraw(conn: sa.Connection, item_id: int, note: str, actor: Actor) -> Step:
    """Withdraw a published item, or ask its catalogue owner to. The note is published with it."""
    return _close(conn, item_id, note, actor, Action.WITHDRAW)


def terminate(conn: sa.Connection, item_id: int, note: str, actor: Actor) -> Step:
    """End a published item early (终止); screens show it as withdrawn with the note."""
    return _close(conn, item_id, note, actor, Action.TERMINATE)


def change(conn: sa.Connection, item_id: int, draft: Draft, explanation: str, actor: Actor) -> Step:
    """Publish a new version of an item, or ask its catalogue owner to."""
    require_writer(actor)
    row = item(conn, item_id)
    if draft.org_id != row.org_id:
        raise WorkflowError("变更不能改变所属党组织")
    step = _step(conn, actor, row.org_id, state_of(row), Action.CHANGE, draft)
    workflow.check_explanation(Action.CHANGE, explanation)
    _check(draft)
    explanation = explanation.strip()[:MAX_NOTE]
    if step.request:
        _file(conn, actor, item_id, step.request, explanation, proposal=draft)
    else:
        _apply_change(conn, actor.username, item_id, draft, explanation)
    return step


def _close(conn: sa.Connection, item_id: int, note: str, actor: Actor, action: Action) -> Step:
    require_writer(actor)
    row = item(conn, item_id)
    step = _step(conn, actor, row.org_id, state_of(row), action, draft_of(row))
    workflow.check_explanation(action, note)
    note = note.strip()[:MAX_NOTE]
    if step.request:
        _file(conn, actor, item_id, step.request, note)
    else:
        _apply_close(conn, actor.username, item_id, note, step.state)
    return step


# ---- approval requests -------------------------------------------------------------------

def pending_request(conn: sa.Connection, item_id: int) -> sa.Row | None:
    """The item's request still waiting for a decision, if any; another cannot be filed meanwhile."""
    return conn.execute(sa.select(db.approval_requests).where(
        db.approval_requests.c.item_id == item_id,
        db.approval_requests.c.state == "pending")).first()


def requests_of(conn: sa.Connection, item_id: int) -> list[sa.Row]:
    """Every approval request made for an item, oldest first, for its page and archive."""
    return list(conn.execute(sa.select(db.approval_requests)
                             .where(db.approval_requests.c.item_id == item_id)
                             .order_by(db.approval_requests.c.id)))


def decide(conn: sa.Connection, actor: Actor, request_id: int, approve: bool, note: str = "") -> State:
    """The catalogue owner approves or rejects a request; approval carries out what was asked."""
    require_writer(actor)
    req = conn.execute(sa.select(db.approval_requests)
                       .where(db.approval_requests.c.id == request_id)).first()
    if req is None:
        raise WorkflowError("没有这项审批申请")
    row = item(conn, req.item_id)
    kind = RequestKind(req.kind)
    new_state = workflow.decide(kind, state_of(row), authority(actor, load_orgs(conn), row.org_id),
                                approve=approve)
    if not approve and not note.strip():
        raise WorkflowError("驳回须填写理由")
    taken = conn.execute(db.approval_requests.update().where(
        db.approval_requests.c.id == request_id, db.approval_requests.c.state == "pending",
    ).values(state="approved" if approve else "rejected", decided_by=actor.username,
             decided_at=utcnow().isoformat(), decision_note=note.strip()[:MAX_NOTE])).rowcount
    if not taken:
        raise WorkflowError("该申请已经处理过了")
    if approve:
        _carry_out(conn, actor.username, req, row, new_state)
    else:
        if new_state is not state_of(row):
            conn.execute(db.items.update().where(db.items.c.id == row.id).values(status=new_state.value))
        audit.record(conn, actor.username, "reject", row.id, f"驳回{kind.label}申请：{note.strip()}")
    return new_state


def _carry_out(conn: sa.Connection, actor: str, req: sa.Row, row: sa.Row, new_state: State) -> None:
    kind = RequestKind(req.kind)
    granted = f"批准 {req.requested_by} 的{kind.label}申请。"
    if kind is RequestKind.PLAN:
        _go_live(conn, row.id, draft_of(row).published_at)
        audit.record(conn, actor, "publish", row.id, granted + "工作方案：" + req.explanation)
    elif kind is RequestKind.CHANGE:
        _apply_change(conn, actor, row.id, _draft_from_json(req.proposal), req.explanation, granted)
    else:
        _apply_close(conn, actor, row.id, req.explanation, new_state, granted)


def _file(conn: sa.Connection, actor: Actor, item_id: int, kind: RequestKind, explanation: str,
          proposal: Draft | None = None) -> int:
    if pending_request(conn, item_id) is not None:
        raise WorkflowError("该事项已有待审批的申请，请等待审批结果")
    request_id = conn.execute(db.approval_requests.insert().values(
        item_id=item_id, kind=kind.value, explanation=explanation,
        proposal=_draft_to_json(proposal) if proposal else "", state="pending",
        requested_by=actor.username, requested_at=utcnow().isoformat())).inserted_primary_key[0]
    audit.record(conn, actor.username, f"request_{kind.value}", item_id, explanation)
    return request_id


# ---- storing outcomes --------------------------------------------------------------------

def _go_live(conn: sa.Connection, item_id: int, published_at: datetime | None) -> None:
    now = utcnow()
    conn.execute(db.items.update().where(db.items.c.id == item_id).values(
        status=State.PUBLISHED.value, published_at=(published_at or now).isoformat(), seq=db.next_seq(conn)))
    versions.record(conn, item_id, now)


def _apply_change(conn: sa.Connection, actor: str, item_id: int, draft: Draft, explanation: str,
                  granted: str = "") -> None:
    fields = _fields(draft)
    fields.pop("published_at")  # a change keeps the item's place in time
    conn.execute(db.items.update().where(db.items.c.id == item_id).values(
        **fields, version=db.items.c.version + 1, seq=db.next_seq(conn)))
    versions.record(conn, item_id, utcnow())
    audit.record(conn, actor, "change", item_id, f"{granted}变更说明：{explanation}")


def _apply_close(conn: sa.Connection, actor: str, item_id: int, note: str, state: State,
                 granted: str = "") -> None:
    now = utcnow()
    conn.execute(db.items.update().where(db.items.c.id == item_id).values(
        status=ItemStatus.WITHDRAWN.value, terminated=state is State.TERMINATED,
        withdrawn_at=now.isoformat(), withdrawal_note=note,
        version=db.items.c.version + 1, seq=db.next_seq(conn)))
    versions.record(conn, item_id, now)
    audit.record(conn, actor, "terminate" if state is State.TERMINATED else "withdraw", item_id,
                 granted + note)


def _step(conn: sa.Connection, actor: Actor, org_id: int, state: State | None, action: Action,
          draft: Draft) -> Step:
    orgs = load_orgs(conn)
    if org_id not in orgs:
        raise WorkflowError("所属党组织不存在")
    in_catalogue = follows(conn, draft)
    step = workflow.step(state, action, authority(actor, orgs, org_id), follows_catalogue=in_catalogue)
    if action in (Action.PUBLISH, Action.SUBMIT):
        workflow.check_work_plan(in_catalogue, draft.work_plan)
    return step


# ---- fields ------------------------------------------------------------------------------

def _check(draft: Draft) -> None:
    _check_years(draft)
    if not draft.title.strip() or len(draft.title) > MAX_TITLE:
        raise WorkflowError("标题不能为空，且不超过200字")
    if len(draft.body) > MAX_BODY:
        raise WorkflowError("正文不超过五万字")
    _check_urgent(draft)
    if len(draft.period_label) > MAX_TITLE:
        raise WorkflowError("期次不超过200字")
    if len(draft.work_plan) > MAX_WORK_PLAN:
        raise WorkflowError("工作方案不超过两万字")
    if draft.published_at is not None and draft.published_at.tzinfo is None:
        raise WorkflowError("发布时间须带时区")
    if draft.time_limit is TimeLimit.IMMEDIATE:
        if draft.gongshi_start is None or draft.gongshi_end is None:
            raise WorkflowError("即时公开（公示）须填写公示开始和结束日期")
        if draft.gongshi_end < draft.gongshi_start:
            raise WorkflowError("公示结束日期不能早于开始日期")


def _check_years(draft: Draft) -> None:
    """Every date of an item lies in READABLE_YEARS: anything else is a typo, or an attack (the
    last second of 9999 at UTC−8 is no date at all in Beijing, and every page showing it broke)."""
    for value in (draft.published_at, draft.urgent_until, draft.gongshi_start, draft.gongshi_end):
        if value is not None and value.year not in READABLE_YEARS:
            raise WorkflowError(f"日期须在{READABLE_YEARS.start}年至{READABLE_YEARS.stop - 1}年之间")


def _check_urgent(draft: Draft) -> None:
    start = draft.published_at or utcnow()
    if draft.urgent_until is not None and (not draft.urgent or draft.urgent_until <= start):
        raise WorkflowError("紧急通知的结束时间须晚于发布时间")


def _fields(draft: Draft) -> dict:
    return dict(
        org_id=draft.org_id, category=int(draft.category), title=draft.title.strip(),
        body=draft.body.strip(), audience=draft.audience.value, time_limit=draft.time_limit.value,
        gongshi_start=_iso(draft.gongshi_start), gongshi_end=_iso(draft.gongshi_end),
        period_label=draft.period_label.strip(), work_plan=draft.work_plan.strip(),
        published_at=draft.published_at.isoformat() if draft.published_at else None,
        urgent=draft.urgent, urgent_until=draft.urgent_until.isoformat() if draft.urgent_until else None,
        target_groups=json.dumps(sorted(set(draft.targets)), ensure_ascii=False))


def _publish_note(draft: Draft) -> str:
    return draft.title.strip() + ("；工作方案：" + draft.work_plan.strip() if draft.work_plan.strip() else "")


def _draft_to_json(draft: Draft) -> str:
    data = asdict(draft)
    for key in ("gongshi_start", "gongshi_end", "published_at", "urgent_until"):
        data[key] = data[key].isoformat() if data[key] else None
    return json.dumps(data, ensure_ascii=False)


def _draft_from_json(text: str) -> Draft:
    data = json.loads(text)
    return replace(Draft(**data), category=Category(data["category"]), audience=Audience(data["audience"]),
                   time_limit=TimeLimit(data["time_limit"]), gongshi_start=_date(data["gongshi_start"]),
                   gongshi_end=_date(data["gongshi_end"]), targets=tuple(data.get("targets", ())),
                   published_at=datetime.fromisoformat(data["published_at"]) if data["published_at"] else None,
                   urgent_until=datetime.fromisoformat(data["urgent_until"]) if data.get("urgent_until") else None)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
