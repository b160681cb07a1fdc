"""The CLI end to end on the seeds: exit codes, formats, atomic report file."""

from __future__ import annotations

import json
from pathlib import Path

from checker.report.json_report import validate

from .conftest import SEEDS
from .test_input_errors import _cli


def test_compare_json_to_file_exits_1_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = _cli("compare", *map(str, SEEDS), "--format", "json", "--out", str(out))
    assert result.returncode == 1, result.stderr
    document = json.loads(out.read_text())
    validate(document)
    assert document["findings"][0]["kind"] == "place"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_compare_markdown_and_threshold(tmp_path: Path) -> None:
    result = _cli("compare", *map(str, SEEDS), "--format", "md", "--threshold", "0.99")
    assert result.returncode == 0  # nothing reaches 0.99: no contradiction reported
    assert result.stdout.startswith("# checker report")


def test_a_mistyped_command_or_option_is_a_usage_error() -> None:
    for args in (("comapre", str(SEEDS[0])), ("compare", "--bogus", str(SEEDS[0]))):
        result = _cli(*args)
        assert result.returncode == 2, result.stderr
        assert "Usage: checker" in result.stderr and "Error:" in result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
