"""The archive of published coverage, for checking a draft against what is already out.

A store, the source of truth for articles, their claims and embeddings (`checker.archive.store`): a
SQLite file by default, with a faiss index beside it (`<archive>.faiss`, caught up from the store when
stale), or a PostgreSQL database named by a `postgresql://` URL (optional driver: `checker[postgres]`;
the index is then built in memory from the stored vectors at open). See `checker.archive.archive` for
the API and `checker.check` for the pre-publication check built on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker._lazy import lazy_exports

# Imported lazily, as `checker` itself does: the archive module pulls in spaCy and faiss, and every CLI
# command imports `checker.archive.location`, so `checker --help` would otherwise wait for them.
_EXPORTS = {
    "AddResult": "checker.archive.archive",
    "Archive": "checker.archive.archive",
    "ArchiveStats": "checker.archive.archive",
    "Hit": "checker.archive.archive",
    "open_archive": "checker.archive.archive",
    "ArchiveError": "checker.archive.errors",
    "ArchiveModelsError": "checker.archive.errors",
    "ArchiveNotFoundError": "checker.archive.errors",
    "UnknownArticleError": "checker.archive.errors",
    "ARCHIVE_ENV": "checker.archive.location",
    "DEFAULT_ARCHIVE": "checker.archive.location",
    "resolve_location": "checker.archive.location",
}

if TYPE_CHECKING:
    from checker.archive.archive import AddResult, Archive, ArchiveStats, Hit, open_archive
    from checker.archive.errors import (
        ArchiveError,
        ArchiveModelsError,
        ArchiveNotFoundError,
        UnknownArticleError,
    )
    from checker.archive.location import ARCHIVE_ENV, DEFAULT_ARCHIVE, resolve_location


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = sorted(_EXPORTS)
