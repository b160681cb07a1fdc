"""ONNX exports of the NLI cross-encoder and the sentence embedder, cached outside the repository.

Each model is exported with `torch.onnx.export(..., dynamo=True)` with dynamic batch and sequence axes into
`<root>/<model-name>-<hash of the model files>/`:

- `model.onnx`: fp32 graph; inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, batch x sequence);
  output `logits` (NLI, batch x 3) or `sentence_embedding` (embedder, batch x dim: the embedder's pooling
  from its `1_Pooling/config.json` and L2 normalisation are inside the graph, as sentence-transformers does).
  BERT's layer norms and GELUs are fused with onnxruntime's transformer optimizer (fp32, same maths).
- `model.int8.onnx` (only with `int8=True`, library only): weights quantised to int8 by onnxruntime's
  dynamic quantisation. Measured and not offered as a backend: it changes 1.6% of SICK and 5.7% of SNLI labels.
- `metadata.json`: source model path, its files' SHA-256 and sizes/mtimes, opset, tool versions. An export
  whose source files changed (hash), or written by an older version of this module (`EXPORT_FORMAT`), is
  stale and exported again.

The root is `CHECKER_ONNX_DIR`, `[models] onnx_dir`, or `$XDG_CACHE_HOME/checker/onnx` (~/.cache/...).
Export needs torch and transformers; running an export needs only onnxruntime, tokenizers and numpy.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from checker.config import cache_dir
from checker.errors import ModelNotFoundError
from checker.fileio import atomic_write

Kind = Literal["nli", "embedder"]
Progress = Callable[[str], None]

EXPORT_FORMAT = 1  # bump when the graph or the layout changes: older exports are then stale
OPSET = 18
METADATA = "metadata.json"
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
EXPORT_COMMAND = "checker onnx export"
# The files that decide what a model computes (weights, architecture, tokenizer, pooling).
_SOURCE_FILES = (
    "config.json",
    "model.safetensors",
    "pytorch_model.bin",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)


def default_root() -> Path:
    return cache_dir() / "onnx"


@dataclass(frozen=True)
class Export:
    """One model's export folder and what its metadata says."""

    directory: Path
    metadata: dict[str, Any]

    def model_file(self, int8: bool = False) -> Path:
        return self.directory / (INT8_FILE if int8 else FP32_FILE)


def model_name(source: Path) -> str:
    """A readable folder name: the model directory's name (its package's, for a package's `model/`)."""
    name = source.name if source.name not in ("model", "") else source.parent.name
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def source_files(source: Path) -> list[Path]:
    return [source / name for name in _SOURCE_FILES if (source / name).is_file()]


def source_stat(source: Path) -> dict[str, list[int]]:
    """Sizes and modification times: a cheap check that the files are the ones hashed at export."""
    stats = {}
    for path in source_files(source):
        info = path.stat()
        stats[str(path.relative_to(source))] = [info.st_size, info.st_mtime_ns]
    return stats


def source_hash(source: Path) -> str:
    """SHA-256 over the model's files (names and contents)."""
    digest = hashlib.sha256()
    for path in source_files(source):
        digest.update(str(path.relative_to(source)).encode() + b"\0")
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _valid(directory: Path, kind: Kind, int8: bool) -> dict[str, Any] | None:
    try:
        metadata = json.loads((directory / METADATA).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if metadata.get("format") != EXPORT_FORMAT or metadata.get("kind") != kind:
        return None
    if not (directory / FP32_FILE).is_file() or (int8 and not (directory / INT8_FILE).is_file()):
        return None
    return metadata


def find_export(kind: Kind, source: Path, root: Path, *, int8: bool = False) -> Export | None:
    """The up-to-date export of `source` under `root`, or None when it is missing or stale.

    Fast path: an export recorded for this very path whose files have the sizes and mtimes recorded (no
    hashing). Otherwise the files are hashed and the folder named by the hash is checked."""
    source = source.resolve()
    stat = source_stat(source)
    if root.is_dir():
        for directory in sorted(root.glob(f"{model_name(source)}-*")):
            metadata = _valid(directory, kind, int8)
            if metadata and metadata.get("source") == str(source) and metadata.get("source_stat") == stat:
                return Export(directory, metadata)
    digest = source_hash(source)
    directory = root / f"{model_name(source)}-{digest[:12]}"
    metadata = _valid(directory, kind, int8)
    if metadata and metadata.get("source_sha256") == digest:
        return Export(directory, metadata)
    return None


def export_model(
    kind: Kind,
    source: Path,
    root: Path | None = None,
    *,
    int8: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> Export:
    """Export `source` (unless an up-to-date export exists) and return it. Atomic: the files are written
    into a temporary folder beside the target and renamed into place."""
    say = progress or (lambda _message: None)
    root = (root or default_root()).expanduser()
    source = source.resolve()
    if not force and (found := find_export(kind, source, root, int8=int8)):
        return found
    if not (source / "config.json").is_file():
        raise ModelNotFoundError(f"cannot export {source} to ONNX: it has no config.json")
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=root))
    except OSError as error:
        raise ModelNotFoundError(
            f"cannot write ONNX exports to {root} ({error.strerror}); run `{EXPORT_COMMAND} --out DIR` "
            "and set CHECKER_ONNX_DIR=DIR"
        ) from None
    try:
        digest = source_hash(source)
        began = time.perf_counter()
        say(f"exporting the {kind} model {model_name(source)} to ONNX (once; about a minute)")
        try:
            _export_graph(kind, source, staging / FP32_FILE)
            if int8:
                say(f"quantising the {kind} model {model_name(source)} to int8")
                quantize_int8(staging / FP32_FILE, staging / INT8_FILE)
        except ImportError as error:
            raise ModelNotFoundError(
                f"exporting to ONNX needs {error.name} (pip install -c requirements/constraints.txt "
                "onnxruntime onnx onnxscript)"
            ) from None
        except (RuntimeError, ValueError, OSError) as error:
            problem = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise ModelNotFoundError(f"ONNX export of {source} failed: {problem}") from error
        metadata = _metadata(kind, source, digest, int8, time.perf_counter() - began)
        atomic_write(staging / METADATA, json.dumps(metadata, indent=2) + "\n")
        target = root / f"{model_name(source)}-{digest[:12]}"
        staging.chmod(0o755)  # mkdtemp makes it private; the cache is as readable as the model
        for path in staging.iterdir():
            path.chmod(0o644)
        _move_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"exported the {kind} model to {target}")
    return Export(target, metadata)


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename the finished folder into place; a stale folder there is moved aside first and removed."""
    if target.exists():
        old = target.with_name(f".stale-{target.name}-{os.getpid()}")
        with contextlib.suppress(OSError):
            os.replace(target, old)
        shutil.rmtree(old, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:
        # Another process finished the same export first: keep theirs.
        if not (target / METADATA).is_file():
            raise


def _metadata(kind: Kind, source: Path, digest: str, int8: bool, seconds: float) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {
        "format": EXPORT_FORMAT,
        "kind": kind,
        "source": str(source),
        "source_sha256": digest,
        "source_stat": source_stat(source),
        "opset": OPSET,
        "files": {"fp32": FP32_FILE, **({"int8": INT8_FILE} if int8 else {})},
        "inputs": list(INPUTS),
        "output": "logits" if kind == "nli" else "sentence_embedding",
        "versions": {
            name: installed(name)
            for name in (
                "torch",
                "transformers",
                "onnx",
                "onnxscript",
                "onnxruntime",
                "sentence-transformers",
            )
        },
        "export_seconds": round(seconds, 1),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def pooling_mode(source: Path) -> str:
    """The embedder's pooling from its sentence-transformers config: "mean" or "cls" (default mean)."""
    config_path = source / "1_Pooling" / "config.json"
    if not config_path.is_file():
        return "mean"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    modes = [key for key, on in config.items() if key.startswith("pooling_mode_") and on is True]
    if modes == ["pooling_mode_mean_tokens"]:
        return "mean"
    if modes == ["pooling_mode_cls_token"]:
        return "cls"
    raise ModelNotFoundError(
        f"sentence embedder at {source}: pooling {modes} is not supported by the onnx backend; "
        "use --backend torch"
    )


def _export_graph(kind: Kind, source: Path, target: Path) -> None:
    import torch

    module = _nli_module(source) if kind == "nli" else _embedder_module(source)
    # Batch 2 with one padded row, so neither axis is specialised to 1 and the mask path is traced.
    input_ids = torch.randint(1000, 2000, (2, 16), dtype=torch.long)
    attention_mask = torch.ones_like(input_ids)
    attention_mask[1, 10:] = 0
    token_type_ids = torch.zeros_like(input_ids)
    token_type_ids[:, 8:] = 1
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
    axes = {0: batch, 1: sequence}
    raw = target.with_suffix(".raw.onnx")
    with _quiet_exporter():
        torch.onnx.export(
            module,
            (input_ids, attention_mask, token_type_ids),
            str(raw),
            dynamo=True,
            input_names=list(INPUTS),
            output_names=["logits" if kind == "nli" else "sentence_embedding"],
            dynamic_shapes={name: axes for name in INPUTS},
            opset_version=OPSET,
            external_data=False,
            verbose=False,
        )
    with _quiet_exporter():  # the optimizer prints shape-inference notes on stdout
        _fuse(raw, target, hidden=module.hidden_size, heads=module.heads)
    raw.unlink(missing_ok=True)


@contextlib.contextmanager
def _quiet_exporter() -> Any:
    """The exporter prints its steps and warnings; keep the user's terminal for checker's own messages."""
    import io
    import logging
    import warnings

    sink = io.StringIO()
    loggers = [
        logging.getLogger(name) for name in ("torch.onnx", "torch.export", "torch._export", "onnxscript")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sink):
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _fuse(raw: Path, target: Path, *, hidden: int, heads: int) -> None:
    """Fuse BERT's skip+layer-norm and bias+GELU nodes (onnxruntime's transformer optimizer, fp32)."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(raw), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0)
    # Shapes recorded by the exporter no longer match the fused nodes; runtimes infer them again.
    del optimized.model.graph.value_info[:]
    optimized.save_model_to_file(str(target))


def quantize_int8(fp32: Path, int8: Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights (activations quantised per batch at run time)."""
    import logging

    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # "consider pre-processing"
    quantize_dynamic(
        str(fp32),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        # The fused nodes are onnxruntime contrib ops, which onnx's shape inference does not type.
        extra_options={"DefaultTensorType": TensorProto.FLOAT},
    )


def _transformers_quiet() -> None:
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def _nli_module(source: Path) -> Any:
    import torch
    from transformers import AutoModelForSequenceClassification

    _transformers_quiet()
    model = AutoModelForSequenceClassification.from_pretrained(
        str(source), local_files_only=True, attn_implementation="eager"
    ).eval()

    # BERT reads which segment a token is in; MPNet has no segment embeddings (its forward takes none).
    # The graph keeps all three inputs either way, so the runtime feeds every model alike.
    segments = "token_type_ids" in inspect.signature(model.forward).parameters

    class NLIGraph(torch.nn.Module):
        hidden_size = model.config.hidden_size
        heads = model.config.num_attention_heads

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            if not segments:
                return self.model(input_ids=input_ids, attention_mask=attention_mask).logits
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    return NLIGraph()


def _embedder_module(source: Path) -> Any:
    """The transformer, then the pooling sentence-transformers applies (mean over the attention mask, or
    the CLS token), then L2 normalisation (`normalize_embeddings=True`, as `models.embed` asks)."""
    import torch
    from transformers import AutoModel

    _transformers_quiet()
    mode = pooling_mode(source)
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()

    class EmbedderGraph(torch.nn.Module):
        hidden_size = model.config.hidden_size
        heads = model.config.num_attention_heads

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            tokens = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            if mode == "cls":
                pooled = tokens[:, 0]
            else:  # sentence_transformers.models.Pooling, mean mode
                mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
                pooled = (tokens * mask).sum(1) / torch.clamp(mask.sum(1), min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return EmbedderGraph()
