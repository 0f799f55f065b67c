"""The device API: devices authenticate with their bearer token, pull the signed change
feed and push their outbox."""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator, model_validator

from gongkai import signing
from gongkai.protocol import NONCE_PATTERN, max_payload_bytes
from hub.clock import utcnow
from hub.fleet import devices, feed, submissions

from .errors import ApiError, documented
from .models import FILE, RANGES, Accepted, FeedPage, PairingOut, PairingState, ok
from .params import Id

router = APIRouter(prefix="/api/v1", tags=["device"])
_bearer = HTTPBearer(scheme_name="deviceToken", auto_error=False,
                     description="The token a screen collected when it was paired (docs/protocol.md)")


def current_device(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]):
    """The paired, unrevoked device behind the request's bearer token; 401 otherwise."""
    if credentials is None:
        raise ApiError(401, "missing device token (Authorization: Bearer <token>)")
    with request.app.state.engine.begin() as conn:
        device = devices.authenticate(conn, credentials.credentials)
    if device is None:
        raise ApiError(401, "unknown or revoked device token")
    return device


Device = Annotated[devices.Device, Depends(current_device)]


@router.get("/files/{sha256}", summary="A file by its SHA-256 (Range requests resume a download)",
            response_class=FileResponse, responses={200: FILE, **RANGES, **documented(400, 401, 404)})
def get_file(request: Request, device: Device, sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")]):
    """An attachment a device's items need, by its hash; resumable, and only to a device that may show it."""
    with request.app.state.engine.connect() as conn:
        allowed = feed.may_fetch(conn, device, sha256)
    path = request.app.state.files.path(sha256)
    if not allowed or not path.is_file():
        raise ApiError(404, "no such file for this device")
    return FileResponse(path, media_type="application/octet-stream",
                        headers={"ETag": f'"{sha256}"', "Cache-Control": "private, max-age=31536000, immutable"})


@router.get("/feed", summary="Signed changes since a cursor, made for this one request",
            responses={200: {"model": FeedPage}, **documented(400, 401)})
def get_feed(
    request: Request,
    device: Device,
    cursor: Annotated[int, Query(ge=0, lt=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=feed.MAX_PAGE)] = 200,
    scope: Annotated[int, Query(ge=0, lt=2**31)] = 0,
    types: Annotated[str, Query(max_length=200, pattern=r"^[a-z,]*$")] = "",
    nonce: Annotated[str, Query(pattern=f"^(?:{NONCE_PATTERN})?$")] = "",
):
    """The changes a device applies to its store since its cursor, signed and made for this request alone."""
    ask = feed.Ask(cursor, limit, scope, frozenset(types.split(",")), nonce)
    with request.app.state.engine.connect() as conn:
        page = feed.answer(conn, device, ask, utcnow())
    return signed(request, page, {"Cache-Control": "no-store"})


def signed(request: Request, payload: dict, headers: dict[str, str] | None = None) -> Response:
    """``payload`` as JSON, with the hub's signature over exactly those bytes."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, media_type="application/json", headers={
        **(headers or {}), signing.HEADER: signing.sign(request.app.state.signing_key, body)})


class PairingRequest(BaseModel):
    """A new screen asking to be paired, and which kind of screen it is."""

    kind: str = Field(pattern="^(kiosk|display)$")


@router.post("/pairings", summary="A new screen asks for a pairing code (no token yet)",
             responses={**ok(PairingOut), **documented(400, 413, 429)})
def post_pairing(request: Request, body: PairingRequest):
    """Start pairing a new screen: a code it shows for an admin to confirm, and a secret for collecting its token."""
    address = request.client.host if request.client else "unknown"
    try:
        with request.app.state.engine.begin() as conn:
            pairing = devices.request_pairing(conn, body.kind, address)
    except devices.PairingRefused:
        raise ApiError(429, "too many pairing requests from this address; try again in an hour") from None
    return {"id": pairing.id, "code": pairing.code, "secret": pairing.secret,
            "expires_at": pairing.expires_at.isoformat()}


@router.get("/pairings/{pairing_id}", summary="The screen collects its token once the admin confirmed",
            responses={**ok(PairingState), **documented(400, 404)})
def get_pairing(request: Request, pairing_id: Id,
                x_pairing_secret: Annotated[str, Header()]):
    """A new screen polls here until an admin confirms its code, then collects its token and the hub's public key."""
    try:
        with request.app.state.engine.begin() as conn:
            collected = devices.collect_pairing(conn, pairing_id, x_pairing_secret)
    except devices.DeviceError as exc:
        raise ApiError(404, str(exc)) from None
    if collected is None:
        return {"state": "waiting"}
    token, device = collected
    return signed(request, {"state": "paired", "pairing": devices.token_hash(x_pairing_secret), "token": token,
                            "device_name": device.name,
                            "public_key": signing.public_key_text(request.app.state.signing_key)})


class OutboxRecord(BaseModel):
    """One thing a device sends up: a 点题, 意见建议, 评议 or 依申请公开 application, a proof of play or a heartbeat."""

    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    kind: str = Field(json_schema_extra={"enum": sorted(submissions.KINDS)})
    created_at: str = Field(max_length=40)
    payload: dict

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in submissions.KINDS:
            raise ValueError(f"unknown kind {value!r}")
        return value

    @model_validator(mode="after")
    def _small_payload(self) -> OutboxRecord:
        limit = max_payload_bytes(self.kind)
        if len(json.dumps(self.payload, ensure_ascii=False).encode()) > limit:
            raise ValueError(f"{self.kind} payload larger than {limit} bytes")
        return self


class OutboxBatch(BaseModel):
    """Part of a device's outbox, sent in one request."""

    records: list[OutboxRecord] = Field(max_length=100)


@router.post("/outbox", summary="Submissions, proof of play and heartbeats, each stored once",
             responses={**ok(Accepted), **documented(400, 401, 413)})
def post_outbox(request: Request, device: Device, batch: OutboxBatch):
    """Store what a device sends up, each record once however often it is resent; the signed answer says which are
    held."""
    records = [submissions.Record(r.id, r.kind, r.created_at, r.payload) for r in batch.records]
    with request.app.state.engine.begin() as conn:
        submissions.store(conn, device, records)
    return signed(request, {"accepted": [r.client_id for r in records]})
