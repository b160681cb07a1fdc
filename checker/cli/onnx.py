"""`checker onnx export`: ONNX exports of the NLI cross-encoder and the embedder, for `--backend onnx`.

Commands of this group are registered on the shared app (checker.cli.app).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checker.cli.app import app, stderr

onnx_app = typer.Typer(
    help="ONNX Runtime backend: export the models once (used by --backend onnx).", no_args_is_help=True
)
app.add_typer(onnx_app, name="onnx")


@onnx_app.command("export")
def export(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for the exports (default: CHECKER_ONNX_DIR, [models] onnx_dir, or "
            "~/.cache/checker/onnx). A non-default folder must also be set as CHECKER_ONNX_DIR to be used.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Export again even if up to date.")] = False,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML).")] = None,
) -> None:
    """Export both models to ONNX (skipped when an up-to-date export exists) and print where they are."""
    from checker.backends.onnx_export import export_model
    from checker.config import load_settings

    settings = load_settings(nli_model=nli_model, embedder=embedder, config_file=config)
    root = out.expanduser() if out is not None else settings.resolved_onnx_dir()
    say = lambda message: stderr.print(message, highlight=False, soft_wrap=True)  # noqa: E731
    nli = export_model("nli", settings.resolved_nli(), root, force=force, progress=say)
    embedding = export_model("embedder", Path(settings.resolved_embedder()), root, force=force, progress=say)
    for name, done in (("nli", nli), ("embedder", embedding)):
        typer.echo(f"{name}\t{done.directory}")
