"""Model inference on several threads at once, each running PyTorch on its share of the cores.

A batch run's model work is many small forward passes: the embedder's batches of 64 leads or claims, and
each story's few NLI pairs. PyTorch spreads each pass over all cores (intra-op threads), which pays poorly
for passes this small. Measured on the project's (busy) 2-core machine, on the same batches: two threads
per pass spent 30% more CPU than one thread on the embedder's batches and twice as much on the stories'
NLI calls, most of it one thread waiting for the other; one thread per pass with two passes at once spent
about as much as one thread alone. PyTorch releases the GIL while it computes, so plain threads run the
passes side by side, sharing the models' memory.

The numbers do not depend on the threads: each pass sees the same batch as in a one-thread run (the
embedder's batches are fixed by `models.embedding_batches`, a story's NLI calls by the story). Embeddings
come out bit for bit the same with one or two intra-op threads; NLI probabilities may differ by about
1e-6, as they already do between machines with different core counts.

    with ModelThreads(2, backend="torch") as threads:
        vectors = models.embed(location, texts, threads.map)
        for item, result in threads.as_completed(judge, stories): ...
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any, TypeVar

from checker.config import model_cores

Item = TypeVar("Item")
Result = TypeVar("Result")

# Beyond a few threads the Python between PyTorch's operations (which holds the GIL) becomes the limit;
# on bigger machines each thread gets several intra-op threads instead.
MAX_MODEL_THREADS = 4


class ModelThreads:
    """A pool of threads that run model passes, open inside `with` blocks. It starts at the first pass
    (a run that finds everything in its cache never imports PyTorch) and sets PyTorch's intra-op threads
    to its share of the cores until the outermost block closes, when it sets them back. One thread: no
    pool, nothing changed."""

    def __init__(self, workers: int, *, backend: str = "torch", cores: int | None = None) -> None:
        # ONNX Runtime sessions run their own intra-op threads: one caller keeps them busy.
        self.count = max(1, min(workers, MAX_MODEL_THREADS)) if backend == "torch" else 1
        self.cores = cores or model_cores()
        self._pool: ThreadPoolExecutor | None = None
        self._torch_threads: int | None = None
        self._depth = 0  # open `with` blocks: the outermost one stops the pool

    def __enter__(self) -> ModelThreads:
        self._depth += 1
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._stop()

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        """`function` over `items`, results in the items' order. Called from one of the pool's own threads
        (a story being judged that embeds), it runs them there: waiting on the pool could deadlock."""
        pool = self._running_pool()
        return map(function, items) if pool is None else pool.map(function, items)

    def as_completed(
        self, function: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[Item, Result]]:
        """(item, function(item)) for each item, as each finishes: the caller can store each result at once."""
        pool = self._running_pool()
        if pool is None:
            for item in items:
                yield item, function(item)
            return
        futures: dict[Future[Result], Item] = {pool.submit(function, item): item for item in items}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:  # the caller stopped early (an error): start nothing more
                future.cancel()

    def _running_pool(self) -> ThreadPoolExecutor | None:
        """The pool, started on first use inside a `with` block; None where the work runs in the caller."""
        if self.count == 1 or self._depth == 0 or _in_pool_thread():
            return None
        if self._pool is None:
            import torch

            self._torch_threads = torch.get_num_threads()
            # Before the pool's threads start: each reads PyTorch's setting when it first computes.
            torch.set_num_threads(max(1, self.cores // self.count))
            self._pool = ThreadPoolExecutor(
                self.count, thread_name_prefix="checker-model", initializer=_mark_pool_thread
            )
        return self._pool

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._torch_threads is not None:
            import torch

            torch.set_num_threads(self._torch_threads)
            self._torch_threads = None


_THIS_THREAD = threading.local()


def _mark_pool_thread() -> None:
    _THIS_THREAD.in_pool = True


def _in_pool_thread() -> bool:
    return getattr(_THIS_THREAD, "in_pool", False)
