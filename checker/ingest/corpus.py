"""Reading a whole corpus leniently: a bad file or record is skipped and reported, the run goes on.

`read_articles` (for `compare`) stops at the first problem, because an editor comparing three reports
wants to fix the one that failed. A corpus of thousands of records is different: one malformed line must
not cost the night's run. JSONL files are streamed line by line, so their size is not limited (each
record still is).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.article import Article
from checker.errors import InputError
from checker.ingest.articles import MAX_FILE_BYTES
from checker.ingest.metadata import check_date_order
from checker.ingest.readers import SUFFIXES, _read_file, decode
from checker.ingest.records import _record


@dataclass(frozen=True)
class Skipped:
    """An input that was left out of the run, and why."""

    path: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"


@dataclass
class Corpus:
    """The articles read, what was skipped, and which articles have no publication date."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # article ids, grouped by content only


def read_corpus(
    sources: Sequence[str | Path], *, date_order: str = "DMY", max_bytes: int = MAX_FILE_BYTES
) -> Corpus:
    """Articles from files, directories (searched recursively) and JSONL files, skipping bad input."""
    order = check_date_order(date_order)
    corpus = Corpus()
    seen: dict[str, str] = {}
    for path, line, article in _articles(sources, order, max_bytes, corpus.skipped):
        where = f"{path}:{line}" if line is not None else str(path)
        if article.id in seen:
            corpus.skipped.append(
                Skipped(str(path), line, f"duplicate article id {article.id!r} (first in {seen[article.id]})")
            )
            continue
        seen[article.id] = where
        corpus.articles.append(article)
        if article.published is None:
            corpus.undated.append(article.id)
    return corpus


def _articles(
    sources: Sequence[str | Path], date_order: str, max_bytes: int, skipped: list[Skipped]
) -> Iterator[tuple[Path, int | None, Article]]:
    for source in sources:
        path = Path(source)
        if not path.exists():
            skipped.append(Skipped(str(path), None, "no such file or directory"))
        elif path.is_dir():
            for member in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in member.relative_to(path).parts):
                    continue  # hidden files and directories (.git, .DS_Store, editor swap files)
                if member.suffix.lower() not in SUFFIXES:
                    skipped.append(
                        Skipped(str(member), None, f"not an article file ({member.suffix or 'no suffix'})")
                    )
                    continue
                yield from _file(member, date_order, max_bytes, skipped)
        else:
            yield from _file(path, date_order, max_bytes, skipped)


def _file(
    path: Path, date_order: str, max_bytes: int, skipped: list[Skipped]
) -> Iterator[tuple[Path, int | None, Article]]:
    if SUFFIXES.get(path.suffix.lower()) == "jsonl":
        yield from _jsonl(path, date_order, max_bytes, skipped)
        return
    try:
        located = _read_file(path, date_order, max_bytes)
    except InputError as error:
        skipped.append(Skipped(str(path), error.line, error.problem))
        return
    for article, line in located:
        yield path, line, article


def _jsonl(
    path: Path, date_order: str, max_bytes: int, skipped: list[Skipped]
) -> Iterator[tuple[Path, int | None, Article]]:
    try:
        stream = path.open("rb")
    except OSError as error:
        skipped.append(Skipped(str(path), None, f"cannot read: {error.strerror or error}"))
        return
    with stream:
        for number, data in enumerate(stream, 1):
            if not data.strip():
                continue
            if len(data) > max_bytes:
                skipped.append(Skipped(str(path), number, f"record is over the limit of {max_bytes} bytes"))
                continue
            try:
                line = decode(path, data)
                item = json.loads(line)
                yield path, number, _record(path, item, number, number, date_order=date_order)
            except InputError as error:
                skipped.append(Skipped(str(path), number, error.problem))
            except json.JSONDecodeError as error:
                skipped.append(
                    Skipped(str(path), number, f"not valid JSON: {error.msg} (column {error.colno})")
                )
