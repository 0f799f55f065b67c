"""Images and PDFs attached to items: checked by their bytes, stored by SHA-256, and PDFs
turned into page images here so that no screen ever needs a PDF engine. The decoding and
rendering happen in a limited child process (hub.workflow.page_images)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from gongkai.domain.model import Attachment
from hub.storage import db
from hub.storage.files import FileStore

from .page_images import PDF, AttachmentError, convert

MAX_UPLOAD_BYTES = 20 * 2**20

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", PDF),
)


def sniff(data: bytes) -> str:
    """The upload's real type, from its first bytes (never its name or declared type)."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise AttachmentError("只能上传图片（PNG、JPEG、WebP）或 PDF 文件")


def attach(conn: sa.Connection, files: FileStore, item_id: int, data: bytes, name: str) -> list[Attachment]:
    """Attach an upload to an item; a PDF becomes one image per page. Returns what was added."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise AttachmentError(f"文件不能超过 {MAX_UPLOAD_BYTES // 2**20} MB")
    media_type = sniff(data)
    images = convert(data, media_type)
    named = ([(image, "image/png", f"{name} 第{number}页") for number, image in enumerate(images, start=1)]
             if media_type == PDF else [(images[0], media_type, name)])
    position = conn.execute(sa.select(sa.func.count()).select_from(db.attachments)
                            .where(db.attachments.c.item_id == item_id)).scalar_one()
    added = []
    for offset, (image, image_type, image_name) in enumerate(named):
        attachment = Attachment(files.put(image), len(image), image_type, image_name[:200])
        conn.execute(db.attachments.insert().values(
            item_id=item_id, position=position + offset, sha256=attachment.sha256, size=attachment.size,
            media_type=attachment.media_type, name=attachment.name))
        added.append(attachment)
    return added


def for_items(conn: sa.Connection, item_ids: Iterable[int]) -> dict[int, tuple[Attachment, ...]]:
    """Each item's attachments in the order they show, for many items at once (a feed page's worth)."""
    ids = list(item_ids)
    found: dict[int, list[Attachment]] = defaultdict(list)
    if ids:
        rows = conn.execute(sa.select(db.attachments).where(db.attachments.c.item_id.in_(ids))
                            .order_by(db.attachments.c.item_id, db.attachments.c.position))
        for row in rows:
            found[row.item_id].append(Attachment(row.sha256, row.size, row.media_type, row.name))
    return {item_id: tuple(items) for item_id, items in found.items()}


def items_using(conn: sa.Connection, sha256: str) -> list[sa.Row]:
    """The items a file is attached to (for deciding who may fetch it)."""
    return list(conn.execute(sa.select(db.items).join(db.attachments, db.attachments.c.item_id == db.items.c.id)
                             .where(db.attachments.c.sha256 == sha256)))
