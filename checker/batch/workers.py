"""Claim extraction chunk by chunk, in worker processes when asked: spaCy runs on one core, and claims
are most of the work of a first batch run and much of an archive add.

    for chunk, claims in claims_by_chunk(chunks, spacy_name=..., load_nlp=..., workers=2):
        ...                                  # in the chunks' order, as each is ready

On Linux the workers are forked, so they inherit a spaCy pipeline the parent already loaded. They never
call torch: a child forked after its parent ran torch's OpenMP threads can hang in it. Whatever needs
torch (the embedder) stays in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from checker.article import Article
from checker.claims import Claim, extract_claims

Extracted = tuple[Sequence[Article], dict[str, list[Claim]]]
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def claims_by_chunk(
    chunks: Iterable[Sequence[Article]],
    *,
    spacy_name: str,
    load_nlp: Callable[[], Any],
    workers: int,
    ahead: int | None = None,
) -> Iterator[Extracted]:
    """Each chunk with its claims (`extract_claims` of the chunk), in order. `workers` 0: in this
    process, with `load_nlp()`; else in that many worker processes, which run at most `ahead` chunks
    (default 4 per worker) beyond the one the caller is reading, so memory stays bounded however many
    chunks there are and the workers stay busy while the caller works on earlier ones."""
    if workers <= 0:
        nlp = None
        for chunk in chunks:
            if nlp is None:  # loaded only when there is a chunk to read
                nlp = load_nlp()
            yield chunk, extract_claims(chunk, nlp)
        return
    yield from _in_workers(chunks, spacy_name, workers, ahead or 4 * workers)


def _in_workers(
    chunks: Iterable[Sequence[Article]], spacy_name: str, workers: int, ahead: int
) -> Iterator[Extracted]:
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(spacy_name, os.getpid())
    )
    pending: deque[tuple[Sequence[Article], Future[dict[str, list[Claim]]]]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(_extract_in_worker, list(chunk))))
            if len(pending) > ahead:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        # A caller that stops early (an error, a closed generator) does not wait for chunks not started.
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER_NLP: list[Any] = []


def _start_worker(spacy_name: str, parent: int) -> None:
    from checker import models

    _die_with(parent)
    _WORKER_NLP.append(models.load_spacy(spacy_name))


def _die_with(parent: int) -> None:
    """Have Linux kill this worker when its parent dies: a parent killed with SIGKILL mid-run (an add
    is made to survive that) never closes the task queue, and the worker would wait on it forever."""
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        os._exit(0)


def _extract_in_worker(chunk: list[Article]) -> dict[str, list[Claim]]:
    return extract_claims(chunk, _WORKER_NLP[0])
