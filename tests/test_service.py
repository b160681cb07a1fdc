"""The HTTP service over a real socket: uvicorn on a free loopback port, the real models, an archive built
from the fixture articles. Drafts come from the Sulawesi earthquake fixture: the Pacific Wire report
(40 dead, Thursday) contradicts the archived Archipelago Times report (12 dead, Tuesday)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from checker import places
from checker.archive import open_archive
from checker.config import Settings
from checker.ingest import read_articles
from checker.report.json_report import validate
from checker.service import create_app

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

QUAKE = FIXTURES / "numbers_dates"
DRAFT_FILE = QUAKE / "2025-03-14_pacific-wire.txt"
ARCHIVED_SENTENCE = "The earthquake killed 12 people"
DRAFT_SENTENCE = "said 40 people had been killed"
CONSISTENT_DRAFT = (
    "PALU, Indonesia — A magnitude 6.1 earthquake struck Central Sulawesi before dawn on Tuesday, "
    "flattening houses in hillside villages north of Poso.\n\n"
    "The National Disaster Mitigation Agency said the earthquake killed 12 people, most of them as they "
    "slept.\n\n"
    "About 300 homes were destroyed, and thousands of residents spent the night outdoors."
)
LIMIT = 256 * 1024
TOKEN = "s3cret-token"


def contradicting_draft(**extra: Any) -> dict[str, Any]:
    return {
        "text": DRAFT_FILE.read_text(encoding="utf-8"),
        "id": "draft-pacific",
        "source": "Pacific Wire",
        "published": "2025-03-14",
        **extra,
    }


def fixture_paths() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*.txt") if p != DRAFT_FILE)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run `app` with uvicorn in a thread on a free loopback port; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 600
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(120)
        sock.close()


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    path = tmp_path_factory.mktemp("service") / "archive.sqlite"
    with open_archive(path, settings) as archive:
        archive.add(read_articles(fixture_paths(), date_order=settings.date_order))
    return path


@pytest.fixture(scope="module")
def client(archive_path: Path, settings: Settings) -> Iterator[httpx.Client]:
    places.known_places.cache_clear()  # so that the health test sees what the startup read
    app = create_app(settings, archive_path, max_request_bytes=LIMIT)
    with serving(app) as url, httpx.Client(base_url=url, timeout=300) as http:
        yield http


def test_health_reports_models_archive_and_version(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]
    assert set(body["models"]) == {"nli", "embedder", "spacy"}
    assert body["archive"]["articles"] == len(fixture_paths())
    assert body["archive"]["claims"] > body["archive"]["articles"]
    # Where cities lie is read at startup, not on the first request that compares two places.
    assert places.known_places.cache_info().currsize == 1


def _sentences(body: dict[str, Any], status: str = "contradiction") -> list[tuple[str, str]]:
    return [(f["a"]["text"], f["b"]["text"]) for f in body["findings"] if f["status"] == status]


def test_contradicting_draft_fails_with_both_sentences(client: httpx.Client) -> None:
    response = client.post("/check", json=contradicting_draft())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"] == "fail"
    assert body["fail_on"] == "contradiction"
    pairs = _sentences(body)
    assert any(DRAFT_SENTENCE in a and ARCHIVED_SENTENCE in b for a, b in pairs), pairs
    validate({k: v for k, v in body.items() if k not in ("verdict", "fail_on")})  # compare's schema


def test_fail_on_never_passes_the_same_draft(client: httpx.Client) -> None:
    body = client.post("/check", json=contradicting_draft(fail_on="never")).json()
    assert body["verdict"] == "pass"
    assert body["summary"]["contradictions"] >= 1  # the findings are still reported


def test_editors_verdict_on_a_reported_finding(client: httpx.Client, archive_path: Path) -> None:
    body = client.post("/check", json=contradicting_draft()).json()
    finding = next(f for f in body["findings"] if f["status"] == "contradiction")

    response = client.post(
        "/verdicts", json={"finding_id": finding["id"], "verdict": "right", "editor": "desk"}
    )
    assert response.status_code == 200, response.text
    recorded = response.json()
    assert (recorded["kind"], recorded["verdicts"]["right"]) == (finding["kind"], 1)
    assert archive_path.with_name(f"{archive_path.stem}.verdicts.sqlite").exists()  # beside the archive

    unknown = client.post("/verdicts", json={"finding_id": "f-none", "verdict": "wrong"})
    assert unknown.status_code == 404
    assert "no finding 'f-none'" in unknown.json()["message"]
    assert client.post("/verdicts", json={"finding_id": finding["id"], "verdict": "maybe"}).status_code == 422


def test_consistent_draft_passes(client: httpx.Client) -> None:
    response = client.post(
        "/check", json={"text": CONSISTENT_DRAFT, "source": "Palu Post", "published": "2025-03-14"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"] == "pass", _sentences(body)
    assert body["summary"]["contradictions"] == 0
    # It was compared with the archived report of the same quake, not with nothing.
    assert any(a["source"] == "archipelago-times" for a in body["articles"]), body["articles"]


def test_markdown_draft(client: httpx.Client) -> None:
    text = "---\ntitle: Quake\n---\n\n# Quake\n\n" + DRAFT_FILE.read_text(encoding="utf-8")
    body = client.post("/check", json=contradicting_draft(text=text, format="markdown")).json()
    assert body["verdict"] == "fail"


def test_content_length_over_limit_is_413_before_the_body_is_read(client: httpx.Client) -> None:
    host, port = client.base_url.host, client.base_url.port
    assert port is not None
    with socket.create_connection((host, port), timeout=30) as raw:
        # Headers only: the server must answer without waiting for the gigabyte it was promised.
        raw.sendall(
            b"POST /check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000\r\n\r\n"
        )
        reply = b""
        while chunk := raw.recv(65536):  # the server closes the connection after its answer
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"over the limit" in reply


def test_streamed_body_over_limit_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer encoding
        yield b'{"text": "'
        for _ in range(2 * LIMIT // 8192):
            yield b"x" * 8192
        yield b'"}'

    response = client.post("/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "over the limit" in response.json()["message"]
    # The rest of the body was read and dropped before the answer, so the connection is not closed under
    # a client that is still sending (a reset would lose the 413) and can carry the next request.
    assert response.headers.get("connection") != "close"
    assert client.get("/health").status_code == 200


def test_declared_body_over_limit_is_413_for_a_client_that_sends_before_reading(client: httpx.Client) -> None:
    body = b'{"text": "' + b"x" * (2 * LIMIT) + b'"}'  # httpx sends the whole body, then reads
    for _ in range(5):
        response = client.post("/check", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert f"({len(body)} bytes) is over the limit" in response.json()["message"]
        assert response.headers.get("connection") != "close"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"text": "A quake struck.",', "malformed JSON"),
        ('{"text": "   \\n  "}', "draft text is empty"),
        ('{"id": "x"}', "body.text: Field required"),
        ('{"text": "A quake struck.", "since": 3}', "body.since: Extra inputs are not permitted"),
        ('{"text": "A quake struck.", "published": "last week"}', "not an ISO date"),
        ('{"text": "A quake struck.", "fail_on": "sometimes"}', "body.fail_on"),
        ('{"text": "A quake struck.", "since_days": 0}', "body.since_days"),
        ('{"text": "<p></p>", "format": "html"}', "no article text"),
    ],
)
def test_bad_requests_are_422_with_the_reason(client: httpx.Client, body: str, reason: str) -> None:
    response = client.post("/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert reason in message, message
    assert "\n" not in message and "Traceback" not in response.text


def test_delete_unknown_article_is_404(client: httpx.Client) -> None:
    response = client.delete("/archive/no-such-article")
    assert response.status_code == 404
    assert "no-such-article" in response.json()["message"]


def test_openapi_documents_the_endpoints(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/check", "/archive", "/archive/{article_id}", "/health"} <= set(schema["paths"])
    assert schema["components"]["schemas"]["DraftIn"]["examples"][0]["text"]
    assert client.get("/docs").status_code == 200


def test_checks_while_the_archive_grows(client: httpx.Client) -> None:
    """Checks sent while a 40-article POST /archive runs all succeed and find the contradiction; the
    archive's counts add up afterwards."""
    before = client.get("/health").json()["archive"]
    texts = [p.read_text(encoding="utf-8") for p in fixture_paths()]
    bulk = [
        {
            "id": f"bulk-{i:02d}",
            "text": texts[i % len(texts)],
            "source": f"Outlet {i}",
            "published": "2025-03-14",
        }
        for i in range(40)
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        adding = pool.submit(client.post, "/archive", json=bulk)
        checks = [pool.submit(client.post, "/check", json=contradicting_draft()) for _ in range(4)]
        checks.append(pool.submit(client.get, "/health"))
        added = adding.result()
        answers = [c.result() for c in checks]
    assert added.status_code == 200, added.text
    assert sorted(added.json()["added"]) == [item["id"] for item in bulk]
    for answer in answers[:-1]:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["verdict"] == "fail"
        assert any(DRAFT_SENTENCE in a and ARCHIVED_SENTENCE in b for a, b in _sentences(body))
    assert answers[-1].status_code == 200
    after = client.get("/health").json()["archive"]
    assert after["articles"] == before["articles"] + len(bulk)
    assert after["claims"] > before["claims"]
    assert after["indexed"] == after["claims"]
    assert added.json()["archive"] == after

    for item in bulk[:3]:
        removed = client.delete(f"/archive/{item['id']}")
        assert removed.status_code == 200 and removed.json()["removed"] == [item["id"]]
    assert client.get("/health").json()["archive"]["articles"] == after["articles"] - 3


def test_post_one_article_then_unchanged(client: httpx.Client) -> None:
    article = {
        "id": "one-article",
        "text": CONSISTENT_DRAFT,
        "source": "Palu Post",
        "published": "2025-03-14",
    }
    first = client.post("/archive", json=article)
    assert first.status_code == 200, first.text
    assert first.json()["added"] == ["one-article"]
    again = client.post("/archive", json=article)
    assert again.json()["unchanged"] == ["one-article"]
    assert client.delete("/archive/one-article").status_code == 200
    twice = client.post("/archive", json=[article, article])
    assert twice.status_code == 422 and "given twice" in twice.json()["message"]


def test_token_is_required_when_set(tmp_path: Path, settings: Settings) -> None:
    app = create_app(settings, tmp_path / "empty.sqlite", token=TOKEN)
    with serving(app) as url, httpx.Client(base_url=url, timeout=300) as http:
        assert http.get("/health").status_code == 401
        wrong = http.post("/check", json={"text": CONSISTENT_DRAFT}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"] == "Bearer"
        assert http.delete("/archive/x").status_code == 401
        good = {"Authorization": f"Bearer {TOKEN}"}
        assert http.get("/health", headers=good).json()["archive"]["articles"] == 0
        answer = http.post("/check", json={"text": CONSISTENT_DRAFT}, headers=good)
        assert answer.status_code == 200 and answer.json()["verdict"] == "pass"  # nothing published yet
        assert http.get("/openapi.json").status_code == 200  # the documentation stays open


def test_checker_serve_command(tmp_path: Path) -> None:
    """`checker serve` itself: loopback by default, the token from $CHECKER_TOKEN, a clean stop."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CHECKER_TOKEN": TOKEN, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = [sys.executable, "-m", "checker.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--archive", str(tmp_path / "a.sqlite"), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                reply = httpx.get(f"{url}/health", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.5)
        assert reply.status_code == 401
        good = httpx.get(f"{url}/health", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert good.status_code == 200 and good.json()["archive"]["articles"] == 0
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"serving on http://127.0.0.1:{port}" in err
    assert "Traceback" not in err


def test_checker_serve_missing_model_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "serve", "--nli-model", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "NLI cross-encoder" in result.stderr and "Traceback" not in result.stderr
    assert "[models] nli" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
