"""The faiss index of claim embeddings, kept in a file beside a SQLite store (in memory only for a
PostgreSQL store, which has no folder: `path` None, built from the stored vectors at open).

The file starts with a header naming the store (its id) and the store generation the index reflects;
the store is the source of truth. When the header does not match the store (a writer killed between
its commit and the index save, another process added since, or the file is missing or damaged), the
index is caught up from the store: vectors of rows it lacks are read in, rows the store no longer has
are dropped. A lock guards the index: searches run while another thread adds.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

MAGIC = b"CHECKER-FAISS 1\n"


class VectorIndex:
    """Exact inner-product search (unit vectors: cosine) over claim rows, by their store row id."""

    def __init__(self, path: Path | None, store_id: str) -> None:
        self.path = path
        self.store_id = store_id
        self.lock = threading.RLock()
        self.generation = -1  # unknown: must be caught up before use
        self._index: Any = None
        self._ids: set[int] = set()
        self._dirty = False

    # -- file --------------------------------------------------------------------------------------

    def load(self) -> bool:
        """Read the index file; False when it is missing, damaged or of another store."""
        if self.path is None or not self.path.is_file():
            return False
        try:
            data = self.path.read_bytes()
            if not data.startswith(MAGIC):
                return False
            end = data.index(b"\n", len(MAGIC))
            header = json.loads(data[len(MAGIC) : end])
            if header.get("store") != self.store_id:
                return False
            index = faiss.deserialize_index(np.frombuffer(data[end + 1 :], dtype=np.uint8))
            ids = faiss.vector_to_array(index.id_map)
        except (OSError, ValueError, RuntimeError):
            return False
        if len(ids) != index.ntotal:
            return False
        with self.lock:
            self._index = index
            self._ids = {int(i) for i in ids}
            self.generation = int(header.get("generation", -1))
            self._dirty = False
        return True

    def save(self) -> None:
        """Write the index atomically (a temporary file renamed into place)."""
        if self.path is None:
            return
        with self.lock:
            if not self._dirty and self.path.exists():
                return
            header = {"store": self.store_id, "generation": self.generation, "count": self.count}
            body = faiss.serialize_index(self._index).tobytes() if self._index is not None else b""
            if self._index is None:  # nothing to index yet: an empty index of unknown dimension
                header["dim"] = None
            self._dirty = False
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + json.dumps(header).encode() + b"\n" + body)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def size_bytes(self) -> int:
        return self.path.stat().st_size if self.path is not None and self.path.exists() else 0

    # -- changes -----------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self._ids)

    def ids(self) -> set[int]:
        with self.lock:
            return set(self._ids)

    def reset(self) -> None:
        with self.lock:
            self._index = None
            self._ids = set()
            self._dirty = True

    def apply(
        self, generation: int, removed: Sequence[int], added: Sequence[int], vectors: np.ndarray
    ) -> None:
        """Remove and add rows (idempotent: rows already present or absent are left as they are)."""
        with self.lock:
            gone = [r for r in removed if r in self._ids]
            if gone and self._index is not None:
                self._index.remove_ids(np.asarray(gone, dtype=np.int64))
                self._ids.difference_update(gone)
            keep = [i for i, r in enumerate(added) if r not in self._ids]
            if keep:
                matrix = np.ascontiguousarray(vectors[keep], dtype=np.float32)
                if self._index is None or self._index.d != matrix.shape[1]:
                    self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(matrix.shape[1]))
                    self._ids = set()
                rows = np.asarray([added[i] for i in keep], dtype=np.int64)
                self._index.add_with_ids(matrix, rows)
                self._ids.update(int(r) for r in rows)
            self.generation = max(self.generation, generation)
            self._dirty = True

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row ids (-1 where fewer than k) of the k nearest rows for each query."""
        with self.lock:
            if (
                self._index is None
                or not self._ids
                or len(queries) == 0
                or (allowed is not None and not len(allowed))
            ):
                shape = (len(queries), k)
                return np.full(shape, -np.inf, dtype=np.float32), np.full(shape, -1, dtype=np.int64)
            matrix = np.ascontiguousarray(queries, dtype=np.float32)
            if allowed is None:
                return self._index.search(matrix, k)
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            return self._index.search(matrix, k, params=faiss.SearchParameters(sel=selector))
