"""Calibration from editors' verdicts: per kind of finding, the score below which checker stays quiet.

Editors only ever see findings above the current report floor, so verdicts can raise a floor (cut a kind's
false alarms) but never justify lowering it. For each kind, the new floor is the highest score that still
keeps `keep_right` of the findings editors called right, kept only when the findings it cuts are wrong
beyond chance (`ALPHA`, below): precision goes up at (nearly) the recall editors already had. What this
catches is a kind that cries wolf in a score band of its own: number findings the NLI model does not back
score 0.701-0.702 and were mostly wrong on the perturbation benchmark, while the number findings it backs
a little score higher. The fitted floors are what the judge reads (`[thresholds] report_floor_by_kind`,
`Thresholds.floor_for`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from checker.config import Thresholds
from checker.verdicts import Verdict

# A floor moves only when the findings it would cut are too often wrong to be chance: were they as often
# right as all the findings the editors judged, so few right ones among them would turn up less often than
# this. Where editors call 86% of findings right, three wrong ones under a kind's right ones move its floor
# (0.14^3 = 0.3%), two do not (2%). A bare count of verdicts per kind (8, before) kept the benchmark's
# number floor still: 5 dev verdicts, the 3 lowest wrong.
ALPHA = 0.01
# How far below the lowest score it must keep the floor sits: as far as the ONNX and PyTorch backends'
# scores may differ (tests/test_onnx_backend.py). No further: findings of one kind score within
# thousandths of the kind's slot weight when the NLI model sees no conflict (1 - (1 - weight)(1 - p), p
# near 0); at 0.005 the floor fell under that whole cluster and the benchmark's verdicts never moved it.
MARGIN = 0.001


@dataclass(frozen=True)
class KindFit:
    """What the verdicts of one kind said, and the floor chosen from them."""

    kind: str
    verdicts: int
    right: int
    floor: float | None  # None: too few verdicts, or nothing to gain; the current floor stays
    precision_before: float
    precision_after: float
    recall_after: float


def fit_floors(
    verdicts: Sequence[Verdict], *, current: Thresholds, keep_right: float = 1.0
) -> dict[str, KindFit]:
    """Per-kind floors that keep `keep_right` of the right findings and drop what wrong ones they can."""
    by_kind: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for verdict in verdicts:
        by_kind[str(verdict.finding["kind"])].append((float(verdict.finding["score"]), verdict.right))
    shown = [v for v in verdicts if float(v.finding["score"]) >= current.floor_for(str(v.finding["kind"]))]
    expected = sum(v.right for v in shown) / len(shown) if shown else 0.0  # how often editors say right
    return {
        kind: _fit_kind(kind, scored, current, keep_right, expected)
        for kind, scored in sorted(by_kind.items())
    }


def _fit_kind(
    kind: str, scored: list[tuple[float, bool]], current: Thresholds, keep_right: float, expected: float
) -> KindFit:
    current_floor = current.floor_for(kind)
    shown = [(score, right) for score, right in scored if score >= current_floor]  # what editors saw
    right_scores = sorted(score for score, right in shown if right)
    before = _precision(shown, current_floor)
    floor = None
    if right_scores:
        must_keep = right_scores[min(int((1 - keep_right) * len(right_scores)), len(right_scores) - 1)]
        below = [score for score, _ in shown if score < must_keep]
        # MARGIN under the lowest score it keeps, or, where the next finding down is closer than twice
        # that, halfway to it: findings a thousandth apart are still parted.
        gap = (max(below) + must_keep) / 2 if below else must_keep
        candidate = round(max(current_floor, must_keep - MARGIN, gap), 4)
        cut = [right for score, right in shown if score < candidate]
        if (
            candidate > current_floor
            and _precision(shown, candidate) > before
            and _beyond_chance(cut, expected)
        ):
            floor = candidate
    used = floor if floor is not None else current_floor
    return KindFit(
        kind=kind,
        verdicts=len(shown),
        right=len(right_scores),
        floor=floor,
        precision_before=round(before, 4),
        precision_after=round(_precision(shown, used), 4),
        recall_after=round(_recall(shown, used), 4),
    )


def fitted_thresholds(fits: dict[str, KindFit], current: Thresholds) -> Thresholds:
    """`current` with the per-kind floors the verdicts earned (the other kinds' as they were)."""
    table = dict(current.report_floor_by_kind) | {
        kind: fit.floor for kind, fit in fits.items() if fit.floor is not None
    }
    return replace(current, report_floor_by_kind=tuple(sorted(table.items())))


def config_line(fits: dict[str, KindFit], current: Thresholds) -> str | None:
    """The `[thresholds]` line that configures the fitted floors (None when none moved)."""
    fitted = fitted_thresholds(fits, current)
    if fitted.report_floor_by_kind == current.report_floor_by_kind:
        return None
    table = ", ".join(f"{kind} = {floor}" for kind, floor in fitted.report_floor_by_kind)
    return f"report_floor_by_kind = {{ {table} }}"


def score_verdicts(verdicts: Sequence[Verdict], thresholds: Thresholds) -> dict[str, Any]:
    """Precision and recall of the findings `thresholds` would still report, judged by the verdicts.
    Recall is over the right findings among the verdicts (those editors saw)."""
    kept = [
        (float(v.finding["score"]) >= thresholds.floor_for(str(v.finding["kind"])), v.right) for v in verdicts
    ]
    reported = [right for shown, right in kept if shown]
    right_total = sum(right for _, right in kept)
    return {
        "verdicts": len(kept),
        "reported": len(reported),
        "precision": round(sum(reported) / len(reported), 4) if reported else 0.0,
        "recall": round(sum(reported) / right_total, 4) if right_total else 0.0,
    }


def _beyond_chance(cut: Sequence[bool], expected: float) -> bool:
    """Would findings right as often as `expected` show so few right ones among `cut` less than ALPHA of
    the time? (The binomial tail P(X <= right | n = len(cut), p = expected).)"""
    n, right = len(cut), sum(cut)
    tail = sum(math.comb(n, k) * expected**k * (1 - expected) ** (n - k) for k in range(right + 1))
    return n > 0 and tail < ALPHA


def _precision(scored: Sequence[tuple[float, bool]], floor: float) -> float:
    kept = [right for score, right in scored if score >= floor]
    return sum(kept) / len(kept) if kept else 0.0


def _recall(scored: Sequence[tuple[float, bool]], floor: float) -> float:
    right = [score for score, is_right in scored if is_right]
    return sum(score >= floor for score in right) / len(right) if right else 0.0
