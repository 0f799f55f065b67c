"""Pull the signed change feed into the local store, page by page, each page all or nothing.

The cursor moves only inside the transaction that applies its page, so a power cut
leaves the store at the end of the last whole page, and the next run resumes there.
Each page is checked against the hub's signature before it is even parsed, then shown to
answer this very request (gongkai.trust): a replayed, swapped or backward answer is refused
and counted, and the device's clock follows only the hub's signed time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import requests

from device import screenshots
from device.config import DeviceConfig
from device.store import Store
from gongkai import signing, trust
from gongkai.protocol import FEEDBACK_TYPES, FeedError, FeedPage, parse_feed_page

MAX_PAGES_PER_RUN = 10_000
TYPES = ",".join(FEEDBACK_TYPES)
"""The change types beyond org and item this device applies; when they change (an upgrade),
the device reads the feed again from zero to pick up records it skipped before."""


class SyncError(RuntimeError):
    """Sync could not finish; the message is plain words for ``gongkai status``."""


@dataclass
class SyncResult:
    """What one sync run did, for the service's log and ``gongkai sync``'s report."""

    requests: int = 0
    pages: int = 0
    changes: int = 0
    not_modified: bool = False
    """The hub signed that nothing is new since this device's cursor."""
    hub_time: datetime | None = None
    """The hub's signed time in the last answer this device trusted."""
    clock_offset: float | None = None
    """Hub time minus device time, measured on that answer (None: it came too slowly to tell)."""


def sync_once(config: DeviceConfig, store: Store, http: requests.Session | None = None) -> SyncResult:
    """Bring the store up to the hub's head; record the outcome in the store either way."""
    http = http or requests.Session()
    result = SyncResult()
    try:
        _pull(config, store, http, result)
    except SyncError as exc:
        store.record_sync(_now(), str(exc), result.hub_time, result.clock_offset)
        raise
    store.record_sync(_now(), None, result.hub_time, result.clock_offset)
    return result


def _pull(config: DeviceConfig, store: Store, http: requests.Session, result: SyncResult) -> None:
    public_key = signing.parse_public_key(config.public_key)
    device = trust.device_id(config.token)
    while result.pages < MAX_PAGES_PER_RUN:
        asked = trust.Asked(device=device, nonce=trust.new_nonce(),
                            cursor=store.cursor if store.meta("feed_types") == TYPES else 0,
                            scope=store.scope, org=store.org_id, types=FEEDBACK_TYPES)
        sent = _now()
        response = _get(config, http, asked)
        received = _now()
        result.requests += 1
        page = _trusted_page(response, public_key, asked, store)
        result.hub_time = page.hub_time
        result.clock_offset = trust.clock_offset(page.hub_time, sent, received, config.timeout)
        screenshots.note_request(store, page.screenshot_request)
        if not (page.reset or page.changes or page.more or page.cursor != asked.cursor):
            result.not_modified = True
            return
        store.apply_page(page)
        if store.meta("feed_types") != TYPES:
            store.set_meta("feed_types", TYPES)
        result.pages += 1
        result.changes += len(page.changes)
        if not page.more:
            return
    raise SyncError(f"gave up after {MAX_PAGES_PER_RUN} pages in one run")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _get(config: DeviceConfig, http: requests.Session, asked: trust.Asked) -> requests.Response:
    headers = {"Authorization": f"Bearer {config.token}", "Accept": "application/json"}
    url = f"{config.hub_url}/api/v1/feed"
    try:
        response = http.get(url, params={"cursor": asked.cursor, "limit": config.page_size, "scope": asked.scope,
                                        "types": TYPES, "nonce": asked.nonce},
                            headers=headers, timeout=config.timeout)
    except requests.Timeout:
        raise SyncError(f"the hub at {config.hub_url} did not answer within {config.timeout:g} s") from None
    except requests.exceptions.ChunkedEncodingError:
        raise SyncError("the hub's answer was cut off before its end; nothing was applied") from None
    except requests.RequestException as exc:
        raise SyncError(f"cannot reach the hub at {config.hub_url}: {type(exc).__name__}") from None
    if response.status_code in (200, 304):
        return response
    raise SyncError(_refusal(response))


def _refusal(response: requests.Response) -> str:
    try:
        reason = response.json().get("error", "")
    except (ValueError, AttributeError):
        reason = ""
    if response.status_code == 401:
        return f"the hub refused this device's token: {reason or 'unauthorised'} (ask the admin to re-enrol it)"
    return f"the hub answered HTTP {response.status_code}" + (f": {reason}" if reason else "")


def _trusted_page(response: requests.Response, public_key, asked: trust.Asked, store: Store) -> FeedPage:
    """The page in ``response`` once it is shown to be the hub's, unaltered, made for this
    very request and moving the device forward; else a SyncError, counted when refused."""
    if response.status_code == 304:
        raise _refused(store, "refused an unsigned 'not modified' answer (HTTP 304): the hub signs even "
                              "'nothing new'")
    try:
        signing.verify(public_key, response.content, response.headers.get(signing.HEADER))
    except signing.SignatureError as exc:
        raise _refused(store, f"refused a feed page: {exc}") from None
    try:
        payload = json.loads(response.content)
    except ValueError:
        raise SyncError("the hub sent a feed page that is not valid JSON; nothing was applied") from None
    try:
        page = parse_feed_page(payload)
    except FeedError as exc:
        raise SyncError(f"the hub sent a malformed feed page ({exc}); nothing was applied") from None
    try:
        trust.check_page(page, asked)
        trust.check_versions(page, store.held_versions([c.id for c in page.changes if c.kind == "item"]))
    except trust.Refused as exc:
        raise _refused(store, f"refused a feed page: {exc}") from None
    return page


def _refused(store: Store, message: str) -> SyncError:
    """Count an answer refused on trust; the error says that nothing of it was applied."""
    store.count_failed_verification()
    return SyncError(f"{message}; nothing was applied")
