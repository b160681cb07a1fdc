"""Scoring checker on the fixture sets: each set's expected.json lists what it plants and its traps.

`expect` entries: findings that must be reported, with kind and status. `must_not_flag` entries: pairs of
sentences that report the same fact in other words; they must not be flagged, and they should meet
(align) so that the fact counts as corroborated.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from checker.claims import Claim
from checker.config import Settings
from checker.judge import Finding
from checker.pipeline import compare
from checker.report import Report


def expectations(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def claim_matches(claim: Claim, entry: dict, side: str, report: Report) -> bool:
    """Is `claim` the sentence an expected.json entry names on `side` ("a" or "b")?"""
    file = entry.get(f"{side}_file")
    path = report.article(claim.article_id).path or ""
    return entry[f"{side}_contains"] in claim.text and (file is None or path.endswith(file))


def finding_matches(finding: Finding, entry: dict, report: Report) -> bool:
    a, b = finding.a, finding.b
    straight = claim_matches(a, entry, "a", report) and claim_matches(b, entry, "b", report)
    crossed = claim_matches(a, entry, "b", report) and claim_matches(b, entry, "a", report)
    return straight or crossed


def evaluate_fixture_sets(root: Path, settings: Settings) -> dict[str, Any]:
    """Per kind: planted findings found with the right kind and status (recall), reported findings that
    were planted (precision); traps flagged; same-fact pairs that met."""
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    traps = traps_flagged = should_meet = met = 0
    for folder in sorted(p.parent for p in root.glob("*/expected.json")):
        expected = expectations(folder)
        report = compare(sorted(folder.glob("*.txt")), settings=settings)
        raised = [f for f in report.findings if f.status != "explained"]
        for entry in expected["expect"]:
            if entry["status"] == "explained":
                continue
            planted[entry["kind"]] += 1
            if any(_right(f, entry, report) for f in raised):
                found[entry["kind"]] += 1
        for finding in raised:
            reported[finding.kind] += 1
            if any(_right(finding, e, report) for e in expected["expect"]):
                correct[finding.kind] += 1
        for entry in expected["must_not_flag"]:
            traps += 1
            traps_flagged += any(flags_trap(f, entry, expected["expect"], report) for f in report.findings)
            should_meet += 1
            met += _met(entry, report)
    kinds = sorted(set(planted) | set(reported))
    return {
        "per_kind": {
            kind: {
                "planted": planted[kind],
                "found": found[kind],
                "reported": reported[kind],
                "recall": round(found[kind] / planted[kind], 4) if planted[kind] else None,
                "precision": round(correct[kind] / reported[kind], 4) if reported[kind] else None,
            }
            for kind in kinds
        },
        "recall": round(sum(found.values()) / max(sum(planted.values()), 1), 4),
        "precision": round(sum(correct.values()) / max(sum(reported.values()), 1), 4),
        "traps": traps,
        "traps_flagged": traps_flagged,
        "alignment_recall": round(met / max(should_meet, 1), 4),
    }


def flags_trap(finding: Finding, trap: dict, expected: list[dict], report: Report) -> bool:
    """`finding` calls a same-fact pair a contradiction. A trap on a sentence pair that also carries an
    expected finding forbids only the other kinds."""
    return (
        finding_matches(finding, trap, report)
        and finding.status == "contradiction"
        and not any(finding_matches(finding, e, report) and finding.kind == e["kind"] for e in expected)
    )


def _right(finding: Finding, entry: dict, report: Report) -> bool:
    return (
        finding_matches(finding, entry, report)
        and finding.kind == entry["kind"]
        and finding.status == entry["status"]
    )


def _met(entry: dict, report: Report) -> bool:
    """The two sentences of a same-fact pair were aligned (corroborate each other, or were judged)."""
    for claims in report.claims.values():
        for claim in claims:
            for side, other in (("a", "b"), ("b", "a")):
                if not claim_matches(claim, entry, side, report):
                    continue
                partners = [
                    c
                    for cs in report.claims.values()
                    for c in cs
                    if claim_matches(c, entry, other, report) and c.article_id != claim.article_id
                ]
                if any(p.article_id in report.corroboration.get(claim.id, ()) for p in partners):
                    return True
                if any(finding_matches(f, entry, report) for f in report.findings):
                    return True
    return False


def evaluate_fixture_set(folder: Path, settings: Settings) -> dict[str, Any]:
    """One set's line of the hard-case table: planted findings found (right kind and status), traps
    flagged as contradictions, and findings the set does not plant."""
    expected = expectations(folder)
    report = compare(sorted(folder.glob("*.txt")), settings=settings)
    raised = [f for f in report.findings if f.status != "explained"]
    planted = [e for e in expected["expect"] if e["status"] != "explained"]
    explained = [e for e in expected["expect"] if e["status"] == "explained"]
    found = sum(any(_right(f, e, report) for f in raised) for e in planted)
    # An "explained" entry is met when it is not raised as a contradiction (shown with context, or not).
    kept_explained = sum(not any(finding_matches(f, e, report) for f in raised) for e in explained)
    traps_flagged = sum(
        any(flags_trap(f, t, expected["expect"], report) for f in report.findings)
        for t in expected["must_not_flag"]
    )
    unexpected = [
        f"{f.kind}/{f.status}: {f.a.text[:50]!r} <> {f.b.text[:50]!r}"
        for f in raised
        if not any(finding_matches(f, e, report) for e in expected["expect"])
    ]
    return {
        "planted": len(planted) + len(explained),
        "found": found + kept_explained,
        "traps": len(expected["must_not_flag"]),
        "traps_flagged": traps_flagged,
        "unexpected": len(unexpected),
        "unexpected_findings": unexpected,
    }


def evaluate_hard_cases(root: Path, settings: Settings) -> dict[str, dict[str, Any]]:
    """Every fixture set's line (seeds included), by set name."""
    return {
        folder.name: evaluate_fixture_set(folder, settings)
        for folder in sorted(p.parent for p in root.glob("*/expected.json"))
    }
