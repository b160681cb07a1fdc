"""The SQLite store: the archive's source of truth, in one file (the faiss index lies beside it).

Tables: `meta` (schema version, store id, generation, models), `articles` (one row per published
article: its content hash, outlet, publication time and the pickled `Article`, raw text and offsets
included, so findings point into the original file) and `claims` (the pickled `Claim` and its
embedding; the integer row id is the claim's id in the faiss index).

Every change is one transaction that also bumps `generation`, so the index beside the store can tell
whether it reflects the store. WAL mode lets readers (checks) run while a writer (an add) works; each
thread gets its own connection.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import numpy as np

from checker.archive.errors import ArchiveError, ArchiveNotFoundError
from checker.archive.store import SCHEMA_VERSION, Change, StoredArticle
from checker.article import Article
from checker.claims import Claim

_CHUNK = 500  # SQLite limits the number of bound parameters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    published TEXT,
    published_ts REAL,
    path TEXT,
    added TEXT NOT NULL,
    lead_vector BLOB NOT NULL,
    lead_names TEXT NOT NULL,
    payload BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_ts);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    payload BLOB NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id);
"""


class SQLiteStore:
    """Per-thread connections to one SQLite archive file."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = path
        self.location = str(path)
        self.index_path: Path | None = path.with_name(path.name + ".faiss")
        if not path.exists():
            if not create:
                raise ArchiveNotFoundError(
                    f"{path}: no archive here; build one with: checker archive add --archive {path} FILE..."
                )
            if not path.parent.is_dir():
                raise ArchiveError(f"{path}: directory {path.parent} does not exist")
        elif path.is_dir():
            raise ArchiveError(f"{path}: is a directory, not an archive file")
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            db = self.connection()
            version = self._meta(db, "schema_version")
            if version is None:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if tables - {"sqlite_sequence"}:
                    raise ArchiveError(
                        f"{path}: an SQLite file, but not a checker archive (tables: "
                        f"{', '.join(sorted(tables))})"
                    )
                with self.transaction() as tx:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            tx.execute(statement)
                    tx.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [
                            ("schema_version", SCHEMA_VERSION),
                            ("store_id", uuid.uuid4().hex),
                            ("generation", "0"),
                        ],
                    )
            elif version != SCHEMA_VERSION:
                raise ArchiveError(
                    f"{path}: archive schema version {version}, this checker reads version {SCHEMA_VERSION}"
                )
            db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as error:
            self.close()
            raise ArchiveError(f"{path}: not a usable checker archive ({error})") from None
        except BaseException:
            self.close()
            raise

    # -- connections and transactions --------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=60, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.DatabaseError as error:
                raise ArchiveError(f"{self.path}: not a usable checker archive ({error})") from None
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue, readers go on reading)."""
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every select inside sees the same state of the store."""
        db = self.connection()
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                with suppress(sqlite3.Error):
                    db.close()
            self._all.clear()
        self._local = threading.local()

    # -- meta --------------------------------------------------------------------------------------

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        try:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        return row[0] if row else None

    def meta(self, key: str) -> str | None:
        return self._meta(self.connection(), key)

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    @staticmethod
    def _bump(tx: sqlite3.Connection) -> int:
        generation = int(SQLiteStore._meta(tx, "generation") or 0) + 1
        tx.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(generation),))
        return generation

    # -- writes ------------------------------------------------------------------------------------

    def write(self, items: Sequence[StoredArticle], added_at: str) -> Change:
        """Insert or replace these articles (and their claims) in one transaction."""
        with self.transaction() as tx:
            ids = [item.article.id for item in items]
            removed = self._claim_rows(tx, ids)
            self._delete(tx, ids)
            rows: list[int] = []
            vectors: list[np.ndarray] = []
            for item in items:
                article = item.article
                tx.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id,
                        item.content_hash,
                        article.source,
                        article.title,
                        article.published.isoformat() if article.published else None,
                        item.published_ts,
                        article.path,
                        added_at,
                        np.ascontiguousarray(item.lead_vector, dtype=np.float32).tobytes(),
                        json.dumps(sorted(item.lead_names)),
                        pickle.dumps(article, protocol=5),
                    ),
                )
                for claim, vector in zip(item.claims, item.vectors, strict=True):
                    vector = np.ascontiguousarray(vector, dtype=np.float32)
                    cursor = tx.execute(
                        "INSERT INTO claims (article_id, claim_id, payload, vector) VALUES (?, ?, ?, ?)",
                        (article.id, claim.id, pickle.dumps(claim, protocol=5), vector.tobytes()),
                    )
                    rows.append(int(cursor.lastrowid or 0))
                    vectors.append(vector)
            generation = self._bump(tx)
        stacked = np.stack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
        return Change(generation, removed, rows, stacked)

    def remove(self, ids: Sequence[str]) -> Change:
        with self.transaction() as tx:
            removed = self._claim_rows(tx, ids)
            self._delete(tx, ids)
            generation = self._bump(tx)
        return Change(generation, removed, [], np.zeros((0, 0), dtype=np.float32))

    def _claim_rows(self, db: sqlite3.Connection, ids: Sequence[str]) -> list[int]:
        return [int(r[0]) for r in self._select_in(db, "SELECT id FROM claims WHERE article_id IN ({})", ids)]

    def _delete(self, tx: sqlite3.Connection, ids: Sequence[str]) -> None:
        for begin in range(0, len(ids), _CHUNK):
            chunk = list(ids[begin : begin + _CHUNK])
            marks = ",".join("?" * len(chunk))
            tx.execute(f"DELETE FROM claims WHERE article_id IN ({marks})", chunk)
            tx.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)

    # -- reads -------------------------------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._select_in(
            self.connection(), "SELECT id, content_hash FROM articles WHERE id IN ({})", ids
        )
        return {r[0]: r[1] for r in rows}

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        rows = self._select_in(self.connection(), "SELECT id, payload FROM articles WHERE id IN ({})", ids)
        return {r[0]: pickle.loads(r[1]) for r in rows}

    def leads(self, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, frozenset[str]]]:
        """Each article's lead vector and lead names."""
        rows = self._select_in(
            self.connection(), "SELECT id, lead_vector, lead_names FROM articles WHERE id IN ({})", ids
        )
        return {r[0]: (np.frombuffer(r[1], dtype=np.float32), frozenset(json.loads(r[2]))) for r in rows}

    def all_article_ids(self) -> list[str]:
        return [r[0] for r in self.connection().execute("SELECT id FROM articles ORDER BY rowid")]

    def claims_of(self, ids: Sequence[str]) -> tuple[dict[str, list[Claim]], dict[str, np.ndarray]]:
        """Claims of those articles in reading order, and their vectors by claim id."""
        rows = self._select_in(
            self.connection(), "SELECT article_id, payload, vector FROM claims WHERE article_id IN ({})", ids
        )
        claims: dict[str, list[Claim]] = {i: [] for i in ids}
        vectors: dict[str, np.ndarray] = {}
        for article_id, payload, vector in rows:
            claim: Claim = pickle.loads(payload)
            claims[article_id].append(claim)
            vectors[claim.id] = np.frombuffer(vector, dtype=np.float32)
        for article_claims in claims.values():
            article_claims.sort(key=lambda c: c.index)
        return claims, vectors

    def claim_articles(self, rows: Sequence[int]) -> dict[int, str]:
        """Article id of each claim row."""
        found = self._select_in(self.connection(), "SELECT id, article_id FROM claims WHERE id IN ({})", rows)
        return {int(r[0]): r[1] for r in found}

    def rows_since(self, timestamp: float) -> np.ndarray:
        """Claim rows of the articles published at or after `timestamp` (undated articles excluded)."""
        found = self.connection().execute(
            "SELECT claims.id FROM claims JOIN articles ON articles.id = claims.article_id "
            "WHERE articles.published_ts >= ?",
            (timestamp,),
        )
        return np.fromiter((r[0] for r in found), dtype=np.int64)

    def generation_and_rows(self) -> tuple[int, np.ndarray]:
        with self.snapshot() as db:
            generation = int(self._meta(db, "generation") or 0)
            rows = np.fromiter((r[0] for r in db.execute("SELECT id FROM claims")), dtype=np.int64)
        return generation, rows

    def vectors(self, rows: Sequence[int]) -> tuple[list[int], np.ndarray]:
        found = self._select_in(self.connection(), "SELECT id, vector FROM claims WHERE id IN ({})", rows)
        ids = [int(r[0]) for r in found]
        if not found:
            return ids, np.zeros((0, 0), dtype=np.float32)
        return ids, np.stack([np.frombuffer(r[1], dtype=np.float32) for r in found])

    def stats(self) -> dict[str, Any]:
        with self.snapshot() as db:
            articles, outlets = db.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
            claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
            dated = "SELECT published FROM articles WHERE published_ts IS NOT NULL ORDER BY published_ts"
            first = db.execute(f"{dated} LIMIT 1").fetchone()
            last = db.execute(f"{dated} DESC LIMIT 1").fetchone()
        return {
            "articles": articles,
            "outlets": outlets,
            "claims": claims,
            "first": first[0] if first else None,
            "last": last[0] if last else None,
        }

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    @staticmethod
    def _select_in(db: sqlite3.Connection, sql: str, keys: Sequence[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        keys = list(keys)
        for begin in range(0, len(keys), _CHUNK):
            chunk = keys[begin : begin + _CHUNK]
            rows.extend(db.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return rows
