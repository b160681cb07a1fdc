"""The main text of an HTML page as blocks of lines with offsets into the HTML source.

The standard library's parser runs with character references unconverted, so every text node and
every reference has its exact source position (from `getpos()`). Scripts, styles, navigation, headers,
footers, asides, forms and figures are skipped; when the page has <article> elements, only the one
with the most text is kept, else only <main> when there is one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from checker.ingest.segments import INSERTED, Block, Line, Piece

# Elements whose text is never article body (page furniture, code, captions).
SKIP = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "figure",
        "figcaption",
        "button",
        "template",
        "svg",
        "iframe",
        "select",
        "textarea",
        "dialog",
    }
)
# Elements that end a paragraph.
BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "br",
        "hr",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "ul",
        "ol",
        "table",
        "address",
    }
)
# Elements without an end tag.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
HEADINGS = {f"h{level}": level for level in range(1, 7)}
CONTAINERS = ("article", "main")
# Only these are kept on the stack of open elements: the others change nothing, and pages leave
# many of them (<p>, <li>) unclosed.
TRACKED = SKIP | frozenset(HEADINGS) | frozenset(CONTAINERS)
_SPACES = re.compile(r"[ \t\n\r\f]+")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_META_KEYS = {
    "og:site_name": "source",
    "og:title": "title",
    "og:url": "url",
    "article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "pubdate": "published",
}


@dataclass
class HtmlText:
    """What an HTML page gives: its main text as blocks, and metadata from its head."""

    blocks: list[Block]
    title: str | None = None  # <title>, or og:title
    meta: dict[str, str] = field(default_factory=dict)  # source, title, url, published (as written)


@dataclass(frozen=True, slots=True)
class _Event:
    piece: Piece | None  # None: a block boundary
    heading: int
    inside: tuple[int, ...]  # numbers of the <article>/<main> elements it is in
    reference: bool = False  # a character reference (&amp;), decoded


@dataclass
class _Open:
    tag: str
    skip: bool
    container: int | None  # numbering of <article>/<main> elements


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
        self.open: list[_Open] = []
        self.skipping = 0
        self.heading = 0
        self.containers: list[str] = []  # tag of each <article>/<main>, by number
        self.inside: tuple[int, ...] = ()  # numbers of the open <article>/<main> elements
        # A piece of text (or None: a block boundary) with its heading level and containers.
        self.events: list[_Event] = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.meta.setdefault("url", values["href"])
        if tag in BLOCK:
            self._boundary()
        if tag == "body":
            self.handle_endtag("head")  # an unclosed <head> must not hide the body
        self.in_title = tag == "title"
        if tag in VOID or tag not in TRACKED:
            return
        container = None
        if tag in CONTAINERS:
            container = len(self.containers)
            self.containers.append(tag)
            self.inside = (*self.inside, container)
        self.open.append(_Open(tag, tag in SKIP, container))
        self.skipping += tag in SKIP
        if tag in HEADINGS and not self.heading:
            self.heading = HEADINGS[tag]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in TRACKED and any(entry.tag == tag for entry in self.open):
            self._close(tag)
        if tag in BLOCK:
            self._boundary()

    def _close(self, tag: str) -> None:
        while self.open:
            entry = self.open.pop()
            self.skipping -= entry.skip
            if entry.container is not None:
                self.inside = self.inside[:-1]
            if entry.tag in HEADINGS and not any(other.tag in HEADINGS for other in self.open):
                self.heading = 0
            if entry.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skipping:
            self.events.append(_Event(Piece(data, self._offset()), self.heading, self.inside))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        start = self._offset()
        match = _REFERENCE.match(self.source, start)
        written = match.group() if match else "&"
        if self.in_title:
            self.title_parts.append(html.unescape(written))
        elif not self.skipping:
            piece = Piece(html.unescape(written), start)
            self.events.append(_Event(piece, self.heading, self.inside, reference=True))

    def _boundary(self) -> None:
        if self.events and self.events[-1].piece is not None:
            self.events.append(_Event(None, 0, self.inside))

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if key in _META_KEYS and values.get("content"):
            self.meta.setdefault(_META_KEYS[key], values["content"].strip())


def html_text(source: str) -> HtmlText:
    """Main text and metadata of an HTML page."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    events = _main_events(parser)
    title = html.unescape("".join(parser.title_parts)).strip() or None
    return HtmlText(_blocks(events), parser.meta.get("title") or title, parser.meta)


def _main_events(parser: _Extractor) -> list[_Event]:
    """The events of the largest <article>, else of the largest <main>, else all of them."""
    sizes: dict[int, int] = {}
    for event in parser.events:
        if event.piece is not None:
            for container in event.inside:
                sizes[container] = sizes.get(container, 0) + len(event.piece.text.strip())
    for tag in CONTAINERS:
        candidates = [
            number for number, name in enumerate(parser.containers) if name == tag and sizes.get(number)
        ]
        if candidates:
            chosen = max(candidates, key=lambda number: sizes[number])
            return [event for event in parser.events if chosen in event.inside]
    return parser.events


def _blocks(events: list[_Event]) -> list[Block]:
    """One block of one line per paragraph, whitespace runs collapsed to one space as a browser shows."""
    blocks: list[Block] = []
    pieces: list[Piece] = []
    heading = 0
    for event in events:
        piece = event.piece
        if piece is None:
            if any(p.text.strip() for p in pieces):
                blocks.append([Line.of(pieces, heading)])
            pieces, heading = [], 0
            continue
        heading = heading or event.heading
        if event.reference:
            pieces.append(piece)  # kept whole: it maps to the start of the reference
        else:
            _collapse(piece, pieces)
    if any(p.text.strip() for p in pieces):
        blocks.append([Line.of(pieces, heading)])
    return blocks


def _collapse(piece: Piece, pieces: list[Piece]) -> None:
    """Append `piece` with each whitespace run shown as one space: a single space is copied within the
    stretch around it; a newline or longer run is cut, and one space kept for it."""
    text, stretch = piece.text, 0
    for run in _SPACES.finditer(text):
        if run.group() == " " and run.start() > 0:
            continue  # an ordinary space: part of the copied stretch
        if run.start() > stretch:
            pieces.append(Piece(text[stretch : run.start()], piece.start + stretch))
        if pieces and not pieces[-1].text[-1:].isspace():
            start = piece.start + run.start()
            pieces.append(Piece(" ", start) if text[run.start()] == " " else Piece(" ", INSERTED))
        stretch = run.end()
    if len(text) > stretch:
        pieces.append(Piece(text[stretch:], piece.start + stretch))
