"""SARIF 2.1.0: findings as code-scanning results, so review tools and CI annotate the draft's lines.

One result per finding: `ruleId` is the finding's kind (number, place, ...), `level` follows its status
(contradiction: error; sources disagree: warning; update, explained: note). The result's location is
the draft sentence (file, line and column range in the original file); the published sentence is a
related location, and the published article (outlet, date, id, url) is in the result's properties.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import checker
from checker.article import Article
from checker.claims import Claim
from checker.judge import Finding
from checker.report import Report
from checker.slots import KINDS

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"contradiction": "error", "sources-disagree": "warning", "update": "note", "explained": "note"}
RULE_TEXT = {
    "participant": "Who took part differs from the published report",
    "place": "The place differs from the published report",
    "number": "A figure differs from the published report",
    "date": "The date or day differs from the published report",
    "polarity": "Confirmed in one report, denied in the other",
    "role": "A person's title or role differs from the published report",
    "attribution": "Sources quoted in the draft and the published report disagree",
    "other": "The draft contradicts the published report",
}


def to_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a dict ready for json.dumps)."""
    kinds = list(KINDS)
    rules = [
        {
            "id": kind,
            "name": kind.title().replace("-", ""),
            "shortDescription": {"text": RULE_TEXT[kind]},
            "defaultConfiguration": {"level": "error"},
        }
        for kind in kinds
    ]
    index = {kind: i for i, kind in enumerate(kinds)}
    artifacts: dict[str, int] = {}
    results = [_result(f, report, index, artifacts) for f in report.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checker",
                        "version": checker.__version__,
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": {"uri": uri}} for uri in artifacts],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def to_sarif_json(report: Report) -> str:
    return json.dumps(to_sarif(report), indent=2, ensure_ascii=False) + "\n"


def _result(
    finding: Finding, report: Report, rule_index: dict[str, int], artifacts: dict[str, int]
) -> dict[str, Any]:
    draft = report.article(finding.a.article_id)
    published = report.article(finding.b.article_id)
    when = _date(published.published) or "undated"
    differs = "; ".join(f"{d.kind}: {d.a} ≠ {d.b}" for d in finding.differs)
    message = (
        f"{_label(finding.status)} ({finding.kind}, score {finding.score:.2f}): the draft says "
        f'"{finding.a.text}" but {published.source} ({when}) published "{finding.b.text}"'
        + (f" [{differs}]" if differs else "")
        + (f". {finding.note}" if finding.note else "")
    )
    draft_uri = _uri(draft)
    artifacts.setdefault(draft_uri, len(artifacts))
    location = _location(finding.a, draft, draft_uri)
    location["physicalLocation"]["artifactLocation"]["index"] = artifacts[draft_uri]
    related = _location(finding.b, published, _uri(published))
    related["id"] = 1
    related["message"] = {"text": f"{published.source} ({when}): {finding.b.text}"}
    context = []
    for number, claim in enumerate(finding.context, 2):
        article = report.article(claim.article_id)
        entry = _location(claim, article, _uri(article))
        entry["id"] = number
        entry["message"] = {"text": f"context, {article.source}: {claim.text}"}
        context.append(entry)
    return {
        "ruleId": finding.kind,
        "ruleIndex": rule_index[finding.kind],
        "kind": "fail",
        "level": LEVELS[finding.status],
        "message": {"text": message},
        "locations": [location],
        "relatedLocations": [related, *context],
        "partialFingerprints": {"checkerFinding/v1": finding.id},
        "properties": {
            "status": finding.status,
            "score": finding.score,
            "similarity": finding.similarity,
            "differs": [{"kind": d.kind, "draft": d.a, "published": d.b} for d in finding.differs],
            "note": finding.note,
            "draft": {"article_id": draft.id, "claim_id": finding.a.id, "text": finding.a.text},
            "published": {
                "article_id": published.id,
                "source": published.source,
                "published": _date(published.published),
                "title": published.title,
                "url": published.url,
                "path": published.path,
                "claim_id": finding.b.id,
                "text": finding.b.text,
            },
        },
    }


def _location(claim: Claim, article: Article, uri: str) -> dict[str, Any]:
    start, end = article.raw_span(claim.start, claim.end)
    start_line, start_column = article.line_col(start)
    end_line, end_column = article.line_col(end)  # one past the last character: SARIF's exclusive end
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
                "charOffset": start,
                "charLength": end - start,
                "snippet": {"text": claim.text},
            },
        }
    }


def _uri(article: Article) -> str:
    """A URI reference for the article's file: relative paths stay relative (as CI expects)."""
    if article.path:
        path = Path(article.path)
        return path.as_uri() if path.is_absolute() else quote(path.as_posix())
    if article.url:
        return article.url
    return quote(f"{article.id}")


def _label(status: str) -> str:
    return {"sources-disagree": "Sources disagree", "explained": "Explained by context"}.get(
        status, status.capitalize()
    )


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
