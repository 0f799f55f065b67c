"""What a kiosk search query means, and which characters of a text it matched.

Pure rules shared by the search index (device.search) and the screens that highlight
results. Matching is per character and never changes a text's length, so the spans found
in the folded text are the spans to highlight in the text as shown.

Kiosk users type on an on-screen keyboard of Latin letters and digits, or tap hot words:
a query of letters only is read as pinyin (党费 from DF, DANGFEI or DANGF) as well as text.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

MAX_QUERY_LENGTH = 32
"""Longer queries are cut: nobody types more on a kiosk, and it bounds the SQL we build."""

PLACEHOLDER = "\ue000"
"""Stands for any punctuation or symbol in the single-character index, so that a two-character
query never matches across a 。 (private use: no query can contain it)."""

CHAR_CACHE = 32768
"""Characters whose folding is remembered: every common 汉字 and then some, a few MB at most.
Indexing folds every character of every body, 100,000 items at a time."""

_INVISIBLE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters nobody means to search for: control characters (a NUL would cut SQLite's FTS
expression short), zero-width and direction marks."""
_LETTERS = re.compile(r"[a-z]+")

Span = tuple[int, int]


@lru_cache(maxsize=CHAR_CACHE)
def fold_char(ch: str) -> str:
    """One character folded for matching (full-width to half-width, case); length kept."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """``text`` folded character by character: same length, so spans carry over."""
    return "".join(map(fold_char, text))


def clean_query(raw: str) -> str:
    """What a typed or tapped query searches for: folded, no control or invisible characters, no spaces."""
    text = _INVISIBLE.sub("", raw)
    return fold("".join(text.split()))[:MAX_QUERY_LENGTH]


def is_pinyin(query: str) -> bool:
    """A query of Latin letters only is (also) pinyin: full syllables or initials."""
    return bool(_LETTERS.fullmatch(query))


@lru_cache(maxsize=CHAR_CACHE)
def index_token(ch: str) -> str | None:
    """The token one character becomes in the single-character index (None: left out)."""
    if ch.isspace():
        return None
    folded = fold_char(ch)
    return folded if folded.isalnum() else PLACEHOLDER


def unigram_text(text: str) -> str:
    """``text`` as space-separated single-character tokens, for FTS5's unicode61 tokenizer.

    SQLite's trigram tokenizer cannot match one- or two-character queries (党费, 选举);
    a phrase query over single characters can, at any length.
    """
    return " ".join(filter(None, map(index_token, text)))


def unigram_phrase(query: str) -> str:
    """The FTS5 phrase that finds ``query`` (already cleaned) in a unigram column."""
    return '"' + unigram_text(query) + '"'


def trigram_phrase(query: str) -> str:
    """The FTS5 phrase that finds ``query`` (3+ characters, cleaned) in a trigram column."""
    return '"' + query.replace('"', '""') + '"'


def text_spans(text: str, query: str) -> list[Span]:
    """Where ``query`` occurs in ``text``, left to right, not overlapping."""
    if not query:
        return []
    haystack, needle = fold(text), fold(query)
    spans, start = [], haystack.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


def syllable_spans(keys: Sequence[str], query: str) -> list[Span]:
    """Where a run of characters spells ``query`` in pinyin.

    ``keys`` holds one entry per character of the text: its pinyin syllable (or its
    initial, for initials search), the letter or digit itself, or "" for anything else.
    A run matches when the query is the run's keys in a row, the last of them possibly
    cut short (DANGF finds 党费 while it is still being typed).
    """
    spans: list[Span] = []
    i = 0
    while query and i < len(keys):
        end = _spell(keys, i, query)
        if end is None:
            i += 1
        else:
            spans.append((i, end))
            i = end
    return spans


def _spell(keys: Sequence[str], start: int, query: str) -> int | None:
    rest, i = query, start
    while rest:
        if i >= len(keys) or not keys[i]:
            return None
        key = keys[i]
        if rest.startswith(key):
            rest = rest[len(key):]
        elif key.startswith(rest):
            rest = ""
        else:
            return None
        i += 1
    return i


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Overlapping or touching spans joined, in order: what is highlighted."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, spans: Sequence[Span], width: int = 60) -> tuple[str, list[Span]]:
    """About ``width`` characters of ``text`` around its first match, with the spans moved.

    A body match is shown in its context under the title; … marks cut ends.
    """
    flat = " ".join(text.split("\n"))
    if not spans:
        return _cut(flat, 0, width), []
    start = max(0, min(spans[0][0] - width // 4, len(flat) - width))
    shown = _cut(flat, start, width)
    offset = start - (1 if start > 0 else 0)
    moved = [(max(a - offset, 0), min(b - offset, len(shown))) for a, b in spans
             if a >= start and b - offset <= len(shown)]
    return shown, moved


def _cut(text: str, start: int, width: int) -> str:
    body = text[start:start + width]
    return ("…" if start > 0 else "") + body + ("…" if start + width < len(text) else "")


def spans_by_line(lines: Sequence[str], text: str, spans: Sequence[Span]) -> list[list[Span]]:
    """The spans of ``text`` re-expressed per line, for text already broken into ``lines``.

    Each line is a piece of ``text`` in order (line breaking only removes whitespace
    between paragraphs); a span that crosses a line end is split in two.
    """
    result: list[list[Span]] = []
    cursor = 0
    for line in lines:
        at = text.find(line, cursor) if line else cursor
        at = cursor if at < 0 else at
        end = at + len(line)
        result.append([(max(a, at) - at, min(b, end) - at) for a, b in spans if a < end and b > at])
        cursor = end
    return result
