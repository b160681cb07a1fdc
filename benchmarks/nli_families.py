"""Where a candidate NLI model gains or loses against the baseline (v0) on v0's synthetic BBC test set.

Both models are scored with checker's own predictor (`checker.models.load_nli`, label order from each
model's config) on every pair of `nli_synthetic_bbc/synthetic_test.jsonl`. Printed: accuracy per gold label,
per family (the first operation of the pair's `type`, e.g. "num_word" in "num_word+synonym") and per extra
edit (each later operation, e.g. "+add_place"), with counts, sorted by candidate-minus-baseline gap (the
worst loss first). `--examples N` adds, for the families the candidate loses most, N pairs that the
candidate gets wrong and the baseline right, with both models' predicted labels. Besides the net gap, each
row counts the pairs only v0 gets right and only the candidate gets right: a family with no net gap may
still trade errors. `--cache FILE` keeps both models' predicted labels, so the tables can be reprinted
without scoring again.

    nice -n 19 .venv/bin/python benchmarks/nli_families.py --examples 10 > /tmp/nli_families.txt
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from checker import models
from checker.config import load_settings
from checker.evaluate.datasets import data_dir
from checker.evaluate.metrics import label_of

DEFAULT_CANDIDATE = Path.home() / ".local/share/checker/models/checker-nli-minilm-v4"


@dataclass(frozen=True)
class Example:
    premise: str
    hypothesis: str
    label: str
    type: str

    @property
    def family(self) -> str:
        return self.type.split("+")[0]

    @property
    def extras(self) -> list[str]:
        return ["+" + edit for edit in self.type.split("+")[1:]]


@dataclass(frozen=True)
class Row:
    group: str
    count: int
    baseline: float
    candidate: float
    baseline_only: int  # pairs only the baseline gets right
    candidate_only: int  # pairs only the candidate gets right

    @property
    def gap(self) -> float:
        return self.candidate - self.baseline


def read_examples(path: Path) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        examples.append(Example(record["premise"], record["hypothesis"], record["label"], record["type"]))
    return examples


def predicted_labels(model_dir: Path, examples: Sequence[Example], cache: Path | None) -> list[str]:
    """The model's label for each pair, from `cache` when it holds this model's labels for these pairs."""
    key = f"{model_dir.resolve()}\t{len(examples)}\t{examples[0].premise if examples else ''}"
    cached: dict[str, list[str]] = (
        json.loads(cache.read_text(encoding="utf-8")) if cache and cache.exists() else {}
    )
    if key in cached:
        return cached[key]
    model = models.load_nli(model_dir)
    labels = [label_of(p) for p in model.predict([(e.premise, e.hypothesis) for e in examples])]
    if cache:
        cache.write_text(json.dumps({**cached, key: labels}), encoding="utf-8")
    return labels


def rows_by(
    key: Callable[[Example], list[str]],
    examples: Sequence[Example],
    baseline: Sequence[str],
    candidate: Sequence[str],
) -> list[Row]:
    """Accuracy of both models per group (an example may fall in several groups), worst gap first."""
    hits: dict[str, list[tuple[bool, bool]]] = {}
    for example, old, new in zip(examples, baseline, candidate, strict=True):
        for group in key(example):
            hits.setdefault(group, []).append((old == example.label, new == example.label))
    rows = [
        Row(
            group,
            len(h),
            sum(o for o, _ in h) / len(h),
            sum(n for _, n in h) / len(h),
            sum(o and not n for o, n in h),
            sum(n and not o for o, n in h),
        )
        for group, h in hits.items()
    ]
    return sorted(rows, key=lambda r: (r.gap, -r.count, r.group))


def table(title: str, rows: Sequence[Row]) -> str:
    lines = [
        f"## {title}",
        f"{'group':<40} {'n':>5} {'v0':>6} {'cand':>6} {'gap':>7} {'v0 only':>8} {'cand only':>9}",
    ]
    for r in rows:
        lines.append(
            f"{r.group:<40} {r.count:>5} {r.baseline:>6.3f} {r.candidate:>6.3f} {r.gap:>+7.3f} "
            f"{r.baseline_only:>8} {r.candidate_only:>9}"
        )
    return "\n".join(lines)


def failures(
    family: str,
    examples: Sequence[Example],
    baseline: Sequence[str],
    candidate: Sequence[str],
    limit: int,
) -> str:
    """Pairs of `family` the candidate gets wrong and the baseline right: what the candidate did not learn."""
    lines = [f"### {family}"]
    shown = 0
    for example, old, new in zip(examples, baseline, candidate, strict=True):
        if shown >= limit:
            break
        if example.family != family or new == example.label or old != example.label:
            continue
        shown += 1
        lines += [
            f"- [{example.type}] gold {example.label}, v0 {old}, cand {new}",
            f"  P: {example.premise}",
            f"  H: {example.hypothesis}",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", type=Path, default=DEFAULT_CANDIDATE)
    parser.add_argument("--baseline", type=Path, help="default: the configured NLI model (v0)")
    parser.add_argument("--test", type=Path, help="default: nli_synthetic_bbc/synthetic_test.jsonl")
    parser.add_argument("--examples", type=int, default=0, help="failing pairs per losing family")
    parser.add_argument("--families", type=int, default=6, help="how many losing families get examples")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the machine is shared)")
    parser.add_argument("--cache", type=Path, help="JSON file of predicted labels, read and written")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    baseline_dir = args.baseline or Path(load_settings().resolved_nli())
    test = args.test or data_dir() / "nli_synthetic_bbc" / "synthetic_test.jsonl"
    examples = read_examples(test)
    baseline = predicted_labels(baseline_dir, examples, args.cache)
    candidate = predicted_labels(args.candidate, examples, args.cache)

    print(f"test: {test} ({len(examples)} pairs)")
    print(f"v0 (baseline): {baseline_dir}\ncand: {args.candidate}\n")
    print(table("overall", rows_by(lambda e: ["all"], examples, baseline, candidate)), end="\n\n")
    print(table("per gold label", rows_by(lambda e: [e.label], examples, baseline, candidate)), end="\n\n")
    by_family = rows_by(lambda e: [f"{e.label[:4]}:{e.family}"], examples, baseline, candidate)
    print(table("per family (first operation of type)", by_family), end="\n\n")
    by_extra = rows_by(lambda e: [f"{e.label[:4]}:{x}" for x in e.extras], examples, baseline, candidate)
    print(table("per extra edit (later operations of type)", by_extra), end="\n\n")
    print(
        table(
            "single-edit vs composite",
            rows_by(lambda e: [f"{e.label[:4]}:{len(e.extras) + 1} op"], examples, baseline, candidate),
        )
    )
    if args.examples:
        print("\n## pairs the candidate misses and v0 gets right, worst families first")
        losing = [r for r in by_family if r.gap < 0][: args.families]
        for row in losing:
            family = row.group.split(":", 1)[1]
            print(failures(family, examples, baseline, candidate, args.examples), end="\n\n")


if __name__ == "__main__":
    main()
