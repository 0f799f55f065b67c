"""Hostile uploads on a real hub: tiny files that cost gigabytes to render or decode are refused
in Chinese or rendered small, photos lose their EXIF (GPS included) and stand upright, and a
body too large is cut off while it arrives."""
from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
import requests
import sqlalchemy as sa
from PIL import ExifTags, Image

from hub.server import file_store
from hub.storage import db
from hub.workflow import page_images
from tests.hub.test_attachments_console import draft, upload


def pdf_with_page(width: float, height: float) -> bytes:
    """A one-page PDF of ``width`` × ``height`` points, a few hundred bytes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] >>".encode()]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()


def png_claiming(width: int, height: int) -> bytes:
    """A real PNG header that claims ``width`` × ``height`` pixels, with almost no data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
            + chunk(b"IEND", b""))


def photo_on_its_side() -> bytes:
    """A 40×20 JPEG, red on the left and blue on the right, that EXIF says to turn a quarter
    clockwise (orientation 6), with a camera make and a GPS position."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "XiangjiCo"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (30.0, 15.0, 7.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def stored(hub, item: int) -> list[tuple[sa.Row, bytes]]:
    with hub.engine.connect() as conn:
        rows = conn.execute(sa.select(db.attachments).where(db.attachments.c.item_id == item)
                            .order_by(db.attachments.c.position)).all()
    return [(row, file_store(hub.data_dir).path(row.sha256).read_bytes()) for row in rows]


@pytest.mark.parametrize("width, height", [(10, 600), (1, 14400), (14400, 1)])
def test_a_pdf_page_of_absurd_proportions_is_refused_at_once(hub, width, height):
    console, item = draft(hub)
    started = time.monotonic()
    page = upload(console, item, "细长.pdf", pdf_with_page(width, height))
    assert time.monotonic() - started < 10
    assert page.status_code == 200 and "长宽比例异常" in page.text
    assert stored(hub, item) == []


def test_a_long_pdf_page_is_rendered_within_the_pixel_budget(hub):
    console, item = draft(hub)
    assert "已上传" in upload(console, item, "长图.pdf", pdf_with_page(595, 5950)).text
    [(row, data)] = stored(hub, item)
    width, height = Image.open(io.BytesIO(data)).size
    assert width * height <= page_images.PAGE_PIXEL_BUDGET and height / width == pytest.approx(10, rel=0.01)


def test_a_png_claiming_thirty_thousand_pixels_square_is_refused(hub):
    console, item = draft(hub)
    page = upload(console, item, "海报.png", png_claiming(30000, 30000))
    assert "图片像素太多" in page.text and stored(hub, item) == []
    broken = upload(console, item, "海报.png", png_claiming(300, 300))
    assert "图片文件已损坏" in broken.text and stored(hub, item) == []


def test_a_photo_is_stored_upright_without_its_exif(hub):
    console, item = draft(hub)
    assert "已上传" in upload(console, item, "现场.jpg", photo_on_its_side()).text
    [(row, data)] = stored(hub, item)
    image = Image.open(io.BytesIO(data))
    assert (row.media_type, image.size) == ("image/jpeg", (20, 40))
    assert dict(image.getexif()) == {} and b"Exif" not in data and b"XiangjiCo" not in data
    top, bottom = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]  # red on top: turned clockwise


def test_a_conversion_out_of_memory_or_time_is_refused_in_chinese():
    big = io.BytesIO()
    Image.linear_gradient("L").resize((5000, 5000)).convert("RGB").save(big, format="PNG")  # 75 MB decoded
    assert len(page_images.convert(big.getvalue(), "image/png")) == 1
    with pytest.raises(page_images.AttachmentError, match="文件太大或太复杂"):
        page_images.convert(big.getvalue(), "image/png", page_images.Limits(memory_bytes=100 * 2**20))
    with pytest.raises(page_images.AttachmentError, match="处理超时"):
        page_images.convert(big.getvalue(), "image/png", page_images.Limits(seconds=0.2))


def test_a_body_too_large_is_cut_off_with_a_clear_answer(hub):
    console, item = draft(hub)
    page = upload(console, item, "大文件.pdf", b"%PDF-1.4\n" + b"0" * (25 * 2**20))
    assert page.status_code == 413 and "提交的内容太大" in page.text
    api = requests.post(f"{hub.url}/api/v1/outbox", data=b"{" + b" " * (5 * 2**20) + b"}", timeout=30,
                        headers={"Authorization": f"Bearer {hub.device_config().token}",
                                 "Content-Type": "application/json"})
    assert api.status_code == 413 and set(api.json()) == {"error"}
