"""`make bench-quality`: the full quality run, written to benchmarks/results/quality.{json,md} and the README."""

from __future__ import annotations

import json
from pathlib import Path

from checker.evaluate import evaluate
from checker.evaluate.report import quality_table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
START, END = "<!-- bench:quality:start -->", "<!-- bench:quality:end -->"


def main() -> None:
    figures = evaluate(fixtures=ROOT / "fixtures", progress=lambda stage: print(f"... {stage}", flush=True))
    table = quality_table(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "quality.md").write_text(table + "\n")
    text = README.read_text()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        README.write_text(f"{head}{START}\n{table}\n{END}{rest.split(END, 1)[1]}")
    print(table)


if __name__ == "__main__":
    main()
