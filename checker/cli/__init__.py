"""The command line: thin layers over the library, one module per command group.

Exit codes: 0 clean, 1 findings at or above the failing level, 2 usage or input error. Errors are one line
on stderr, never a traceback. Each module registers its commands on the shared typer `app`.
"""

from __future__ import annotations

# Importing a module registers its commands on `app`.
from checker.cli import archive, batch, compare, onnx, serve, train, verdicts  # noqa: F401
from checker.cli.app import app, main

__all__ = ["app", "main"]
