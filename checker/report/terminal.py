"""The terminal view: a readable report for an editor at deadline (rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.judge import Finding
from checker.report import Report

# Short enough for an 80-column panel title.
STATUS_LABELS = {
    "contradiction": "Contradiction",
    "sources-disagree": "Sources disagree",
    "update": "Update",
    "explained": "Explained by context",
}
STATUS_STYLES = {
    "contradiction": "bold red",
    "sources-disagree": "yellow",
    "update": "cyan",
    "explained": "green",
}


def render(report: Report, console: Console) -> None:
    sources = ", ".join(a.source for a in report.articles)
    contradictions = len(report.contradictions)
    headline = Text.assemble(
        (f"{contradictions} contradiction(s)", "bold red" if contradictions else "bold green"),
        f" among {len(report.articles)} articles ({sources}); {len(report.findings)} finding(s) in all",
    )
    console.print(headline)
    for number, finding in enumerate(report.findings, 1):
        console.print(_panel(number, finding, report))
    stats = report.stats
    console.print(
        Text(
            f"{stats.claims} claims, {stats.aligned_pairs} aligned pairs of {stats.all_pairs}, "
            f"{stats.nli_pairs_judged} NLI calls, {sum(stats.seconds.values()):.2f} s",
            style="dim",
        )
    )


def _panel(number: int, finding: Finding, report: Report) -> Panel:
    style = STATUS_STYLES[finding.status]
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, claim in (("A", finding.a), ("B", finding.b)):
        source = report.article(claim.article_id).source
        table.add_row(f"{label} {source}", _highlight(claim.text, finding, label))
    if finding.differs:
        table.add_row("differs", "; ".join(f"{d.kind}: {d.a} ≠ {d.b}" for d in finding.differs))
    ab, ba = finding.nli["a_to_b"]["contradiction"], finding.nli["b_to_a"]["contradiction"]
    table.add_row("NLI", f"contradiction A→B {ab:.2f}, B→A {ba:.2f}; similarity {finding.similarity:.2f}")
    for claim in finding.context:
        table.add_row("context", f"{report.article(claim.article_id).source}: {claim.text}")
    if finding.note:
        table.add_row("note", finding.note)
    title = f"{number}. {STATUS_LABELS[finding.status]}: {finding.kind} · score {finding.score:.2f}"
    return Panel(Group(table), title=title, title_align="left", border_style=style)


def _highlight(text: str, finding: Finding, side: str) -> Text:
    """The sentence with the differing words in bold."""
    rendered = Text(text)
    for diff in finding.differs:
        value = diff.a if side == "A" else diff.b
        rendered.highlight_words([value], style="bold underline", case_sensitive=False)
    return rendered
