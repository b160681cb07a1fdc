"""The store interface: what the archive needs from its source of truth, whatever holds it.

Two implementations: `SQLiteStore` (`checker.archive.sqlite_store`, a file, the default) and
`PostgresStore` (`checker.archive.postgres_store`, a `postgresql://` URL; needs the optional psycopg
driver, imported only when such a URL is opened). `open_store` picks one by the location.

Every store keeps articles (with their content hash, lead vector and names, pickled `Article`), claims
(pickled `Claim` and its embedding, under an integer row id that is the claim's id in the faiss index),
the model identity and a generation counter bumped by every write transaction, so an index can tell
whether it reflects the store. Each write is one transaction: a process killed mid-add leaves the
transactions it committed and nothing of the one it was in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from checker.archive.location import is_url
from checker.article import Article
from checker.claims import Claim

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class StoredArticle:
    """An article to write: the article, its content hash, claims and their unit vectors."""

    article: Article
    content_hash: str
    published_ts: float | None
    claims: Sequence[Claim]
    vectors: np.ndarray  # (len(claims), dim) float32
    lead_vector: np.ndarray  # the headline and lead, embedded: what says which story it covers
    lead_names: frozenset[str]


@dataclass(frozen=True)
class Change:
    """What one write transaction did, for the index: rows removed and added, and the new generation."""

    generation: int
    removed: list[int]
    added: list[int]
    vectors: np.ndarray


class Store(Protocol):
    """The archive's source of truth. Safe to use from several threads (each gets its own connection)
    and from several processes (writers queue; readers see committed states only)."""

    location: str  # as shown to people: a file path, or a URL with any password masked
    index_path: Path | None  # where the faiss index is kept beside the store; None: in memory only

    def close(self) -> None: ...

    # meta: schema version, store id, generation, models, rebuilding
    def meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def generation(self) -> int: ...

    # writes, each one transaction that bumps the generation
    def write(self, items: Sequence[StoredArticle], added_at: str) -> Change:
        """Insert or replace these articles (and their claims)."""
        ...

    def remove(self, ids: Sequence[str]) -> Change: ...

    # reads
    def hashes(self, ids: Sequence[str]) -> dict[str, str]: ...
    def articles(self, ids: Sequence[str]) -> dict[str, Article]: ...
    def leads(self, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, frozenset[str]]]: ...
    def all_article_ids(self) -> list[str]:
        """Every article id, in the order they were added."""
        ...

    def claims_of(self, ids: Sequence[str]) -> tuple[dict[str, list[Claim]], dict[str, np.ndarray]]:
        """Claims of those articles in reading order, and their vectors by claim id."""
        ...

    def claim_articles(self, rows: Sequence[int]) -> dict[int, str]: ...
    def rows_since(self, timestamp: float) -> np.ndarray:
        """Claim rows of the articles published at or after `timestamp` (undated articles excluded)."""
        ...

    def generation_and_rows(self) -> tuple[int, np.ndarray]:
        """The generation and every claim row, read in one snapshot."""
        ...

    def vectors(self, rows: Sequence[int]) -> tuple[list[int], np.ndarray]: ...
    def stats(self) -> dict[str, Any]:
        """articles, outlets, claims, first and last publication (one snapshot)."""
        ...

    def size_bytes(self) -> int: ...


def open_store(location: str | Path, *, create: bool) -> Store:
    """The store at `location`: a PostgreSQL database for a `postgresql://` URL, else a SQLite file."""
    if is_url(location):
        from checker.archive.postgres_store import PostgresStore

        return PostgresStore(str(location), create=create)
    from checker.archive.sqlite_store import SQLiteStore

    return SQLiteStore(Path(location), create=create)
