"""Scoring an NLI model on every evaluation set, and comparing a candidate with the current model (v0).

Sets: SICK test, the SNLI test prefix, ConTRoL test (premise truncated, and windowed), FNC-1 "disagree"
detection, the synthetic news test sets (ours, from held-out articles, and v0's from its held-out BBC articles),
and optionally the fixture sets (the whole checker pipeline with this model).

FNC-1: a headline is paired with a body; the body is read in windows (as `checker eval` reads ConTRoL) and the
pair counts as flagged when its most contradicting window wins (label_of the windowed probabilities). The
scored sample has the same number of pairs per stance, so recall per stance is exact; precision is given on
that balanced sample and, reweighted by each stance's flag rate, at FNC-1's own prevalence (2.7% disagree).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker import models
from checker.config import Settings, load_settings
from checker.evaluate import datasets
from checker.evaluate.crossoutlet import evaluate_crossoutlet
from checker.evaluate.fixtures import evaluate_fixture_sets
from checker.evaluate.metrics import (
    Predict,
    evaluate_pairs,
    evaluate_windowed,
    label_of,
    nli_scores,
    windowed_probabilities,
)
from checker.training.data import Pair

STANCES = ("agree", "disagree", "discuss", "unrelated")
# A better recipe must beat the baseline on these (news) ...
NEWS_FIGURES = ("synthetic_news_test", "synthetic_bbc_v0_test", "fnc1_disagree_f1", "crossoutlet_test_f1")
# ... without losing more than a point on these.
OTHER_FIGURES = ("sick_test", "snli_test", "control_windowed")
TOLERANCE = 0.01


def fnc1_pairs(root: Path, per_stance: int | None, seed: int = 13) -> list[tuple[str, str, str]]:
    """(body, headline, stance), `per_stance` of each stance (seeded), in a stable order."""
    folder = root / "fnc1_stance"
    with (folder / "competition_test_bodies.csv").open(encoding="utf-8", newline="") as stream:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(stream)}
    with (folder / "competition_test_stances.csv").open(encoding="utf-8", newline="") as stream:
        rows = [(bodies[r["Body ID"]], r["Headline"], r["Stance"]) for r in csv.DictReader(stream)]
    chosen: list[tuple[str, str, str]] = []
    for stance in STANCES:
        members = [r for r in rows if r[2] == stance]
        chosen.extend(datasets.sample(members, per_stance, seed=seed))
    return chosen


def fnc1_prevalence(root: Path) -> dict[str, int]:
    with (root / "fnc1_stance" / "competition_test_stances.csv").open(encoding="utf-8", newline="") as stream:
        return dict(Counter(r["Stance"] for r in csv.DictReader(stream)))


def evaluate_fnc1(
    pairs: Sequence[tuple[str, str, str]], predict: Predict, prevalence: dict[str, int]
) -> dict:
    probabilities = windowed_probabilities([b for b, _, _ in pairs], [h for _, h, _ in pairs], predict)
    flagged: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for (_, _, stance), p in zip(pairs, probabilities, strict=True):
        counted[stance] += 1
        flagged[stance] += label_of(p) == "contradiction"
    rate = {s: flagged[s] / counted[s] if counted[s] else 0.0 for s in STANCES}
    recall = rate["disagree"]
    precision = flagged["disagree"] / max(sum(flagged.values()), 1)
    natural_flags = sum(rate[s] * prevalence.get(s, 0) for s in STANCES)
    natural = rate["disagree"] * prevalence.get("disagree", 0) / natural_flags if natural_flags else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "examples": len(pairs),
        "per_stance": dict(counted),
        "flagged_as_contradiction": {s: round(rate[s], 4) for s in STANCES},
        "disagree_recall": round(recall, 4),
        "disagree_precision": round(precision, 4),
        "disagree_f1": round(f1, 4),
        "disagree_precision_natural": round(natural, 4),
    }


def read_pairs(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        pairs.append(
            Pair(
                r["premise"],
                r["hypothesis"],
                r["label"],
                "synthetic",
                r.get("family") or r.get("type", ""),
                "",
            )
        )
    return pairs


def evaluate_synthetic(pairs: Sequence[Pair], predict: Predict) -> dict[str, Any]:
    """Accuracy and F1 as for NLI, plus contradiction recall, false contradictions and per-family accuracy."""
    predicted = [label_of(p) for p in predict([(p.premise, p.hypothesis) for p in pairs])]
    scores = nli_scores([p.label for p in pairs], predicted).as_dict()
    contradictions = [g == "contradiction" for g in (p.label for p in pairs)]
    found = sum(c and y == "contradiction" for c, y in zip(contradictions, predicted, strict=True))
    false = sum(not c and y == "contradiction" for c, y in zip(contradictions, predicted, strict=True))
    families: dict[str, list[int]] = {}
    for pair, label in zip(pairs, predicted, strict=True):
        family = pair.family.split("+")[0]
        families.setdefault(family, []).append(int(label == pair.label))
    scores["contradiction_recall"] = round(found / max(sum(contradictions), 1), 4)
    scores["false_contradiction"] = round(false / max(len(pairs) - sum(contradictions), 1), 4)
    scores["per_family"] = {f: round(sum(v) / len(v), 3) for f, v in sorted(families.items())}
    return scores


def evaluate_model(
    model_dir: Path,
    *,
    root: Path,
    synthetic_test: Sequence[Pair] | None = None,
    sample: int | None = None,
    fnc1_per_stance: int | None = 150,
    control_sample: int | None = None,
    fixtures: Path | None = None,
    crossoutlet: bool = False,
    crossoutlet_events: int | None = None,
    control_windowed: bool = True,
) -> dict[str, Any]:
    """Every figure for one model (loaded as `checker` loads it, through its settings). `fixtures` and
    `crossoutlet` run the whole checker pipeline with the model (fixture sets; perturbation benchmark).
    `control_windowed=False` skips ConTRoL read in windows: 9,194 windows, over half of the time."""
    settings = load_settings(nli_model=str(model_dir))
    predict = models.nli_predictor_for(settings)
    by_label = lambda e: e.label  # noqa: E731 - stratify by gold label
    sick = datasets.sample(datasets.sick(root), sample, key=by_label)
    snli = datasets.sample(datasets.snli(root), sample, key=by_label)
    control = datasets.sample(datasets.control(root), control_sample, key=by_label)
    figures: dict[str, Any] = {
        "model": str(model_dir),
        "precision": settings.resolved_precision(),
        "sample": sample,
        "sick_test": evaluate_pairs(sick, predict).as_dict(),
        "snli_test": evaluate_pairs(snli, predict).as_dict(),
        "control_truncated": evaluate_pairs(control, predict).as_dict(),
    }
    if control_windowed:
        figures["control_windowed"] = evaluate_windowed(control, predict).as_dict()
    figures["fnc1_disagree"] = evaluate_fnc1(
        fnc1_pairs(root, fnc1_per_stance), predict, fnc1_prevalence(root)
    )
    v0_test = read_pairs(root / "nli_synthetic_bbc" / "synthetic_test.jsonl")
    figures["synthetic_bbc_v0_test"] = evaluate_synthetic(datasets.sample(v0_test, sample), predict)
    if synthetic_test:
        figures["synthetic_news_test"] = evaluate_synthetic(synthetic_test, predict)
    if fixtures is not None:
        figures["fixtures"] = evaluate_fixture_sets(fixtures, settings)
    if crossoutlet:
        figures.update(crossoutlet_figures(settings, root, crossoutlet_events))
    return figures


def crossoutlet_figures(settings: Settings, root: Path, events: int | None = None) -> dict[str, Any]:
    """The cross-outlet perturbation benchmark at the default thresholds, and its test-split headline."""
    result = evaluate_crossoutlet(settings, root, events=events)
    test = result["test"]
    return {
        "crossoutlet": result,
        "crossoutlet_test": {
            "precision": test["overall"]["precision"],
            "recall": test["overall"]["recall"],
            "f1": test["overall"]["f1"],
            "untouched_pairs_flagged": test["untouched"]["pairs_flagged"],
        },
    }


def headline(figures: dict[str, Any], name: str) -> float | None:
    """The one number a comparison reads for an evaluation set."""
    if name == "fnc1_disagree_f1":
        return figures.get("fnc1_disagree", {}).get("disagree_f1")
    if name == "crossoutlet_test_f1":  # the whole pipeline with this model, perturbation benchmark test split
        return figures.get("crossoutlet", {}).get("test", {}).get("overall", {}).get("f1")
    result = figures.get(name)
    return None if result is None else result.get("accuracy")


def comparison(candidate: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """Row per figure (baseline, candidate, difference) and the verdict: better only when every news
    figure improves and no other figure drops by more than a point."""
    rows = []
    for name in (*NEWS_FIGURES, *OTHER_FIGURES):
        new, old = headline(candidate, name), headline(baseline, name)
        delta = None if new is None or old is None else round(new - old, 4)
        rows.append(
            {"figure": name, "news": name in NEWS_FIGURES, "baseline": old, "candidate": new, "delta": delta}
        )
    news_better = all(r["delta"] is not None and r["delta"] > 0 for r in rows if r["news"])
    others_kept = all(r["delta"] is None or r["delta"] >= -TOLERANCE for r in rows if not r["news"])
    return {
        "rows": rows,
        "news_better": news_better,
        "others_kept": others_kept,
        "better": news_better and others_kept,
    }


def comparison_markdown(result: dict[str, Any], candidate: dict[str, Any], baseline: dict[str, Any]) -> str:
    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines = [
        f"Baseline: `{baseline['model']}`; candidate: `{candidate['model']}`; sample: "
        f"{candidate.get('sample') or 'all'}.",
        "",
        "| figure | kind | baseline (v0) | candidate | difference |",
        "|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        delta = "n/a" if row["delta"] is None else f"{row['delta']:+.3f}"
        kind = "news" if row["news"] else "other"
        lines.append(
            f"| {row['figure']} | {kind} | {cell(row['baseline'])} | {cell(row['candidate'])} | {delta} |"
        )
    extra = [
        ("FNC-1 disagree recall", "fnc1_disagree", "disagree_recall"),
        ("FNC-1 disagree precision (balanced sample)", "fnc1_disagree", "disagree_precision"),
        ("FNC-1 disagree precision (FNC-1 prevalence)", "fnc1_disagree", "disagree_precision_natural"),
        ("synthetic news: contradiction recall", "synthetic_news_test", "contradiction_recall"),
        ("synthetic news: false contradictions", "synthetic_news_test", "false_contradiction"),
        ("ConTRoL truncated accuracy", "control_truncated", "accuracy"),
        ("cross-outlet (test): untouched pairs flagged", "crossoutlet_test", "untouched_pairs_flagged"),
        ("cross-outlet (test): precision", "crossoutlet_test", "precision"),
        ("cross-outlet (test): recall", "crossoutlet_test", "recall"),
        ("fixtures recall", "fixtures", "recall"),
        ("fixtures precision", "fixtures", "precision"),
        ("fixtures traps flagged", "fixtures", "traps_flagged"),
    ]
    lines += ["", "| detail | baseline (v0) | candidate |", "|---|---|---|"]
    for label, group, key in extra:
        old, new = baseline.get(group, {}).get(key), candidate.get(group, {}).get(key)
        if old is None and new is None:
            continue
        lines.append(
            f"| {label} | {old if old is not None else 'n/a'} | {new if new is not None else 'n/a'} |"
        )
    verdict = "BETTER" if result["better"] else "NOT better"
    lines += [
        "",
        f"Verdict: **{verdict}** than the baseline (news figures all improved: {result['news_better']}; "
        f"other figures within {TOLERANCE:.0%}: {result['others_kept']}).",
    ]
    return "\n".join(lines) + "\n"
