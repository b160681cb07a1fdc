"""The models an archive's claims and embeddings were made with.

Stored claims and vectors are only comparable with a draft's when the same embedder, spaCy pipeline and
claim-extraction code made both. Each identity is a readable name plus a short fingerprint, computed
without loading any model.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import checker
from checker.config import Settings

# The modules that turn an article's text into claims and its lead: a change to any of them changes what
# the archive stores.
CLAIM_MODULES = ("claims.py", "quantities.py", "dates.py", "names.py", "leads.py")


@dataclass(frozen=True)
class ModelIdentity:
    embedder: str
    spacy: str
    claims: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ModelIdentity:
        data = json.loads(text)
        return cls(embedder=str(data["embedder"]), spacy=str(data["spacy"]), claims=str(data["claims"]))

    def differences(self, other: ModelIdentity) -> list[str]:
        """'embedder A (this run: B)' for each model that differs."""
        return [
            f"{name} {mine} (this run: {theirs})"
            for name, mine, theirs in (
                ("embedder", self.embedder, other.embedder),
                ("spaCy pipeline", self.spacy, other.spacy),
                ("claim extraction", self.claims, other.claims),
            )
            if mine != theirs
        ]


def current_identity(settings: Settings) -> ModelIdentity:
    return ModelIdentity(
        embedder=embedder_identity(settings.resolved_embedder()),
        spacy=spacy_identity(settings.resolved_spacy()),
        claims=claims_version(),
    )


def embedder_identity(location: str) -> str:
    """`<package>/<dir>@<fingerprint of its files>` for a directory; a hub name as it is."""
    path = Path(location)
    if not path.is_dir():
        return location
    sha = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path).as_posix()
        if file.suffix in (".json", ".txt"):
            sha.update(relative.encode() + b"\x00" + file.read_bytes())
        else:  # weights: size, not content (reading hundreds of MB at every open is too slow)
            sha.update(f"{relative}\x00{file.stat().st_size}".encode())
    name = path.name if path.name != "model" else f"{path.parent.name}/{path.name}"
    return f"{name}@{sha.hexdigest()[:12]}"


def spacy_identity(name: str) -> str:
    """`<package> <version>` for an installed package; `<meta name> <version>` for a directory."""
    path = Path(name)
    meta = path / "meta.json"
    if meta.is_file():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data.get('lang', '')}_{data.get('name', path.name)} {data.get('version', '?')}"
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return name


@functools.cache
def claims_version() -> str:
    """checker's version plus a hash of the claim-extraction modules (once per process: the code this
    process runs is the code it imported)."""
    root = Path(checker.__file__).parent
    sha = hashlib.sha256()
    for module in CLAIM_MODULES:
        sha.update((root / module).read_bytes())
    return f"{checker.__version__}+{sha.hexdigest()[:12]}"
