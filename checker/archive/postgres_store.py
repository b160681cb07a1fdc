"""The PostgreSQL store: the archive's source of truth in a database named by a `postgresql://` URL.

Needs the optional driver (`pip install 'checker[postgres]'`: psycopg 3); this module is imported only
when such a URL is opened, so SQLite archives never need it.

Tables (in the connection's schema, `public` unless the URL sets another search_path):
`checker_meta` (schema version, store id, generation, models), `checker_articles` (one row per
published article, the pickled `Article` in a bytea) and `checker_claims` (the pickled `Claim` and its
float32 embedding as bytea; the identity column `id` is the claim's id in the faiss index). The same
layout as the SQLite store, prefixed so that the archive can share a database with other tables.

Every write is one transaction that first locks the generation row (writers queue, as SQLite's BEGIN
IMMEDIATE makes them) and bumps it before committing. Readers never wait: MVCC gives each statement a
committed state, and `snapshot()` a repeatable-read transaction for reads that must agree. Each thread
gets its own connection (autocommit, explicit transactions). A writer killed mid-transaction (even
SIGKILL) leaves nothing of it: the server rolls back a transaction whose connection drops.

There is no folder for an index file: the faiss index lives in memory (`index_path` None) and is built
from the stored vectors at open, then caught up by generation. An exact flat index *is* its vectors, so
a serialized copy in a table would cost the same to read at open as the vectors themselves, and
rewriting it after every add would cost more than the add.
"""

from __future__ import annotations

import json
import pickle
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np

from checker.archive.errors import ArchiveError, ArchiveNotFoundError
from checker.archive.location import redact
from checker.archive.store import SCHEMA_VERSION, Change, StoredArticle
from checker.article import Article
from checker.claims import Claim

if TYPE_CHECKING:
    from psycopg import Connection

INSTALL = "pip install 'checker[postgres]'"
CONNECT_TIMEOUT_S = 10
_CREATE_LOCK = 0x636865636B6572  # pg_advisory_xact_lock key ("checker") taken while creating the tables
_MAX_MESSAGE = 300

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS checker_meta (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE IF NOT EXISTS checker_articles (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id text PRIMARY KEY,
        content_hash text NOT NULL,
        source text NOT NULL,
        title text,
        published text,
        published_ts double precision,
        path text,
        added text NOT NULL,
        lead_vector bytea NOT NULL,
        lead_names text NOT NULL,
        payload bytea NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS checker_articles_published ON checker_articles (published_ts)",
    """CREATE TABLE IF NOT EXISTS checker_claims (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id text NOT NULL REFERENCES checker_articles (id) ON DELETE CASCADE,
        claim_id text NOT NULL,
        payload bytea NOT NULL,
        vector bytea NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS checker_claims_article ON checker_claims (article_id)",
)
_TABLES = ("checker_meta", "checker_articles", "checker_claims")


def driver(location: str) -> ModuleType:
    """The psycopg module, or a one-line ArchiveError saying what to install."""
    try:
        import psycopg
    except ImportError:
        raise ArchiveError(
            f"{location}: PostgreSQL archives need the psycopg driver; install it with: {INSTALL}"
        ) from None
    return psycopg


class PostgresStore:
    """Per-thread connections to one PostgreSQL database holding a checker archive."""

    def __init__(self, url: str, *, create: bool) -> None:
        self.location = redact(url)
        self.index_path: Path | None = None
        self._url = url
        self._secrets = _secrets(url)
        self._pg = driver(self.location)
        try:
            self._params: dict[str, Any] = self._pg.conninfo.conninfo_to_dict(url)
        except self._pg.Error as error:
            raise ArchiveError(
                f"{self.location}: not a usable PostgreSQL URL ({self._describe(error)})"
            ) from None
        self._secrets |= {str(self._params["password"])} if self._params.get("password") else set()
        self._local = threading.local()
        self._all: list[Connection[Any]] = []
        self._lock = threading.Lock()
        try:
            with self._errors():
                self._prepare(create)
        except BaseException:
            self.close()
            raise

    def _prepare(self, create: bool) -> None:
        db = self.connection()
        exists = db.execute("SELECT to_regclass('checker_meta') IS NOT NULL").fetchone()
        if not (exists and exists[0]):
            if not create:
                raise ArchiveNotFoundError(
                    f"{self.location}: no archive in this database; build one with: "
                    f"checker archive add --archive {self.location} FILE..."
                )
            db.execute("BEGIN")
            try:
                db.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))  # two creators: one waits
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute(
                    "INSERT INTO checker_meta VALUES ('schema_version', %s), ('store_id', %s), "
                    "('generation', '0') ON CONFLICT (key) DO NOTHING",
                    (SCHEMA_VERSION, uuid.uuid4().hex),
                )
            except BaseException:
                with suppress(self._pg.Error):
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        version = self.meta("schema_version")
        if version is None:
            raise ArchiveError(f"{self.location}: has a checker_meta table, but not a checker archive's")
        if version != SCHEMA_VERSION:
            raise ArchiveError(
                f"{self.location}: archive schema version {version}, this checker reads version "
                f"{SCHEMA_VERSION}"
            )
        missing = [t for t in _TABLES if not db.execute("SELECT to_regclass(%s)", (t,)).fetchone()[0]]
        if missing:
            raise ArchiveError(
                f"{self.location}: not a usable checker archive (no table {', '.join(missing)})"
            )

    # -- connections, transactions, errors ---------------------------------------------------------

    def connection(self) -> Connection[Any]:
        db: Connection[Any] | None = getattr(self._local, "db", None)
        if db is None or db.closed or db.broken:
            options: dict[str, Any] = {"autocommit": True}
            if "connect_timeout" not in self._params:
                options["connect_timeout"] = CONNECT_TIMEOUT_S
            if "application_name" not in self._params:
                options["application_name"] = "checker"
            with self._errors():
                db = self._pg.connect(self._url, **options)
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    @contextmanager
    def transaction(self) -> Iterator[Connection[Any]]:
        """One write transaction. Locking the generation row first makes writers queue, so each sees
        the previous writer's commit; readers go on reading."""
        db = self.connection()
        with self._errors():
            db.execute("BEGIN")
            try:
                db.execute("SELECT value FROM checker_meta WHERE key = 'generation' FOR UPDATE")
                yield db
            except BaseException:
                with suppress(self._pg.Error):
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Connection[Any]]:
        """A read transaction: every select inside sees the same state of the store."""
        db = self.connection()
        with self._errors():
            db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield db
            finally:
                with suppress(self._pg.Error):
                    db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors as one-line ArchiveErrors naming the (redacted) location."""
        try:
            yield
        except self._pg.Error as error:
            self._raise(error)

    def _raise(self, error: Exception) -> NoReturn:
        raise ArchiveError(f"{self.location}: {self._describe(error)}") from None

    def _describe(self, error: Exception) -> str:
        """The driver's message on one line, shortened, with any password taken out."""
        message = " ".join(str(error).split()) or type(error).__name__
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."

    def _query(self, sql: str, params: Sequence[Any] = (), *, binary: bool = False) -> list[tuple[Any, ...]]:
        with self._errors():
            return self.connection().execute(sql, params, binary=binary).fetchall()

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                with suppress(Exception):
                    db.close()
            self._all.clear()
        self._local = threading.local()

    # -- meta --------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM checker_meta WHERE key = %s", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.execute(
                "INSERT INTO checker_meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (key, value),
            )

    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    @staticmethod
    def _bump(tx: Connection[Any]) -> int:
        row = tx.execute(
            "UPDATE checker_meta SET value = (value::bigint + 1)::text WHERE key = 'generation' RETURNING value"
        ).fetchone()
        return int(row[0]) if row else 0

    # -- writes ------------------------------------------------------------------------------------

    def write(self, items: Sequence[StoredArticle], added_at: str) -> Change:
        """Insert or replace these articles (and their claims) in one transaction."""
        with self.transaction() as tx:
            ids = [item.article.id for item in items]
            removed = self._claim_rows(tx, ids)
            self._delete(tx, ids)
            articles = []
            claims = []
            vectors: list[np.ndarray] = []
            for item in items:
                article = item.article
                articles.append(
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
                    )
                )
                for claim, vector in zip(item.claims, item.vectors, strict=True):
                    vector = np.ascontiguousarray(vector, dtype=np.float32)
                    claims.append((article.id, claim.id, pickle.dumps(claim, protocol=5), vector.tobytes()))
                    vectors.append(vector)
            cursor = tx.cursor()
            if articles:
                cursor.executemany(
                    "INSERT INTO checker_articles (id, content_hash, source, title, published, published_ts, "
                    "path, added, lead_vector, lead_names, payload) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    articles,
                )
            rows: list[int] = []
            if claims:
                cursor.executemany(
                    "INSERT INTO checker_claims (article_id, claim_id, payload, vector) "
                    "VALUES (%s, %s, %s, %s) RETURNING id",
                    claims,
                    returning=True,
                )
                for result in cursor.results():
                    row = result.fetchone()
                    rows.append(int(row[0]) if row else 0)
            generation = self._bump(tx)
        stacked = np.stack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
        return Change(generation, removed, rows, stacked)

    def remove(self, ids: Sequence[str]) -> Change:
        with self.transaction() as tx:
            removed = self._claim_rows(tx, ids)
            self._delete(tx, ids)
            generation = self._bump(tx)
        return Change(generation, removed, [], np.zeros((0, 0), dtype=np.float32))

    @staticmethod
    def _claim_rows(db: Connection[Any], ids: Sequence[str]) -> list[int]:
        found = db.execute("SELECT id FROM checker_claims WHERE article_id = ANY(%s::text[])", (list(ids),))
        return [int(r[0]) for r in found.fetchall()]

    @staticmethod
    def _delete(tx: Connection[Any], ids: Sequence[str]) -> None:
        tx.execute("DELETE FROM checker_claims WHERE article_id = ANY(%s::text[])", (list(ids),))
        tx.execute("DELETE FROM checker_articles WHERE id = ANY(%s::text[])", (list(ids),))

    # -- reads -------------------------------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._query(
            "SELECT id, content_hash FROM checker_articles WHERE id = ANY(%s::text[])", (list(ids),)
        )
        return {r[0]: r[1] for r in rows}

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        rows = self._query(
            "SELECT id, payload FROM checker_articles WHERE id = ANY(%s::text[])", (list(ids),), binary=True
        )
        return {r[0]: pickle.loads(r[1]) for r in rows}

    def leads(self, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, frozenset[str]]]:
        """Each article's lead vector and lead names."""
        rows = self._query(
            "SELECT id, lead_vector, lead_names FROM checker_articles WHERE id = ANY(%s::text[])",
            (list(ids),),
            binary=True,
        )
        return {r[0]: (np.frombuffer(r[1], dtype=np.float32), frozenset(json.loads(r[2]))) for r in rows}

    def all_article_ids(self) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM checker_articles ORDER BY seq")]

    def claims_of(self, ids: Sequence[str]) -> tuple[dict[str, list[Claim]], dict[str, np.ndarray]]:
        """Claims of those articles in reading order, and their vectors by claim id."""
        rows = self._query(
            "SELECT article_id, payload, vector FROM checker_claims WHERE article_id = ANY(%s::text[])",
            (list(ids),),
            binary=True,
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
        found = self._query(
            "SELECT id, article_id FROM checker_claims WHERE id = ANY(%s::bigint[])",
            ([int(r) for r in rows],),
        )
        return {int(r[0]): r[1] for r in found}

    def rows_since(self, timestamp: float) -> np.ndarray:
        """Claim rows of the articles published at or after `timestamp` (undated articles excluded)."""
        found = self._query(
            "SELECT checker_claims.id FROM checker_claims "
            "JOIN checker_articles ON checker_articles.id = checker_claims.article_id "
            "WHERE checker_articles.published_ts >= %s",
            (timestamp,),
        )
        return np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))

    def generation_and_rows(self) -> tuple[int, np.ndarray]:
        with self.snapshot() as db:
            row = db.execute("SELECT value FROM checker_meta WHERE key = 'generation'").fetchone()
            found = db.execute("SELECT id FROM checker_claims").fetchall()
        generation = int(row[0]) if row else 0
        return generation, np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))

    def vectors(self, rows: Sequence[int]) -> tuple[list[int], np.ndarray]:
        found = self._query(
            "SELECT id, vector FROM checker_claims WHERE id = ANY(%s::bigint[])",
            ([int(r) for r in rows],),
            binary=True,
        )
        ids = [int(r[0]) for r in found]
        if not found:
            return ids, np.zeros((0, 0), dtype=np.float32)
        return ids, np.stack([np.frombuffer(r[1], dtype=np.float32) for r in found])

    def stats(self) -> dict[str, Any]:
        with self.snapshot() as db:
            counts = db.execute("SELECT count(*), count(DISTINCT source) FROM checker_articles").fetchone()
            claims = db.execute("SELECT count(*) FROM checker_claims").fetchone()
            dated = (
                "SELECT published FROM checker_articles WHERE published_ts IS NOT NULL ORDER BY published_ts"
            )
            first = db.execute(f"{dated} LIMIT 1").fetchone()
            last = db.execute(f"{dated} DESC LIMIT 1").fetchone()
        articles, outlets = counts if counts else (0, 0)
        return {
            "articles": int(articles),
            "outlets": int(outlets),
            "claims": int(claims[0]) if claims else 0,
            "first": first[0] if first else None,
            "last": last[0] if last else None,
        }

    def size_bytes(self) -> int:
        """The archive's tables on disk, their indexes and TOAST data included."""
        total = " + ".join("pg_total_relation_size(%s)" for _ in _TABLES)
        rows = self._query(f"SELECT {total}", _TABLES)
        return int(rows[0][0]) if rows else 0


def _secrets(url: str) -> set[str]:
    """The passwords in a URL (`user:PASSWORD@`, `?password=`), read without the driver, so that even
    the message about a URL it rejects can be scrubbed."""
    from urllib.parse import parse_qs, unquote, urlsplit

    found: list[str] = []
    with suppress(ValueError):
        parts = urlsplit(url)
        found.extend(p for p in (parts.password,) if p)
        found.extend(parse_qs(parts.query).get("password", []))
    return {s for p in found for s in (p, unquote(p)) if s}
