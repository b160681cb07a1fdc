"""Align stage: pair each claim with the claims of the OTHER articles that report the same fact.

Claims are embedded with a sentence-transformers model. For each claim, the top-k claims of each other
article above a similarity floor are candidates; a candidate is kept when the choice is mutual or clearly
above the rest, and when the two claims share an anchor: a name (spelling variants included), a number,
or an event word. Only kept pairs go to the (expensive) NLI model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from checker.claims import NAME_LABELS, Claim
from checker.config import Thresholds
from checker.names import country_code, names_match


@dataclass(frozen=True)
class AlignedPair:
    """Two claims from different articles that appear to report the same fact."""

    a: Claim
    b: Claim
    similarity: float
    anchors: tuple[str, ...]  # what ties them: shared names, numbers, event words


@dataclass(frozen=True)
class Embeddings:
    """Unit-length claim embeddings, by claim id, so a dot product is the cosine similarity."""

    vectors: Mapping[str, np.ndarray]

    def similarity(self, a: Claim, b: Claim) -> float:
        return float(self.vectors[a.id] @ self.vectors[b.id])

    def matrix(self, left: Sequence[Claim], right: Sequence[Claim]) -> np.ndarray:
        if not left or not right:
            return np.zeros((len(left), len(right)), dtype=np.float32)
        return np.stack([self.vectors[c.id] for c in left]) @ np.stack([self.vectors[c.id] for c in right]).T


def embed_claims(claims: Mapping[str, Sequence[Claim]], embed_texts) -> Embeddings:
    """Embed every claim once; `embed_texts(list[str]) -> ndarray` of unit vectors."""
    flat = [claim for article_claims in claims.values() for claim in article_claims]
    vectors = embed_texts([claim.text for claim in flat])
    return Embeddings({claim.id: vectors[i] for i, claim in enumerate(flat)})


def align(
    claims: Mapping[str, Sequence[Claim]],
    embeddings: Embeddings,
    thresholds: Thresholds,
    *,
    compared: Callable[[str, str], bool] | None = None,
) -> list[AlignedPair]:
    """Aligned pairs across every pair of articles that `compared(a_id, b_id)` admits (default: all);
    never a claim with its own article."""
    pairs: list[AlignedPair] = []
    for left_id, right_id in combinations(list(claims), 2):
        if compared is None or compared(left_id, right_id):
            pairs.extend(align_articles(claims[left_id], claims[right_id], embeddings, thresholds))
    return pairs


def align_articles(
    left: Sequence[Claim], right: Sequence[Claim], embeddings: Embeddings, thresholds: Thresholds
) -> list[AlignedPair]:
    if not left or not right:
        return []
    scores = embeddings.matrix(left, right)
    k = min(thresholds.top_k, len(right), len(left))
    top_right = np.argsort(-scores, axis=1)[:, :k]  # for each left claim, its best right claims
    top_left = np.argsort(-scores, axis=0)[:k, :].T  # for each right claim, its best left claims
    kept: dict[tuple[int, int], AlignedPair] = {}
    for i in range(len(left)):
        for rank, j in enumerate(top_right[i]):
            similarity = float(scores[i, j])
            if similarity < thresholds.similarity_floor:
                break
            mutual_best = rank == 0 and top_left[j][0] == i
            clear = _clearly_best(scores[i, :], j, thresholds.margin) or _clearly_best(
                scores[:, j], i, thresholds.margin
            )
            mutual = i in top_left[j]
            anchors = shared_anchors(left[i], right[j])
            strong_names = any(a.startswith("name:") for a in anchors)
            if not (mutual_best or clear or (mutual and strong_names)):
                continue
            if anchors or similarity >= thresholds.strong_similarity:
                kept[(i, int(j))] = AlignedPair(left[i], right[int(j)], similarity, anchors)
    return list(kept.values())


def _clearly_best(row: np.ndarray, index: int, margin: float) -> bool:
    if row.shape[0] < 2:
        return True
    others = np.delete(row, index)
    return bool(row[index] - others.max() >= margin)


def shared_anchors(a: Claim, b: Claim) -> tuple[str, ...]:
    """Names, numbers and event words the two claims share (spelling variants of names count)."""
    anchors: list[str] = []
    b_names = [m for m in b.entities if m.label in NAME_LABELS]
    for mention in a.entities:
        if mention.label not in NAME_LABELS or mention.label == "NORP" or country_code(mention.text):
            continue  # "Syrian", "Russia": too common in coverage of one event to tie two claims
        match = next(
            (m for m in b_names if any(names_match(x, y) for x in mention.names for y in m.names)), None
        )
        if match is not None:
            anchors.append(f"name:{mention.text}~{match.text}")
    b_values = {q.value for q in b.quantities}
    anchors.extend(f"number:{q.text}" for q in a.quantities if q.value in b_values)
    anchors.extend(f"word:{w}" for w in sorted(a.event_words & b.event_words))
    return tuple(dict.fromkeys(anchors))
