"""What an article is about, for matching it with other coverage of the same event: its lead.

The lead is the headline and the sentences that begin in the first `LEAD_CHARACTERS` of the body. It is
represented twice:
- as a vector: the headline's embedding plus the mean of the lead sentences' embeddings, made unit length.
  The sentences are claims, whose embeddings every stage needs anyway, so a lead costs one short
  headline to embed, not a second pass over its first paragraph. (On the labelled corpora this groups
  stories as well as embedding the lead as one text: bench-batch.)
- as names: the people, organisations and places its lead claims mention.

Story grouping (batch), the archive and the pre-publication check all use these, so an archived
article's lead and a draft's lead are comparable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from checker.article import Article
from checker.claims import Claim

LEAD_CHARACTERS = 400  # the headline and first sentences say what the story is; the rest adds noise
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART"})
# Names so common in news that sharing them says nothing about sharing a story.
UNINFORMATIVE_NAMES = frozenset(
    {
        "u.s.",
        "us",
        "america",
        "american",
        "americans",
        "the united states",
        "reuters",
        "ap",
        "cnn",
        "fox news",
        "twitter",
        "facebook",
        "monday",
        "tuesday",
    }
)


def lead_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that begin in the lead; at least the first one, however long it is."""
    return [c for i, c in enumerate(claims) if i == 0 or c.start < LEAD_CHARACTERS]


def title_key(article: Article) -> str:
    """The key of an article's headline among claim ids (`<article id>#<index>`): they never clash."""
    return f"{article.id}#title"


def lead_texts(articles: Sequence[Article], claims: Mapping[str, Sequence[Claim]]) -> dict[str, str]:
    """The texts the articles' lead vectors are made of, by key: headlines (`title_key`) and lead claims
    (their ids). Embed them (or those not embedded yet) and give the vectors to `lead_vectors`."""
    texts = {title_key(a): a.title for a in articles if a.title}
    texts.update((c.id, c.text) for a in articles for c in lead_claims(claims[a.id]))
    return texts


def lead_vector(title: np.ndarray | None, sentences: Sequence[np.ndarray]) -> np.ndarray | None:
    """Unit vector of the headline's embedding (when there is a headline) plus the mean of the lead
    sentences' embeddings: the headline weighs as much as the whole lead, as it does for a reader.
    None when there is neither."""
    parts = ([title] if title is not None else []) + ([np.mean(sentences, axis=0)] if sentences else [])
    if not parts:
        return None
    total = np.sum(parts, axis=0)
    norm = float(np.linalg.norm(total))
    return (total / norm if norm else total).astype(np.float32)


def lead_vectors(
    articles: Sequence[Article], claims: Mapping[str, Sequence[Claim]], vectors: Mapping[str, np.ndarray]
) -> np.ndarray:
    """`lead_vector` of each article, one row each, from the embeddings of its `lead_texts`. An article
    with neither headline nor claims gets a zero row, which matches nothing."""
    rows = [
        lead_vector(vectors.get(title_key(a)), [vectors[c.id] for c in lead_claims(claims[a.id])])
        for a in articles
    ]
    dimension = next((row.shape[0] for row in rows if row is not None), 0)
    if not rows:
        return np.zeros((0, dimension), np.float32)
    return np.stack([row if row is not None else np.zeros(dimension, np.float32) for row in rows]).reshape(
        len(rows), dimension
    )


def lead_names(claims: Sequence[Claim]) -> frozenset[str]:
    """Lower-cased names mentioned in the article's lead claims."""
    names: set[str] = set()
    for claim in claims:
        if claim.start >= LEAD_CHARACTERS * 2:
            break
        for mention in claim.entities:
            if mention.label in NAME_LABELS and len(mention.text) > 1:
                names.add(mention.text.lower())
                if mention.label == "PERSON" and " " in mention.text:
                    names.add(mention.text.rsplit(" ", 1)[1].lower())  # "Powell" for "Colin Powell"
    return frozenset(names - UNINFORMATIVE_NAMES)
