"""Report stage: the result of a comparison, and its renderings (JSON, Markdown, terminal)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from checker.article import Article
from checker.claims import Claim
from checker.config import Settings
from checker.judge import Finding


@dataclass(frozen=True)
class Stats:
    """How much work the run did, and where the time went."""

    articles: int
    claims: int
    all_pairs: int  # claim pairs across articles: what judging everything would cost
    aligned_pairs: int  # pairs kept by the align stage
    nli_pairs_judged: int  # NLI model calls (both directions, plus context reads)
    seconds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything a comparison found, ready to render."""

    articles: Sequence[Article]
    claims: Mapping[str, Sequence[Claim]]
    findings: Sequence[Finding]
    corroboration: Mapping[str, Sequence[str]]  # claim id -> other article ids reporting the same fact
    stats: Stats
    settings: Settings

    @property
    def contradictions(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "contradiction"]

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)

    def single_source(self) -> list[Claim]:
        """Claims no other outlet reports (neither corroborated nor disputed)."""
        disputed = {c.id for f in self.findings for c in (f.a, f.b)}
        return [
            claim
            for claims in self.claims.values()
            for claim in claims
            if not self.corroboration.get(claim.id) and claim.id not in disputed
        ]


__all__ = ["Report", "Stats"]
