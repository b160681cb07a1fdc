"""The pre-publication check: a draft against the archive of what is already published.

    report = check(["draft.md"], archive=open_archive(None, settings))

The draft's claims are embedded and the archive's faiss index gives the nearest published claims; the
articles they belong to are the published coverage of the draft's story. Then the usual stages run
between the draft and each of those articles (align, judge, corroborate), so findings are exactly
those `compare` would raise between the draft and that report, with the draft as side A. The result is
a `Report`, the type `compare` returns: its articles are the drafts plus the published articles that
matched, and every finding is between a draft claim and a published claim.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from checker.align import AlignedPair, Embeddings, align_articles
from checker.archive import Archive
from checker.article import Article
from checker.batch.stories import GroupingSettings
from checker.claims import Claim, extract_claims
from checker.config import Settings
from checker.corroborate import corroboration
from checker.errors import CheckerError, InputError
from checker.ingest import read_articles
from checker.judge import Finding, judge
from checker.leads import lead_names, lead_texts, lead_vectors
from checker.pipeline import Models
from checker.report import Report, Stats

Progress = Callable[[str], None]
RETRIEVE_PER_CLAIM = 10  # published claims fetched from the index for each draft claim
MAX_ARTICLES_PER_DRAFT = 25  # published articles compared with one draft, best matches first
DRAFT_PREFIX = "draft:"  # given to a draft whose id an archived article already has
GROUPING = GroupingSettings()  # what makes two articles one story: the rule `checker batch` uses


def check(
    drafts: Sequence[Article | str | Path],
    *,
    archive: Archive,
    settings: Settings | None = None,
    since_days: float | None = None,
    progress: Progress | None = None,
    loaded_models: Models | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """Check drafts against the published articles in `archive` (only those published in the last
    `since_days` days, counted back from `now`, when given; undated articles are then left out)."""
    settings = settings or archive.settings
    say = progress or (lambda _stage: None)
    if since_days is not None and not since_days > 0:
        raise CheckerError(f"--since must be a positive number of days, not {since_days}")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    say("reading the draft")
    loaded = _load_drafts(drafts, settings, archive)
    seconds["ingest"] = _lap(clock)

    archive.require_models()
    clock = time.perf_counter()
    say("loading models")
    run_models = loaded_models or Models.load(settings)
    seconds["models"] = _lap(clock)

    clock = time.perf_counter()
    say("splitting claims")
    draft_claims = extract_claims(loaded, run_models.nlp)
    for draft in loaded:
        if not draft_claims[draft.id]:
            raise InputError(draft.path or draft.id, "no sentence to check: the draft is empty")
    seconds["claims"] = _lap(clock)

    clock = time.perf_counter()
    say("searching the archive")
    flat = [c for d in loaded for c in draft_claims[d.id]]
    # Claims and headlines in one embedder call, as the archive embeds them.
    texts = {c.id: c.text for c in flat} | lead_texts(loaded, draft_claims)
    embedded = np.asarray(run_models.embed(list(texts.values())), dtype=np.float32)
    by_key = dict(zip(texts, embedded, strict=True))
    vectors = {c.id: by_key[c.id] for c in flat}
    draft_leads = lead_vectors(loaded, draft_claims, by_key)
    leads = {d.id: (draft_leads[i], lead_names(draft_claims[d.id])) for i, d in enumerate(loaded)}
    since = None
    if since_days is not None:
        since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=since_days)
    matched = _retrieve(loaded, draft_claims, vectors, leads, archive, settings, since)
    published_ids = list(dict.fromkeys(i for ids in matched.values() for i in ids))
    published = archive.articles(published_ids)
    published_claims, published_vectors = archive.claims(published_ids)
    vectors.update(published_vectors)
    embeddings = Embeddings(vectors)
    seconds["retrieve"] = _lap(clock)

    clock = time.perf_counter()
    say("aligning the draft with published claims")
    pairs: list[AlignedPair] = []
    for draft in loaded:
        for article_id in matched[draft.id]:
            pairs.extend(
                align_articles(
                    draft_claims[draft.id], published_claims[article_id], embeddings, settings.thresholds
                )
            )
    aligned_ids = list(dict.fromkeys(p.b.article_id for p in pairs))
    seconds["align"] = _lap(clock)

    clock = time.perf_counter()
    say(f"judging {len(pairs)} aligned pairs")
    articles = [*loaded, *(published[i] for i in aligned_ids)]
    claims: dict[str, list[Claim]] = {
        **{d.id: list(draft_claims[d.id]) for d in loaded},
        **{i: published_claims[i] for i in aligned_ids},
    }
    by_id = {a.id: a for a in articles}
    judgement = judge(pairs, claims, by_id, embeddings, run_models.nli, settings.thresholds)
    findings = [_mark_correction(f, by_id) for f in judgement.findings]
    corroborated = corroboration(claims, pairs, judgement, settings.thresholds)
    seconds["judge"] = _lap(clock)

    stats = Stats(
        articles=len(articles),
        claims=sum(len(c) for c in claims.values()),
        all_pairs=sum(
            len(draft_claims[d.id]) * len(published_claims[i]) for d in loaded for i in matched[d.id]
        ),
        aligned_pairs=len(pairs),
        nli_pairs_judged=judgement.nli_pairs_judged,
        seconds=seconds,
    )
    return Report(
        articles=articles,
        claims=claims,
        findings=findings,
        corroboration=corroborated,
        stats=stats,
        settings=settings,
    )


def _load_drafts(
    drafts: Sequence[Article | str | Path], settings: Settings, archive: Archive
) -> list[Article]:
    if not drafts:
        raise CheckerError("no draft given: name the draft file(s) to check")
    paths = [d for d in drafts if not isinstance(d, Article)]
    loaded = [d for d in drafts if isinstance(d, Article)]
    if paths:
        loaded += read_articles(paths, date_order=settings.date_order)
    seen: dict[str, Article] = {}
    result = []
    for draft in loaded:
        if not draft.text.strip():
            raise InputError(draft.path or draft.id, "the draft is empty")
        if draft.id in seen:
            raise InputError(draft.path, f"duplicate draft id {draft.id!r} (also in {seen[draft.id].path})")
        seen[draft.id] = draft
        if draft.id in archive:  # a revised version of a published article: compare with the old one
            draft = replace(draft, id=f"{DRAFT_PREFIX}{draft.id}")
        result.append(draft)
    return result


def _retrieve(
    drafts: Sequence[Article],
    claims: dict[str, list[Claim]],
    vectors: dict[str, np.ndarray],
    leads: dict[str, tuple[np.ndarray, frozenset[str]]],
    archive: Archive,
    settings: Settings,
    since: dt.datetime | None,
) -> dict[str, list[str]]:
    """For each draft, the published articles of its story holding claims near its claims, best first."""
    floor = settings.thresholds.similarity_floor
    matched: dict[str, list[str]] = {}
    for draft in drafts:
        queries = np.stack([vectors[c.id] for c in claims[draft.id]])
        best: dict[str, float] = {}
        for hits in archive.search(queries, RETRIEVE_PER_CLAIM, since=since):
            for hit in hits:
                if hit.similarity >= floor and hit.article_id != draft.id:
                    best[hit.article_id] = max(best.get(hit.article_id, -1.0), hit.similarity)
        published = archive.leads(list(best))
        ranked = sorted(best, key=lambda i: -best[i])
        matched[draft.id] = [i for i in ranked if same_story(leads[draft.id], published[i])][
            :MAX_ARTICLES_PER_DRAFT
        ]
    return matched


def same_story(
    draft: tuple[np.ndarray, frozenset[str]],
    published: tuple[np.ndarray, frozenset[str]],
    grouping: GroupingSettings = GROUPING,
) -> bool:
    """Do the two articles cover one event? The rule `checker batch` groups stories by: their headlines
    and leads read alike and share a name, or they are near-duplicates. Claims of other events look alike
    too ("12 people were killed"), so only the draft's own story is compared."""
    similarity = float(draft[0] @ published[0])
    if similarity >= grouping.same_text:
        return True
    return similarity >= grouping.link and bool(draft[1] & published[1])


def _mark_correction(finding: Finding, articles: dict[str, Article]) -> Finding:
    """A draft that contradicts its own outlet's published report is a correction candidate."""
    draft, published = articles[finding.a.article_id], articles[finding.b.article_id]
    if _outlet(draft.source) != _outlet(published.source) or finding.status not in (
        "contradiction",
        "sources-disagree",
    ):
        return finding
    when = published.published_date.isoformat() if published.published_date else "undated"
    note = (
        f"correction candidate: the draft contradicts {published.source}'s own published report "
        f"({when}); if the draft is right, the published report needs a correction"
    )
    return replace(finding, note=f"{finding.note}; {note}" if finding.note else note)


def _outlet(source: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", source.casefold())


def _lap(since: float) -> float:
    return round(time.perf_counter() - since, 4)


__all__ = ["check"]
