"""Lines of input text as pieces with raw offsets, and the assembly of kept lines into `Article.text`.

Every format reader (plain text, Markdown, HTML) turns its input into blocks of `Line`s; a line is a
run of `Piece`s, each copied from a known raw position (or inserted). Cleaning decides which lines to
keep; `assemble` joins them and records where every character came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.article import OffsetMap, OffsetMapBuilder

INSERTED = -1


@dataclass(frozen=True, slots=True)
class Piece:
    """Text taken from raw[start:start + len(text)], or inserted (start == INSERTED).

    A decoded HTML character reference is the one piece whose text differs from the raw text at
    `start`: it maps to the start of the reference.
    """

    text: str
    start: int


@dataclass(frozen=True, slots=True)
class Line:
    """One line (or, for HTML, one paragraph) of input."""

    pieces: tuple[Piece, ...]
    text: str
    heading: int = 0  # heading level given by markup (Markdown #, HTML h1-h6); 0 when none

    @classmethod
    def of(cls, pieces: Sequence[Piece], heading: int = 0) -> Line:
        return cls(tuple(pieces), "".join(piece.text for piece in pieces), heading)

    def trimmed(self) -> list[Piece]:
        """The pieces without leading and trailing whitespace."""
        pieces = list(self.pieces)
        while pieces and not pieces[0].text.strip():
            pieces.pop(0)
        while pieces and not pieces[-1].text.strip():
            pieces.pop()
        if not pieces:
            return []
        first = pieces[0]
        pieces[0] = _cut(first, len(first.text) - len(first.text.lstrip()), len(first.text))
        last = pieces[-1]  # the same piece as `first` when there is one: cut it after the first cut
        pieces[-1] = _cut(last, 0, len(last.text.rstrip()))
        return pieces


Block = list[Line]  # lines not separated by a blank line (or one HTML block element)


@dataclass(frozen=True)
class Paragraph:
    """Kept lines of one block; `joins_next` when a sentence runs on into the next paragraph."""

    lines: tuple[Line, ...]
    joins_next: bool = False


def _cut(piece: Piece, start: int, end: int) -> Piece:
    if start == 0 and end == len(piece.text):
        return piece
    if piece.start == INSERTED:
        return Piece(piece.text[start:end], INSERTED)
    return Piece(piece.text[start:end], piece.start + start)


def text_blocks(raw: str) -> list[Block]:
    """Plain text as blocks: runs of non-blank lines, each line one exact piece."""
    blocks: list[Block] = []
    current: Block = []
    position = 0
    for chunk in raw.splitlines(keepends=True):
        body = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if body.strip():
            current.append(Line.of([Piece(body, position)]))
        elif current:
            blocks.append(current)
            current = []
        position += len(chunk)
    if current:
        blocks.append(current)
    return blocks


def assemble(paragraphs: Sequence[Paragraph]) -> tuple[str, OffsetMap]:
    """The cleaned text: lines joined by newlines, paragraphs by a blank line (or a space when a
    sentence was broken across them), with an exact map back to raw positions."""
    builder = OffsetMapBuilder()
    for number, paragraph in enumerate(paragraphs):
        if number:
            builder.insert(" " if paragraphs[number - 1].joins_next else "\n\n")
        for index, line in enumerate(paragraph.lines):
            if index:
                builder.insert("\n")
            for piece in line.trimmed():
                if piece.start == INSERTED:
                    builder.insert(piece.text)
                else:
                    builder.copy(piece.text, piece.start)
    return builder.build()
