"""The quality figures as Markdown tables (README and benchmarks/results/quality.md)."""

from __future__ import annotations

from typing import Any

NLI_SETS = {
    "sick_test": "SICK test",
    "snli_test": "SNLI test (prefix)",
    "control_truncated": "ConTRoL test, premise truncated",
    "control_windowed": "ConTRoL test, premise windowed",
}


def quality_table(figures: dict[str, Any]) -> str:
    sample = figures.get("sample")
    lines = [f"Sample: {'all' if sample is None else f'{sample} per dataset (stratified, seeded)'}.", ""]
    lines += [
        "| NLI component | pairs | accuracy | F1 contradiction / entailment / neutral |",
        "|---|---|---|---|",
    ]
    for key, name in NLI_SETS.items():
        if key in figures:
            f1 = figures[key]["f1"]
            lines.append(
                f"| {name} | {figures[key]['examples']} | {figures[key]['accuracy']:.3f} | "
                f"{f1['contradiction']:.3f} / {f1['entailment']:.3f} / {f1['neutral']:.3f} |"
            )
    if "aggrefact_xsum" in figures:
        a = figures["aggrefact_xsum"]
        lines += [
            "",
            "| AggreFact-XSum (article windowed vs summary) | summaries | scored contradiction (P >= 0.5) |",
            "|---|---|---|",
            f"| intrinsic errors (contradict the article) | {a['intrinsic']} | {a['intrinsic_flagged']:.1%} |",
            f"| extrinsic errors (add unsupported facts) | {a['extrinsic']} | {a['extrinsic_flagged']:.1%} |",
        ]
    if "stsb" in figures:
        lines += [
            "",
            f"Embedder on STS-B test: Spearman {figures['stsb']['spearman']:.3f} ({figures['stsb']['examples']} pairs).",
        ]
    if "fixtures" in figures:
        fx = figures["fixtures"]
        lines += [
            "",
            "| fixture sets, per kind | planted | found | reported | recall | precision |",
            "|---|---|---|---|---|---|",
        ]
        for kind, row in fx["per_kind"].items():
            recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
            precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
            lines.append(
                f"| {kind} | {row['planted']} | {row['found']} | {row['reported']} | {recall} | {precision} |"
            )
        lines += [
            "",
            f"Fixture traps (same fact in other words) flagged as contradictions: {fx['traps_flagged']} of {fx['traps']}; "
            f"same-fact pairs aligned: {fx['alignment_recall']:.1%}.",
        ]
    if "crossoutlet_calibrated" in figures:
        lines += ["", crossoutlet_table(figures["crossoutlet_calibrated"])]
    elif "crossoutlet" in figures:
        lines += ["", crossoutlet_sample_table(figures["crossoutlet"])]
    if "hard_cases" in figures:
        lines += ["", hard_cases_table(figures["hard_cases"].get("before"), figures["hard_cases"]["after"])]
    return "\n".join(lines)


def crossoutlet_sample_table(bench: dict[str, Any]) -> str:
    """The benchmark at the given settings (no calibration): per kind on both splits."""
    lines = [
        "| cross-outlet kind | dev P / R / F1 | test P / R / F1 |",
        "|---|---|---|",
    ]
    for kind in (*bench["test"]["per_kind"], "overall"):
        cells = []
        for split in ("dev", "test"):
            row = bench[split]["overall"] if kind == "overall" else bench[split]["per_kind"][kind]
            cells.append(f"{_figure(row['precision'])} / {_figure(row['recall'])} / {_figure(row['f1'])}")
        lines.append(f"| {kind} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def _figure(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def crossoutlet_table(bench: dict[str, Any]) -> str:
    """The calibrated cross-outlet benchmark: size, per-kind test figures before/after, false flags."""
    counts = bench["counts"]
    test_cases = counts["cases"]["test"]
    dev_cases = counts["cases"]["dev"]
    datasets = ", ".join(f"{name} {n}" for name, n in sorted(counts["pairs_by_dataset"].items()))
    # "after" is the shipped defaults; where they differ from the dev choice, both are shown.
    before, after = bench["test_before"], bench["test_current"]
    chosen = bench["calibration"]["chosen"]
    start = bench["calibration"]["start"]
    shipped = bench["current_defaults"]
    lines = [
        f"Cross-outlet perturbation benchmark (seed {bench['seed']}): {counts['events']['dev']} dev / "
        f"{counts['events']['test']} test events, one outlet pair each ({datasets}).",
        "",
        "| kind (test split) | cases | P before | R before | F1 before | P after | R after | F1 after | typing after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in (*after["per_kind"], "overall"):
        b = before["overall"] if kind == "overall" else before["per_kind"][kind]
        a = after["overall"] if kind == "overall" else after["per_kind"][kind]
        name = "**all kinds**" if kind == "overall" else kind
        lines.append(
            f"| {name} | {a['cases']} | {_figure(b['precision'])} | {_figure(b['recall'])} | "
            f"{_figure(b['f1'])} | {_figure(a['precision'])} | {_figure(a['recall'])} | {_figure(a['f1'])} | "
            f"{_figure(a['typing_accuracy'])} |"
        )
    lines += [
        "",
        "| meaning-preserving edits (test) | cases | flagged before | flagged after |",
        "|---|---|---|---|",
    ]
    for kind, row in after["preserving"].items():
        lines.append(
            f"| {kind} | {row['cases']} | {before['preserving'][kind]['flagged']} | {row['flagged']} |"
        )
    lines += [
        f"| **all** | {sum(r['cases'] for r in after['preserving'].values())} | "
        f"{before['preserving_rate']:.1%} | {after['preserving_rate']:.1%} |",
        "",
        f"Untouched coverage (test pairs as published): {before['untouched']['flags_per_event']:.3f} "
        f"findings per event before, {after['untouched']['flags_per_event']:.3f} after "
        f"({after['untouched']['flags']} findings on {after['untouched']['pairs']} pairs).",
        "",
        "Cases per kind, dev / test: "
        + ", ".join(f"{k} {dev_cases.get(k, 0)} / {test_cases.get(k, 0)}" for k in sorted(test_cases)),
        "",
        "| threshold | before | chosen on dev | shipped default |",
        "|---|---|---|---|",
    ]
    for name, value in chosen.items():
        lines.append(f"| {name} | {start[name]} | {value} | {shipped[name]} |")
    dev_choice = bench["test_after"]["overall"]
    lines += [
        "",
        f"The dev choice itself scores test P {_figure(dev_choice['precision'])} / R "
        f"{_figure(dev_choice['recall'])} / F1 {_figure(dev_choice['f1'])}, untouched "
        f"{bench['test_after']['untouched']['flags_per_event']:.3f} findings per event.",
    ]
    return "\n".join(lines)


def hard_cases_table(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """One line per fixture set: planted found, traps flagged, unexpected findings; before and after."""
    lines = [
        "| hard case (fixture set) | planted found before → after | traps flagged before → after | "
        "unexpected findings before → after |",
        "|---|---|---|---|",
    ]
    for name, row in after.items():
        old = (before or {}).get(name)
        found = f"{old['found']}/{old['planted']}" if old else "new"
        traps = f"{old['traps_flagged']}/{old['traps']}" if old else "new"
        extra = f"{old['unexpected']}" if old else "new"
        lines.append(
            f"| {name} | {found} → {row['found']}/{row['planted']} | {traps} → "
            f"{row['traps_flagged']}/{row['traps']} | {extra} → {row['unexpected']} |"
        )
    return "\n".join(lines)
