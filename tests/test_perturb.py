"""The cross-outlet perturbation benchmark: generation is deterministic and clean, splits are by event,
scoring counts what it says, and on two reports written here the real pipeline finds contradicting
edits and leaves meaning-preserving ones alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.config import Settings
from checker.evaluate.crossoutlet import CachedModels, CaseRun, Flag, run_cases, score_runs
from checker.evaluate.datasets import data_dir
from checker.evaluate.perturb import (
    CONTRADICTING,
    PRESERVING,
    Case,
    Event,
    Report,
    build_cases,
    load_events,
    spelling_variant,
    split_of,
)
from checker.pipeline import Models

# Two reports of one (fictional) event, written for this test: the same facts in other words.
PUBLISHED = dt.datetime(2025, 3, 12, 9, 0)  # a Wednesday
REPORT_A = (
    "Flooding forced 343 families from their homes in the town of Kerak on Tuesday, the civil defence "
    "agency said.\n\n"
    "Interior Minister Samir Haddad visited Kerak on Tuesday and promised compensation to every family.\n\n"
    "The agency confirmed that the main road to the Dead Sea had been closed by landslides.\n\n"
    "Rescue teams pulled 14 people from cars swept away by the water, the agency said."
)
REPORT_B = (
    "Floodwaters drove 343 families out of their houses in Kerak on Tuesday, according to the civil "
    "defence agency.\n\n"
    "Interior Minister Samir Haddad toured Kerak on Tuesday and pledged compensation for each family.\n\n"
    "The civil defence agency confirmed that landslides had closed the main road to the Dead Sea.\n\n"
    "Rescuers saved 14 people from cars carried off by the floodwater, the agency said."
)


# A second event, so that replacement names (people, places) come from elsewhere in the corpus.
OTHER_A = "Health Minister Layla Nasser opened a new hospital wing in the city of Irbid on Monday, the ministry said."
OTHER_B = "Layla Nasser, the health minister, opened the new wing of a hospital in Irbid on Monday."


def _event() -> Event:
    reports = (
        Report("t_a", "t_event", "written", "Outlet A", REPORT_A, PUBLISHED),
        Report("t_b", "t_event", "written", "Outlet B", REPORT_B, PUBLISHED),
    )
    return Event("written:t_event", "written", reports)


def _other_event() -> Event:
    reports = (
        Report("o_a", "o_event", "written", "Outlet A", OTHER_A * 3, PUBLISHED),
        Report("o_b", "o_event", "written", "Outlet C", OTHER_B * 3, PUBLISHED),
    )
    return Event("written:o_event", "written", reports)


@pytest.fixture(scope="module")
def cached(settings: Settings) -> CachedModels:
    return CachedModels(Models.load(settings))


@pytest.fixture(scope="module")
def written_runs(cached: CachedModels, settings: Settings) -> list[CaseRun]:
    cases = build_cases([_event(), _other_event()], cached.nlp, cached.embed, seed=5)
    return run_cases([c for c in cases if c.event_id == "written:t_event"], cached, settings)


def test_edits_change_only_the_edited_sentence(written_runs: list[CaseRun]) -> None:
    kinds = {run.case.kind for run in written_runs}
    assert {"number", "date", "participant", "place", "rounding"} <= kinds
    for run in written_runs:
        case = run.case
        if case.kind == "untouched":
            assert case.a_text == case.a.text
            continue
        start, end = case.edit
        original = case.a.text
        tail = len(case.a_text) - end
        assert case.a_text[:start] == original[:start]
        assert case.a_text[end:] == original[len(original) - tail :]
        assert case.replacement in case.a_text[start:end]
        assert case.a_text != original


def test_contradicting_edits_are_found_and_preserving_ones_are_not(
    written_runs: list[CaseRun], settings: Settings
) -> None:
    scores = score_runs(written_runs, settings.thresholds.report_floor)
    for kind in ("number", "date", "place"):
        row = scores["per_kind"][kind]
        assert row["cases"] == 1 and row["typed"] == 1, (kind, row)
    assert scores["preserving"]["rounding"]["flagged"] == 0
    assert scores["untouched"]["flags"] == 0  # the two written reports agree


def test_generation_is_deterministic_for_a_seed(cached: CachedModels) -> None:
    first = build_cases([_event()], cached.nlp, cached.embed, seed=5)
    again = build_cases([_event()], cached.nlp, cached.embed, seed=5)
    assert [(c.id, c.a_text) for c in first] == [(c.id, c.a_text) for c in again]


def test_splits_are_by_event_and_about_half() -> None:
    ids = [f"allsides_neus:as_{n}" for n in range(1000)]
    dev = [i for i in ids if split_of(i, 13) == "dev"]
    assert 0.45 <= len(dev) / len(ids) <= 0.55
    assert all(split_of(i, 13) == split_of(i, 13) for i in ids[:50])  # stable


def test_real_coverage_loads_with_outlets_and_dates() -> None:
    try:
        root = data_dir()
    except Exception:  # the shared data is optional outside the project machine
        pytest.skip("../shared/data not present")
    events = load_events(Path(root), ("allsides_neus",))
    assert len(events) >= 480
    assert all(len({r.source for r in e.reports}) >= 2 for e in events)
    assert all(not r.text.endswith("...") for e in events[:50] for r in e.reports)


def test_spelling_variants_keep_the_first_letter() -> None:
    assert spelling_variant("Muammar Gaddafi") == "Muamar Gaddafi"
    assert spelling_variant("Joseph") == "Josef"
    for name in ("Kerak", "Samir Haddad", "Ennedi", "Mohammed"):
        variant = spelling_variant(name)
        assert variant is not None and variant != name and variant[0] == name[0]


def _case(kind: str, split: str = "dev") -> Case:
    a, b = _event().reports
    return Case(f"c-{kind}", "e", "written", split, kind, a, b, a.text, (0, 50), ((0, 50),), "x", "y")


def _flag(kind: str, score: float = 0.9, a_span=(0, 50), b_span=(0, 50), status="contradiction") -> Flag:
    return Flag(kind, status, score, a_span, b_span, f"a{a_span}", f"b{b_span}{kind}", (kind,))


def test_scoring_counts_typed_findings_and_false_flags() -> None:
    runs = [
        CaseRun(_case("untouched"), (_flag("place", a_span=(100, 150), b_span=(100, 150)),)),
        CaseRun(_case("number"), (_flag("number"), _flag("place", a_span=(100, 150), b_span=(100, 150)))),
        CaseRun(_case("date"), (_flag("participant"),)),  # found, wrong kind
        CaseRun(_case("rounding"), (_flag("number", score=0.6),)),  # a false flag above 0.5 only
    ]
    at_half = score_runs(runs, 0.5)
    assert at_half["per_kind"]["number"]["typed"] == 1
    assert at_half["per_kind"]["number"]["reported"] == 2  # the rounding flag counts against number
    assert at_half["per_kind"]["date"]["detected"] == 1 and at_half["per_kind"]["date"]["typed"] == 0
    assert at_half["per_kind"]["participant"]["reported"] == 1
    assert at_half["preserving"]["rounding"]["flagged"] == 1
    assert at_half["untouched"]["flags"] == 1  # the untouched place flag is not charged to the number case
    assert score_runs(runs, 0.7)["preserving"]["rounding"]["flagged"] == 0
    assert set(at_half["per_kind"]) == set(CONTRADICTING) and set(at_half["preserving"]) == set(PRESERVING)
