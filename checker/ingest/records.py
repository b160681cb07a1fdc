"""Articles from JSON records: a `.json` file holds one record or a list of them, a `.jsonl` file one
per line. Fields: `id, source, published, title, url, text` (and optionally `format`); only `text` is
required. A record's `raw` is its `text`, and offsets map into it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from checker.article import Article
from checker.errors import InputError
from checker.ingest.articles import build_article
from checker.ingest.metadata import parse_iso

Located = tuple[Article, int | None]  # an article and the line its record starts on


def json_records(path: Path, raw: str, *, date_order: str) -> list[Located]:
    """The records of a `.json` file: one object or a list of objects."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(path, f"not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    if isinstance(data, dict):
        items = [(data, _line_of(raw, len(raw) - len(raw.lstrip())))]
    elif isinstance(data, list):
        items = list(zip(data, _element_lines(raw), strict=True))
    else:
        raise InputError(path, "expected a JSON object or a list of objects")
    if not items:
        raise InputError(path, "no records (an empty JSON list)")
    return [
        (_record(path, item, index, line, date_order=date_order), line)
        for index, (item, line) in enumerate(items)
    ]


def jsonl_records(path: Path, raw: str, *, date_order: str) -> list[Located]:
    """The records of a `.jsonl` file, one JSON object per non-blank line."""
    located: list[Located] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"not valid JSON: {error.msg} (column {error.colno})", number) from None
        located.append((_record(path, item, number, number, date_order=date_order), number))
    return located


def _record(path: Path, item: Any, index: int, line: int, *, date_order: str) -> Article:
    """One record as an article; `index` (list index or line number) makes its default id."""
    if not isinstance(item, dict):
        raise InputError(path, "a record must be a JSON object", line)
    if "text" not in item or item["text"] is None:
        raise InputError(path, "record has no 'text'", line)
    fields = {
        name: _string(path, item, name, line) for name in ("text", "id", "source", "title", "url", "format")
    }
    try:
        return build_article(
            fields["text"] or "",
            id=fields["id"] or f"{path.stem}:{index}",
            source=fields["source"] or path.stem,
            path=str(path),
            format=fields["format"] or "text",
            published=_published(path, item.get("published"), line),
            title=fields["title"],
            url=fields["url"],
            date_order=date_order,
            use_file_name=False,
            id_from_text=False,
        )
    except InputError as error:
        raise InputError(path, error.problem, line) from None


def _string(path: Path, item: dict[str, Any], name: str, line: int) -> str | None:
    value = item.get(name)
    if value is None or isinstance(value, str):
        return value
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(path, f"'{name}' must be a string, not {type(value).__name__}", line)


def _published(path: Path, value: Any, line: int) -> dt.date | dt.datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(path, f"'published' must be an ISO date string, not {type(value).__name__}", line)
    try:
        return parse_iso(value)
    except ValueError:
        raise InputError(path, f"'published' is not an ISO date or date-time: {value!r}", line) from None


def _element_lines(raw: str) -> list[int]:
    """The line each element of the top-level JSON list starts on (the list is known to be valid)."""
    decoder = json.JSONDecoder()
    position = raw.index("[") + 1
    lines: list[int] = []
    counted, line = 0, 1
    while True:
        position = _skip(raw, position, " \t\r\n,")
        if raw[position] == "]":
            return lines
        line += raw.count("\n", counted, position)
        counted = position
        lines.append(line)
        _, position = decoder.raw_decode(raw, position)


def _skip(raw: str, position: int, characters: str) -> int:
    while raw[position] in characters:
        position += 1
    return position


def _line_of(raw: str, position: int) -> int:
    return raw.count("\n", 0, position) + 1
