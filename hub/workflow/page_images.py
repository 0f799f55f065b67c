"""Uploads turned into the images the screens show, in a child process with a memory and a time
limit, so that a hostile file can only make that process fail, never the hub.

An image is decoded in full (a decompression bomb is an error, not a warning), turned upright by
its EXIF orientation (the screens ignore it) and saved again without its metadata, GPS included.
Each page of a PDF is rendered to a PNG under a pixel budget; a page of absurd proportions is
refused.
"""
from __future__ import annotations

import io
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_IMAGE_PIXELS = 50_000_000
"""The most pixels an uploaded image may have: a 48-megapixel phone photo, not a bomb."""
MAX_PDF_PAGES = 30
PDF_RENDER_WIDTH = 1600
"""Pixels across a rendered PDF page: sharp on a 1080-px-wide portrait kiosk, small on disk."""
PAGE_PIXEL_BUDGET = 4_000_000
"""The most pixels one rendered page may have (an A4 page at PDF_RENDER_WIDTH has 3.6 million);
a longer page is rendered narrower."""
MAX_PAGE_ASPECT = 10
"""A page longer than this many times its width (or wider than its length) is refused."""
WORKER_MEMORY_BYTES = 2**30
"""Room for a MAX_IMAGE_PIXELS photo decoded, turned and encoded again (about 400 MB)."""
WORKER_SECONDS = 60.0
WORKERS = 2
"""Conversions at once; more wait their turn, up to WORKER_SECONDS."""

PDF = "application/pdf"
REFUSED = 3
"""The child's exit status when it refused the file; its reason (Chinese) is on its stdout."""
_SAVE = {"image/png": ("PNG", {}), "image/jpeg": ("JPEG", {"quality": 90}), "image/webp": ("WEBP", {"quality": 90})}
_turns = threading.BoundedSemaphore(WORKERS)


class AttachmentError(ValueError):
    """An upload that cannot be attached; the message is for the admin (Chinese)."""


@dataclass(frozen=True)
class Limits:
    """What one conversion may use: address space (RLIMIT_AS) and wall-clock seconds."""

    memory_bytes: int = WORKER_MEMORY_BYTES
    seconds: float = WORKER_SECONDS


def convert(data: bytes, media_type: str, limits: Limits = Limits()) -> list[bytes]:
    """The images to store for an upload of ``media_type``: the image itself, upright and without
    metadata, or one PNG per PDF page. AttachmentError (Chinese) when the file is refused or the
    child runs out of memory or time."""
    if not _turns.acquire(timeout=limits.seconds):
        raise AttachmentError("正在处理其他上传的文件，请稍后再试")
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-upload-") as out:
            _run_child(data, media_type, Path(out), limits)
            return [path.read_bytes() for path in sorted(Path(out).iterdir())]
    finally:
        _turns.release()


def _run_child(data: bytes, media_type: str, out: Path, limits: Limits) -> None:
    command = [sys.executable, "-m", __name__, media_type, str(out), str(limits.memory_bytes),
               str(math.ceil(limits.seconds))]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=limits.seconds, env=_child_env())
    except subprocess.TimeoutExpired:
        raise AttachmentError("文件太复杂，处理超时，请简化后重试") from None
    if done.returncode == REFUSED:
        raise AttachmentError(done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0:
        raise AttachmentError("文件太大或太复杂，无法处理，请简化后重试")


def _child_env() -> dict[str, str]:
    """This process's environment, with the folder that holds ``hub`` on the child's path."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


# --- the child process -------------------------------------------------------------

def _child(argv: list[str]) -> int:
    """Convert stdin's bytes into numbered files in the folder named by ``argv``, within limits."""
    media_type, out, memory_bytes, seconds = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(memory_bytes), int(memory_bytes)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds)))
    data = sys.stdin.buffer.read()
    try:
        images = _pdf_pages(data) if media_type == PDF else [_clean_image(data, media_type)]
    except AttachmentError as refusal:
        sys.stdout.write(str(refusal))
        return REFUSED
    for number, image in enumerate(images, start=1):
        (Path(out) / f"{number:03d}").write_bytes(image)
    return 0


def _clean_image(data: bytes, media_type: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    file_format, options = _SAVE[media_type]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[file_format])
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise AttachmentError(f"图片像素太多，不能超过 {MAX_IMAGE_PIXELS // 10**4} 万像素") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise AttachmentError("图片文件已损坏或无法打开") from None
    upright = ImageOps.exif_transpose(image)
    upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
    out = io.BytesIO()
    upright.save(out, format=file_format, **options)
    return out.getvalue()


def _pdf_pages(data: bytes) -> list[bytes]:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise AttachmentError("PDF 文件已损坏或无法打开") from None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise AttachmentError(f"PDF 不能超过 {MAX_PDF_PAGES} 页")
        return [_render(pdf[index], index + 1) for index in range(len(pdf))]
    finally:
        pdf.close()


def _render(page, number: int) -> bytes:
    """One page as a PNG, PDF_RENDER_WIDTH across unless that would pass PAGE_PIXEL_BUDGET."""
    width, height = page.get_size()
    if min(width, height) <= 0 or max(width, height) / min(width, height) > MAX_PAGE_ASPECT:
        raise AttachmentError(f"PDF 第{number}页的长宽比例异常（超过 {MAX_PAGE_ASPECT}:1），无法显示，请检查文件")
    out = io.BytesIO()
    page.render(scale=_scale(width, height)).to_pil().convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def _scale(width: float, height: float) -> float:
    """PDF_RENDER_WIDTH across, or the largest scale whose bitmap stays within PAGE_PIXEL_BUDGET
    with each side rounded up as pdfium rounds it: (width·s + 1)(height·s + 1) ≤ budget."""
    area, edges = width * height, width + height
    within = (math.sqrt(edges**2 + 4 * area * (PAGE_PIXEL_BUDGET - 1)) - edges) / (2 * area)
    return min(PDF_RENDER_WIDTH / width, within)


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
