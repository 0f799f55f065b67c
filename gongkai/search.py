"""Full-text and pinyin search over the device store, inside the store's own SQLite file.

Two FTS5 tables, because no single SQLite tokenizer serves Chinese:

* ``search_tri`` (trigram tokenizer): titles, bodies and the titles' full pinyin. Finds
  queries of 3+ characters fast; returns nothing for shorter ones.
* ``search_uni`` (unicode61 over one token per character, contentless): titles, bodies and
  the titles' pinyin initials. A phrase query finds 1- and 2-character queries (党费, 选举)
  and initials (DF) at any length.

``search_docs`` records which version of each item is indexed. ``catch_up`` compares it
with the store's ``items`` table, so the index repairs itself after any sync, with or
without the store calling ``index_items``/``remove_items`` inside its page transaction.
Only 全社会 items are indexed: nothing else can appear on a public screen.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from .domain import search_terms as terms
from .domain.model import Audience, Disclosure
from .domain.search_terms import Span
from .protocol import parse_item

CANDIDATES = 400
"""Most ids one search returns: more than a kiosk list is ever scrolled through."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_docs (item_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5(title, body, pinyin, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_uni USING fts5(title, body, initials, content='', "
    "tokenize='unicode61')",
)


def ensure_schema(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)


# --- pinyin -------------------------------------------------------------------

@lru_cache(maxsize=4096)
def pinyin_keys(text: str) -> tuple[str, ...]:
    """One pinyin key per character of ``text``: the syllable of a 汉字, a letter or digit
    as itself (folded), "" for anything else. Cached: result rows ask again and again."""
    keys = lazy_pinyin(text, errors=lambda run: list(run))
    if len(keys) != len(text):
        keys = [lazy_pinyin(ch, errors=lambda run: list(run))[0] for ch in text]
    return tuple(_key(ch, key) for ch, key in zip(text, keys))


def _key(ch: str, key: str) -> str:
    if key != ch:
        return key
    folded = terms.fold_char(ch)
    return folded if folded.isascii() and folded.isalnum() else ""


def initials(keys: Sequence[str]) -> tuple[str, ...]:
    return tuple(key[:1] for key in keys)


# --- keeping the index up to date ---------------------------------------------

def index_items(conn: sqlite3.Connection, items: Iterable[Disclosure]) -> None:
    """Index (or re-index) ``items``; call inside the transaction that stores them.

    An item already indexed at the same or a newer version is left alone; 党内 items are
    removed rather than indexed.
    """
    ensure_schema(conn)
    for item in items:
        row = conn.execute("SELECT version FROM search_docs WHERE item_id = ?", [item.id]).fetchone()
        if row is not None and row[0] >= item.version:
            continue
        remove_items(conn, [item.id])
        if item.audience is Audience.PUBLIC:
            _insert(conn, item)
        conn.execute("INSERT INTO search_docs (item_id, version) VALUES (?, ?)", [item.id, item.version])


def _insert(conn: sqlite3.Connection, item: Disclosure) -> None:
    title, body = terms.fold(item.title), terms.fold(item.body)
    keys = pinyin_keys(item.title)
    conn.execute("INSERT INTO search_tri (rowid, title, body, pinyin) VALUES (?, ?, ?, ?)",
                 [item.id, title, body, "".join(keys)])
    conn.execute("INSERT INTO search_uni (rowid, title, body, initials) VALUES (?, ?, ?, ?)",
                 [item.id, *_unigram_columns(title, body, keys)])


def _unigram_columns(title: str, body: str, keys: Sequence[str]) -> tuple[str, str, str]:
    spelled = "".join(key or terms.PLACEHOLDER for key in initials(keys))
    return terms.unigram_text(title), terms.unigram_text(body), terms.unigram_text(spelled)


def remove_items(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Take items out of the index (deleted or withdrawn for good); same transaction as the delete."""
    ensure_schema(conn)
    for item_id in ids:
        row = conn.execute("SELECT title, body FROM search_tri WHERE rowid = ?", [item_id]).fetchone()
        if row is not None:
            # A contentless table forgets a row only when told the exact tokens it indexed.
            title, body = row
            conn.execute("INSERT INTO search_uni (search_uni, rowid, title, body, initials) "
                         "VALUES ('delete', ?, ?, ?, ?)",
                         [item_id, *_unigram_columns(title, body, pinyin_keys(title))])
            conn.execute("DELETE FROM search_tri WHERE rowid = ?", [item_id])
        conn.execute("DELETE FROM search_docs WHERE item_id = ?", [item_id])


def catch_up(conn: sqlite3.Connection) -> int:
    """Bring the index level with the ``items`` table; returns how many items changed.

    Cheap when nothing changed (one indexed join), so screens call it whenever the store's
    data_version moves.
    """
    ensure_schema(conn)
    gone = [r[0] for r in conn.execute(
        "SELECT item_id FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = d.item_id)")]
    stale = conn.execute(
        "SELECT i.data FROM items i LEFT JOIN search_docs d ON d.item_id = i.id "
        "WHERE d.version IS NULL OR d.version < i.version").fetchall()
    if not gone and not stale:
        return 0
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        remove_items(conn, gone)
        index_items(conn, (parse_item(json.loads(data), "store") for (data,) in stale))
    return len(gone) + len(stale)


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop the index and build it again from the ``items`` table."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        for table in ("search_docs", "search_tri", "search_uni"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        ensure_schema(conn)
    return catch_up(conn)


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
        ids += _match(conn, "search_uni", "initials : " + terms.unigram_phrase(query), limit)
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
