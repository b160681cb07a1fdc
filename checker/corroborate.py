"""Which outlets corroborate each claim, and which claims only one outlet reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.align import AlignedPair
from checker.claims import Claim
from checker.config import Thresholds
from checker.judge import Judgement, nli_contradicts

SUPPORTING_ENTAILMENT = 0.5


def corroboration(
    claims: Mapping[str, Sequence[Claim]],
    pairs: Sequence[AlignedPair],
    judgement: Judgement,
    thresholds: Thresholds,
) -> dict[str, list[str]]:
    """For every claim id, the ids of the other articles that report the same fact without contradiction."""
    disputed = {(f.a.id, f.b.id) for f in judgement.findings if f.status != "explained"}
    found: dict[str, set[str]] = {c.id: set() for article_claims in claims.values() for c in article_claims}
    for pair in pairs:
        if (pair.a.id, pair.b.id) in disputed:
            continue
        nli = judgement.pair_nli.get((pair.a.id, pair.b.id))
        entailed = nli is not None and max(nli["a_to_b"]["entailment"], nli["b_to_a"]["entailment"]) >= (
            SUPPORTING_ENTAILMENT
        )
        contradicted = nli is not None and nli_contradicts(nli, thresholds)
        if (entailed or pair.similarity >= thresholds.corroboration_similarity) and not contradicted:
            found[pair.a.id].add(pair.b.article_id)
            found[pair.b.id].add(pair.a.article_id)
    return {claim_id: sorted(articles) for claim_id, articles in found.items()}
