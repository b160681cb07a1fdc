"""The batch report as one self-contained HTML page (index.html of `checker batch`).

Everything the page needs is inside it: inline CSS, the corroboration matrices drawn as inline SVG, no
script, no font, no image and no URL of any kind, so it opens from a mail attachment or an air-gapped
disk exactly as it was written, and works with JavaScript disabled.

The template (checker/templates/batch.html.j2) only lays out what this module prepares: text that came
from articles reaches the page either through jinja2's autoescaping or through `highlight`, which escapes
every slice of the sentence itself before wrapping the differing words in <mark>.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

# How a story's header counts its findings: (one, many).
STATUS_COUNTS = {
    "contradiction": ("contradiction", "contradictions"),
    "sources-disagree": ("sources disagree", "sources disagree"),
    "update": ("update", "updates"),
    "explained": ("explained", "explained"),
}

STATUS_LABELS = {
    "contradiction": "Contradiction",
    "sources-disagree": "Sources disagree",
    "update": "Update",
    "explained": "Explained",
}

# What one outlet does with one claim, in the matrix; the order is the legend's.
CELL_LABELS = {
    "states": "states it (own article)",
    "corroborates": "corroborates",
    "contradicts": "contradicts",
    "differs": "differs, not a contradiction (update, sources disagree, explained)",
    "absent": "not reported",
}

MATRIX_MAX_ROWS = 25
MATRIX_LABEL_WIDTH = 620
MATRIX_LABEL_CHARS = 86  # what fits in the label column at 12px, with room to spare for wide fonts
MATRIX_OUTLET_CHARS = 24
MATRIX_ROW_HEIGHT = 22
MATRIX_CELL_WIDTH = 34
MATRIX_CHAR_WIDTH = 7.8  # widest likely advance of the 11px bold sans-serif of the outlet names

# Words that alone say nothing about what differs: a fallback match made of only these is not marked.
_FILLER_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with", "'s"]
)
_APOSTROPHES = "['\u2019]"


# -- marking what differs ---------------------------------------------------------------------------


def differing_spans(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of `text` that show the differing values, merged and in order.

    A value is looked for as a whole phrase first (case-insensitive, on word boundaries, any run of
    spaces between its words). Slot values are sometimes rebuilt from the sentence ("defence minister
    Prince Mohammed bin Salman" for "Prince Mohammed bin Salman, Saudi Arabia's defence minister"), so
    when the phrase is absent the longest runs of its words that do occur are marked instead.
    """
    spans: list[tuple[int, int]] = []
    for value in values:
        words = value.split()
        whole = _occurrences(text, words)
        spans += whole if whole else _longest_runs(text, words)
    return _merge(spans)


def highlight(text: str, values: Iterable[str]) -> Markup:
    """`text`, HTML-escaped, with the differing values wrapped in <mark>.

    The spans are found on the raw text and each slice is escaped on its own: searching the escaped text
    instead could match inside an entity ("amp" in "&amp;") and cut it in two.
    """
    pieces: list[Markup] = []
    cursor = 0
    for start, end in differing_spans(text, values):
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup("<mark>{}</mark>").format(text[start:end]))  # format() escapes its argument
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def _phrase_pattern(words: Sequence[str]) -> re.Pattern[str]:
    body = r"\s+".join(
        re.escape(word).replace("'", _APOSTROPHES).replace("\u2019", _APOSTROPHES) for word in words
    )
    # Word boundaries only where the phrase itself starts or ends with a word character: "12" must not
    # match inside "2012", but a value ending in "." still matches before a space.
    before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    after = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(before + body + after, re.IGNORECASE)


def _occurrences(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    if not words:
        return []
    return [match.span() for match in _phrase_pattern(words).finditer(text)]


def _longest_runs(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the longest contiguous run of `words` found in `text`, then of the words left on either
    side of it, found the same way."""
    for size in range(len(words), 0, -1):
        for first in range(len(words) - size + 1):
            run = words[first : first + size]
            if all(word.lower() in _FILLER_WORDS for word in run):
                continue
            found = _occurrences(text, run)
            if found:
                return found + _longest_runs(text, words[:first]) + _longest_runs(text, words[first + size :])
    return []


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# -- what the template shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One sentence of a finding: who said it, when, where in the file, with the differing words marked."""

    letter: str
    outlet: str
    published: str | None
    sentence: Markup
    where: str


@dataclass(frozen=True)
class Difference:
    kind: str
    a: str
    b: str


@dataclass(frozen=True)
class ContextSentence:
    outlet: str
    published: str | None
    text: str
    where: str


@dataclass(frozen=True)
class FindingView:
    id: str
    anchor: str
    kind: str
    status: str
    status_label: str
    score: float
    a: Side
    b: Side
    differs: list[Difference]
    note: str
    context: list[ContextSentence]
    nli: str


@dataclass(frozen=True)
class Cell:
    outlet: str
    state: str
    x: float
    tooltip: str


@dataclass(frozen=True)
class MatrixRow:
    claim_id: str
    label: str
    text: str
    disputed: bool  # another outlet contradicts it: drawn in bold
    y: float
    cells: list[Cell]


@dataclass(frozen=True)
class OutletColumn:
    name: str
    label: str
    x: float


@dataclass(frozen=True)
class Matrix:
    """The corroboration matrix of one story, with its geometry worked out for the SVG."""

    columns: list[OutletColumn]
    rows: list[MatrixRow]
    hidden_rows: int
    width: float
    height: float
    header_height: float
    label_width: float
    row_height: float
    cell_width: float


@dataclass(frozen=True)
class StoryView:
    id: str
    anchor: str
    title: str
    outlets: list[str]
    severity: float
    articles: int
    claims: int
    dates: str
    findings: list[FindingView]
    by_status: list[str]  # "2 contradictions", "1 explained"
    contradictions: int
    shared_claims: int
    matrix: Matrix | None


@dataclass(frozen=True)
class SkippedInput:
    where: str
    problem: str


@dataclass(frozen=True)
class Page:
    summary: dict[str, int]
    outlets: int | None
    sources: str  # what the run read, in a few words (see `describe_sources`)
    contradicting: list[StoryView]
    differing: list[StoryView]
    quiet: list[StoryView]
    skipped: list[SkippedInput]
    models: dict[str, str]
    seconds: float | None
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))
    cell_labels: dict[str, str] = field(default_factory=lambda: dict(CELL_LABELS))


def describe_sources(sources: Sequence[str], shown: int = 3) -> str:
    """The run's sources for the page's first line: a shell glob (`fixtures/*/*.txt`) hands over hundreds
    of paths, which say less than their count and the folder they share."""
    if len(sources) <= shown:
        return ", ".join(sources)
    try:
        common = os.path.commonpath(sources)
    except ValueError:  # absolute and relative paths mixed
        common = ""
    if common and common not in sources:
        return f"{len(sources)} files and folders under {common}{os.sep}"
    return f"{', '.join(sources[:shown])} and {len(sources) - shown} more"


def to_html(batch: Mapping[str, Any]) -> str:
    """The whole page for a batch report dict (`checker.report.batch_json.batch_dict`)."""
    return _environment().get_template("batch.html.j2").render(page=page_view(batch))


def page_view(batch: Mapping[str, Any]) -> Page:
    stories = [_story_view(story) for story in batch["stories"]]
    corpus = batch.get("corpus", {})
    summary = dict(batch["summary"])
    summary["articles"] = corpus.get("articles", sum(s.articles for s in stories))
    summary["skipped"] = len(batch.get("skipped", ()))
    total = batch.get("stats", {}).get("seconds", {}).get("total")
    return Page(
        summary=summary,
        outlets=corpus.get("outlets"),
        sources=describe_sources([str(source) for source in corpus.get("sources", ())]),
        contradicting=[s for s in stories if s.contradictions],
        differing=[s for s in stories if s.findings and not s.contradictions],
        quiet=[s for s in stories if not s.findings],
        skipped=[
            SkippedInput(
                where=f"{item['path']}:{item['line']}" if item.get("line") is not None else str(item["path"]),
                problem=str(item["problem"]),
            )
            for item in batch.get("skipped", ())
        ],
        models={name: str(value) for name, value in batch.get("models", {}).items()},
        seconds=float(total) if isinstance(total, int | float) else None,
    )


def outlet_of(article: Mapping[str, Any]) -> str:
    """An article's outlet as the batch report names it (its source, else its id)."""
    return article["source"] or article["id"]


def matrix_claims(story: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], dict[str, str]]]:
    """The story's claims that another outlet corroborates or disputes, most-shared first, each with what
    every other outlet does with it (outlet -> "corroborates" / "contradicts" / "differs")."""
    outlet_by_article = {a["id"]: outlet_of(a) for a in story["articles"]}
    disputes: dict[str, dict[str, str]] = {}
    for finding in story["findings"]:
        state = "contradicts" if finding["status"] == "contradiction" else "differs"
        for own, other in ((finding["a"], finding["b"]), (finding["b"], finding["a"])):
            by_outlet = disputes.setdefault(own["claim_id"], {})
            outlet = outlet_by_article.get(other["article_id"], other["source"] or other["article_id"])
            # A contradiction outweighs a milder difference with the same outlet.
            if by_outlet.get(outlet) != "contradicts":
                by_outlet[outlet] = state
    shared: list[tuple[int, Mapping[str, Any], dict[str, str]]] = []
    for order, claim in enumerate(story["claims"]):
        own_outlet = outlet_by_article.get(claim["article_id"], claim["article_id"])
        others = {outlet_by_article.get(a, a): "corroborates" for a in claim["corroborated_by"]}
        others.update(disputes.get(claim["claim_id"], {}))
        others.pop(own_outlet, None)
        if others:
            shared.append((order, claim, others))
    shared.sort(key=lambda item: (-len(item[2]), "contradicts" not in item[2].values(), item[0]))
    return [(claim, others) for _, claim, others in shared]


def _story_view(story: Mapping[str, Any]) -> StoryView:
    articles = {a["id"]: a for a in story["articles"]}
    findings = [_finding_view(story["id"], number, f, articles) for number, f in enumerate(story["findings"])]
    dates = sorted({a["published"] for a in story["articles"] if a.get("published")})
    by_status = [
        f"{n} {STATUS_COUNTS.get(status, (status, status))[n != 1]}"
        for status, n in story["summary"].get("by_status", {}).items()
        if n
    ]
    shared = matrix_claims(story)
    return StoryView(
        id=story["id"],
        # Batch story ids already read "story-0003": don't make that "story-story-0003".
        anchor=_anchor("", story["id"])
        if story["id"].startswith("story-")
        else _anchor("story", story["id"]),
        title=story["title"] or story["id"],
        outlets=list(story["outlets"]),
        severity=float(story["severity"]),
        articles=len(story["articles"]),
        claims=len(story["claims"]),
        dates=_date_range(dates),
        findings=findings,
        by_status=by_status,
        contradictions=int(story["summary"]["contradictions"]),
        shared_claims=len(shared),
        matrix=_matrix(story, shared) if findings else None,
    )


def _finding_view(
    story_id: str, number: int, finding: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]
) -> FindingView:
    differs = [Difference(str(d["kind"]), str(d["a"]), str(d["b"])) for d in finding["differs"]]
    nli = finding.get("nli", {})
    ab = nli.get("a_to_b", {}).get("contradiction")
    ba = nli.get("b_to_a", {}).get("contradiction")
    nli_text = (
        f"NLI contradiction A→B {ab:.2f}, B→A {ba:.2f}; similarity {finding['similarity']:.2f}"
        if ab is not None and ba is not None
        else ""
    )
    return FindingView(
        id=str(finding["id"]),
        anchor=_anchor("finding", f"{story_id}-{number}"),
        kind=str(finding["kind"]),
        status=str(finding["status"]),
        status_label=STATUS_LABELS.get(finding["status"], str(finding["status"])),
        score=float(finding["score"]),
        a=_side("A", finding["a"], [d.a for d in differs], articles),
        b=_side("B", finding["b"], [d.b for d in differs], articles),
        differs=differs,
        note=str(finding.get("note") or ""),
        context=[
            ContextSentence(
                outlet=_ref_outlet(ref, articles),
                published=ref.get("published"),
                text=str(ref["text"]),
                where=_where(ref, articles),
            )
            for ref in finding.get("context", ())
        ],
        nli=nli_text,
    )


def _side(
    letter: str, ref: Mapping[str, Any], values: Sequence[str], articles: Mapping[str, Mapping[str, Any]]
) -> Side:
    return Side(
        letter=letter,
        outlet=_ref_outlet(ref, articles),
        published=ref.get("published"),
        sentence=highlight(str(ref["text"]), values),
        where=_where(ref, articles),
    )


def _ref_outlet(ref: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    article = articles.get(ref["article_id"])
    return outlet_of(article) if article else (ref.get("source") or ref["article_id"])


def _where(ref: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    article = articles.get(ref["article_id"])
    path = (article or {}).get("path") or ref["article_id"]
    return f"{path}:{ref['line']}" if ref.get("line") is not None else str(path)


def _matrix(story: Mapping[str, Any], shared: Sequence[tuple[Mapping[str, Any], dict[str, str]]]) -> Matrix:
    outlets = list(story["outlets"])
    outlet_by_article = {a["id"]: outlet_of(a) for a in story["articles"]}
    labels = [_truncate(o, MATRIX_OUTLET_CHARS) for o in outlets]
    # Outlet names stand at 45 degrees above their columns: their height is their length times sin 45.
    longest = max((len(label) for label in labels), default=0) * MATRIX_CHAR_WIDTH * 0.72
    header = round(16 + longest)
    columns = [
        OutletColumn(
            name=outlet, label=label, x=MATRIX_LABEL_WIDTH + i * MATRIX_CELL_WIDTH + MATRIX_CELL_WIDTH / 2
        )
        for i, (outlet, label) in enumerate(zip(outlets, labels, strict=True))
    ]
    rows = []
    for index, (claim, others) in enumerate(shared[:MATRIX_MAX_ROWS]):
        own = outlet_by_article.get(claim["article_id"], claim["article_id"])
        cells = []
        for column in columns:
            state = "states" if column.name == own else others.get(column.name, "absent")
            cells.append(
                Cell(
                    outlet=column.name,
                    state=state,
                    x=column.x - MATRIX_CELL_WIDTH / 2,
                    tooltip=f"{column.name}: {CELL_LABELS[state]}",
                )
            )
        rows.append(
            MatrixRow(
                claim_id=str(claim["claim_id"]),
                label=_truncate(str(claim["text"]), MATRIX_LABEL_CHARS),
                text=str(claim["text"]),
                disputed="contradicts" in others.values(),
                y=header + index * MATRIX_ROW_HEIGHT,
                cells=cells,
            )
        )
    return Matrix(
        columns=columns,
        rows=rows,
        hidden_rows=max(0, len(shared) - MATRIX_MAX_ROWS),
        width=round(MATRIX_LABEL_WIDTH + len(columns) * MATRIX_CELL_WIDTH + longest + 8),
        height=header + len(rows) * MATRIX_ROW_HEIGHT + 2,
        header_height=header,
        label_width=MATRIX_LABEL_WIDTH,
        row_height=MATRIX_ROW_HEIGHT,
        cell_width=MATRIX_CELL_WIDTH,
    )


def _truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # End on a word boundary unless that throws away most of the room.
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _date_range(dates: Sequence[str]) -> str:
    if not dates:
        return "undated"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def _anchor(prefix: str, value: str) -> str:
    """An HTML id: the prefix and the value, anything but letters, digits, '-' and '_' replaced."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", value)
    return f"{prefix}-{safe}" if prefix else safe


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("checker", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
