"""Realistic Chinese content for tests: the demo district, loaded into a device store."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from device.store import Store
from gongkai.protocol import Change, FeedPage
from hub.demo.content import build


def demo_page(now: datetime) -> FeedPage:
    """The whole demo district as one feed page, as a first sync would deliver it."""
    content = build(now.date(), now.tzinfo)
    changes = [Change(n, "org", org.id, org) for n, org in enumerate(content.orgs, start=1)]
    changes += [Change(len(changes) + n, "item", item.id, item)
                for n, item in enumerate(content.items, start=1)]
    return FeedPage(cursor=len(changes), more=False, changes=changes)


def demo_store(path: Path, now: datetime) -> Store:
    store = Store(path)
    store.apply_page(demo_page(now))
    return store
