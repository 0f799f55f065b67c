"""Pull the signed change feed into the local store, page by page, each page all or nothing.

The cursor moves only inside the transaction that applies its page, so a power cut
leaves the store at the end of the last whole page, and the next run resumes there.
Each page is checked against the hub's signature before it is even parsed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import requests

from device.config import DeviceConfig
from device.store import Store
from gongkai import signing
from gongkai.protocol import FEEDBACK_TYPES, FeedError, FeedPage, parse_feed_page

MAX_PAGES_PER_RUN = 10_000
TYPES = ",".join(FEEDBACK_TYPES)
"""The change types beyond org and item this device applies; when they change (an upgrade),
the device reads the feed again from zero to pick up records it skipped before."""


class SyncError(RuntimeError):
    """Sync could not finish; the message is plain words for ``gongkai status``."""


@dataclass
class SyncResult:
    requests: int = 0
    pages: int = 0
    changes: int = 0
    not_modified: bool = False


def sync_once(config: DeviceConfig, store: Store, http: requests.Session | None = None) -> SyncResult:
    """Bring the store up to the hub's head; record the outcome in the store either way."""
    http = http or requests.Session()
    result = SyncResult()
    try:
        _pull(config, store, http, result)
    except SyncError as exc:
        store.record_sync(datetime.now(timezone.utc), str(exc))
        raise
    store.record_sync(datetime.now(timezone.utc), None)
    return result


def _pull(config: DeviceConfig, store: Store, http: requests.Session, result: SyncResult) -> None:
    public_key = signing.parse_public_key(config.public_key)
    while result.pages < MAX_PAGES_PER_RUN:
        cursor = store.cursor if store.meta("feed_types") == TYPES else 0
        scope = store.scope
        response = _get(config, http, cursor, scope, store.meta("etag") if cursor else None)
        result.requests += 1
        _note_hub_clock(store, response)
        if response.status_code == 304:
            result.not_modified = True
            return
        page = _verified_page(response, public_key, store)
        if not page.reset and (page.after != cursor or page.cursor < cursor or (page.more and page.cursor == cursor)):
            raise SyncError(f"the hub's feed page does not continue from cursor {cursor}; nothing was applied")
        store.apply_page(page, etag=None if page.more else response.headers.get("ETag"))
        store.set_meta("feed_types", TYPES)
        result.pages += 1
        result.changes += len(page.changes)
        if not page.more:
            return
    raise SyncError(f"gave up after {MAX_PAGES_PER_RUN} pages in one run")


def _get(config: DeviceConfig, http: requests.Session, cursor: int, scope: int,
         etag: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {config.token}", "Accept": "application/json"}
    if etag:
        headers["If-None-Match"] = etag
    url = f"{config.hub_url}/api/v1/feed"
    try:
        response = http.get(url, params={"cursor": cursor, "limit": config.page_size, "scope": scope,
                                        "types": TYPES},
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


def _note_hub_clock(store: Store, response: requests.Response) -> None:
    """Remember how far this device's clock is from the hub's (HTTP ``Date``)."""
    try:
        hub_time = parsedate_to_datetime(response.headers["Date"])
    except (KeyError, TypeError, ValueError):
        return
    store.set_clock_offset((hub_time - datetime.now(timezone.utc)).total_seconds())


def _verified_page(response: requests.Response, public_key, store: Store) -> FeedPage:
    try:
        signing.verify(public_key, response.content, response.headers.get(signing.HEADER))
    except signing.SignatureError as exc:
        store.count_failed_verification()
        raise SyncError(f"refused a feed page: {exc}; nothing was applied") from None
    try:
        payload = json.loads(response.content)
    except ValueError:
        raise SyncError("the hub sent a feed page that is not valid JSON; nothing was applied") from None
    try:
        return parse_feed_page(payload)
    except FeedError as exc:
        raise SyncError(f"the hub sent a malformed feed page ({exc}); nothing was applied") from None
