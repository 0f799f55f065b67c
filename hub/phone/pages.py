"""The mobile pages behind the QR codes (/m, Chinese, no app, no login): read an item,
submit a 点题, a comment or a 依申请公开 application, follow a request by its receipt,
read the 回音壁, rate (评议) and reach the 监督直通车.

A QR code from a kiosk carries a signed token (hub.phone.qr_check); a page opened with one keeps
it in its forms, so the submission is attributed to that kiosk, and a forged or expired token
is refused, as is a second rating or a second submission of the same form with it. Pages opened without one work too, rate-limited by address.
Handlers stay thin: hub.feedback.citizen_requests, hub.feedback.ratings, hub.feedback.echo_wall and hub.feedback.supervision decide and store.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from gongkai import qrtoken
from gongkai.domain.feedback import abuse, receipts
from gongkai.domain.feedback.citizen_requests import RequestKind, RequestState
from gongkai.domain.feedback.echo_wall_reports import ReportReason
from gongkai.domain.feedback.masking import mask_name, mask_phone
from gongkai.domain.feedback.public_feedback import ContactKind
from gongkai.domain.feedback.ratings import Satisfaction
from gongkai.domain.feedback.topics import SUGGESTED
from gongkai.domain.model import Audience, Category, ItemStatus
from gongkai.domain.orgtree import screen_scope
from hub.api.params import ChosenId, Id
from hub.clock import utcnow
from hub.feedback import citizen_requests, echo_wall, echo_wall_reports, ratings, supervision
from hub.rendering import templates
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import qr_check

router = APIRouter(prefix="/m", include_in_schema=False)

Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=200)]
TokenField = Annotated[str, Form(max_length=120)]
TokenQuery = Annotated[str, Query(max_length=120)]
OrgQuery = Annotated[Id | None, Query()]
FORMS = {RequestKind.DIANTI: "dianti", RequestKind.FEEDBACK: "feedback", RequestKind.APPLICATION: "shenqing"}


def _page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    context = {"Category": Category, "RequestKind": RequestKind, "RequestState": RequestState,
               "ContactKind": ContactKind, "Satisfaction": Satisfaction, "ReportReason": ReportReason, "t": "",
               **context}
    return templates.TemplateResponse(request, f"phone/{name}", context, status_code=status_code)


def _refused(request: Request, reason: str, status_code: int = 400) -> HTMLResponse:
    return _page(request, "refused.html", status_code=status_code, reason=reason)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _refusal_status(exc: abuse.Refused, otherwise: int = 400) -> int:
    """429 when a budget is used up (the message says 频繁), ``otherwise`` for anything else."""
    return 429 if "频繁" in str(exc) else otherwise


def _public_item(conn: sa.Connection, item_id: int) -> sa.Row | None:
    """An item the public may read: 全社会, published or withdrawn (with its notice)."""
    row = conn.execute(sa.select(db.items).where(db.items.c.id == item_id)).first()
    shown = row is not None and row.audience == Audience.PUBLIC.value and row.status in (
        ItemStatus.PUBLISHED.value, ItemStatus.WITHDRAWN.value)
    return row if shown else None


def _level(text: str) -> Satisfaction:
    try:
        return Satisfaction(text)
    except ValueError:
        raise abuse.Refused("请选择满意、基本满意或不满意") from None


def _home_org(conn: sa.Connection, token: str) -> int | None:
    """The org of the kiosk a (valid) token came from: the form's first choice."""
    try:
        return qr_check.check(conn, token, utcnow()).org_id if token else None
    except qrtoken.TokenError:
        return None


@router.get("", response_class=HTMLResponse)
def home(request: Request, t: TokenQuery = ""):
    """The start page behind a kiosk's general QR code: a tile for each thing a citizen can do."""
    return _page(request, "home.html", t=t)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: Id, t: TokenQuery = ""):
    """A public item to read on the phone, from the QR code a kiosk shows with it."""
    with request.app.state.engine.connect() as conn:
        row = _public_item(conn, item_id)
        orgs = load_orgs(conn)
    if row is None:
        return _refused(request, "没有这条公开内容，或它已不再公开", 404)
    return _page(request, "item.html", item=row, org=orgs.get(row.org_id), t=t)


# --- following a request --------------------------------------------------------

@router.get("/follow", response_class=HTMLResponse)
def follow_lookup(request: Request, receipt: Annotated[str, Query(max_length=40)] = "", t: TokenQuery = ""):
    """Where a citizen types a receipt number to follow their request."""
    if not receipt:
        return _page(request, "follow_lookup.html", t=t, error="")
    canonical = receipts.normalise(receipt)
    if canonical is None:
        return _page(request, "follow_lookup.html", status_code=400, t=t, error="回执号格式不对，例如 DT-2026-11-4K7Q9M2X")
    return RedirectResponse(f"/m/follow/{canonical}", status_code=303)


@router.get("/follow/{receipt}", response_class=HTMLResponse)
def follow(request: Request, receipt: str, new: int = 0):
    """How a citizen's request stands, by its receipt, with the published reply once there is one."""
    canonical = receipts.normalise(receipt)
    with request.app.state.engine.connect() as conn:
        row = citizen_requests.by_receipt(conn, canonical) if canonical else None
        if row is None:
            return _page(request, "follow_pending.html", status_code=404, receipt=canonical or "")
        reply = citizen_requests.latest_reply(conn, row.id) if row.published and not row.hidden else None
        rated = conn.execute(sa.select(db.ratings.c.id).where(db.ratings.c.request_id == row.id)).first()
        org = load_orgs(conn).get(row.org_id)
    return _page(request, "follow.html", row=row, reply=reply, org=org, new=new, rated=rated is not None,
                 asker=mask_name(row.name or ""), phone=mask_phone(row.phone or ""))


@router.post("/follow/{receipt}/rating", response_class=HTMLResponse)
def rate_reply(request: Request, receipt: str, level: Short = "", reason: Short = ""):
    """Record the asker's 评议 of the reply to their request."""
    canonical = receipts.normalise(receipt)
    try:
        with request.app.state.engine.begin() as conn:
            row = citizen_requests.by_receipt(conn, canonical) if canonical else None
            if row is None:
                raise abuse.Refused("没有这条请求")
            ratings.record(conn, row.org_id, _level(level), reason, "phone", request_id=row.id,
                           ip=_address(request))
    except abuse.Refused as exc:
        return _refused(request, str(exc), _refusal_status(exc))
    return RedirectResponse(f"/m/follow/{canonical}", status_code=303)


# --- 回音壁, 评议, 监督直通车 ----------------------------------------------------------

@router.get("/huiyin", response_class=HTMLResponse)
def wall_page(request: Request, t: TokenQuery = "", org: OrgQuery = None):
    """The 回音壁 on the phone: published replies, from around one org or from all."""
    with request.app.state.engine.connect() as conn:
        orgs = load_orgs(conn)
        scope = screen_scope(orgs, org) if org in orgs else None
        entries = echo_wall.entries(conn, scope)
    return _page(request, "echo_wall.html", entries=entries, orgs=orgs, t=t)


@router.post("/huiyin/{request_id}/report", response_class=HTMLResponse)
def report_entry(request: Request, request_id: Id, reason: Short = ""):
    """A citizen reports a 回音壁 entry as improper, for staff to check."""
    if reason not in ReportReason.__members__.values():
        return _refused(request, "请选择举报理由")
    try:
        with request.app.state.engine.begin() as conn:
            outcome = echo_wall_reports.report(conn, request_id, _address(request), ReportReason(reason), utcnow())
    except abuse.Refused as exc:
        return _refused(request, str(exc), _refusal_status(exc, 404))
    thanks = "您已举报过这条内容，感谢您的监督。" if outcome is echo_wall_reports.Outcome.REPEATED else \
        "感谢您的举报，我们会尽快核查。"
    return _page(request, "thanks.html", message=thanks)


@router.get("/pingyi", response_class=HTMLResponse)
def rating_page(request: Request, t: TokenQuery = ""):
    """The 评议 form, with the published quarterly results."""
    with request.app.state.engine.connect() as conn:
        context = _rating_context(conn, t)
    return _page(request, "rating.html", **context)


def _rating_context(conn: sa.Connection, token: str, error: str = "") -> dict:
    return {"orgs": load_orgs(conn), "results": ratings.published(conn), "t": token,
            "home_org": _home_org(conn, token), "error": error}


@router.post("/pingyi", response_class=HTMLResponse)
def rate(request: Request, org_id: Annotated[ChosenId, Form()] = 0, level: Short = "",
         reason: Short = "", t: TokenField = ""):
    """File a citizen's 评议 of an org, attributed to the kiosk whose QR code brought them."""
    try:
        with request.app.state.engine.begin() as conn:
            origin = qr_check.check(conn, t, utcnow()) if t else None
            ratings.record(conn, org_id, _level(level), reason, "phone",
                           device_id=origin.device_id if origin else None, ip=_address(request))
            if origin is not None:
                qr_check.use(conn, origin, "pingyi", utcnow())
    except qrtoken.TokenError as exc:
        return _refused(request, str(exc))
    except abuse.Refused as exc:
        with request.app.state.engine.connect() as conn:
            return _page(request, "rating.html", status_code=_refusal_status(exc),
                         **_rating_context(conn, t, str(exc)))
    return _page(request, "thanks.html", message="感谢您的评议！评议结果将按季度公布。")


@router.get("/jiandu", response_class=HTMLResponse)
def supervision_page(request: Request, t: TokenQuery = "", org: OrgQuery = None):
    """The 监督直通车 contacts for the citizen's org: chosen, or the kiosk's."""
    with request.app.state.engine.connect() as conn:
        orgs = load_orgs(conn)
        home_org = org if org in orgs else _home_org(conn, t)
        contacts = supervision.listed(conn, screen_scope(orgs, home_org) if home_org else None)
    return _page(request, "supervision.html", contacts=contacts, orgs=orgs, t=t)


# --- 点题, comments, 依申请公开 -----------------------------------------------------

@router.get("/{form}", response_class=HTMLResponse)
def request_form(request: Request, form: str, t: TokenQuery = "", item: OrgQuery = None):
    """The form for a 点题, an 意见建议 or a 依申请公开 application."""
    kind = next((k for k, name in FORMS.items() if name == form), None)
    if kind is None:
        return _refused(request, "没有这个页面", 404)
    with request.app.state.engine.connect() as conn:
        context = _form_context(conn, kind, t, item)
    return _page(request, "request_form.html", **context)


def _form_context(conn: sa.Connection, kind: RequestKind, token: str, item_id: int | None, **values) -> dict:
    item = _public_item(conn, item_id) if item_id else None
    org_id = item.org_id if item is not None else _home_org(conn, token)
    return {"kind": kind, "form": FORMS[kind], "orgs": load_orgs(conn), "topics": SUGGESTED, "t": token,
            "item": item, "values": {"org_id": org_id, **values}, "error": values.get("error", "")}


@router.post("/{form}", response_class=HTMLResponse)
def submit_request(request: Request, form: str, org_id: Annotated[ChosenId, Form()] = 0,
                   text: Text = "", topic: Short = "", category: Annotated[int, Form(ge=0, le=8)] = 0,
                   name: Short = "", phone: Short = "", purpose: Short = "", t: TokenField = "",
                   item: Annotated[ChosenId, Form()] = 0):
    """File a 点题, an 意见建议 or a 依申请公开 application, then show its receipt to follow it by."""
    kind = next((k for k, name_ in FORMS.items() if name_ == form), None)
    if kind is None:
        return _refused(request, "没有这个页面", 404)
    sub = citizen_requests.Submission(kind=kind, org_id=org_id, text=text, source="phone", category=category or None,
                           topic=topic, name=name, phone=phone, purpose=purpose, item_id=item or None,
                           ip=_address(request))
    try:
        with request.app.state.engine.begin() as conn:
            origin = qr_check.check(conn, t, utcnow()) if t else None
            receipt = citizen_requests.file_from_phone(conn, sub if origin is None else _attributed(sub, origin))
            if origin is not None:
                qr_check.use(conn, origin, form, utcnow())
    except qrtoken.TokenError as exc:
        return _refused(request, str(exc))
    except abuse.Refused as exc:
        status = _refusal_status(exc)
        with request.app.state.engine.connect() as conn:
            context = _form_context(conn, kind, t, item or None, org_id=org_id, text=text, topic=topic,
                                    category=category, name=name, phone=phone, purpose=purpose, error=str(exc))
        return _page(request, "request_form.html", status_code=status, **context)
    return RedirectResponse(f"/m/follow/{receipt}?new=1", status_code=303)


def _attributed(sub: citizen_requests.Submission, origin: qr_check.Origin) -> citizen_requests.Submission:
    return replace(sub, device_id=origin.device_id, item_id=sub.item_id or origin.token.item_id)
