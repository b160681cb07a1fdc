"""Leads: what an article is about, as a vector built from its headline and first sentences' embeddings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from checker import models
from checker.article import Article
from checker.claims import extract_claims
from checker.config import Settings
from checker.ingest import read_articles
from checker.leads import LEAD_CHARACTERS, lead_claims, lead_texts, lead_vectors

from .conftest import FIXTURES


def _leads(articles: list[Article], nlp, settings: Settings) -> np.ndarray:
    claims = extract_claims(articles, nlp)
    texts = lead_texts(articles, claims)
    vectors = models.embedder_for(settings)(list(texts.values()))
    return lead_vectors(articles, claims, dict(zip(texts, vectors, strict=True)))


def _articles(folder: str) -> list[Article]:
    return read_articles(sorted(Path(FIXTURES / folder).glob("*.txt")))


def test_lead_claims_are_the_sentences_that_begin_in_the_lead(nlp) -> None:
    for article in _articles("seeds"):
        claims = extract_claims([article], nlp)[article.id]
        lead = lead_claims(claims)
        assert lead == claims[: len(lead)] and lead
        assert all(c.start < LEAD_CHARACTERS for c in lead[1:])
        assert len(lead) == len(claims) or claims[len(lead)].start >= LEAD_CHARACTERS


def test_reports_of_one_event_lead_alike_and_reports_of_others_do_not(nlp, settings: Settings) -> None:
    """The seeds (three outlets on one Syrian air strike) against the transliteration set (another
    Syrian event) and the toll update (an earthquake): same-event leads are closer than any cross pair."""
    seeds, others = _articles("seeds"), _articles("transliteration") + _articles("toll_update")
    vectors = _leads(seeds + others, nlp, settings)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    count = len(seeds)
    within = similarity[:count, :count][~np.eye(count, dtype=bool)]
    across = similarity[:count, count:]
    assert within.min() > across.max(), (within.min(), across.max())


def test_a_headline_alone_or_nothing_at_all() -> None:
    titled = Article(id="t", source="Wire", text="", title="Dam bursts")
    bare = Article(id="b", source="Post", text="")
    headline = np.array([0.6, 0.8], dtype=np.float32)
    vectors = lead_vectors([titled, bare], {"t": [], "b": []}, {"t#title": headline})
    assert np.allclose(vectors[0], headline) and not vectors[1].any()  # the bare article matches nothing
    assert lead_vectors([], {}, {}).shape[0] == 0
