"""Bad input: one clear line naming the file and the problem, exit code 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.ingest import MAX_FILE_BYTES, read_articles

from .conftest import ROOT, SEEDS

GOOD = SEEDS[0]


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the message must contain)."""
    (tmp / "empty.txt").write_text("")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp / "latin1.txt").write_bytes("Le ministre a rencontr\xe9 le pr\xe9sident.".encode("latin-1"))
    (tmp / "big.txt").write_text("Troops advanced on the village. " * (MAX_FILE_BYTES // 30 + 10))
    (tmp / "scripts.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><script>alert('x')</script>"
        "<nav>Home | World</nav></body></html>"
    )
    (tmp / "broken.json").write_text('{"id": "a1", "text": "Troops advanced."')
    (tmp / "notext.jsonl").write_text(json.dumps({"id": "a1", "source": "AP"}) + "\n")
    (tmp / "adir").mkdir()
    return {
        "missing": (tmp / "nope.txt", "no such file"),
        "directory": (tmp / "adir", "directory"),
        "empty": (tmp / "empty.txt", "empty"),
        "binary": (tmp / "binary.txt", "binary"),
        "non-utf8": (tmp / "latin1.txt", "UTF-8"),
        "too big": (tmp / "big.txt", "limit"),
        "scripts only": (tmp / "scripts.html", "no article text"),
        "malformed json": (tmp / "broken.json", "not valid JSON"),
        "record without text": (tmp / "notext.jsonl", "no 'text'"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "binary",
        "non-utf8",
        "too big",
        "scripts only",
        "malformed json",
        "record without text",
    ],
)
def test_library_names_file_and_problem(tmp_path: Path, case: str) -> None:
    path, words = _bad_files(tmp_path)[case]
    with pytest.raises(InputError) as raised:
        read_articles([GOOD, path])
    message = str(raised.value)
    assert str(path) in message and words in message
    assert "\n" not in message


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    record = {"id": "same", "source": "AP", "text": "Troops seized the village on Sunday, officials said."}
    first.write_text(json.dumps(record) + "\n")
    second.write_text(json.dumps(record) + "\n")
    with pytest.raises(InputError, match="duplicate article id 'same'") as raised:
        read_articles([first, second])
    assert str(first) in str(raised.value) and str(second) in str(raised.value)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize("case", ["missing", "binary", "malformed json", "too big"])
def test_cli_one_line_exit_2_no_traceback(tmp_path: Path, case: str) -> None:
    path, words = _bad_files(tmp_path)[case]
    result = _cli("compare", str(GOOD), str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path.name) in lines[0] and words in lines[0]


def test_cli_single_article_says_so(tmp_path: Path) -> None:
    result = _cli("compare", str(GOOD))
    assert result.returncode == 2
    assert "only one article" in result.stderr and "Traceback" not in result.stderr


def test_cli_errors_print_brackets_as_written(tmp_path: Path) -> None:
    # The console reads "[...]" as markup: a file named "[draft].txt", "[models] nli" or
    # "pip install 'checker[ray]'" must reach the user as written, not with the brackets eaten.
    draft = tmp_path / "[draft].txt"
    result = _cli("compare", str(draft), str(GOOD))
    assert result.returncode == 2
    assert f"{draft}: no such file" in result.stderr, result.stderr


def test_cli_missing_model_says_which_and_how(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = _cli("compare", *map(str, SEEDS), "--nli-model", str(tmp_path / "no-model"), "--out", str(out))
    assert result.returncode == 2
    assert "NLI cross-encoder" in result.stderr and "CHECKER_NLI_MODEL" in result.stderr
    assert "[models] nli in checker.toml" in result.stderr  # printed as text, not read as console markup
    assert not out.exists()
