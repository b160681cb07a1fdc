"""`checker install-hook` in a temporary git repository, with real commits and the real models: a draft
that contradicts the archive is refused (the message names both sentences), a consistent one commits.
Also the pre-commit manifest (.pre-commit-hooks.yaml), read with pre-commit's own schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.archive import open_archive
from checker.config import Settings
from checker.errors import CheckerError
from checker.hooks import MARKER, install_hook
from checker.ingest import read_articles

from .conftest import FIXTURES, ROOT

QUAKE = FIXTURES / "numbers_dates"
ARCHIVED = QUAKE / "2025-03-14_archipelago-times.txt"
CONTRADICTING = QUAKE / "2025-03-14_pacific-wire.txt"
CONSISTENT = (
    "PALU, Indonesia — A magnitude 6.1 earthquake struck Central Sulawesi before dawn on Tuesday, "
    "flattening houses in hillside villages north of Poso.\n\n"
    "The National Disaster Mitigation Agency said the earthquake killed 12 people, most of them as they "
    "slept.\n"
)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("CHECKER_ARCHIVE", None)
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "newsroom"
    path.mkdir()
    git(path, "init", "-q")
    git(path, "config", "commit.gpgsign", "false")
    return path


def test_refuses_a_foreign_hook_without_force(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\nexec lint-everything\n")
    with pytest.raises(CheckerError, match="not written by checker; use --force"):
        install_hook(repo, archive=repo / "a.sqlite")
    assert hook.read_text() == "#!/bin/sh\nexec lint-everything\n"

    installed = install_hook(repo, archive=repo / "a.sqlite", force=True)
    assert installed == hook and MARKER in hook.read_text()
    assert os.access(hook, os.X_OK)
    assert (hook.parent / "pre-commit.before-checker").read_text() == "#!/bin/sh\nexec lint-everything\n"
    install_hook(repo, archive=repo / "b.sqlite")  # its own hook is updated without --force
    assert str((repo / "b.sqlite").resolve()) in hook.read_text()


def test_cli_install_hook_outside_a_repository_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "install-hook", "--repo", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_commits_are_checked_against_the_archive(repo: Path, settings: Settings) -> None:
    archive = repo.parent / "published.sqlite"
    with open_archive(archive, settings) as store:
        store.add(read_articles([ARCHIVED], date_order=settings.date_order))
    installed = subprocess.run(
        [sys.executable, "-m", "checker.cli", "install-hook", "--archive", str(archive)],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    assert "installed" in installed.stderr

    # A file that is no draft does not trigger a check; a commit without drafts goes through.
    (repo / "notes.csv").write_text("a,b\n")
    git(repo, "add", "notes.csv")
    assert git(repo, "commit", "-qm", "notes").returncode == 0

    # The contradicting report, staged; the working tree then edited to something harmless but NOT
    # staged: the hook checks what would be committed, so the commit is still refused.
    draft = repo / "desk" / "2025-03-14_pacific-wire.txt"
    draft.parent.mkdir()
    draft.write_text(CONTRADICTING.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "desk")
    draft.write_text(CONSISTENT, encoding="utf-8")
    refused = git(repo, "commit", "-m", "quake: 40 dead", check=False)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0, said
    assert "commit refused" in said
    assert "The earthquake killed 12 people" in said, said  # the published sentence
    assert "40 people had been killed" in said, said  # the draft's sentence
    assert "desk/2025-03-14_pacific-wire.txt" in said  # named as in the repository
    assert "Traceback" not in said
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    # Stage the consistent version: it commits.
    git(repo, "add", "desk")
    accepted = git(repo, "commit", "-m", "quake: 12 dead", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_pre_commit_manifest_is_valid() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    (hook,) = hooks
    assert hook["id"] == "checker"
    assert hook["entry"] == "checker check --fail-on contradiction"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] and hook["require_serial"]  # one process, models loaded once
    import re

    pattern = re.compile(hook["files"])
    for name in ("a.txt", "desk/b.md", "c.markdown", "d.html", "e.htm"):
        assert pattern.search(name), name
    for name in ("a.py", "b.json", "c.md.bak"):
        assert not pattern.search(name), name
