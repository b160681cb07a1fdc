"""Boilerplate removal: which lines of an input are article body, which are title and metadata.

General rules, applied to lines of any format: site furniture (subscribe, comments, log in, password
reset, newsletter, cookies, copyright, "click here", share), photo captions and their credit lines,
labelled lines ("Infographic:", "Related:", "Read more:", "Source:", "See also:"), separator lines,
standalone date lines (kept as metadata) and short headings. A sentence broken across a blank line is
rejoined.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from checker.article import OffsetMap
from checker.ingest.metadata import parse_date_line
from checker.ingest.segments import Block, Line, Paragraph, assemble

TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ";", ")", "…")
HEADING_MAX_WORDS = 8  # a line this short without final punctuation is a heading, not a claim
TITLE_MAX_WORDS = 20  # the headline at the top may be longer
BROKEN_MIN_WORDS = 9  # a paragraph this long without final punctuation is a sentence cut in two
SITE_MAX_WORDS = 60  # site-furniture phrases only condemn lines this short (not long body paragraphs)

BYLINE = re.compile(r"(?:By|BY)\s+[A-Z]|(?i:posted|updated|published)\b")  # not a headline
SEPARATOR = re.compile(r"(?:[-*_=~•·#]\s*){3,}")
LABEL = re.compile(
    r"(?:infographic|interactive|related(?: (?:articles?|stories|coverage|content|news))?|read more|"
    r"read also|also read|see also|sources?|watch|video|listen|photos?|pictures?|images?|gallery|"
    r"caption|(?:photo )?credits?)\s*[:：|]",
    re.IGNORECASE,
)
CAPTION_START = re.compile(
    r"(?:(?:a|an|this) (?:still |file |handout )?(?:image|photo(?:graph)?|picture|video still|"
    r"screen ?grab|screenshot) (?:shows|taken|made|released|provided|obtained|from)\b|"
    r"in this (?:file |handout )?(?:image|photo(?:graph)?|picture)\b|file photo\b|pictured\s*:)",
    re.IGNORECASE,
)
_AGENCY = (
    r"ap|afp|reuters|epa|efe|epa-efe|getty(?: images)?|al jazeera|anadolu(?: agency)?|xinhua|tass|"
    r"ria novosti|sana|dpa|upi|bloomberg|shutterstock|sputnik|associated press|agence france-presse|"
    r"ansa|kyodo|yonhap|aap|irna|handout"
)
# A credit closing a caption line: `[AP]`, `(AFP)`, `[Khalil Ashawi/Reuters]`, `(Photo: Getty Images)`.
CREDIT = re.compile(
    rf"[\[(]\s*(?:(?:file|photo|image|picture)\s*:?\s*)?(?:[^\[\]()]{{0,40}}/\s*)?(?:{_AGENCY})"
    rf"(?:\s+(?:photos?|images|pictures|file))?(?:\s*/\s*[^\[\]()]{{1,40}})?\s*[\])]\s*$"
    r"|[\[(][^\[\]()]{0,40}\b(?:photo|photos|photograph|images|courtesy)\b[^\[\]()]{0,40}[\])]\s*$",
    re.IGNORECASE,
)
# Square brackets closing a line with a short capitalised name in them: a credit (`[Al Jazeera]`).
SQUARE_CREDIT = re.compile(r"\[\s*[A-Z][\w.'’&-]*(?:[ /][A-Z][\w.'’&-]*){0,4}\s*\]\s*$")
# Phrases only site furniture uses, phrased narrowly so news about subscribers, accounts or members
# ("Montenegro will become a member of NATO") is kept.
SITE_PHRASE = re.compile(
    r"\b(?:only subscribers|subscribers only|please subscribe|subscribe (?:now|today|here|to (?:our|read|"
    r"continue))|subscription (?:required|needed)|already (?:a subscriber|have an account)|"
    r"become a subscriber|(?:post|leave|add|view|show|read|load) (?:a |the |all )?comments?\b|"
    r"comments? (?:are|is) (?:closed|disabled)|join the conversation|participate in the conversation|"
    r"(?:log|sign) ?in to (?:comment|continue|read|post|view|your account)|(?:log|sign) ?(?:in|up) (?:here|now)|"
    r"create (?:a free |your )account|forgot (?:your )?password|reset (?:your |the )?password|"
    r"password reset|account email|reset code|(?:our|free) newsletters?|newsletter sign-?up|"
    r"sign up for (?:our|free|a free|the newsletter)|(?:we|site|website) uses? cookies|"
    r"accept (?:all )?cookies|all rights reserved|click here|tap here|(?:share|tweet|email) this "
    r"(?:article|story|page)|share on (?:facebook|twitter|whatsapp|linkedin)|follow us on|"
    r"contributed to this report)"
)  # matched against the lowercased line: much faster than IGNORECASE on long lines
# Site links that news text may also name ("its privacy policy"): only short lines are furniture.
SITE_LINK = re.compile(
    r"\b(?:privacy policy|terms of (?:use|service)|cookie (?:policy|settings)|contact us|about us)\b"
)
SITE_LINK_MAX_WORDS = 12
SITE_LINE = re.compile(
    r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|\(?(?:additional )?reporting by\b|(?:writing|editing) by\b|"
    r"(?:advertisement|advertising|sponsored(?: content)?|share|print|email|tweet|\d* ?comments?|loading|"
    r"skip to (?:main )?content|story continues below(?: advertisement)?|continue reading)\W*$)",
    re.IGNORECASE,
)


class Kind(Enum):
    BODY = "body"
    DROPPED = "dropped"  # boilerplate
    DATE = "date"  # a date line: metadata, not body
    HEADING = "heading"  # short line without final punctuation (or marked up as a heading)
    TITLEISH = "titleish"  # could be the headline if it is at the top; body otherwise


@dataclass(frozen=True)
class Cleaned:
    text: str
    offsets: OffsetMap
    title: str | None
    published: dt.date | None  # from the first standalone date line
    dropped: tuple[str, ...]


def clean(blocks: Sequence[Block], *, date_order: str = "DMY") -> Cleaned:
    """Keep the body lines of `blocks`, join them into the article text, and collect metadata."""
    lines: list[tuple[int, Line]] = [(number, line) for number, block in enumerate(blocks) for line in block]
    caption = _caption_lines(blocks)
    kinds: list[Kind] = []
    published: dt.date | None = None
    for index, (number, line) in enumerate(lines):
        text = line.text.strip()
        following = lines[index + 1][1].text.lstrip() if index + 1 < len(lines) else ""
        date = parse_date_line(text, date_order) if len(text) < 60 else None
        if date is not None:
            published = published or date
            kinds.append(Kind.DATE)
        elif id(line) in caption or _is_boilerplate(text):
            kinds.append(Kind.DROPPED)
        else:
            kinds.append(_shape(text, line, blocks[number], following))
    title = _choose_title(lines, kinds)
    dropped: list[str] = []
    kept: list[list[Line]] = []
    last_block = -1
    for index, ((number, line), kind) in enumerate(zip(lines, kinds, strict=True)):
        if index == title:
            continue
        if kind in (Kind.BODY, Kind.TITLEISH):
            if number != last_block:
                kept.append([])
                last_block = number
            kept[-1].append(line)
        else:
            dropped.append(line.text.strip())
    text, offsets = assemble(_paragraphs(kept))
    return Cleaned(
        text=text,
        offsets=offsets,
        title=lines[title][1].text.strip() if title is not None else None,
        published=published,
        dropped=tuple(dropped),
    )


def _is_boilerplate(text: str) -> bool:
    if SEPARATOR.fullmatch(text) or LABEL.match(text) or CAPTION_START.match(text) or SITE_LINE.match(text):
        return True
    words = len(text.split())
    if words > SITE_MAX_WORDS:
        return False
    lower = text.lower()
    return SITE_PHRASE.search(lower) is not None or (
        words <= SITE_LINK_MAX_WORDS and SITE_LINK.search(lower) is not None
    )


def _caption_lines(blocks: Sequence[Block]) -> set[int]:
    """Lines of photo-caption blocks: from a block's start through its last line that ends with a
    photo credit (ids of the Line objects)."""
    found: set[int] = set()
    for block in blocks:
        last = -1
        for index, line in enumerate(block):
            text = line.text.rstrip()
            if _ends_with_credit(text):
                last = index
        found.update(id(line) for line in block[: last + 1])
    return found


def _ends_with_credit(text: str) -> bool:
    if not text.endswith(("]", ")")) or len(text.split()) > SITE_MAX_WORDS:
        return False  # cheap test first: most lines end otherwise
    return CREDIT.search(text) is not None or SQUARE_CREDIT.search(text) is not None


def _shape(text: str, line: Line, block: Block, following: str) -> Kind:
    """BODY, HEADING or TITLEISH from the line's length, final punctuation and place in its block."""
    if line.heading:
        return Kind.HEADING
    words = len(text.split())
    if text.endswith(TERMINAL) or words > TITLE_MAX_WORDS or following[:1].islower():
        return Kind.BODY  # a sentence, or the first half of one that runs on into the next line
    if not _may_be_heading(line, block):
        return Kind.BODY
    return Kind.TITLEISH if words > HEADING_MAX_WORDS else Kind.HEADING


def _may_be_heading(line: Line, block: Block) -> bool:
    """A short line is a heading when it stands alone, tops its block, or sits in a block of separate
    one-line paragraphs (most ending in punctuation); never inside a hard-wrapped paragraph, whose
    lines are short and unpunctuated without being headings."""
    if len(block) == 1:
        return True
    lengths = [len(other.text.strip()) for other in block]
    if line is block[0] and lengths[0] <= 0.6 * max(lengths):
        return True
    ends = [other.text.rstrip().endswith(TERMINAL) for other in block]
    return 2 * sum(ends) >= len(block) and all(
        end or len(other.text.split()) <= HEADING_MAX_WORDS for end, other in zip(ends, block, strict=True)
    )


def _choose_title(lines: Sequence[tuple[int, Line]], kinds: Sequence[Kind]) -> int | None:
    """Index of the headline among the lines above the first body line: a level-1 heading, else any
    marked-up heading, else the first heading-shaped line."""
    top: list[int] = []
    for index, kind in enumerate(kinds):
        if kind == Kind.BODY:
            break
        if kind in (Kind.HEADING, Kind.TITLEISH):
            top.append(index)
    for wanted in (lambda line: line.heading == 1, lambda line: line.heading > 0, _not_byline):
        for index in top:
            if wanted(lines[index][1]):
                return index
    return None


def _not_byline(line: Line) -> bool:
    return BYLINE.match(line.text.lstrip()) is None


def _paragraphs(kept: Sequence[Sequence[Line]]) -> list[Paragraph]:
    """Paragraphs, marking those whose sentence runs on into the next one (cut by a blank line)."""
    paragraphs: list[Paragraph] = []
    for number, lines in enumerate(kept):
        joins = False
        if number + 1 < len(kept):
            end = lines[-1].text.rstrip()
            following = kept[number + 1][0].text.lstrip()
            words = sum(len(line.text.split()) for line in lines)
            joins = not end.endswith(TERMINAL) and (words >= BROKEN_MIN_WORDS or following[:1].islower())
        paragraphs.append(Paragraph(tuple(lines), joins))
    return paragraphs
