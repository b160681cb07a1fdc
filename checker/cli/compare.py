"""`checker compare` and `checker eval`: one event's reports, and the quality harness."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from checker.cli.app import app, stderr
from checker.errors import CheckerError
from checker.fileio import atomic_write


class Format(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command()
def compare(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Articles: .txt, .md, .html, .json or .jsonl files."),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here (atomically).")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Report findings scoring at least this (0-1; default from config).")
    ] = None,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            help="Model inference: torch or onnx (default: CHECKER_BACKEND, [models] backend, torch).",
        ),
    ] = None,
    precision: Annotated[
        str | None,
        typer.Option(
            "--precision",
            help="PyTorch arithmetic: auto (bf16 where the CPU has it), fp32 or bf16 "
            "(default: CHECKER_PRECISION, [models] precision, auto).",
        ),
    ] = None,
) -> None:
    """Compare reports of one event and show where they contradict each other."""
    from checker.config import load_settings

    settings = load_settings(
        nli_model=nli_model,
        embedder=embedder,
        spacy_model=spacy_model,
        config_file=config,
        backend=backend,
        precision=precision,
        report_floor=threshold,
    ).require_models()
    if threshold is not None and not 0 <= threshold <= 1:
        raise CheckerError(f"--threshold must be between 0 and 1, not {threshold}")
    from checker.pipeline import compare as run_compare  # the model libraries: seconds to import
    from checker.report.json_report import to_json
    from checker.report.markdown import to_markdown

    status = None if quiet or not stderr.is_terminal else stderr.status("checking")
    if status is not None:
        status.start()
    try:
        report = run_compare(
            files, settings=settings, progress=(lambda s: status.update(s)) if status is not None else None
        )
    finally:
        if status is not None:
            status.stop()
    if format is Format.json:
        rendered = to_json(report)
    elif format is Format.md:
        rendered = to_markdown(report)
    else:
        rendered = None
    if out is not None:
        if rendered is None:
            rendered = to_markdown(report)
        atomic_write(out, rendered)
    elif rendered is not None:
        sys.stdout.write(rendered)
    else:
        from checker.report.terminal import render

        render(report, Console())
    raise typer.Exit(1 if report.contradictions else 0)


@app.command("eval")
def eval_command(
    sample: Annotated[
        int | None, typer.Option(help="Deterministic label-stratified subset of each dataset (default: all).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="Labelled data directory (default ../shared/data).")
    ] = None,
    fixtures: Annotated[Path, typer.Option(help="Fixture sets with expected.json.")] = Path("fixtures"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the figures as JSON here.")] = None,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")] = None,
) -> None:
    """Measure quality on labelled data and on the fixture sets (see README, "Quality")."""
    import json

    from checker.config import load_settings

    settings = load_settings(nli_model=nli_model, embedder=embedder).require_models()
    from checker.evaluate import evaluate
    from checker.evaluate.report import quality_table

    with stderr.status("evaluating") as status:
        figures = evaluate(
            settings=settings,
            data=data,
            fixtures=fixtures,
            sample=sample,
            progress=lambda s: status.update(s),
        )
    if out is not None:
        atomic_write(out, json.dumps(figures, indent=2) + "\n")
    sys.stdout.write(quality_table(figures) + "\n")
