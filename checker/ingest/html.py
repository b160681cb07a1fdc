"""Main text of an HTML page as lines with offsets into the HTML source.

Uses the standard library's parser with character references left unconverted, so every piece of text
maps back to its exact position in the source. Scripts, navigation, headers, footers, asides, forms and
figures are skipped; when the page has an <article> or <main>, only its text is kept.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from checker.ingest.boilerplate import Line

SKIP = frozenset(
    [
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
    ]
)
BLOCK = frozenset(
    [
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
        "tr",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "title",
    ]
)
VOID = frozenset(["br", "img", "hr", "meta", "link", "input", "source", "area", "col", "embed", "wbr"])


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.main_depth = 0
        self.saw_main = False
        # Each piece: (text, raw offset or -1 for converted references, inside <article>/<main>)
        self.pieces: list[tuple[str, int, bool]] = []
        self.title: str | None = None
        self._in_title = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK:
            self.pieces.append(("\n\n", -1, self.main_depth > 0))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.main_depth += 1
            self.saw_main = True
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIP:
                self.skip_depth -= 1
            if top in ("article", "main"):
                self.main_depth -= 1
            if top == tag:
                break
        self._in_title = False
        if tag in BLOCK:
            self.pieces.append(("\n\n", -1, self.main_depth > 0))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip_depth == 0:
            self.pieces.append((data, self._offset(), self.main_depth > 0))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, reference: str) -> None:
        if self.skip_depth == 0 and not self._in_title:
            self.pieces.append((html.unescape(reference), -1, self.main_depth > 0))


def html_lines(source: str) -> tuple[list[Line], str | None]:
    """Lines of main text (each a run of text with its source offset) and the page title."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    pieces = [p for p in parser.pieces if p[2]] if parser.saw_main else parser.pieces
    lines: list[Line] = []
    current: list[tuple[str, int]] = []
    for text, offset, _ in pieces:
        if text == "\n\n":
            lines.extend(_flush(current))
            lines.append(Line("", -1))
            current = []
        else:
            current.append((text, offset))
    lines.extend(_flush(current))
    return lines, parser.title


def _flush(pieces: list[tuple[str, int]]) -> list[Line]:
    """One line per piece: offsets stay exact; inline tags split a paragraph into several lines."""
    return [
        Line(text.strip(), offset + (len(text) - len(text.lstrip()))) if offset >= 0 else Line(text, -1)
        for text, offset in pieces
        if text.strip()
    ]
