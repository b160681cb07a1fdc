"""The ONNX Runtime backend against PyTorch, on the real models: same tokens, same numbers, same verdicts.

Every fixture set with an expected.json (the seeds included) is compared with both backends; every NLI pair
and every text the PyTorch run sends to the models is sent to the ONNX models too, and the largest
probability difference and the smallest embedding cosine are held to tight bounds (printed with -s).
Uses the ONNX exports in the configured folder (exported on first use, about a minute, if missing).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from checker import models
from checker.backends import load_models, onnx_export, onnx_runtime
from checker.config import Settings
from checker.errors import ModelNotFoundError
from checker.evaluate import datasets
from checker.judge import Finding
from checker.pipeline import compare
from checker.report import Report

from .conftest import FIXTURES, Recorder

SETS = sorted(p.parent for p in FIXTURES.glob("*/expected.json"))
MAX_PROBABILITY_DIFFERENCE = 1e-4  # measured: about 1e-7
MIN_COSINE = 0.9999  # measured: 0.9999996
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def onnx_settings(settings: Settings) -> Settings:
    return replace(settings, backend="onnx")


@pytest.fixture(scope="module")
def torch_settings(settings: Settings) -> Settings:
    """PyTorch in float32, as the export is: bf16 is compared with fp32 in test_precision.py."""
    return replace(settings, backend="torch", precision="fp32")


@pytest.fixture(scope="module")
def recorder(torch_settings: Settings) -> Recorder:
    return Recorder(load_models(torch_settings))


@pytest.fixture(scope="module")
def runs(
    torch_settings: Settings, onnx_settings: Settings, recorder: Recorder
) -> dict[str, tuple[Report, Report]]:
    onnx_models = load_models(onnx_settings)
    reports = {}
    for folder in SETS:
        paths = sorted(folder.glob("*.txt"))
        reports[folder.name] = (
            compare(paths, settings=torch_settings, loaded_models=recorder.models()),
            compare(paths, settings=onnx_settings, loaded_models=onnx_models),
        )
    return reports


@pytest.fixture(scope="module")
def recorded(runs: dict[str, tuple[Report, Report]], recorder: Recorder) -> Recorder:
    """The recorder, after every fixture set has run through it."""
    return recorder


def _verdicts(report: Report) -> list[tuple]:
    return sorted(
        (f.kind, f.status, f.a.id, f.b.id, tuple((d.kind, d.a, d.b) for d in f.differs), f.note)
        for f in report.findings
    )


def test_fixture_sets_found() -> None:
    assert len(SETS) >= 8 and any(folder.name == "seeds" for folder in SETS)


@pytest.mark.parametrize("name", [folder.name for folder in SETS])
def test_same_verdicts_on_fixture_set(name: str, runs: dict[str, tuple[Report, Report]]) -> None:
    torch_report, onnx_report = runs[name]
    assert _verdicts(onnx_report) == _verdicts(torch_report)
    assert dict(onnx_report.corroboration) == dict(torch_report.corroboration)
    assert onnx_report.stats.aligned_pairs == torch_report.stats.aligned_pairs
    assert onnx_report.stats.nli_pairs_judged == torch_report.stats.nli_pairs_judged

    def key(finding: Finding) -> tuple[str, str, str]:
        return (finding.a.id, finding.b.id, finding.kind)

    for a, b in zip(
        sorted(torch_report.findings, key=key), sorted(onnx_report.findings, key=key), strict=True
    ):
        assert b.score == pytest.approx(a.score, abs=1e-3)
        assert b.similarity == pytest.approx(a.similarity, abs=1e-3)


def test_nli_probabilities_match(recorded: Recorder, onnx_settings: Settings) -> None:
    # The judge asks the model about few pairs (only where its verdict matters), so the pairs the fixture
    # sets send are joined by a seeded sample of SICK test pairs: every label, and real sentence lengths.
    asked = list(dict.fromkeys(recorded.pairs))
    assert len(asked) >= 20
    sick = datasets.sample(datasets.sick(datasets.data_dir()), 150, seed=7, key=lambda e: e.label)
    pairs = list(dict.fromkeys([*asked, *((e.premise, e.hypothesis) for e in sick)]))
    torch_probs = recorded.loaded.nli(pairs)
    onnx_probs = models.nli_predictor_for(onnx_settings)(pairs)
    labels = models.LABELS
    a = np.array([[p[label] for label in labels] for p in torch_probs])
    b = np.array([[p[label] for label in labels] for p in onnx_probs])
    difference = float(np.abs(a - b).max())
    print(f"\nNLI: {len(pairs)} pairs, max probability difference {difference:.2e}")
    assert difference < MAX_PROBABILITY_DIFFERENCE
    assert (a.argmax(1) == b.argmax(1)).all()


def test_embeddings_match(recorded: Recorder, onnx_settings: Settings) -> None:
    texts = list(dict.fromkeys(recorded.texts))
    assert len(texts) > 100
    torch_vectors = recorded.loaded.embed(texts)
    onnx_vectors = models.embedder_for(onnx_settings)(texts)
    assert onnx_vectors.dtype == np.float32 and onnx_vectors.shape == torch_vectors.shape
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    cosine = float(np.sum(torch_vectors * onnx_vectors, axis=1).min())
    print(f"\nembedder: {len(texts)} texts, min cosine {cosine:.7f}")
    assert cosine > MIN_COSINE
    assert models.embedder_for(onnx_settings)([]).shape == (0, torch_vectors.shape[1])


def test_tokens_match_transformers(recorded: Recorder, settings: Settings, onnx_settings: Settings) -> None:
    """The `tokenizers` setup of the ONNX path gives the ids transformers gives the PyTorch path."""
    pairs = list(dict.fromkeys(recorded.pairs))[:200]
    long = ("word " * 300, "other " * 300)  # both sides truncated, longest first
    pairs.append(long)
    torch_nli = models.load_nli(settings.resolved_nli())
    expected = torch_nli.tokenizer(
        [p[0] for p in pairs], [p[1] for p in pairs], padding=True, truncation=True, max_length=128
    )
    onnx_nli = onnx_runtime.load_nli(settings.resolved_nli().resolve(), onnx_settings.resolved_onnx_dir())
    got = onnx_nli.encode(pairs)
    for name in onnx_export.INPUTS:
        assert got[name].tolist() == expected[name], name


def test_missing_export_is_one_line_error(settings: Settings, tmp_path: Path) -> None:
    source = settings.resolved_nli().resolve()
    with pytest.raises(ModelNotFoundError) as raised:
        onnx_runtime.load_nli(source, tmp_path / "empty", auto_export=False)
    message = str(raised.value)
    assert "checker onnx export" in message and "\n" not in message


@pytest.mark.parametrize("value", ["1", "3", "", "zero"])
def test_sessions_take_omp_num_threads(
    value: str, settings: Settings, onnx_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit PyTorch obeys bounds ONNX Runtime too; unset or unreadable, ONNX Runtime takes the cores (0).
    export = onnx_export.find_export(
        "nli", settings.resolved_nli().resolve(), onnx_settings.resolved_onnx_dir()
    )
    assert export is not None  # made by the comparisons above, or by `make onnx`
    monkeypatch.setenv("OMP_NUM_THREADS", value)
    session = onnx_runtime._session(export.model_file(False))
    assert session.get_session_options().intra_op_num_threads == (int(value) if value.isdigit() else 0)


def test_stale_export_is_detected(settings: Settings, onnx_settings: Settings, tmp_path: Path) -> None:
    source = settings.resolved_nli().resolve()
    root = onnx_settings.resolved_onnx_dir()
    current = onnx_export.find_export("nli", source, root)
    assert current is not None
    # A copy of the model folder with the same files: found by hash (the path differs).
    copy = tmp_path / "copy" / source.name
    copy.mkdir(parents=True)
    for path in onnx_export.source_files(source):
        (copy / path.name).symlink_to(path)
    assert onnx_export.find_export("nli", copy, root) is not None
    # The same folder with a changed config: stale (no export for its hash).
    (copy / "config.json").unlink()
    config = json.loads((source / "config.json").read_text())
    config["hidden_dropout_prob"] = 0.2
    (copy / "config.json").write_text(json.dumps(config))
    assert onnx_export.find_export("nli", copy, root) is None
    # An export written by an older format of the exporter: stale.
    old_root = tmp_path / "old"
    old = old_root / current.directory.name
    old.mkdir(parents=True)
    (old / onnx_export.FP32_FILE).symlink_to(current.model_file())
    metadata = dict(current.metadata, format=onnx_export.EXPORT_FORMAT - 1)
    (old / onnx_export.METADATA).write_text(json.dumps(metadata))
    assert onnx_export.find_export("nli", source, old_root) is None
    shutil.rmtree(old_root)


def test_onnx_path_needs_no_torch_libraries() -> None:
    """The runtime module itself imports neither torch, transformers nor sentence-transformers."""
    import subprocess
    import sys

    code = (
        "import sys, checker.backends.onnx_runtime; "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def mpnet_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """all-mpnet-base-v2 (the recipe's base) with a seeded 3-way head, saved as `checker train-nli` saves
    a model: what the backend must run is MPNet's graph and tokenizer, not a trained head."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from checker.training import data
    from checker.training.bases import mpnet_dir

    base = mpnet_dir()
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base),
        local_files_only=True,
        num_labels=3,
        id2label=dict(enumerate(data.LABELS)),
        label2id=dict(data.LABEL_IDS),
    )
    out = tmp_path_factory.mktemp("mpnet") / "mpnet-nli"
    model.save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(base), local_files_only=True).save_pretrained(str(out))
    return out


def test_an_mpnet_cross_encoder_runs_on_onnx_as_on_pytorch(
    mpnet_cross_encoder: Path, settings: Settings, recorded: Recorder, tmp_path: Path
) -> None:
    # MPNet has no segment embeddings and pads with <pad> (id 1, which its positions skip), not [PAD]
    pairs = list(dict.fromkeys(recorded.pairs))[:60]
    sick = datasets.sample(datasets.sick(datasets.data_dir()), 60, seed=7, key=lambda e: e.label)
    pairs += [(e.premise, e.hypothesis) for e in sick]
    onnx_nli = onnx_runtime.load_nli(mpnet_cross_encoder, tmp_path)
    torch_nli = models.load_nli(mpnet_cross_encoder)
    expected = torch_nli.tokenizer(
        [p[0] for p in pairs], [p[1] for p in pairs], padding=True, truncation=True, max_length=128
    )
    got = onnx_nli.encode(pairs)
    assert got["input_ids"].tolist() == expected["input_ids"]
    assert got["attention_mask"].tolist() == expected["attention_mask"]
    torch_settings = replace(settings, nli_model=str(mpnet_cross_encoder), backend="torch", precision="fp32")
    torch_probs = models.nli_predictor_for(torch_settings)(pairs)
    onnx_probs = onnx_nli.predict(pairs)
    a = np.array([[p[label] for label in models.LABELS] for p in torch_probs])
    b = np.array([[p[label] for label in models.LABELS] for p in onnx_probs])
    difference = float(np.abs(a - b).max())
    print(f"\nMPNet NLI on ONNX: {len(pairs)} pairs, max probability difference {difference:.2e}")
    assert difference < MAX_PROBABILITY_DIFFERENCE
