"""Editors' verdicts flow into NLI training: `verdict_pairs` turns a real ledger (findings of a real
compare of the seeds, marked right and wrong) into labelled pairs both ways, the recipe's data includes
them repeated and leak-checked, and `checker train-nli --verdicts` refuses a bad ledger in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from checker.evaluate import datasets
from checker.report import Report
from checker.report.json_report import to_dict
from checker.training.data import held_out_events, news_articles
from checker.training.recipe import QUICK, build_data
from checker.training.verdicts import read_ledgers, verdict_pairs
from checker.verdicts import Ledger, Verdict

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_findings(seed_report: Report) -> list[dict]:
    findings = to_dict(seed_report)["findings"]
    assert len(findings) >= 2, "the seeds raise two findings or more"
    return findings


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory, seed_findings: list[dict]) -> Path:
    """The seeds' findings remembered, the first called right, the second wrong, the rest not judged."""
    path = tmp_path_factory.mktemp("verdicts") / "verdicts.sqlite"
    ledger = Ledger(path)
    ledger.remember(seed_findings)
    ledger.record(seed_findings[0]["id"], "right", editor="desk")
    ledger.record(seed_findings[1]["id"], "wrong", editor="desk", note="two different meetings")
    ledger.close()
    return path


def test_a_ledger_becomes_labelled_pairs_both_ways(ledger_file: Path, seed_findings: list[dict]) -> None:
    right, wrong = seed_findings[0], seed_findings[1]
    pairs = verdict_pairs(read_ledgers([ledger_file]))
    got = {(p.premise, p.hypothesis, p.label) for p in pairs}
    a, b = right["a"]["text"], right["b"]["text"]
    c, d = wrong["a"]["text"], wrong["b"]["text"]
    assert got == {
        (a, b, "contradiction"),
        (b, a, "contradiction"),
        (c, d, "neutral"),
        (d, c, "neutral"),
    }
    assert len(pairs) == 4 and {p.source for p in pairs} == {"verdicts"}
    assert {p.family for p in pairs} == {f"verdict:right:{right['kind']}", f"verdict:wrong:{wrong['kind']}"}
    assert {p.origin for p in pairs if p.label == "contradiction"} == {
        f"verdicts:{right['id']}:a>b",
        f"verdicts:{right['id']}:b>a",
    }


def test_the_latest_verdict_on_two_sentences_wins_across_ledgers(
    tmp_path: Path, ledger_file: Path, seed_findings: list[dict]
) -> None:
    later = Ledger(tmp_path / "later.sqlite")
    later.record(seed_findings[0]["id"], "wrong", finding=seed_findings[0])  # the desk changed its mind
    later.close()
    pairs = verdict_pairs(read_ledgers([ledger_file, tmp_path / "later.sqlite"]))
    assert len(pairs) == 4 and {p.label for p in pairs} == {"neutral"}


def test_recipe_data_includes_verdicts_repeated_and_leak_checked(
    ledger_file: Path, seed_findings: list[dict], nlp: Language
) -> None:
    root = datasets.data_dir()
    from_ledger = read_ledgers([ledger_file])
    # Two verdicts the leak guard must keep out: a SICK TEST pair (scored by the harness), and a finding
    # made on an AllSides event that the perturbation benchmark holds out for its test split.
    sick_test = datasets.sick(root, "TEST")[0]
    held_out_event = sorted(e for e in held_out_events(root, news_articles(root)) if "allsides" in e)[0]
    on_evaluation = [
        _finding("v-sick-test", sick_test.premise, sick_test.hypothesis),
        _finding("v-held-out", "Officials counted 12 votes.", "Officials counted 21 votes.")
        | {"event": held_out_event},
    ]
    config = replace(QUICK, train_articles=8, test_articles=4, synthetic_per_label=40, test_per_label=10)
    built = build_data(
        root,
        config,
        nlp,
        progress=lambda _message: None,
        verdicts=[*from_ledger, *(Verdict(f, True, None, None, "") for f in on_evaluation)],
    )
    trained_on = [p for p in built.train if p.source == "verdicts"]
    assert len(trained_on) == 4 * config.verdict_repeat
    assert set(trained_on) == set(verdict_pairs(from_ledger))
    assert built.stats["verdicts"] == {
        "verdicts": 4,
        "pairs": 4,
        "labels": {"contradiction": 2, "neutral": 2},
        "by_kind": {
            f"verdict:right:{seed_findings[0]['kind']}": 2,
            f"verdict:wrong:{seed_findings[1]['kind']}": 2,
        },
        "dropped_as_evaluation_data": 4,
        "repeat": config.verdict_repeat,
    }
    assert built.stats["leaks"] == {"held_out_event": 0, "eval_sentence": 0, "eval_pair": 0}
    assert built.stats["train_pairs"] == len(built.train)
    without = build_data(root, config, nlp, progress=lambda _message: None)
    # Nothing else moves (the order does: the recipe shuffles everything together).
    assert Counter(p for p in built.train if p.source != "verdicts") == Counter(without.train)


@pytest.mark.parametrize("problem", ["missing", "corrupt", "empty"])
def test_train_nli_refuses_a_bad_ledger_in_one_line(tmp_path: Path, problem: str) -> None:
    ledger = tmp_path / "verdicts.sqlite"
    if problem == "corrupt":
        ledger.write_bytes(b"not a database at all" * 100)
    elif problem == "empty":
        Ledger(ledger).close()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = ["train-nli", "--quick", "--out", str(tmp_path / "model"), "--verdicts", str(ledger)]
    done = subprocess.run(
        [sys.executable, "-m", "checker.cli", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and str(ledger) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "model").exists()


def _finding(finding_id: str, a: str, b: str) -> dict:
    return {"id": finding_id, "kind": "number", "score": 0.9, "a": {"text": a}, "b": {"text": b}}
