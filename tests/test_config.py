"""Model locations: flag, then environment, then config file; missing models are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import load_settings
from checker.errors import ConfigError, ModelNotFoundError


def test_flag_beats_environment_beats_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "checker.toml"
    config.write_text(
        '[models]\nnli = "/from/file"\nembedder = "/emb/file"\n[thresholds]\nsimilarity_floor = 0.5\n'
    )
    monkeypatch.setenv("CHECKER_NLI_MODEL", "/from/env")
    settings = load_settings(config_file=config)
    assert settings.nli_model == "/from/env"
    assert settings.embedder == "/emb/file"
    assert settings.thresholds.similarity_floor == 0.5
    assert load_settings(nli_model="/from/flag", config_file=config).nli_model == "/from/flag"


def test_missing_model_names_the_ways_to_set_it(tmp_path: Path) -> None:
    settings = load_settings(nli_model=str(tmp_path / "absent"))
    with pytest.raises(ModelNotFoundError) as raised:
        settings.resolved_nli()
    message = str(raised.value)
    assert "--nli-model" in message and "CHECKER_NLI_MODEL" in message and "\n" not in message


def test_bad_config_file_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "checker.toml"
    config.write_text("[thresholds]\nno_such_threshold = 1\n")
    with pytest.raises(ConfigError, match="unknown threshold"):
        load_settings(config_file=config)


def test_backend_flag_beats_environment_beats_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHECKER_BACKEND", raising=False)
    monkeypatch.delenv("CHECKER_ONNX_DIR", raising=False)
    config = tmp_path / "checker.toml"
    config.write_text('[models]\nbackend = "onnx"\nonnx_dir = "/exports/file"\n')
    assert load_settings().backend == "torch"  # the default, until a setting says otherwise
    assert load_settings(config_file=config).backend == "onnx"
    assert load_settings(config_file=config).resolved_onnx_dir() == Path("/exports/file")
    monkeypatch.setenv("CHECKER_BACKEND", "torch")
    monkeypatch.setenv("CHECKER_ONNX_DIR", "/exports/env")
    assert load_settings(config_file=config).backend == "torch"
    assert load_settings(config_file=config).onnx_dir == "/exports/env"
    assert load_settings(config_file=config, backend="onnx").backend == "onnx"


def test_unknown_backend_is_one_line_naming_its_origin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKER_BACKEND", "tensorrt")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "CHECKER_BACKEND" in str(raised.value) and "torch, onnx" in str(raised.value)
    assert "\n" not in str(raised.value)
    with pytest.raises(ConfigError, match="--backend"):
        load_settings(backend="gpu")
