"""The archive of published coverage, for checking a draft against what is already out.

A SQLite file (the source of truth: articles, their claims and embeddings) with a faiss index beside it
(`<archive>.faiss`, caught up from the store when stale). See `checker.archive.archive` for the API and
`checker.check` for the pre-publication check built on it.
"""

from __future__ import annotations

from checker.archive.archive import AddResult, Archive, ArchiveStats, Hit, open_archive
from checker.archive.errors import ArchiveError, ArchiveModelsError, ArchiveNotFoundError, UnknownArticleError
from checker.archive.location import ARCHIVE_ENV, DEFAULT_ARCHIVE, resolve_location

__all__ = [
    "ARCHIVE_ENV",
    "DEFAULT_ARCHIVE",
    "AddResult",
    "Archive",
    "ArchiveError",
    "ArchiveModelsError",
    "ArchiveNotFoundError",
    "ArchiveStats",
    "Hit",
    "UnknownArticleError",
    "open_archive",
    "resolve_location",
]
