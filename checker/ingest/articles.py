"""One article from one text: parse its format, remove boilerplate, gather metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checker.article import Article
from checker.errors import InputError
from checker.ingest.boilerplate import clean
from checker.ingest.html import html_text
from checker.ingest.markdown import markdown_text
from checker.ingest.metadata import (
    check_date_order,
    dateline_outlet,
    file_name_metadata,
    parse_date_line,
    parse_iso,
)
from checker.ingest.segments import Block, text_blocks

MAX_FILE_BYTES = 5 * 1024 * 1024  # larger inputs are not news reports; refuse them before reading
FORMATS = {
    "text": "text",
    "txt": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
}


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
    """An article from a string (a file's content or a draft), cleaned like a file of `format`
    ("text", "markdown" or "html"). Metadata given here wins over metadata found in the text; with a
    `path`, its `YYYY-MM-DD_outlet-name` file-name convention is used too."""
    return build_article(
        text,
        id=id,
        source=source,
        path=path,
        format=format,
        published=published,
        title=title,
        url=url,
        date_order=date_order,
        use_file_name=path is not None,
        id_from_text=False,
    )


def build_article(
    text: str,
    *,
    id: str,
    source: str | None,
    path: str | None,
    format: str,
    published: dt.date | dt.datetime | None,
    title: str | None,
    url: str | None,
    date_order: str,
    use_file_name: bool,
    id_from_text: bool,
) -> Article:
    """`read_article_text`, plus: whether the file name's metadata applies (bare files, not records),
    and whether an id in Markdown front matter replaces `id` (a default from the file name)."""
    where = path or id
    kind = FORMATS.get(format.lower())
    if kind is None:
        raise InputError(where, f"unknown format {format!r} (use text, markdown or html)")
    order = check_date_order(date_order)
    if len(text) > MAX_FILE_BYTES and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise InputError(
            where,
            f"text is {_megabytes(len(text.encode('utf-8')))}; the limit is {_megabytes(MAX_FILE_BYTES)}",
        )
    found: dict[str, str] = {}
    blocks: list[Block]
    if kind == "html":
        page = html_text(text)
        blocks, found = page.blocks, dict(page.meta)
        if page.title:
            found.setdefault("title", page.title)
        if not blocks:
            raise InputError(where, "no article text in the HTML (only scripts, navigation or markup)")
    elif kind == "markdown":
        document = markdown_text(text)
        blocks, found = document.blocks, document.front_matter
    else:
        blocks = text_blocks(text)
    cleaned = clean(blocks, date_order=order)
    if not cleaned.text.strip():
        raise InputError(where, "no article text (empty, or only headings and boilerplate)")

    name_date, name_source = file_name_metadata(Path(path).stem) if use_file_name and path else (None, None)
    stem = Path(path).stem if path else id
    return Article(
        id=found.get("id", id) if id_from_text else id,
        source=source or name_source or found.get("source") or dateline_outlet(cleaned.text) or stem,
        text=cleaned.text,
        title=title or _title(found, kind, cleaned.title),
        published=published or name_date or _found_date(found, kind, order, where) or cleaned.published,
        url=url or found.get("url"),
        path=path,
        raw=text,
        offsets=cleaned.offsets,
        dropped=cleaned.dropped,
    )


def _title(found: dict[str, str], kind: str, headline: str | None) -> str | None:
    """Front matter's title, else the headline line of the body, else the HTML page's title (which
    often carries the site's name too)."""
    if kind == "markdown" and found.get("title"):
        return found["title"]
    return headline or found.get("title")


def _found_date(found: dict[str, str], kind: str, order: str, where: str) -> dt.date | dt.datetime | None:
    """The date in front matter or HTML metadata. A bad one in front matter is an error (the writer
    meant it); in an HTML page's head it is ignored (pages carry all sorts)."""
    value = found.get("published")
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        date = parse_date_line(value, order)
    if date is None and kind == "markdown":
        raise InputError(where, f"front matter 'published' is not a date: {value!r}")
    return date


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
