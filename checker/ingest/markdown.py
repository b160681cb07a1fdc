"""Markdown as blocks of lines whose pieces are exact copies of the source: markup is cut out between
pieces, never rewritten, so offsets stay exact.

Handled: front matter (a `---` block at the top, read as `key: value` metadata), ATX and `===` headings,
fenced code (dropped), block quotes, list bullets, tables and link definitions (dropped), links
(their text kept), images (dropped), emphasis, inline code and backslash escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.ingest.segments import Block, Line, Piece

FRONT_MATTER_KEYS = {
    "title": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "published": "published",
    "date": "published",
    "url": "url",
    "link": "url",
    "id": "id",
}
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")
_QUOTE = re.compile(r" {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S")
_TABLE = re.compile(r"[ \t]*\|.*\|[ \t]*")
_COMMENT = re.compile(r"[ \t]*<!--.*?-->[ \t]*")
_YAML_LINE = re.compile(r"[A-Za-z_][\w -]*:(?:\s|$)|\s+\S|-\s|#")
_INLINE = re.compile(
    r"(?P<escape>\\[\\`*_{}\[\]()#+\-.!>~|])"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<label>(?:[^\[\]]|\[[^\]]*\])*)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|<(?P<autolink>(?:https?|mailto):[^>\s]+)>"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<emphasis>\*{1,3}|_{1,3}|~~)"
)


@dataclass
class MarkdownText:
    blocks: list[Block]
    front_matter: dict[str, str] = field(default_factory=dict)  # title, source, published, url, id


def markdown_text(raw: str) -> MarkdownText:
    """Blocks of text lines and front-matter metadata of a Markdown document."""
    chunks = _chunks(raw)
    front_matter, chunks = _front_matter(chunks)
    blocks: list[Block] = []
    current: Block = []
    fence: str | None = None

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(current)
            current = []

    for line, start in chunks:
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            close()
            continue
        if not line.strip() or _DEFINITION.match(line) or _TABLE.fullmatch(line) or _COMMENT.fullmatch(line):
            close()
            continue
        if _SETEXT_H1.fullmatch(line) and current:
            heading = current.pop()
            close()
            blocks.append([Line(heading.pieces, heading.text, 1)])
            continue
        heading = _ATX.match(line)
        if heading:
            close()
            body_end = _ATX_CLOSE.search(line)
            end = body_end.start() if body_end else len(line)
            pieces = inline_pieces(line[heading.end() : end], start + heading.end())
            blocks.append([Line.of(pieces, len(heading.group(1)))])
            continue
        offset = 0
        quote = _QUOTE.match(line)
        if quote:
            offset = quote.end()
        bullet = _BULLET.match(line, offset)
        if bullet:
            offset = bullet.end()
        pieces = inline_pieces(line[offset:], start + offset)
        if any(piece.text.strip() for piece in pieces):
            current.append(Line.of(pieces))
    close()
    return MarkdownText(blocks, front_matter)


def inline_pieces(text: str, start: int) -> list[Piece]:
    """`text` (at raw offset `start`) with inline markup cut out, as exact pieces."""
    pieces: list[Piece] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.group("emphasis") and not _is_emphasis(text, match.start(), match.end()):
            continue  # a literal `*` or `_` (`5 * 3`, `snake_case`): stays part of the text
        pieces.extend(_plain(text, position, match.start(), start))
        # Images, HTML tags and emphasis markers add nothing; the rest keep their text.
        if match.group("escape"):
            pieces.append(Piece(text[match.start() + 1], start + match.start() + 1))
        elif match.group("link"):
            label_start = match.start("label")
            pieces.extend(inline_pieces(match.group("label"), start + label_start))
        elif match.group("autolink"):
            pieces.append(Piece(match.group("autolink"), start + match.start("autolink")))
        elif match.group("code"):
            pieces.append(Piece(match.group("code_text"), start + match.start("code_text")))
        position = match.end()
    pieces.extend(_plain(text, position, len(text), start))
    return pieces


def _plain(text: str, begin: int, end: int, start: int) -> list[Piece]:
    return [Piece(text[begin:end], start + begin)] if end > begin else []


def _is_emphasis(text: str, begin: int, end: int) -> bool:
    before = text[begin - 1] if begin else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    return not (before.isalnum() and after.isalnum())


def _chunks(raw: str) -> list[tuple[str, int]]:
    """Lines without their line ends, with their raw offsets."""
    chunks: list[tuple[str, int]] = []
    position = 0
    for chunk in raw.splitlines(keepends=True):
        chunks.append((chunk.rstrip("\r\n"), position))
        position += len(chunk)
    return chunks


def _front_matter(chunks: list[tuple[str, int]]) -> tuple[dict[str, str], list[tuple[str, int]]]:
    """A `---` ... `---` block at the very top, read as simple `key: value` lines. A block with other
    lines in it is not front matter (a separator line may open a document too)."""
    if not chunks or chunks[0][0].strip() != "---":
        return {}, chunks
    for index in range(1, len(chunks)):
        line = chunks[index][0]
        if line.strip() in ("---", "..."):
            metadata: dict[str, str] = {}
            for line, _ in chunks[1:index]:
                key, colon, value = line.partition(":")
                name = FRONT_MATTER_KEYS.get(key.strip().lower())
                if colon and name and value.strip():
                    metadata.setdefault(name, value.strip().strip("\"'"))
            return metadata, chunks[index + 1 :]
        if line.strip() and not _YAML_LINE.match(line):
            break
    return {}, chunks
