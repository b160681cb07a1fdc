"""The archive of published coverage: build, re-add, replace, remove, models, damage, crash, threads."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacy.language import Language

from checker.archive import (
    DEFAULT_ARCHIVE,
    Archive,
    ArchiveError,
    ArchiveModelsError,
    ArchiveNotFoundError,
    UnknownArticleError,
    open_archive,
    resolve_location,
)
from checker.article import Article
from checker.batch.workers import claims_by_chunk
from checker.config import Settings
from checker.ingest import read_articles

from .conftest import FIXTURES, ROOT

PUBLISHED = [
    FIXTURES / "numbers_dates" / "2025-03-14_pacific-wire.txt",
    FIXTURES / "more_specific" / "2025-08-12_aegean-report.txt",
    FIXTURES / "more_specific" / "2025-08-12_anatolia-news-service.txt",
    FIXTURES / "toll_update" / "2024-09-18_lagos-morning-post.txt",
    FIXTURES / "toll_update" / "2024-09-19_west-africa-wire.txt",
    FIXTURES / "participant_place" / "2024-02-15_levant-wire.txt",
    FIXTURES / "polarity" / "2025-06-03_horizon-news-agency.txt",
]


@pytest.fixture(scope="session")
def published_articles() -> list[Article]:
    return read_articles(PUBLISHED)


_BUILT: list[Archive] = []  # test_check and test_sarif import the fixture: one build for all three


@pytest.fixture(scope="session")
def archive(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, published_articles: list[Article]
) -> Iterator[Archive]:
    """One archive of fixture reports for the whole session (the tests that change it restore it)."""
    if _BUILT:
        yield _BUILT[0]
        return
    path = tmp_path_factory.mktemp("archive") / "published.sqlite"
    with open_archive(path, settings) as opened:
        result = opened.add(published_articles)
        assert sorted(result.added) == sorted(a.id for a in published_articles)
        _BUILT.append(opened)
        yield opened
        _BUILT.clear()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`checker ARGS...` in this process (models stay loaded): exit code, stdout, stderr."""
    from checker.cli import main

    capsys.readouterr()
    saved = sys.argv
    sys.argv = ["checker", *args]
    try:
        main()
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.argv = saved
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def small_archive(path: Path, settings: Settings, articles: list[Article]) -> Archive:
    opened = open_archive(path, settings)
    opened.add(articles)
    return opened


def test_stats_match_what_was_added(archive: Archive, published_articles: list[Article]) -> None:
    stats = archive.stats()
    assert stats.articles == len(published_articles)
    assert stats.claims > 5 * len(published_articles)
    assert stats.indexed == stats.claims
    assert stats.outlets == len({a.source for a in published_articles})
    assert (stats.first_published, stats.last_published) == ("2024-02-15", "2025-08-12")
    assert stats.size_bytes > Path(archive.location).stat().st_size  # the index file counts too
    assert set(stats.models) == {"embedder", "spacy", "claims"}
    assert "en_core_web_sm" in stats.models["spacy"]


def test_readding_is_a_no_op(archive: Archive, published_articles: list[Article]) -> None:
    before = archive.stats()
    result = archive.add(published_articles)
    assert result.added == []
    assert sorted(result.unchanged) == sorted(a.id for a in published_articles)
    after = archive.stats()
    assert (after.generation, after.claims) == (before.generation, before.claims)


def test_same_id_new_content_replaces(
    tmp_path: Path, settings: Settings, published_articles: list[Article]
) -> None:
    from dataclasses import replace

    original = published_articles[0]
    with small_archive(tmp_path / "a.sqlite", settings, [original]) as opened:
        claims_before = opened.stats().claims
        changed = replace(
            original,
            text=original.text + "\n\nOfficials said a second team of 80 rescuers arrived on Friday.",
        )
        result = opened.add([changed])
        assert result.added == [original.id] and result.unchanged == []
        stats = opened.stats()
        assert stats.articles == 1
        assert stats.claims == claims_before + 1 == stats.indexed
        claims, _ = opened.claims([original.id])
        assert "80 rescuers" in claims[original.id][-1].text


def test_remove_unknown_id_names_it_and_removes_nothing(
    archive: Archive, published_articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    known = published_articles[0].id
    before = archive.stats()
    with pytest.raises(UnknownArticleError, match="no-such-article") as error:
        archive.remove([known, "no-such-article"])
    assert known not in str(error.value)
    assert archive.stats().articles == before.articles
    code, _, err = run_cli(capsys, "archive", "remove", "no-such-article", "--archive", archive.location)
    assert code == 2 and "no-such-article" in one_line(err)


def test_remove_drops_claims_from_store_and_index(
    tmp_path: Path, settings: Settings, published_articles: list[Article]
) -> None:
    with small_archive(tmp_path / "a.sqlite", settings, published_articles[:2]) as opened:
        gone = published_articles[0]
        assert opened.remove([gone.id]) == [gone.id]
        stats = opened.stats()
        assert stats.articles == 1 and stats.claims == stats.indexed
        vector = opened.embed([gone.text.split("\n")[2]])
        assert all(hit.article_id != gone.id for hit in opened.search(vector, 20)[0])
    with open_archive(tmp_path / "a.sqlite", settings, create=False) as reopened:
        assert reopened.stats().indexed == stats.claims  # the saved index reflects the removal


def test_other_models_are_refused_with_the_rebuild_command(
    tmp_path: Path, settings: Settings, published_articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.sqlite"
    small_archive(path, settings, published_articles[:1]).close()
    with sqlite3.connect(path) as db:
        models = json.loads(db.execute("SELECT value FROM meta WHERE key = 'models'").fetchone()[0])
        models["embedder"] = "some-other-embedder@0123"
        db.execute("UPDATE meta SET value = ? WHERE key = 'models'", (json.dumps(models),))
    with open_archive(path, settings) as opened:
        with pytest.raises(ArchiveModelsError, match="some-other-embedder") as error:
            opened.add(published_articles[1:2])
        assert f"checker archive rebuild --archive {path}" in str(error.value)
    draft = tmp_path / "draft.txt"
    draft.write_text(published_articles[0].text)
    code, _, err = run_cli(capsys, "check", str(draft), "--archive", str(path))
    assert code == 2 and "rebuild" in one_line(err) and str(path) in err
    with open_archive(path, settings) as opened:
        assert opened.rebuild() == 1
        assert opened.add(published_articles[1:2]).added == [published_articles[1].id]


def test_corrupt_and_missing_archives_are_one_line_errors(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(ArchiveError, match=r"corrupt\.sqlite"):
        open_archive(corrupt, settings)
    code, _, err = run_cli(capsys, "archive", "stats", "--archive", str(corrupt))
    assert code == 2 and "corrupt.sqlite" in one_line(err)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(ArchiveError, match="not a checker archive"):
        open_archive(other, settings)
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(ArchiveNotFoundError, match=r"missing\.sqlite"):
        open_archive(missing, settings, create=False)
    assert not missing.exists()


def test_location_flag_then_env_then_config_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_ARCHIVE", raising=False)
    monkeypatch.delenv("CHECKER_CONFIG", raising=False)
    assert resolve_location(None) == DEFAULT_ARCHIVE
    (tmp_path / "checker.toml").write_text('[archive]\npath = "from-config.sqlite"\n')
    assert Path(resolve_location(None)).resolve() == tmp_path / "from-config.sqlite"
    monkeypatch.setenv("CHECKER_ARCHIVE", "from-env.sqlite")
    assert resolve_location(None) == Path("from-env.sqlite")
    assert resolve_location("flag.sqlite") == Path("flag.sqlite")
    assert resolve_location("postgresql://localhost/news") == "postgresql://localhost/news"


def test_stale_or_damaged_index_is_caught_up(
    tmp_path: Path, settings: Settings, published_articles: list[Article]
) -> None:
    path = tmp_path / "a.sqlite"
    index_file = tmp_path / "a.sqlite.faiss"
    small_archive(path, settings, published_articles[:1]).close()
    old_index = index_file.read_bytes()
    small_archive(path, settings, published_articles[1:3]).close()
    index_file.write_bytes(old_index)  # as if the writer died before saving the index
    with open_archive(path, settings) as opened:
        stats = opened.stats()
        assert stats.articles == 3 and stats.indexed == stats.claims
    index_file.write_bytes(b"garbage")
    with open_archive(path, settings) as opened:
        assert opened.stats().indexed == stats.claims
    index_file.unlink()
    with open_archive(path, settings) as opened:
        assert opened.stats().indexed == stats.claims
        hits = opened.search(opened.embed([published_articles[2].text.split("\n")[2]]), 1)
        assert hits[0][0].article_id == published_articles[2].id and hits[0][0].similarity > 0.99


def test_readers_search_while_another_thread_adds(
    tmp_path: Path, settings: Settings, published_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import checker.archive.archive

    monkeypatch.setattr(checker.archive.archive, "CHUNK_ARTICLES", 2)  # several commits during the reads
    opened = small_archive(tmp_path / "a.sqlite", settings, published_articles[:1])
    many = [replace(a, id=f"{a.id}-copy") for a in published_articles[1:]]
    query = opened.embed(["The National Disaster Mitigation Agency said 40 people had been killed."])
    errors: list[BaseException] = []

    def add() -> None:
        try:
            opened.add(many)
        except BaseException as error:
            errors.append(error)

    writer = threading.Thread(target=add)
    writer.start()
    searches = 0
    while writer.is_alive() or searches == 0:
        hits = opened.search(query, 5)[0]
        assert hits and all(hit.similarity > 0.3 for hit in hits[:1])
        searches += 1
        time.sleep(0.01)
    writer.join()
    assert not errors and searches > 1
    stats = opened.stats()
    assert stats.articles == 1 + len(many) and stats.indexed == stats.claims
    opened.close()


def test_killed_mid_add_the_next_open_catches_up(
    tmp_path: Path, settings: Settings, published_articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    from checker.check import check

    path = tmp_path / "crash.sqlite"
    corpus = tmp_path / "many.jsonl"
    total = 240
    with corpus.open("w") as stream:
        for n in range(total):
            article = published_articles[n % len(published_articles)]
            record = {
                "id": f"copy-{n:04d}",
                "source": f"{article.source}-{n % 11}",
                "published": article.published_date.isoformat() if article.published_date else None,
                "title": article.title,
                "text": article.text,
            }
            stream.write(json.dumps(record) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "archive", "add", str(corpus), "--archive", str(path), "-q"],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        stored = _stored_articles(path)
        if stored >= 16:  # at least one transaction committed, most of the work still to do
            break
        time.sleep(0.02)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = _stored_articles(path)
    assert 0 < stored < total  # killed mid-add
    index_file = Path(f"{path}.faiss")
    if index_file.exists():  # the index on disk does not reflect the store
        header = json.loads(index_file.read_bytes().split(b"\n")[1])
        with sqlite3.connect(path) as db:
            generation = int(db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])
        assert header["generation"] != generation

    code, out, err = run_cli(capsys, "archive", "stats", "--archive", str(path), "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["articles"] == stored and figures["indexed"] == figures["claims"] > 0
    with open_archive(path, settings) as opened:
        draft = published_articles[0]
        report = check([draft], archive=opened, settings=settings)
        assert report.findings == []  # the same text as its archived copies: nothing to flag
        assert len(report.articles) > 1  # ... but the copies were found
        # Resuming adds only what the kill left out (two more here, to keep the test short).
        result = opened.add(read_articles([corpus])[: stored + 2])
        assert len(result.unchanged) == stored and len(result.added) == 2


def _stored_articles(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_search_respects_since(archive: Archive) -> None:
    import datetime as dt

    query = archive.embed(["At least seven people were killed in the collapse of a building in Ibadan."])
    everything = archive.search(query, 10)[0]
    assert any(hit.article_id.startswith("2024-09-18") for hit in everything)
    recent = archive.search(query, 10, since=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))[0]
    assert recent and all(not hit.article_id.startswith("2024") for hit in recent)
    assert np.isfinite([hit.similarity for hit in recent]).all()


def test_large_add_stores_what_check_computes(
    tmp_path: Path,
    settings: Settings,
    nlp: Language,
    published_articles: list[Article],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large add extracts claims in worker processes while this process embeds them; a small one does
    both here. Either way the archive holds exactly the claims `checker check` extracts from the same
    article, and its vectors (to float rounding: the texts sharing a batch change the last bits, so the
    run is in float32, where that is 1e-6; bfloat16 rounds to about 1e-3)."""
    import torch

    import checker.archive.archive
    from checker import models
    from checker.claims import extract_claims
    from checker.leads import lead_texts, lead_vectors

    settings = replace(settings, precision="fp32")
    module = checker.archive.archive
    monkeypatch.setattr(module, "CHUNK_ARTICLES", 1)  # 7 chunks: enough for worker processes
    workers: list[int] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        workers.append(kwargs["workers"])
        return claims_by_chunk(*args, **kwargs)

    monkeypatch.setattr(module, "claims_by_chunk", recording)
    ids = [a.id for a in published_articles]
    threads = torch.get_num_threads()
    stored = {}
    for cores in (2, 1):
        with open_archive(tmp_path / f"cores-{cores}.sqlite", settings) as opened:
            opened.cores = cores
            assert opened.add(published_articles).added == ids
            stored[cores] = (*opened.claims(ids), opened.leads(ids))
    assert workers == [1, 0]  # one worker process beside this one, then none
    assert torch.get_num_threads() == threads  # the add gave torch its threads back

    embed = models.embedder_for(settings)
    for article in published_articles:
        expected = extract_claims([article], nlp)[article.id]  # as check reads a draft
        vectors = embed([c.text for c in expected])
        parts = lead_texts([article], {article.id: expected})
        lead = lead_vectors(
            [article], {article.id: expected}, dict(zip(parts, embed(list(parts.values())), strict=True))
        )
        for claims, by_id, leads in stored.values():
            assert claims[article.id] == expected
            got = np.stack([by_id[c.id] for c in expected])
            np.testing.assert_allclose(got, vectors, rtol=0, atol=1e-5)
            np.testing.assert_allclose(leads[article.id][0], lead[0], rtol=0, atol=1e-5)
