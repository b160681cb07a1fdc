"""The archive on PostgreSQL: the SQLite archive's behaviours, against a throwaway PostgreSQL server.

The module starts its own server (initdb and pg_ctl; as the `postgres` user when the tests run as root)
listening only on a Unix socket in a private temporary folder, with one database: the module's shared
archive lies in its default schema, and each test that needs an archive of its own gets a schema (the
URL's `options=-csearch_path=...`, as a user would keep two archives in one database). The server is
stopped and its folder removed at the end. Skipped, with the reason,
where the PostgreSQL server binaries or the psycopg driver are missing (`make test` installs both).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from checker.archive import Archive, ArchiveError, ArchiveModelsError, ArchiveNotFoundError, open_archive
from checker.article import Article
from checker.check import check
from checker.config import Settings
from checker.ingest import read_articles

from .conftest import FIXTURES, ROOT
from .test_archive import PUBLISHED, one_line, run_cli
from .test_check import DRAFT_SENTENCE, PACIFIC, PUBLISHED_SENTENCE, expected_position, write_draft

PG_ROOT = Path("/usr/lib/postgresql")
PORT = 5433  # the socket lives in the server's private folder: no other server can hold this port there
DATABASE = "news"
PASSWORD = "s3cret-Pa55word"  # in URLs of the error tests: must never be printed


def find_server_binaries() -> Path | None:
    """PostgreSQL 15's bin folder (Debian's layout), else the newest installed, else initdb on PATH."""
    folders = [PG_ROOT / "15" / "bin"]
    folders += sorted(
        PG_ROOT.glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )[::-1]
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(Path(on_path).parent)
    return next((f for f in folders if (f / "initdb").is_file() and (f / "pg_ctl").is_file()), None)


@dataclass
class Server:
    folder: Path  # data directory, socket and log
    bin: Path
    as_postgres: bool  # root runs the server as the postgres user (PostgreSQL refuses to run as root)

    def url(self, database: str = DATABASE, *, password: str | None = None) -> str:
        user = f"checker:{password}" if password else "checker"
        return f"postgresql://{user}@/{database}?host={self.folder}&port={PORT}"

    def new_archive_url(self) -> str:
        """A URL naming a new, empty schema of the database: room for one more archive."""
        schema = f"archive_{uuid.uuid4().hex[:12]}"
        query(self.url(), f'CREATE SCHEMA "{schema}"')
        return f"{self.url()}&options=-csearch_path%3D{schema}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_postgres else list(args)
        return subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, timeout=120, check=False
        )


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'checker[postgres]')")
    binaries = find_server_binaries()
    if binaries is None:
        pytest.skip(f"no PostgreSQL server binaries (initdb, pg_ctl) in {PG_ROOT}/*/bin or on PATH")
    as_postgres = os.geteuid() == 0
    if as_postgres:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and no postgres user to run the PostgreSQL server as")
    folder = Path(tempfile.mkdtemp(prefix="checker-pg-"))  # short: a socket path has ~100 characters
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    pg = Server(folder, binaries, as_postgres)
    data = folder / "data"
    try:
        done = pg.run(
            str(binaries / "initdb"),
            *("-D", str(data), "-U", "checker", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"),
        )
        assert done.returncode == 0, f"initdb failed: {done.stderr[-2000:]}"
        options = f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        done = pg.run(
            str(binaries / "pg_ctl"),
            *("-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "-o", options, "start"),
        )
        log = folder / "server.log"
        assert done.returncode == 0, f"pg_ctl start failed: {done.stderr} {log.read_text()[-2000:]}"
        query(pg.url("postgres"), f"CREATE DATABASE {DATABASE}")
        yield pg
    finally:
        if data.is_dir():
            pg.run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def published_articles() -> list[Article]:
    return read_articles(PUBLISHED)


@pytest.fixture(scope="module")
def pg_archive(server: Server, settings: Settings, published_articles: list[Article]) -> Iterator[Archive]:
    """One archive of the fixture reports for the module (the tests that change it restore it)."""
    with open_archive(server.url(), settings) as opened:  # the plain form: postgresql://user@/db
        result = opened.add(published_articles)
        assert sorted(result.added) == sorted(a.id for a in published_articles)
        yield opened


def query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []


def first_sentence(article: Article) -> str:
    return article.text.split("\n")[2]


# -- the behaviours of the SQLite archive --------------------------------------------------------------


def test_stats_match_what_was_added(
    pg_archive: Archive, published_articles: list[Article], settings: Settings
) -> None:
    stats = pg_archive.stats()
    assert stats.location.startswith("postgresql://")
    assert stats.articles == len(published_articles)
    assert stats.claims > 5 * len(published_articles)
    assert stats.indexed == stats.claims
    assert stats.outlets == len({a.source for a in published_articles})
    assert (stats.first_published, stats.last_published) == ("2024-02-15", "2025-08-12")
    tables = query(
        pg_archive.location,
        "SELECT pg_total_relation_size('checker_meta') + pg_total_relation_size('checker_articles') "
        "+ pg_total_relation_size('checker_claims')",
    )[0][0]
    assert stats.size_bytes == tables > 100_000  # no index file: the tables are the archive's size
    assert set(stats.models) == {"embedder", "spacy", "claims"}
    # A second handle builds its index in memory from the stored vectors, and finds the same claims.
    with open_archive(pg_archive.location, settings, create=False) as other:
        again = other.stats()
        assert (again.articles, again.claims, again.indexed) == (stats.articles, stats.claims, stats.claims)
        target = published_articles[2]
        [best, *_] = other.search(other.embed([first_sentence(target)]), 3)[0]
        assert best.article_id == target.id and best.similarity > 0.99


def test_readding_is_a_no_op(pg_archive: Archive, published_articles: list[Article]) -> None:
    before = pg_archive.stats()
    result = pg_archive.add(published_articles)
    assert result.added == []
    assert sorted(result.unchanged) == sorted(a.id for a in published_articles)
    after = pg_archive.stats()
    assert (after.generation, after.claims) == (before.generation, before.claims)


def test_same_id_new_content_replaces_and_remove_drops_claims(
    server: Server, settings: Settings, published_articles: list[Article]
) -> None:
    url = server.new_archive_url()
    original, other = published_articles[0], published_articles[1]
    with open_archive(url, settings) as opened:
        opened.add([original, other])
        claims_before = opened.stats().claims
        changed = replace(
            original,
            text=original.text + "\n\nOfficials said a second team of 80 rescuers arrived on Friday.",
        )
        result = opened.add([changed])
        assert result.added == [original.id] and result.unchanged == []
        stats = opened.stats()
        assert stats.articles == 2 and stats.claims == claims_before + 1 == stats.indexed
        claims, _ = opened.claims([original.id])
        assert "80 rescuers" in claims[original.id][-1].text

        assert opened.remove([original.id]) == [original.id]
        stats = opened.stats()
        assert stats.articles == 1 and stats.claims == stats.indexed
        assert all(
            hit.article_id != original.id for hit in opened.search(opened.embed(["80 rescuers"]), 20)[0]
        )
    rows = query(url, "SELECT count(*) FROM checker_claims WHERE article_id = %s", (original.id,))
    assert rows == [(0,)]
    with open_archive(url, settings, create=False) as reopened:
        assert (reopened.stats().articles, reopened.stats().indexed) == (1, stats.claims)


def test_remove_unknown_id_names_it_and_removes_nothing(
    pg_archive: Archive, published_articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    from checker.archive import UnknownArticleError

    known = published_articles[0].id
    before = pg_archive.stats()
    with pytest.raises(UnknownArticleError, match="no-such-article") as error:
        pg_archive.remove([known, "no-such-article"])
    assert known not in str(error.value) and pg_archive.location in str(error.value)
    assert (pg_archive.stats().articles, pg_archive.stats().generation) == (
        before.articles,
        before.generation,
    )
    code, _, err = run_cli(capsys, "archive", "remove", "no-such-article", "--archive", pg_archive.location)
    assert code == 2 and "no-such-article" in one_line(err)


def test_contradicting_draft_points_at_its_own_line(
    tmp_path: Path, pg_archive: Archive, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = write_draft(tmp_path, "quake-draft.md")
    report = check([draft], archive=pg_archive, settings=settings)
    [finding] = [f for f in report.contradictions if f.kind == "number"]
    assert DRAFT_SENTENCE in finding.a.text and PUBLISHED_SENTENCE in finding.b.text
    assert [a.source for a in report.articles[1:]] == ["pacific-wire"]
    line, column = expected_position(draft, DRAFT_SENTENCE)
    code, out, err = run_cli(capsys, "check", str(draft), "--archive", pg_archive.location, "-q")
    assert code == 1, err
    assert f"{draft}:{line}:{column}" in out
    published_line = expected_position(PACIFIC, PUBLISHED_SENTENCE)[0]
    assert f"pacific-wire, 2025-03-14 ({PACIFIC}:{published_line})" in out and "number: 12 ≠ 40" in out


def test_consistent_draft_has_no_finding(
    tmp_path: Path, pg_archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "izmir-draft.txt"
    draft.write_text((FIXTURES / "more_specific" / "2025-08-12_bosphorus-daily.txt").read_text())
    code, out, err = run_cli(
        capsys, "check", str(draft), "--archive", pg_archive.location, "--format", "json"
    )
    assert code == 0, err
    document = json.loads(out)
    assert document["findings"] == []
    assert {a["source"] for a in document["articles"][1:]} == {"aegean-report", "anatolia-news-service"}


def test_other_models_are_refused_with_the_rebuild_command(
    server: Server, settings: Settings, published_articles: list[Article]
) -> None:
    url = server.new_archive_url()
    with open_archive(url, settings) as opened:
        opened.add(published_articles[:1])
    [(stored,)] = query(url, "SELECT value FROM checker_meta WHERE key = 'models'")
    models = json.loads(stored)
    models["embedder"] = "some-other-embedder@0123"
    query(url, "UPDATE checker_meta SET value = %s WHERE key = 'models'", (json.dumps(models),))
    with open_archive(url, settings) as opened:
        with pytest.raises(ArchiveModelsError, match="some-other-embedder") as error:
            opened.add(published_articles[1:2])
        assert f"checker archive rebuild --archive {url}" in str(error.value)
        assert opened.rebuild() == 1
        assert opened.add(published_articles[1:2]).added == [published_articles[1].id]


def test_readers_search_while_another_thread_adds(
    server: Server, settings: Settings, published_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.archive.archive

    monkeypatch.setattr(checker.archive.archive, "CHUNK_ARTICLES", 2)  # several commits during the reads
    opened = open_archive(server.new_archive_url(), settings)
    opened.add(published_articles[:1])
    many = [replace(a, id=f"{a.id}-copy") for a in published_articles[1:]]
    query_vector = opened.embed(["The National Disaster Mitigation Agency said 40 people had been killed."])
    errors: list[BaseException] = []

    def add() -> None:
        try:
            opened.add(many)
        except BaseException as error:
            errors.append(error)

    writer = threading.Thread(target=add)
    writer.start()
    searches = 0
    seen_articles: set[int] = set()
    while writer.is_alive() or searches == 0:
        hits = opened.search(query_vector, 5)[0]
        assert hits and hits[0].similarity > 0.3
        seen_articles.add(opened.stats().articles)  # every state a reader sees is a committed one
        searches += 1
        time.sleep(0.01)
    writer.join()
    assert not errors and searches > 1
    assert seen_articles <= {1, 3, 5, 7}  # 1, then 2 more per transaction
    stats = opened.stats()
    assert stats.articles == 1 + len(many) and stats.indexed == stats.claims
    opened.close()


def test_killed_mid_add_leaves_a_consistent_archive(
    tmp_path: Path,
    server: Server,
    settings: Settings,
    published_articles: list[Article],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = server.new_archive_url()
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
        [sys.executable, "-m", "checker.cli", "archive", "add", str(corpus), "--archive", url, "-q"],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _stored_articles(url) >= 16:  # at least one transaction committed, most of the work to do
            break
        time.sleep(0.02)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = _stored_articles(url)
    assert 0 < stored < total and stored % 16 == 0  # whole transactions only
    [(orphans,)] = query(
        url,
        "SELECT count(*) FROM checker_claims c LEFT JOIN checker_articles a ON a.id = c.article_id "
        "WHERE a.id IS NULL",
    )
    assert orphans == 0

    code, out, err = run_cli(capsys, "archive", "stats", "--archive", url, "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["articles"] == stored and figures["indexed"] == figures["claims"] > 0
    with open_archive(url, settings) as opened:
        report = check([published_articles[0]], archive=opened, settings=settings)
        assert report.findings == []  # the same text as its archived copies: nothing to flag
        assert len(report.articles) > 1  # ... but the copies were found
        result = opened.add(read_articles([corpus])[: stored + 2])  # resuming adds only what was left out
        assert len(result.unchanged) == stored and len(result.added) == 2


def _stored_articles(url: str) -> int:
    import psycopg

    try:
        return int(query(url, "SELECT count(*) FROM checker_articles")[0][0])
    except psycopg.Error:  # the tables are not there yet
        return 0


# -- errors ------------------------------------------------------------------------------------------


def test_missing_archive_and_bad_database_are_one_line_errors_without_the_password(
    server: Server, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = server.new_archive_url()
    with pytest.raises(ArchiveNotFoundError, match="checker archive add") as error:
        open_archive(empty, settings, create=False)
    assert empty in str(error.value)
    assert query(empty, "SELECT to_regclass('checker_meta')") == [(None,)]  # nothing was created

    nowhere = server.url("no_such_database", password=PASSWORD)
    with pytest.raises(ArchiveError, match="no_such_database") as error:
        open_archive(nowhere, settings)
    message = str(error.value)
    assert PASSWORD not in message and "checker:***@" in message and "\n" not in message
    code, out, err = run_cli(capsys, "archive", "stats", "--archive", nowhere)
    assert code == 2 and "no_such_database" in one_line(err) and PASSWORD not in out + err

    query(empty, "CREATE TABLE checker_meta (key text PRIMARY KEY, value text NOT NULL)")
    with pytest.raises(ArchiveError, match="not a checker archive"):
        open_archive(empty, settings)


def test_without_the_driver_a_postgres_url_says_what_to_install(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, checker.archive; print('psycopg' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"  # SQLite archives never import the driver
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(ArchiveError, match=r"pip install 'checker\[postgres\]'") as error:
        open_archive(f"postgresql://checker:{PASSWORD}@localhost/news", settings)
    assert PASSWORD not in str(error.value) and "postgresql://checker:***@localhost/news" in str(error.value)
