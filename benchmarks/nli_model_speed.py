"""NLI models side by side: pairs per second on PyTorch fp32, PyTorch bf16 and ONNX Runtime (fp32), and how
far ONNX Runtime's probabilities are from PyTorch fp32's, on the same real pairs.

Pairs: 512 SICK test pairs for speed (checker's own predictors, 2 threads unless OMP_NUM_THREADS says
otherwise, best of three timed passes after a warm-up batch); those plus 200 pairs of v0's BBC test for the
ONNX comparison. bf16 is left out where the CPU would emulate it (`config.cpu_multiplies_bf16`). ONNX
exports go to the configured folder (made on first use, about a minute for MPNet). Prints a table; writes
nothing else. The README's MPNet cost figures ("What it costs") come from this script.

    .venv/bin/python benchmarks/nli_model_speed.py ../shared/models/checker-nli-minilm-v0 \
        ~/.local/share/checker/models/checker-nli-mpnet-recipe
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from checker import models
from checker.config import cpu_multiplies_bf16, load_settings
from checker.evaluate import datasets

SPEED_PAIRS = 512
BBC_PAIRS = 200


def pairs_per_second(predict: models.Predict, pairs: list[tuple[str, str]], repeats: int = 3) -> float:
    predict(pairs[:32])  # warm-up: first-call allocations and, for ONNX, the session's own set-up
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        predict(pairs)
        best = min(best, time.perf_counter() - began)
    return len(pairs) / best


def largest_difference(a: list[dict[str, float]], b: list[dict[str, float]]) -> tuple[float, int]:
    """The largest probability difference, and how many pairs change their most likely label."""
    difference = max(abs(x[label] - y[label]) for x, y in zip(a, b, strict=True) for label in models.LABELS)
    moved = sum(max(x, key=x.__getitem__) != max(y, key=y.__getitem__) for x, y in zip(a, b, strict=True))
    return difference, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path, help="NLI model directories")
    args = parser.parse_args()
    root = datasets.data_dir()
    sick = [(e.premise, e.hypothesis) for e in datasets.sick(root)[:SPEED_PAIRS]]
    lines = (root / "nli_synthetic_bbc" / "synthetic_test.jsonl").read_text(encoding="utf-8").splitlines()
    bbc = [(r["premise"], r["hypothesis"]) for r in map(json.loads, lines[:BBC_PAIRS])]
    precisions = ["fp32", "bf16"] if cpu_multiplies_bf16() else ["fp32"]
    print("| model | " + " | ".join(f"torch {p}" for p in precisions) + " | onnx | onnx vs torch fp32 |")
    print("|---|" + "---|" * (len(precisions) + 2))
    for model in args.models:
        model = model.expanduser().resolve()
        rates, fp32_probs = [], None
        for precision in precisions:
            predict = models.nli_predictor_for(load_settings(nli_model=str(model), precision=precision))
            rates.append(pairs_per_second(predict, sick))
            if precision == "fp32":
                fp32_probs = predict(sick + bbc)
        onnx = models.nli_predictor_for(load_settings(nli_model=str(model), backend="onnx"))
        onnx_rate = pairs_per_second(onnx, sick)
        difference, moved = largest_difference(fp32_probs or [], onnx(sick + bbc))
        cells = " | ".join(f"{rate:.0f} pairs/s" for rate in [*rates, onnx_rate])
        print(
            f"| {model.name} | {cells} | largest difference {difference:.1e}, "
            f"{moved} of {len(sick) + len(bbc)} labels moved |",
            flush=True,
        )


if __name__ == "__main__":
    main()
