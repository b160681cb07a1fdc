"""summary.md of a batch run: counts, contradictions as quote pairs, skipped inputs, escaped article text.

Uses the same real-pipeline batch as the HTML tests (built once per process); the rendered Markdown is
read back with markdown-it (CommonMark with raw HTML allowed, GitHub's tables and strikethrough), which
is how a reader's viewer would show it.
"""

from __future__ import annotations

import html as html_module
import re

import pytest

from checker.report.batch_json import batch_dict
from checker.report.batch_markdown import escape_markdown, to_summary_markdown
from tests.test_batch_html import (
    HOSTILE_STORY,
    INJECTED_IMG,
    INJECTED_MARKDOWN,
    INJECTED_SCRIPT,
    INJECTED_TAGS,
    QUIET_STORY,
    SKIPPED,
    real_batch,
)


@pytest.fixture(scope="module")
def summary() -> str:
    return to_summary_markdown(real_batch())


@pytest.fixture(scope="module")
def rendered(summary: str) -> str:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(summary)


def test_counts_table(summary: str) -> None:
    batch = real_batch()
    rows = dict(re.findall(r"^\| ([a-z ]+) \| (\d+) \|$", summary, re.MULTILINE))
    assert rows == {
        "stories compared": str(batch["summary"]["stories"]),
        "stories with contradictions": str(batch["summary"]["stories_with_contradictions"]),
        "findings": str(batch["summary"]["findings"]),
        "contradictions": str(batch["summary"]["contradictions"]),
        "articles": str(batch["corpus"]["articles"]),
        "inputs skipped": str(len(SKIPPED)),
    }


def test_stories_by_severity_with_every_contradiction_as_a_quote_pair(summary: str) -> None:
    batch = real_batch()
    contradicting = [s for s in batch["stories"] if s["summary"]["contradictions"]]
    headings = re.findall(r"^### \d+\. (.+)$", summary, re.MULTILINE)
    assert headings == [escape_markdown(s["title"]) for s in contradicting]
    quotes = re.findall(r"^  > \*(.+?)\*", summary, re.MULTILINE)
    expected = [
        escape_markdown(f[side]["source"])
        for s in contradicting
        for f in s["findings"]
        if f["status"] == "contradiction"
        for side in ("a", "b")
    ]
    assert quotes == expected
    assert len(quotes) == 2 * batch["summary"]["contradictions"]
    # The differing words are in bold inside the quotes: the earthquake's toll, for one.
    assert "**12**" in summary and "**40**" in summary


def test_stories_without_contradictions_and_skipped_inputs_are_listed(summary: str) -> None:
    batch = real_batch()
    quiet = next(s for s in batch["stories"] if s["id"] == QUIET_STORY)
    assert f"- **{escape_markdown(quiet['title'])}**: " in summary
    assert summary.rstrip().endswith(
        "## Skipped inputs\n\n- corpus/bad.jsonl:3: not JSON: Expecting value\n"
        "- corpus/\\<photo\\>.png: not a text file"
    )


def test_article_text_cannot_become_markup(summary: str, rendered: str) -> None:
    hostile = next(s for s in real_batch()["stories"] if s["id"] == HOSTILE_STORY)
    assert hostile["summary"]["contradictions"] == 1
    # Nothing from the articles became an element or a link in the reader's view...
    for tag in ("<script", "<img", "<textarea", "<b>", "<a ", "<em>starred", "<em>under", "<code>", "<del>"):
        assert tag not in rendered, tag
    assert rendered.count("<table>") == 1
    # ...and it all still reads as the article wrote it.
    text = _visible_text(rendered)
    for injected in (INJECTED_SCRIPT, INJECTED_IMG, INJECTED_MARKDOWN, INJECTED_TAGS):
        assert injected in text, injected


def test_escape_markdown_keeps_text_literal() -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    nasty = "a *b* _c_ `d` [e](f) <i>g</i> | ~~h~~ &amp; $x$ \\ end"
    html = markdown_it.MarkdownIt("commonmark").enable(["strikethrough"]).render(escape_markdown(nasty))
    assert _visible_text(html).strip() == nasty


def test_an_empty_run_is_just_the_counts() -> None:
    empty = batch_dict([], models={}, corpus={"articles": 0}, skipped=[], stats={})
    assert to_summary_markdown(empty).endswith("| inputs skipped | 0 |\n")


def _visible_text(html: str) -> str:
    """The text a browser would show for markdown-it's output (tags dropped, entities decoded)."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))
