"""What the JSON APIs answer when they say yes, as the OpenAPI contract documents it.

Routes return plain dicts; these models only document them (``responses=ok(Model)``), so a
field added to an answer is never silently dropped; tests/hub/test_contract.py checks every
answer the hub sends against them.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


def ok(model: Any) -> dict[int, dict[str, Any]]:
    """The ``responses=`` entry of a route's 200 answer."""
    return {200: {"model": model}}


class SessionOut(BaseModel):
    """An admin session just opened: the bearer token for the other calls and how long it lasts."""

    token: str = Field(description="send as Authorization: Bearer <token>")
    expires_in_seconds: int


class ItemOut(BaseModel):
    """An item as the admin API shows it: its content, workflow state and publication dates."""

    id: int
    org_id: int
    category: int = Field(ge=1, le=8)
    title: str
    body: str
    audience: str
    time_limit: str
    state: str
    version: int
    published_at: str | None
    gongshi_start: str | None
    gongshi_end: str | None
    period_label: str
    urgent: bool
    urgent_until: str | None
    withdrawal_note: str


class StepOut(BaseModel):
    """Where an item stands after a workflow action, and the approval request it opened, if any."""

    state: str
    request: str | None = Field(description="the approval request a closing step opened, if it needs one")


class DeviceOut(BaseModel):
    """A screen's health as the admin API reports it: where it belongs, what it runs, how far behind it is."""

    id: int
    name: str
    kind: str
    org_id: int
    groups: list[str]
    revoked: bool
    last_seen_at: str | None
    app_version: str | None
    cursor: int | None
    behind: int | None
    online: bool
    fresh_hub_time: str | None = Field(description="the hub's signed time in the freshest answer the device trusted")
    stale: bool = Field(description="longer than the device's own sync.stale_after without a fresh signed answer")
    outbox_depth: int | None


class Change(BaseModel):
    """One change in a feed page: an org's, item's or feedback record's wire form, or a tombstone."""

    seq: int
    type: str
    id: int | str
    deleted: bool
    data: dict[str, Any] | None = None


class FeedPage(BaseModel):
    """One page of the signed change feed (docs/protocol.md)."""

    protocol: int
    scope: int
    reset: bool
    org: int
    after: int
    cursor: int
    more: bool
    changes: list[Change]
    device: str = Field(description="the device the page was made for (its key id)")
    nonce: str = Field(description="the nonce of the request this page answers")
    types: list[str] = Field(description="the feedback change types the page carries")
    hub_time: str = Field(description="the hub's time when it made the page; the device's clock follows it")
    screenshot_request: str | None = Field(None, description="when an admin asked this device for a screenshot "
                                                             "not yet received; null: none pending")


class PairingOut(BaseModel):
    """A pairing just opened: the code the screen shows and the secret it collects its token with."""

    id: int
    code: str = Field(description="shown on the screen; the admin types it into the console")
    secret: str = Field(description="send as X-Pairing-Secret to collect the token")
    expires_at: str


class PairingState(BaseModel):
    """A pairing as its screen polls it: still waiting, or paired and carrying the device's token, signed."""

    state: Literal["waiting", "paired"]
    pairing: str | None = Field(None, description="SHA-256 of the pairing secret: binds the signed answer to this request")
    token: str | None = None
    device_name: str | None = None
    public_key: str | None = None


class Accepted(BaseModel):
    """The outbox records the hub now holds, which the device may drop from its outbox."""

    accepted: list[str] = Field(description="the ids of the records now stored (again, for a resend)")


class Offer(BaseModel):
    """The version offered to a device, as a manifest signed by the hub."""

    manifest: str = Field(description="JSON text {filename, sha256, size, version}, signed as it is")
    signature: str


class Done(BaseModel):
    """A plain yes: the hub recorded the device's report."""

    ok: bool


class Health(BaseModel):
    """The hub is up, and which version it runs: for monitoring."""

    ok: bool
    version: str


FILE = {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
"""A 200 or 206 answer that is a file's bytes."""

RANGES = {
    206: {"description": "The part asked for with Range", **FILE},
    416: {"description": "The Range asked for lies outside the file",
          "content": {"text/plain": {"schema": {"type": "string"}}}},
}
"""The answers a Range request can add to a file download."""
