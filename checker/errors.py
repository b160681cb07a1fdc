"""Errors that checker reports to people as one clear line.

Every error raised for bad input or missing configuration is a `CheckerError`; the CLI prints
`str(error)` and exits with `error.exit_code`, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class CheckerError(Exception):
    """Base class: a problem a user can fix, described in one line."""

    exit_code = 2


class InputError(CheckerError):
    """An input file (or record) cannot be read as an article."""

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.line = line
        where = self.path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


class ModelNotFoundError(CheckerError):
    """A model (NLI, embedder, spaCy pipeline) could not be found or loaded."""


class ConfigError(CheckerError):
    """The configuration file or an option value is invalid."""
