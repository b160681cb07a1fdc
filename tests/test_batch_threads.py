"""Batch runs its model passes on several threads: the same vectors, the same report, PyTorch set back."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from checker import batching, models
from checker.batch import run_batch
from checker.batch.threads import ModelThreads
from checker.config import Settings
from tests.test_batch import ALLSIDES, findings_of


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Real leads of mixed lengths, enough for several of the embedder's batches."""
    records = [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines()[:150]]
    return [f"{r['title']}. {r['text'][:400]}" for r in records] + [r["title"] for r in records[:40]]


def test_threaded_embedding_is_bit_for_bit_one_thread(texts: list[str], settings: Settings) -> None:
    location = settings.resolved_embedder()
    with ModelThreads(2) as threads:
        threaded = models.embed(location, texts, threads.map)
    assert np.array_equal(threaded, models.embed(location, texts))
    # Against one encode call over all the texts, only the padding differs: the last bits.
    whole = models.load_embedder(location).encode(
        texts, batch_size=batching.EMBED_BATCH, normalize_embeddings=True, convert_to_numpy=True
    )
    assert float(np.abs(threaded - whole).max()) < 1e-5


def test_the_pool_sets_pytorch_threads_while_it_runs_and_back() -> None:
    before = torch.get_num_threads()
    threads = ModelThreads(2, cores=2)
    with threads:
        assert torch.get_num_threads() == before, "no pool, and nothing changed, before the first pass"
        assert list(threads.map(lambda _: torch.get_num_threads(), range(4))) == [1] * 4
        with threads:  # nested: the outer block owns the pool
            assert list(threads.map(lambda _: torch.get_num_threads(), range(2))) == [1] * 2
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    assert ModelThreads(8, backend="onnx").count == 1, "ONNX Runtime runs its own threads"


def test_the_pool_shares_the_cores_omp_num_threads_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    # An operator's OMP_NUM_THREADS bounds PyTorch; the pool's threads split that, not the whole machine.
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert ModelThreads(2).cores == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "all")
    assert ModelThreads(2).cores == len(os.sched_getaffinity(0))


def test_a_pool_thread_that_maps_runs_the_work_itself() -> None:
    """A story judged on the pool that needs embeddings must not wait on the pool it occupies."""
    with ModelThreads(2) as threads:

        def story(_: int) -> tuple[str, list[str]]:
            embedder_threads = threads.map(lambda _: threading.current_thread().name, range(3))
            return threading.current_thread().name, list(embedder_threads)

        results = dict(threads.as_completed(story, range(4)))
    assert sorted(results) == [0, 1, 2, 3]
    for own, embedder_threads in results.values():
        assert embedder_threads == [own] * 3


def test_one_thread_and_several_give_the_same_report(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "allsides-60.jsonl"  # 20 real events, 2-3 outlets each
    corpus.write_text("".join(ALLSIDES.read_text(encoding="utf-8").splitlines(keepends=True)[:60]))
    reports = {
        workers: run_batch(
            [corpus],
            tmp_path / f"out-{workers}",
            settings=settings,
            cache_path=tmp_path / f"{workers}.sqlite",
            workers=workers,
        ).report
        for workers in (1, 2)
    }
    one, two = (findings_of(reports[w]) for w in (1, 2))
    assert [s["id"] for s in one] == [s["id"] for s in two]
    # NLI probabilities may differ in the 7th decimal with PyTorch's thread count, and a figure rounded to
    # 4 decimals by the report may then differ in its last one.
    assert_close(one, two)


def assert_close(a: object, b: object, where: str = "stories") -> None:
    """Equal, floats to within 1e-3."""
    if isinstance(a, float) and isinstance(b, float):
        assert abs(a - b) <= 1e-3, where
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, f"{where}[{index}]")
    else:
        assert a == b, where
