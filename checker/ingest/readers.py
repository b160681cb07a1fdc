"""Reading input files: size, encoding and format checks, dispatch by suffix (or content), and ids
unique across all inputs. Every problem is an `InputError` naming the file (and line)."""

from __future__ import annotations

import json
import stat
from collections.abc import Sequence
from pathlib import Path

from checker.article import Article
from checker.errors import InputError
from checker.ingest.articles import MAX_FILE_BYTES, build_article
from checker.ingest.metadata import check_date_order
from checker.ingest.records import Located, json_records, jsonl_records

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_SNIFF_BYTES = 4096
_BOM = b"\xef\xbb\xbf"


def read_articles(
    paths: Sequence[str | Path], *, date_order: str = "DMY", max_bytes: int = MAX_FILE_BYTES
) -> list[Article]:
    """Articles from files (text, Markdown, HTML, JSON, JSONL); ids must be unique across all of them."""
    order = check_date_order(date_order)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in paths:
        for article, line in _read_file(Path(path), order, max_bytes):
            where = f"{path}:{line}" if line is not None else str(path)
            if article.id in seen:
                raise InputError(
                    path, f"duplicate article id {article.id!r} (also in {seen[article.id]})", line
                )
            seen[article.id] = where
            articles.append(article)
    return articles


def read_file(path: str | Path, *, date_order: str = "DMY", max_bytes: int = MAX_FILE_BYTES) -> list[Article]:
    """The articles in one file: one for a text, Markdown or HTML file, one per record for JSON."""
    return [article for article, _ in _read_file(Path(path), check_date_order(date_order), max_bytes)]


def _read_file(path: Path, date_order: str, max_bytes: int) -> list[Located]:
    raw = read_text(path, max_bytes)
    kind = SUFFIXES.get(path.suffix.lower()) or sniff(raw)
    if kind == "json":
        return json_records(path, raw, date_order=date_order)
    if kind == "jsonl":
        return jsonl_records(path, raw, date_order=date_order)
    article = build_article(
        raw,
        id=path.stem,
        source=None,
        path=str(path),
        format=kind,
        published=None,
        title=None,
        url=None,
        date_order=date_order,
        use_file_name=True,
        id_from_text=True,
    )
    return [(article, None)]


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, decoded as UTF-8, after checking it is a readable, small, non-empty text file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(path, f"file is {_megabytes(info.st_size)}; the limit is {_megabytes(max_bytes)}")
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # bounded even if the file grows while we read
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise InputError(path, f"file is over the limit of {_megabytes(max_bytes)}")
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) text, or an InputError saying what the bytes are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text, not UTF-8; save it as UTF-8")
    if b"\x00" in data:
        raise InputError(path, "binary file (it contains NUL bytes), not text")
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(data) - len(body)
        if _looks_binary(data[:_SNIFF_BYTES]):
            raise InputError(path, "binary file, not text") from None
        raise InputError(path, f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})") from None
    if not text.strip():
        raise InputError(path, "file is empty" if not text else "file is empty (only whitespace)")
    return text


def sniff(raw: str) -> str:
    """The format of a file whose suffix does not say: HTML, JSON, JSONL or plain text."""
    head = raw[:_SNIFF_BYTES].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head and head.startswith("<")):
        return "html"
    if head.startswith(("{", "[")):
        try:
            json.loads(raw)
            return "json"
        except json.JSONDecodeError:
            pass
        lines = [line for line in raw.splitlines() if line.strip()]
        if all(line.lstrip().startswith("{") for line in lines):
            return "jsonl"  # bad lines are reported with their line numbers
    return "text"


def _looks_binary(sample: bytes) -> bool:
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return control > len(sample) // 20


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
