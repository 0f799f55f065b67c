"""Kiosk search latency over 100,000 stored items vs a plain LIKE scan, in the same run.

The store is filled by real feed pages (Store.apply_page) with items cloned from the demo
district, indexed by device.search, then each query runs ``--runs`` times: 1-, 2- and
4-character Chinese queries and pinyin initials.

Baseline: the same answer from ``LIKE '%q%'`` over a plain table of the indexed items
(folded title, body and title initials, as the index holds them): title (or initials)
matches first, newest first, then title-or-body matches, with the same limit. Each LIKE
scan runs newest first and stops at the limit, as a sensible LIKE plan would; the
figures show both sides found the same ids in the same order (``same_ids``).
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from device import search
from device.store import Store
from gongkai.domain import search_terms as terms
from gongkai.domain.model import Audience
from gongkai.protocol import Change, FeedPage
from hub.demo.content import build

from .measure import report, sizes, summary_ms, timings

FULL = {"items": 100_000, "runs": 100}
QUICK = {"items": 3000, "runs": 5}
PAGE = 2000
QUERIES = {"one_char": "廉", "two_chars": "党费", "four_chars": "老旧小区", "pinyin_initials": "DF"}


def fill(store: Store, total: int) -> None:
    """``total`` public items cloned from the demo, each title made distinct."""
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    template = [i for i in build(now.date()).items if i.audience is Audience.PUBLIC]
    seq = 0
    for start in range(0, total, PAGE):
        changes = []
        for n in range(start, min(start + PAGE, total)):
            base = template[n % len(template)]
            seq += 1
            changes.append(Change(seq, "item", n + 1, replace(base, id=n + 1, title=f"{base.title}（第{n}号）")))
        store.apply_page(FeedPage(seq, False, changes))


def baseline(conn, query: str):
    """The LIKE plan for ``query``: returns a function giving the ids search.search would."""
    pattern = f"%{terms.clean_query(query)}%"
    first = "title LIKE ?1" + (" OR initials LIKE ?1" if terms.is_pinyin(terms.clean_query(query)) else "")

    def run() -> list[int]:
        found = dict.fromkeys(_like(conn, first, pattern))
        if len(found) < search.CANDIDATES:
            found.update(dict.fromkeys(_like(conn, "title LIKE ?1 OR body LIKE ?1", pattern)))
        return list(found)[:search.CANDIDATES]
    return run


def _like(conn, where: str, pattern: str) -> list[int]:
    """Ids of the plain rows matching ``where``, newest first, up to the search's limit."""
    return [r[0] for r in conn.execute(f"SELECT id FROM plain WHERE {where} ORDER BY id DESC LIMIT ?2",
                                       [pattern, search.CANDIDATES])]


def plain_table(conn) -> None:
    """The indexed items as plain text columns: what the LIKE baseline scans."""
    conn.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, title TEXT, body TEXT, initials TEXT)")
    rows = conn.execute("SELECT rowid, title, body FROM search_tri").fetchall()
    with conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO plain VALUES (?, ?, ?, ?)", [
            (i, title, body, "".join(key[:1] or terms.PLACEHOLDER for key in search.pinyin_keys(title)))
            for i, title, body in rows])


def main() -> None:
    args = sizes("bench.kiosk_search", FULL, QUICK)
    total = args.items
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.db")
        started = time.perf_counter()
        fill(store, total)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        search.catch_up(store.db.conn)
        indexed = time.perf_counter() - started
        conn = store.db.conn
        plain_table(conn)
        figures, base_figures = {}, {}
        for name, query in QUERIES.items():
            ours, like = search.search(conn, query), baseline(conn, query)
            figures[name] = {"query": query, "hits": len(ours),
                             **summary_ms(timings(lambda: search.search(conn, query), args.runs))}
            base_figures[name] = {"query": query, "hits": len(like()), "same_ids": like() == ours,
                                  **summary_ms(timings(like, args.runs))}
        store.close()
    report("kiosk_search", {
        "items": total,
        "search": figures,
        "baseline_like_scan": base_figures,
        "median_speedup": {k: round(base_figures[k]["median_ms"] / max(figures[k]["median_ms"], 1e-3), 1)
                           for k in QUERIES},
        "store_fill_seconds": round(filled, 1),
        "index_build_seconds": round(indexed, 1),
    })


if __name__ == "__main__":
    main()
