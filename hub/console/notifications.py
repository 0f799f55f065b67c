"""Console page of a staff member's notifications (deadline reminders), the count of unread
ones shown in the header of every console page, and the user's own reminder e-mail address."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.feedback.citizen_requests import RequestKind, RequestState
from gongkai.domain.feedback.reminders import Stage
from hub.api.params import Id
from hub.staff import notifications
from hub.workflow.orgs import load_orgs

from .render import page, redirect, templates
from .session import Poster, Viewer, Writer

router = APIRouter(prefix="/notifications", include_in_schema=False)


def unread_count(request: Request, session) -> int:
    """For base.html: every console page shows how many reminders wait unread."""
    with request.app.state.engine.connect() as conn:
        return notifications.unread(conn, session.user_id)


templates.env.globals["unread_notifications"] = unread_count


@router.get("", response_class=HTMLResponse)
def notifications_page(request: Request, session: Viewer):
    """The user's deadline reminders, newest first, and the address they are mailed to."""
    with request.app.state.engine.connect() as conn:
        rows = notifications.listed(conn, session.user_id)
        email = notifications.email_of(conn, session.user_id)
        orgs = load_orgs(conn)
    return page(request, "notifications.html", session, rows=rows, email=email, orgs=orgs, Stage=Stage,
                RequestKind=RequestKind, RequestState=RequestState)


@router.post("/read")
def read_all(request: Request, session: Poster):
    """Mark every one of the user's reminders read."""
    with request.app.state.engine.begin() as conn:
        notifications.read_all(conn, session.user_id)
    return redirect("/console/notifications", message="已全部标为已读")


@router.post("/email")
def set_email(request: Request, session: Writer, email: Annotated[str, Form(max_length=300)] = ""):
    """The user sets, or clears, the address their reminders are mailed to."""
    with request.app.state.engine.begin() as conn:
        notifications.set_email(conn, session.user_id, email)
    return redirect("/console/notifications", message="已保存接收提醒的电子邮箱" if email.strip() else "已不再发送提醒邮件")


@router.post("/{notification_id}")
def open_one(request: Request, session: Poster, notification_id: Id):
    """Mark read and go to the request: a form, because reading changes the count."""
    with request.app.state.engine.begin() as conn:
        request_id = notifications.open_one(conn, session.user_id, notification_id)
    return redirect(f"/console/inbox/{request_id}")
