"""The archive of published coverage, for checking a draft against what is already out.

A store, the source of truth for articles, their claims and embeddings (`checker.archive.store`): a
SQLite file by default, with a faiss index beside it (`<archive>.faiss`, caught up from the store when
stale), or a PostgreSQL database named by a `postgresql://` URL (optional driver: `checker[postgres]`;
the index is then built in memory from the stored vectors at open). See `checker.archive.archive` for
the API and `checker.check` for the pre-publication check built on it.
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
