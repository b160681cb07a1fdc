"""The article: what the ingest stage produces and every later stage reads.

An article's `text` is its body after boilerplate removal (the text claims are cut from). Positions in
`text` map back to positions in `raw` (the file or record as received) through `offsets`, so a finding
can point at the exact characters of the original file, and at its line and column.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in a cleaned text back to positions in the raw text it was cut from.

    The cleaned text is a concatenation of pieces; each piece is either copied from the raw text
    (`raw_start` >= 0) or inserted (a joining space or newline, `raw_start` == -1). Positions inside an
    inserted piece map to the raw position just after the preceding copied piece.
    """

    # (clean_start, raw_start, length), sorted by clean_start, covering the cleaned text.
    pieces: tuple[tuple[int, int, int], ...] = ()

    @functools.cached_property
    def _starts(self) -> list[int]:
        # Built once: a large HTML page has tens of thousands of pieces, looked up once per claim.
        return [piece[0] for piece in self.pieces]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(((0, 0, length),))

    def to_raw(self, position: int) -> int:
        """Raw position of the character at cleaned `position` (or of the end, for an end offset)."""
        if not self.pieces:
            return position
        index = max(bisect.bisect_right(self._starts, position) - 1, 0)
        clean_start, raw_start, length = self.pieces[index]
        if raw_start >= 0:
            return raw_start + min(position - clean_start, length)
        # Inserted text: fall back to the end of the nearest copied piece before it.
        for _start, raw_start, length in reversed(self.pieces[:index]):
            if raw_start >= 0:
                return raw_start + length
        return 0


class OffsetMapBuilder:
    """Builds a cleaned text piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[tuple[int, int, int]] = []
        self._length = 0

    def copy(self, text: str, raw_start: int) -> None:
        """Append `text`, which is raw[raw_start : raw_start + len(text)]."""
        if text:
            self._pieces.append((self._length, raw_start, len(text)))
            self._parts.append(text)
            self._length += len(text)

    def insert(self, text: str) -> None:
        """Append text that is not in the raw input (a joining space, a paragraph break)."""
        if text:
            self._pieces.append((self._length, -1, len(text)))
            self._parts.append(text)
            self._length += len(text)

    @property
    def length(self) -> int:
        return self._length

    def endswith(self, suffix: str) -> bool:
        return "".join(self._parts[-3:]).endswith(suffix)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._pieces))


@dataclass(frozen=True)
class Article:
    """One news report, as read from a file or a record."""

    id: str
    source: str  # the outlet, e.g. "AP"; for bare files without metadata, the file's stem
    text: str  # body text after boilerplate removal: what claims are cut from
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    url: str | None = None
    path: str | None = None  # the file it was read from
    raw: str | None = None  # the file or record text as received; `offsets` map `text` into it
    offsets: OffsetMap = field(default_factory=OffsetMap)
    # Lines of the raw input that were dropped as boilerplate (kept for transparency and tests).
    dropped: tuple[str, ...] = ()

    @property
    def published_date(self) -> dt.date | None:
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the cleaned span [start, end)."""
        if end <= start:
            raw_start = self.offsets.to_raw(start)
            return raw_start, raw_start
        return self.offsets.to_raw(start), self.offsets.to_raw(end - 1) + 1

    def line_col(self, raw_position: int) -> tuple[int, int]:
        """1-based line and column of a raw position (for editors and SARIF)."""
        raw = self.raw if self.raw is not None else self.text
        line = raw.count("\n", 0, raw_position) + 1
        column = raw_position - (raw.rfind("\n", 0, raw_position) + 1) + 1
        return line, column
