"""Scoring the models on labelled data: NLI accuracy and F1, windowed long premises, STS Spearman."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from checker.evaluate.datasets import LABELS, NLIExample, SimilarityExample, SummaryExample

Predict = Callable[[Sequence[tuple[str, str]]], list[dict[str, float]]]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")
WINDOW_SENTENCES = 3  # a window of the premise fits the model's 128 tokens with the hypothesis


@dataclass(frozen=True)
class NLIScores:
    examples: int
    accuracy: float
    f1: dict[str, float]  # per class
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count

    def as_dict(self) -> dict:
        return {
            "examples": self.examples,
            "accuracy": self.accuracy,
            "f1": self.f1,
            "confusion": self.confusion,
        }


def label_of(probabilities: dict[str, float]) -> str:
    return max(LABELS, key=lambda label: probabilities[label])


def nli_scores(gold: Sequence[str], predicted: Sequence[str]) -> NLIScores:
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    f1 = {}
    for label in LABELS:
        true_positive = confusion[label][label]
        predicted_count = sum(confusion[g][label] for g in LABELS)
        gold_count = sum(confusion[label].values())
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        f1[label] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    correct = sum(confusion[label][label] for label in LABELS)
    return NLIScores(len(gold), round(correct / max(len(gold), 1), 4), f1, confusion)


def evaluate_pairs(examples: Sequence[NLIExample], predict: Predict) -> NLIScores:
    """Sentence-pair NLI: one model call per pair, the premise truncated to the model's length."""
    probabilities = predict([(e.premise, e.hypothesis) for e in examples])
    return nli_scores([e.label for e in examples], [label_of(p) for p in probabilities])


def windows(text: str, size: int = WINDOW_SENTENCES) -> list[str]:
    """Overlapping windows of `size` sentences (stride size - 1) covering a long premise."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if len(sentences) <= size:
        return [" ".join(sentences)]
    stride = max(size - 1, 1)
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences) - 1, stride)]


def windowed_probabilities(
    premises: Sequence[str], hypotheses: Sequence[str], predict: Predict
) -> list[dict]:
    """Per example: entailment and contradiction from the most decisive window; neutral otherwise.

    A hypothesis is entailed (or contradicted) when some part of the long premise entails (contradicts) it;
    averaging over windows would drown that part in the unrelated rest."""
    pairs, owner = [], []
    for index, (premise, hypothesis) in enumerate(zip(premises, hypotheses, strict=True)):
        for window in windows(premise):
            pairs.append((window, hypothesis))
            owner.append(index)
    results = [{"contradiction": 0.0, "entailment": 0.0} for _ in premises]
    for index, probabilities in zip(owner, predict(pairs), strict=True):
        for label in ("contradiction", "entailment"):
            results[index][label] = max(results[index][label], probabilities[label])
    for result in results:
        result["neutral"] = max(0.0, 1.0 - result["contradiction"] - result["entailment"])
    return results


def evaluate_windowed(examples: Sequence[NLIExample], predict: Predict) -> NLIScores:
    probabilities = windowed_probabilities(
        [e.premise for e in examples], [e.hypothesis for e in examples], predict
    )
    return nli_scores([e.label for e in examples], [label_of(p) for p in probabilities])


def evaluate_summaries(examples: Sequence[SummaryExample], predict: Predict, threshold: float = 0.5) -> dict:
    """How often intrinsic errors (contradicting the article) score as contradiction, against extrinsic ones."""
    probabilities = windowed_probabilities(
        [e.document for e in examples], [e.summary for e in examples], predict
    )
    flagged = [p["contradiction"] >= threshold for p in probabilities]
    intrinsic = [f for f, e in zip(flagged, examples, strict=True) if e.intrinsic]
    extrinsic = [f for f, e in zip(flagged, examples, strict=True) if e.extrinsic]
    return {
        "examples": len(examples),
        "intrinsic": len(intrinsic),
        "extrinsic": len(extrinsic),
        "intrinsic_flagged": round(sum(intrinsic) / max(len(intrinsic), 1), 4),
        "extrinsic_flagged": round(sum(extrinsic) / max(len(extrinsic), 1), 4),
    }


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    from scipy.stats import spearmanr

    return round(float(spearmanr(x, y).statistic), 4)


def evaluate_similarity(
    examples: Sequence[SimilarityExample], embed: Callable[[list[str]], np.ndarray]
) -> dict:
    left = embed([e.a for e in examples])
    right = embed([e.b for e in examples])
    cosine = np.sum(left * right, axis=1)
    return {"examples": len(examples), "spearman": spearman(cosine.tolist(), [e.score for e in examples])}
