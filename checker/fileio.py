"""Atomic writes: a report file is either the old one or the whole new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checker.errors import CheckerError


def atomic_write(path: str | Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same directory, then rename it."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CheckerError(f"{target}: directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
