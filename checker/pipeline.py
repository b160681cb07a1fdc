"""The pipeline, top to bottom: articles -> claims -> aligned pairs -> verdicts -> report.

`compare` is the library entry point; the CLI and the service are thin layers over it. Each stage is a
module with one job and plain data in and out, so a caller can also run the stages one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

from checker import models
from checker.align import align, embed_claims
from checker.article import Article
from checker.claims import extract_claims
from checker.config import Settings, load_settings
from checker.corroborate import corroboration
from checker.errors import InputError
from checker.ingest import read_articles
from checker.judge import judge
from checker.report import Report, Stats

Progress = Callable[[str], None]


def compare(
    articles: Sequence[Article | str | Path],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Report:
    """Find where the articles contradict each other. Paths are read with the ingest stage."""
    settings = settings or load_settings()
    say = progress or (lambda _stage: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    say("reading articles")
    loaded = _load(articles, settings.date_order)
    lap("ingest")

    say("loading models")
    nlp = models.load_spacy(settings.resolved_spacy())
    embedder = settings.resolved_embedder()
    nli = models.load_nli(settings.resolved_nli())
    models.load_embedder(embedder)
    lap("models")

    say("splitting claims")
    claims = extract_claims(loaded, nlp)
    lap("claims")

    say("aligning claims across articles")
    embeddings = embed_claims(claims, lambda texts: models.embed(embedder, texts))
    pairs = align(claims, embeddings, settings.thresholds)
    lap("align")

    say(f"judging {len(pairs)} aligned pairs")
    by_id = {article.id: article for article in loaded}
    judgement = judge(pairs, claims, by_id, embeddings, nli.predict, settings.thresholds)
    lap("judge")

    corroborated = corroboration(claims, pairs, judgement, settings.thresholds)
    all_pairs = sum(len(claims[x]) * len(claims[y]) for x, y in combinations(claims, 2))
    stats = Stats(
        articles=len(loaded),
        claims=sum(len(c) for c in claims.values()),
        all_pairs=all_pairs,
        aligned_pairs=len(pairs),
        nli_pairs_judged=judgement.nli_pairs_judged,
        seconds=timings,
    )
    return Report(
        articles=loaded,
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
