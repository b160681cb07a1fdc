"""Calibration from editors' verdicts: per kind of finding, the score below which checker stays quiet.

Editors only ever see findings above the current report floor, so verdicts can raise a floor (cut a kind's
false alarms) but never justify lowering it. For each kind, the new floor is the highest score that still
keeps `keep_right` of the findings editors called right, and only when there are enough verdicts of that
kind to say so: precision goes up at (nearly) the recall editors already had.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.verdicts import Verdict

MIN_VERDICTS_PER_KIND = 8  # fewer than this, and one editor's mood would move the floor
MARGIN = 0.005  # the floor sits just below the lowest score it must keep


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
    verdicts: Sequence[Verdict], *, current_floor: float, keep_right: float = 1.0
) -> dict[str, KindFit]:
    """Per-kind report floors that keep `keep_right` of the right findings and drop what wrong ones they can."""
    by_kind: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for verdict in verdicts:
        by_kind[str(verdict.finding["kind"])].append((float(verdict.finding["score"]), verdict.right))
    fits = {}
    for kind, scored in sorted(by_kind.items()):
        right_scores = sorted(s for s, right in scored if right)
        before = _precision(scored, current_floor)
        floor = None
        if len(scored) >= MIN_VERDICTS_PER_KIND and right_scores:
            # The lowest right score we must keep, then the floor just under it.
            must_keep = right_scores[int((1 - keep_right) * len(right_scores))]
            candidate = round(max(current_floor, must_keep - MARGIN), 4)
            if _precision(scored, candidate) > before:
                floor = candidate
        used = floor if floor is not None else current_floor
        fits[kind] = KindFit(
            kind=kind,
            verdicts=len(scored),
            right=len(right_scores),
            floor=floor,
            precision_before=round(before, 4),
            precision_after=round(_precision(scored, used), 4),
            recall_after=round(_recall(scored, used), 4),
        )
    return fits


def floors_of(fits: Mapping[str, KindFit]) -> dict[str, float]:
    """The floors to configure (`[thresholds] report_floor_by_kind`), for the kinds that earned one."""
    return {kind: fit.floor for kind, fit in fits.items() if fit.floor is not None}


def score_verdicts(
    verdicts: Sequence[Verdict], floors: Mapping[str, float], default: float
) -> dict[str, Any]:
    """Precision and recall of the findings that `floors` would still report, judged by the verdicts."""
    scored = [
        (float(v.finding["score"]) >= floors.get(str(v.finding["kind"]), default), v.right) for v in verdicts
    ]
    reported = [right for kept, right in scored if kept]
    right_total = sum(right for _, right in scored)
    return {
        "verdicts": len(scored),
        "reported": len(reported),
        "precision": round(sum(reported) / len(reported), 4) if reported else 0.0,
        "recall": round(sum(reported) / right_total, 4) if right_total else 0.0,
    }


def _precision(scored: Sequence[tuple[float, bool]], floor: float) -> float:
    kept = [right for score, right in scored if score >= floor]
    return sum(kept) / len(kept) if kept else 0.0


def _recall(scored: Sequence[tuple[float, bool]], floor: float) -> float:
    right = [score for score, is_right in scored if is_right]
    return sum(score >= floor for score in right) / len(right) if right else 0.0
