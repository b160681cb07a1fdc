"""`checker install-hook`: a plain git pre-commit hook that checks the staged drafts before each commit.

The hook runs `checker check` once over every staged draft (added, copied, modified or renamed .txt, .md,
.markdown, .html, .htm), so the models load once per commit. It checks the staged text, not the working
tree: the staged versions are exported to a temporary directory (`git checkout-index`) under their own
relative names, so a half-staged edit is judged as it will be committed and the report names the files as
they are in the repository. A contradiction (or any error) refuses the commit; `git commit --no-verify`
skips the check once.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

from checker.errors import CheckerError

MARKER = "# installed by: checker install-hook"
DRAFT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
FAIL_ON = ("contradiction", "disagree", "any", "never")

_TEMPLATE = """\
#!/bin/sh
{marker}
# Checks the staged drafts against the archive of published coverage and refuses the commit when one
# contradicts it. Skip once with `git commit --no-verify`; reinstall with `checker install-hook --force`.
CHECKER_PYTHON="${{CHECKER_PYTHON:-{python}}}"

IFS='
'
set -f
set -- $(git -c core.quotePath=false diff --cached --name-only --diff-filter=ACMR -- {patterns})
set +f
unset IFS
[ "$#" -eq 0 ] && exit 0

top=$(git rev-parse --show-toplevel) || exit 1
cd "$top" || exit 1
if [ -z "${{CHECKER_CONFIG:-}}" ] && [ -f checker.toml ]; then
    CHECKER_CONFIG="$top/checker.toml"
    export CHECKER_CONFIG
fi
staged=$(mktemp -d "${{TMPDIR:-/tmp}}/checker-hook.XXXXXX") || exit 1
trap 'rm -rf "$staged"' EXIT INT TERM
# The staged versions of the drafts, under their own relative names (not the working tree's).
git checkout-index --prefix="$staged/" -- "$@" || exit 1

echo "checker: checking $# staged draft(s) against the archive..." >&2
(cd "$staged" && "$CHECKER_PYTHON" -P -m checker.cli check --fail-on {fail_on}{archive} -- "$@")
status=$?
if [ "$status" -eq 1 ]; then
    echo "checker: commit refused: a staged draft contradicts published coverage (findings above)." >&2
    echo "checker: fix the draft, or commit with --no-verify to skip this check." >&2
elif [ "$status" -ne 0 ]; then
    echo "checker: commit refused: the drafts could not be checked (exit $status, see above)." >&2
    echo "checker: commit with --no-verify to skip this check." >&2
fi
exit "$status"
"""


def hook_script(
    *, archive: str | Path | None, fail_on: str = "contradiction", python: str | None = None
) -> str:
    """The hook's text. `archive` is made absolute (the hook runs `checker check` in a temporary
    directory); `python` is the interpreter whose checker runs (default: this one)."""
    if fail_on not in FAIL_ON:
        raise CheckerError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    if archive is not None and "://" not in str(archive):
        archive = Path(archive).expanduser().resolve()
    archive_arg = f" --archive {shlex.quote(str(archive))}" if archive else ""
    return _TEMPLATE.format(
        marker=MARKER,
        python=python or sys.executable,
        patterns=" ".join(f"'{p}'" for p in DRAFT_PATTERNS),
        fail_on=fail_on,
        archive=archive_arg,
    )


def hooks_dir(repo: Path) -> Path:
    """The repository's hooks directory (honours core.hooksPath and worktrees)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-path", "hooks"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise CheckerError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise CheckerError(f"{repo}: not a directory") from None
    if done.returncode != 0:
        raise CheckerError(f"{repo}: not inside a git repository")
    path = Path(done.stdout.strip())
    return path if path.is_absolute() else (repo / path)


def archive_location(repo: Path, archive: str | Path | None) -> str | Path:
    """The archive the hook checks against, fixed at install time: `--archive` (relative to the current
    directory), else $CHECKER_ARCHIVE, the config file's `[archive] path` or the default, relative to
    the repository's top. The hook runs `checker check` in a temporary directory, so the path must be
    absolute there."""
    from checker.archive.location import is_url, redact, resolve_location

    location = str(archive) if archive is not None else resolve_location(None)
    if is_url(str(location)):
        if redact(str(location)) != str(location):
            raise CheckerError(
                "the archive URL holds a password, which would be written into the hook in plain text; "
                "keep it in $PGPASSWORD or ~/.pgpass and pass the URL without it"
            )
        return str(location)
    if archive is not None:
        return Path(archive).expanduser().resolve()
    path = Path(location).expanduser()
    return path if path.is_absolute() else (repo_top(repo) / path).resolve()


def repo_top(repo: Path) -> Path:
    done = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=repo, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise CheckerError(f"{repo}: not inside a git repository (with a work tree)")
    return Path(done.stdout.strip())


def install_hook(
    repo: str | Path = ".",
    *,
    archive: str | Path | None = None,
    fail_on: str = "contradiction",
    force: bool = False,
    python: str | None = None,
) -> Path:
    """Write an executable pre-commit hook; returns its path. A hook checker did not write is replaced
    only with `force` (and kept beside it as pre-commit.before-checker)."""
    repo = Path(repo)
    if not repo.is_dir():
        raise CheckerError(f"{repo}: not a directory")
    directory = hooks_dir(repo)
    hook = directory / "pre-commit"
    if hook.exists() or hook.is_symlink():
        try:
            current = hook.read_text(encoding="utf-8", errors="replace")
        except OSError:
            current = ""
        if MARKER not in current:
            if not force:
                raise CheckerError(
                    f"{hook} exists and was not written by checker; use --force to replace it "
                    "(the old hook is kept as pre-commit.before-checker)"
                )
            hook.replace(directory / "pre-commit.before-checker")
    directory.mkdir(parents=True, exist_ok=True)
    text = hook_script(archive=archive_location(repo, archive), fail_on=fail_on, python=python)
    partial = directory / f".pre-commit.checker-{os.getpid()}"
    partial.write_text(text, encoding="utf-8")
    partial.chmod(partial.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    partial.replace(hook)
    return hook
