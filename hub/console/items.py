"""Console pages for disclosure items: list with filters, draft form, item page with its
history, and the posts that save, publish, submit, change, withdraw and terminate."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse

from gongkai.domain import workflow
from gongkai.domain.catalogue import catalogue_for
from gongkai.domain.model import Audience, Category, TimeLimit
from gongkai.domain.roles import Actor, authority
from gongkai.domain.workflow import State, WorkflowError
from hub.api.params import Id, id_or_none, parse_id, upload_limit
from hub.clock import DISTRICT_ZONE, utcnow
from hub.fleet import proof
from hub.fleet.devices import parse_groups
from hub.staff import audit
from hub.workflow import attachments, catalogues, disclosures
from hub.workflow.disclosures import Draft
from hub.workflow.orgs import load_orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/items")
Note = Annotated[str, Form(max_length=disclosures.MAX_NOTE)]


async def posted_draft(request: Request) -> Draft:
    """The item form's fields as a Draft; unreadable values are refused in Chinese."""
    form = await request.form()
    text = {k: v.strip() if isinstance(v, str) else "" for k, v in form.items()}
    try:
        return Draft(
            org_id=parse_id(text.get("org_id", "")), category=Category(int(text.get("category", ""))),
            audience=Audience(text.get("audience", "")), time_limit=TimeLimit(text.get("time_limit", "")),
            title=text.get("title", ""), body=text.get("body", ""),
            gongshi_start=_date(text.get("gongshi_start", "")), gongshi_end=_date(text.get("gongshi_end", "")),
            period_label=text.get("period_label", ""), work_plan=text.get("work_plan", ""),
            published_at=_local_time(text.get("published_at", "")), urgent=text.get("urgent") == "1",
            urgent_until=_local_time(text.get("urgent_until", "")),
            targets=tuple(sorted(parse_groups(text.get("targets", "")))))
    except ValueError:
        raise WorkflowError("填写的内容有误（党组织、类别、范围、时限或日期），请检查后重试") from None


PostedDraft = Annotated[Draft, Depends(posted_draft)]


@router.get("", response_class=HTMLResponse)
def items_page(request: Request, session: Viewer, org: str = "", category: str = "", state: str = ""):
    """The items of the orgs this user reads, newest first, by org, category or state, with
    where each stands on screens."""
    org_id, cat = id_or_none(org), id_or_none(category)
    chosen = state if state in State.__members__.values() else ""
    with request.app.state.engine.connect() as conn:
        rows = disclosures.list_items(conn, session.actor, org_id, cat, State(chosen) if chosen else None)
        orgs = load_orgs(conn)
    return page(request, "items.html", session, items=rows, orgs=orgs, phases=disclosures.public_phases(rows, _district_now()),
                filters={"org": org_id, "category": cat, "state": chosen})


@router.get("/new", response_class=HTMLResponse)
def new_item(request: Request, session: Viewer):
    """The empty item form, with the orgs this user may draft for and their catalogues."""
    with request.app.state.engine.connect() as conn:
        return _form(request, session, conn, None, None)


@router.post("")
def create(request: Request, session: Writer, draft: PostedDraft, action: Annotated[str, Form()] = "save"):
    """Save a new item as a draft, publish it at once, or save it and send its work plan for approval."""
    with request.app.state.engine.begin() as conn:
        if action == "publish":
            item_id = disclosures.publish(conn, draft, session.actor)
        else:
            item_id = disclosures.save_draft(conn, session.actor, draft)
            if action == "submit":
                disclosures.submit(conn, session.actor, item_id)
    return redirect(f"/console/items/{item_id}", message=_done(action, draft.title))


@router.get("/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, session: Viewer, item_id: Id):
    """One item for staff: its content and state, history, approval requests, attachments and screen time."""
    with request.app.state.engine.connect() as conn:
        row = disclosures.readable_item(conn, session.actor, item_id)
        orgs = load_orgs(conn)
        draft = disclosures.draft_of(row)
        context = dict(
            item=row, state=disclosures.state_of(row), orgs=orgs,
            phase=disclosures.public_phases([row], _district_now()).get(row.id, ""), history=audit.history(conn, item_id),
            requests=disclosures.requests_of(conn, item_id),
            pending=disclosures.pending_request(conn, item_id),
            follows=disclosures.follows(conn, draft),
            rights=authority(session.actor, orgs, row.org_id),
            attachments=attachments.for_items(conn, [item_id]).get(item_id, ()),
            screen_time=proof.screen_time(conn, item_id))
    return page(request, "item.html", session, **context)


@router.post("/{item_id}/attachments", max_body_size=upload_limit(attachments.MAX_UPLOAD_BYTES))
def upload(request: Request, session: Writer, item_id: Id, file: UploadFile):
    """Images and PDFs for a draft: a request past the limit is cut off while it arrives, and the
    conversion runs on a worker thread, never on the event loop."""
    data = file.file.read(attachments.MAX_UPLOAD_BYTES + 1)
    name = (file.filename or "附件").rsplit("/", 1)[-1][:200]
    with request.app.state.engine.begin() as conn:
        added = disclosures.attach(conn, request.app.state.files, session.actor, item_id, data, name)
    pages = f"（{len(added)} 页）" if len(added) > 1 else ""
    return redirect(f"/console/items/{item_id}", message=f"已上传：{name}{pages}")


@router.get("/{item_id}/files/{sha256}")
def attachment_file(request: Request, session: Viewer, item_id: Id, sha256: str):
    """An item's attachment, for staff who may read the item (drafts and 党内 items included)."""
    with request.app.state.engine.connect() as conn:
        found = disclosures.readable_attachment(conn, session.actor, item_id, sha256)
    return FileResponse(request.app.state.files.path(sha256), media_type=found.media_type)


@router.get("/{item_id}/edit", response_class=HTMLResponse)
def edit_item(request: Request, session: Viewer, item_id: Id):
    """The item form filled in with an item's content, to edit a draft or prepare a change."""
    with request.app.state.engine.connect() as conn:
        row = disclosures.readable_item(conn, session.actor, item_id)
        return _form(request, session, conn, row, disclosures.draft_of(row))


@router.post("/{item_id}")
def update(request: Request, session: Writer, item_id: Id, draft: PostedDraft,
           action: Annotated[str, Form()] = "save"):
    """Save edits to a draft, and publish it or submit it for approval in the same step if asked."""
    with request.app.state.engine.begin() as conn:
        disclosures.save_draft(conn, session.actor, draft, item_id)
        if action == "publish":
            disclosures.publish_draft(conn, session.actor, item_id)
        elif action == "submit":
            disclosures.submit(conn, session.actor, item_id)
    return redirect(f"/console/items/{item_id}", message=_done(action, draft.title))


@router.post("/{item_id}/publish")
def publish(request: Request, session: Writer, item_id: Id):
    """Publish a saved draft to the screens."""
    with request.app.state.engine.begin() as conn:
        disclosures.publish_draft(conn, session.actor, item_id)
        title = disclosures.item(conn, item_id).title
    return redirect(f"/console/items/{item_id}", message=_done("publish", title))


@router.post("/{item_id}/submit")
def submit(request: Request, session: Writer, item_id: Id):
    """Send a 目录外 draft with its work plan to the catalogue owner for approval."""
    with request.app.state.engine.begin() as conn:
        disclosures.submit(conn, session.actor, item_id)
        title = disclosures.item(conn, item_id).title
    return redirect(f"/console/items/{item_id}", message=_done("submit", title))


@router.post("/{item_id}/change")
def change(request: Request, session: Writer, item_id: Id, draft: PostedDraft, explanation: Note = ""):
    """Publish a new version of an item with its explanation, or ask the catalogue owner to."""
    with request.app.state.engine.begin() as conn:
        step = disclosures.change(conn, item_id, draft, explanation, session.actor)
    return redirect(f"/console/items/{item_id}", message=_closing_done(step, "已发布新版本，变更说明已记录"))


@router.post("/{item_id}/withdraw")
def withdraw(request: Request, session: Writer, item_id: Id, note: Note = ""):
    """Withdraw a published item with a note the screens show, or ask the catalogue owner to."""
    with request.app.state.engine.begin() as conn:
        step = disclosures.withdraw(conn, item_id, note, session.actor)
    return redirect(f"/console/items/{item_id}", message=_closing_done(step, "已撤回，撤回说明将在屏幕上公开"))


@router.post("/{item_id}/terminate")
def terminate(request: Request, session: Writer, item_id: Id, note: Note = ""):
    """End a published item early (终止) with a note the screens show, or ask the catalogue owner to."""
    with request.app.state.engine.begin() as conn:
        step = disclosures.terminate(conn, item_id, note, session.actor)
    return redirect(f"/console/items/{item_id}", message=_closing_done(step, "已终止，终止说明将在屏幕上公开"))


def _form(request: Request, session, conn: sa.Connection, row: sa.Row | None, draft: Draft | None):
    orgs = load_orgs(conn)
    actor: Actor = session.actor
    writable = {i: o for i, o in orgs.items() if authority(actor, orgs, i).drafts}
    state = disclosures.state_of(row) if row is not None else None
    entries = catalogues.all_entries(conn)
    return page(request, "item_form.html", session, item=row, draft=draft, state=state, orgs=orgs,
                writable=writable, catalogue=_catalogue_by_org(entries, orgs, writable),
                local_published_at=_local_text(draft.published_at) if draft else "",
                local_urgent_until=_local_text(draft.urgent_until) if draft else "")


def _catalogue_by_org(entries, orgs, writable) -> dict[int, list]:
    return {org_id: catalogue_for(entries, orgs, org_id) for org_id in writable}


def _done(action: str, title: str) -> str:
    return {"publish": "已发布：", "submit": "已提交审批：", "save": "草稿已保存："}.get(action, "") + title[:60]


def _district_now() -> datetime:
    return utcnow().astimezone(DISTRICT_ZONE)


def _closing_done(step: workflow.Step, done: str) -> str:
    if step.request is None:
        return done
    return f"已提交{step.request.label}申请，待制定公开目录的党组织审批"


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _local_time(value: str) -> datetime | None:
    """A datetime-local field, read in the district's time zone."""
    return datetime.fromisoformat(value).replace(tzinfo=DISTRICT_ZONE) if value else None


def _local_text(value: datetime | None) -> str:
    return value.astimezone(DISTRICT_ZONE).strftime("%Y-%m-%dT%H:%M") if value else ""
