"""Choosing the judge's thresholds on the perturbation benchmark's dev split, and drawing its PR curves.

What is tuned: the thresholds that decide findings (`Thresholds.report_floor`, `slot_nli_floor`,
`nli_contradiction`) and the judge's two similarity ties (`judge.TIED_SIMILARITY`,
`judge.PARTICIPANT_MIN_SIMILARITY`). The objective is F1 over all contradicting kinds (micro: every
case and every caused finding counts once), because a user reads every flag (precision) and wants the
conflicts that are there (recall), with neither given up for the other. One guard: the false-flag rate
on untouched coverage may not rise more than `UNTOUCHED_SLACK` findings per event above the starting
settings, since the perturbation precision cannot see flags on real, unedited reports.

`report_floor` is the judge's last filter, so each setting of the others is run once with the floor at
0 and every floor is read from that run. The others are searched coordinate by coordinate (two passes
over a small grid), on dev cases only; the test split is scored once, before and after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker import judge
from checker.config import Settings
from checker.evaluate.crossoutlet import (
    CachedModels,
    CaseRun,
    build_benchmark,
    case_counts,
    examples,
    run_cases,
    score_runs,
    untouched_flags,
)
from checker.evaluate.perturb import CONTRADICTING, PRESERVING, Case

GRID: dict[str, tuple[float, ...]] = {
    "slot_nli_floor": (0.2, 0.35, 0.5),
    "nli_contradiction": (1.01, 0.9, 0.8),
    "tied_similarity": (1.01, 0.5, 0.6, 0.7, 0.8),
    # Above 0.55 loses the seeds' two-meetings finding (tests/test_seeds.py): not a candidate.
    "participant_similarity": (0.45, 0.55),
}
FLOORS = tuple(round(0.30 + 0.025 * i, 3) for i in range(27))  # 0.30 .. 0.95
UNTOUCHED_SLACK = 0.02


@dataclass(frozen=True)
class Setting:
    """One point of the search: the Thresholds values and the judge's ties."""

    report_floor: float
    slot_nli_floor: float
    nli_contradiction: float
    tied_similarity: float
    participant_similarity: float

    @classmethod
    def current(cls, settings: Settings) -> Setting:
        t = settings.thresholds
        return cls(
            t.report_floor,
            t.slot_nli_floor,
            t.nli_contradiction,
            judge.TIED_SIMILARITY,
            judge.PARTICIPANT_MIN_SIMILARITY,
        )

    def applied(self, settings: Settings) -> Settings:
        thresholds = replace(
            settings.thresholds,
            report_floor=self.report_floor,
            slot_nli_floor=self.slot_nli_floor,
            nli_contradiction=self.nli_contradiction,
        )
        return replace(settings, thresholds=thresholds)

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


@contextlib.contextmanager
def judge_ties(setting: Setting) -> Iterator[None]:
    """Run the judge with this setting's similarity ties (module constants of checker.judge)."""
    saved = judge.TIED_SIMILARITY, judge.PARTICIPANT_MIN_SIMILARITY
    judge.TIED_SIMILARITY, judge.PARTICIPANT_MIN_SIMILARITY = (
        setting.tied_similarity,
        setting.participant_similarity,
    )
    try:
        yield
    finally:
        judge.TIED_SIMILARITY, judge.PARTICIPANT_MIN_SIMILARITY = saved


def run_setting(
    cases: Sequence[Case], cached: CachedModels, settings: Settings, setting: Setting
) -> list[CaseRun]:
    with judge_ties(setting):
        return run_cases(cases, cached, setting.applied(settings))


def best_floor(
    runs: Sequence[CaseRun], untouched_limit: float | None, prefer: float = 0.5
) -> tuple[float, dict[str, Any]]:
    """The report floor with the best overall F1 whose untouched flag rate stays within the limit; among
    equal F1, the one nearest `prefer` (slot findings score at least 0.5, so lower floors often tie)."""
    best: tuple[float, dict[str, Any]] | None = None
    for floor in sorted(FLOORS, key=lambda f: abs(f - prefer)):
        scores = score_runs(runs, floor)
        if untouched_limit is not None and scores["untouched"]["flags_per_event"] > untouched_limit:
            continue
        if best is None or scores["overall"]["f1"] > best[1]["overall"]["f1"]:
            best = (floor, scores)
    if best is None:  # no floor meets the guard: the strictest one
        return FLOORS[-1], score_runs(runs, FLOORS[-1])
    return best


def calibrate(
    dev: Sequence[Case],
    cached: CachedModels,
    settings: Settings,
    *,
    start: Setting | None = None,
    progress=None,
) -> dict[str, Any]:
    """Coordinate search on dev cases from `start` (default: the current settings). Returns the start and
    chosen settings with their dev figures."""
    say = progress or (lambda _stage: None)
    start = start or Setting.current(settings)
    start_runs = run_setting(dev, cached, settings, start)
    start_scores = score_runs(start_runs, start.report_floor)
    limit = start_scores["untouched"]["flags_per_event"] + UNTOUCHED_SLACK
    floor, scores = best_floor(start_runs, limit)
    chosen, chosen_scores = replace(start, report_floor=floor), scores
    tried: list[dict[str, Any]] = []
    searched: dict[Setting, tuple[float, dict[str, Any]]] = {}
    for sweep in range(2):
        for name, values in GRID.items():
            for value in values:
                candidate = replace(chosen, **{name: value})
                if candidate == chosen:
                    continue
                key = replace(candidate, report_floor=0.0)  # the floor is read from the run, not searched
                if key not in searched:
                    searched[key] = best_floor(run_setting(dev, cached, settings, candidate), limit)
                floor, scores = searched[key]
                candidate = replace(candidate, report_floor=floor)
                tried.append({"setting": candidate.as_dict(), "f1": scores["overall"]["f1"]})
                if scores["overall"]["f1"] > chosen_scores["overall"]["f1"] + 1e-9:
                    chosen, chosen_scores = candidate, scores
            say(f"pass {sweep + 1}, {name}: F1 {chosen_scores['overall']['f1']:.3f} with {chosen.as_dict()}")
    return {
        "objective": "overall F1 (micro over contradicting kinds) on dev; untouched flags/event "
        f"at most {limit:.3f} (start + {UNTOUCHED_SLACK})",
        "start": start.as_dict(),
        "start_dev": start_scores,
        "chosen": chosen.as_dict(),
        "chosen_dev": chosen_scores,
        "tried": tried,
    }


def pr_points(runs: Sequence[CaseRun]) -> dict[str, list[tuple[float, float, float]]]:
    """(floor, precision, recall) per kind and overall, as the report floor sweeps."""
    curves: dict[str, list[tuple[float, float, float]]] = {}
    for floor in (*FLOORS, 0.0):
        scores = score_runs(runs, floor)
        rows = {"overall": scores["overall"], **scores["per_kind"]}
        for kind, row in rows.items():
            if row["precision"] is not None and row["recall"] is not None:
                curves.setdefault(kind, []).append((floor, row["precision"], row["recall"]))
    return {kind: sorted(points) for kind, points in curves.items()}


def draw_pr_curves(
    before: dict[str, list[tuple[float, float, float]]],
    after: dict[str, list[tuple[float, float, float]]],
    chosen_floor: float,
    path: Path,
    title: str,
    shipped_floor: float | None = None,
) -> None:
    """Two panels: overall precision-recall as the report floor sweeps (start vs calibrated settings),
    and per kind with the calibrated settings; the chosen floor is marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5.2))
    for label, curves, style in (("before calibration", before, "--"), ("after calibration", after, "-")):
        points = curves.get("overall", [])
        left.plot([p[2] for p in points], [p[1] for p in points], style, marker=".", label=label)
    marks = {chosen_floor: ("chosen on dev", (12, 10))}  # right of the point: it sits near the left axis
    if shipped_floor is not None and shipped_floor != chosen_floor:
        marks[shipped_floor] = ("shipped default", (10, -16))
    for floor, precision, recall in after.get("overall", []):
        for marked, (label, offset) in marks.items():
            if abs(floor - marked) < 1e-9:
                left.plot([recall], [precision], "o", markersize=11, fillstyle="none", color="black")
                left.annotate(
                    f"{label}: report_floor {floor:.3f}",
                    (recall, precision),
                    xytext=offset,
                    textcoords="offset points",
                    fontsize=8,
                )
    left.set_title("all kinds (test split), report_floor swept")
    for kind, points in after.items():
        if kind == "overall":
            continue
        right.plot([p[2] for p in points], [p[1] for p in points], marker=".", label=kind)
    right.set_title("per kind, calibrated settings (test split)")
    for axis in (left, right):
        axis.set_xlabel("recall")
        axis.set_ylabel("precision")
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1.02)
        axis.grid(alpha=0.3)
        axis.legend(loc="lower left", fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


# The defaults before this benchmark existed (report_floor 0.5, slot_nli_floor 0.35, NLI-only findings
# off, participant tie 0.55) with the date/polarity/participant similarity tie off: "before calibration".
PRE_CALIBRATION = Setting(
    report_floor=0.5,
    slot_nli_floor=0.35,
    nli_contradiction=1.01,
    tied_similarity=1.01,
    participant_similarity=0.55,
)


def calibrated_benchmark(
    settings: Settings,
    data: Path,
    *,
    events: int | None = None,
    seed: int = 13,
    png: Path | None = None,
    progress=None,
) -> dict[str, Any]:
    """Build the cases, calibrate on dev, score test before and after, draw the PR curves (test split),
    and score the code's current defaults on test too (they equal "after" once the defaults are set)."""
    say = progress or (lambda _stage: None)
    cases, cached = build_benchmark(settings, data, events=events, seed=seed, progress=say)
    dev = [c for c in cases if c.split == "dev"]
    test = [c for c in cases if c.split == "test"]
    say(f"{len(dev)} dev cases, {len(test)} test cases")
    calibration = calibrate(dev, cached, settings, start=PRE_CALIBRATION, progress=say)
    chosen = Setting(**calibration["chosen"])
    current = Setting.current(settings)
    test_before_runs = run_setting(test, cached, settings, PRE_CALIBRATION)
    test_after_runs = run_setting(test, cached, settings, chosen)
    test_current_runs = test_after_runs if current == chosen else run_setting(test, cached, settings, current)
    before_curves, after_curves = pr_points(test_before_runs), pr_points(test_after_runs)
    if png is not None:
        contradicting = sum(c.kind in CONTRADICTING for c in test)
        title = f"Cross-outlet perturbation benchmark, test split ({contradicting} contradicting edits)"
        draw_pr_curves(before_curves, after_curves, chosen.report_floor, png, title, current.report_floor)
    return {
        "seed": seed,
        "counts": case_counts(cases),
        "calibration": {k: v for k, v in calibration.items() if k != "tried"},
        "tried": len(calibration["tried"]),
        "test_before": score_runs(test_before_runs, PRE_CALIBRATION.report_floor),
        "test_after": score_runs(test_after_runs, chosen.report_floor),
        "current_defaults": current.as_dict(),
        "test_current": score_runs(test_current_runs, current.report_floor),
        "pr_curves_test": {"before": before_curves, "after": after_curves},
        "untouched_flags_test": untouched_flags(test_current_runs, current.report_floor),
        "examples": {kind: examples(cases, kind) for kind in (*CONTRADICTING, *PRESERVING)},
    }
