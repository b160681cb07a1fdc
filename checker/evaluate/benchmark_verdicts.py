"""Editors' verdicts made from the cross-outlet perturbation benchmark, and the held-out check of what
calibrating the report floors on them buys.

The benchmark knows what each case planted, so it can play the editor on every finding a run shows at the
current report floor (editors never see findings under it):
* right: a finding the edit caused on a contradicting case that pairs the edited sentence with a sentence
  of B stating the fact, and names the planted kind (`crossoutlet._typed`);
* wrong: a finding on untouched coverage, or one a meaning-preserving edit caused;
* no verdict: the other findings on contradicting cases (another kind, or another pair of sentences).
  The two sentences may well conflict there while the finding's explanation does not, and an editor's
  answer would depend on which of the two they judge: such findings are left out rather than guessed.

A finding the untouched pair already had (in either outlet order, the edited sentence by its original
text: `crossoutlet.score_runs`'s rule) is judged once, on the untouched run, not again on every edit of
that pair. Verdicts are split by event (the benchmark's own dev/test split): floors are fitted on the
dev events' verdicts and scored on the test events', before and after, and against the plain
alternative at equal recall: one floor for every kind (`one_floor_at_recall`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from checker.calibration import fit_floors, fitted_thresholds, score_verdicts
from checker.config import Thresholds
from checker.evaluate.crossoutlet import (
    CaseRun,
    Flag,
    _overlaps,
    _pair_of,
    _reported,
    _typed,
    _untouched_key,
)
from checker.evaluate.perturb import PRESERVING, Case
from checker.verdicts import Ledger, Verdict

EDITOR = "perturbation-benchmark"  # who "said" these verdicts (the Verdict's editor field)


def verdicts_from_runs(runs: Sequence[CaseRun], floor: float) -> list[Verdict]:
    """The verdicts the planted edits imply on every finding shown at `floor` (see the module docstring)."""
    untouched = _untouched_keys(runs, floor)
    verdicts: list[Verdict] = []
    for run in runs:
        case = run.case
        shown = _shown(run.flags, floor)
        if case.kind == "untouched":
            verdicts += [_verdict(case, flag, right=False) for flag in shown]
            continue
        before = untouched.get(_pair_of(case), set())
        caused = [flag for flag in shown if _untouched_key(flag, case) not in before]
        if case.kind in PRESERVING:
            verdicts += [_verdict(case, flag, right=False) for flag in caused]
        else:
            verdicts += [_verdict(case, flag, right=True) for flag in caused if _planted(case, flag)]
    return verdicts


def record_verdicts(ledger: Ledger, verdicts: Iterable[Verdict]) -> int:
    """Write these verdicts into a ledger, as `checker verdict` would, so that `checker calibrate` and
    `checker train-nli --verdicts` read them like editors' own. Returns how many."""
    count = 0
    for verdict in verdicts:
        said = "right" if verdict.right else "wrong"
        ledger.record(
            verdict.finding_id, said, finding=verdict.finding, editor=verdict.editor, note=verdict.note
        )
        count += 1
    return count


def split_by_event(verdicts: Iterable[Verdict]) -> tuple[list[Verdict], list[Verdict]]:
    """(fit, held_out): the verdicts on the benchmark's dev events and on its test events."""
    fit, held_out = [], []
    for verdict in verdicts:
        (fit if verdict.finding["split"] == "dev" else held_out).append(verdict)
    return fit, held_out


def held_out_calibration(
    runs: Sequence[CaseRun], *, current: Thresholds, keep_right: float = 1.0
) -> dict[str, Any]:
    """Fit per-kind floors on the dev events' verdicts, then score the test events' verdicts with the
    `current` thresholds (before) and with the fitted floors (after)."""
    fit, held_out = split_by_event(verdicts_from_runs(runs, current.report_floor))
    fits = fit_floors(fit, current=current, keep_right=keep_right)
    fitted = fitted_thresholds(fits, current)
    after = score_verdicts(held_out, fitted)
    return {
        "floor": current.report_floor,
        "keep_right": keep_right,
        "verdicts": {"fit": verdict_counts(fit), "held_out": verdict_counts(held_out)},
        "floors": dict(fitted.report_floor_by_kind),
        "fits": {kind: vars(kind_fit) for kind, kind_fit in fits.items()},
        "held_out_before": score_verdicts(held_out, current),
        "held_out_after": after,
        "held_out_one_floor": one_floor_at_recall(held_out, current, after["recall"]),
    }


def one_floor_at_recall(verdicts: Sequence[Verdict], current: Thresholds, recall: float) -> dict[str, Any]:
    """What the plain alternative to per-kind floors gives at equal recall: the highest single report floor
    (for every kind) that keeps at least `recall` of the right findings, and its precision."""
    best = {"floor": current.report_floor, **score_verdicts(verdicts, current)}
    for score in sorted({float(v.finding["score"]) for v in verdicts}):
        raised = replace(current, report_floor=max(current.report_floor, score), report_floor_by_kind=())
        scored = score_verdicts(verdicts, raised)
        if scored["recall"] >= recall:
            best = {"floor": raised.report_floor, **scored}
    return best


def verdict_counts(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """How many verdicts, right and wrong, per kind of finding."""
    by_kind: dict[str, Counter[str]] = {}
    for verdict in verdicts:
        said = "right" if verdict.right else "wrong"
        by_kind.setdefault(str(verdict.finding["kind"]), Counter())[said] += 1
    return {
        "right": sum(v.right for v in verdicts),
        "wrong": sum(not v.right for v in verdicts),
        "by_kind": {kind: dict(counts) for kind, counts in sorted(by_kind.items())},
    }


def _untouched_keys(
    runs: Sequence[CaseRun], floor: float
) -> dict[tuple[str, str, str], set[tuple[str, str, str]]]:
    """The untouched pairs' findings in both outlet orders, as `crossoutlet.score_runs` recognises them
    on an edited run (with `_untouched_key`)."""
    keys = {}
    for run in runs:
        if run.case.kind == "untouched":
            shown = _shown(run.flags, floor)
            keys[_pair_of(run.case)] = {f.key for f in shown} | {(f.kind, f.b_text, f.a_text) for f in shown}
    return keys


def _shown(flags: Iterable[Flag], floor: float) -> list[Flag]:
    """The findings an editor would see at this floor, one per (kind, sentence, sentence)."""
    return list({flag.key: flag for flag in flags if _reported(flag, floor)}.values())


def _planted(case: Case, flag: Flag) -> bool:
    """Does the finding name the planted contradiction: the edited sentence, a sentence of B stating the
    fact, and the planted kind?"""
    on_fact = _overlaps(flag.a_span, case.edit) and any(_overlaps(flag.b_span, s) for s in case.b_spans)
    return on_fact and _typed(flag, case.kind)


def _verdict(case: Case, flag: Flag, *, right: bool) -> Verdict:
    """A verdict holding the finding as a report would (kind, status, score, both sentences), plus the
    event it came from and that event's split."""
    key = "|".join((case.id, *flag.key))
    finding = {
        "id": "b-" + hashlib.sha1(key.encode()).hexdigest()[:12],
        "kind": flag.kind,
        "status": flag.status,
        "score": flag.score,
        "similarity": flag.similarity,
        "a": {"article_id": case.a.id, "source": case.a.source, "text": flag.a_text},
        "b": {"article_id": case.b.id, "source": case.b.source, "text": flag.b_text},
        "differs": [{"kind": kind} for kind in flag.differs],
        "event": case.event_id,
        "split": case.split,  # dev or test, by event (perturb.split_of)
        "case": case.id,
    }
    return Verdict(finding, right, EDITOR, case.kind, "")
