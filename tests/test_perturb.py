"""The cross-outlet perturbation benchmark: generation is deterministic and clean, splits are by event,
scoring counts what it says, and on two reports written here the real pipeline finds contradicting
edits and leaves meaning-preserving ones alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from checker.article import Article
from checker.claims import extract_claims
from checker.config import Settings
from checker.evaluate.crossoutlet import (
    CachedModels,
    CaseRun,
    Flag,
    ParsedParagraphs,
    run_cases,
    score_runs,
)
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


def test_each_paragraph_is_parsed_once_per_run(nlp: Language) -> None:
    parsed: list[str] = []

    class Counting:  # the real pipeline, counting the paragraphs it is given
        def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
            texts = list(texts)
            parsed.extend(texts)
            return nlp.pipe(texts, batch_size=batch_size)

    paragraphs = ParsedParagraphs(Counting())
    original = Article(id="t_a", text=REPORT_A, source="Outlet A")
    edited = Article(id="t_a", text=REPORT_A.replace("343 families", "434 families"), source="Outlet A")
    assert extract_claims([original], paragraphs) == extract_claims([original], nlp)
    assert len(parsed) == 4
    # The edited article shares three of its four paragraphs with the original: one more parse, and the
    # claims are those of a fresh parse.
    assert extract_claims([edited], paragraphs) == extract_claims([edited], nlp)
    assert parsed[4:] == [edited.text.split("\n\n")[0]]


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


def test_a_flag_the_untouched_pair_already_raises_is_not_charged_to_the_edit() -> None:
    """A spelling variant in a sentence the untouched pair already (wrongly) flags: the edited run flags
    it again, under the edited text. That flag is the untouched coverage's, not the edit's."""
    a, b = _event().reports
    first = a.text.index(".") + 1
    edited = a.text.replace("Kerak", "Kerrak", 1)
    original_sentence, edited_sentence = a.text[:first], edited[: first + 1]
    b_sentence = b.text[: b.text.index(".") + 1]
    untouched = Case("u", "e", "written", "dev", "untouched", a, b, a.text, (0, 0), (), "", "")
    spelling = Case(
        "s",
        "e",
        "written",
        "dev",
        "spelling",
        a,
        b,
        edited,
        (0, first + 1),
        ((0, len(b_sentence)),),
        "Kerak",
        "Kerrak",
    )

    def flag(a_text: str, a_span: tuple[int, int]) -> Flag:
        return Flag("date", "contradiction", 0.6, a_span, (0, len(b_sentence)), a_text, b_sentence, ("date",))

    runs = [
        CaseRun(untouched, (flag(original_sentence, (0, first)),)),
        CaseRun(spelling, (flag(edited_sentence, (0, first + 1)),)),
    ]
    scores = score_runs(runs, 0.5)
    assert scores["untouched"]["flags"] == 1
    assert scores["preserving"]["spelling"]["flagged"] == 0


def test_cases_pair_each_sentence_with_its_counterpart_only(cached: CachedModels) -> None:
    """The edited sentence and the other outlet's sentence are each other's nearest: a sentence of B that
    only names the same person while reporting something else is never the fact a case changes. The two
    written reports state the same four facts in the same order, paragraph by paragraph."""
    cases = build_cases([_event(), _other_event()], cached.nlp, cached.embed, seed=5)
    checked = 0
    for case in cases:
        if case.kind == "untouched" or case.event_id != "written:t_event":
            continue
        edited_paragraph = case.a_text[: case.edit[0]].count("\n\n")
        b_paragraphs = {case.b.text[:start].count("\n\n") for start, _ in case.b_spans}
        assert edited_paragraph in b_paragraphs, (case.kind, case.a_text[case.edit[0] : case.edit[1]])
        checked += 1
    assert checked >= 5


def test_an_untouched_flag_is_recognised_whichever_outlet_the_case_edits() -> None:
    """The untouched pair is run as (A, B); a case may edit B, and then its run reads the same finding
    as (B, A). It is still the untouched coverage's finding, not one the edit caused."""
    a, b = _event().reports
    a_sentence, b_sentence = a.text[: a.text.index(".") + 1], b.text[: b.text.index(".") + 1]
    untouched = Case("u", "e", "written", "dev", "untouched", a, b, a.text, (0, 0), (), "", "")
    edited = b.text.replace("Kerak", "Kerrak", 1)
    # The edit is in B's second paragraph; the finding is on the first sentences, untouched.
    second = b.text.index("\n\n") + 2
    moved = Case(
        "m", "e", "written", "dev", "moved", b, a, edited, (second, second + 40), ((0, 10),), "x", "y"
    )
    flags_ab = (Flag("date", "contradiction", 0.6, (0, 10), (0, 10), a_sentence, b_sentence, ("date",)),)
    flags_ba = (Flag("date", "contradiction", 0.6, (0, 10), (0, 10), b_sentence, a_sentence, ("date",)),)
    scores = score_runs([CaseRun(untouched, flags_ab), CaseRun(moved, flags_ba)], 0.5)
    assert scores["preserving"]["moved"]["flagged"] == 0
    assert scores["overall"]["reported"] == 0
