"""Quality floors on a deterministic sample: a regression in any figure fails the build.

Floors sit a little below what `checker eval --sample 300` measured (README, "Quality"); the full run is
`make bench-quality`.
"""

from __future__ import annotations

from typing import Any

import pytest

from checker.config import Settings
from checker.evaluate import evaluate

from .conftest import FIXTURES

SAMPLE = 300
# ConTRoL's passages and AggreFact's articles are read in windows, ten model calls an example: their
# floors only guard the harness. At a third of SAMPLE they took half of this fixture's 106 s.
LONG_SAMPLE = 30
# Cross-outlet perturbation sample (40 events, both splits), measured at the shipped defaults (the judge's
# similarity tie at 0.7, as chosen on the dev split): 47 contradicting edits, 15 found with the right kind
# (recall 0.319) out of 17 findings the edits caused (precision 0.882); 1 of 18 meaning-preserving edits
# flagged (0.056); no finding on 40 untouched pairs.
CROSSOUTLET_MIN_CASES = 40
CROSSOUTLET_RECALL = 0.28
CROSSOUTLET_PRECISION = 0.80
CROSSOUTLET_PRESERVING_FLAGGED = 0.12
CROSSOUTLET_UNTOUCHED_PER_EVENT = 0.10


@pytest.fixture(scope="module")
def figures(settings: Settings) -> dict[str, Any]:
    return evaluate(settings=settings, fixtures=FIXTURES, sample=SAMPLE, long_sample=LONG_SAMPLE)


def test_nli_on_sick_and_snli(figures: dict[str, Any]) -> None:
    assert figures["sick_test"]["accuracy"] >= 0.84  # measured 0.861
    assert figures["sick_test"]["f1"]["contradiction"] >= 0.84  # 0.868
    assert figures["snli_test"]["accuracy"] >= 0.73  # 0.757
    assert figures["snli_test"]["f1"]["contradiction"] >= 0.73  # 0.762


def test_embedder_on_stsb(figures: dict[str, Any]) -> None:
    assert figures["stsb"]["spearman"] >= 0.78  # 0.800


def test_fixture_sets_found_without_crying_wolf(figures: dict[str, Any]) -> None:
    fixtures = figures["fixtures"]
    assert fixtures["recall"] >= 1.0
    assert fixtures["precision"] >= 1.0
    assert fixtures["traps_flagged"] == 0
    assert fixtures["alignment_recall"] >= 0.82  # 0.851


def test_long_premises_and_summaries_are_measured(figures: dict[str, Any]) -> None:
    # The v0 model is near chance on ConTRoL and rarely flags summary errors: these are measured, not
    # yet good. The floors only guard the harness (every example scored, figures in range).
    assert figures["control_windowed"]["examples"] == LONG_SAMPLE
    assert 0.0 <= figures["control_windowed"]["accuracy"] <= 1.0
    summaries = figures["aggrefact_xsum"]
    assert summaries["intrinsic"] > 0 and summaries["extrinsic"] > 0


def test_crossoutlet_perturbations(figures: dict[str, Any]) -> None:
    """Real two-outlet coverage (AllSides leads) with one fact edited in one outlet's report: the edits
    are found with the right kind, meaning-preserving edits and untouched coverage are left alone.
    Sample: CROSSOUTLET_SAMPLE_EVENTS events, both splits (floors hold figures; nothing is chosen here)."""
    bench = figures["crossoutlet"]
    overall = [bench[split]["overall"] for split in ("dev", "test")]
    cases = sum(row["cases"] for row in overall)
    typed = sum(row["typed"] for row in overall)
    reported = sum(row["reported"] for row in overall)
    assert cases >= CROSSOUTLET_MIN_CASES
    assert typed / cases >= CROSSOUTLET_RECALL
    assert typed / max(reported, 1) >= CROSSOUTLET_PRECISION
    preserving = [bench[split]["preserving"] for split in ("dev", "test")]
    preserving_cases = sum(row["cases"] for split in preserving for row in split.values())
    preserving_flagged = sum(row["flagged"] for split in preserving for row in split.values())
    assert preserving_flagged / max(preserving_cases, 1) <= CROSSOUTLET_PRESERVING_FLAGGED
    untouched = [bench[split]["untouched"] for split in ("dev", "test")]
    per_event = sum(u["flags"] for u in untouched) / max(sum(u["pairs"] for u in untouched), 1)
    assert per_event <= CROSSOUTLET_UNTOUCHED_PER_EVENT
