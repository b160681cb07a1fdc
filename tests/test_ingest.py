"""Ingest stage: real seed files, Markdown, HTML and JSON inputs, exact offsets, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from checker.article import Article
from checker.errors import ConfigError, InputError
from checker.ingest import MAX_FILE_BYTES, read_article_text, read_articles
from checker.ingest.metadata import parse_date_line

SEED_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_000 = SEED_DIR / "000_6c5fb3b8702ea890.txt"
SEED_001 = SEED_DIR / "001_f8a78396b1450f6a.txt"
SEED_002 = SEED_DIR / "002_697819e1ad49d885.txt"
SEEDS = [SEED_000, SEED_001, SEED_002]


def _read(path: Path, **options: str) -> Article:
    (article,) = read_articles([path], **options)
    return article


def _squash(text: str) -> str:
    return " ".join(text.split())


def _raw_of(article: Article, needle: str) -> str:
    """The raw characters the first occurrence of `needle` in the article text maps to."""
    start = article.text.index(needle)
    raw_start, raw_end = article.raw_span(start, start + len(needle))
    assert article.raw is not None
    return article.raw[raw_start:raw_end]


def _assert_offsets_exact(article: Article) -> None:
    """Copied pieces equal the raw text they map to, inserted ones are joining whitespace, and every
    sentence-ish span of the text maps to raw text that reads the same up to whitespace."""
    raw, text = article.raw, article.text
    assert raw is not None
    position = 0
    for clean_start, raw_start, length in article.offsets.pieces:
        assert clean_start == position
        piece = text[clean_start : clean_start + length]
        if raw_start >= 0:
            assert piece == raw[raw_start : raw_start + length]
        else:
            assert piece in (" ", "\n", "\n\n")
        position += length
    assert position == len(text)
    spans = list(re.finditer(r"[^\s.!?][^.!?\n]*[.!?]*[”\"’']?", text))
    assert len(spans) > 5
    for span in spans:
        raw_start, raw_end = article.raw_span(span.start(), span.end())
        assert _squash(raw[raw_start:raw_end]) == _squash(span.group())


# --- the seeds ---------------------------------------------------------------------------------------


def test_seed_000_drops_site_boilerplate_and_keeps_the_body() -> None:
    article = _read(SEED_000)
    assert article.id == "000_6c5fb3b8702ea890"
    assert article.source == "000_6c5fb3b8702ea890"  # "BEIRUT —" names no outlet
    assert article.title is None  # the first line is a body sentence
    assert article.published is None
    assert "reset your password" not in article.text and "Only subscribers" not in article.text
    assert any(line.startswith("Use the form below to reset your password") for line in article.dropped)
    assert any(line.startswith("Only subscribers are eligible") for line in article.dropped)
    assert (
        "A Syrian military official said troops seized the northern Hama village of Tak Sukayk."
        in article.text
    )
    assert article.text.rstrip().endswith(
        "Putin said he planned to discuss the Syrian crisis on Sunday with Abu Dhabi Crown Prince Sheikh "
        "Mohamed bin Zayed Al Nahyan in Sochi, where the two men attended a Formula One race."
    )
    assert article.text.startswith("BEIRUT — Syrian troops backed by Russian airstrikes")
    assert len(article.text.split("\n\n")) == 16
    assert article.raw == SEED_000.read_text(encoding="utf-8")


def test_seed_001_drops_caption_labels_and_subheads() -> None:
    article = _read(SEED_001)
    assert article.title == "Syrian troops make gains as Putin defends air strikes"
    assert article.title not in article.text
    for gone in (
        "A still image shows",
        "Tak Sukayk [AP]",
        "Infographic:",
        "Related:",
        "Source: News Agencies",
        "Fighting in Hama",
        "Cluster munitions",
        "Saudi talks",
    ):
        assert gone not in article.text, gone
    assert set(article.dropped) >= {
        "A still image shows a Russian air force helicopter on the tarmac of Heymim air base near the Syrian "
        "port town of Latakia",
        "The Syrian army says its troops seized the northern Hama village of Tak Sukayk [AP]",
        "Related: The Syrian Conflict – Russia vs the West?",
        "Fighting in Hama",
        "Cluster munitions",
        "Saudi talks",
        "Source: News Agencies",
    }
    assert any(line.startswith("Infographic: Syria") for line in article.dropped)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Troops make advances in central Syria")  # the standfirst is a sentence
    assert (
        "Fighting on Sunday was on multiple fronts in the northern part of the central Hama province"
        in article.text
    )
    assert paragraphs[-1] == (
        "Putin also met Abu Dhabi’s crown prince the southern Russian city, where they attended a Formula One "
        "race."
    )
    # "Tak Sukayk" is in the dropped caption first; the body's mention maps to the body sentence.
    body = "told the AP news agency that troops have seized the northern Hama village of Tak Sukayk."
    start = article.text.index(body)
    assert article.raw_span(start, start + len(body))[0] == article.raw.index(body)


def test_seed_002_date_title_separators_and_broken_sentence() -> None:
    article = _read(SEED_002)
    assert article.published == dt.date(2015, 10, 12)  # 12/10/2015, day first
    assert article.title == "As Syrian Army Gains Ground, Putin Defends Airstrikes"
    assert article.dropped.count("---") == 2 and "12/10/2015" in article.dropped
    assert "---" not in article.text and "12/10/2015" not in article.text
    sentence = (
        "stress that the intervention in Syria is only meant to neutralize the threat of the extremists, "
        "whether the Islamic State group or al-Qaida."
    )
    assert sentence in article.text
    # The joined sentence still maps onto both halves in the raw file.
    start = article.text.index("Islamic State group or al-Qaida.")
    raw_start, raw_end = article.raw_span(start, start + len("Islamic State group or al-Qaida."))
    assert article.raw[raw_start:raw_end] == "Islamic\n\nState group or al-Qaida."
    assert article.line_col(article.raw.index("State group or al-Qaida.")) == (21, 1)
    assert article.text.startswith("Amid criticism from the United States")


def test_seed_002_month_first_date_order() -> None:
    assert _read(SEED_002, date_order="MDY").published == dt.date(2015, 12, 10)
    with pytest.raises(ConfigError, match="date_order"):
        read_articles([SEED_002], date_order="DDMM")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem[:3])
def test_seed_offsets_are_exact(seed: Path) -> None:
    _assert_offsets_exact(_read(seed))


def test_seed_offsets_survive_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED_002.read_bytes().replace(b"\n", b"\r\n"))
    article = _read(path)
    assert article.published == dt.date(2015, 10, 12)
    assert "whether the Islamic State group or al-Qaida." in article.text
    assert "\r" not in article.text
    _assert_offsets_exact(article)


# --- plain-text rules beyond the seeds ---------------------------------------------------------------

GENERIC = """Quake strikes off the coast

Photo: A collapsed building in the port city (AFP)

Rescue teams searched for survivors on Monday after a strong earthquake struck off the coast, officials said.

Rescuers pull a man from rubble in the old town
Workers clear debris near the harbour (Reuters)

There was no immediate comment from the ministry, which has not published a toll.

See also: Earthquakes this year

***

Aftershocks

Several aftershocks were felt in the capital overnight, the seismology institute said.

We use cookies to improve your experience. Accept all cookies
Sign up for our free newsletter
Click here to share this article on Facebook
© 2024 Example Media. All rights reserved.
"""


def test_generic_boilerplate_rules(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-02_coast-herald_quake.txt"
    path.write_text(GENERIC, encoding="utf-8")
    article = _read(path)
    assert article.source == "coast-herald" and article.published == dt.date(2024, 3, 2)
    assert article.title == "Quake strikes off the coast"
    assert article.text.split("\n\n") == [
        "Rescue teams searched for survivors on Monday after a strong earthquake struck off the coast, "
        "officials said.",
        "There was no immediate comment from the ministry, which has not published a toll.",
        "Several aftershocks were felt in the capital overnight, the seismology institute said.",
    ]
    assert article.dropped == (
        "Photo: A collapsed building in the port city (AFP)",
        "Rescuers pull a man from rubble in the old town",  # the whole caption block goes
        "Workers clear debris near the harbour (Reuters)",
        "See also: Earthquakes this year",
        "***",
        "Aftershocks",
        "We use cookies to improve your experience. Accept all cookies",
        "Sign up for our free newsletter",
        "Click here to share this article on Facebook",
        "© 2024 Example Media. All rights reserved.",
    )


def test_news_that_mentions_site_words_is_kept() -> None:
    body = [
        "Montenegro will become a member of NATO next year, the alliance said.",
        "The ministry asked users to log in to the new portal and reset their passwords.",
        "Facebook changed its privacy policy on Tuesday after regulators complained about how it shares data.",
        "There was no immediate comment from the Defense Ministry.",
        "Copyright lawsuits against the company rose sharply, court records show.",
    ]
    article = read_article_text("\n\n".join(body), id="risky")
    assert article.text.split("\n\n") == body
    assert article.dropped == ()


def test_byline_is_dropped_not_taken_for_the_title() -> None:
    text = "By John Smith\n\nTroops advance in Hama\n\nSyrian troops advanced on Sunday, officials said.\n"
    article = read_article_text(text, id="byline")
    assert article.title == "Troops advance in Hama"
    assert article.dropped == ("By John Smith",)
    assert article.text == "Syrian troops advanced on Sunday, officials said."


def test_dateline_outlet_and_hard_wrapped_text(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Syrian troops push north\n\n"
        "LONDON (Reuters) - Syrian troops backed by\n"
        "Russian jets advanced on Sunday, a\n"
        "military source said, as rebels\n"
        "shelled positions near Atshan.\n\n"
        "The army said it had taken the\n"
        "village of Tak Sukayk\n"
        "after heavy fighting overnight.\n",
        encoding="utf-8",
    )
    article = _read(path)
    assert article.source == "Reuters"
    assert article.title == "Syrian troops push north"
    assert article.dropped == ()
    assert "village of Tak Sukayk\nafter heavy fighting" in article.text  # short wrapped lines are kept
    assert "Russian jets advanced on Sunday, a\nmilitary source said" in article.text
    _assert_offsets_exact(article)


def test_short_sentence_half_before_lowercase_is_rejoined() -> None:
    article = read_article_text(
        "Officials said the strikes hit\n\nthree villages overnight, killing at least nine people.\n",
        id="draft",
    )
    assert (
        article.text
        == "Officials said the strikes hit three villages overnight, killing at least nine people."
    )
    assert article.title is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12/10/2015", dt.date(2015, 10, 12)),
        ("October 11, 2015", dt.date(2015, 10, 11)),
        ("Oct. 11, 2015", dt.date(2015, 10, 11)),
        ("11 Oct 2015", dt.date(2015, 10, 11)),
        ("Sunday, 11 October 2015", dt.date(2015, 10, 11)),
        ("2015-10-11", dt.date(2015, 10, 11)),
        ("Published: 11 October 2015 14:05 GMT", dt.date(2015, 10, 11)),
        ("31/10/2015", dt.date(2015, 10, 31)),
    ],
)
def test_date_lines_give_published(line: str, expected: dt.date) -> None:
    body = "Syrian troops advanced against insurgents on Sunday, officials said."
    text = f"Troops advance in Hama\n\n{line}\n\n{body}\n"
    article = read_article_text(text, id="d")
    assert article.published == expected
    assert line in article.dropped and line not in article.text


def test_date_line_parser_rejects_non_dates() -> None:
    assert parse_date_line("10/12/2015", "MDY") == dt.date(2015, 10, 12)
    assert parse_date_line("The strikes began on 11 Oct 2015.") is None
    assert parse_date_line("31/31/2015") is None
    assert parse_date_line("Fighting in Hama") is None


# --- Markdown -------------------------------------------------------------------------------------------

MARKDOWN = """---
title: "Syrian troops advance in Hama"
url: https://example.org/syria
---

# Syrian troops advance in Hama

*By Staff Writer*

BEIRUT (AP) — Syrian troops **backed by** [Russian airstrikes](https://example.org/strikes) advanced
against insurgents in the center of the country on _Sunday_.

![Smoke over Hama](https://example.org/smoke.jpg)

## Fighting in Hama

> "We will not negotiate," the `coalition` said.

- Troops seized the village of Tak Sukayk.
- Rebels shelled government positions near Atshan.

```python
print("not article text")
```

Read more: [Russia's air war](https://example.org/more)

Subscribe to our newsletter for more news.
"""


def test_markdown_markup_metadata_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "2015-10-11_al-monitor_syria.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    article = _read(path)
    assert article.id == "2015-10-11_al-monitor_syria"
    assert article.source == "al-monitor"  # the file name wins over the dateline
    assert article.published == dt.date(2015, 10, 11)
    assert article.title == "Syrian troops advance in Hama"
    assert article.url == "https://example.org/syria"
    assert article.text == (
        "BEIRUT (AP) — Syrian troops backed by Russian airstrikes advanced\n"
        "against insurgents in the center of the country on Sunday.\n\n"
        '"We will not negotiate," the coalition said.\n\n'
        "Troops seized the village of Tak Sukayk.\n"
        "Rebels shelled government positions near Atshan."
    )
    assert set(article.dropped) == {
        "By Staff Writer",
        "Fighting in Hama",
        "Read more: Russia's air war",
        "Subscribe to our newsletter for more news.",
    }
    for words in ("Russian airstrikes", "backed by", "coalition", "Tak Sukayk", "Sunday"):
        assert _raw_of(article, words) == words
    assert _raw_of(article, "Syrian troops backed by Russian airstrikes") == (
        "Syrian troops **backed by** [Russian airstrikes"
    )


def test_markdown_front_matter_gives_id_source_and_date(tmp_path: Path) -> None:
    path = tmp_path / "draft.markdown"
    path.write_text(
        "---\nid: wire-17\nsource: Anadolu\npublished: 2015-10-11\n---\n\n"
        "Turkish officials said on Sunday that two Russian jets had entered Turkish airspace.\n",
        encoding="utf-8",
    )
    article = _read(path)
    assert (article.id, article.source, article.published) == ("wire-17", "Anadolu", dt.date(2015, 10, 11))
    path.write_text("---\npublished: soon\n---\n\nTurkish officials said the jets left.\n", encoding="utf-8")
    with pytest.raises(InputError, match="'published' is not a date") as raised:
        read_articles([path])
    assert str(path) in str(raised.value)


# --- HTML -----------------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Syria: troops advance | Example News</title>
  <meta property="og:site_name" content="Example News">
  <meta property="article:published_time" content="2015-10-11T14:30:00+00:00">
  <link rel="canonical" href="https://news.example.com/syria">
  <script>var tracking = "<p>Tracking text that is not news.</p>";</script>
  <style>p { color: red; }</style>
</head>
<body>
  <header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
  <aside><article><p>Teaser: another story entirely, about the weather.</p></article></aside>
  <article>
    <h1>Syrian troops advance as Putin defends strikes</h1>
    <p class="byline">By Jane Doe</p>
    <p>Syrian troops backed by Russian airstrikes advanced against insurgents in
       the center of the country, a military official said on <b>Sunday</b>.</p>
    <figure><img src="x.jpg"><figcaption>Smoke rises over Hama [Reuters]</figcaption></figure>
    <h2>Fighting in Hama</h2>
    <p>Troops seized the village of Tak Sukayk, the official said &mdash; the second village
       captured since Russia&#8217;s airstrikes began.</p>
    <p>Read more: <a href="/x">Russia's war</a></p>
    <script>document.write("Advertisement text");</script>
  </article>
  <footer><p>&copy; 2015 Example News. All rights reserved. Contact us at the newsroom.</p></footer>
</body>
</html>
"""


def test_html_main_text_metadata_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = _read(path)
    assert article.raw == HTML
    assert article.source == "Example News"
    assert article.published == dt.datetime(2015, 10, 11, 14, 30, tzinfo=dt.UTC)
    assert article.url == "https://news.example.com/syria"
    assert article.title == "Syrian troops advance as Putin defends strikes"  # the <h1>, not <title>
    assert article.text == (
        "Syrian troops backed by Russian airstrikes advanced against insurgents in the center of the "
        "country, a military official said on Sunday.\n\n"
        "Troops seized the village of Tak Sukayk, the official said — the second village captured since "
        "Russia’s airstrikes began."
    )
    assert set(article.dropped) == {"By Jane Doe", "Fighting in Hama", "Read more: Russia's war"}
    body_start = HTML.index("<article>\n")
    for words in ("Tak Sukayk", "Syrian troops backed", "Sunday", "second village"):
        start = article.text.index(words)
        raw_start, raw_end = article.raw_span(start, start + len(words))
        assert HTML[raw_start:raw_end] == words and raw_start > body_start
    # A newline and indentation in the source read as one space, and map back over them.
    assert _raw_of(article, "insurgents in the center") == "insurgents in\n       the center"
    # A character reference maps to where it is written.
    dash = article.text.index("—")
    assert HTML[article.offsets.to_raw(dash) :].startswith("&mdash;")
    apostrophe = article.text.index("’s airstrikes")
    assert HTML[article.offsets.to_raw(apostrophe) :].startswith("&#8217;")


def test_html_main_element_or_whole_body(tmp_path: Path) -> None:
    main = tmp_path / "main.htm"
    main.write_text(
        "<html><body><div class='menu'>Sign in to your account</div><main><p>Rebels shelled positions "
        "near Atshan overnight, monitors said.</p></main><div><p>Unrelated text outside main.</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    assert _read(main).text == "Rebels shelled positions near Atshan overnight, monitors said."
    bare = tmp_path / "bare.html"
    bare.write_text(
        "<body><nav>World | Politics</nav><p>Rebels shelled positions near Atshan.<br>Monitors said ten "
        "people were hurt.</p><footer>Contact</footer></body>",
        encoding="utf-8",
    )
    assert _read(bare).text == "Rebels shelled positions near Atshan.\n\nMonitors said ten people were hurt."


# --- JSON and JSONL records ------------------------------------------------------------------------------


def test_json_records_with_metadata_and_defaults(tmp_path: Path) -> None:
    seed = SEED_000.read_text(encoding="utf-8")
    path = tmp_path / "feed.json"
    records = [
        {
            "id": "ap-1",
            "source": "AP",
            "published": "2015-10-11",
            "title": "Syrian troops advance",
            "url": "https://apnews.example/1",
            "text": seed,
        },
        {
            "published": "2015-10-11T14:30:00+03:00",
            "text": "LONDON (Reuters) - Russian jets struck 63 sites in Syria, the defence ministry said.\n\n"
            "Sign up for our free newsletter",
        },
    ]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    first, second = read_articles([path])
    assert (first.id, first.source, first.published, first.title, first.url) == (
        "ap-1",
        "AP",
        dt.date(2015, 10, 11),
        "Syrian troops advance",
        "https://apnews.example/1",
    )
    assert first.raw == seed and first.path == str(path)
    assert "reset your password" not in first.text
    _assert_offsets_exact(first)
    assert second.id == "feed:1" and second.source == "feed"  # defaults: file stem and list index
    assert second.published == dt.datetime(2015, 10, 11, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert (
        second.text == "LONDON (Reuters) - Russian jets struck 63 sites in Syria, the defence ministry said."
    )
    assert second.raw == records[1]["text"]


def test_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"source": "AFP", "text": "Russian jets flew 64 sorties on Sunday, the ministry said."}),
        "",
        json.dumps({"id": 7, "text": "Monitors said the rebels advanced overnight near Atshan."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = read_articles([path])
    assert (first.id, first.source) == ("wire:1", "AFP")
    assert (second.id, second.source) == ("7", "wire")
    assert second.raw_span(0, 8) == (0, 8) and second.raw[:8] == "Monitors"


# --- bad input ------------------------------------------------------------------------------------------


def _error(paths: list[Path]) -> str:
    with pytest.raises(InputError) as raised:
        read_articles(paths)
    message = str(raised.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n\t \n", "only whitespace"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (
            "latin1.txt",
            "Le ministre a rencontr\xe9 le pr\xe9sident.".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 22)",
        ),
        ("utf16.txt", "Troops advanced.".encode("utf-16"), "UTF-16"),
        ("furniture.txt", b"Sign in to comment\n\nSubscribe now\n\n---\n", "no article text"),
        (
            "scripts.html",
            b"<html><script>var a = '<p>x</p>';</script><nav>Home</nav></html>",
            "no article text",
        ),
        ("broken.json", b'{"id": "a1",\n "text": }', "not valid JSON"),
        ("number.json", b"42", "expected a JSON object or a list"),
        ("nolist.json", b"[]", "no records"),
        ("notext.json", b'[{"id": "a1", "source": "AP"}]', "record has no 'text'"),
        ("badtype.json", b'{"text": ["Troops advanced."]}', "'text' must be a string"),
        ("baddate.json", b'{"text": "Troops advanced on Sunday.", "published": "12/10/2015"}', "'published'"),
        ("object.jsonl", b'["not", "an", "object"]\n', "must be a JSON object"),
    ],
)
def test_bad_files_name_the_file_and_problem(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = _error([SEED_000, path])
    assert message.startswith(str(path)) and words in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _error([tmp_path / "nope.txt"]) == f"{tmp_path / 'nope.txt'}: no such file"
    assert _error([tmp_path]) == f"{tmp_path}: is a directory, not a file"


def test_malformed_json_and_jsonl_give_line_numbers(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "a1",\n "text": }', encoding="utf-8")
    assert _error([broken]).startswith(f"{broken}:2: not valid JSON")
    lines = tmp_path / "broken.jsonl"
    lines.write_text('{"text": "Troops advanced on Sunday."}\n{"text": "Rebels\n', encoding="utf-8")
    assert _error([lines]).startswith(f"{lines}:2: not valid JSON")
    record = tmp_path / "records.json"
    record.write_text('[\n  {"text": "Troops advanced on Sunday."},\n  {"id": "b"}\n]', encoding="utf-8")
    assert _error([record]) == f"{record}:3: record has no 'text'"
    dated = tmp_path / "dated.jsonl"
    dated.write_text('{"text": "Troops advanced on Sunday.", "published": "Sunday"}\n', encoding="utf-8")
    assert _error([dated]) == f"{dated}:1: 'published' is not an ISO date or date-time: 'Sunday'"


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    first.write_bytes(SEED_000.read_bytes())
    second.write_bytes(SEED_002.read_bytes())
    message = _error([first, second])
    assert message == f"{second}: duplicate article id 'report' (also in {first})"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "x", "text": "Troops advanced on Sunday."}\n{"id": "x", "text": "Rebels retreated."}\n',
        encoding="utf-8",
    )
    assert _error([feed]) == f"{feed}:2: duplicate article id 'x' (also in {feed}:1)"


def test_oversized_file_fails_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Troops advanced on the village. " * (10 * 1024 * 1024 // 32))
    assert path.stat().st_size == 10 * 1024 * 1024

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    message = _error([path])
    assert message == f"{path}: file is 10.0 MB; the limit is 5.0 MB"
    assert MAX_FILE_BYTES == 5 * 1024 * 1024


def test_large_legitimate_file_reads_whole(tmp_path: Path) -> None:
    # How fast it reads is measured by `make bench` (benchmarks/bench_compare.py), not here.
    seed = SEED_001.read_text(encoding="utf-8") + "\n\n"
    path = tmp_path / "long.txt"
    path.write_text(seed * (4_000_000 // len(seed)), encoding="utf-8")
    assert 3_900_000 < path.stat().st_size <= MAX_FILE_BYTES
    article = _read(path)
    assert article.text.count("Riyadh is one of the leading backers") == 4_000_000 // len(seed)


# --- strings (drafts) -----------------------------------------------------------------------------------


def test_read_article_text_for_a_draft() -> None:
    draft = "# Troops advance\n\nSyrian troops *advanced* on Sunday, the army said.\n"
    article = read_article_text(draft, id="draft-1", source="Desk", format="markdown")
    assert (article.id, article.source, article.title, article.path) == (
        "draft-1",
        "Desk",
        "Troops advance",
        None,
    )
    assert article.raw == draft and article.text == "Syrian troops advanced on Sunday, the army said."
    assert _raw_of(article, "advanced") == "advanced"
    with pytest.raises(InputError, match=r"^draft-2: no article text"):
        read_article_text("Subscribe now\n", id="draft-2")
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        read_article_text("Troops advanced.", id="draft-3", format="pdf")


def test_file_without_known_suffix_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "download"
    page.write_text(
        "<!doctype html><p>Troops advanced on <i>Sunday</i>, officials said.</p>", encoding="utf-8"
    )
    assert _read(page).text == "Troops advanced on Sunday, officials said."
    feed = tmp_path / "feed.data"
    feed.write_text('{"text": "Rebels retreated from Atshan."}\n{"text": "Jets flew 64 sorties."}\n')
    assert [article.id for article in read_articles([feed])] == ["feed:1", "feed:2"]
