"""Editors' verdicts on findings: was checker right or wrong? Kept beside the archive, read by calibration
and training.

Every finding a check (or compare, or batch) reports can be remembered in the ledger with its evidence,
so that an editor can later say `checker verdict FINDING-ID right|wrong` by id alone. A verdict keeps
the whole finding (both sentences, kind, score, NLI probabilities) as it was when judged: calibration
and training need the evidence, not just the id, and a later run of another model may not raise the same
finding again. Storage is a small SQLite file (WAL: the service records findings while editors vote).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

VERDICTS_ENV = "CHECKER_VERDICTS"
VERDICT_VALUES = ("right", "wrong")

_TABLES = """
CREATE TABLE IF NOT EXISTS findings (id TEXT PRIMARY KEY, finding TEXT NOT NULL, seen_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verdicts (
    finding_id TEXT PRIMARY KEY REFERENCES findings(id),
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong')),
    editor TEXT,
    note TEXT,
    at TEXT NOT NULL
);
"""


class UnknownFindingError(CheckerError):
    """A verdict names a finding the ledger has never seen."""


@dataclass(frozen=True)
class Verdict:
    """An editor's judgement of one finding, with the finding as it was reported."""

    finding: Mapping[str, Any]
    right: bool
    editor: str | None
    note: str | None
    at: str

    @property
    def finding_id(self) -> str:
        return str(self.finding["id"])


def ledger_path(archive_location: str | Path | None) -> Path:
    """Where the verdicts of this archive live: beside an archive file, in the user's data directory for
    an archive on a server, or wherever CHECKER_VERDICTS says."""
    import hashlib
    import os

    if os.environ.get(VERDICTS_ENV):
        return Path(os.environ[VERDICTS_ENV])
    if archive_location is None:
        archive_location = "checker-archive.sqlite"
    if "://" in str(archive_location):
        # An archive on a server: one ledger per server database, in this user's data directory (keyed
        # by the URL without its password, which never reaches a file name).
        from checker.archive.location import redact

        key = hashlib.sha1(redact(str(archive_location)).encode("utf-8")).hexdigest()[:12]
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return base / "checker" / "verdicts" / f"{key}.sqlite"
    location = Path(archive_location)
    return location.with_name(f"{location.stem}.verdicts.sqlite")


class Ledger:
    """Findings seen and editors' verdicts on them."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._db()  # fail now, with the file named, rather than at the first verdict

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_TABLES)
            except sqlite3.DatabaseError as error:
                raise CheckerError(f"{self.path}: not a checker verdicts file ({error})") from None
            self._local.db = db
        return db

    def remember(self, findings: Iterable[Mapping[str, Any]]) -> int:
        """Keep these findings (JSON, as in a report) so verdicts can name them by id. Returns how many."""
        now = _now()
        rows = [(str(f["id"]), json.dumps(f, ensure_ascii=False), now) for f in findings]
        if rows:
            with self._lock, self._transaction() as db:
                db.executemany("INSERT OR REPLACE INTO findings VALUES (?, ?, ?)", rows)
        return len(rows)

    def record(
        self,
        finding_id: str,
        verdict: str,
        *,
        finding: Mapping[str, Any] | None = None,
        editor: str | None = None,
        note: str | None = None,
    ) -> Verdict:
        """An editor's verdict; a later verdict on the same finding replaces the earlier one."""
        if verdict not in VERDICT_VALUES:
            raise CheckerError(f"verdict must be 'right' or 'wrong', not {verdict!r}")
        if finding is not None:
            if str(finding.get("id")) != finding_id:
                raise CheckerError(f"finding id {finding.get('id')!r} does not match {finding_id!r}")
            self.remember([finding])
        known = self._db().execute("SELECT finding FROM findings WHERE id = ?", (finding_id,)).fetchone()
        if known is None:
            raise UnknownFindingError(
                f"{self.path}: no finding {finding_id!r} (findings are remembered by `checker check`; "
                "for a compare or batch report pass --report FILE)"
            )
        at = _now()
        with self._lock, self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?)",
                (finding_id, verdict, editor, note, at),
            )
        return Verdict(json.loads(known[0]), verdict == "right", editor, note, at)

    def verdicts(self) -> list[Verdict]:
        rows = self._db().execute(
            "SELECT f.finding, v.verdict, v.editor, v.note, v.at FROM verdicts v JOIN findings f ON f.id = v.finding_id "
            "ORDER BY v.at, v.finding_id"
        )
        return [Verdict(json.loads(f), v == "right", e, n, at) for f, v, e, n, at in rows]

    def counts(self) -> dict[str, int]:
        db = self._db()
        right, wrong = (
            db.execute("SELECT count(*) FROM verdicts WHERE verdict = ?", (v,)).fetchone()[0]
            for v in VERDICT_VALUES
        )
        return {
            "findings": db.execute("SELECT count(*) FROM findings").fetchone()[0],
            "right": right,
            "wrong": wrong,
        }

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _transaction(self):
        db = self._db()

        class _Txn:
            def __enter__(self) -> sqlite3.Connection:
                db.execute("BEGIN IMMEDIATE")
                return db

            def __exit__(self, kind, *_rest) -> None:
                db.execute("COMMIT" if kind is None else "ROLLBACK")

        return _Txn()


def read_verdicts(path: Path) -> list[Verdict]:
    """Every verdict of one ledger file, read without creating it (opening a `Ledger` would make an empty
    one): a missing or unreadable file is an error naming it."""
    if not path.is_file():
        raise CheckerError(f"{path}: no such verdicts file")
    ledger = Ledger(path)
    try:
        return ledger.verdicts()
    except (sqlite3.DatabaseError, ValueError) as error:
        raise CheckerError(f"{path}: not a readable checker verdicts file ({error})") from None
    finally:
        ledger.close()


def findings_in_report(path: Path) -> list[dict[str, Any]]:
    """The findings of a compare, check or batch JSON report file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CheckerError(f"{path}: not a readable checker JSON report ({error})") from None
    if isinstance(document, dict) and "stories" in document:
        return [f for story in document["stories"] for f in story["findings"]]
    if isinstance(document, dict) and "findings" in document:
        return list(document["findings"])
    raise CheckerError(f"{path}: not a checker JSON report (no findings)")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
