"""`make bench-quality`: the full quality run, written to benchmarks/results/quality.{json,md} and the README.

Besides the models on labelled data and the fixture sets, it runs the cross-outlet perturbation benchmark
with calibration (thresholds chosen on the dev split, test split scored before and after, PR curves in
benchmarks/results/pr_curve.png) and the hard-case table: every fixture set now, against the figures
measured on the code before the hard-case work (benchmarks/results/hard_cases_before.json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from checker.config import load_settings
from checker.evaluate import evaluate
from checker.evaluate.calibrate import calibrated_benchmark
from checker.evaluate.datasets import data_dir
from checker.evaluate.fixtures import evaluate_hard_cases
from checker.evaluate.report import quality_table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
HARD_CASES_BEFORE = RESULTS / "hard_cases_before.json"
START, END = "<!-- bench:quality:start -->", "<!-- bench:quality:end -->"


def say(stage: str) -> None:
    print(f"... {stage}", flush=True)


def main(write_readme: bool = True) -> None:
    settings = load_settings()
    figures = evaluate(settings=settings, fixtures=ROOT / "fixtures", crossoutlet=False, progress=say)
    say("cross-outlet perturbation benchmark, calibrated on dev")
    figures["crossoutlet_calibrated"] = calibrated_benchmark(
        settings, data_dir(), png=RESULTS / "pr_curve.png", progress=say
    )
    say("hard cases (fixture sets)")
    before = json.loads(HARD_CASES_BEFORE.read_text()) if HARD_CASES_BEFORE.exists() else None
    figures["hard_cases"] = {"before": before, "after": evaluate_hard_cases(ROOT / "fixtures", settings)}
    table = quality_table(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    (RESULTS / "quality.md").write_text(table + "\n\n![precision-recall](pr_curve.png)\n")
    text = README.read_text()
    if write_readme and START in text and END in text:
        head, rest = text.split(START, 1)
        README.write_text(f"{head}{START}\n{table}\n{END}{rest.split(END, 1)[1]}")
    print(table)


if __name__ == "__main__":
    main(write_readme="--no-readme" not in sys.argv)
