"""The real pipeline on the three real seed reports: what an editor must see, and must not."""

from __future__ import annotations

from checker.config import Settings
from checker.judge import Finding
from checker.names import names_match
from checker.report import Report
from checker.report.json_report import to_dict, validate


def _involves(finding: Finding, text: str) -> bool:
    return text in finding.a.text or text in finding.b.text


def test_place_conflict_is_the_top_contradiction(seed_report: Report) -> None:
    top = seed_report.findings[0]
    assert top.status == "contradiction"
    assert top.kind == "place"
    assert _involves(top, "Tak Sukayk") and _involves(top, "Tal Skik")
    values = {v for d in top.differs for v in (d.a, d.b)}
    assert any("Hama" in v for v in values) and any("Idlib" in v for v in values)


def test_place_conflict_found_for_both_outlets_that_say_hama(seed_report: Report) -> None:
    place = [f for f in seed_report.contradictions if f.kind == "place"]
    pairs = {frozenset((f.a.article_id, f.b.article_id)) for f in place}
    assert frozenset(("000_6c5fb3b8702ea890", "002_697819e1ad49d885")) in pairs
    assert frozenset(("001_f8a78396b1450f6a", "002_697819e1ad49d885")) in pairs


def test_meeting_is_shown_with_its_context_not_as_a_contradiction(seed_report: Report) -> None:
    meeting = [f for f in seed_report.findings if _involves(f, "bin Salman") and _involves(f, "Sochi")]
    assert meeting, "the meeting participants differ and must be shown"
    for finding in meeting:
        assert finding.status == "explained"
        assert finding.kind == "participant"
        assert any("Abu Dhabi" in c.text for c in finding.context)
    assert not any(_involves(f, "bin Salman") for f in seed_report.contradictions)


def test_agreeing_facts_in_other_words_are_not_flagged(seed_report: Report) -> None:
    for words in ("64 sorties", "division of international terrorists", "cluster munition", "Rossiya One"):
        assert not [f for f in seed_report.findings if _involves(f, words)], words


def test_only_the_place_conflicts_are_contradictions(seed_report: Report) -> None:
    assert {f.kind for f in seed_report.contradictions} == {"place"}


def test_spelling_variants_of_the_village_align(seed_report: Report) -> None:
    assert names_match("Tak Sukayk", "Tal Skik")
    top = seed_report.findings[0]
    assert top.similarity >= 0.45


def test_json_report_follows_the_schema_and_points_into_the_files(seed_report: Report) -> None:
    document = to_dict(seed_report)
    validate(document)
    finding = document["findings"][0]
    for side in ("a", "b"):
        ref = finding[side]
        article = seed_report.article(ref["article_id"])
        assert article.raw is not None
        assert article.raw[ref["start"] : ref["end"]] == ref["text"]
        assert ref["line"] >= 1
    assert document["summary"]["contradictions"] == len(seed_report.contradictions)


def test_claims_are_never_paired_within_one_article(seed_report: Report) -> None:
    assert seed_report.findings
    assert all(f.a.article_id != f.b.article_id for f in seed_report.findings)


def test_far_fewer_nli_pairs_than_all_pairs(seed_report: Report) -> None:
    stats = seed_report.stats
    assert stats.nli_pairs_judged * 10 <= stats.all_pairs


def test_corroboration_and_single_source_claims(seed_report: Report) -> None:
    quote = next(
        c
        for c in seed_report.claims["000_6c5fb3b8702ea890"]
        if "division of international terrorists" in c.text
    )
    assert set(seed_report.corroboration[quote.id]) == {"001_f8a78396b1450f6a", "002_697819e1ad49d885"}
    single = {c.text for c in seed_report.single_source()}
    assert any("Shaam News Network" in text for text in single)


def test_terminal_and_markdown_views_show_the_evidence(seed_report: Report) -> None:
    from rich.console import Console

    from checker.report.markdown import to_markdown
    from checker.report.terminal import render

    console = Console(record=True, width=100)
    render(seed_report, console)
    screen = console.export_text()
    assert "1. Contradiction: place" in screen and "Tal Skik" in screen and "Explained by context" in screen
    markdown = to_markdown(seed_report)
    assert markdown.index("## Contradictions") < markdown.index("## Differences explained")
    assert "Putin also met Abu Dhabi" in markdown


def test_dates_and_aware_datetimes_mix_between_inputs(settings: Settings) -> None:
    """A bare file's date and a record's timezone-aware datetime still order the reports (toll update)."""
    import datetime as dt

    from checker.ingest import read_article_text
    from checker.pipeline import compare

    from .conftest import FIXTURES

    early, late = sorted((FIXTURES / "toll_update").glob("*.txt"))
    articles = [
        read_article_text(early.read_text(), id="early", source="morning", published=dt.date(2024, 9, 18)),
        read_article_text(
            late.read_text(), id="late", source="wire", published=dt.datetime(2024, 9, 19, 7, tzinfo=dt.UTC)
        ),
    ]
    report = compare(articles, settings=settings)
    assert [f.status for f in report.findings if f.kind == "number"] == ["update"]
