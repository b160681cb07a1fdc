"""Errors of the archive: each one line naming the archive file, and how to fix the problem."""

from __future__ import annotations

from collections.abc import Sequence

from checker.errors import CheckerError


class ArchiveError(CheckerError):
    """The archive cannot be opened or used (missing, corrupt, locked, built for other models)."""


class ArchiveNotFoundError(ArchiveError):
    """No archive at the location (and the command does not create one)."""


class ArchiveModelsError(ArchiveError):
    """The archive was built with other models (embedder, spaCy pipeline, claim extraction)."""


class UnknownArticleError(ArchiveError):
    """`remove` was asked for ids the archive does not hold; nothing was removed."""

    def __init__(self, location: str, ids: Sequence[str]) -> None:
        self.ids = list(ids)
        shown = ", ".join(repr(i) for i in self.ids[:10])
        more = f" and {len(self.ids) - 10} more" if len(self.ids) > 10 else ""
        super().__init__(f"{location}: no article with id {shown}{more} in the archive; nothing removed")
