"""`checker archive add|remove|stats|rebuild` and `checker check`: the archive of published coverage,
and the pre-publication check of a draft against it.

Exit codes of `checker check`: 0 clean, 1 a finding reaches --fail-on, 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from checker.cli.app import app, stderr
from checker.errors import CheckerError, InputError
from checker.fileio import atomic_write

if TYPE_CHECKING:
    from checker.archive import Archive
    from checker.config import Settings
    from checker.report import Report

archive_app = typer.Typer(
    help="The archive of published coverage that `checker check` compares drafts with.",
    no_args_is_help=True,
)
app.add_typer(archive_app, name="archive")


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    md = "md"


class FailOn(StrEnum):
    contradiction = "contradiction"
    disagree = "disagree"
    any = "any"
    never = "never"


FAILING = {
    FailOn.contradiction: frozenset({"contradiction"}),
    FailOn.disagree: frozenset({"contradiction", "sources-disagree"}),
    FailOn.any: frozenset({"contradiction", "sources-disagree", "update", "explained"}),
    FailOn.never: frozenset(),
}
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")

ArchiveOption = Annotated[
    str | None,
    typer.Option(
        "--archive",
        "-a",
        help="Archive file (default: $CHECKER_ARCHIVE, [archive] path in the config, ./checker-archive.sqlite).",
    ),
]
EmbedderOption = Annotated[str | None, typer.Option("--embedder", help="Sentence embedder directory.")]
SpacyOption = Annotated[str | None, typer.Option("--spacy-model", help="spaCy pipeline name or path.")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Config file (TOML).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


@archive_app.command("add")
def add(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="SOURCE", help="Published articles: files (.txt .md .html .json .jsonl) or folders."
        ),
    ],
    archive: ArchiveOption = None,
    embedder: EmbedderOption = None,
    spacy_model: SpacyOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add published articles to the archive (re-adding an unchanged article does nothing)."""
    from checker.ingest import read_articles

    settings = _settings(embedder=embedder, spacy_model=spacy_model, config=config)
    articles = read_articles(_expand(sources), date_order=settings.date_order)
    with _open(archive, settings, create=True) as opened, _progress(quiet, "adding articles") as progress:
        result = opened.add(articles, progress=progress)
        stats = opened.stats()
    stderr.print(
        f"added {len(result.added)}, unchanged {len(result.unchanged)}; {escape(stats.location)} holds "
        f"{stats.articles} articles, {stats.claims} claims",
        highlight=False,
    )


@archive_app.command("remove")
def remove(
    ids: Annotated[list[str], typer.Argument(metavar="ID", help="Ids of the articles to remove.")],
    archive: ArchiveOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove articles by id (all or none: an unknown id removes nothing)."""
    settings = _settings(config=config)
    with _open(archive, settings, create=False) as opened:
        removed = opened.remove(ids)
        stats = opened.stats()
    stderr.print(
        f"removed {len(removed)}; {escape(stats.location)} holds {stats.articles} articles", highlight=False
    )


@archive_app.command("stats")
def stats(
    archive: ArchiveOption = None,
    config: ConfigOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """How much the archive holds, its size and the models it was built with."""
    import dataclasses
    import json

    settings = _settings(config=config)
    with _open(archive, settings, create=False) as opened:
        figures = opened.stats()
    if json_output:
        sys.stdout.write(json.dumps(dataclasses.asdict(figures), indent=2) + "\n")
        return
    lines = [
        f"archive          {figures.location}",
        f"articles         {figures.articles}",
        f"claims           {figures.claims} ({figures.indexed} indexed)",
        f"outlets          {figures.outlets}",
        f"published        {figures.first_published or '-'} to {figures.last_published or '-'}",
        f"size             {figures.size_bytes / 1e6:.2f} MB (store and index)",
        *(f"{name:<16} {value}" for name, value in figures.models.items()),
    ]
    sys.stdout.write("\n".join(lines) + "\n")


@archive_app.command("rebuild")
def rebuild(
    archive: ArchiveOption = None,
    embedder: EmbedderOption = None,
    spacy_model: SpacyOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Re-extract and re-embed every archived article with the current models."""
    settings = _settings(embedder=embedder, spacy_model=spacy_model, config=config)
    with _open(archive, settings, create=False) as opened, _progress(quiet, "rebuilding") as progress:
        count = opened.rebuild(progress=progress)
    stderr.print(f"rebuilt {count} articles with the current models", highlight=False)


@app.command("check")
def check_command(
    drafts: Annotated[
        list[Path],
        typer.Argument(metavar="DRAFT", help="The draft(s): .txt, .md, .html, .json or .jsonl."),
    ],
    archive: ArchiveOption = None,
    since: Annotated[
        float | None,
        typer.Option("--since", help="Only compare with articles published in the last DAYS days."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding of this level is found.")
    ] = FailOn.contradiction,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here (atomically).")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Report findings scoring at least this (0-1; default from config).")
    ] = None,
    nli_model: Annotated[str | None, typer.Option("--nli-model", help="NLI cross-encoder directory.")] = None,
    embedder: EmbedderOption = None,
    spacy_model: SpacyOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check a draft against the published coverage in the archive, before it goes out."""
    if threshold is not None and not 0 <= threshold <= 1:
        raise CheckerError(f"--threshold must be between 0 and 1, not {threshold}")
    if since is not None and not since > 0:
        raise CheckerError(f"--since must be a positive number of days, not {since}")
    settings = _settings(
        nli_model=nli_model, embedder=embedder, spacy_model=spacy_model, config=config, report_floor=threshold
    ).require_models()
    for draft in drafts:
        if not draft.is_file():
            raise InputError(draft, "no such file" if not draft.exists() else "not a file")
    from checker.check import check  # the model libraries: seconds to import

    status = None if quiet or not stderr.is_terminal else stderr.status("checking")
    if status is not None:
        status.start()
    try:
        with _open(archive, settings, create=False) as opened:
            report = check(
                drafts,
                archive=opened,
                settings=settings,
                since_days=since,
                progress=(lambda s: status.update(s)) if status is not None else None,
            )
            archive_articles = opened.stats().articles
            published = sum(article.id in opened for article in report.articles)
            _remember_findings(report, opened.location)
    finally:
        if status is not None:
            status.stop()
    rendered = _render(report, format)
    if out is not None:
        atomic_write(out, rendered if rendered is not None else _plain(report, published, archive_articles))
    elif rendered is not None:
        sys.stdout.write(rendered)
    else:
        render_check(report, Console(soft_wrap=True), published, archive_articles)
    failing = FAILING[fail_on]
    raise typer.Exit(1 if any(f.status in failing for f in report.findings) else 0)


def _remember_findings(report: Report, archive_location: str) -> None:
    """Keep the findings in the verdicts ledger so an editor can answer `checker verdict ID right|wrong`."""
    if not report.findings:
        return
    from checker.report.json_report import to_dict
    from checker.verdicts import Ledger, ledger_path

    ledger = Ledger(ledger_path(archive_location))
    try:
        ledger.remember(to_dict(report)["findings"])
    finally:
        ledger.close()


# -- rendering ---------------------------------------------------------------------------------------


def _render(report: Report, format: Format) -> str | None:
    if format is Format.json:
        from checker.report.json_report import to_json

        return to_json(report)
    if format is Format.sarif:
        from checker.report.sarif import to_sarif_json

        return to_sarif_json(report)
    if format is Format.md:
        from checker.report.markdown import to_markdown

        return to_markdown(report)
    return None


def _plain(report: Report, published: int, archive_articles: int) -> str:
    console = Console(record=True, width=110, file=_Null(), color_system=None, soft_wrap=True)
    render_check(report, console, published, archive_articles)
    return console.export_text()


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def render_check(report: Report, console: Console, published: int, archive_articles: int) -> None:
    """Each finding: where in the draft (file:line:col), both sentences, the published outlet and date.
    `published` of the report's articles came from the archive, of `archive_articles` in it."""
    from checker.report.json_report import claim_ref

    styles = {
        "contradiction": "bold red",
        "sources-disagree": "yellow",
        "update": "cyan",
        "explained": "green",
    }
    for number, finding in enumerate(report.findings, 1):
        draft = report.article(finding.a.article_id)
        source = report.article(finding.b.article_id)
        a = claim_ref(finding.a, draft)
        b = claim_ref(finding.b, source)
        where = f"{draft.path or draft.id}:{a['line']}:{a['column']}"
        when = b["published"] or "undated"
        console.print(
            f"[bold]{number}. {escape(where)}[/] [{styles[finding.status]}]{finding.status}[/] "
            f"({finding.kind}, score {finding.score:.2f})",
            highlight=False,
        )
        console.print(f"   draft:     {escape(finding.a.text)}", highlight=False)
        console.print(
            f"   published: {escape(source.source)}, {when} "
            f"({escape(source.path or source.id)}:{b['line']}): {escape(finding.b.text)}",
            highlight=False,
        )
        if finding.differs:
            differs = "; ".join(f"{d.kind}: {d.a} ≠ {d.b}" for d in finding.differs)
            console.print(f"   differs:   {escape(differs)}", highlight=False)
        if finding.note:
            console.print(f"   note:      {escape(finding.note)}", highlight=False)
    contradictions = len(report.contradictions)
    console.print(
        f"{contradictions} contradiction(s), {len(report.findings)} finding(s) in all; "
        f"{published} published article(s) of the story compared, of {archive_articles} archived",
        style="bold red" if contradictions else "bold green",
        highlight=False,
    )


# -- helpers -----------------------------------------------------------------------------------------


def _settings(
    *,
    nli_model: str | None = None,
    embedder: str | None = None,
    spacy_model: str | None = None,
    config: Path | None = None,
    report_floor: float | None = None,
) -> Settings:
    from checker.config import load_settings

    return load_settings(
        nli_model=nli_model,
        embedder=embedder,
        spacy_model=spacy_model,
        config_file=config,
        report_floor=report_floor,
    )


def _open(location: str | None, settings: Settings, *, create: bool) -> Archive:
    from checker.archive import open_archive

    return open_archive(location, settings, create=create)


def _expand(sources: list[Path]) -> list[Path]:
    """Files as given; folders as the article files in them (recursively, hidden files left out)."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(
                p
                for p in source.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(source).parts)
                and not p.name.lower().startswith("readme")
            )
            if not found:
                raise InputError(source, "no article files (.txt, .md, .html, .json, .jsonl) in this folder")
            files.extend(found)
        else:
            files.append(source)
    return files


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr (when it is a terminal), as an `(done, total)` callback."""
    if quiet or not stderr.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
