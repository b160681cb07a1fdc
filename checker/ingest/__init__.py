"""Ingest stage: files and records in, `Article`s out.

Plain text, Markdown, HTML (main text only) and JSON/JSONL records (`id, source, published, title, url,
text`). Metadata comes from the record or, for bare files, from the file name
(`YYYY-MM-DD_outlet-name.txt`) and a dateline or date line in the text. Every problem is an
`InputError` naming the file (and line) in one sentence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.article import Article
from checker.errors import InputError
from checker.ingest.boilerplate import Line, clean, paragraphs
from checker.ingest.html import html_lines

MAX_FILE_BYTES = 5 * 1024 * 1024
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_([A-Za-z0-9][\w-]*?)(?:_.*)?$")
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z .,'-]{2,40}\s*\(([A-Za-z][\w .&-]{1,30})\)\s*[—–-]")
_MARKDOWN_LEAD = re.compile(r"^\s*(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MARKDOWN_INLINE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`]{1,3}")


def read_articles(paths: Sequence[str | Path], *, date_order: str = "DMY") -> list[Article]:
    """Read every file; raise InputError on the first bad one (or on a duplicate id)."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in paths:
        for article in read_file(path, date_order=date_order):
            if article.id in seen:
                raise InputError(path, f"duplicate article id {article.id!r} (first in {seen[article.id]})")
            seen[article.id] = str(path)
            articles.append(article)
    return articles


def read_file(path: str | Path, *, date_order: str = "DMY") -> list[Article]:
    path = Path(path)
    raw = _read_text(path)
    kind = FORMATS.get(path.suffix.lower(), "text")
    if kind == "json":
        return _records(path, _parse_json(path, raw))
    if kind == "jsonl":
        records = []
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    records.append((number, json.loads(line)))
                except json.JSONDecodeError as error:
                    raise InputError(
                        path, f"not valid JSON ({error.msg}, column {error.colno})", number
                    ) from None
        return [_record(path, record, number) for number, record in records]
    return [read_article_text(raw, id=path.stem, path=str(path), format=kind, date_order=date_order)]


def read_article_text(
    text: str,
    *,
    id: str,
    source: str | None = None,
    path: str | None = None,
    format: str = "text",
    published: dt.date | dt.datetime | None = None,
    title: str | None = None,
    url: str | None = None,
    date_order: str = "DMY",
) -> Article:
    """An article from a string: cleaned, with offsets back into `text`."""
    where = path or id
    if format == "html":
        lines, page_title = html_lines(text)
        cleaned = clean(paragraphs(text, lines))
        title = title or page_title
    elif format == "markdown":
        cleaned = clean(paragraphs(text, _markdown_lines(text)))
    else:
        cleaned = clean(paragraphs(text))
    if not cleaned.text.strip():
        raise InputError(where, "no article text (empty, or only boilerplate or markup)")
    name_date, name_source = _from_file_name(Path(path).stem if path else "")
    outlet = source or name_source or _dateline_outlet(cleaned.text) or (Path(path).stem if path else id)
    if published is None:
        published = name_date or (
            _parse_date_line(cleaned.date_line, date_order) if cleaned.date_line else None
        )
    return Article(
        id=id,
        source=outlet,
        text=cleaned.text,
        title=title or cleaned.title,
        published=published,
        url=url,
        path=path,
        raw=text,
        offsets=cleaned.offsets,
        dropped=cleaned.dropped,
    )


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not an article file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            path, f"file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB per file"
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); convert it to UTF-8",
        ) from None


def _parse_json(path: Path, raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(path, f"not valid JSON ({error.msg}, column {error.colno})", error.lineno) from None


def _records(path: Path, data: Any) -> list[Article]:
    items = data if isinstance(data, list) else [data]
    return [_record(path, item, index) for index, item in enumerate(items, 1)]


def _record(path: Path, record: Any, number: int) -> Article:
    if not isinstance(record, dict):
        raise InputError(path, "a record must be a JSON object", number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, "record has no 'text'", number)
    published = record.get("published")
    if published is not None:
        try:
            published = _iso(str(published))
        except ValueError:
            raise InputError(path, f"'published' is not an ISO date: {published!r}", number) from None
    article_id = str(record.get("id") or f"{path.stem}:{number}")
    try:
        return read_article_text(
            text,
            id=article_id,
            source=record.get("source") or path.stem,
            path=str(path),
            published=published,
            title=record.get("title"),
            url=record.get("url"),
            format="html" if record.get("format") == "html" else "text",
        )
    except InputError as error:
        raise InputError(path, error.problem, number) from None


def _iso(value: str) -> dt.date | dt.datetime:
    if len(value) <= 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _from_file_name(stem: str) -> tuple[dt.date | None, str | None]:
    match = _FILE_NAME.match(stem)
    if not match:
        return None, None
    try:
        return dt.date.fromisoformat(match.group(1)), match.group(2)
    except ValueError:
        return None, None


def _dateline_outlet(text: str) -> str | None:
    match = _DATELINE_OUTLET.match(text)
    return match.group(1).strip() if match else None


def _parse_date_line(line: str, date_order: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(
        line, settings={"DATE_ORDER": date_order, "PREFER_DAY_OF_MONTH": "first"}, languages=["en"]
    )
    return parsed.date() if parsed else None


def _markdown_lines(raw: str) -> list[Line]:
    """Raw lines with Markdown markup removed. Line numbers stay exact; within a line, a position may
    shift by the width of the removed inline markup."""
    lines: list[Line] = []
    in_code = False
    front_matter = raw.startswith("---\n")
    for match in re.finditer(r"[^\n]*", raw):
        text, start = match.group(), match.start()
        if front_matter:
            if start > 0 and text.strip() == "---":
                front_matter = False
            continue
        if text.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        lead = _MARKDOWN_LEAD.match(text)
        offset = lead.end() if lead else 0
        body = _MARKDOWN_INLINE.sub(lambda m: m.group(1) or "", text[offset:])
        lines.append(Line(body, start + offset))
    return lines
