"""Editors' verdicts: the ledger, `checker verdict`, and `checker calibrate` on real findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.report.json_report import to_dict
from checker.verdicts import Ledger, UnknownFindingError


@pytest.fixture(scope="module")
def seed_findings(seed_report) -> list[dict]:
    findings = to_dict(seed_report)["findings"]
    assert findings, "the seeds raise findings"
    return findings


def test_a_remembered_finding_takes_a_verdict_by_id(tmp_path: Path, seed_findings: list[dict]) -> None:
    ledger = Ledger(tmp_path / "v.sqlite")
    ledger.remember(seed_findings)
    first = seed_findings[0]
    verdict = ledger.record(first["id"], "wrong", editor="desk", note="same village")
    assert verdict.finding["a"]["text"] == first["a"]["text"]
    ledger.record(first["id"], "right")  # an editor changes their mind: the later verdict stands
    assert [(v.finding_id, v.right) for v in ledger.verdicts()] == [(first["id"], True)]
    assert ledger.counts() == {"findings": len(seed_findings), "right": 1, "wrong": 0}
    ledger.close()


def test_a_verdict_on_an_unknown_finding_is_refused(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "v.sqlite")
    with pytest.raises(UnknownFindingError, match="no finding 'f-nope'"):
        ledger.record("f-nope", "right")
    with pytest.raises(Exception, match="'right' or 'wrong'"):
        ledger.record("f-nope", "maybe")


def test_a_file_that_is_not_a_ledger_is_a_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "v.sqlite"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(Exception, match="not a checker verdicts file"):
        Ledger(bogus)


def test_cli_verdict_from_a_report_file_then_calibrate(tmp_path: Path, seed_report) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps(to_dict(seed_report)), encoding="utf-8")
    ledger = tmp_path / "verdicts.sqlite"
    finding = to_dict(seed_report)["findings"][0]

    done = cli("verdict", finding["id"], "right", "--report", str(report), "--verdicts", str(ledger))
    assert done.returncode == 0, done.stderr
    assert "marked right" in done.stderr

    unknown = cli("verdict", "f-unknown", "wrong", "--verdicts", str(ledger))
    assert unknown.returncode == 2
    assert unknown.stderr.count("\n") == 1 and "no finding 'f-unknown'" in unknown.stderr

    fitted = cli("calibrate", "--verdicts", str(ledger))
    assert fitted.returncode == 0, fitted.stderr
    assert "1 verdicts (1 right): floor unchanged" in fitted.stdout  # too few to move a floor


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "checker.cli", *args], capture_output=True, text=True, env=env)
