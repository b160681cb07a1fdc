"""Shared fixtures: the real models, loaded once per test session, and the seed report."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from checker import models
from checker.config import Settings, load_settings
from checker.pipeline import Models, compare
from checker.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SEED_SENTENCE = (
    "The Russian military said Sunday its jets had carried out 64 sorties in the past day, targeting 63 "
    "sites in the Hama, Idlib, Latakia and Raqqa provinces."
)

WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
# Each pytest-xdist worker's share of the cores, for its model math and the processes it starts. Two workers
# each running PyTorch on both cores take several times longer than taking turns (two quick trainings side by
# side: 350 s at 2 threads each, 142 s at 1).
THREADS = max(1, len(os.sched_getaffinity(0)) // WORKERS)


def pytest_configure(config: pytest.Config) -> None:
    if WORKERS > 1:
        import torch

        os.environ["OMP_NUM_THREADS"] = str(THREADS)  # the CLI runs the tests start, and ONNX Runtime
        torch.set_num_threads(THREADS)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    """The configured spaCy pipeline, loaded once for the whole session."""
    return models.load_spacy(settings.resolved_spacy())


@pytest.fixture(scope="session")
def seed_report(settings: Settings) -> Report:
    return compare(SEEDS, settings=settings)


@dataclass
class Recorder:
    """Wraps loaded models and keeps every input they are given: the reference side of the tests that
    hold another backend or precision to the same numbers."""

    loaded: Models
    pairs: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def nli(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        self.pairs.extend(pairs)
        return self.loaded.nli(pairs)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.loaded.embed(texts)

    def models(self) -> Models:
        return Models(nlp=self.loaded.nlp, embed=self.embed, nli=self.nli)
