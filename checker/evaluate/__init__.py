"""Measured quality: the models on labelled data, and checker's findings on the fixture sets.

`evaluate()` is the library entry point of `checker eval` and `make bench-quality`. With `sample`, each
dataset is cut to a deterministic, label-stratified subset (the CI floors run on that); without, all of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker import models
from checker.config import Settings, load_settings
from checker.evaluate import datasets
from checker.evaluate.crossoutlet import evaluate_crossoutlet
from checker.evaluate.fixtures import evaluate_fixture_sets
from checker.evaluate.metrics import (
    evaluate_pairs,
    evaluate_similarity,
    evaluate_summaries,
    evaluate_windowed,
)

Progress = Callable[[str], None]
# Events of the cross-outlet benchmark in the sampled (CI) run: about 110 cases, a few seconds of models.
CROSSOUTLET_SAMPLE_EVENTS = 40


def evaluate(
    *,
    settings: Settings | None = None,
    data: str | Path | None = None,
    fixtures: str | Path | None = None,
    sample: int | None = None,
    summaries: int | None = 600,
    long_sample: int | None = None,
    crossoutlet: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Quality figures, dataset by dataset, as a JSON-ready dict (see README, "Quality").

    `long_sample`: examples of the long-text sets (ConTRoL's exam passages, AggreFact's whole BBC
    articles: about ten model calls each) when `sample` is set; a third of `sample` (at least 30) unless
    given.
    `crossoutlet`: also run the cross-outlet perturbation benchmark at the given settings (all events, or
    CROSSOUTLET_SAMPLE_EVENTS of them when `sample` is set); `make bench-quality` runs its calibrated form
    separately (checker.evaluate.calibrate)."""
    settings = settings or load_settings()
    say = progress or (lambda _stage: None)
    root = datasets.data_dir(data)
    predict = models.nli_predictor_for(settings)  # as checks run it: backend and precision
    embed = models.embedder_for(settings)
    by_label = lambda e: e.label  # noqa: E731 - stratify by gold label
    results: dict[str, Any] = {
        "sample": sample,
        "nli_model": str(settings.resolved_nli()),
        "precision": settings.resolved_precision(),
        "seconds": {},
    }

    def timed(name: str, run: Callable[[], Any]) -> None:
        say(name)
        began = time.perf_counter()
        results[name] = run()
        results["seconds"][name] = round(time.perf_counter() - began, 2)

    sick = datasets.sample(datasets.sick(root), sample, key=by_label)
    snli = datasets.sample(datasets.snli(root), sample, key=by_label)
    long_count = None if sample is None else long_sample or max(sample // 3, 30)
    control = datasets.sample(datasets.control(root), long_count, key=by_label)
    stsb = datasets.sample(datasets.stsb(root), sample)
    # Whole BBC articles are windowed (about ten model calls each): capped even in the full run.
    summary_count = summaries if long_count is None else long_count
    aggrefact = datasets.sample(datasets.aggrefact(root), summary_count, key=lambda e: e.intrinsic)
    timed("sick_test", lambda: evaluate_pairs(sick, predict).as_dict())
    timed("snli_test", lambda: evaluate_pairs(snli, predict).as_dict())
    timed("control_truncated", lambda: evaluate_pairs(control, predict).as_dict())
    timed("control_windowed", lambda: evaluate_windowed(control, predict).as_dict())
    timed("aggrefact_xsum", lambda: evaluate_summaries(aggrefact, predict))
    timed("stsb", lambda: evaluate_similarity(stsb, embed))
    if fixtures is not None:
        timed("fixtures", lambda: evaluate_fixture_sets(Path(fixtures), settings))
    if crossoutlet:
        events = None if sample is None else CROSSOUTLET_SAMPLE_EVENTS
        timed("crossoutlet", lambda: evaluate_crossoutlet(settings, root, events=events, progress=say))
    return results


__all__ = ["evaluate"]
