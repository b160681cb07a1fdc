"""`checker serve` (the HTTP service) and `checker install-hook` (a plain git pre-commit hook)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from checker.archive.location import redact
from checker.cli.app import app, stderr
from checker.errors import CheckerError

TOKEN_ENV = "CHECKER_TOKEN"


@app.command()
def serve(
    archive: Annotated[
        str | None,
        typer.Option(
            "--archive",
            help="Archive of published coverage (default: $CHECKER_ARCHIVE, the config file's archive "
            "path, or ./checker-archive.sqlite). Created when missing.",
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help=f"Require 'Authorization: Bearer TOKEN' on every request (default ${TOKEN_ENV}).",
            show_default=False,
        ),
    ] = None,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="Refuse request bodies larger than this (413).")
    ] = 8.0,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML).")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve checks over HTTP: POST /check, POST /archive, DELETE /archive/{id}, GET /health, /docs."""
    from checker.config import load_settings
    from checker.service import CheckService, create_app, is_loopback

    try:
        import uvicorn
    except ImportError:
        raise CheckerError("checker serve needs uvicorn and fastapi (pip install checker[serve])") from None

    token = token or os.environ.get(TOKEN_ENV) or None
    if not 0 < port < 65536:
        raise CheckerError(f"--port must be between 1 and 65535, not {port}")
    if max_request_mb <= 0:
        raise CheckerError(f"--max-request-mb must be positive, not {max_request_mb}")
    settings = load_settings(
        nli_model=nli_model, embedder=embedder, spacy_model=spacy_model, config_file=config
    ).require_models()
    from checker.archive.location import resolve_location

    location = resolve_location(archive, config_file=config)
    if not is_loopback(host) and token is None:
        stderr.print(
            f"warning: listening on {host} without a token: anyone who can reach it can change the archive "
            f"(set --token or ${TOKEN_ENV})",
            highlight=False,
            soft_wrap=True,
        )
    service = CheckService(settings, location)
    with stderr.status("loading models and opening the archive"):
        service.start()  # a missing model or a bad archive is one line here, not a startup traceback
    server_app = create_app(
        settings, location, token=token, max_request_bytes=int(max_request_mb * 1024 * 1024), service=service
    )
    stderr.print(
        f"checker: serving on http://{host}:{port} (archive {redact(str(location))}; docs at /docs)",
        highlight=False,
        soft_wrap=True,
    )
    uvicorn.run(server_app, host=host, port=port, log_level=log_level, workers=1)


@app.command("install-hook")
def install_hook_command(
    archive: Annotated[
        str | None,
        typer.Option(
            "--archive",
            help="Archive the hook checks against (default: $CHECKER_ARCHIVE, the config file's archive "
            "path, or checker-archive.sqlite at the repository's top), fixed in the hook as an absolute path.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a pre-commit hook that checker did not write.")
    ] = False,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="contradiction | disagree | any | never.")
    ] = "contradiction",
    repo: Annotated[Path, typer.Option("--repo", help="The git repository.")] = Path("."),
) -> None:
    """Install a git pre-commit hook: staged drafts that contradict the archive refuse the commit."""
    from checker.hooks import archive_location, install_hook

    location = archive_location(repo, archive)
    hook = install_hook(repo, archive=location, fail_on=fail_on, force=force)
    stderr.print(
        f"installed {hook}: staged drafts are checked against {redact(str(location))}",
        highlight=False,
        soft_wrap=True,
    )
