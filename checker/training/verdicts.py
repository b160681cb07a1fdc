"""Editors' verdicts as NLI training pairs (`checker train-nli --verdicts LEDGER`).

A finding an editor called right is two sentences that contradict: the pair is labelled contradiction.
A finding called wrong is two sentences that do not contradict, and that is all the verdict says: they
may state one fact in other words (entailment) or two facts of one story (neutral), and the editor was
not asked which. Neutral is the label that claims nothing more than "no contradiction"; calling such a
pair entailment would teach the model inferences nobody checked. Checker reads the model's contradiction
probability in both directions and the model is not symmetric, so each verdict gives both directions.

Verdicts are few and are about checker's own mistakes, so the recipe repeats them (`verdict_repeat`).
They pass the same leak guard as everything else: a verdict on a sentence of an evaluation set, or on a
held-out event (verdicts made from the perturbation benchmark name theirs), is dropped before training
and counted in the training stats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import CheckerError
from checker.training.data import EvalGuard, Pair, find_leaks, text_hash
from checker.verdicts import Verdict, read_verdicts

SOURCE = "verdicts"
LABEL_OF_VERDICT = {True: "contradiction", False: "neutral"}


def read_ledgers(paths: Sequence[Path]) -> list[Verdict]:
    """Every verdict of these ledger files, in the order given. A missing or unreadable file is an error
    naming it (`read_verdicts`: training on an empty ledger made by a mistyped path would train on nothing)."""
    verdicts: list[Verdict] = []
    for path in paths:
        found = read_verdicts(path)
        for verdict in found:
            if not (_sentence(verdict.finding, "a") and _sentence(verdict.finding, "b")):
                raise CheckerError(f"{path}: finding {verdict.finding_id} has no sentence text")
        verdicts.extend(found)
    if not verdicts:
        names = ", ".join(str(p) for p in paths)
        raise CheckerError(f"{names}: no verdicts yet; mark findings with `checker verdict ID right|wrong`")
    return verdicts


def verdict_pairs(verdicts: Iterable[Verdict]) -> list[Pair]:
    """Two labelled pairs per verdict, one each way (see the module docstring). The same two sentences
    judged more than once count once, with the latest verdict."""
    latest: dict[tuple[str, str], Verdict] = {}
    for verdict in verdicts:
        a, b = _sentence(verdict.finding, "a"), _sentence(verdict.finding, "b")
        if not (a and b):
            raise ValueError(f"verdict on finding {verdict.finding_id}: the finding has no sentence text")
        key = tuple(sorted((text_hash(a), text_hash(b))))
        latest.pop(key, None)  # re-inserted at the end: the pairs follow the order of the last verdicts
        latest[key] = verdict
    pairs: list[Pair] = []
    for verdict in latest.values():
        a, b = _sentence(verdict.finding, "a"), _sentence(verdict.finding, "b")
        label = LABEL_OF_VERDICT[verdict.right]
        family = f"verdict:{'right' if verdict.right else 'wrong'}:{verdict.finding.get('kind', 'other')}"
        origin = f"{SOURCE}:{verdict.finding_id}"
        pairs.append(Pair(a, b, label, SOURCE, family, f"{origin}:a>b"))
        pairs.append(Pair(b, a, label, SOURCE, family, f"{origin}:b>a"))
    return pairs


@dataclass(frozen=True)
class VerdictData:
    """The verdict pairs the recipe may train on, and what the leak guard kept out."""

    pairs: list[Pair]
    verdicts: int
    dropped_pairs: int

    def stats(self, repeat: int) -> dict[str, Any]:
        return {
            "verdicts": self.verdicts,
            "pairs": len(self.pairs),
            "labels": dict(Counter(p.label for p in self.pairs)),
            "by_kind": dict(sorted(Counter(p.family for p in self.pairs).items())),
            "dropped_as_evaluation_data": self.dropped_pairs,
            "repeat": repeat,
        }


def training_verdicts(verdicts: Sequence[Verdict], guard: EvalGuard) -> VerdictData:
    """`verdict_pairs`, less the pairs that touch evaluation data: a sentence or pair an evaluation set
    holds, or a finding made on a held-out event."""
    held_out = {v.finding_id for v in verdicts if str(v.finding.get("event", "")) in guard.events}
    pairs = verdict_pairs(verdicts)
    kept = [p for p in pairs if not _touches_evaluation(p, held_out, guard)]
    return VerdictData(kept, len(verdicts), len(pairs) - len(kept))


def _touches_evaluation(pair: Pair, held_out_findings: set[str], guard: EvalGuard) -> bool:
    finding_id = pair.origin.removeprefix(f"{SOURCE}:").rsplit(":", 1)[0]
    return finding_id in held_out_findings or any(find_leaks([pair], {}, guard).values())


def _sentence(finding: Mapping[str, Any], side: str) -> str:
    claim = finding.get(side)
    return str(claim.get("text") or "").strip() if isinstance(claim, Mapping) else ""
