"""How well story grouping matches a labelled corpus: adjusted Rand index and B-cubed precision/recall/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


def grouping_scores(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Scores of a clustering (article id -> story id) against gold labels (article id -> event id),
    over the articles both cover."""
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(set(predicted) & set(gold))
    if not ids:
        return {"articles": 0, "ari": 0.0, "bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0}
    pred = [predicted[i] for i in ids]
    true = [gold[i] for i in ids]
    precision, recall = _bcubed(pred, true)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(ids),
        "ari": round(float(adjusted_rand_score(true, pred)), 4),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
    }


def _bcubed(pred: list[str], true: list[str]) -> tuple[float, float]:
    """B-cubed (Bagga & Baldwin 1998): per item, the share of its cluster that has its label, and the share
    of its label's items that are in its cluster; averaged over items."""
    both = Counter(zip(pred, true, strict=True))
    cluster_size = Counter(pred)
    label_size = Counter(true)
    precision = sum(both[(p, t)] / cluster_size[p] for p, t in zip(pred, true, strict=True)) / len(pred)
    recall = sum(both[(p, t)] / label_size[t] for p, t in zip(pred, true, strict=True)) / len(pred)
    return precision, recall
