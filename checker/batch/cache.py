"""The batch cache: work done once is never done again, and a killed run resumes where it stopped.

One SQLite file holds four tables, each keyed by a content hash and the identity of what produced it:
- `claims`: an article's claims (by the article's content and the spaCy model + claim-extraction version);
- `vectors`: sentence embeddings (by text and embedder);
- `verdicts`: NLI probabilities (by premise, hypothesis and NLI model);
- `stories`: a finished story's report entry (by its articles' content and everything that decides findings).
Every write is its own transaction, so a run killed with SIGKILL loses at most the stories it was judging;
nothing half-done is ever read back. Threads may share one cache (batch judges stories on several): each
read and each write holds the cache's lock.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from checker.article import Article
from checker.claims import Claim
from checker.errors import CheckerError

# Bump when the claim objects or the story entry change shape: old rows are then simply not found.
CACHE_VERSION = "1"

_TABLES = """
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, probabilities TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stories (key TEXT PRIMARY KEY, entry TEXT NOT NULL);
"""


def digest(*parts: str) -> str:
    """A stable key for the parts (NUL-separated so that ("ab", "c") and ("a", "bc") differ)."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def article_key(article: Article) -> str:
    """Everything about an article that its claims and findings depend on."""
    published = article.published.isoformat() if article.published else ""
    return digest(article.id, article.source or "", published, article.title or "", article.text)


class BatchCache:
    """Read-through cache of claims, embeddings, NLI verdicts and finished stories."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # one statement or transaction at a time on the shared connection
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # autocommit: one statement, one transaction
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_TABLES)
        except sqlite3.DatabaseError as error:
            raise CheckerError(
                f"{path}: not a usable checker cache ({error}); delete it or pass another --cache"
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- claims ------------------------------------------------------------------------------------

    def claims(self, articles: Sequence[Article], identity: str) -> dict[str, list[Claim]]:
        """The cached claims of those articles that have them, by article id."""
        keys = {digest(CACHE_VERSION, identity, article_key(a)): a.id for a in articles}
        found: dict[str, list[Claim]] = {}
        for key, payload in self._select("claims", "payload", list(keys)):
            found[keys[key]] = pickle.loads(payload)
        return found

    def put_claims(
        self, claims: Mapping[str, list[Claim]], articles: Sequence[Article], identity: str
    ) -> None:
        rows = [
            (digest(CACHE_VERSION, identity, article_key(a)), pickle.dumps(claims[a.id], protocol=5))
            for a in articles
            if a.id in claims
        ]
        self._insert("claims", rows)

    # -- embeddings and NLI verdicts, as wrappers of the model functions -----------------------------

    def cached_embed(
        self, embed: Callable[[Sequence[str]], np.ndarray], identity: str
    ) -> Callable[[Sequence[str]], np.ndarray]:
        """`embed`, computing only the texts this cache has not seen with this embedder."""
        memory: dict[str, np.ndarray] = {}

        def cached(texts: Sequence[str]) -> np.ndarray:
            keys = [digest(identity, text) for text in texts]
            missing = [k for k in dict.fromkeys(keys) if k not in memory]
            for key, blob in self._select("vectors", "vector", missing):
                memory[key] = np.frombuffer(blob, dtype=np.float32)
            todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in memory}
            if todo:
                vectors = np.asarray(embed(list(todo.values())), dtype=np.float32)
                rows = []
                for key, vector in zip(todo, vectors, strict=True):
                    memory[key] = vector
                    rows.append((key, vector.tobytes()))
                self._insert("vectors", rows)
            if not keys:
                return embed([])
            return np.stack([memory[k] for k in keys])

        return cached

    def cached_nli(
        self, predict: Callable[[Sequence[tuple[str, str]]], list[dict[str, float]]], identity: str
    ) -> Callable[[Sequence[tuple[str, str]]], list[dict[str, float]]]:
        """`predict`, asking the model only about pairs this cache has no verdict for."""

        def cached(pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
            keys = [digest(identity, premise, hypothesis) for premise, hypothesis in pairs]
            known = {k: json.loads(v) for k, v in self._select("verdicts", "probabilities", keys)}
            todo = {k: p for k, p in zip(keys, pairs, strict=True) if k not in known}
            if todo:
                predicted = predict(list(todo.values()))
                known.update(zip(todo, predicted, strict=True))
                self._insert("verdicts", [(k, json.dumps(known[k])) for k in todo])
            return [known[k] for k in keys]

        return cached

    # -- finished stories --------------------------------------------------------------------------

    def story(self, key: str) -> dict[str, Any] | None:
        rows = self._select("stories", "entry", [key])
        return json.loads(rows[0][1]) if rows else None

    def stories(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {key: json.loads(entry) for key, entry in self._select("stories", "entry", keys)}

    def put_story(self, key: str, entry: Mapping[str, Any]) -> None:
        self._insert("stories", [(key, json.dumps(entry, ensure_ascii=False))])

    def count(self, table: str) -> int:
        with self._lock:
            return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # -- plumbing ----------------------------------------------------------------------------------

    def _select(self, table: str, column: str, keys: Sequence[str]) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = []
        for begin in range(0, len(keys), 500):  # SQLite limits the number of bound parameters
            chunk = keys[begin : begin + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows.extend(
                    self._db.execute(f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk)
                )
        return rows

    def _insert(self, table: str, rows: Sequence[tuple[str, Any]]) -> None:
        if not rows:
            return
        with self._lock, self._db:  # one transaction: all of these rows or none
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
