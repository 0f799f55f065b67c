"""The admin JSON API: the console's core actions for scripts and other systems.

A client opens a session with a username and password and sends its token as a bearer
token; the same roles and workflow rules as the console apply (hub.workflow.disclosures decides),
and every refusal is JSON with the reason in Chinese.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from gongkai.domain.model import Audience, Category, TimeLimit
from gongkai.domain.roles import require_admin
from gongkai.domain.workflow import State
from hub.clock import utcnow
from hub.fleet import devices
from hub.staff import accounts
from hub.storage import db
from hub.workflow import disclosures
from hub.workflow.disclosures import Draft

from .errors import ApiError, documented
from .models import DeviceOut, ItemOut, SessionOut, StepOut, ok
from .params import Id

router = APIRouter(prefix="/api/admin/v1", tags=["admin"])


class Credentials(BaseModel):
    """A console account's username and password, traded for a session token."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class ItemIn(BaseModel):
    """A new item as a script submits it: what the console's item form asks for."""

    org_id: Id
    category: Category
    audience: Audience
    time_limit: TimeLimit
    title: str = Field(min_length=1, max_length=disclosures.MAX_TITLE)
    body: str = Field(default="", max_length=disclosures.MAX_BODY)
    gongshi_start: date | None = None
    gongshi_end: date | None = None
    period_label: str = Field(default="", max_length=disclosures.MAX_TITLE)
    published_at: datetime | None = None
    work_plan: str = Field(default="", max_length=disclosures.MAX_WORK_PLAN)
    urgent: bool = False
    urgent_until: datetime | None = None
    targets: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default=[], max_length=20)
    publish: bool = Field(default=False, description="publish at once (if the catalogue allows) instead of a draft")


class Explanation(BaseModel):
    """The public explanation published with a withdrawal."""

    explanation: str = Field(min_length=1, max_length=disclosures.MAX_NOTE)


_bearer = HTTPBearer(scheme_name="adminSession", auto_error=False,
                     description="A token from POST /api/admin/v1/sessions, valid for one working session")


def api_session(request: Request,
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> accounts.Session:
    """The logged-in user behind the request's bearer token; 401 without a live one."""
    with request.app.state.engine.connect() as conn:
        found = accounts.session(conn, credentials.credentials if credentials else "")
    if found is None:
        raise ApiError(401, "需要登录：请先 POST /api/admin/v1/sessions 获取令牌")
    return found


Session = Annotated[accounts.Session, Depends(api_session)]


@router.post("/sessions", summary="Log in; returns a bearer token for the other calls",
             responses={**ok(SessionOut), **documented(400, 401, 413, 429)})
def open_session(request: Request, credentials: Credentials):
    """Log a script in with a console account; the token authorises the other admin calls."""
    ip = request.client.host if request.client else "unknown"
    try:
        with request.app.state.engine.begin() as conn:
            token = accounts.log_in(conn, credentials.username, credentials.password, ip)
    except accounts.TooManyAttempts as exc:
        raise ApiError(429, str(exc)) from None
    if token is None:
        raise ApiError(401, "用户名或密码错误")
    return {"token": token, "expires_in_seconds": int(accounts.SESSION_LIFETIME.total_seconds())}


@router.get("/items", summary="Items, newest first, optionally filtered",
            responses={**ok(list[ItemOut]), **documented(400, 401)})
def list_items(request: Request, session: Session,
               org_id: Id | None = None,
               category: Annotated[int | None, Query(ge=1, le=8)] = None,
               state: State | None = None):
    """The items the caller may read, newest first, by org, category or workflow state."""
    with request.app.state.engine.connect() as conn:
        return [_item_out(row) for row in disclosures.list_items(conn, session.actor, org_id, category, state)]


@router.get("/items/{item_id}", summary="One item", responses={**ok(ItemOut), **documented(400, 401, 422)})
def get_item(request: Request, session: Session, item_id: Id):
    """One item the caller may read, with its workflow state."""
    with request.app.state.engine.connect() as conn:
        return _item_out(disclosures.readable_item(conn, session.actor, item_id))


@router.post("/items", summary="Save a draft, or publish it at once with publish=true",
             responses={**ok(ItemOut), **documented(400, 401, 403, 413, 422)})
def create_item(request: Request, session: Session, body: ItemIn):
    """Save a new item as a draft, or publish it at once, as the caller's role and the catalogue allow."""
    draft = Draft(**body.model_dump(exclude={"publish", "targets"}), targets=tuple(sorted(set(body.targets))))
    with request.app.state.engine.begin() as conn:
        if body.publish:
            item_id = disclosures.publish(conn, draft, session.actor)
        else:
            item_id = disclosures.save_draft(conn, session.actor, draft)
        return _item_out(disclosures.item(conn, item_id))


@router.post("/items/{item_id}/withdraw", summary="Withdraw a published item with its public explanation",
             responses={**ok(StepOut), **documented(400, 401, 403, 413, 422)})
def withdraw_item(request: Request, session: Session, item_id: Id, body: Explanation):
    """Withdraw a published item, or ask for approval to; the explanation goes public with it."""
    with request.app.state.engine.begin() as conn:
        step = disclosures.withdraw(conn, item_id, body.explanation, session.actor)
    return {"state": step.state.value, "request": step.request.value if step.request else None}


@router.get("/devices", summary="Every screen with its health (district admins)",
            responses={**ok(list[DeviceOut]), **documented(401, 403)})
def list_devices(request: Request, session: Session):
    """Every screen the admin oversees, and whether it is online, behind or stale: for monitoring."""
    require_admin(session.actor)
    with request.app.state.engine.connect() as conn:
        head = db.feed_head(conn)
        rows = devices.list_devices(conn, session.actor)
        groups = {row.id: sorted(devices.groups_of(conn, row.id)) for row in rows}
    now = utcnow()
    states = {row.id: devices.health_of(row, head, now) for row in rows}
    return [{
        "id": row.id, "name": row.name, "kind": row.kind, "org_id": row.org_id, "groups": groups[row.id],
        "revoked": row.revoked, "last_seen_at": row.last_seen_at, "app_version": row.app_version,
        "cursor": row.cursor, "behind": states[row.id].behind, "online": states[row.id].online,
        "fresh_hub_time": row.fresh_hub_time, "stale": states[row.id].stale,
        "outbox_depth": row.outbox_depth,
    } for row in rows]


def _item_out(row: sa.Row) -> dict[str, Any]:
    return {
        "id": row.id, "org_id": row.org_id, "category": row.category, "title": row.title, "body": row.body,
        "audience": row.audience, "time_limit": row.time_limit, "state": disclosures.state_of(row).value,
        "version": row.version, "published_at": row.published_at, "gongshi_start": row.gongshi_start,
        "gongshi_end": row.gongshi_end, "period_label": row.period_label, "urgent": row.urgent,
        "urgent_until": row.urgent_until, "withdrawal_note": row.withdrawal_note,
    }

