"""How an unattended screen rotates: how long a slide stays, how long text is paged.

Nobody can tap a signage screen to read on, so each slide must stay long enough for a
passer-by to read it, and a long text is shown a page at a time, up to a few pages;
the rest is for the kiosk, where a reader can scroll.
"""
from __future__ import annotations

from dataclasses import dataclass

MIN_SLIDE_SECONDS = 20.0
"""Even a short notice needs time to be noticed, walked up to and read."""

MAX_SLIDE_SECONDS = 60.0
"""Past a minute a slide holds the whole loop hostage."""

READING_CHARS_PER_SECOND = 4.0
"""Chinese read standing, at a distance, often by older people: well below desk speed."""

GLANCE_SECONDS = 5.0
"""Time to notice the slide changed and find where its text starts."""

MAX_PAGES = 3
CONTINUED = "（未完，全文请到触摸屏查阅）"
"""Ends the last page of a text too long for the screen; starts with （ so 禁则 allow it as a line."""


@dataclass(frozen=True)
class Pacing:
    """How fast a screen's readers read, and the bounds on one slide (display.* settings)."""

    chars_per_minute: float = READING_CHARS_PER_SECOND * 60
    min_seconds: float = MIN_SLIDE_SECONDS
    max_seconds: float = MAX_SLIDE_SECONDS

    def seconds(self, visible_chars: int) -> float:
        """How long a slide showing ``visible_chars`` characters stays on screen."""
        reading = GLANCE_SECONDS + max(visible_chars, 0) * 60 / self.chars_per_minute
        return min(self.max_seconds, max(self.min_seconds, reading))


DEFAULT_PACING = Pacing()


def slide_seconds(visible_chars: int, pacing: Pacing = DEFAULT_PACING) -> float:
    """How long a slide showing ``visible_chars`` characters stays on screen."""
    return pacing.seconds(visible_chars)


def paginate(lines: list[str], per_page: int, max_pages: int = MAX_PAGES) -> list[list[str]]:
    """Cut finished lines into pages of at most ``per_page`` lines, at most ``max_pages`` pages.

    Blank lines (paragraph breaks) never open or close a page. When the text does not fit,
    the last line of the last page gives way to CONTINUED.
    """
    per_page = max(per_page, 1)
    pages: list[list[str]] = []
    page: list[str] = []
    for line in lines:
        if len(page) == per_page:
            pages.append(_trim(page))
            page = []
        if line or page:
            page.append(line)
    if _trim(page):
        pages.append(_trim(page))
    pages = [p for p in pages if p]
    if len(pages) > max_pages:
        pages = pages[:max_pages]
        pages[-1] = _trim(pages[-1][:per_page - 1]) + [CONTINUED]
    return pages or [[]]


def _trim(page: list[str]) -> list[str]:
    while page and not page[-1]:
        page = page[:-1]
    return page


def following(ids: list[int], current: int | None, position: int) -> int:
    """Where the rotation goes next in a freshly read playlist of item ``ids``.

    After the item just shown when it is still there (a weighted playlist repeats items:
    after its occurrence nearest the old position); otherwise the item that took its
    place, so that a changed playlist neither restarts the loop nor skips an item.
    """
    if not ids:
        return 0
    if current in ids:
        here = min((n for n, i in enumerate(ids) if i == current), key=lambda n: abs(n - position))
        return (here + 1) % len(ids)
    return position % len(ids)
