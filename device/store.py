"""The device's local SQLite store: what sync writes and what kiosk and display read.

Everything a screen shows comes from here, so a device keeps working with the network
down. Sync applies a whole feed page and moves the cursor in one transaction; screens
notice new content through ``content_version``, which only what changes their content
moves: not the outbox, sync's bookkeeping or the search index, which also commit here
(and would move PRAGMA data_version), and never file times, which WAL mode does not update.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from gongkai.domain.feedback.public_feedback import Contact, EchoWallEntry, RatingResult
from gongkai.domain.model import Attachment, Audience, Category, Disclosure, ItemStatus, Org, OrgKind, TimeLimit
from gongkai.protocol import (
    Change,
    FeedPage,
    answer_to_wire,
    contact_to_wire,
    item_to_wire,
    org_to_wire,
    parse_answer,
    parse_contact,
    parse_rating,
    rating_to_wire,
)

FEEDBACK_TABLES = {"answer": ("answers", answer_to_wire, parse_answer),
                   "rating": ("rating_results", rating_to_wire, parse_rating),
                   "contact": ("contacts", contact_to_wire, parse_contact)}
"""Feedback-loop records kept as their wire JSON, read back through the protocol's parsers."""


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
             "data": str, "ready": int},
            pk="id", if_not_exists=True, not_null={"ready"}, defaults={"ready": 1},
        )
        self.db["items"].create_index(["category"], if_not_exists=True)
        self._create_version_floors()
        self.db["item_files"].create(
            {"item_id": int, "sha256": str, "size": int}, pk=("item_id", "sha256"), if_not_exists=True)
        self.db["item_files"].create_index(["sha256"], if_not_exists=True)
        self.db["files"].create({"sha256": str, "size": int}, pk="sha256", if_not_exists=True)
        self.db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
        self.db["outbox"].create(
            {"id": str, "kind": str, "created_at": str, "payload": str, "attempts": int,
             "next_attempt_at": str, "last_error": str},
            pk="id", if_not_exists=True, not_null={"kind", "created_at", "payload", "attempts"},
        )
        self.db["outbox"].create_index(["next_attempt_at"], if_not_exists=True)
        for table, _, _ in FEEDBACK_TABLES.values():
            self.db[table].create({"id": int, "org_id": int, "data": str}, pk="id", if_not_exists=True)
        self.db["sent"].create({"at": str, "fingerprint": str, "receipt": str}, if_not_exists=True)

    def _create_version_floors(self) -> None:
        """Each item's highest version ever trusted, kept across resets; a store from before
        the table starts it from the items it holds."""
        if self.db["item_versions"].exists():
            return
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("CREATE TABLE item_versions (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
            self.db.execute("INSERT OR IGNORE INTO item_versions (id, version) SELECT id, version FROM items")

    def close(self) -> None:
        """Release the database when sync or a screen is done with the store."""
        self.db.conn.close()

    # --- written by sync -------------------------------------------------

    def apply_page(self, page: FeedPage) -> None:
        """Apply every change of ``page`` and advance the cursor, all or nothing.

        An item older than a version this store ever held (even before a reset) is left
        alone, so no page rolls content back.
        """
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            if page.reset:
                for table in ("items", "item_files", "orgs", *(t for t, _, _ in FEEDBACK_TABLES.values())):
                    self.db.execute(f"DELETE FROM {table}")
            for change in page.changes:
                self._apply_change(change)
            self._set_meta("cursor", page.cursor)
            self._set_meta("scope", page.scope)
            if page.org is not None:
                self._set_meta("org_id", page.org)
            self._content_changed()

    def _apply_change(self, change: Change) -> None:
        if change.kind in FEEDBACK_TABLES:
            self._apply_feedback(change)
            return
        table = "orgs" if change.kind == "org" else "items"
        if change.record is None:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [change.id])
            if table == "items":
                self.db.execute("DELETE FROM item_files WHERE item_id = ?", [change.id])
        elif change.kind == "org":
            self._upsert("orgs", org_to_wire(change.record))
        else:
            self._upsert_item(change.record)

    def _apply_feedback(self, change: Change) -> None:
        table, to_wire, _ = FEEDBACK_TABLES[change.kind]
        if change.record is None:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [change.id])
        else:
            self._upsert(table, {"id": change.id, "org_id": change.record.org_id,
                                 "data": json.dumps(to_wire(change.record), ensure_ascii=False)})

    def _upsert_item(self, item: Disclosure) -> None:
        if self.held_versions([item.id]).get(item.id, 0) > item.version:
            return
        self.db.execute("INSERT INTO item_versions (id, version) VALUES (?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET version = excluded.version", [item.id, item.version])
        self.db.execute("DELETE FROM item_files WHERE item_id = ?", [item.id])
        for attachment in item.attachments:
            self.db.execute("INSERT OR IGNORE INTO item_files (item_id, sha256, size) VALUES (?, ?, ?)",
                            [item.id, attachment.sha256, attachment.size])
        self._upsert("items", {
            "id": item.id, "org_id": item.org_id, "version": item.version,
            "category": int(item.category), "published_at": item.published_at.isoformat(),
            "data": json.dumps(item_to_wire(item), ensure_ascii=False),
            "ready": int(not self._missing_files(item.id)),
        })

    def held_versions(self, item_ids: list[int]) -> dict[int, int]:
        """The highest version of each item this store ever applied, resets included."""
        found: dict[int, int] = {}
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start:start + 500]
            found.update(self.db.execute(f"SELECT id, version FROM item_versions WHERE id IN "
                                         f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def _missing_files(self, item_id: int) -> bool:
        return self.db.execute(
            "SELECT 1 FROM item_files f WHERE f.item_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM files p WHERE p.sha256 = f.sha256)", [item_id]).fetchone() is not None

    def _upsert(self, table: str, row: dict[str, Any]) -> None:
        """Plain SQL on purpose: sqlite-utils' own upsert commits, which would split a page."""
        columns = ", ".join(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
        self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            list(row.values()),
        )

    # --- files ------------------------------------------------------------

    @property
    def files_dir(self) -> Path:
        """Where this device keeps the files its items need, each named by its SHA-256."""
        return self.path.parent / "files"

    def file_path(self, sha256: str) -> Path:
        """Where the file with this SHA-256 is kept on this device, whether it has arrived or not."""
        return self.files_dir / sha256

    def wanted_files(self) -> list[tuple[str, int]]:
        """(sha256, size) of every file some item needs and the device does not have."""
        return [tuple(row) for row in self.db.execute(
            "SELECT DISTINCT f.sha256, f.size FROM item_files f "
            "WHERE NOT EXISTS (SELECT 1 FROM files p WHERE p.sha256 = f.sha256) ORDER BY f.sha256")]

    def add_file(self, sha256: str, size: int) -> None:
        """Record a verified file as present; items waiting only for it become visible."""
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT OR IGNORE INTO files (sha256, size) VALUES (?, ?)", [sha256, size])
            waiting = [r[0] for r in self.db.execute(
                "SELECT item_id FROM item_files WHERE sha256 = ?", [sha256])]
            for item_id in waiting:
                if not self._missing_files(item_id):
                    self.db.execute("UPDATE items SET ready = 1 WHERE id = ?", [item_id])
            self._content_changed()

    def forget_file(self, sha256: str) -> None:
        """A file found missing or damaged: hide the items that need it until it is fetched again."""
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM files WHERE sha256 = ?", [sha256])
            self.db.execute("UPDATE items SET ready = 0 WHERE id IN "
                            "(SELECT item_id FROM item_files WHERE sha256 = ?)", [sha256])
            self._content_changed()

    def present_files(self) -> list[tuple[str, int]]:
        """(sha256, size) of every file recorded as on this device, for sync to check it is still there."""
        return [tuple(row) for row in self.db.execute("SELECT sha256, size FROM files")]

    def unreferenced_files(self) -> list[str]:
        """The files on this device that no item needs any more, for sync to delete."""
        return [row[0] for row in self.db.execute(
            "SELECT sha256 FROM files WHERE sha256 NOT IN (SELECT sha256 FROM item_files)")]

    def record_sync(self, at: datetime, error: str | None, hub_time: datetime | None = None,
                    clock_offset: float | None = None) -> None:
        """Remember when sync last ran and how it ended, for ``gongkai status``, in one write:
        with the hub's signed time of the freshest answer it trusted (``hub_time``, which only
        moves forward) and the clock offset measured from it."""
        with self.db.conn:
            self.db.execute("BEGIN IMMEDIATE")
            if error is None:
                self._set_meta("last_sync", at.isoformat())
            self._set_meta("last_attempt", at.isoformat())
            self._set_meta("last_error", error)
            if hub_time is not None and (self.fresh_hub_time is None or hub_time > self.fresh_hub_time):
                self._set_meta("fresh_hub_time", hub_time.isoformat())
            if clock_offset is not None and abs(clock_offset - self.clock_offset) >= 1.0:
                self._set_meta("clock_offset", round(clock_offset, 1))

    def set_meta(self, key: str, value: Any) -> None:
        """Remember one piece of bookkeeping (pairing, feed types, last file error) in a write of its own."""
        with self.db.conn:
            self._set_meta(key, value)

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, None if value is None else str(value)],
        )

    def _content_changed(self) -> None:
        """Inside a write transaction: what screens show may have changed (see content_version)."""
        self.db.execute("INSERT INTO meta(key, value) VALUES ('content_version', 1) "
                        "ON CONFLICT(key) DO UPDATE SET value = value + 1")

    def meta(self, key: str) -> str | None:
        """A piece of bookkeeping left in the store (pairing, last sync and its error), or None if never set."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @property
    def cursor(self) -> int:
        """How far into the hub's change feed this store has applied: where the next request starts."""
        return int(self.meta("cursor") or 0)

    @property
    def scope(self) -> int:
        """The hub's scope version for this device's view, as last applied."""
        return int(self.meta("scope") or 0)

    @property
    def org_id(self) -> int | None:
        """The org the hub last said this device belongs to (None before its first page)."""
        org_id = self.meta("org_id")
        return int(org_id) if org_id is not None else None

    @property
    def clock_offset(self) -> float:
        """Hub time minus device time, in seconds; rewritten only when it moves a second or more."""
        return float(self.meta("clock_offset") or 0.0)

    @property
    def fresh_hub_time(self) -> datetime | None:
        """The hub's signed time in the freshest answer this device trusted."""
        value = self.meta("fresh_hub_time")
        return datetime.fromisoformat(value) if value else None

    def count_failed_verification(self) -> None:
        """One more answer refused: unsigned, altered, replayed, or made for another device."""
        self._set_meta("failed_verifications", self.failed_verifications + 1)

    @property
    def failed_verifications(self) -> int:
        """How many hub answers this device has refused on trust, for ``gongkai status``."""
        return int(self.meta("failed_verifications") or 0)

    # --- read by kiosk and display ----------------------------------------

    def content_version(self) -> int:
        """Moves whenever what screens show may have changed — sync applied a feed page, a file
        arrived or was found bad — on any connection: the cue for screens to refresh."""
        return int(self.meta("content_version") or 0)

    def orgs(self) -> dict[int, Org]:
        """Every org this device knows, by id: to name an item's org and to offer orgs to choose from."""
        return {
            row["id"]: Org(id=row["id"], name=row["name"], kind=OrgKind(row["kind"]),
                           parent_id=row["parent_id"])
            for row in self.db["orgs"].rows
        }

    def home_org(self) -> Org | None:
        """The org this device belongs to, as the hub last said, once its record has arrived."""
        return self.orgs().get(self.org_id) if self.org_id is not None else None

    def items(self, category: Category | None = None) -> list[Disclosure]:
        """Items ready to show: every file they need is on this device."""
        where = "ready = 1" + (" AND category = ?" if category is not None else "")
        args = [int(category)] if category is not None else []
        return [_item_from_row(row) for row in self.db["items"].rows_where(where, args)]

    def item(self, item_id: int) -> Disclosure | None:
        """One item to show in full, or None if it is gone or still waiting for its files."""
        rows = list(self.db["items"].rows_where("id = ? AND ready = 1", [item_id]))
        return _item_from_row(rows[0]) if rows else None

    def search(self, query: str) -> list[Disclosure]:
        """The ready items a kiosk query finds, best first; device.search keeps its index in
        this store's own file, so it is asked on this connection."""
        from . import search  # pypinyin's dictionaries cost half a second; sync never searches

        return [item for item in map(self.item, search.search(self.db.conn, query)) if item is not None]

    def list_items(self) -> list[Disclosure]:
        """``items()`` with every body, withdrawal note and attachment list left empty: what
        lists and counts need, without decoding each full text (the kiosk lists 10,000)."""
        return [_item_from_row({"data": data}) for (data,) in self.db.execute(
            "SELECT json_set(data, '$.body', '', '$.withdrawal_note', '', '$.attachments', json('[]')) "
            "FROM items WHERE ready = 1")]

    def item_count(self, ready_only: bool = True) -> int:
        """How many items this device holds, for ``gongkai status``; with ``ready_only=False`` those still waiting
        for files count too."""
        return self.db["items"].count_where("ready = 1" if ready_only else None)

    def echo_wall(self) -> list[EchoWallEntry]:
        """The 回音壁, newest reply first."""
        return sorted(self._feedback("answer"), key=lambda e: e.answered_at, reverse=True)

    def rating_results(self) -> list[RatingResult]:
        """Published 评议 results, newest quarter first."""
        return sorted(self._feedback("rating"), key=lambda r: (r.quarter, r.org_id), reverse=True)

    def contacts(self) -> list[Contact]:
        """The 监督直通车 contacts the hub sent, org by org."""
        return sorted(self._feedback("contact"), key=lambda c: (c.org_id, c.kind, c.id))

    def _feedback(self, kind: str) -> list:
        table, _, parse = FEEDBACK_TABLES[kind]
        return [parse(json.loads(row["data"]), f"{kind} {row['id']}") for row in self.db[table].rows]

    # --- the kiosk's own record of what it sent, for its rate limit and repeats ---

    def note_sent(self, at: datetime, fingerprint: str, receipt: str, keep_after: datetime) -> None:
        """Remember a 点题 this kiosk just filed, for its rate limit and to catch a repeat; notes from before
        ``keep_after`` are dropped."""
        with self.db.conn:
            self.db.execute("DELETE FROM sent WHERE at < ?", [keep_after.isoformat()])
            self.db.execute("INSERT INTO sent (at, fingerprint, receipt) VALUES (?, ?, ?)",
                            [at.isoformat(), fingerprint, receipt])

    def sent_since(self, since: datetime) -> list[tuple[datetime, str, str]]:
        """What this kiosk filed since ``since`` (when, text fingerprint, receipt): for its rate limit and to catch a
        repeat."""
        return [(datetime.fromisoformat(r[0]), r[1], r[2]) for r in self.db.execute(
            "SELECT at, fingerprint, receipt FROM sent WHERE at >= ? ORDER BY at", [since.isoformat()])]


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
        attachments=tuple(Attachment(a["sha256"], a["size"], a["media_type"], a["name"])
                          for a in data.get("attachments", [])),
        urgent=data.get("urgent", False),
        urgent_until=datetime.fromisoformat(data["urgent_until"]) if data.get("urgent_until") else None,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
