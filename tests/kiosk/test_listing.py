"""The light read lists are built from (Store.list_items) and the kiosk's copy of it (kiosk.listing)."""
from __future__ import annotations

from dataclasses import replace

from gongkai.domain.model import Category
from gongkai.protocol import Change, FeedPage
from kiosk.listing import Listing
from tests.content import demo_store
from tests.ui.harness import NOW


def test_list_items_is_items_without_the_texts(tmp_path):
    store = demo_store(tmp_path / "s.db", NOW)
    full = store.items()
    assert all(i.body for i in full), "the demo items have texts to leave out"
    assert store.list_items() == [replace(i, body="", withdrawal_note="", attachments=()) for i in full]
    store.close()


def test_the_listing_is_read_once_until_the_store_changes(tmp_path):
    store = demo_store(tmp_path / "s.db", NOW)
    listing = Listing(store)
    first = listing.items()
    assert listing.items() is first
    assert listing.items(Category.ORGANISATION) == [i for i in first if i.category is Category.ORGANISATION]
    item = first[0]
    seq = store.cursor + 1
    store.apply_page(FeedPage(seq, False, [Change(seq, "item", item.id, replace(item, title="改过的标题",
                                                                             version=item.version + 1))]))
    assert listing.items()[0].title == item.title, "a copy until told"
    listing.forget()
    assert any(i.title == "改过的标题" for i in listing.items())
    store.close()
