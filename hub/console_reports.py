"""Console review of 回音壁 entries that citizens' 举报 hid: restore each one or keep it
hidden. Both are the inbox's hide decision (hub.inbox.set_hidden), taken from a list."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.citizen_requests import RequestKind
from gongkai.domain.reports import ReportReason

from . import inbox, wall_reports
from .console_render import page, redirect
from .console_session import Viewer, Writer
from .orgs import load_orgs

router = APIRouter(prefix="/reports", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def review_page(request: Request, session: Viewer):
    with request.app.state.engine.connect() as conn:
        entries = wall_reports.pending(conn, session.actor)
        orgs = load_orgs(conn)
    return page(request, "reports.html", session, entries=entries, orgs=orgs, RequestKind=RequestKind,
                ReportReason=ReportReason)


@router.post("/{request_id}")
def review(request: Request, session: Writer, request_id: int, decision: Annotated[str, Form()] = "",
           note: Annotated[str, Form(max_length=200)] = ""):
    restore = decision == "restore"
    reason = ("审核举报后恢复显示" if restore else "审核举报后保持隐藏") + (f"：{note}" if note.strip() else "")
    with request.app.state.engine.begin() as conn:
        inbox.set_hidden(conn, session.actor, request_id, not restore, reason)
    return redirect("/console/reports", message="已恢复显示，终端下次同步后重新显示" if restore else "已保持隐藏")
