"""The three models, loaded once per process and reused by every call.

Heavy imports (torch, transformers, sentence-transformers) happen here, on first use, so that
`checker --help` and input errors answer at once.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.batching import EMBED_BATCH, embedding_batches, nli_batches
from checker.errors import ConfigError, ModelNotFoundError

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

    from checker.config import Settings

# Offline always: a hub lookup here would hang or fail, and newsrooms often have no network either.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _quiet_transformers() -> None:
    """No "Loading weights" progress bars on the editor's terminal."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


LABELS = ("contradiction", "entailment", "neutral")


@functools.cache
def load_spacy(name: str) -> Language:
    import spacy

    try:
        return spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(f"spaCy pipeline '{name}' could not be loaded: {error}") from None


@functools.cache
def load_embedder(location: str) -> Any:
    from sentence_transformers import SentenceTransformer

    _quiet_transformers()
    try:
        return SentenceTransformer(location, device="cpu", local_files_only=True)
    except (OSError, ValueError) as error:
        raise ModelNotFoundError(f"sentence embedder at {location} could not be loaded: {error}") from None


# Runs a function over the embedder's batches and returns the results in order: `map`, or a thread pool's.
MapBatches = Callable[[Callable[[list[str]], "np.ndarray"], Iterable[list[str]]], Iterable["np.ndarray"]]


def embed(
    location: str, texts: Sequence[str], map_batches: MapBatches = map, precision: str = "fp32"
) -> np.ndarray:
    """Unit-length sentence embeddings (so a dot product is the cosine similarity). `map_batches` runs the
    batches (a thread pool's `map` runs them at once; the vectors are the same). `precision` "bf16" runs
    the matrix products in bfloat16 (`config.PRECISIONS`); the vectors stay float32."""
    import numpy as np

    model = load_embedder(location)
    if not texts:
        return np.zeros((0, model.get_embedding_dimension()), dtype=np.float32)

    def encode(batch: list[str]) -> np.ndarray:
        with computing_in(precision):  # per thread: autocast is thread-local
            vectors = model.encode(
                batch, batch_size=EMBED_BATCH, normalize_embeddings=True, convert_to_numpy=True
            )
        return vectors.astype(np.float32, copy=False)

    plan = embedding_batches(texts)
    if map_batches is not map and len(plan) > 1:
        # A first call sets the tokenizer's padding and truncation: a thread changing them while another
        # one tokenizes fails ("Already borrowed"). One short text, here, before the batches start.
        encode([texts[plan[-1][-1]]])
    batches = [[texts[i] for i in batch] for batch in plan]
    parts = list(map_batches(encode, batches))
    vectors = np.empty((len(texts), parts[0].shape[1]), dtype=parts[0].dtype)
    for indices, part in zip(plan, parts, strict=True):
        vectors[indices] = part
    return vectors


def computing_in(precision: str) -> contextlib.AbstractContextManager[Any]:
    """The context a model pass runs in: bfloat16 autocast for "bf16" (matrix products in bfloat16,
    where CPUs with AMX run these models 1.6-1.8x faster; softmax and norms stay float32), nothing for "fp32"."""
    if precision == "fp32":
        return contextlib.nullcontext()
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16)


@dataclass
class NLIModel:
    """A 3-way NLI cross-encoder: (premise, hypothesis) -> P(contradiction, entailment, neutral)."""

    tokenizer: Any
    model: Any
    label_index: tuple[int, int, int]  # model output index of contradiction, entailment, neutral
    max_length: int = 128
    # Threads may predict at once (batch judges stories on several); the tokenizer must not be called by
    # two at a time: its first call sets padding and truncation, and a change under a running call fails.
    tokenizing: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def predict(self, pairs: Sequence[tuple[str, str]], precision: str = "fp32") -> list[dict[str, float]]:
        """Probabilities for each pair, keyed by label name. Safe to call from several threads.
        `precision` "bf16" runs the matrix products in bfloat16 (`config.PRECISIONS`)."""
        import torch

        results: list[dict[str, float]] = [{} for _ in pairs]
        with torch.inference_mode():
            for batch in nli_batches(pairs):
                with self.tokenizing:
                    encoded = self.tokenizer(
                        [pairs[i][0] for i in batch],
                        [pairs[i][1] for i in batch],
                        padding=True,
                        truncation=True,
                        max_length=self.max_length,
                        return_tensors="pt",
                    )
                with computing_in(precision):
                    logits = self.model(**encoded).logits
                probs = torch.softmax(logits.float(), dim=-1).tolist()
                for i, row in zip(batch, probs, strict=True):
                    results[i] = {
                        label: row[idx] for label, idx in zip(LABELS, self.label_index, strict=True)
                    }
        return results


@functools.cache
def load_nli(location: Path) -> NLIModel:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    _quiet_transformers()
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(location), local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(str(location), local_files_only=True)
    except (OSError, ValueError) as error:
        raise ModelNotFoundError(f"NLI cross-encoder at {location} could not be loaded: {error}") from None
    model.eval()
    names = {str(v).lower(): int(k) for k, v in model.config.id2label.items()}
    try:
        label_index = tuple(names[label] for label in LABELS)
    except KeyError:
        raise ModelNotFoundError(
            f"NLI cross-encoder at {location}: config id2label {model.config.id2label} must name "
            "contradiction, entailment and neutral"
        ) from None
    return NLIModel(tokenizer, model, label_index)  # type: ignore[arg-type]


Predict = Callable[[Sequence[tuple[str, str]]], list[dict[str, float]]]
EmbedTexts = Callable[[Sequence[str]], "np.ndarray"]


def nli_predictor_for(settings: Settings) -> Predict:
    """The NLI cross-encoder's `predict` on the configured backend (`settings.backend`), loaded once."""
    if _backend(settings) == "torch":
        return functools.partial(
            load_nli(settings.resolved_nli()).predict, precision=settings.resolved_precision()
        )
    from checker.backends import onnx_runtime

    return onnx_runtime.load_nli(settings.resolved_nli().resolve(), settings.resolved_onnx_dir()).predict


def embedder_for(settings: Settings, map_batches: MapBatches = map) -> EmbedTexts:
    """`texts -> unit-length float32 vectors` on the configured backend, loaded once. On PyTorch,
    `map_batches` runs the batches (see `embed`); ONNX Runtime runs its own threads."""
    location = settings.resolved_embedder()
    if _backend(settings) == "torch":
        load_embedder(location)
        precision = settings.resolved_precision()
        return lambda texts: embed(location, texts, map_batches, precision)
    from checker.backends import onnx_runtime

    embedder = onnx_runtime.load_embedder(Path(location).resolve(), settings.resolved_onnx_dir())
    return embedder.embed


def _backend(settings: Settings) -> str:
    from checker.config import BACKENDS

    if settings.backend not in BACKENDS:
        raise ConfigError(f"unknown backend {settings.backend!r}; choose one of {', '.join(BACKENDS)}")
    return settings.backend
