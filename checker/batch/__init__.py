"""`checker batch`: one contradictions report over a whole corpus.

The run, stage by stage (each cached, so a killed run resumes and a repeated run is near-instant):

    corpus = read_corpus(sources)                  # lenient: bad records are skipped and reported
    claims = extract_claims(...)                   # every article, once (cached by content)
    stories = group_stories(...)                   # which articles cover the same event
    entries = judge_story(...) per story           # compare's align -> judge, outlets against outlets
    write_report_dir(out, render_files(batch))     # report.json, findings.jsonl, summary.md, index.html
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

import checker
from checker import models
from checker.article import Article
from checker.batch.cache import BatchCache, article_key, digest
from checker.batch.engine import ENGINES, StoryWork, outlet, run_local, run_ray
from checker.batch.output import render_files, write_report_dir
from checker.batch.stories import GroupingSettings, Story, group_stories
from checker.batch.threads import ModelThreads
from checker.batch.workers import Extracted, claims_by_chunk
from checker.claims import Claim
from checker.config import Settings, cache_dir, load_settings
from checker.errors import CheckerError
from checker.ingest.corpus import Corpus, Skipped, read_corpus
from checker.leads import lead_names, lead_texts, lead_vectors
from checker.pipeline import Models
from checker.report.batch_json import batch_dict

CLAIM_CHUNK = 64  # articles per spaCy pass: the unit of work a killed run can lose
EMBED_CHUNK = 2048


class BatchProgress(Protocol):
    """What a long run reports as it goes; the CLI draws it with rich, a library caller may ignore it."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, phase: str, done: int = 1, articles: int = 0) -> None: ...
    def note(self, message: str) -> None: ...


class _Silent:
    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, done: int = 1, articles: int = 0) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class BatchResult:
    """What a batch run produced: the report (as written to report.json) and where it went."""

    report: dict[str, Any]
    out_dir: Path
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def contradictions(self) -> int:
        return int(self.report["summary"]["contradictions"])


def default_cache_path() -> Path:
    """Shared by all runs of this user: keys are content hashes, so corpora never collide."""
    return cache_dir() / "batch.sqlite"


def run_batch(
    sources: Sequence[str | Path],
    out_dir: str | Path,
    *,
    settings: Settings | None = None,
    cache_path: str | Path | None = None,
    engine: str = "local",
    grouping: GroupingSettings | None = None,
    progress: BatchProgress | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Read a corpus, group it into stories, compare the outlets of each story and write the report dir."""
    if engine not in ENGINES:
        raise CheckerError(f"unknown engine {engine!r} (use {' or '.join(ENGINES)})")
    settings = settings or load_settings()
    grouping = grouping or GroupingSettings()
    shown = progress or _Silent()
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    shown.start("reading", len(sources))
    corpus = read_corpus(sources, date_order=settings.date_order)
    shown.advance("reading", len(sources), articles=len(corpus.articles))
    for problem in corpus.skipped:
        shown.note(f"skipped {problem}")
    if corpus.undated:
        shown.note(
            f"{len(corpus.undated)} of {len(corpus.articles)} articles have no publication date "
            f"(first: {corpus.undated[0]}); they are grouped by content alone"
        )
    if not corpus.articles:
        raise CheckerError(f"no readable articles in {', '.join(map(str, sources))}")
    seconds["read"] = _lap(started)

    cache = BatchCache(Path(cache_path) if cache_path else default_cache_path())
    run = _Run(settings, cache, workers=workers or os.cpu_count() or 1)
    try:
        clock = time.perf_counter()
        claims = run.claims(corpus.articles, shown)
        seconds["claims"] = _lap(clock)

        clock = time.perf_counter()
        stories = run.stories(corpus.articles, claims, grouping, shown)
        seconds["grouping"] = _lap(clock)

        by_id = {a.id: a for a in corpus.articles}
        compared = [s for s in stories if len({outlet(by_id[i]) for i in s.article_ids}) >= 2]
        works = [run.work(story, by_id, claims) for story in compared]
        entries = cache.stories([w.key for w in works])
        todo = [w for w in works if w.key not in entries]

        clock = time.perf_counter()
        shown.start("stories", len(works))
        shown.advance("stories", len(works) - len(todo), articles=0)
        if todo:
            run.embed([c.text for w in todo for article_claims in w.claims.values() for c in article_claims])
            with run.threads:  # several stories at once, each on its own thread
                if engine == "local":
                    results = run_local(todo, run.models, settings, run.threads)
                else:
                    results = run_ray(todo, settings)
                for work, entry in results:
                    cache.put_story(work.key, entry)  # committed at once: a kill after this keeps the story
                    entries[work.key] = entry
                    shown.advance("stories", 1, articles=len(work.articles))
        seconds["stories"] = _lap(clock)
    finally:
        cache.close()

    report = batch_dict(
        [entries[w.key] for w in works],
        models=run.model_names(),
        corpus=_corpus_summary(sources, corpus, stories, compared, grouping),
        skipped=[{"path": s.path, "line": s.line, "problem": s.problem} for s in corpus.skipped],
        stats={
            "articles": len(corpus.articles),
            "stories_judged_now": len(todo),
            "stories_from_cache": len(works) - len(todo),
            "nli_pairs_judged": sum(entries[w.key]["stats"]["nli_pairs_judged"] for w in todo),
            "seconds": {**seconds, "total": _lap(started)},
        },
    )
    out = Path(out_dir)
    write_report_dir(out, render_files(report))
    return BatchResult(report=report, out_dir=out, skipped=corpus.skipped)


def find_stories(
    articles: Sequence[Article],
    *,
    settings: Settings | None = None,
    cache_path: str | Path | None = None,
    grouping: GroupingSettings | None = None,
    progress: BatchProgress | None = None,
    workers: int | None = None,
) -> list[Story]:
    """Group articles into stories (the first half of a batch run, through the same cache)."""
    cache = BatchCache(Path(cache_path) if cache_path else default_cache_path())
    try:
        run = _Run(settings or load_settings(), cache, workers=workers or os.cpu_count() or 1)
        shown = progress or _Silent()
        claims = run.claims(articles, shown)
        return run.stories(articles, claims, grouping or GroupingSettings(), shown)
    finally:
        cache.close()


class _Run:
    """One run's models (loaded only on a cache miss) wrapped by the cache."""

    def __init__(self, settings: Settings, cache: BatchCache, workers: int = 1) -> None:
        self.settings = settings
        self.cache = cache
        self.workers = workers
        self.threads = ModelThreads(workers, backend=settings.backend)  # model passes side by side

    @cached_property
    def _loaded(self) -> Models:
        return Models.load(self.settings)

    @cached_property
    def _cached_embed(self):
        return self.cache.cached_embed(lambda texts: self._threaded_embed(texts), self._embedder_identity)

    @cached_property
    def _threaded_embed(self) -> models.EmbedTexts:
        """The embedder with its batches run on the model threads: the same vectors as one by one."""
        return models.embedder_for(self.settings, self.threads.map)

    @cached_property
    def models(self) -> Models:
        """The models, wrapped by the cache; nothing is loaded until a cache miss needs it."""
        return Models(
            nlp=self._loaded.nlp,
            embed=self._cached_embed,
            nli=self.cache.cached_nli(self._loaded.nli, self._nli_identity),
        )

    @cached_property
    def _embedder_identity(self) -> str:
        return f"{_model_identity(self.settings.resolved_embedder())}|{self.settings.resolved_precision()}"

    @cached_property
    def _nli_identity(self) -> str:
        return f"{_model_identity(str(self.settings.resolved_nli()))}|{self.settings.resolved_precision()}"

    @cached_property
    def _claims_identity(self) -> str:
        return f"{self.settings.resolved_spacy()}|{_code_identity()}"

    @cached_property
    def story_identity(self) -> str:
        """Everything besides the articles that decides a story's findings."""
        return digest(
            self._claims_identity,
            self._embedder_identity,
            self._nli_identity,
            repr(self.settings.thresholds),
            self.settings.backend,
        )

    def model_names(self) -> dict[str, str]:
        return {
            "nli": str(self.settings.resolved_nli()),
            "embedder": self.settings.resolved_embedder(),
            "spacy": self.settings.resolved_spacy(),
            "backend": self.settings.backend,
            "precision": self.settings.resolved_precision(),
        }

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings through the cache, computed in chunks so a killed run keeps what it finished."""
        with self.threads:
            parts = [
                self._cached_embed(texts[i : i + EMBED_CHUNK]) for i in range(0, len(texts), EMBED_CHUNK)
            ]
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def claims(self, articles: Sequence[Article], shown: BatchProgress) -> dict[str, list[Claim]]:
        shown.start("claims", len(articles))
        found = self.cache.claims(articles, self._claims_identity)
        shown.advance("claims", len(found), articles=0)
        missing = [a for a in articles if a.id not in found]
        chunks = [missing[i : i + CLAIM_CHUNK] for i in range(0, len(missing), CLAIM_CHUNK)]
        for chunk, extracted in self._extract(chunks):
            self.cache.put_claims(extracted, chunk, self._claims_identity)
            found.update(extracted)
            shown.advance("claims", len(chunk), articles=len(chunk))
        return found

    def _extract(self, chunks: list[list[Article]]) -> Iterator[Extracted]:
        """Claims chunk by chunk, in worker processes when there is enough work to pay for starting them:
        spaCy runs on one core, and claim extraction is most of a first run."""
        parallel = self.workers >= 2 and len(chunks) >= 2 * self.workers
        return claims_by_chunk(
            chunks,
            spacy_name=self.settings.resolved_spacy(),
            load_nlp=lambda: self.models.nlp,
            workers=self.workers if parallel else 0,
        )

    def stories(
        self,
        articles: Sequence[Article],
        claims: dict[str, list[Claim]],
        grouping: GroupingSettings,
        shown: BatchProgress,
    ) -> list[Story]:
        shown.start("grouping", len(articles))
        # The lead sentences' vectors land in the cache, where the stories stage finds them again.
        texts = lead_texts(articles, claims)
        vectors = lead_vectors(
            articles, claims, dict(zip(texts, self.embed(list(texts.values())), strict=True))
        )
        names = {a.id: lead_names(claims[a.id]) for a in articles}
        stories = group_stories(articles, vectors, names, grouping)
        shown.advance("grouping", len(articles))
        return stories

    def work(self, story: Story, by_id: dict[str, Article], claims: dict[str, list[Claim]]) -> StoryWork:
        articles = tuple(by_id[i] for i in story.article_ids)
        key = digest(self.story_identity, *sorted(article_key(a) for a in articles))
        return StoryWork(
            key=key,
            story_id=story.id,
            title=story.title,
            articles=articles,
            claims={a.id: claims[a.id] for a in articles},
        )


def _corpus_summary(
    sources: Sequence[str | Path],
    corpus: Corpus,
    stories: Sequence[Story],
    compared: Sequence[Story],
    grouping: GroupingSettings,
) -> dict[str, Any]:
    return {
        "sources": [str(s) for s in sources],
        "articles": len(corpus.articles),
        "outlets": len({outlet(a) for a in corpus.articles}),
        "undated_articles": len(corpus.undated),
        "skipped": len(corpus.skipped),
        "stories_found": len(stories),
        "multi_outlet_stories": len(compared),
        "single_article_stories": sum(len(s.article_ids) == 1 for s in stories),
        "grouping": {
            "link": grouping.link,
            "same_text": grouping.same_text,
            "window_days": grouping.window_days,
        },
    }


def _model_identity(location: str) -> str:
    """A model's path plus the size and time of its files: a retrained model in place is a new model."""
    path = Path(location)
    if not path.is_dir():
        return location
    stamps = sorted(
        f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in path.iterdir() if p.is_file()
    )
    return digest(location, *stamps)


_IDENTITY: list[str] = []


def _code_identity() -> str:
    """A hash of the code that makes claims and findings, so a changed checker never reads stale rows."""
    if not _IDENTITY:
        root = Path(checker.__file__).parent
        sha = hashlib.sha256(checker.__version__.encode())
        for path in sorted(root.rglob("*.py")):
            if path.relative_to(root).parts[0] not in {"cli", "batch", "evaluate"}:
                sha.update(path.read_bytes())
        _IDENTITY.append(sha.hexdigest()[:16])
    return _IDENTITY[0]


def _lap(since: float) -> float:
    return round(time.perf_counter() - since, 3)


__all__ = [
    "BatchProgress",
    "BatchResult",
    "GroupingSettings",
    "Story",
    "default_cache_path",
    "find_stories",
    "run_batch",
]
