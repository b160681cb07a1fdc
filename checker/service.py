"""The HTTP service: `checker serve`, for a CMS or a publishing pipeline that checks drafts over HTTP.

    POST   /check           a draft in, the report out (compare's JSON schema) plus "verdict": pass | fail
    POST   /archive         add one or many published articles to the archive
    DELETE /archive/{id}    remove one (404 when the archive has no such article)
    POST   /verdicts        an editor's verdict on a finding: right or wrong (feeds `checker calibrate`)
    GET    /health          models, archive statistics, version
    GET    /docs, /openapi.json

The models are loaded once, at startup. Every model call and every archive operation runs on one worker
thread that owns the models and the archive: spaCy pipelines and Hugging Face fast tokenizers are not safe
to call from several threads at once, and an archive store may be tied to the thread that opened it.
Requests queue for that thread in arrival order; a large POST /archive is added a few articles at a time,
so checks that arrive meanwhile are answered between its chunks instead of after the whole batch.
On a CPU the models use every core anyway, so one worker loses little throughput.

Security: bound to 127.0.0.1 unless told otherwise; an optional bearer token (compared in constant time)
guards every endpoint but the documentation; request bodies over `max_request_bytes` get 413 and are never
kept (see `BodyLimit`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import hashlib
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Request, Security
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from checker import __version__, places
from checker.config import Settings
from checker.errors import CheckerError

if TYPE_CHECKING:
    from checker.article import Article

log = logging.getLogger("checker.service")

DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024  # a draft is kilobytes; a batch of articles a few megabytes
# A client that is still sending when the 413 is ready cannot read it if the connection closes under it
# (the kernel answers its unread bytes with a reset), so the rest of an over-limit body is read and dropped
# first, up to this many times the limit and this many seconds; past that the connection is closed.
DRAIN_FACTOR = 4
DRAIN_SECONDS = 10.0
ADD_CHUNK = 32  # articles per turn of the worker thread: checks that arrive meanwhile run between turns
FAIL_ON = ("contradiction", "disagree", "any", "never")
FailOn = Literal["contradiction", "disagree", "any", "never"]
Format = Literal["text", "markdown", "html"]
T = TypeVar("T")

EXAMPLE_DRAFT = (
    "JAKARTA — A powerful earthquake has devastated hillside villages in Central Sulawesi.\n\n"
    "The National Disaster Mitigation Agency said 40 people had been killed, most of them crushed under "
    "their own homes while they were asleep."
)


# ---------------------------------------------------------------------------------------------- models


def _parse_published(value: str | None) -> str | None:
    if value is None:
        return None
    from checker.ingest.metadata import parse_iso

    try:
        parse_iso(value)
    except ValueError:
        raise ValueError(f"not an ISO date or date-time: {value!r}") from None
    return value


class DraftIn(BaseModel):
    """A draft to check against the archive of published coverage."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": EXAMPLE_DRAFT,
                    "id": "draft-quake-0314",
                    "source": "Pacific Wire",
                    "published": "2025-03-14",
                    "format": "text",
                    "since_days": 30,
                    "fail_on": "contradiction",
                }
            ]
        },
    )

    text: str = Field(description="The draft: plain text, Markdown or HTML (see `format`).")
    id: str = Field("draft", min_length=1, max_length=200, description="Id the report uses for the draft.")
    source: str | None = Field(None, description="The outlet publishing the draft.")
    title: str | None = None
    published: str | None = Field(
        None, description="ISO date or date-time; weekdays in the draft ('on Tuesday') resolve against it."
    )
    url: str | None = None
    format: Format = Field("text", description="How to read `text`: text, markdown or html.")
    since_days: float | None = Field(
        None, gt=0, description="Compare only with archived articles published in the last this many days."
    )
    fail_on: FailOn = Field(
        "contradiction",
        description="Lowest finding that fails the draft: contradiction; disagree (also sources-disagree); "
        "any (any finding); never.",
    )

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("draft text is empty")
        return text

    _published = field_validator("published")(_parse_published)


class ArticleIn(BaseModel):
    """A published article to add to the archive."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "archipelago-times-2025-03-14-quake",
                    "text": "The earthquake killed 12 people, according to the National Disaster "
                    "Mitigation Agency.",
                    "source": "Archipelago Times",
                    "title": "Strong earthquake flattens homes in Indonesia's Central Sulawesi",
                    "published": "2025-03-14",
                    "url": "https://example.org/quake",
                    "format": "text",
                }
            ]
        },
    )

    id: str | None = Field(
        None, min_length=1, max_length=200, description="Archive id; default: a hash of source and text."
    )
    text: str = Field(description="The article body: plain text, Markdown or HTML (see `format`).")
    source: str | None = Field(None, description="The outlet.")
    title: str | None = None
    published: str | None = Field(None, description="ISO date or date-time of publication.")
    url: str | None = None
    format: Format = "text"

    @field_validator("text")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("article text is empty")
        return text

    _published = field_validator("published")(_parse_published)

    def article_id(self) -> str:
        if self.id:
            return self.id
        digest = hashlib.sha256(f"{self.source or ''}\n{self.text}".encode()).hexdigest()
        return f"a_{digest[:16]}"


class CheckOut(BaseModel):
    """The report in compare's JSON schema (checker/schema/report.schema.json), plus the verdict."""

    model_config = ConfigDict(extra="allow")

    verdict: Literal["pass", "fail"] = Field(description="fail when a finding reaches `fail_on`.")
    fail_on: FailOn
    schema_version: str
    summary: dict[str, Any]
    findings: list[dict[str, Any]]


class AddOut(BaseModel):
    added: list[str] = Field(description="Ids added: new, or replacing an older text under the same id.")
    unchanged: list[str] = Field(description="Ids the archive already held with the same text.")
    archive: dict[str, Any] = Field(description="Archive statistics after the addition.")


class RemoveOut(BaseModel):
    removed: list[str]
    archive: dict[str, Any]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    models: dict[str, str]
    archive: dict[str, Any]


class VerdictIn(BaseModel):
    """An editor's verdict on a finding a check reported."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"finding_id": "f-3a9c0e1b2d4f", "verdict": "right", "editor": "desk"}]
        },
    )

    finding_id: str = Field(min_length=1, max_length=200, description="The finding's `id` in the report.")
    verdict: Literal["right", "wrong"]
    editor: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=2000)


class VerdictOut(BaseModel):
    finding_id: str
    verdict: Literal["right", "wrong"]
    kind: str
    score: float
    verdicts: dict[str, int] = Field(description="Findings remembered, right and wrong verdicts so far.")


class ErrorOut(BaseModel):
    message: str = Field(description="What went wrong, in one line.")
    detail: Any = Field(None, description="Structured detail (validation errors), when there is any.")


BEARER = HTTPBearer(auto_error=False, description="Required when the service was started with a token.")


# --------------------------------------------------------------------------------------------- the work


class CheckService:
    """The models and the archive, owned by one worker thread; every call runs there, in arrival order."""

    def __init__(self, settings: Settings, archive_location: str | Path | None) -> None:
        self.settings = settings
        self.archive_location = archive_location
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="checker")
        self._started = threading.Event()
        self._start_lock = threading.Lock()
        self._archive: Any = None
        self._models: Any = None
        self._ledger: Any = None
        self.models: dict[str, str] = {}

    def start(self) -> None:
        """Load the models and open the archive (on the worker thread); idempotent, blocking."""
        with self._start_lock:
            if not self._started.is_set():
                self._executor.submit(self._start).result()
                self._started.set()

    def _start(self) -> None:
        from checker.archive import open_archive
        from checker.pipeline import Models

        loaded = Models.load(self.settings)
        # Warm up: the first call of each model pays for lazy initialisation; do it before any request.
        loaded.nlp("The service started on Monday.")
        loaded.embed(["The service started."])
        loaded.nli([("The service started.", "The service did not start.")])
        places.known_places()  # GeoNames, read on the first place difference: a second of a request's time
        self._models = loaded
        self._archive = open_archive(self.archive_location, self.settings, create=True)
        from checker.verdicts import Ledger, ledger_path

        self._ledger = Ledger(ledger_path(self._archive.location))
        self.models = {
            "nli": str(self.settings.resolved_nli()),
            "embedder": self.settings.resolved_embedder(),
            "spacy": self.settings.resolved_spacy(),
        }

    def close(self) -> None:
        def _close() -> None:
            for owned in (self._archive, self._ledger):
                closer = getattr(owned, "close", None)
                if callable(closer):
                    closer()

        if self._started.is_set():
            self._executor.submit(_close).result()
        self._executor.shutdown(wait=True, cancel_futures=True)

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run `function(*args)` on the worker thread and wait for it without blocking the event loop."""
        return await asyncio.wrap_future(self._executor.submit(function, *args))

    # These run on the worker thread.

    def stats(self) -> dict[str, Any]:
        return _plain(self._archive.stats())

    def check(self, draft: Article, since_days: float | None) -> dict[str, Any]:
        from checker.check import check
        from checker.report.json_report import to_dict

        report = check(
            [draft],
            archive=self._archive,
            settings=self.settings,
            since_days=since_days,
            loaded_models=self._models,
        )
        document = to_dict(report)
        self._ledger.remember(document["findings"])  # so an editor can give a verdict by id
        return document

    def record_verdict(self, given: VerdictIn) -> dict[str, Any]:
        recorded = self._ledger.record(given.finding_id, given.verdict, editor=given.editor, note=given.note)
        return {
            "finding_id": recorded.finding_id,
            "verdict": given.verdict,
            "kind": recorded.finding["kind"],
            "score": recorded.finding["score"],
            "verdicts": self._ledger.counts(),
        }

    def add(self, articles: Sequence[Article]) -> tuple[list[str], list[str]]:
        result = self._archive.add(articles)
        return list(result.added), list(result.unchanged)

    def remove(self, article_id: str) -> list[str]:
        return list(self._archive.remove([article_id]))


def verdict(document: dict[str, Any], fail_on: str) -> Literal["pass", "fail"]:
    """fail when a finding reaches `fail_on`: contradiction; disagree (contradiction or sources-disagree);
    any (any finding); never."""
    statuses = [finding["status"] for finding in document.get("findings", ())]
    if fail_on == "never":
        failed = False
    elif fail_on == "any":
        failed = bool(statuses)
    elif fail_on == "disagree":
        failed = any(s in ("contradiction", "sources-disagree") for s in statuses)
    else:
        failed = "contradiction" in statuses
    return "fail" if failed else "pass"


def _plain(value: Any) -> Any:
    """A dataclass (or anything) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return jsonable_encoder(value)


def _article(item: DraftIn | ArticleIn, article_id: str, settings: Settings) -> Article:
    from checker.ingest import read_article_text
    from checker.ingest.metadata import parse_iso

    return read_article_text(
        item.text,
        id=article_id,
        source=item.source,
        format=item.format,
        published=parse_iso(item.published) if item.published else None,
        title=item.title,
        url=item.url,
        date_order=settings.date_order,
    )


# ----------------------------------------------------------------------------------------- middleware


class BodyLimit:
    """413 for request bodies over `max_bytes`; no over-limit body is ever kept in memory.

    - Content-Length over the limit: answered at once when the client waits for "100 Continue" or has
      promised more than `DRAIN_FACTOR` times the limit (the connection is then closed); otherwise the
      body is read, dropped, and answered, so that a client which sends before it reads gets the 413.
    - Streamed bodies (chunked uploads, a lying header): counted as they arrive; once past the limit the
      rest is read and dropped in the same way before the 413.
    The body, once within the limit, is handed on whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _send_error(send, 400, "Content-Length is not a number")
                return
            if size > self.max_bytes:
                drainable = size <= self.max_bytes * DRAIN_FACTOR and b"expect" not in headers
                drained = drainable and await self._drain(receive, received=0)
                await _send_error(send, 413, self._message(size), close=not drained)
                return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            received += len(body)
            if received > self.max_bytes:
                more = message.get("more_body", False)
                drained = not more or await self._drain(receive, received)
                await _send_error(send, 413, self._message(None), close=not drained)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _drain(self, receive: Receive, received: int) -> bool:
        """Read and drop the rest of the body, `received` bytes of it already read. True when the whole
        body was read within `DRAIN_FACTOR` times the limit and `DRAIN_SECONDS`."""
        budget = self.max_bytes * DRAIN_FACTOR - received
        try:
            async with asyncio.timeout(DRAIN_SECONDS):
                while budget >= 0:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return False
                    budget -= len(message.get("body", b""))
                    if not message.get("more_body", False):
                        return budget >= 0
        except TimeoutError:
            return False
        return False

    def _message(self, size: int | None) -> str:
        given = f" ({size} bytes)" if size is not None else ""
        return f"request body{given} is over the limit of {self.max_bytes} bytes"


async def _send_error(send: Send, status: int, message: str, *, close: bool = True) -> None:
    """The service's JSON error body; `close` when the request's body was not read to its end, so the
    connection cannot carry another request."""
    body = json.dumps({"message": message, "detail": None}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# ------------------------------------------------------------------------------------------------ app


def create_app(
    settings: Settings,
    archive_location: str | Path | None,
    token: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    *,
    service: CheckService | None = None,
) -> FastAPI:
    """The FastAPI application. Models load and the archive opens at startup (the lifespan), or earlier
    when the caller runs `app.state.service.start()` first (`checker serve` does, to report a missing
    model as one line instead of a startup traceback)."""
    if max_request_bytes < 1:
        raise CheckerError(f"the request size limit must be at least 1 byte, not {max_request_bytes}")
    worker = service or CheckService(settings, archive_location)
    expected = token.encode() if token else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(worker.start)
        log.info("models loaded; archive open")
        try:
            yield
        finally:
            await asyncio.to_thread(worker.close)

    def authorised(credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]) -> None:
        if expected is None:
            return
        given = credentials.credentials.encode() if credentials is not None else b""
        if credentials is None or not hmac.compare_digest(given, expected):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    errors: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
        413: {"model": ErrorOut, "description": "Request body over the size limit."},
        422: {
            "model": ErrorOut,
            "description": "Malformed JSON, a missing or bad field, or an unreadable text.",
        },
    }
    app = FastAPI(
        title="checker",
        version=__version__,
        description="Checks news drafts against an archive of published coverage for contradictions.",
        lifespan=lifespan,
        dependencies=[Depends(authorised)],
        responses=errors,
    )
    app.state.service = worker
    app.add_middleware(BodyLimit, max_bytes=max_request_bytes)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = _one_branch(list(error.errors()), error.body)
        return JSONResponse(
            status_code=422,
            content=jsonable_encoder({"message": _one_line(problems), "detail": problems}),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            status_code=error.status_code,
            content={"message": str(error.detail), "detail": None},
            headers=error.headers,
        )

    @app.exception_handler(CheckerError)
    async def _checker(_request: Request, error: CheckerError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"message": str(error), "detail": None})

    @app.exception_handler(Exception)
    async def _internal(_request: Request, error: Exception) -> JSONResponse:
        log.exception("internal error")
        return JSONResponse(
            status_code=500,
            content={"message": f"internal error: {type(error).__name__}: {error}", "detail": None},
        )

    @app.get("/health", response_model=HealthOut, summary="Models, archive statistics, version")
    async def health() -> dict[str, Any]:
        stats = await worker.call(worker.stats)
        return {"status": "ok", "version": __version__, "models": worker.models, "archive": stats}

    @app.post(
        "/check",
        response_model=CheckOut,
        summary="Check a draft against the archive",
        description="The report follows compare's JSON schema (findings with both sentences, their "
        "outlets, offsets and what differs), plus `verdict` and `fail_on`. The draft is not archived.",
    )
    async def check_draft(draft: DraftIn) -> JSONResponse:
        article = await asyncio.to_thread(_article, draft, draft.id, settings)
        document = await worker.call(worker.check, article, draft.since_days)
        result = {"verdict": verdict(document, draft.fail_on), "fail_on": draft.fail_on, **document}
        return JSONResponse(jsonable_encoder(result))

    @app.post(
        "/archive",
        response_model=AddOut,
        summary="Add published articles to the archive",
        description="One article object, or a list of them. An article already archived with the same "
        "text is left unchanged. All texts are read before anything is added: one bad article adds none.",
    )
    async def add_articles(body: ArticleIn | list[ArticleIn]) -> dict[str, Any]:
        items = body if isinstance(body, list) else [body]
        if not items:
            raise HTTPException(422, "no articles given")
        ids = [item.article_id() for item in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise HTTPException(422, f"article id(s) given twice: {', '.join(repeated)}")

        def read_all() -> list[Article]:
            return [_article(item, i, settings) for item, i in zip(items, ids, strict=True)]

        articles = await asyncio.to_thread(read_all)
        added: list[str] = []
        unchanged: list[str] = []
        for begin in range(0, len(articles), ADD_CHUNK):
            part_added, part_unchanged = await worker.call(worker.add, articles[begin : begin + ADD_CHUNK])
            added += part_added
            unchanged += part_unchanged
        stats = await worker.call(worker.stats)
        return {"added": added, "unchanged": unchanged, "archive": stats}

    @app.post(
        "/verdicts",
        response_model=VerdictOut,
        summary="An editor's verdict on a finding",
        description="Marks a finding that POST /check reported as right or wrong; `checker calibrate` "
        "refits the report floors from these verdicts.",
        responses={404: {"model": ErrorOut, "description": "No check reported a finding with this id."}},
    )
    async def record_verdict(given: VerdictIn) -> dict[str, Any]:
        from checker.verdicts import UnknownFindingError

        try:
            return await worker.call(worker.record_verdict, given)
        except UnknownFindingError as error:
            raise HTTPException(404, str(error)) from None

    @app.delete(
        "/archive/{article_id:path}",
        response_model=RemoveOut,
        summary="Remove an article from the archive",
        responses={404: {"model": ErrorOut, "description": "No archived article has this id."}},
    )
    async def remove_article(article_id: str) -> dict[str, Any]:
        from checker.archive import UnknownArticleError

        try:
            removed = await worker.call(worker.remove, article_id)
        except UnknownArticleError as error:
            raise HTTPException(404, str(error)) from None
        stats = await worker.call(worker.stats)
        return {"removed": removed, "archive": stats}

    return app


def _one_branch(problems: list[Any], body: Any) -> list[Any]:
    """POST /archive takes one article or a list: report only the errors of the form that was sent."""
    branches = ("ArticleIn", "list[ArticleIn]")
    if not any(len(p.get("loc", ())) > 1 and p["loc"][1] in branches for p in problems):
        return problems
    sent = branches[1] if isinstance(body, list) else branches[0]
    return [{**p, "loc": (p["loc"][0], *p["loc"][2:])} for p in problems if p["loc"][1] == sent]


def _one_line(problems: Sequence[Any]) -> str:
    """Validation errors as one readable line: `body.text: draft text is empty`."""
    parts = []
    for problem in problems:
        location = ".".join(str(p) for p in problem.get("loc", ()))
        message = str(problem.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        if problem.get("type") == "json_invalid":
            reason = problem.get("ctx", {}).get("error", "")
            position = problem.get("loc", (None, None))[-1]
            parts.append(f"malformed JSON at character {position}: {reason}".rstrip(": "))
        else:
            parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts) or "invalid request"


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "CheckService", "create_app", "is_loopback", "verdict"]
