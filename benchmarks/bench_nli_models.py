"""`make bench-nli-models`: a trained NLI model against the current one (v0), on every evaluation set.

Both models are scored on the same data: SICK test, the SNLI test prefix, ConTRoL test (truncated and
windowed), FNC-1 "disagree" detection (100 pairs per stance), v0's synthetic BBC test set, the candidate's
own synthetic news test set (generated from articles held out of its training by event), the fixture sets
and the cross-outlet perturbation benchmark (the whole checker pipeline with each model, default
thresholds). The candidate is better only if it beats the baseline on every news figure without losing
more than a point elsewhere (checker/training/compare_models.py). Writes benchmarks/results/nli_models.json
and .md, and the README section.

    python benchmarks/bench_nli_models.py --candidate ~/.local/share/checker/models/checker-nli-minilm-v1
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from readme_section import write_section  # benchmarks/ is on sys.path when run as a script

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from checker.config import load_settings
from checker.evaluate.datasets import data_dir
from checker.training.compare_models import (
    comparison,
    comparison_markdown,
    evaluate_model,
    read_pairs,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_CANDIDATE = Path.home() / ".local/share/checker/models/checker-nli-minilm-v1"


def score(model: Path, root: Path, synthetic_test: list, args: argparse.Namespace) -> dict[str, Any]:
    began = time.perf_counter()
    print(f"... scoring {model}", flush=True)
    figures = evaluate_model(
        model,
        root=root,
        synthetic_test=synthetic_test,
        sample=args.sample,
        fnc1_per_stance=args.fnc1_per_stance,
        fixtures=ROOT / "fixtures",
        crossoutlet=not args.no_crossoutlet,
        crossoutlet_events=args.crossoutlet_events,
    )
    figures["seconds"] = round(time.perf_counter() - began, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", type=Path, default=DEFAULT_CANDIDATE)
    parser.add_argument("--baseline", type=Path, help="default: the configured NLI model (v0)")
    parser.add_argument("--sample", type=int, help="pairs per NLI set (default: all)")
    parser.add_argument("--fnc1-per-stance", type=int, default=100)
    parser.add_argument("--crossoutlet-events", type=int, help="default: every event")
    parser.add_argument("--no-crossoutlet", action="store_true")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()

    root = data_dir()
    baseline = args.baseline or Path(load_settings().resolved_nli())
    test_file = args.candidate / "synthetic_test.jsonl"
    if not test_file.exists():
        raise SystemExit(
            f"{args.candidate}: no synthetic_test.jsonl; is it a model made by checker train-nli?"
        )
    synthetic_test = read_pairs(test_file)
    candidate_figures = score(args.candidate, root, synthetic_test, args)
    baseline_figures = score(baseline, root, synthetic_test, args)
    result = comparison(candidate_figures, baseline_figures)
    info = json.loads((args.candidate / "training_info.json").read_text())
    table = comparison_markdown(result, candidate_figures, baseline_figures)
    table += (
        f"\nCandidate built by `checker train-nli` in {info['wall_seconds'] / 60:.0f} min on this machine "
        f"(training {info['train_seconds'] / 60:.0f} min, {info['steps']} steps; seed {info['recipe']['seed']}). "
        f"Both models scored in {candidate_figures['precision']} (`CHECKER_PRECISION`).\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {"comparison": result, "candidate": candidate_figures, "baseline": baseline_figures}
    (RESULTS / "nli_models.json").write_text(json.dumps(document, indent=1, default=str) + "\n")
    (RESULTS / "nli_models.md").write_text(table)
    if not args.no_readme:
        write_section("nli-models", table)
    print(table)


if __name__ == "__main__":
    main()
