"""Console pages for citizens' requests: each org's inbox with deadlines, reminders and the
overdue list, and a request's page where staff answer, decline, publish to the 回音壁 or
hide abusive text. Names and phone numbers are shown in full only to those who answer."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.feedback.citizen_requests import Action, RequestKind, RequestState, TransitionError, allowed_actions
from gongkai.domain.feedback.masking import mask_name, mask_phone
from gongkai.domain.feedback.request_access import sees_contact_details
from hub.api.params import Id
from hub.feedback import citizen_requests
from hub.workflow.orgs import load_orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/inbox", include_in_schema=False)

MAX_REPLY = 5000


@router.get("", response_class=HTMLResponse)
def inbox_page(request: Request, session: Viewer, state: str = "", overdue: str = ""):
    """The inbox of the orgs this user reads, earliest deadline first, by state or just the overdue, with the totals."""
    wanted = state if state in RequestState.__members__.values() else ""
    with request.app.state.engine.connect() as conn:
        lines = citizen_requests.inbox(conn, session.actor, wanted, overdue_only=bool(overdue))
        everything = citizen_requests.inbox(conn, session.actor)
        orgs = load_orgs(conn)
    return page(request, "citizen_requests.html", session, lines=lines, counts=citizen_requests.counts(everything), orgs=orgs,
                state=wanted, overdue=bool(overdue), RequestKind=RequestKind, RequestState=RequestState)


@router.get("/{request_id}", response_class=HTMLResponse)
def request_page(request: Request, session: Viewer, request_id: Id):
    """One request for staff: its text, history and the actions open to them; contact details
    masked unless they answer for it."""
    with request.app.state.engine.connect() as conn:
        row = citizen_requests.readable(conn, session.actor, request_id)
        orgs = load_orgs(conn)
        history = citizen_requests.updates(conn, request_id)
    sees = sees_contact_details(session.actor, orgs, row.org_id)
    contact = {"name": row.name or "", "phone": row.phone or ""} if sees else {
        "name": mask_name(row.name or ""), "phone": mask_phone(row.phone or "")}
    actions = allowed_actions(RequestState(row.state), row.published) if sees else []
    return page(request, "citizen_request.html", session, row=row, orgs=orgs, history=history, contact=contact,
                actions=actions, RequestKind=RequestKind, RequestState=RequestState, Action=Action)


@router.post("/{request_id}")
def act(request: Request, session: Writer, request_id: Id, action: Annotated[str, Form()] = "",
        text: Annotated[str, Form(max_length=MAX_REPLY)] = ""):
    """Staff take a step on a request (accept, answer, decline, publish to the 回音壁, note) and return to it."""
    if action not in Action.__members__.values():
        raise TransitionError("请选择要办理的操作")
    with request.app.state.engine.begin() as conn:
        state = citizen_requests.act(conn, session.actor, request_id, Action(action), text)
    return redirect(f"/console/inbox/{request_id}", message=f"已{Action(action).label}，当前状态：{state.label}")


@router.post("/{request_id}/hide")
def hide(request: Request, session: Writer, request_id: Id, hidden: Annotated[str, Form()] = "1",
         reason: Annotated[str, Form(max_length=200)] = ""):
    """Staff hide an abusive request from the 回音壁 and the screens, or show it again."""
    with request.app.state.engine.begin() as conn:
        citizen_requests.set_hidden(conn, session.actor, request_id, hidden == "1", reason)
    return redirect(f"/console/inbox/{request_id}", message="已隐藏，公众页面和终端不再显示" if hidden == "1" else "已恢复显示")
