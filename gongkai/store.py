"""The device's local SQLite store: what sync writes and what kiosk and display read.

Everything a screen shows comes from here, so a device keeps working with the network
down. Sync applies a whole feed page and moves the cursor in one transaction; readers
notice changes through ``data_version`` (PRAGMA data_version), never through file times,
which WAL mode does not update.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .domain.model import Audience, Category, Disclosure, ItemStatus, Org, OrgKind, TimeLimit
from .protocol import Change, FeedPage, item_to_wire, org_to_wire


class Store:
    """The device's copy of its orgs and disclosures, plus sync bookkeeping (``meta``)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        self.db = sqlite_utils.Database(conn)
        self._create_schema()

    def _create_schema(self) -> None:
        self.db["orgs"].create(
            {"id": int, "parent_id": int, "name": str, "kind": str}, pk="id", if_not_exists=True
        )
        self.db["items"].create(
            {"id": int, "org_id": int, "version": int, "category": int, "published_at": str,
             "data": str},
            pk="id", if_not_exists=True,
        )
        self.db["items"].create_index(["category"], if_not_exists=True)
        self.db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
        self.db["outbox"].create(
            {"id": str, "kind": str, "created_at": str, "payload": str, "attempts": int,
             "next_attempt_at": str, "last_error": str},
            pk="id", if_not_exists=True, not_null={"kind", "created_at", "payload", "attempts"},
        )
        self.db["outbox"].create_index(["next_attempt_at"], if_not_exists=True)

    def close(self) -> None:
        self.db.conn.close()

    # --- written by sync -------------------------------------------------

    def apply_page(self, page: FeedPage, etag: str | None = None) -> None:
        """Apply every change of ``page`` and advance the cursor, all or nothing.

        An item whose stored version is newer than the incoming one is left alone, so a
        replayed or reordered page never rolls content back.
        """
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            for change in page.changes:
                self._apply_change(change)
            self._set_meta("cursor", page.cursor)
            self._set_meta("etag", etag)

    def _apply_change(self, change: Change) -> None:
        table = "orgs" if change.kind == "org" else "items"
        if change.record is None:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [change.id])
        elif change.kind == "org":
            self._upsert("orgs", org_to_wire(change.record))
        else:
            self._upsert_item(change.record)

    def _upsert_item(self, item: Disclosure) -> None:
        row = self.db.execute("SELECT version FROM items WHERE id = ?", [item.id]).fetchone()
        if row is not None and row[0] > item.version:
            return
        self._upsert("items", {
            "id": item.id, "org_id": item.org_id, "version": item.version,
            "category": int(item.category), "published_at": item.published_at.isoformat(),
            "data": json.dumps(item_to_wire(item), ensure_ascii=False),
        })

    def _upsert(self, table: str, row: dict[str, Any]) -> None:
        """Plain SQL on purpose: sqlite-utils' own upsert commits, which would split a page."""
        columns = ", ".join(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
        self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            list(row.values()),
        )

    def record_sync(self, at: datetime, error: str | None) -> None:
        """Remember when sync last ran and how it ended, for ``gongkai status``."""
        with self.db.conn:
            if error is None:
                self._set_meta("last_sync", at.isoformat())
            self._set_meta("last_attempt", at.isoformat())
            self._set_meta("last_error", error)

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, None if value is None else str(value)],
        )

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @property
    def cursor(self) -> int:
        return int(self.meta("cursor") or 0)

    def set_clock_offset(self, seconds: float) -> None:
        """Hub time minus device time; rewritten only when it moves, so polls stay cheap."""
        if abs(seconds - self.clock_offset) >= 1.0:
            self._set_meta("clock_offset", round(seconds, 1))

    @property
    def clock_offset(self) -> float:
        return float(self.meta("clock_offset") or 0.0)

    def count_failed_verification(self) -> None:
        self._set_meta("failed_verifications", int(self.meta("failed_verifications") or 0) + 1)

    # --- read by kiosk and display ----------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection commits: the cue for screens to refresh."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def orgs(self) -> dict[int, Org]:
        return {
            row["id"]: Org(id=row["id"], name=row["name"], kind=OrgKind(row["kind"]),
                           parent_id=row["parent_id"])
            for row in self.db["orgs"].rows
        }

    def items(self, category: Category | None = None) -> list[Disclosure]:
        where = "category = ?" if category is not None else None
        args = [int(category)] if category is not None else []
        return [_item_from_row(row) for row in self.db["items"].rows_where(where, args)]

    def item(self, item_id: int) -> Disclosure | None:
        rows = list(self.db["items"].rows_where("id = ?", [item_id]))
        return _item_from_row(rows[0]) if rows else None

    def item_count(self) -> int:
        return self.db["items"].count


def _item_from_row(row: dict) -> Disclosure:
    data = json.loads(row["data"])
    return Disclosure(
        id=data["id"],
        org_id=data["org_id"],
        version=data["version"],
        category=Category(data["category"]),
        title=data["title"],
        body=data["body"],
        audience=Audience(data["audience"]),
        time_limit=TimeLimit(data["time_limit"]),
        status=ItemStatus(data["status"]),
        published_at=datetime.fromisoformat(data["published_at"]),
        gongshi_start=_date(data["gongshi_start"]),
        gongshi_end=_date(data["gongshi_end"]),
        period_label=data["period_label"],
        withdrawn_at=datetime.fromisoformat(data["withdrawn_at"]) if data["withdrawn_at"] else None,
        withdrawal_note=data["withdrawal_note"],
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
