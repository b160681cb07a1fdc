"""The pipeline, top to bottom: articles -> claims -> aligned pairs -> verdicts -> report.

`compare` is the library entry point; the CLI and the service are thin layers over it. Each stage is a
module with one job and plain data in and out, so a caller can also run the stages one by one:
`checker batch` extracts the claims of a whole corpus at once and then calls `compare_claims` per story.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from checker import models
from checker.align import align, embed_claims
from checker.article import Article
from checker.claims import Claim, extract_claims
from checker.config import Settings, load_settings
from checker.corroborate import corroboration
from checker.errors import InputError
from checker.ingest import read_articles
from checker.judge import Predict, judge
from checker.report import Report, Stats

Progress = Callable[[str], None]
EmbedTexts = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Models:
    """The three models a run uses, as plain functions, so a caller (batch) can wrap them with caches."""

    nlp: Any  # spaCy Language
    embed: EmbedTexts  # texts -> unit-length vectors
    nli: Predict  # (premise, hypothesis) pairs -> label probabilities

    @classmethod
    def load(cls, settings: Settings) -> Models:
        """Load (once per process: the loaders cache) the models the settings name, on the configured
        backend (PyTorch, or ONNX Runtime: checker/backends)."""
        return cls(
            nlp=models.load_spacy(settings.resolved_spacy()),
            embed=models.embedder_for(settings),
            nli=models.nli_predictor_for(settings),
        )


def compare(
    articles: Sequence[Article | str | Path],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    loaded_models: Models | None = None,
) -> Report:
    """Find where the articles contradict each other. Paths are read with the ingest stage."""
    settings = settings or load_settings()
    say = progress or (lambda _stage: None)
    started = time.perf_counter()

    say("reading articles")
    loaded = _load(articles, settings.date_order)
    ingest_seconds = time.perf_counter() - started

    say("loading models")
    clock = time.perf_counter()
    run_models = loaded_models or Models.load(settings)
    models_seconds = time.perf_counter() - clock

    say("splitting claims")
    clock = time.perf_counter()
    claims = extract_claims(loaded, run_models.nlp)
    claims_seconds = time.perf_counter() - clock

    report = compare_claims(loaded, claims, models=run_models, settings=settings, progress=say)
    seconds = {
        "ingest": round(ingest_seconds, 4),
        "models": round(models_seconds, 4),
        "claims": round(claims_seconds, 4),
        **report.stats.seconds,
    }
    return replace(report, stats=replace(report.stats, seconds=seconds))


def compare_claims(
    articles: Sequence[Article],
    claims: Mapping[str, Sequence[Claim]],
    *,
    models: Models,
    settings: Settings,
    compared: Callable[[str, str], bool] | None = None,
    progress: Progress | None = None,
) -> Report:
    """The stages after claim extraction: align, judge, corroborate. `compared(a_id, b_id)` limits which
    article pairs are compared (batch leaves out two articles of one outlet)."""
    say = progress or (lambda _stage: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    say("aligning claims across articles")
    claims = {article.id: list(claims.get(article.id, ())) for article in articles}
    embeddings = embed_claims(claims, models.embed)
    pairs = align(claims, embeddings, settings.thresholds, compared=compared)
    timings["align"] = round(time.perf_counter() - clock, 4)
    clock = time.perf_counter()

    say(f"judging {len(pairs)} aligned pairs")
    by_id = {article.id: article for article in articles}
    judgement = judge(pairs, claims, by_id, embeddings, models.nli, settings.thresholds)
    corroborated = corroboration(claims, pairs, judgement, settings.thresholds)
    timings["judge"] = round(time.perf_counter() - clock, 4)

    all_pairs = sum(
        len(claims[x]) * len(claims[y])
        for x, y in combinations(claims, 2)
        if compared is None or compared(x, y)
    )
    stats = Stats(
        articles=len(articles),
        claims=sum(len(c) for c in claims.values()),
        all_pairs=all_pairs,
        aligned_pairs=len(pairs),
        nli_pairs_judged=judgement.nli_pairs_judged,
        seconds=timings,
    )
    return Report(
        articles=list(articles),
        claims=claims,
        findings=judgement.findings,
        corroboration=corroborated,
        stats=stats,
        settings=settings,
    )


def _load(articles: Sequence[Article | str | Path], date_order: str) -> list[Article]:
    paths = [a for a in articles if not isinstance(a, Article)]
    given = [a for a in articles if isinstance(a, Article)]
    loaded = given + (read_articles(paths, date_order=date_order) if paths else [])
    seen: dict[str, Article] = {}
    for article in loaded:
        if article.id in seen:
            raise InputError(
                article.path, f"duplicate article id {article.id!r} (also in {seen[article.id].path})"
            )
        seen[article.id] = article
    if len(loaded) < 2:
        where = loaded[0].path if loaded else None
        raise InputError(where, "only one article: checker compares two or more reports of the same event")
    return loaded
