"""Readers for the labelled evaluation data in ../shared/data (never copied into the repository).

Each reader returns plain examples; `sample` takes a deterministic subset (seeded, stratified by label)
so the CI quality suite runs in minutes while `make bench-quality` runs everything.
"""

from __future__ import annotations

import csv
import json
import os
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from checker.errors import ConfigError

DATA_ENV = "CHECKER_DATA_DIR"
_DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LABELS = ("contradiction", "entailment", "neutral")


@dataclass(frozen=True)
class NLIExample:
    premise: str
    hypothesis: str
    label: str  # contradiction, entailment or neutral


@dataclass(frozen=True)
class SimilarityExample:
    a: str
    b: str
    score: float  # gold similarity, 0-5


@dataclass(frozen=True)
class SummaryExample:
    """AggreFact: a BBC article and a model summary with annotated factual errors."""

    document: str
    summary: str
    intrinsic: bool  # the summary misrepresents the article (contradiction-like)
    extrinsic: bool  # the summary adds what the article does not say (neutral-like)


def data_dir(explicit: str | Path | None = None) -> Path:
    """Where the labelled data lives: flag, then CHECKER_DATA_DIR, then ../shared/data."""
    path = Path(explicit or os.environ.get(DATA_ENV) or _DEFAULT_DATA)
    if not path.is_dir():
        raise ConfigError(f"{path}: evaluation data not found; set --data or {DATA_ENV}")
    return path


def sick(root: Path, split: str = "TEST") -> list[NLIExample]:
    with (root / "sick" / "SICK.txt").open(encoding="utf-8", newline="") as stream:
        rows = csv.DictReader(stream, delimiter="\t")
        return [
            NLIExample(r["sentence_A"], r["sentence_B"], r["entailment_label"].strip().lower())
            for r in rows
            if r["SemEval_set"].strip() == split
        ]


def snli(root: Path, split: str = "test") -> list[NLIExample]:
    name = "snli_1.0_test.first1277.jsonl" if split == "test" else "snli_1.0_dev.first1289.jsonl"
    examples = []
    for line in (root / "snli" / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["gold_label"] in LABELS:
            examples.append(NLIExample(record["sentence1"], record["sentence2"], record["gold_label"]))
    return examples


def control(root: Path, split: str = "test") -> list[NLIExample]:
    names = {"c": "contradiction", "e": "entailment", "n": "neutral"}
    examples = []
    for line in (root / "control" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        examples.append(NLIExample(record["premise"], record["hypothesis"], names[record["label"]]))
    return examples


def stsb(root: Path) -> list[SimilarityExample]:
    examples = []
    for line in (root / "stsb" / "sts-test.csv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 7:
            examples.append(SimilarityExample(fields[5], fields[6], float(fields[4])))
    return examples


def aggrefact(root: Path) -> list[SummaryExample]:
    examples = []
    for line in (
        (root / "aggrefact_xsum" / "aggrefact_unified_xsum.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        record = json.loads(line)
        intrinsic = record["has_intrinsic_error"] in (True, "True")
        extrinsic = record["has_extrinsic_error"] in (True, "True")
        if intrinsic != extrinsic:  # only the cleanly typed ones: intrinsic only, or extrinsic only
            examples.append(SummaryExample(record["doc"], record["summary"], intrinsic, extrinsic))
    return examples


T = TypeVar("T")


def sample(examples: Sequence[T], size: int | None, seed: int = 13, key=None) -> list[T]:
    """A deterministic subset of `size`, stratified by `key` (e.g. the label) when given."""
    if size is None or size >= len(examples):
        return list(examples)
    rng = random.Random(seed)
    if key is None:
        return rng.sample(list(examples), size)
    groups: dict[object, list[T]] = defaultdict(list)
    for example in examples:
        groups[key(example)].append(example)
    chosen: list[T] = []
    for _, members in sorted(groups.items(), key=lambda item: str(item[0])):
        share = round(size * len(members) / len(examples))
        chosen.extend(rng.sample(members, min(share, len(members))))
    return chosen
