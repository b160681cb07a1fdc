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


@pytest.fixture(scope="module")
def figures(settings: Settings) -> dict[str, Any]:
    return evaluate(settings=settings, fixtures=FIXTURES, sample=SAMPLE)


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
    assert figures["control_windowed"]["examples"] == SAMPLE // 3
    assert 0.0 <= figures["control_windowed"]["accuracy"] <= 1.0
    summaries = figures["aggrefact_xsum"]
    assert summaries["intrinsic"] > 0 and summaries["extrinsic"] > 0
