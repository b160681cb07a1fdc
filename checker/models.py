"""The three models, loaded once per process and reused by every call.

Heavy imports (torch, transformers, sentence-transformers) happen here, on first use, so that
`checker --help` and input errors answer at once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def embed(location: str, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings (so a dot product is the cosine similarity)."""
    import numpy as np

    model = load_embedder(location)
    if not texts:
        return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
    return model.encode(list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True)


@dataclass
class NLIModel:
    """A 3-way NLI cross-encoder: (premise, hypothesis) -> P(contradiction, entailment, neutral)."""

    tokenizer: Any
    model: Any
    label_index: tuple[int, int, int]  # model output index of contradiction, entailment, neutral
    max_length: int = 128
    batch_size: int = 32

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """Probabilities for each pair, keyed by label name."""
        import torch

        results: list[dict[str, float]] = [{} for _ in pairs]
        # Length-sorted batches waste little on padding: pairs of similar length run together.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for begin in range(0, len(order), self.batch_size):
                batch = order[begin : begin + self.batch_size]
                encoded = self.tokenizer(
                    [pairs[i][0] for i in batch],
                    [pairs[i][1] for i in batch],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                probs = torch.softmax(self.model(**encoded).logits, dim=-1).tolist()
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
        return load_nli(settings.resolved_nli()).predict
    from checker.backends import onnx_runtime

    return onnx_runtime.load_nli(settings.resolved_nli().resolve(), settings.resolved_onnx_dir()).predict


def embedder_for(settings: Settings) -> EmbedTexts:
    """`texts -> unit-length float32 vectors` on the configured backend, loaded once."""
    location = settings.resolved_embedder()
    if _backend(settings) == "torch":
        load_embedder(location)
        return lambda texts: embed(location, texts)
    from checker.backends import onnx_runtime

    embedder = onnx_runtime.load_embedder(Path(location).resolve(), settings.resolved_onnx_dir())
    return embedder.embed


def _backend(settings: Settings) -> str:
    from checker.config import BACKENDS

    if settings.backend not in BACKENDS:
        raise ConfigError(f"unknown backend {settings.backend!r}; choose one of {', '.join(BACKENDS)}")
    return settings.backend
