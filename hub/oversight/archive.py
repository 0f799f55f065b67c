"""立卷归档 (五(一)4): one org's year of disclosures, exported as a ZIP an office can keep.

The ZIP holds ``index.html`` (the year's list and its 定期 on-time record), one page per
item under ``items/`` (full text, explanation of a withdrawal or termination, approval
requests and the audit history), every attachment under ``attachments/`` byte for byte
as stored, and ``summary.xlsx`` (one row per item). Pages are self-contained HTML,
autoescaped, readable from a folder with no server. The ZIP is written to a temporary
file item by item, so only one item's text is in memory at a time.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gongkai.domain.model import Attachment, Audience, Category, Org, TimeLimit
from gongkai.domain.oversight import ZONE
from gongkai.domain.workflow import State
from hub.rendering import local_time, templates
from hub.staff import audit
from hub.storage import db
from hub.storage.files import FileStore
from hub.workflow import attachments, disclosures
from hub.workflow.orgs import load_orgs

from . import quarterly

_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "application/pdf": ".pdf"}

SUMMARY_COLUMNS = ("编号", "发布时间", "类别", "公开时限", "公开范围", "标题", "状态", "撤回或终止说明",
                   "期次", "版本", "附件数", "页面")


@dataclass(frozen=True)
class ArchivedItem:
    """What the index and the summary say of one item, kept while its page is written."""

    id: int
    title: str
    published_at: str
    category: Category
    time_limit: TimeLimit
    audience: Audience
    state: State
    closing_note: str
    period_label: str
    version: int
    attachment_count: int

    @property
    def page(self) -> str:
        """Where the item's own page sits in the archive, for the index's and the summary's links."""
        return f"items/{self.id}.html"

    def summary_row(self) -> tuple:
        """The item's row in summary.xlsx, in the order of SUMMARY_COLUMNS."""
        return (self.id, self.published_at, self.category.label, self.time_limit.label, self.audience.label,
                self.title, self.state.label, self.closing_note, self.period_label, self.version,
                self.attachment_count, self.page)


def archive_name(org: Org, year: int) -> str:
    """The file name an office saves an org's year of records under."""
    return f"{org.name}-{year}年党务公开档案.zip"


def build(conn: sa.Connection, files: FileStore, org: Org, year: int, now: datetime) -> Path:
    """Write the archive to a temporary file and return its path; the caller deletes it."""
    handle, name = tempfile.mkstemp(prefix="gongkai-archive-", suffix=".zip")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            write(conn, files, org, year, now, out)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write(conn: sa.Connection, files: FileStore, org: Org, year: int, now: datetime, out) -> None:
    """Write one org's year of disclosures into ``out`` as the archive ZIP: index, item pages, attachments, summary."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        copied: set[str] = set()
        archived = [_write_item(zf, conn, files, item_id, copied) for item_id in item_ids(conn, org.id, year, now)]
        zf.writestr("summary.xlsx", summary_xlsx(archived))
        overview = quarterly.year_overview(conn, load_orgs(conn), [org.id], year, now)
        zf.writestr("index.html", templates.env.get_template("archive_index.html").render(
            org=org, year=year, items=archived, overview=overview[0] if overview else None,
            generated=local_time(now.isoformat()), **quarterly.WORDING))


def item_ids(conn: sa.Connection, org_id: int, year: int, now: datetime) -> list[int]:
    """The org's items that went public in ``year`` (district calendar) by ``now``, oldest
    first; withdrawn and terminated ones too, for their explanation is part of the record."""
    rows = conn.execute(sa.select(db.items.c.id, db.items.c.published_at).where(
        db.items.c.org_id == org_id, db.items.c.status.in_(quarterly.PUBLIC_STATES),
        *quarterly.published_between(date(year, 1, 1), date(year, 12, 31))))
    timed = [(datetime.fromisoformat(at), item_id) for item_id, at in rows]
    return [item_id for at, item_id in sorted(timed) if at <= now and at.astimezone(ZONE).year == year]


def _write_item(zf: zipfile.ZipFile, conn: sa.Connection, files: FileStore, item_id: int,
                copied: set[str]) -> ArchivedItem:
    row = disclosures.item(conn, item_id)
    state = disclosures.state_of(row)
    stored = attachments.for_items(conn, [item_id]).get(item_id, ())
    kept = [_copy_attachment(zf, files, a, copied) for a in stored]
    zf.writestr(f"items/{item_id}.html", templates.env.get_template("archive_item.html").render(
        item=row, state=state, attachments=kept, history=audit.history(conn, item_id),
        requests=disclosures.requests_of(conn, item_id)))
    return ArchivedItem(
        id=row.id, title=row.title, published_at=local_time(row.published_at), category=Category(row.category),
        time_limit=TimeLimit(row.time_limit), audience=Audience(row.audience), state=state,
        closing_note=row.withdrawal_note, period_label=row.period_label, version=row.version,
        attachment_count=len(stored))


@dataclass(frozen=True)
class KeptAttachment:
    """An attachment as an archived item page lists it: its copy in the ZIP, or a note that the file is lost."""

    attachment: Attachment
    path: str | None  # inside the ZIP; None when the hub's file store has lost the file


def _copy_attachment(zf: zipfile.ZipFile, files: FileStore, attachment: Attachment,
                     copied: set[str]) -> KeptAttachment:
    """Copy a stored file into the ZIP once (files are shared by hash), streamed from disk."""
    if not files.has(attachment.sha256):
        return KeptAttachment(attachment, None)
    path = f"attachments/{attachment.sha256}{_EXTENSIONS.get(attachment.media_type, '')}"
    if path not in copied:
        zf.write(files.path(attachment.sha256), path)
        copied.add(path)
    return KeptAttachment(attachment, path)


def summary_xlsx(archived: list[ArchivedItem]) -> bytes:
    """One row per item, for the office's records. Every text cell is stored as text, so a
    title typed as ``=HYPERLINK(...)`` stays a title and never becomes a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("公开事项")
    sheet.append(list(SUMMARY_COLUMNS))
    for item in archived:
        sheet.append(list(_text_cells(sheet, item.summary_row())))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cells(sheet, values: tuple) -> Iterator:
    for value in values:
        if not isinstance(value, str):
            yield value
            continue
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        yield cell
