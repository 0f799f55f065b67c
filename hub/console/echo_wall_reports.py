"""Console review of 回音壁 entries that citizens' 举报 hid: restore each one or keep it
hidden. Both are the inbox's hide decision (hub.feedback.citizen_requests.set_hidden), taken from a list."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.feedback.citizen_requests import RequestKind
from gongkai.domain.feedback.echo_wall_reports import ReportReason
from hub.api.params import Id
from hub.feedback import citizen_requests, echo_wall_reports
from hub.workflow.orgs import load_orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/reports", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def review_page(request: Request, session: Viewer):
    """The 回音壁 entries hidden by citizens' 举报, waiting for staff to restore them or keep them hidden."""
    with request.app.state.engine.connect() as conn:
        entries = echo_wall_reports.pending(conn, session.actor)
        orgs = load_orgs(conn)
    return page(request, "echo_wall_reports.html", session, entries=entries, orgs=orgs, RequestKind=RequestKind,
                ReportReason=ReportReason)


@router.post("/{request_id}")
def review(request: Request, session: Writer, request_id: Id, decision: Annotated[str, Form()] = "",
           note: Annotated[str, Form(max_length=200)] = ""):
    """Staff decide on a reported entry: back on the 回音壁 and the screens, or kept hidden, with the reason noted."""
    restore = decision == "restore"
    reason = ("审核举报后恢复显示" if restore else "审核举报后保持隐藏") + (f"：{note}" if note.strip() else "")
    with request.app.state.engine.begin() as conn:
        citizen_requests.set_hidden(conn, session.actor, request_id, not restore, reason)
    return redirect("/console/reports", message="已恢复显示，终端下次同步后重新显示" if restore else "已保持隐藏")
