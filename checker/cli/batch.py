"""`checker batch`: a contradictions report over a whole corpus (library: `checker.batch.run_batch`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from checker.cli.app import app, stderr

PHASES = {
    "reading": "Reading the corpus",
    "claims": "Splitting claims",
    "grouping": "Grouping stories",
    "stories": "Comparing outlets",
}
MAX_WARNING_LINES = 20  # on stderr; the full list is in summary.md and report.json


class _ArticlesPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        articles = task.fields.get("articles", 0)
        elapsed = task.elapsed or 0.0
        if not articles or elapsed <= 0:
            return Text("")
        return Text(f"{articles / elapsed:,.1f} articles/s", style="progress.data.speed")


class RichBatchProgress:
    """Draws each phase of a batch run as a progress bar on stderr: done/total, articles/s and ETA."""

    def __init__(self, console: Console, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.warnings = 0
        self.progress = Progress(
            TextColumn("{task.description:<20}"),
            BarColumn(),
            MofNCompleteColumn(),
            _ArticlesPerSecond(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            disable=quiet or not console.is_terminal,
        )
        self.tasks: dict[str, TaskID] = {}
        self.articles: dict[str, int] = {}

    def __enter__(self) -> RichBatchProgress:
        self.progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.progress.stop()

    def start(self, phase: str, total: int) -> None:
        self.tasks[phase] = self.progress.add_task(PHASES.get(phase, phase), total=total, articles=0)

    def advance(self, phase: str, done: int = 1, articles: int = 0) -> None:
        self.articles[phase] = self.articles.get(phase, 0) + articles
        self.progress.update(self.tasks[phase], advance=done, articles=self.articles[phase])

    def note(self, message: str) -> None:
        # Warnings (skipped input, undated articles) go to stderr even in quiet mode: cron mails them to
        # whoever owns the corpus.
        self.warnings += 1
        if self.warnings <= MAX_WARNING_LINES:
            self.progress.console.print(
                f"[yellow]warning:[/] {escape(message)}", highlight=False, soft_wrap=True
            )
        elif self.warnings == MAX_WARNING_LINES + 1:
            self.progress.console.print(
                "[yellow]warning:[/] more warnings; every skipped input is in summary.md"
            )


@app.command()
def batch(
    sources: Annotated[
        list[Path],
        typer.Argument(metavar="SOURCE", help="Directories of article files, or JSONL files of records."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Report directory (replaced atomically).")],
    cache: Annotated[
        Path | None,
        typer.Option(help="SQLite cache of claims, embeddings and verdicts (default ~/.cache/checker)."),
    ] = None,
    engine: Annotated[str, typer.Option(help="local, or ray (needs checker[ray]).")] = "local",
    window_days: Annotated[
        float, typer.Option(help="Articles more than this many days apart are never one story.")
    ] = 1.0,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")] = None,
    spacy_model: Annotated[
        str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML).")] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="Model inference: torch or onnx (default from config).")
    ] = None,
    precision: Annotated[
        str | None,
        typer.Option(
            "--precision", help="PyTorch arithmetic: auto, fp32 or bf16 (default from config: auto)."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress (for cron); warnings only.")
    ] = False,
) -> None:
    """Group a corpus into stories and report where outlets contradict each other, story by story.

    Writes OUT/report.json, OUT/findings.jsonl, OUT/summary.md and OUT/index.html. A killed run resumes
    from the cache; a repeated run over the same corpus reads everything from it.
    """
    from checker.batch import GroupingSettings, run_batch
    from checker.config import load_settings

    settings = load_settings(
        nli_model=nli_model,
        embedder=embedder,
        spacy_model=spacy_model,
        config_file=config,
        backend=backend,
        precision=precision,
    )
    with RichBatchProgress(stderr, quiet=quiet) as progress:
        result = run_batch(
            sources,
            out,
            settings=settings,
            cache_path=cache,
            engine=engine,
            grouping=GroupingSettings(window_days=window_days),
            progress=progress,
        )
    summary = result.report["summary"]
    corpus = result.report["corpus"]
    if corpus["multi_outlet_stories"] == 0:
        stderr.print(
            f"No story in these {corpus['articles']} articles is covered by two or more outlets, "
            "so there was nothing to compare."
        )
    elif not quiet:
        stderr.print(
            f"{summary['stories']} stories covered by two or more outlets; "
            f"{summary['contradictions']} contradictions in {summary['stories_with_contradictions']} of them. "
            f"Report: {escape(str(result.out_dir / 'index.html'))}",
            highlight=False,
        )
