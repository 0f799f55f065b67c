"""The admin console (Chinese): sign-in, the dashboard, and the routers for items,
approvals, orgs and catalogues, and users.

Handlers stay thin: the session dependencies check who is asking (and the CSRF token on
every post); the hub's domain modules decide and store.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.workflow import State
from hub.clock import DISTRICT_ZONE, utcnow
from hub.fleet import devices
from hub.staff import accounts, audit
from hub.workflow import disclosures
from hub.workflow.approvals import queue
from hub.workflow.orgs import load_orgs

from . import approvals as approval_pages
from . import devices as device_pages
from . import items as item_pages
from . import orgs as org_pages
from . import users as user_pages
from .render import page, redirect, templates
from .session import COOKIE, Poster, Viewer

router = APIRouter(prefix="/console", include_in_schema=False)
for _part in (item_pages, approval_pages, org_pages, user_pages, device_pages):
    router.include_router(_part.router)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request):
    """The console's sign-in form."""
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login")
def login(request: Request, username: Annotated[str, Form(max_length=64)] = "",
          password: Annotated[str, Form(max_length=1024)] = ""):
    """Sign a staff member in and set the session cookie; wrong credentials, or too many tries, are refused."""
    ip = request.client.host if request.client else "unknown"
    try:
        with request.app.state.engine.begin() as conn:
            token = accounts.log_in(conn, username, password, ip)
    except accounts.TooManyAttempts as exc:
        return templates.TemplateResponse(request, "login.html", {"error": str(exc)}, status_code=429)
    if token is None:
        return templates.TemplateResponse(request, "login.html", {"error": "用户名或密码错误"},
                                          status_code=401)
    response = redirect("/console")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: Poster, gk_session: Annotated[str | None, Cookie()] = None):
    """Sign the user out and back to the sign-in form."""
    with request.app.state.engine.begin() as conn:
        accounts.log_out(conn, gk_session or "")
    response = redirect("/console/login")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, session: Viewer):
    """The console's front page: items by state, approvals waiting, 公示 running now, screens and recent actions."""
    with request.app.state.engine.connect() as conn:
        counts = disclosures.count_by_state(conn, session.actor)
        waiting = queue(conn, session.actor)
        orgs = load_orgs(conn)
        recent = audit.recent(conn, session.actor, orgs, 12)
        device_rows = devices.list_devices(conn, session.actor)
        live_gongshi = disclosures.gongshi_now(disclosures.list_items(conn, session.actor, state=State.PUBLISHED),
                                                utcnow().astimezone(DISTRICT_ZONE))
    return page(request, "dashboard.html", session, counts=counts, waiting=waiting, recent=recent,
                devices=device_rows, orgs=orgs, live_gongshi=live_gongshi)
