"""The JSON report: a documented, versioned schema (checker/schema/report.schema.json)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from checker.article import Article
from checker.claims import Claim
from checker.judge import STATUSES, Finding
from checker.report import Report
from checker.slots import KINDS

SCHEMA_VERSION = "1.0"


def claim_ref(claim: Claim, article: Article) -> dict[str, Any]:
    """Where a claim is: its outlet, its text, and its offsets, line and column in the original file."""
    start, end = article.raw_span(claim.start, claim.end)
    line, column = article.line_col(start)
    return {
        "claim_id": claim.id,
        "article_id": article.id,
        "source": article.source,
        "published": _date(article.published),
        "text": claim.text,
        "start": start,
        "end": end,
        "line": line,
        "column": column,
        "speaker": claim.speaker,
    }


def finding_dict(finding: Finding, report: Report) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "status": finding.status,
        "score": finding.score,
        "a": claim_ref(finding.a, report.article(finding.a.article_id)),
        "b": claim_ref(finding.b, report.article(finding.b.article_id)),
        "differs": [{"kind": d.kind, "a": d.a, "b": d.b} for d in finding.differs],
        "nli": {direction: {k: round(v, 4) for k, v in p.items()} for direction, p in finding.nli.items()},
        "similarity": finding.similarity,
        "context": [claim_ref(c, report.article(c.article_id)) for c in finding.context],
        "note": finding.note,
    }


def to_dict(report: Report) -> dict[str, Any]:
    settings = report.settings
    by_status = {s: sum(f.status == s for f in report.findings) for s in STATUSES}
    by_kind = {k: sum(f.kind == k for f in report.findings) for k in KINDS}
    return {
        "schema_version": SCHEMA_VERSION,
        "models": {
            "nli": str(settings.resolved_nli()),
            "embedder": settings.resolved_embedder(),
            "spacy": settings.resolved_spacy(),
            "backend": settings.backend,
            "precision": settings.resolved_precision(),
        },
        "articles": [
            {
                "id": a.id,
                "source": a.source,
                "title": a.title,
                "published": _date(a.published),
                "url": a.url,
                "path": a.path,
                "claims": len(report.claims.get(a.id, ())),
            }
            for a in report.articles
        ],
        "summary": {
            "findings": len(report.findings),
            "contradictions": by_status["contradiction"],
            "by_status": by_status,
            "by_kind": {k: n for k, n in by_kind.items() if n},
        },
        "findings": [finding_dict(f, report) for f in report.findings],
        "claims": [
            {
                "claim_id": c.id,
                "article_id": c.article_id,
                "text": c.text,
                "corroborated_by": list(report.corroboration.get(c.id, ())),
            }
            for claims in report.claims.values()
            for c in claims
        ],
        "single_source": [c.id for c in report.single_source()],
        "stats": {
            "articles": report.stats.articles,
            "claims": report.stats.claims,
            "all_pairs": report.stats.all_pairs,
            "aligned_pairs": report.stats.aligned_pairs,
            "nli_pairs_judged": report.stats.nli_pairs_judged,
            "seconds": dict(report.stats.seconds),
        },
    }


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


@cache
def schema() -> dict[str, Any]:
    text = resources.files("checker.schema").joinpath("report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `document` does not follow the report schema."""
    import jsonschema

    jsonschema.validate(document, schema())


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
