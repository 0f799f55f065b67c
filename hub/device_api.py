"""The device API: devices authenticate with their bearer token and pull the change feed."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from . import db, devices, feed
from .errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["device"])


def current_device(request: Request, authorization: Annotated[str | None, Header()] = None):
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "missing device token (Authorization: Bearer <token>)")
    with request.app.state.engine.begin() as conn:
        device = devices.authenticate(conn, authorization.removeprefix("Bearer ").strip())
    if device is None:
        raise ApiError(401, "unknown or revoked device token")
    return device


@router.get("/feed", summary="Changes since a cursor (304 when nothing is new)")
def get_feed(
    request: Request,
    device: Annotated[devices.Device, Depends(current_device)],
    cursor: Annotated[int, Query(ge=0, lt=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=feed.MAX_PAGE)] = 200,
    if_none_match: Annotated[str | None, Header()] = None,
):
    with request.app.state.engine.connect() as conn:
        head = db.feed_head(conn)
        tag = feed.etag(device, head)
        if if_none_match == tag and cursor >= head:
            return Response(status_code=304, headers={"ETag": tag})
        body = feed.page(conn, device, cursor, limit)
    return JSONResponse(body, headers={"ETag": tag, "Cache-Control": "no-cache"})
