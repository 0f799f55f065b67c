"""Full-text and pinyin search over the device store, inside the store's own SQLite file.

Two FTS5 tables, because no single SQLite tokenizer serves Chinese:

* ``search_tri`` (trigram tokenizer): titles, bodies and the titles' full pinyin. Finds
  queries of 3+ characters fast; returns nothing for shorter ones.
* ``search_uni`` (unicode61 over one token per character, contentless): titles and bodies.
  A phrase query finds 1- and 2-character queries (党费, 选举) at any length.
* ``search_ini`` (the same, for the titles' pinyin initials): DF finds 党费. A table of its
  own, because in a shared one every title's initials would swell the lists of the letter
  tokens d and f, and searching text for a rare "df" would read them all.

``search_docs`` records which version of each item is indexed. ``catch_up`` compares it
with the store's ``items`` table, so the index repairs itself after any sync, with or
without the store calling ``index_items``/``remove_items`` inside its page transaction;
the kiosk runs it off the Kivy thread (``Indexer``).
Only 全社会 items are indexed: nothing else can appear on a public screen.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin
from pypinyin.core import Pinyin

from gongkai.domain import search_terms as terms
from gongkai.domain.model import Audience, Disclosure
from gongkai.domain.search_terms import Span
from gongkai.protocol import parse_item

CANDIDATES = 400
"""Most ids one search returns: more than a kiosk list is ever scrolled through."""
BATCH = 500
"""Items per catch-up transaction (and per IN list: well under SQLite's variable limit)."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_docs (item_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5(title, body, pinyin, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_uni USING fts5(title, body, content='', tokenize='unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_ini USING fts5(initials, content='', tokenize='unicode61')",
)
_TABLES = ("search_docs", "search_tri", "search_uni", "search_ini")


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the index tables; an index from before initials had a table of their own is
    dropped, and catch_up builds it again."""
    if any(row[1] == "initials" for row in conn.execute("PRAGMA table_info(search_uni)")):
        _drop(conn)
    for statement in _SCHEMA:
        conn.execute(statement)


def _drop(conn: sqlite3.Connection) -> None:
    for table in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


# --- pinyin -------------------------------------------------------------------

_SEGMENTER = Pinyin()


def pinyin_keys(text: str) -> tuple[str, ...]:
    """One pinyin key per character of ``text``: the syllable of a 汉字, a letter or digit
    as itself (folded), "" for anything else.

    The text is cut into words the way pypinyin cuts it (so 银行 reads yin hang) and each
    word's pinyin is cached: titles repeat their words, and pypinyin's conversion is most
    of what indexing 100,000 items costs."""
    keys = [key for word in _SEGMENTER.seg(text) for key in _word_keys(word)]
    if len(keys) != len(text):
        keys = [_word_keys(ch)[0] for ch in text]
    return tuple(keys)


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    keys = lazy_pinyin([word], errors=lambda run: list(run))
    if len(keys) != len(word):
        return tuple(_word_keys(ch)[0] for ch in word) if len(word) > 1 else ("",)
    return tuple(_key(ch, key) for ch, key in zip(word, keys))


def _key(ch: str, key: str) -> str:
    if key != ch:
        return key
    folded = terms.fold_char(ch)
    return folded if folded.isascii() and folded.isalnum() else ""


def initials(keys: Sequence[str]) -> tuple[str, ...]:
    """The first letter of each character's pinyin key: what DF matches in 党费."""
    return tuple(key[:1] for key in keys)


# --- keeping the index up to date ---------------------------------------------

def index_items(conn: sqlite3.Connection, items: Iterable[Disclosure]) -> None:
    """Index (or re-index) ``items``; call inside the transaction that stores them.

    An item already indexed at the same or a newer version is left alone; 党内 items are
    removed rather than indexed. Rows go in with executemany: one statement per table,
    not per item.
    """
    ensure_schema(conn)
    latest: dict[int, Disclosure] = {}
    for item in items:
        if item.id not in latest or item.version > latest[item.id].version:
            latest[item.id] = item
    indexed = _indexed_versions(conn, list(latest))
    fresh = [item for item in latest.values() if indexed.get(item.id, -1) < item.version]
    remove_items(conn, [item.id for item in fresh if item.id in indexed])
    rows = [_rows(item) for item in fresh if item.audience is Audience.PUBLIC]
    conn.executemany("INSERT INTO search_tri (rowid, title, body, pinyin) VALUES (?, ?, ?, ?)",
                     [tri for tri, _, _ in rows])
    conn.executemany("INSERT INTO search_uni (rowid, title, body) VALUES (?, ?, ?)", [uni for _, uni, _ in rows])
    conn.executemany("INSERT INTO search_ini (rowid, initials) VALUES (?, ?)", [ini for _, _, ini in rows])
    conn.executemany("INSERT INTO search_docs (item_id, version) VALUES (?, ?)",
                     [(item.id, item.version) for item in fresh])


def _indexed_versions(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    versions: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        versions.update(conn.execute(
            f"SELECT item_id, version FROM search_docs WHERE item_id IN ({','.join('?' * len(chunk))})", chunk))
    return versions


def _rows(item: Disclosure) -> tuple[tuple, tuple, tuple]:
    """The item's row in each FTS table. Only titles get pinyin: kiosk users spell titles."""
    title, body = terms.fold(item.title), terms.fold(item.body)
    keys = pinyin_keys(item.title)
    return ((item.id, title, body, "".join(keys)),
            (item.id, terms.unigram_text(title), terms.unigram_text(body)),
            (item.id, _initials_tokens(keys)))


def _initials_tokens(keys: Sequence[str]) -> str:
    return terms.unigram_text("".join(key or terms.PLACEHOLDER for key in initials(keys)))


def remove_items(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Take items out of the index (deleted or withdrawn for good); same transaction as the delete."""
    ensure_schema(conn)
    for item_id in ids:
        row = conn.execute("SELECT title, body FROM search_tri WHERE rowid = ?", [item_id]).fetchone()
        if row is not None:
            # A contentless table forgets a row only when told the exact tokens it indexed.
            title, body = row
            conn.execute("INSERT INTO search_uni (search_uni, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                         [item_id, terms.unigram_text(title), terms.unigram_text(body)])
            conn.execute("INSERT INTO search_ini (search_ini, rowid, initials) VALUES ('delete', ?, ?)",
                         [item_id, _initials_tokens(pinyin_keys(title))])
            conn.execute("DELETE FROM search_tri WHERE rowid = ?", [item_id])
        conn.execute("DELETE FROM search_docs WHERE item_id = ?", [item_id])


def catch_up(conn: sqlite3.Connection) -> int:
    """Bring the index level with the ``items`` table; returns how many items changed."""
    return sum(catch_up_steps(conn))


def catch_up_steps(conn: sqlite3.Connection) -> Iterator[int]:
    """Catch up one committed batch of BATCH items at a time, yielding each batch's count.

    Cheap when nothing changed (one indexed join). Batches keep each write transaction
    short, so sync, writing to the same file, never waits long for the lock, and a
    caller can stop between batches (Indexer).
    """
    ensure_schema(conn)
    gone = [r[0] for r in conn.execute(
        "SELECT item_id FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = d.item_id)")]
    stale = [r[0] for r in conn.execute(
        "SELECT i.id FROM items i LEFT JOIN search_docs d ON d.item_id = i.id "
        "WHERE d.version IS NULL OR d.version < i.version")]
    if gone:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            remove_items(conn, gone)
        yield len(gone)
    for start in range(0, len(stale), BATCH):
        chunk = stale[start:start + BATCH]
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            index_items(conn, (parse_item(json.loads(data), "store") for (data,) in conn.execute(
                f"SELECT data FROM items WHERE id IN ({','.join('?' * len(chunk))})", chunk)))
        yield len(chunk)


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop the index and build it again from the ``items`` table."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        _drop(conn)
        ensure_schema(conn)
    return catch_up(conn)


class Indexer:
    """Keeps the index caught up on a thread of its own, with its own connection.

    Indexing 100,000 items takes tens of seconds (pypinyin): on the Kivy thread it would
    freeze the screen at start-up and after every large sync. ``request`` is cheap and
    may be called from any thread; ``on_caught_up(changed)`` runs on the indexer's thread
    after each catch-up that changed something, so a UI hands it on through its Clock.
    """

    def __init__(self, path: str | Path, on_caught_up: Callable[[int], None]):
        self._path = path
        self._on_caught_up = on_caught_up
        self._wanted = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Ask for a catch-up soon (the store may have changed); returns at once."""
        self._wanted.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the batch in hand (its transaction commits or rolls back whole)."""
        self._stopping = True
        self._wanted.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=5000")
        try:
            while not self._stopping:
                self._wanted.wait()
                self._wanted.clear()
                self._catch_up(conn)
        finally:
            conn.close()

    def _catch_up(self, conn: sqlite3.Connection) -> None:
        changed = 0
        for count in catch_up_steps(conn):
            changed += count
            if self._stopping:
                return
        if changed:
            self._on_caught_up(changed)


# --- searching ------------------------------------------------------------------

def search(conn: sqlite3.Connection, raw_query: str, limit: int = CANDIDATES) -> list[int]:
    """Ids of indexed items matching the query: title matches first, then body matches,
    newest first within each. Letters-only queries also match titles by pinyin."""
    query = terms.clean_query(raw_query)
    if not query:
        return []
    ensure_schema(conn)
    found: dict[int, None] = {}
    for ids in (_title_hits(conn, query, limit), _text_hits(conn, query, "{title body}", limit)):
        found.update(dict.fromkeys(ids))
    return list(found)[:limit]


def _title_hits(conn: sqlite3.Connection, query: str, limit: int) -> list[int]:
    ids = _text_hits(conn, query, "title", limit)
    if terms.is_pinyin(query):
        ids += _match(conn, "search_ini", terms.unigram_phrase(query), limit)
        if len(query) >= 3:
            candidates = _match(conn, "search_tri", "pinyin : " + terms.trigram_phrase(query), limit)
            titles = dict(conn.execute(
                f"SELECT rowid, title FROM search_tri WHERE rowid IN ({','.join('?' * len(candidates))})",
                candidates).fetchall()) if candidates else {}
            ids += [i for i in candidates if terms.syllable_spans(pinyin_keys(titles[i]), query)]
    return sorted(set(ids), reverse=True)


def _text_hits(conn: sqlite3.Connection, query: str, columns: str, limit: int) -> list[int]:
    if len(query) >= 3:
        return _match(conn, "search_tri", f"{columns} : " + terms.trigram_phrase(query), limit)
    return _match(conn, "search_uni", f"{columns} : " + terms.unigram_phrase(query), limit)


def _match(conn: sqlite3.Connection, table: str, expression: str, limit: int) -> list[int]:
    return [r[0] for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?", [expression, limit])]


# --- what to highlight ------------------------------------------------------------

@dataclass(frozen=True)
class Highlights:
    """Where a query matched one item, in the title and in the body as shown."""

    title: list[Span]
    body: list[Span]


def highlights(title: str, body: str, raw_query: str) -> Highlights:
    """The spans to highlight for ``raw_query`` in ``title`` and ``body`` (texts as shown)."""
    query = terms.clean_query(raw_query)
    title_spans = terms.text_spans(title, query)
    if terms.is_pinyin(query):
        keys = pinyin_keys(title)
        title_spans += terms.syllable_spans(keys, query) + terms.syllable_spans(initials(keys), query)
    return Highlights(terms.merge_spans(title_spans), terms.text_spans(body, query))
