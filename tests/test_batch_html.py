"""The batch report's HTML page, built from real pipeline runs and opened in headless Chromium.

The batch dict comes from `checker.compare` on fixture sets plus two stories written here: one whose
differing sentences carry markup that would run script if it reached the page unescaped, one where the
outlets agree (no findings). Built once per process (`real_batch`), shared with test_batch_markdown.py.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from checker.config import load_settings
from checker.pipeline import Models, compare
from checker.report.batch_json import batch_dict, story_dict, validate_batch
from checker.report.html import MATRIX_MAX_ROWS, highlight, matrix_claims, outlet_of, to_html
from checker.report.json_report import to_dict
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INJECTED_SCRIPT = "<script>window.__pwned = 1</script>"
INJECTED_IMG = '<img src=x onerror="window.__pwned=2">'
INJECTED_TAGS = "</textarea><b>bold</b>"
# Markdown that would turn into emphasis and a link if summary.md did not escape it.
INJECTED_MARKDOWN = "*starred* _under_ `tick` |pipe| [click](#x)"

HOSTILE_STORY = "story-hostile"
QUIET_STORY = "story-quiet"
HOSTILE_ARTICLES = {
    "2025-05-02_harbour-gazette.txt": f"""Fire destroys main market in Port Ellis

PORT ELLIS — A fire swept through the main market of Port Ellis overnight, destroying hundreds of stalls, the city's fire service said.

The fire killed 9 people {INJECTED_SCRIPT} and injured dozens more, the fire service said on Friday.

Traders said the blaze started in a section where cooking gas cylinders were stored.

The mayor promised compensation for traders who lost their goods.
""",
    "2025-05-02_coastal-courier.txt": f"""Blaze guts Port Ellis market overnight

PORT ELLIS — Hundreds of stalls were destroyed when a fire tore through the main market of Port Ellis overnight, according to the city's fire service.

The fire killed 27 people {INJECTED_IMG} {INJECTED_MARKDOWN} and injured dozens more, the fire service said on Friday {INJECTED_TAGS}.

Market traders said the fire began where gas cylinders for cooking were kept.

The city's mayor pledged to compensate traders whose goods were destroyed.
""",
}
QUIET_ARTICLES = {
    "2025-06-10_valley-herald.txt": """New bridge opens over the Orra river

ORRA — A new road bridge over the Orra river opened to traffic on Tuesday, cutting the drive between the two halves of the town from forty minutes to five.

The bridge took three years to build.
""",
    "2025-06-10_river-post.txt": """Orra bridge opens to traffic

ORRA — Drivers crossed the new Orra river bridge for the first time on Tuesday, a trip that used to take forty minutes and now takes five.

Local officials said the bridge was built over three years.
""",
}
SKIPPED = [
    {"path": "corpus/bad.jsonl", "line": 3, "problem": "not JSON: Expecting value"},
    {"path": "corpus/<photo>.png", "line": None, "problem": "not a text file"},
]


@cache
def real_batch() -> dict[str, Any]:
    """A batch report dict made by the real pipeline: three fixture sets and the two stories above."""
    directory = Path(tempfile.mkdtemp(prefix="checker-batch-html-"))
    atexit.register(shutil.rmtree, directory, True)
    settings = load_settings()
    loaded = Models.load(settings)
    groups: dict[str, list[Path]] = {}
    for name in ("seeds", "participant_place", "numbers_dates"):
        groups[f"story-{name}"] = sorted((FIXTURES / name).glob("*.txt"))
    for story_id, articles in ((HOSTILE_STORY, HOSTILE_ARTICLES), (QUIET_STORY, QUIET_ARTICLES)):
        (directory / story_id).mkdir()
        for name, text in articles.items():
            (directory / story_id / name).write_text(text, encoding="utf-8")
        groups[story_id] = sorted((directory / story_id).glob("*.txt"))
    stories = []
    for story_id, paths in groups.items():
        report = compare(paths, settings=settings, loaded_models=loaded)
        titles = [a.title for a in report.articles if a.title]
        stories.append(story_dict(report, story_id=story_id, title=titles[0] if titles else story_id))
    models = to_dict(report)["models"]
    batch = batch_dict(
        stories,
        models=models,
        corpus={
            "sources": [str(FIXTURES), str(directory)],
            "articles": sum(len(s["articles"]) for s in stories),
            "outlets": len({o for s in stories for o in s["outlets"]}),
            "undated_articles": 0,
            "skipped": len(SKIPPED),
            "stories_found": len(stories),
            "multi_outlet_stories": len(stories),
        },
        skipped=SKIPPED,
        stats={"seconds": {"total": 1.0}},
    )
    validate_batch(batch)
    return batch


def story(batch: Mapping[str, Any], story_id: str) -> Mapping[str, Any]:
    return next(s for s in batch["stories"] if s["id"] == story_id)


# -- marking, without a browser -----------------------------------------------------------------------


def test_highlight_escapes_the_sentence_and_the_marked_words() -> None:
    marked = highlight(f"x {INJECTED_TAGS} & 2012 12", ["<b>bold</b>", "12", "amp"])
    assert str(marked) == "x &lt;/textarea&gt;<mark>&lt;b&gt;bold&lt;/b&gt;</mark> &amp; 2012 <mark>12</mark>"


def test_highlight_marks_the_words_of_a_value_rebuilt_from_the_sentence() -> None:
    marked = highlight(
        "On Sunday, Putin met Prince Mohammed bin Salman, Saudi Arabia’s defence minister, about Syria.",
        ["defence minister Prince Mohammed bin Salman"],
    )
    assert re.findall("<mark>(.*?)</mark>", str(marked)) == ["Prince Mohammed bin Salman", "defence minister"]


def test_an_empty_run_renders() -> None:
    empty = batch_dict(
        [],
        models={"nli": "nli", "embedder": "embedder", "spacy": "spacy"},
        corpus={"articles": 0},
        skipped=[],
        stats={},
    )
    page = to_html(empty)
    assert "No contradictions in 0 stories" in page
    assert 'class="story' not in page


# -- the page in a browser ---------------------------------------------------------------------------


@dataclass
class LoadedPage:
    page: Any  # playwright.sync_api.Page
    url: str
    html: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, *, javascript: bool) -> LoadedPage:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    loaded = LoadedPage(page=page, url=path.as_uri(), html=path.read_text(encoding="utf-8"))
    page.on("console", lambda message: message.type == "error" and loaded.console_errors.append(message.text))
    page.on("pageerror", lambda error: loaded.console_errors.append(str(error)))
    page.on("request", lambda request: loaded.requests.append(request.url))

    # Anything but the page itself is refused (and was recorded above), so a stray reference can't
    # reach the network even if the test would have missed it.
    def only_the_page(route: Any) -> None:
        if route.request.url == loaded.url:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_page)
    page.goto(loaded.url, wait_until="load")
    return loaded


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "index.html"
    path.write_text(to_html(real_batch()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(browser: Any, page_file: Path) -> Iterator[LoadedPage]:
    opened = open_page(browser, page_file, javascript=True)
    yield opened
    opened.page.context.close()


def test_page_renders_offline_without_console_errors(loaded: LoadedPage) -> None:
    assert loaded.console_errors == []
    assert loaded.requests == [loaded.url]
    assert loaded.page.title().startswith("checker:")


def test_page_references_nothing_outside_itself(loaded: LoadedPage) -> None:
    references = loaded.page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
               .filter(a => /^(src|srcset|href|xlink:href|action|data|poster|background)$/i.test(a.name))
               .map(a => a.name + '=' + a.value))"""
    )
    assert references, "the in-page links to stories should be there"
    assert all(r.startswith("href=#") for r in references), references
    assert not re.search(r"url\(|@import|https?://|//[a-z0-9.-]+\.[a-z]{2,}/", loaded.html, re.IGNORECASE)


def test_one_section_per_story_and_one_element_per_finding(loaded: LoadedPage) -> None:
    batch = real_batch()
    page = loaded.page
    ids = page.eval_on_selector_all("section.story", "els => els.map(e => e.dataset.storyId)")
    assert ids == [s["id"] for s in batch["stories"]]
    assert page.locator("article.finding").count() == batch["summary"]["findings"]
    assert (
        page.locator('article.finding[data-status="contradiction"]').count()
        == (batch["summary"]["contradictions"])
    )
    for entry in batch["stories"]:
        section = page.locator(f'section.story[data-story-id="{entry["id"]}"]')
        finding_ids = section.locator("article.finding").evaluate_all(
            "els => els.map(e => e.dataset.findingId)"
        )
        assert finding_ids == [f["id"] for f in entry["findings"]]


def test_header_shows_the_run_summary_and_the_skipped_inputs(loaded: LoadedPage) -> None:
    batch = real_batch()
    page = loaded.page
    expected = {**batch["summary"], "articles": batch["corpus"]["articles"], "skipped": len(SKIPPED)}
    for name, value in expected.items():
        assert page.locator(f'[data-count="{name}"]').inner_text() == str(value), name
    skipped = page.locator("li.skipped-input").all_inner_texts()
    assert skipped == [
        "corpus/bad.jsonl:3 — not JSON: Expecting value",
        "corpus/<photo>.png — not a text file",
    ]


def test_article_text_is_shown_as_text_and_never_runs(loaded: LoadedPage) -> None:
    page = loaded.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script, img, iframe, textarea, b").count() == 0
    finding = page.locator(f'section.story[data-story-id="{HOSTILE_STORY}"] article.finding')
    assert finding.count() == 1
    # Which article is side A follows the order of the files: find each by its own text.
    sides = {
        text: finding.locator(f".side-{side} blockquote")
        for side in ("a", "b")
        for text in [finding.locator(f".side-{side} blockquote").text_content()]
    }
    harbour = next(quote for text, quote in sides.items() if "killed 9 people" in text)
    coastal = next(quote for text, quote in sides.items() if "killed 27 people" in text)
    assert INJECTED_SCRIPT in harbour.text_content()
    for injected in (INJECTED_IMG, INJECTED_MARKDOWN, INJECTED_TAGS):
        assert injected in coastal.text_content()
    assert harbour.locator("mark").all_text_contents() == ["9"]
    assert coastal.locator("mark").all_text_contents() == ["27"]


def test_differing_words_are_marked_in_both_sentences(loaded: LoadedPage) -> None:
    page = loaded.page
    checked = 0
    for entry in real_batch()["stories"]:
        for finding in entry["findings"]:
            card = page.locator(
                f'section.story[data-story-id="{entry["id"]}"] article.finding[data-finding-id="{finding["id"]}"]'
            )
            for side in ("a", "b"):
                marks = [m.lower() for m in card.locator(f".side-{side} mark").all_text_contents()]
                sentence = finding[side]["text"].lower()
                assert all(mark in sentence for mark in marks)
                for difference in finding["differs"]:
                    value = difference[side].lower()
                    if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", sentence):
                        assert value in marks, (finding["id"], side, value, marks)
                        checked += 1
    assert checked >= 10


def test_each_story_with_findings_has_its_corroboration_matrix(loaded: LoadedPage) -> None:
    page = loaded.page
    with_findings = [s for s in real_batch()["stories"] if s["findings"]]
    assert page.locator("svg.matrix").count() == len(with_findings)
    assert any(len(matrix_claims(s)) > MATRIX_MAX_ROWS for s in with_findings), "the cap is exercised"
    for entry in with_findings:
        matrix = page.locator(f'section.story[data-story-id="{entry["id"]}"] svg.matrix')
        rows = matrix.locator("g.row")
        assert rows.count() == min(MATRIX_MAX_ROWS, _shared_claim_count(entry))
        assert matrix.locator("text.outlet-name").count() == len(entry["outlets"])
        assert matrix.locator("rect.cell").count() == rows.count() * len(entry["outlets"])
        # Each row's own outlet states the claim; each contradiction shows on the rows of its claims.
        drawn = set(rows.evaluate_all("els => els.map(e => e.dataset.claimId)"))
        outlets = {a["id"]: outlet_of(a) for a in entry["articles"]}
        for finding in (f for f in entry["findings"] if f["status"] == "contradiction"):
            for own, other in ((finding["a"], finding["b"]), (finding["b"], finding["a"])):
                if own["claim_id"] not in drawn:
                    continue
                row = matrix.locator(f'g.row[data-claim-id="{own["claim_id"]}"]')
                own_cell = row.locator(f'rect.cell[data-outlet="{outlets[own["article_id"]]}"]')
                other_cell = row.locator(f'rect.cell[data-outlet="{outlets[other["article_id"]]}"]')
                assert own_cell.get_attribute("data-state") == "states"
                assert other_cell.get_attribute("data-state") == "contradicts"
        legend = page.locator(f'section.story[data-story-id="{entry["id"]}"] .legend li')
        assert legend.evaluate_all("els => els.map(e => e.dataset.state)") == [
            "states",
            "corroborates",
            "contradicts",
            "differs",
            "absent",
        ]


def _shared_claim_count(entry: Mapping[str, Any]) -> int:
    """Claims another outlet corroborates or is in a finding with: counted straight from the dict."""
    outlets = {a["id"]: outlet_of(a) for a in entry["articles"]}
    in_findings = {f[side]["claim_id"] for f in entry["findings"] for side in ("a", "b")}
    return sum(
        c["claim_id"] in in_findings
        or any(outlets[a] != outlets[c["article_id"]] for a in c["corroborated_by"])
        for c in entry["claims"]
    )


def test_stories_without_findings_are_collapsed(loaded: LoadedPage) -> None:
    page = loaded.page
    quiet = page.locator(f'details.quiet section.story[data-story-id="{QUIET_STORY}"]')
    assert quiet.count() == 1
    assert not quiet.is_visible()
    assert page.locator("details.quiet").get_attribute("open") is None
    page.locator("details.quiet > summary").click()
    assert quiet.is_visible()


def test_page_works_without_javascript_and_filters_by_status(browser: Any, page_file: Path) -> None:
    opened = open_page(browser, page_file, javascript=False)
    try:
        page = opened.page
        assert opened.console_errors == []
        assert opened.requests == [opened.url]
        contradictions = page.locator('article.finding[data-status="contradiction"]')
        explained = page.locator('article.finding[data-status="explained"]')
        assert contradictions.count() and explained.count(), "the batch has both statuses"
        assert all(contradictions.nth(i).is_visible() for i in range(contradictions.count()))
        assert explained.first.is_visible()
        page.locator("#show-explained").uncheck()
        assert not any(explained.nth(i).is_visible() for i in range(explained.count()))
        assert contradictions.first.is_visible()
    finally:
        opened.page.context.close()


def test_a_long_list_of_sources_is_summarised_on_the_page() -> None:
    from checker.report.html import describe_sources

    files = [f"fixtures/set{i}/article{i}.txt" for i in range(40)]
    assert describe_sources(files) == f"40 files and folders under fixtures{os.sep}"
    assert describe_sources(files[:2]) == "fixtures/set0/article0.txt, fixtures/set1/article1.txt"
    assert describe_sources(["/srv/a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"]) == (
        "/srv/a.jsonl, b.jsonl, c.jsonl and 1 more"
    )
