"""Every fixture set's expected.json, checked against the real pipeline on the real models.

`expect` entries must be reported with that kind and status; `must_not_flag` pairs must not be reported
as a contradiction. Expectations are data (written with the fixtures); nothing here knows their words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.config import Settings
from checker.evaluate.fixtures import finding_matches, flags_trap
from checker.judge import Finding
from checker.pipeline import compare
from checker.report import Report

from .conftest import FIXTURES

SETS = sorted(p.parent for p in FIXTURES.glob("*/expected.json") if p.parent.name != "seeds")
_reports: dict[Path, Report] = {}


def _report(folder: Path, settings: Settings) -> Report:
    if folder not in _reports:
        _reports[folder] = compare(sorted(folder.glob("*.txt")), settings=settings)
    return _reports[folder]


def _matches(finding: Finding, entry: dict, report: Report) -> bool:
    return finding_matches(finding, entry, report)


def _cases(kind: str) -> list[tuple[Path, int]]:
    cases = []
    for folder in SETS:
        entries = json.loads((folder / "expected.json").read_text())[kind]
        cases.extend((folder, index) for index in range(len(entries)))
    return cases


def _name(case: tuple[Path, int]) -> str:
    return f"{case[0].name}-{case[1]}"


@pytest.mark.parametrize("case", _cases("expect"), ids=_name)
def test_expected_finding_is_reported(case: tuple[Path, int], settings: Settings) -> None:
    folder, index = case
    entry = json.loads((folder / "expected.json").read_text())["expect"][index]
    report = _report(folder, settings)
    found = [f for f in report.findings if _matches(f, entry, report)]
    if entry["status"] == "explained":
        # Two meetings: shown with its context, or not shown at all; never a contradiction.
        assert all(f.status == "explained" for f in found)
        return
    assert found, f"not reported: {entry}"
    assert found[0].status == entry["status"]
    assert found[0].kind == entry["kind"]


@pytest.mark.parametrize("case", _cases("must_not_flag"), ids=_name)
def test_trap_is_not_flagged(case: tuple[Path, int], settings: Settings) -> None:
    folder, index = case
    entry = json.loads((folder / "expected.json").read_text())["must_not_flag"][index]
    report = _report(folder, settings)
    expected = json.loads((folder / "expected.json").read_text())["expect"]
    flagged = [f for f in report.findings if flags_trap(f, entry, expected, report)]
    assert not flagged, f"{entry['why']}: {[(f.kind, f.differs) for f in flagged]}"


ALL_SETS = sorted(p.parent for p in FIXTURES.glob("*/expected.json"))


@pytest.mark.parametrize("folder", ALL_SETS, ids=lambda p: p.name)
def test_no_unexpected_findings(folder: Path, settings: Settings) -> None:
    """Crying wolf: every contradiction, update or sources-disagree reported is one the set plants."""
    expected = json.loads((folder / "expected.json").read_text())["expect"]
    report = _report(folder, settings)
    unexpected = [
        (f.kind, f.status, f.a.text[:60], f.b.text[:60])
        for f in report.findings
        if f.status != "explained" and not any(_matches(f, e, report) for e in expected)
    ]
    assert not unexpected
