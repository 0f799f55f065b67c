"""The admin console (Chinese): log in, publish, withdraw with an explanation, see devices.

Handlers stay thin: they check the session and CSRF token, then call hub.disclosures.
"""
from __future__ import annotations

import hmac
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit

from . import accounts, devices, disclosures
from .disclosures import Draft, WorkflowError

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
COOKIE = "gk_session"


class LoginRequired(Exception):
    """Raised by the session dependency; the app turns it into a redirect to the login page."""


def current_session(request: Request, gk_session: Annotated[str | None, Cookie()] = None):
    with request.app.state.engine.connect() as conn:
        found = accounts.session(conn, gk_session)
    if found is None:
        raise LoginRequired()
    return found


Session = Annotated[accounts.Session, Depends(current_session)]


def _check_csrf(session: accounts.Session, token: str) -> None:
    if not hmac.compare_digest(session.csrf, token):
        raise WorkflowError("页面已过期，请刷新后重试")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request):
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]):
    with request.app.state.engine.begin() as conn:
        token = accounts.log_in(conn, username, password)
    if token is None:
        return templates.TemplateResponse(request, "login.html", {"error": "用户名或密码错误"},
                                          status_code=401)
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: Session, csrf: Annotated[str, Form()],
           gk_session: Annotated[str | None, Cookie()] = None):
    _check_csrf(session, csrf)
    with request.app.state.engine.begin() as conn:
        accounts.log_out(conn, gk_session or "")
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("", response_class=HTMLResponse)
def home(request: Request, session: Session, message: str = "", error: str = ""):
    with request.app.state.engine.connect() as conn:
        orgs = disclosures.load_orgs(conn)
        items = disclosures.list_items(conn)
        device_rows = devices.list_devices(conn)
    return templates.TemplateResponse(request, "console.html", {
        "session": session, "orgs": orgs, "items": items, "devices": device_rows,
        "categories": list(Category), "audiences": list(Audience),
        "time_limits": list(TimeLimit), "org_kinds": OrgKind,
        "Category": Category, "TimeLimit": TimeLimit, "Audience": Audience,
        "message": message[:200], "error": error[:200],
    })


@router.post("/items")
def publish(
    request: Request, session: Session,
    csrf: Annotated[str, Form()], org_id: Annotated[int, Form()],
    category: Annotated[int, Form()], audience: Annotated[str, Form()],
    time_limit: Annotated[str, Form()], title: Annotated[str, Form(max_length=200)],
    body: Annotated[str, Form(max_length=50_000)] = "",
    gongshi_start: Annotated[str, Form()] = "", gongshi_end: Annotated[str, Form()] = "",
    period_label: Annotated[str, Form(max_length=200)] = "",
):
    try:
        _check_csrf(session, csrf)
        draft = Draft(org_id=org_id, category=Category(category), title=title, body=body,
                      audience=Audience(audience), time_limit=TimeLimit(time_limit),
                      gongshi_start=_form_date(gongshi_start), gongshi_end=_form_date(gongshi_end),
                      period_label=period_label)
        with request.app.state.engine.begin() as conn:
            disclosures.publish(conn, draft, session.username)
    except (WorkflowError, ValueError) as exc:
        return _back(error=_admin_message(exc))
    return _back(message="已发布：" + title[:60])


@router.post("/items/{item_id}/withdraw")
def withdraw(request: Request, session: Session, item_id: int,
             csrf: Annotated[str, Form()], note: Annotated[str, Form(max_length=2000)] = ""):
    try:
        _check_csrf(session, csrf)
        with request.app.state.engine.begin() as conn:
            disclosures.withdraw(conn, item_id, note, session.username)
    except WorkflowError as exc:
        return _back(error=str(exc))
    return _back(message="已撤回，撤回说明将在屏幕上公开")


def _form_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise WorkflowError("日期格式应为 2026-11-28") from None


def _admin_message(exc: Exception) -> str:
    return str(exc) if isinstance(exc, WorkflowError) else "填写的内容有误，请检查后重试"


def _back(message: str = "", error: str = "") -> RedirectResponse:
    query = urlencode({k: v for k, v in {"message": message, "error": error}.items() if v})
    return RedirectResponse("/console" + ("?" + query if query else ""), status_code=303)
