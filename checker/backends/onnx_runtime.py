"""ONNX Runtime inference for the NLI cross-encoder and the sentence embedder.

Same interface and same numbers (to float rounding) as the PyTorch path in checker/models.py: `OnnxNLI.predict`
is `NLIModel.predict` (the batches of `batching.nli_batches`, pairs truncated longest-first to 128 tokens,
padded to the longest in the batch); `OnnxEmbedder.embed` is `models.embed` (the batches of
`batching.embedding_batches`, unit-length float32, max_seq_length from the embedder's sentence-transformers
config). Imports onnxruntime, tokenizers and numpy only: no torch,
transformers or sentence-transformers.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from checker.backends.onnx_export import (
    EXPORT_COMMAND,
    Export,
    Kind,
    export_model,
    find_export,
    pooling_mode,
)
from checker.batching import embedding_batches, nli_batches
from checker.config import omp_threads
from checker.errors import ModelNotFoundError

LABELS = ("contradiction", "entailment", "neutral")
Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"checker: {message}", file=sys.stderr, flush=True)


def _torch_installed() -> bool:
    import importlib.util

    return (
        importlib.util.find_spec("torch") is not None and importlib.util.find_spec("transformers") is not None
    )


def ensure_export(
    kind: Kind,
    source: Path,
    root: Path,
    *,
    int8: bool = False,
    auto_export: bool = True,
    progress: Progress | None = None,
) -> Export:
    """The up-to-date export of `source`; exported now (with a message) when missing or stale and
    `auto_export`, otherwise a one-line error naming the command to run."""
    found = find_export(kind, source, root, int8=int8)
    if found is not None:
        return found
    command = f"{EXPORT_COMMAND}{' --int8' if int8 else ''}"
    if not auto_export or not _torch_installed():
        raise ModelNotFoundError(
            f"no up-to-date ONNX export of the {'NLI cross-encoder' if kind == 'nli' else 'sentence embedder'}"
            f" {source} in {root}; run `{command}` (or use --backend torch)"
        )
    return export_model(kind, source, root, int8=int8, progress=progress or _stderr)


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    threads = omp_threads()
    if threads:  # otherwise ONNX Runtime takes every physical core
        options.intra_op_num_threads = threads
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types
        raise ModelNotFoundError(
            f"ONNX model {path} could not be loaded ({str(error).splitlines()[0]}); run `{EXPORT_COMMAND}`"
        ) from None


def _tokenizer(source: Path, max_length: int) -> Any:
    """The model's fast tokenizer, set as transformers sets it for `truncation=True, padding=True`."""
    from tokenizers import Tokenizer

    path = source / "tokenizer.json"
    if not path.is_file():
        raise ModelNotFoundError(f"{path} not found: the onnx backend needs the model's tokenizer.json")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first", direction="right", stride=0)
    # The pad token the model was trained with: BERT's [PAD], MPNet's <pad> (id 1, which its positions skip;
    # MPNet's vocabulary also holds a [PAD], id 4, that it never pads with).
    pad = _pad_token(source)
    tokenizer.enable_padding(
        direction="right", pad_id=tokenizer.token_to_id(pad) or 0, pad_type_id=0, pad_token=pad
    )
    return tokenizer


def _pad_token(source: Path) -> str:
    path = source / "tokenizer_config.json"
    token = json.loads(path.read_text(encoding="utf-8")).get("pad_token") if path.is_file() else None
    if isinstance(token, dict):  # older files write an AddedToken
        token = token.get("content")
    return token if isinstance(token, str) else "[PAD]"


def _feed(encodings: Sequence[Any]) -> dict[str, np.ndarray]:
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@dataclass
class OnnxNLI:
    """A 3-way NLI cross-encoder on ONNX Runtime: (premise, hypothesis) -> P(label)."""

    session: Any
    tokenizer: Any
    label_index: tuple[int, int, int]  # model output index of contradiction, entailment, neutral
    max_length: int = 128

    def encode(self, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
        return _feed(self.tokenizer.encode_batch([(a, b) for a, b in pairs]))

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """Probabilities for each pair, keyed by label name (as `models.NLIModel.predict`)."""
        results: list[dict[str, float]] = [{} for _ in pairs]
        for batch in nli_batches(pairs):
            logits = self.session.run(["logits"], self.encode([pairs[i] for i in batch]))[0]
            for i, row in zip(batch, _softmax(logits).tolist(), strict=True):
                results[i] = {label: row[idx] for label, idx in zip(LABELS, self.label_index, strict=True)}
        return results


@dataclass
class OnnxEmbedder:
    """The sentence embedder on ONNX Runtime, pooling and normalisation inside the graph."""

    session: Any
    tokenizer: Any
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 sentence embeddings (as `models.embed`, in the same batches)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for batch in embedding_batches(texts):
            feed = _feed(self.tokenizer.encode_batch([texts[i] for i in batch]))
            out[batch] = self.session.run(["sentence_embedding"], feed)[0]
        return out


def _label_index(source: Path) -> tuple[int, int, int]:
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    id2label = config.get("id2label", {})
    names = {str(v).lower(): int(k) for k, v in id2label.items()}
    try:
        return tuple(names[label] for label in LABELS)  # type: ignore[return-value]
    except KeyError:
        raise ModelNotFoundError(
            f"NLI cross-encoder at {source}: config id2label {id2label} must name "
            "contradiction, entailment and neutral"
        ) from None


def _embedder_max_length(source: Path) -> int:
    """sentence-transformers' max_seq_length (capped by the tokenizer's model_max_length)."""
    lengths = []
    for name, key in (
        ("sentence_bert_config.json", "max_seq_length"),
        ("tokenizer_config.json", "model_max_length"),
    ):
        path = source / name
        if path.is_file():
            value = json.loads(path.read_text(encoding="utf-8")).get(key)
            if isinstance(value, int):
                lengths.append(value)
    return min(lengths) if lengths else 512


@functools.cache
def load_nli(
    source: Path, root: Path, int8: bool = False, auto_export: bool = True, max_length: int = 128
) -> OnnxNLI:
    export = ensure_export("nli", source, root, int8=int8, auto_export=auto_export)
    return OnnxNLI(
        _session(export.model_file(int8)), _tokenizer(source, max_length), _label_index(source), max_length
    )


@functools.cache
def load_embedder(source: Path, root: Path, int8: bool = False, auto_export: bool = True) -> OnnxEmbedder:
    if not (source / "config.json").is_file():
        raise ModelNotFoundError(
            f"sentence embedder {source}: the onnx backend needs a local model directory; use --backend torch"
        )
    pooling_mode(source)  # an unsupported pooling is an error before any export
    export = ensure_export("embedder", source, root, int8=int8, auto_export=auto_export)
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    return OnnxEmbedder(
        _session(export.model_file(int8)),
        _tokenizer(source, _embedder_max_length(source)),
        int(config["hidden_size"]),
    )
