"""`checker check`: a draft against the archive, with the draft's own lines and columns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from checker.archive import Archive
from checker.check import check
from checker.config import Settings
from checker.errors import InputError
from checker.report.json_report import claim_ref, validate

from . import test_archive as shared
from .conftest import FIXTURES
from .test_archive import one_line, run_cli

# The session's archive of fixture reports, shared with test_archive.py.
archive = shared.archive
published_articles = shared.published_articles

PACIFIC = FIXTURES / "numbers_dates" / "2025-03-14_pacific-wire.txt"
PUBLISHED_SENTENCE = "The National Disaster Mitigation Agency said 40 people had been killed"
DRAFT_SENTENCE = "The National Disaster Mitigation Agency said 12 people had been killed"


def changed_paragraphs() -> list[str]:
    """The Pacific Wire report with one fact changed: 12 dead instead of 40."""
    text = PACIFIC.read_text(encoding="utf-8").replace("said 40 people", "said 12 people")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def write_draft(folder: Path, name: str) -> Path:
    """The changed report as a .txt, .md or .html draft (each lays the lines out differently)."""
    paragraphs = changed_paragraphs()
    path = folder / name
    if name.endswith(".md"):
        body = "\n\n".join(paragraphs[1:])
        path.write_text(f"---\ntitle: {paragraphs[0]}\nauthor: desk\n---\n\n# {paragraphs[0]}\n\n{body}\n")
    elif name.endswith(".html"):
        body = "\n".join(f"    <p>{p}</p>" for p in paragraphs[1:])
        path.write_text(
            "<!doctype html>\n<html>\n<head>\n  <title>Quake</title>\n</head>\n<body>\n"
            '  <nav><a href="/">Home</a> | <a href="/world">World</a></nav>\n'
            f"  <article>\n    <h1>{paragraphs[0]}</h1>\n{body}\n  </article>\n</body>\n</html>\n"
        )
    else:
        path.write_text("\n\n".join(paragraphs) + "\n")
    return path


def expected_position(path: Path, sentence: str) -> tuple[int, int]:
    raw = path.read_text(encoding="utf-8")
    offset = raw.index(sentence)
    return raw.count("\n", 0, offset) + 1, offset - (raw.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("name", ["quake-draft.txt", "quake-draft.md", "quake-draft.html"])
def test_contradicting_draft_points_at_its_own_line(
    tmp_path: Path, archive: Archive, settings: Settings, name: str
) -> None:
    draft = write_draft(tmp_path, name)
    report = check([draft], archive=archive, settings=settings)
    [finding] = [f for f in report.contradictions if f.kind == "number"]
    assert DRAFT_SENTENCE in finding.a.text and PUBLISHED_SENTENCE in finding.b.text
    assert report.article(finding.b.article_id).source == "pacific-wire"
    ref = claim_ref(finding.a, report.article(finding.a.article_id))
    assert (ref["line"], ref["column"]) == expected_position(draft, DRAFT_SENTENCE)
    published = claim_ref(finding.b, report.article(finding.b.article_id))
    assert published["line"] == expected_position(PACIFIC, PUBLISHED_SENTENCE)[0]
    assert "correction candidate" not in finding.note  # a different outlet's draft
    # Only the story's coverage is compared: the Ibadan collapse also "killed" people, elsewhere.
    assert [a.source for a in report.articles[1:]] == ["pacific-wire"]
    assert all(f.a.article_id == report.articles[0].id for f in report.findings)


def test_cli_text_names_both_sentences_file_line_outlet_and_date(
    tmp_path: Path,
    archive: Archive,
    capsys: pytest.CaptureFixture[str],
) -> None:
    draft = write_draft(tmp_path, "quake-draft.md")
    line, column = expected_position(draft, DRAFT_SENTENCE)
    code, out, err = run_cli(capsys, "check", str(draft), "--archive", archive.location, "-q")
    assert code == 1, err
    assert f"{draft}:{line}:{column}" in out
    assert DRAFT_SENTENCE in out and PUBLISHED_SENTENCE in out
    assert "pacific-wire, 2025-03-14" in out and "number: 12 ≠ 40" in out
    code, _, _ = run_cli(capsys, "check", str(draft), "--archive", archive.location, "--fail-on", "never")
    assert code == 0


def test_same_outlet_draft_is_a_correction_candidate(
    tmp_path: Path,
    archive: Archive,
    settings: Settings,
) -> None:
    draft = write_draft(tmp_path, "2025-03-15_pacific-wire.txt")
    report = check([draft], archive=archive, settings=settings)
    [finding] = report.contradictions
    assert "correction candidate" in finding.note and "pacific-wire" in finding.note


def test_consistent_draft_exits_0_and_json_validates(
    tmp_path: Path,
    archive: Archive,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A third outlet's report of the Izmir fire: more specific than the archived two, never at odds.
    draft = tmp_path / "izmir-draft.txt"
    draft.write_text((FIXTURES / "more_specific" / "2025-08-12_bosphorus-daily.txt").read_text())
    out = tmp_path / "report.json"
    code, _, err = run_cli(
        capsys, "check", str(draft), "--archive", archive.location, "--format", "json", "--out", str(out)
    )
    assert code == 0, err
    document = json.loads(out.read_text())
    validate(document)
    assert document["findings"] == []
    sources = {a["source"] for a in document["articles"][1:]}
    assert sources == {"aegean-report", "anatolia-news-service"}  # the story was found, and agrees
    assert document["articles"][0]["path"] == str(draft)


def test_since_leaves_out_older_coverage(
    tmp_path: Path,
    archive: Archive,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    draft = write_draft(tmp_path, "quake-draft.txt")
    now = dt.datetime(2025, 3, 20, tzinfo=dt.UTC)
    assert check([draft], archive=archive, settings=settings, since_days=3, now=now).findings == []
    assert check([draft], archive=archive, settings=settings, since_days=10, now=now).contradictions
    code, _, err = run_cli(capsys, "check", str(draft), "--archive", archive.location, "--since", "0")
    assert code == 2 and "--since" in one_line(err)


def test_empty_draft_and_missing_archive_are_one_line_errors(
    tmp_path: Path,
    archive: Archive,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    code, _, err = run_cli(capsys, "check", str(empty), "--archive", archive.location)
    assert code == 2 and "empty.txt" in one_line(err) and "empty" in err
    short = tmp_path / "short.txt"
    short.write_text("Breaking.\n\nMore soon.\n")
    with pytest.raises(InputError, match="no sentence to check"):
        check([short], archive=archive, settings=settings)
    draft = write_draft(tmp_path, "quake-draft.txt")
    missing = tmp_path / "nowhere.sqlite"
    code, _, err = run_cli(capsys, "check", str(draft), "--archive", str(missing))
    assert code == 2 and "nowhere.sqlite" in one_line(err) and "checker archive add" in err
    assert not missing.exists()
