"""Where the archive is: `--archive`, then $CHECKER_ARCHIVE, then `[archive] path` in the config file,
then ./checker-archive.sqlite. A `postgresql://` URL names a PostgreSQL database instead of a file
(`postgresql://user@host:5432/db`; a password is better kept in $PGPASSWORD or ~/.pgpass than in the
URL, and is never shown: `redact` masks it wherever a location is printed)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from checker.config import _find_config_file, _read_config
from checker.errors import ConfigError

ARCHIVE_ENV = "CHECKER_ARCHIVE"
DEFAULT_ARCHIVE = Path("checker-archive.sqlite")
URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def redact(location: str | Path) -> str:
    """The location as it may be shown: a URL's password (`user:PASSWORD@`, `password=...`) masked."""
    text = str(location)
    if not is_url(text):
        return text
    scheme, rest = text.split("://", 1)
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if found != -1:
            end = min(end, found)
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        userinfo, hosts = authority.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        authority = f"{userinfo}@{hosts}"
    tail = re.sub(r"([?&]password=)[^&#]*", r"\1***", tail, flags=re.IGNORECASE)
    return f"{scheme}://{authority}{tail}"


def resolve_location(
    explicit: str | Path | None = None, *, config_file: str | Path | None = None
) -> str | Path:
    """The archive's location: a Path to a SQLite file, or a PostgreSQL URL (str)."""
    value: str | Path | None = explicit or os.environ.get(ARCHIVE_ENV) or None
    if not value:
        path = _find_config_file(config_file)
        if path is not None:
            table = _read_config(path).get("archive", {})
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [archive] must be a table")
            configured = table.get("path")
            if configured is not None:
                if not isinstance(configured, str) or not configured:
                    raise ConfigError(f"{path}: [archive] path must be a non-empty string")
                value = configured if is_url(configured) else _relative_to(path, configured)
    if not value:
        return DEFAULT_ARCHIVE
    if is_url(value):
        return str(value)
    return Path(value).expanduser()


def _relative_to(config: Path, value: str) -> Path:
    """A relative path in a config file is read from the config file's folder."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else config.parent / path
