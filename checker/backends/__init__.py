"""Inference backends for the two transformer models (NLI cross-encoder, sentence embedder).

`torch` runs them with PyTorch (checker/models.py); `onnx` runs ONNX exports of the same weights with ONNX
Runtime (`onnx_runtime.py`), exported once by `onnx_export.py` (`checker onnx export`) into a cache folder
outside the repository. Both give the same verdicts (tests/test_onnx_backend.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.config import BACKENDS

if TYPE_CHECKING:
    from checker.config import Settings
    from checker.pipeline import Models

__all__ = ["BACKENDS", "load_models"]


def load_models(settings: Settings) -> Models:
    """The three models for `settings.backend`, as a `pipeline.Models` (pass it as `loaded_models`)."""
    from checker.pipeline import Models

    return Models.load(settings)
