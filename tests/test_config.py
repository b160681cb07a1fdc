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
