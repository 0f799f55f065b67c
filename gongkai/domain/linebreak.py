"""Chinese line breaking (禁则): no line starts with closing punctuation, none ends with opening.

Kivy wraps CJK text character by character and knows nothing of these rules, so screens
break text here, with the real font's advance widths, and hand Kivy finished lines.
"""
from __future__ import annotations

import re
from collections.abc import Callable

NO_LINE_START = frozenset(
    "，。、；：？！）」』》〉】〕］｝”’…‥—～·・％‰°℃,.;:?!)]}>%'\"-々〻ーぁぃぅぇぉっゃゅょゎ"
)
"""Characters that must not begin a line."""

NO_LINE_END = frozenset("（「『《〈【〔［｛“‘([{<")
"""Characters that must not end a line."""

_UNBREAKABLE = re.compile(r"[A-Za-z0-9@#&_+=/.:%\-]+|.", re.S)
"""A run of Latin letters and digits (a word, a number, a phone number) stays whole."""


def segments(text: str) -> list[str]:
    """The pieces a line may break between: single characters, Latin words and numbers kept whole."""
    return _UNBREAKABLE.findall(text)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break one paragraph into lines no wider than ``width``, obeying 禁则.

    ``measure`` returns the advance width of a string in the same unit as ``width``.
    When the next piece would overflow a line and is closing punctuation, the last piece
    of the line moves down with it, so the punctuation never starts a line; when the line
    holds nothing that could move, the punctuation hangs past the margin instead
    (悬挂标点), as Chinese typesetting allows. A word wider than a line is split by
    character as a last resort.
    """
    lines: list[list[str]] = [[]]
    used = 0.0
    for piece in _fit_pieces(segments(text), width, measure):
        w = measure(piece)
        if lines[-1] and used + w > width:
            carried = _carry_over(lines[-1], piece)
            if carried or piece[0] not in NO_LINE_START:
                lines.append(carried)
                used = sum(measure(p) for p in carried)
        lines[-1].append(piece)
        used += w
    return ["".join(line) for line in lines]


def _carry_over(line: list[str], next_piece: str) -> list[str]:
    """The tail of a full ``line`` that must go down with ``next_piece`` to satisfy 禁则."""
    carried: list[str] = []
    first = next_piece
    while len(line) > 1 and (first[0] in NO_LINE_START or line[-1][-1] in NO_LINE_END):
        first = line.pop()
        carried.insert(0, first)
    return carried


def _fit_pieces(pieces: list[str], width: float, measure: Callable[[str], float]):
    for piece in pieces:
        if len(piece) > 1 and measure(piece) > width:
            yield from piece
        else:
            yield piece


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Wrap every paragraph of ``text``; blank lines between paragraphs are kept."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(wrap(paragraph, width, measure) if paragraph else [""])
    return lines


def violations(lines: list[str]) -> list[int]:
    """Indexes of lines that break 禁则: what tests check rendered text against."""
    bad = []
    for i, line in enumerate(lines):
        if (i > 0 and line and line[0] in NO_LINE_START) or (
            i < len(lines) - 1 and line and line[-1] in NO_LINE_END and lines[i + 1]
        ):
            bad.append(i)
    return bad
