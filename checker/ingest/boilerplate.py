"""Cleaning a body text: drop site boilerplate, keep exact offsets into the raw text.

Works on paragraphs (blocks separated by blank lines). Dropped: subscription, comment and password
lines, photo captions, "Infographic:" / "Related:" / "Source:" lines, separator lines, date lines,
section subheadings. A sentence broken across a blank line is rejoined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from checker.article import OffsetMap, OffsetMapBuilder

BOILERPLATE = re.compile(
    r"(subscribe|subscription|subscribers|sign up|sign in|log in|newsletter|reset your password|"
    r"password|cookies?\b|all rights reserved|click here|share this|follow us|post comments|"
    r"comments are closed|advertisement|read the full story)",
    re.IGNORECASE,
)
LABEL_LINE = re.compile(
    r"^\s*(infographic|related|read more|see also|source|sources|photo|picture|image|video|watch)\s*:",
    re.IGNORECASE,
)
CAPTION_START = re.compile(
    r"^\s*(a still image shows|file photo|in this photo|photograph:|pictured:)", re.IGNORECASE
)
CREDIT_END = re.compile(
    r"[\[(](AP|AFP|Reuters|EPA|Getty( Images)?|Al Jazeera|[A-Z][\w ]{1,24}(Photo|Images))[\])]\s*$"
)
SEPARATOR = re.compile(r"^\s*([-*_=~#]\s*){3,}$")
DATE_LINE = re.compile(
    r"^\s*(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"([A-Z][a-z]+\.? \d{1,2},? \d{4})|(\d{1,2} [A-Z][a-z]+\.? \d{4}))\s*$"
)
TERMINAL = tuple(".!?\"”’':;)…]")
TITLE_MAX_WORDS = 16  # the first such line, before any body text, is the headline
HEADING_MAX_WORDS = 8  # a line this short without final punctuation is a title or subheading
BROKEN_MIN_WORDS = 9  # a paragraph this long without final punctuation is a broken sentence


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offset in the raw text


@dataclass(frozen=True)
class Cleaned:
    text: str
    offsets: OffsetMap
    title: str | None
    date_line: str | None
    dropped: tuple[str, ...]


def paragraphs(raw: str, lines: Iterable[Line] | None = None) -> list[list[Line]]:
    """Blocks of non-blank lines, with their raw offsets."""
    blocks: list[list[Line]] = [[]]
    source = lines if lines is not None else _lines(raw)
    for line in source:
        if line.text.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _lines(raw: str) -> Iterable[Line]:
    for match in re.finditer(r"[^\n]*", raw):
        yield Line(match.group(), match.start())


def clean(blocks: list[list[Line]]) -> Cleaned:
    dropped: list[str] = []
    title: str | None = None
    date_line: str | None = None
    kept: list[list[Line]] = []
    seen_body = False
    for block in blocks:
        if any(CREDIT_END.search(line.text) for line in block) or CAPTION_START.match(block[0].text):
            dropped.extend(line.text for line in block)  # a photo caption block
            continue
        lines: list[Line] = []
        for line in block:
            text = line.text.strip()
            if (
                SEPARATOR.match(text)
                or LABEL_LINE.match(text)
                or (BOILERPLATE.search(text) and len(text) < 400)
            ):
                dropped.append(line.text)
            elif DATE_LINE.match(text):
                date_line = date_line or text
                dropped.append(line.text)
            elif _is_heading(text, TITLE_MAX_WORDS if title is None and not seen_body else HEADING_MAX_WORDS):
                if title is None and not seen_body:
                    title = text
                dropped.append(line.text)
            else:
                lines.append(line)
        if lines:
            kept.append(lines)
            seen_body = True
    builder = OffsetMapBuilder()
    for number, block in enumerate(kept):
        if number:
            previous = kept[number - 1][-1].text.rstrip()
            broken = not previous.endswith(TERMINAL) and len(previous.split()) >= BROKEN_MIN_WORDS
            builder.insert(" " if broken else "\n\n")
        for index, line in enumerate(block):
            if index:
                builder.insert(" ")  # hard-wrapped lines and inline HTML pieces are one paragraph
            stripped = line.text.strip()
            if line.start < 0:
                builder.insert(stripped)  # a decoded character reference with no raw twin
            else:
                builder.copy(stripped, line.start + line.text.index(stripped))
    text, offsets = builder.build()
    return Cleaned(text, offsets, title, date_line, tuple(dropped))


def _is_heading(text: str, max_words: int) -> bool:
    return len(text.split()) <= max_words and not text.endswith(TERMINAL)
