"""Items put into a kiosk's store the way sync puts them there: one feed page, committed
through a connection of its own while the kiosk may be running on the same file."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from device import search
from device.store import Store
from gongkai.domain.model import Category, Disclosure, TimeLimit
from gongkai.protocol import Change, FeedPage
from tests.content import demo_store

LONG = Category.ORGANISATION
"""The category a long store makes long."""


def publish(store: Store, items: Sequence[Disclosure]) -> None:
    """Commit ``items`` (new ones, or new versions of stored ones) as one sync page."""
    seq = store.cursor
    changes = [Change(seq + n, "item", item.id, item) for n, item in enumerate(items, start=1)]
    store.apply_page(FeedPage(seq + len(changes), False, changes))


def revised(store: Store, like: str, fields: dict) -> Disclosure:
    """The item titled ``like`` with ``fields`` changed and its version raised; with a new
    ``id`` it is another item made from it. Fields ending in ``_at`` are ISO times."""
    item = next(i for i in store.items() if i.title == like)
    changes = {key: datetime.fromisoformat(value) if key.endswith("_at") else value
               for key, value in fields.items()}
    return replace(item, **{"version": item.version + 1, **changes})


def numbered(item: Disclosure, count: int, first_id: int, published_at: datetime | None = None) -> list[Disclosure]:
    """``count`` copies of ``item`` titled …（0）, …（1）…, copy n published n minutes before
    ``published_at`` (the item's own date if not given), so the newest-first order is 0, 1, 2…"""
    start = published_at or item.published_at
    return [replace(item, id=first_id + n, title=f"{item.title}（{n}）",
                    published_at=start - timedelta(minutes=n)) for n in range(count)]



def long_store(path: Path, now: datetime, count: int) -> None:
    """The demo district with ``count`` more standing items in 组织建设 (copies numbered from
    0, newest first), searchable, as a kiosk's first start would leave its store."""
    store = demo_store(path, now)
    base = next(i for i in store.items(LONG))
    base = replace(base, time_limit=TimeLimit.STANDING, gongshi_start=None, gongshi_end=None)
    publish(store, numbered(base, count, 100_000))
    search.catch_up(store.db.conn)
    store.close()
