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
    return "\n".join(lines)
