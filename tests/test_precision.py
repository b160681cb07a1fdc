"""bfloat16 against float32 on the real models: the same verdicts on every fixture set, close numbers.

`precision = auto` (the default) computes in bfloat16 where the CPU has bfloat16 matrix instructions, so
these tests hold the fast path to the float32 results. Every NLI pair and every text the float32 run sends
to the models is sent again in bfloat16; the largest probability difference and the smallest cosine are
printed with -s and held to the bounds below. Whether bf16 moves SICK/SNLI labels is measured by
`make bench-backends`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from checker import config, models
from checker.config import Settings, load_settings
from checker.errors import ConfigError
from checker.pipeline import Models, compare
from checker.report import Report

from .conftest import FIXTURES, Recorder

SETS = sorted(p.parent for p in FIXTURES.glob("*/expected.json"))
MAX_PROBABILITY_DIFFERENCE = 0.06  # measured on the fixture pairs and 2,000 SICK/SNLI pairs: about 0.03
MIN_COSINE = 0.999  # measured: 0.99997
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fp32(settings: Settings) -> Settings:
    return replace(settings, backend="torch", precision="fp32")


@pytest.fixture(scope="module")
def bf16(settings: Settings) -> Settings:
    return replace(settings, backend="torch", precision="bf16")


@pytest.fixture(scope="module")
def recorder(fp32: Settings) -> Recorder:
    return Recorder(Models.load(fp32))


@pytest.fixture(scope="module")
def runs(fp32: Settings, bf16: Settings, recorder: Recorder) -> dict[str, tuple[Report, Report]]:
    fast = Models.load(bf16)
    return {
        folder.name: (
            compare(sorted(folder.glob("*.txt")), settings=fp32, loaded_models=recorder.models()),
            compare(sorted(folder.glob("*.txt")), settings=bf16, loaded_models=fast),
        )
        for folder in SETS
    }


def _verdicts(report: Report) -> list[tuple]:
    return sorted(
        (f.kind, f.status, f.a.id, f.b.id, tuple((d.kind, d.a, d.b) for d in f.differs), f.note)
        for f in report.findings
    )


# bf16 is the fast path only where the CPU multiplies it natively, and `auto` picks it only there. Elsewhere
# PyTorch emulates the same rounding at least eight times slower than fp32 (a minute of this suite on an
# AVX2-only EPYC) for a path no default run takes: these two are held on CPUs that have it.
needs_native_bf16 = pytest.mark.skipif(
    not config.cpu_multiplies_bf16(), reason="no native bf16 here: emulated, and never chosen by `auto`"
)


@needs_native_bf16
@pytest.mark.parametrize("name", [folder.name for folder in SETS])
def test_same_verdicts_on_fixture_set(name: str, runs: dict[str, tuple[Report, Report]]) -> None:
    exact, fast = runs[name]
    assert _verdicts(fast) == _verdicts(exact)
    assert dict(fast.corroboration) == dict(exact.corroboration)


@needs_native_bf16
def test_nli_probabilities_and_embeddings_stay_close(
    runs: dict[str, tuple[Report, Report]], recorder: Recorder, bf16: Settings
) -> None:
    pairs = list(dict.fromkeys(recorder.pairs))
    texts = list(dict.fromkeys(recorder.texts))
    assert len(pairs) >= 20 and len(texts) > 100
    labels = models.LABELS
    exact = np.array([[p[label] for label in labels] for p in recorder.loaded.nli(pairs)])
    fast = np.array([[p[label] for label in labels] for p in models.nli_predictor_for(bf16)(pairs)])
    difference = float(np.abs(exact - fast).max())
    vectors = models.embedder_for(bf16)(texts)
    assert vectors.dtype == np.float32
    cosine = float(np.sum(recorder.loaded.embed(texts) * vectors, axis=1).min())
    print(f"\nbf16: {len(pairs)} pairs, max probability difference {difference:.3f}; min cosine {cosine:.5f}")
    assert difference < MAX_PROBABILITY_DIFFERENCE
    assert cosine > MIN_COSINE


# -- choosing the precision ---------------------------------------------------------------------------


def test_precision_is_resolved_from_flag_environment_and_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "checker.toml"
    toml.write_text('[models]\nprecision = "fp32"\n', encoding="utf-8")
    monkeypatch.delenv(config.PRECISION_ENV, raising=False)
    assert load_settings(config_file=toml).precision == "fp32"
    monkeypatch.setenv(config.PRECISION_ENV, "bf16")
    assert load_settings(config_file=toml).precision == "bf16"
    assert load_settings(config_file=toml, precision="fp32").precision == "fp32"
    monkeypatch.delenv(config.PRECISION_ENV)
    assert load_settings(config_file=tmp_path / "checker.toml", precision=None).precision == "fp32"
    toml.write_text('[models]\nprecision = "half"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[models\] precision.*'half'.*auto, fp32, bf16"):
        load_settings(config_file=toml)


def test_auto_follows_the_cpu_and_onnx_stays_fp32(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(precision="auto")
    monkeypatch.setattr(config, "cpu_multiplies_bf16", lambda: True)
    assert settings.resolved_precision() == "bf16"
    monkeypatch.setattr(config, "cpu_multiplies_bf16", lambda: False)
    assert settings.resolved_precision() == "fp32"
    assert replace(settings, precision="bf16").resolved_precision() == "bf16"  # asked for: slow, but allowed
    assert replace(settings, backend="onnx").resolved_precision() == "fp32"
    with pytest.raises(ConfigError, match="torch backend only"):
        replace(settings, backend="onnx", precision="bf16").resolved_precision()
