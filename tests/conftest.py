"""Shared fixtures: the real models, loaded once per test session, and the seed report."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import Settings, load_settings
from checker.pipeline import compare
from checker.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def seed_report(settings: Settings) -> Report:
    return compare(SEEDS, settings=settings)
