"""NLI models on the cross-outlet benchmark's own sentence pairs, without the rest of the pipeline.

The perturbation benchmark (`checker.evaluate.crossoutlet`) edits one fact of outlet A's sentence and
counts the findings of the whole pipeline: 15 minutes a model here, and its per-kind counts mix the model
with alignment and thresholds. This script takes the same cases (same seed, same events) and asks each
model alone about each edited sentence against outlet B's sentences that state the fact: a case is caught
when P(contradiction), the larger of both directions, reaches 0.5 for one of them. For the preserving
kinds (spelling, rounding, a more specific name, a moved phrase) a case so scored is a false alarm; the
rows "the edit alone" count only those where A's sentence as published was not flagged too (what the whole
benchmark counts for the preserving kinds), and the last row how many of the cases' pairs as published the
model flags.

It answers in about two minutes whether a recipe change moved a kind of contradiction between outlets
(v5 of the recipe caught 35 of 71 test negations this way, v7-v10 19-21: a loss the whole benchmark showed
too, 40 -> 32-34 found), so it is the check to run before the long one.

    nice -n 19 .venv/bin/python benchmarks/nli_crossoutlet_pairs.py ~/.local/share/checker/models/checker-nli-minilm-v9
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from checker import models
from checker.config import load_settings
from checker.evaluate.crossoutlet import build_benchmark
from checker.evaluate.datasets import data_dir
from checker.evaluate.perturb import CONTRADICTING, PRESERVING, Case

CAUGHT = 0.5


def sentence_pairs(cases: list[Case], edited: bool = True) -> list[tuple[str, str, str]]:
    """(case id, edited sentence of A, a sentence of B stating the same fact) for every edited case; with
    `edited` False, A's sentence as published instead."""
    pairs = []
    for case in cases:
        if case.kind == "untouched":
            continue
        start, end = case.edit
        a = (
            case.a_text[start:end]
            if edited
            else case.a.text[start : end - len(case.a_text) + len(case.a.text)]
        )
        pairs.extend((case.id, a, case.b.text[b_start:b_end]) for b_start, b_end in case.b_spans)
    return pairs


def caught(model_dir: Path, pairs: list[tuple[str, str, str]]) -> set[str]:
    """The case ids where the model calls one of the case's pairs a contradiction, either way round."""
    model = models.load_nli(model_dir)  # a Path, as the pipeline passes it: v0 then loads once, not twice
    forward = model.predict([(a, b) for _, a, b in pairs])
    backward = model.predict([(b, a) for _, a, b in pairs])
    return {
        case_id
        for (case_id, _, _), one, other in zip(pairs, forward, backward, strict=True)
        if max(one["contradiction"], other["contradiction"]) >= CAUGHT
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("candidates", nargs="+", type=Path, help="model directories")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    settings = load_settings()
    cases, _ = build_benchmark(settings, data_dir())
    chosen = [c for c in cases if c.split == args.split]
    pairs = sentence_pairs(chosen)
    published = sentence_pairs(chosen, edited=False)
    kinds: dict[str, set[str]] = defaultdict(set)
    for case in chosen:
        kinds[case.kind].add(case.id)
    locations = {"v0 (configured)": settings.resolved_nli(), **{c.name: c for c in args.candidates}}
    found = {name: caught(location, pairs) for name, location in locations.items()}
    as_published = {name: caught(location, published) for name, location in locations.items()}
    print(f"{args.split} split, {len(pairs)} sentence pairs; a case counts at P(contradiction) >= {CAUGHT}")
    print("| kind | cases | " + " | ".join(found) + " |")
    print("|---|---|" + "---|" * len(found))
    for kind in (*CONTRADICTING, *PRESERVING):
        ids = kinds.get(kind, set())
        label = kind if kind in CONTRADICTING else f"{kind} (false alarms)"
        print(f"| {label} | {len(ids)} | " + " | ".join(str(len(ids & hit)) for hit in found.values()) + " |")
    # What the edit itself moved: cases flagged where A's sentence as published was not flagged already
    # (the whole benchmark counts a preserving edit so). v12 flagged 72 respelled cases, 56 of them
    # unedited too; a model that flags every pair of two outlets "catches" every edit.
    for kind in (*CONTRADICTING, *PRESERVING):
        ids = kinds.get(kind, set())
        counts = [len(ids & (hit - as_published[name])) for name, hit in found.items()]
        label = f"{kind}, the edit alone" + ("" if kind in CONTRADICTING else " (false alarms)")
        print(f"| {label} | {len(ids)} | " + " | ".join(map(str, counts)) + " |")
    edited = set().union(*(kinds[k] for k in (*CONTRADICTING, *PRESERVING) if k in kinds))
    print(
        f"| A's sentence as published (false alarms) | {len(edited)} | "
        + " | ".join(str(len(edited & hit)) for hit in as_published.values())
        + " |"
    )


if __name__ == "__main__":
    main()
