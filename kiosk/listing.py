"""What the kiosk's lists, counts and chips work from: the store's items without their texts,
read once per store change rather than on every tap.

A category of 10,000 items costs about as long to decode from the store as a reader
tolerates for the whole tap, so the home screen and the lists share one copy, dropped
whenever sync changes the store (KioskApp.on_content_changed). Bodies are left out
(Store.list_items), so the copy stays a few MB; the item screen reads its one item whole.
"""
from __future__ import annotations

from collections import defaultdict

from device.store import Store
from gongkai.domain.model import Category, Disclosure, Org


class Listing:
    """The kiosk's shared copy of the store's items (without texts) and orgs, kept until the store changes."""

    def __init__(self, store: Store):
        self._store = store
        self._items: list[Disclosure] | None = None
        self._by_category: dict[Category, list[Disclosure]] = {}
        self._orgs: dict[int, Org] | None = None

    def items(self, category: Category | None = None) -> list[Disclosure]:
        """Items ready to show (body, withdrawal note and attachments empty), of ``category`` if given."""
        if self._items is None:
            self._items = self._store.list_items()
            by_category = defaultdict(list)
            for item in self._items:
                by_category[item.category].append(item)
            self._by_category = dict(by_category)
        return self._items if category is None else self._by_category.get(category, [])

    def orgs(self) -> dict[int, Org]:
        """The orgs by id, for bylines and chips."""
        if self._orgs is None:
            self._orgs = self._store.orgs()
        return self._orgs

    def forget(self) -> None:
        """The store changed: read it again when next asked."""
        self._items, self._by_category, self._orgs = None, {}, None
