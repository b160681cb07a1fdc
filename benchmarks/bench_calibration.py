"""`make bench-calibration`: what calibrating from editors' verdicts buys on held-out verdicts.

The cross-outlet perturbation benchmark (every event) plays the editor on every finding shown at the
shipped thresholds (checker/evaluate/benchmark_verdicts.py): per-kind floors are fitted on the verdicts of
its dev events, as `checker calibrate` fits them, and scored on the verdicts of its test events, before and
after, against the plain alternative at equal recall (one floor for every kind). Writes
benchmarks/results/calibration.{json,md} and the README section.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from readme_section import write_section  # benchmarks/ is on sys.path when run as a script

from checker.config import load_settings
from checker.evaluate.benchmark_verdicts import held_out_calibration
from checker.evaluate.crossoutlet import build_benchmark, run_cases
from checker.evaluate.datasets import data_dir
from checker.fileio import atomic_write

RESULTS = Path(__file__).resolve().parent / "results"


def say(stage: str) -> None:
    print(f"... {stage}", flush=True)


def markdown(result: dict[str, Any]) -> str:
    before, after, one = result["held_out_before"], result["held_out_after"], result["held_out_one_floor"]
    fit, held = result["verdicts"]["fit"], result["verdicts"]["held_out"]
    floors = ", ".join(f"{kind} {floor}" for kind, floor in result["floors"].items()) or "none"
    rows = [
        "| held-out verdicts (test events) | reported | precision | recall |",
        "|---|---|---|---|",
        f"| shipped thresholds | {before['reported']} | {before['precision']:.3f} | {before['recall']:.3f} |",
        f"| calibrated (floors fitted on dev: {floors}) | {after['reported']} | **{after['precision']:.3f}** "
        f"| {after['recall']:.3f} |",
        f"| one floor for every kind ({one['floor']:.4f}) at equal recall | {one['reported']} "
        f"| {one['precision']:.3f} | {one['recall']:.3f} |",
    ]
    return "\n".join(rows) + (
        f"\n\nVerdicts: {fit['right'] + fit['wrong']} on dev events ({fit['wrong']} wrong), "
        f"{held['right'] + held['wrong']} on test events ({held['wrong']} wrong); keep_right "
        f"{result['keep_right']}; {result['seconds']:.0f} s.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-right", type=float, default=1.0)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    began = time.perf_counter()
    settings = load_settings()
    cases, cached = build_benchmark(settings, data_dir(), progress=say)
    runs = run_cases(cases, cached, settings, progress=say)
    result = held_out_calibration(runs, current=settings.thresholds, keep_right=args.keep_right)
    result["seconds"] = round(time.perf_counter() - began, 1)
    result["precision"] = settings.resolved_precision()
    table = markdown(result)
    atomic_write(RESULTS / "calibration.json", json.dumps(result, indent=1) + "\n")
    atomic_write(RESULTS / "calibration.md", table)
    if not args.no_readme:
        write_section("calibration", table)
    print(table)


if __name__ == "__main__":
    main()
