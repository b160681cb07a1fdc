"""summary.md of `checker batch`: the run in counts, then each story's contradictions as quote pairs.

Article text is untrusted: every character Markdown (CommonMark or GitHub's dialect) could read as markup
is backslash-escaped, so a sentence never turns into emphasis, a link, a table cell or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from checker.report.html import differing_spans, outlet_of

QUOTE_CHARS = 220  # a longer sentence is cut to a window around what differs

# Any ASCII punctuation may be backslash-escaped in CommonMark; these are the ones that can open or close
# markup in the middle of a line ('$' is GitHub's math, '~' strikethrough, '&' an entity, '<' HTML, '|'
# a table cell). '(' or '!' only matter next to '[', which is escaped; text never starts a line here, so
# '#', '+' and '-' stay as they are and the file stays readable as plain text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")

_STATUS_NAMES = {
    "contradiction": ("contradiction", "contradictions"),
    "sources-disagree": ("sources disagree", "sources disagree"),
    "update": ("update", "updates"),
    "explained": ("explained", "explained"),
}


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown inline text, on one line."""
    return _escape_inline(" ".join(str(text).split()))


def _escape_inline(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_summary_markdown(batch: Mapping[str, Any]) -> str:
    summary = batch["summary"]
    corpus = batch.get("corpus", {})
    skipped = list(batch.get("skipped", ()))
    stories = list(batch["stories"])
    articles = corpus.get("articles", sum(len(s["articles"]) for s in stories))
    lines = [
        "# checker batch report",
        "",
        "| | count |",
        "|---|---:|",
        f"| stories compared | {summary['stories']} |",
        f"| stories with contradictions | {summary['stories_with_contradictions']} |",
        f"| findings | {summary['findings']} |",
        f"| contradictions | {summary['contradictions']} |",
        f"| articles | {articles} |",
        f"| inputs skipped | {len(skipped)} |",
    ]
    contradicting = [s for s in stories if s["summary"]["contradictions"]]
    others = [s for s in stories if not s["summary"]["contradictions"]]
    if contradicting:
        lines += ["", "## Stories with contradictions, by severity"]
        for number, story in enumerate(contradicting, 1):
            lines += _story(number, story)
    if others:
        lines += ["", "## Stories without contradictions", ""]
        lines += [f"- {_story_line(story)}" for story in others]
    if skipped:
        lines += ["", "## Skipped inputs", ""]
        for item in skipped:
            where = escape_markdown(item["path"])
            if item.get("line") is not None:
                where += f":{item['line']}"
            lines.append(f"- {where}: {escape_markdown(item['problem'])}")
    return "\n".join(lines) + "\n"


def _story(number: int, story: Mapping[str, Any]) -> list[str]:
    lines = [
        "",
        f"### {number}. {escape_markdown(story['title'] or story['id'])}",
        "",
        _story_line(story, with_title=False) + f"; severity {story['severity']:.2f}",
    ]
    articles = {a["id"]: a for a in story["articles"]}
    for finding in (f for f in story["findings"] if f["status"] == "contradiction"):
        differs = "; ".join(
            f"{escape_markdown(d['a'])} ≠ {escape_markdown(d['b'])}" for d in finding["differs"]
        )
        lines += ["", f"- **{escape_markdown(finding['kind'])}**, score {finding['score']:.2f}: {differs}"]
        for side in ("a", "b"):
            ref = finding[side]
            values = [d[side] for d in finding["differs"]]
            article = articles.get(ref["article_id"])
            outlet = outlet_of(article) if article else (ref.get("source") or ref["article_id"])
            date = f" ({ref['published']})" if ref.get("published") else ""
            lines.append(f"  > *{escape_markdown(outlet)}*{date}: “{_quote(ref['text'], values)}”  ")
        lines[-1] = lines[-1].rstrip()  # the hard line break joins the two quotes; none after the last
    return lines


def _story_line(story: Mapping[str, Any], *, with_title: bool = True) -> str:
    counts = [
        f"{n} {_STATUS_NAMES.get(status, (status, status))[n != 1]}"
        for status, n in story["summary"].get("by_status", {}).items()
        if n
    ]
    parts = [
        ", ".join(escape_markdown(outlet) for outlet in story["outlets"]),
        f"{len(story['articles'])} articles",
        ", ".join(counts) if counts else "no findings",
    ]
    line = "; ".join(parts)
    return f"**{escape_markdown(story['title'] or story['id'])}**: {line}" if with_title else line


def _quote(text: str, values: Sequence[str]) -> str:
    """The sentence, shortened around what differs, escaped, with the differing words in bold."""
    text = " ".join(text.split())
    spans = differing_spans(text, values)
    start, end = _window(text, spans)
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        # Slices keep their spaces: escape_markdown would trim them and glue the bold to its neighbours.
        pieces.append(_escape_inline(text[cursor:span_start]))
        pieces.append(f"**{_escape_inline(text[span_start:span_end])}**")
        cursor = span_end
    pieces.append(_escape_inline(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)


def _window(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The part of `text` to quote: all of it when short, else QUOTE_CHARS around the first difference,
    cut at spaces."""
    if len(text) <= QUOTE_CHARS:
        return 0, len(text)
    focus = spans[0][0] if spans else 0
    start = max(0, min(focus - QUOTE_CHARS // 3, len(text) - QUOTE_CHARS))
    end = min(len(text), start + QUOTE_CHARS)
    if start:
        space = text.find(" ", start, focus if spans else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, spans[0][1] if spans else start), end)
        end = space if space != -1 else end
    return start, end
