"""The archive of published coverage: articles, their claims and embeddings, and a faiss index.

    archive = open_archive(None, settings)       # --archive / $CHECKER_ARCHIVE / config / default
    archive.add(articles)                        # AddResult(added=[...], unchanged=[...])
    archive.remove(["id"])                       # UnknownArticleError when an id is not there
    archive.stats()                              # ArchiveStats
    archive.close()                              # or: with open_archive(...) as archive:

The store is a SQLite file (the index in a file beside it) or a PostgreSQL database (`postgresql://`
URL; the index is then kept in memory only, built from the stored vectors at open and caught up from
the store by generation). Adds commit in small transactions, so a killed add keeps what it had
committed; the index is caught up at the next open. Several threads may search while one adds.

A large add (from 4 chunks of 16 articles) extracts claims in worker processes (`checker.batch.workers`,
as `checker batch` does) while this process embeds and commits the chunks they finished; a small one (the
service's) does both here. Claims and vectors are the ones `checker check` computes for the same article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from checker import models
from checker.archive.errors import ArchiveModelsError, UnknownArticleError
from checker.archive.identity import ModelIdentity, current_identity
from checker.archive.index import VectorIndex
from checker.archive.location import resolve_location
from checker.archive.store import Store, StoredArticle, open_store
from checker.article import Article
from checker.batch.cache import article_key
from checker.batch.workers import Extracted, claims_by_chunk
from checker.claims import Claim
from checker.config import Settings
from checker.errors import InputError
from checker.leads import lead_names, lead_texts, lead_vectors

AddProgress = Callable[[int, int], None]
CHUNK_ARTICLES = 16  # articles per transaction (and per spaCy task): a killed add keeps every chunk before
# Texts of this many chunks are embedded together, sorted by length, so a batch is mostly text, not padding.
EMBED_WINDOW_CHUNKS = 2
PARALLEL_MIN_CHUNKS = 4  # chunks an add needs before claims are extracted in worker processes


@dataclass(frozen=True)
class AddResult:
    added: list[str] = field(default_factory=list)  # new, or replaced (same id, new content)
    unchanged: list[str] = field(default_factory=list)  # same id and content hash: nothing done


@dataclass(frozen=True)
class ArchiveStats:
    location: str
    articles: int
    claims: int
    outlets: int
    first_published: str | None
    last_published: str | None
    size_bytes: int  # store (SQLite: file and write-ahead log; PostgreSQL: its tables) plus index file
    models: dict[str, str]
    indexed: int  # claims in the faiss index (equals `claims` once caught up)
    generation: int


@dataclass(frozen=True)
class Hit:
    """A published claim close to a query: its store row, article and cosine similarity."""

    row: int
    article_id: str
    similarity: float


class Archive:
    """A store (SQLite or PostgreSQL) plus its faiss index. Thread-safe: one writer at a time, any
    number of readers."""

    def __init__(
        self, store: Store, index: VectorIndex, settings: Settings, cores: int | None = None
    ) -> None:
        self.store = store
        self.cores = cores or os.cpu_count() or 1  # what a large add may use: worker processes and threads
        self.index = index
        self.settings = settings
        self.location = store.location
        self._write_lock = threading.Lock()
        self._identity: ModelIdentity | None = None

    # -- context manager ---------------------------------------------------------------------------

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the index is a cache of the store: the next open catches up
            self.index.save()
        self.store.close()

    # -- models ------------------------------------------------------------------------------------

    def models(self) -> ModelIdentity | None:
        stored = self.store.meta("models")
        return ModelIdentity.from_json(stored) if stored else None

    def require_models(self) -> None:
        """Raise ArchiveModelsError unless this run's models are the ones the archive was built with."""
        mine = self._current()
        stored = self.models()
        if self.store.meta("rebuilding") == "1":
            raise ArchiveModelsError(
                f"{self.location}: a rebuild was interrupted; finish it with: "
                f"checker archive rebuild --archive {self.location}"
            )
        if stored is None:
            self.store.set_meta("models", mine.to_json())
            return
        differences = stored.differences(mine)
        if differences:
            raise ArchiveModelsError(
                f"{self.location}: built with other models: {'; '.join(differences)}; rebuild it with: "
                f"checker archive rebuild --archive {self.location}"
            )

    def _current(self) -> ModelIdentity:
        if self._identity is None:
            self._identity = current_identity(self.settings)
        return self._identity

    # -- writes ------------------------------------------------------------------------------------

    def add(self, articles: Sequence[Article], progress: AddProgress | None = None) -> AddResult:
        """Add published articles. The same id with the same content is left as it is; the same id
        with new content replaces the old version (its claims too)."""
        seen: dict[str, Article] = {}
        for article in articles:
            if article.id in seen:
                raise InputError(
                    article.path, f"duplicate article id {article.id!r} (also in {seen[article.id].path})"
                )
            seen[article.id] = article
        self.require_models()
        report = progress or (lambda _done, _total: None)
        total = len(articles)
        with self._write_lock:
            self.sync()
            hashes = {a.id: article_key(a) for a in articles}
            stored = self.store.hashes(list(hashes))
            unchanged = [a.id for a in articles if stored.get(a.id) == hashes[a.id]]
            todo = [a for a in articles if stored.get(a.id) != hashes[a.id]]
            done = len(unchanged)
            report(done, total)

            def committed(count: int) -> None:
                nonlocal done
                done += count
                report(done, total)

            chunks = [todo[i : i + CHUNK_ARTICLES] for i in range(0, len(todo), CHUNK_ARTICLES)]
            self._write_all(chunks, len(chunks), hashes, committed)
            self.index.save()
        return AddResult(added=[a.id for a in todo], unchanged=unchanged)

    def _write_all(
        self,
        chunks: Iterable[Sequence[Article]],
        count: int,
        hashes: dict[str, str],
        committed: Callable[[int], None],
    ) -> None:
        """Extract, embed and commit `count` chunks, one transaction per chunk, in order. With enough
        chunks, spaCy runs in worker processes on some of the cores while this process embeds, on the
        others, the chunks they finished (the embedder is most of the work, and only this process may
        run torch); the claims are the same either way (`extract_claims` of the same chunks)."""
        workers = self._claim_workers(count)
        extracted = claims_by_chunk(
            chunks,
            spacy_name=self.settings.resolved_spacy(),
            load_nlp=self._nlp,
            workers=workers,
            ahead=EMBED_WINDOW_CHUNKS + 2 * workers,  # the next window is ready when this one is written
        )
        with contextlib.closing(extracted), self._embedding_threads(self.cores - workers if workers else 0):
            for window in _windows(extracted, EMBED_WINDOW_CHUNKS):
                for items in self._embedded(window, hashes):
                    self._commit(items)
                    committed(len(items))

    def _claim_workers(self, chunks: int) -> int:
        """Worker processes for claim extraction: none for a small add (starting them costs more than
        they save; the service adds a few articles at a time), else half the cores (spaCy needs about
        half the embedder's time per article)."""
        if self.cores < 2 or chunks < PARALLEL_MIN_CHUNKS:
            return 0
        return max(1, self.cores // 2)

    @contextlib.contextmanager
    def _embedding_threads(self, threads: int) -> Iterator[None]:
        """torch on `threads` threads meanwhile (0: as it is). Its threads wait for one another at every
        layer: when worker processes hold the other cores, a second thread doubled the embedder's CPU
        time (measured on the project's 2-core machine)."""
        if threads <= 0 or self.settings.backend != "torch":
            yield
            return
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(min(threads, before))
        try:
            yield
        finally:
            torch.set_num_threads(before)

    def _embedded(self, window: Sequence[Extracted], hashes: dict[str, str]) -> list[list[StoredArticle]]:
        """The window's chunks as articles to store: claims and headlines of the whole window are embedded
        together, so texts of similar length share an embedder batch and little of it is padding."""
        articles = [a for chunk, _ in window for a in chunk]
        claims = {i: found for _, extracted in window for i, found in extracted.items()}
        texts = {c.id: c.text for a in articles for c in claims[a.id]} | lead_texts(articles, claims)
        embedded = np.asarray(self.embed(list(texts.values())), dtype=np.float32)
        vectors = dict(zip(texts, embedded, strict=True))
        lead_of = dict(zip((a.id for a in articles), lead_vectors(articles, claims, vectors), strict=True))
        width = embedded.shape[1] if embedded.size else 0
        return [
            [
                StoredArticle(
                    article=article,
                    content_hash=hashes[article.id],
                    published_ts=timestamp(article.published),
                    claims=claims[article.id],
                    vectors=np.array([vectors[c.id] for c in claims[article.id]], np.float32).reshape(
                        -1, width
                    ),
                    lead_vector=lead_of[article.id],
                    lead_names=lead_names(claims[article.id]),
                )
                for article in chunk
            ]
            for chunk, _ in window
        ]

    def _commit(self, items: Sequence[StoredArticle]) -> None:
        added_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        # The index lock spans commit and index update: a reader never sees the store ahead of the index
        # in this process (another process's readers catch up from the store).
        with self.index.lock:
            change = self.store.write(items, added_at)
            self.index.apply(change.generation, change.removed, change.added, change.vectors)

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove articles by id; all or nothing: unknown ids raise UnknownArticleError."""
        wanted = list(dict.fromkeys(ids))
        with self._write_lock:
            known = self.store.hashes(wanted)
            unknown = [i for i in wanted if i not in known]
            if unknown:
                raise UnknownArticleError(self.location, unknown)
            if not wanted:
                return []
            self.sync()
            with self.index.lock:
                change = self.store.remove(wanted)
                self.index.apply(change.generation, change.removed, [], change.vectors)
            self.index.save()
        return wanted

    def rebuild(self, progress: AddProgress | None = None) -> int:
        """Re-extract and re-embed every stored article with this run's models; returns the count."""
        report = progress or (lambda _done, _total: None)
        with self._write_lock:
            self.store.set_meta("rebuilding", "1")
            ids = self.store.all_article_ids()
            hashes = self.store.hashes(ids)
            self.index.reset()
            report(0, len(ids))
            done = 0

            def committed(count: int) -> None:
                nonlocal done
                done += count
                report(done, len(ids))

            id_chunks = [ids[i : i + CHUNK_ARTICLES] for i in range(0, len(ids), CHUNK_ARTICLES)]
            chunks = (self._stored_chunk(chunk_ids) for chunk_ids in id_chunks)  # read as needed
            self._write_all(chunks, len(id_chunks), hashes, committed)
            self.store.set_meta("models", self._current().to_json())
            self.store.set_meta("rebuilding", "0")
            self.sync()
            self.index.save()
        return len(ids)

    def _stored_chunk(self, ids: Sequence[str]) -> list[Article]:
        stored = self.store.articles(ids)
        return [stored[i] for i in ids]

    # -- reads -------------------------------------------------------------------------------------

    def sync(self) -> None:
        """Catch the index up with the store when the store has changed since (or the file was stale)."""
        with self.index.lock:
            if self.index.generation == self.store.generation():
                return
            generation, rows = self.store.generation_and_rows()
            present = self.index.ids()
            stored = {int(r) for r in rows}
            missing = sorted(stored - present)
            extra = sorted(present - stored)
            added: list[int] = []
            vectors = np.zeros((0, 0), dtype=np.float32)
            if missing:
                added, vectors = self.store.vectors(missing)
            self.index.apply(generation, extra, added, vectors)
            self.index.generation = generation

    def search(self, vectors: np.ndarray, k: int, *, since: dt.datetime | None = None) -> list[list[Hit]]:
        """The k published claims nearest each query vector (published at or after `since`)."""
        self.sync()
        allowed = self.store.rows_since(since.timestamp()) if since is not None else None
        scores, rows = self.index.search(vectors, k, allowed)
        found = {int(r) for r in rows.ravel() if r >= 0}
        articles = self.store.claim_articles(sorted(found))
        hits: list[list[Hit]] = []
        for score_row, id_row in zip(scores, rows, strict=True):
            hits.append(
                [
                    Hit(int(r), articles[int(r)], float(s))
                    for s, r in zip(score_row, id_row, strict=True)
                    if r >= 0 and int(r) in articles  # a row removed since the search: skipped
                ]
            )
        return hits

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        return self.store.articles(ids)

    def leads(self, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, frozenset[str]]]:
        """Each article's lead embedding and the names in its lead (what says which story it is)."""
        return self.store.leads(ids)

    def claims(self, ids: Sequence[str]) -> tuple[dict[str, list[Claim]], dict[str, np.ndarray]]:
        return self.store.claims_of(ids)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and bool(self.store.hashes([article_id]))

    def stats(self) -> ArchiveStats:
        self.sync()
        counts = self.store.stats()
        identity = self.models()
        return ArchiveStats(
            location=self.location,
            articles=counts["articles"],
            claims=counts["claims"],
            outlets=counts["outlets"],
            first_published=counts["first"],
            last_published=counts["last"],
            size_bytes=self.store.size_bytes() + self.index.size_bytes(),
            models=identity.as_dict() if identity else {},
            indexed=self.index.count,
            generation=self.index.generation,
        )

    # -- models, loaded on first use ---------------------------------------------------------------

    def _nlp(self) -> Any:
        return models.load_spacy(self.settings.resolved_spacy())

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The embedder `checker check` uses (the configured backend), so stored and draft vectors match."""
        return models.embedder_for(self.settings)(texts)


def open_archive(location: str | Path | None, settings: Settings, *, create: bool = True) -> Archive:
    """Open (or, with `create`, start) the archive at `location`, resolved as described in
    `checker.archive.location` when None: a SQLite file, or a PostgreSQL database for a `postgresql://`
    URL. The index is caught up with the store before returning."""
    store = open_store(resolve_location(location, config_file=settings.config_file), create=create)
    try:
        store_id = store.meta("store_id") or ""
        index = VectorIndex(store.index_path, store_id)
        index.load()
        archive = Archive(store, index, settings)
        archive.sync()
    except BaseException:
        store.close()
        raise
    return archive


def timestamp(published: dt.date | dt.datetime | None) -> float | None:
    """Seconds since the epoch (UTC; a bare date is its midnight, a naive time is taken as UTC)."""
    if published is None:
        return None
    if not isinstance(published, dt.datetime):
        published = dt.datetime.combine(published, dt.time.min)
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    return published.timestamp()


def _windows(extracted: Iterable[Extracted], size: int) -> Iterator[list[Extracted]]:
    """Consecutive groups of `size` extracted chunks (the last may be smaller)."""
    window: list[Extracted] = []
    for item in extracted:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window
