"""The report directory of a batch run, written all at once or not at all.

Files are written into a hidden sibling directory which then replaces the old report in two renames, so
a reader (or a run killed half-way) never sees a mix of two runs.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

REPORT_FILES = ("report.json", "findings.jsonl", "summary.md", "index.html")


def render_files(batch: Mapping[str, Any]) -> dict[str, str]:
    """Each file of the report directory, rendered from the batch dict."""
    from checker.report.batch_markdown import to_summary_markdown
    from checker.report.html import to_html

    findings = (
        json.dumps({"story_id": story["id"], "story_title": story["title"], **finding}, ensure_ascii=False)
        for story in batch["stories"]
        for finding in story["findings"]
    )
    return {
        "report.json": json.dumps(batch, indent=2, ensure_ascii=False) + "\n",
        "findings.jsonl": "".join(line + "\n" for line in findings),
        "summary.md": to_summary_markdown(batch),
        "index.html": to_html(batch),
    }


def write_report_dir(out_dir: Path, files: Mapping[str, str]) -> None:
    """Replace `out_dir` with a directory holding exactly these files."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise CheckerError(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "report.json").exists():
        raise CheckerError(f"{out_dir}: not empty and not a checker report; choose another --out")
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{out_dir.name}.writing-{os.getpid()}"
    retired = parent / f".{out_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, text in files.items():
            with (staging / name).open("w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out_dir.exists():
            retired.rename(out_dir)  # put the previous report back
        raise CheckerError(f"{out_dir}: cannot write the report ({error.strerror or error})") from None
    shutil.rmtree(retired, ignore_errors=True)
