"""Editors' verdicts: the ledger, `checker verdict`, and `checker calibrate` on real findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from checker.config import Settings, load_settings
from checker.pipeline import compare
from checker.report.json_report import to_dict
from checker.verdicts import Ledger, UnknownFindingError

from .conftest import SEEDS


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


def test_calibrate_on_a_missing_ledger_is_a_one_line_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    done = cli("calibrate", "--verdicts", str(missing))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"{missing}: no verdicts yet" in done.stderr
    assert not missing.exists()


def test_calibrated_floors_are_configuration_the_judge_reads(
    tmp_path: Path, seed_findings: list[dict], settings: Settings
) -> None:
    # Twenty verdicts on the seeds' top finding, as if editors had judged twenty findings of its kind:
    # the four scoring lowest were wrong. calibrate prints a [thresholds] line; a config file holding it is
    # read back, and a comparison of the seeds under it no longer reports findings of that kind below it.
    top = seed_findings[0]
    ledger = Ledger(tmp_path / "verdicts.sqlite")
    for number in range(20):
        finding = {**top, "id": f"f-{number}", "score": round(0.55 + 0.02 * number, 3)}
        ledger.record(finding["id"], "wrong" if number < 4 else "right", finding=finding)
    ledger.close()
    fitted = cli("calibrate", "--verdicts", str(tmp_path / "verdicts.sqlite"))
    assert fitted.returncode == 0, fitted.stderr
    line = fitted.stdout.strip().splitlines()[-1]
    assert line.startswith("report_floor_by_kind = {"), fitted.stdout
    config = tmp_path / "checker.toml"
    config.write_text(f"[thresholds]\n{line}\n", encoding="utf-8")
    thresholds = load_settings(config_file=config).thresholds
    assert thresholds.floor_for(top["kind"]) == pytest.approx(0.55 + 0.02 * 4 - 0.001)
    assert thresholds.floor_for("no-such-kind") == thresholds.report_floor
    above = replace(
        settings, thresholds=replace(settings.thresholds, report_floor_by_kind=((top["kind"], 0.99),))
    )
    report = compare(SEEDS, settings=above)
    assert not [f for f in report.findings if f.kind == top["kind"] and f.score < 0.99]
    assert any(f["kind"] == top["kind"] for f in seed_findings)  # they were there without the floor


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args], capture_output=True, text=True, env=env
    )
