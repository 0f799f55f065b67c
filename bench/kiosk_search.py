"""Kiosk search latency over 100,000 stored items vs a plain LIKE scan, in the same run.

The store is filled by real feed pages (Store.apply_page) with items cloned from the demo
district, indexed by gongkai.search, then each query runs RUNS times: 1-, 2- and
4-character Chinese queries and pinyin initials. Baseline: ``LIKE '%q%'`` over the stored
items (for initials, over a plain initials column), with the same result limit.
"""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai import search
from gongkai.domain.model import Audience
from gongkai.protocol import Change, FeedPage
from gongkai.store import Store
from hub.demo_content import build

from .measure import report, summary_ms, timings

RUNS = 100
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


def baseline(store: Store, query: str):
    conn = store.db.conn
    if query.isascii():
        return lambda: conn.execute("SELECT id FROM plain_initials WHERE initials LIKE ? ORDER BY id DESC LIMIT ?",
                                    [f"%{query.lower()}%", search.CANDIDATES]).fetchall()
    return lambda: conn.execute("SELECT id FROM items WHERE data LIKE ? ORDER BY id DESC LIMIT ?",
                                [f"%{query}%", search.CANDIDATES]).fetchall()


def plain_initials(store: Store) -> None:
    conn = store.db.conn
    conn.execute("CREATE TABLE plain_initials (id INTEGER PRIMARY KEY, initials TEXT)")
    rows = conn.execute("SELECT rowid, title FROM search_tri").fetchall()
    with conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO plain_initials VALUES (?, ?)",
                         [(i, "".join(search.initials(search.pinyin_keys(t)))) for i, t in rows])


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.db")
        started = time.perf_counter()
        fill(store, total)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        search.catch_up(store.db.conn)
        indexed = time.perf_counter() - started
        plain_initials(store)
        figures, base_figures = {}, {}
        for name, query in QUERIES.items():
            hits = len(search.search(store.db.conn, query))
            figures[name] = {"query": query, "hits": hits,
                             **summary_ms(timings(lambda: search.search(store.db.conn, query), RUNS))}
            base_figures[name] = {"query": query, "hits": len(baseline(store, query)()),
                                  **summary_ms(timings(baseline(store, query), RUNS))}
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
