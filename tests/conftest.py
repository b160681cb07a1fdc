"""Shared fixtures: the real models, loaded once per test session, and the seed report."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from checker import models
from checker.config import Settings, load_settings
from checker.pipeline import compare
from checker.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SEED_SENTENCE = (
    "The Russian military said Sunday its jets had carried out 64 sorties in the past day, targeting 63 "
    "sites in the Hama, Idlib, Latakia and Raqqa provinces."
)


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
