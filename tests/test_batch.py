"""checker batch: lenient corpus reading, story grouping, the report directory, the cache and resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.batch import run_batch
from checker.batch.scoring import grouping_scores
from checker.ingest.corpus import read_corpus
from checker.pipeline import compare
from checker.report.batch_json import validate_batch
from checker.report.json_report import to_dict
from tests.conftest import FIXTURES

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ALLSIDES = SHARED_DATA / "allsides_neus" / "articles.jsonl"


def fixture_sets() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").exists())


@pytest.fixture(scope="module")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture set's articles in one corpus directory (a folder per set: the grouping never sees it)."""
    corpus = tmp_path_factory.mktemp("corpus")
    for fixture_set in fixture_sets():
        (corpus / fixture_set.name).mkdir()
        for article in fixture_set.iterdir():
            if article.name not in {"expected.json", "README.md"}:
                shutil.copy(article, corpus / fixture_set.name / article.name)
    return corpus


def set_of(article: dict) -> str:
    return Path(article["path"]).parent.name


@pytest.fixture(scope="module")
def fixture_run(fixture_corpus: Path, tmp_path_factory: pytest.TempPathFactory, settings):
    out = tmp_path_factory.mktemp("out") / "report"
    cache = tmp_path_factory.mktemp("cache") / "cache.sqlite"
    first = run_batch([fixture_corpus], out, settings=settings, cache_path=cache)
    return first, out, cache


# -- reading a corpus -------------------------------------------------------------------------------


def test_bad_records_are_skipped_with_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    records = tmp_path / "feed.jsonl"
    good = {
        "id": "a1",
        "source": "Wire",
        "published": "2025-01-02",
        "text": "The minister resigned on Monday.",
    }
    records.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{not json",
                json.dumps({"id": "a2", "source": "Post"}),
                json.dumps({**good, "text": "A second report with the same id."}),
                json.dumps({"id": "a3", "source": "Post", "text": "The minister stepped down on Monday."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")

    corpus = read_corpus([tmp_path])

    assert [a.id for a in corpus.articles] == ["a1", "a3"]
    problems = {(Path(s.path).name, s.line): s.problem for s in corpus.skipped}
    assert problems[("feed.jsonl", 2)].startswith("not valid JSON")
    assert problems[("feed.jsonl", 3)] == "record has no 'text'"
    assert "duplicate article id 'a1'" in problems[("feed.jsonl", 4)]
    assert "not an article file" in problems[("photo.png", None)]
    assert "binary" in problems[("broken.txt", None)]
    assert corpus.undated == ["a3"]


def test_a_missing_source_is_reported_not_fatal(tmp_path: Path) -> None:
    corpus = read_corpus([tmp_path / "nope.jsonl"])
    assert corpus.articles == []
    assert corpus.skipped[0].problem == "no such file or directory"


# -- a run over the fixture sets --------------------------------------------------------------------


def test_each_fixture_set_becomes_one_story(fixture_run) -> None:
    result, _, _ = fixture_run
    predicted = {a["id"]: s["id"] for s in result.report["stories"] for a in s["articles"]}
    gold = {a["id"]: set_of(a) for s in result.report["stories"] for a in s["articles"]}
    scores = grouping_scores(predicted, gold)
    assert scores["ari"] == 1.0, scores
    assert result.report["corpus"]["multi_outlet_stories"] == len(fixture_sets())


def test_each_story_finds_what_compare_finds_on_its_articles(fixture_run, settings) -> None:
    """batch = grouping + compare per story: the same findings, kinds, statuses and scores. Scores agree
    to rounding: batch embeds a story's sentences among other stories', and in bfloat16 (precision auto)
    the batch a text is padded in moves its numbers by about 1e-3."""
    result, _, _ = fixture_run
    stories = {set_of(s["articles"][0]): s for s in result.report["stories"]}
    for fixture_set in fixture_sets():
        alone = summary(to_dict(compare(article_files(fixture_set), settings=settings))["findings"])
        in_batch = summary(stories[fixture_set.name]["findings"])
        assert [f[:-1] for f in in_batch] == [f[:-1] for f in alone], fixture_set.name
        assert [f[-1] for f in in_batch] == pytest.approx([f[-1] for f in alone], abs=5e-3), fixture_set.name


def test_planted_findings_of_the_established_sets_are_found(fixture_run) -> None:
    result, _, _ = fixture_run
    stories = {set_of(s["articles"][0]): s for s in result.report["stories"]}
    for name in (
        "seeds",
        "participant_place",
        "numbers_dates",
        "polarity",
        "toll_update",
        "opposing_sources",
    ):
        expected = json.loads((FIXTURES / name / "expected.json").read_text(encoding="utf-8"))
        for planted in expected["expect"]:
            assert any(same_finding(f, planted) for f in stories[name]["findings"]), (name, planted)


def article_files(fixture_set: Path) -> list[Path]:
    return sorted(p for p in fixture_set.iterdir() if p.name not in {"expected.json", "README.md"})


def summary(findings: list[dict]) -> list[tuple]:
    """Findings as (sentences either way round, kind, status, score): batch orders a story's articles by
    date, compare by argument order."""
    return sorted(
        (*sorted((f["a"]["text"], f["b"]["text"])), f["kind"], f["status"], round(f["score"], 4))
        for f in findings
    )


def same_finding(finding: dict, planted: dict) -> bool:
    """The report's finding (JSON) is the planted one: kind, status and both sentences, either way round."""
    a, b = finding["a"]["text"], finding["b"]["text"]
    return (finding["kind"], finding["status"]) == (planted["kind"], planted["status"]) and (
        (planted["a_contains"] in a and planted["b_contains"] in b)
        or (planted["a_contains"] in b and planted["b_contains"] in a)
    )


def test_report_directory_is_complete_and_valid(fixture_run) -> None:
    _, out, _ = fixture_run
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.jsonl",
        "index.html",
        "report.json",
        "summary.md",
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    validate_batch(report)
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == report["summary"]["findings"] > 0
    assert {json.loads(line)["story_id"] for line in lines} <= {s["id"] for s in report["stories"]}
    severities = [s["severity"] for s in report["stories"]]
    assert severities == sorted(severities, reverse=True)
    assert not list(out.parent.glob(".report.*")), "no staging directory left behind"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('<section class="story') == len(report["stories"])
    assert page.count('<article class="finding"') == report["summary"]["findings"]


def test_second_run_reads_every_story_from_the_cache(fixture_run, fixture_corpus: Path, settings) -> None:
    first, out, cache = fixture_run
    again = run_batch([fixture_corpus], out, settings=settings, cache_path=cache)
    assert again.report["stats"]["stories_judged_now"] == 0
    assert again.report["stats"]["stories_from_cache"] == first.report["summary"]["stories"]
    assert findings_of(again.report) == findings_of(first.report)


def test_a_first_run_embeds_each_sentence_once_and_nothing_but_sentences_and_headlines(
    fixture_corpus: Path, tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grouping builds leads from the claims' own vectors, which the stories stage then reads from the
    cache: a lead's first paragraph is never embedded a second time."""
    import checker.models
    from checker.claims import extract_claims

    embedded: list[str] = []
    real_embed = checker.models.embed

    def recording(location: str, texts, *args, **kwargs):
        embedded.extend(texts)
        return real_embed(location, texts, *args, **kwargs)

    monkeypatch.setattr(checker.models, "embed", recording)
    run_batch([fixture_corpus], tmp_path / "out", settings=settings, cache_path=tmp_path / "c.sqlite")

    articles = read_corpus([fixture_corpus]).articles
    claims = extract_claims(articles, checker.models.load_spacy(settings.resolved_spacy()))
    sentences = {c.text for found in claims.values() for c in found}
    headlines = {a.title for a in articles if a.title}
    assert embedded and len(embedded) == len(set(embedded))  # nothing twice
    assert set(embedded) <= sentences | headlines
    assert set(embedded) & sentences


def test_only_articles_of_different_outlets_are_compared(tmp_path: Path, settings) -> None:
    seed = (FIXTURES / "participant_place").glob("*.txt")
    texts = [p.read_text(encoding="utf-8") for p in sorted(seed)]
    records = tmp_path / "one-outlet.jsonl"
    records.write_text(
        "\n".join(
            json.dumps({"id": f"w{i}", "source": "Same Wire", "published": "2024-02-15", "text": text})
            for i, text in enumerate(texts)
        ),
        encoding="utf-8",
    )
    result = run_batch([records], tmp_path / "out", settings=settings, cache_path=tmp_path / "c.sqlite")
    assert result.report["corpus"]["multi_outlet_stories"] == 0
    assert result.report["stories"] == []


def test_cli_batch_reports_skipped_input_and_writes_the_report(
    tmp_path: Path, fixture_corpus, fixture_run
) -> None:
    _, _, cache = fixture_run
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    (corpus / "bad.jsonl").write_text('{"id": "x", "source": "Wire"}\n{oops\n')
    shutil.copy(cache, tmp_path / "c.sqlite")  # the articles are those of fixture_run: nothing to recompute
    done = run_cli(
        "batch", str(corpus), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c.sqlite"), "-q"
    )
    assert done.returncode == 0, done.stderr
    assert "bad.jsonl:1: record has no 'text'" in done.stderr
    assert "bad.jsonl:2: not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "bad.jsonl" in summary


def test_cli_batch_with_nothing_readable_fails_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("{oops\n")
    done = run_cli("batch", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "out"), "-q")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("error: no readable articles")
    assert not (tmp_path / "out").exists()


# -- kill -9 and resume -----------------------------------------------------------------------------


@pytest.mark.skipif(not ALLSIDES.exists(), reason="needs ../shared/data/allsides_neus")
def test_a_run_killed_with_sigkill_resumes_to_the_same_report(tmp_path: Path, settings) -> None:
    corpus = tmp_path / "allsides-90.jsonl"  # 30 real events, 2-3 outlets each
    corpus.write_text("".join(ALLSIDES.read_text(encoding="utf-8").splitlines(keepends=True)[:90]))
    killed_cache = tmp_path / "killed.sqlite"
    args = ["batch", str(corpus), "--out", str(tmp_path / "resumed"), "--cache", str(killed_cache), "-q"]

    process = start_cli(*args)
    stories_done = wait_for_stories(killed_cache, process, at_least=2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (tmp_path / "resumed").exists(), "a killed run leaves no report behind"

    resumed = run_cli(*args)
    assert resumed.returncode == 0, resumed.stderr
    clean = run_batch([corpus], tmp_path / "clean", settings=settings, cache_path=tmp_path / "clean.sqlite")

    resumed_report = json.loads((tmp_path / "resumed" / "report.json").read_text(encoding="utf-8"))
    assert resumed_report["stats"]["stories_from_cache"] >= stories_done
    assert resumed_report["stats"]["stories_judged_now"] < clean.report["stats"]["stories_judged_now"]
    assert findings_of(resumed_report) == findings_of(clean.report)
    finding_ids = [f["id"] for s in resumed_report["stories"] for f in s["findings"]]
    assert len(finding_ids) == len(set(finding_ids)), "no finding twice"


def wait_for_stories(cache: Path, process: subprocess.Popen, at_least: int, timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run finished before it could be killed"
        if cache.exists():
            try:
                with sqlite3.connect(cache, timeout=1) as db:
                    done = db.execute("SELECT count(*) FROM stories").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0  # tables not created yet
            if done >= at_least:
                return int(done)
        time.sleep(0.05)
    raise AssertionError("the run judged no story in time")


# -- Ray --------------------------------------------------------------------------------------------


def test_ray_engine_gives_the_same_findings_as_the_local_engine(
    fixture_run, fixture_corpus, tmp_path, settings
):
    ray = pytest.importorskip("ray", reason="Ray is optional (pip install 'checker[ray]')")
    local, _, _ = fixture_run
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        distributed = run_batch(
            [fixture_corpus],
            tmp_path / "out",
            settings=settings,
            cache_path=tmp_path / "c.sqlite",
            engine="ray",
        )
    finally:
        ray.shutdown()
    assert distributed.report["stats"]["stories_judged_now"] == local.report["summary"]["stories"]
    assert findings_of(distributed.report) == findings_of(local.report)


# -- helpers ----------------------------------------------------------------------------------------


def findings_of(report: dict) -> list[dict]:
    """The stories as reported, without their timings (which differ from run to run)."""
    stories = json.loads(json.dumps(report["stories"]))
    for story in stories:
        story["stats"].pop("seconds")
    return stories


def cli_env() -> dict[str, str]:
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=600,
    )


def start_cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "checker.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=cli_env(),
    )
