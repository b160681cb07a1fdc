"""Lazy package exports (PEP 562): a name is imported from its module when first asked for.

`checker` and `checker.archive` export names whose modules pull in spaCy, torch and faiss; importing
those eagerly made every command, `checker --help` included, wait 2.5 s for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `exports[name]` (a module path) and returns its `name`."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
