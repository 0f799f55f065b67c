"""How an unattended screen rotates: how long a slide stays, how long text is paged, and
which slide goes up next when the loop was read again.

Nobody can tap a signage screen to read on, so each slide must stay long enough for a
passer-by to read it, and a long text is shown a page at a time, up to a few pages;
the rest is for the kiosk, where a reader can scroll.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
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


def revised(before: Mapping[int, int] | None, after: Mapping[int, int]) -> set[int]:
    """The items published, changed or withdrawn between two reads of a store, each read
    given as {item id: version}: they go up ahead of their turn. None on the first read
    (``before`` None), when the loop simply starts."""
    if before is None:
        return set()
    return {item for item, version in after.items() if before.get(item) != version}


@dataclass(frozen=True)
class Rotation:
    """Where a screen is in its loop, and what goes up next.

    ``loop`` is the loop's item ids in order (an item comes round as often as its weight
    says), ``position`` the slide on screen (the counter shows position + 1; -1 before the
    first), ``ahead`` the positions to show next before the loop goes on after the last of
    them: items put up ahead of their turn when the loop was read again, then the slide the
    loop resumes on.
    """

    loop: tuple[int, ...] = ()
    position: int = -1
    ahead: tuple[int, ...] = ()

    @property
    def at_end(self) -> bool:
        """The loop's last slide is up and nothing is queued: the loop is read again before the next."""
        return not self.ahead and self.position >= len(self.loop) - 1

    def next_slide(self) -> Rotation:
        """One slide on in the same loop (round to its start after its end)."""
        if self.ahead:
            return Rotation(self.loop, self.ahead[0], self.ahead[1:])
        if not self.loop:
            return self
        return Rotation(self.loop, (self.position + 1) % len(self.loop))

    def next_slide_in(self, loop: Sequence[int], fresh: Collection[int] = ()) -> Rotation:
        """One slide on, in ``loop``: the loop read again (after sync, at the loop's end).

        The loop goes on with the slide that was due next, found in the new loop as the same
        showing of the same item, or else with the first after it that the new loop still
        has; past the old loop's end the new loop starts. Before that, each ``fresh`` item
        (see ``revised``; and any still waiting from the last read) goes up ahead of its
        turn, in the order their turns would come, then comes round again in its place. The
        same item never goes up twice in a row: one changed while on screen waits a slide.
        """
        loop = tuple(loop)
        if not loop:
            return Rotation()
        last = self.loop[self.position] if 0 <= self.position < len(self.loop) else None
        due = self.ahead[-1] if self.ahead else self.position + 1
        waiting = set(fresh) | {self.loop[n] for n in self.ahead[:-1]}
        resume = _resume(_showings(self.loop)[due:], loop, last)
        order = _put_first(loop, resume, last, waiting)
        return Rotation(loop, order[0], tuple(order[1:]))


def _showings(loop: Sequence[int]) -> list[tuple[int, int]]:
    """Each slide of ``loop`` as (item, which of that item's showings in the loop it is)."""
    counted: Counter[int] = Counter()
    showings = []
    for item in loop:
        showings.append((item, counted[item]))
        counted[item] += 1
    return showings


def _resume(still_due: Sequence[tuple[int, int]], loop: tuple[int, ...], last: int | None) -> int:
    """Where in ``loop`` the rotation goes on: the first showing of ``still_due`` (the rest
    of the old loop) that ``loop`` still has, never ``last`` again; else the loop's start."""
    places = {showing: n for n, showing in enumerate(_showings(loop))}
    for showing in still_due:
        if showing[0] != last and showing in places:
            return places[showing]
    return 1 if len(loop) > 1 and loop[0] == last else 0


def _put_first(loop: tuple[int, ...], resume: int, last: int | None, waiting: set[int]) -> list[int]:
    """The positions to show from here: each waiting item at its next turn, then ``resume``."""
    size = len(loop)
    turns: dict[int, int] = {}
    for step in range(size):
        turns.setdefault(loop[(resume + step) % size], (resume + step) % size)
    queued = sorted((turns[item] for item in waiting if item in turns and turns[item] != resume),
                    key=lambda n: (n - resume) % size)
    order, previous, going_on = [], last, resume
    while queued:
        put = next((n for n in queued if loop[n] != previous), None)
        if put is None:     # the one item waiting was just on screen: a slide of the loop first
            put, going_on = going_on, (going_on + 1) % size
        else:
            queued.remove(put)
        order.append(put)
        previous = loop[put]
    if not order or order[-1] != going_on:
        order.append(going_on)
    return order
