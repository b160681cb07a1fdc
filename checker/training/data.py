"""The labelled sets and the real news the recipe trains on, split by event, and the leak check.

Training never sees anything an evaluation reads:
* gold pairs: SICK TRAIN+TRIAL and the SNLI dev prefix (the harness scores SICK TEST and the SNLI test prefix);
* news: articles are split by *event* (an article is its own event where a dataset has none). Held out:
  the BBC articles behind ../shared/data/nli_synthetic_bbc (v0's news test), the AllSides and NewsWCL50
  events in the perturbation benchmark's test split (checker/evaluate/perturb.py, seed 13; NewsWCL50 is
  not trained on at all, but verdicts made on its events are), Multi-News's own val/test events (our
  synthetic news test set is generated from these held-out articles);
* and, sentence by sentence, nothing whose normalised text occurs in an evaluation set (ConTRoL, FNC-1,
  AggreFact, the synthetic test sets, SICK/SNLI test pairs): `EvalGuard` holds their hashes, `find_leaks`
  checks a training set against them, and the recipe refuses to train on a set with leaks.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.evaluate import datasets
from checker.evaluate.perturb import load_events, split_of

LABELS = ("contradiction", "entailment", "neutral")
LABEL_IDS = {label: index for index, label in enumerate(LABELS)}  # the model's output order (v0's too)
NEWS_DATASETS = ("bbc_news", "allsides_neus", "multinews_sample")
# The perturbation benchmark's default seed (checker/evaluate/crossoutlet.py, calibrate.py): its split of
# AllSides events into dev and test is drawn with it.
PERTURBATION_SEED = 13

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[A-Z\"'“‘(])")
_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Rev|Jr|Sr|No|Jan|Feb|Aug|Sept|Sep|Oct|"
    r"Nov|Dec|Mt|Ft|vs|U\.S|U\.K|Inc|Corp|Co))\.$"
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Pair:
    """One labelled training or test pair; `origin` names the article (news) or the dataset pair."""

    premise: str
    hypothesis: str
    label: str
    source: str  # sick, snli or synthetic
    family: str  # e.g. "cont:number", "enta:about"; "gold" for SICK/SNLI
    origin: str

    def as_dict(self) -> dict[str, str]:
        return {
            "premise": self.premise,
            "hypothesis": self.hypothesis,
            "label": self.label,
            "source": self.source,
            "family": self.family,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class NewsArticle:
    id: str  # "<dataset>:<its id>"
    event_id: str  # "<dataset>:<event id>" (the article's own id where the dataset has no events)
    dataset: str
    text: str


# ---- gold NLI -----------------------------------------------------------------------------------------


def gold_pairs(root: Path) -> list[Pair]:
    """SICK TRAIN+TRIAL and the SNLI dev prefix, in file order."""
    pairs: list[Pair] = []
    for split in ("TRAIN", "TRIAL"):
        for index, example in enumerate(datasets.sick(root, split)):
            pairs.append(
                Pair(
                    example.premise,
                    example.hypothesis,
                    example.label,
                    "sick",
                    "gold",
                    f"sick/{split}/{index}",
                )
            )
    for index, example in enumerate(datasets.snli(root, "dev")):
        pairs.append(
            Pair(example.premise, example.hypothesis, example.label, "snli", "gold", f"snli/dev/{index}")
        )
    return pairs


# ---- news ---------------------------------------------------------------------------------------------


def news_articles(root: Path) -> list[NewsArticle]:
    """Every article of the three news datasets, in file order."""
    articles: list[NewsArticle] = []
    for line in (root / "bbc_news" / "bbc_news.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        key = f"bbc_news:{record['id']}"  # one outlet: each article is its own event
        articles.append(NewsArticle(key, key, "bbc_news", "\n".join(record["paragraphs"])))
    for name in ("allsides_neus", "multinews_sample"):
        for line in (root / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = _drop_cut_sentence(record.get("text") or "")
            if text:
                articles.append(
                    NewsArticle(f"{name}:{record['id']}", f"{name}:{record['event_id']}", name, text)
                )
    return articles


def _drop_cut_sentence(text: str) -> str:
    """AllSides bodies are lead excerpts cut with "...": the half sentence is not a fact to edit."""
    text = text.strip()
    if text.endswith("..."):
        body = text[:-3]
        cut = max(body.rfind(". "), body.rfind(".\n"), body.rfind('." '))
        text = body[: cut + 1] if cut > 0 else ""
    return text.strip()


def sentences(text: str) -> list[str]:
    """Sentences of a news text: paragraphs by line, then at sentence-final punctuation, except after an
    abbreviation or an initial ("Sen. Manchin", "Donald J. Trump", "Jan. 6")."""
    found: list[str] = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        pieces = [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]
        merged: list[str] = []
        for piece in pieces:
            if merged and _ABBREVIATION_END.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        found.extend(merged)
    return found


def held_out_events(root: Path, articles: Iterable[NewsArticle]) -> set[str]:
    """Events whose articles only evaluation may read (see the module docstring)."""
    held: set[str] = set()
    for line in (
        (root / "nli_synthetic_bbc" / "synthetic_test.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        held.add(f"bbc_news:{json.loads(line)['aid']}")
    for article in articles:
        event = article.event_id
        if (article.dataset == "allsides_neus" and split_of(event, PERTURBATION_SEED) == "test") or (
            article.dataset == "multinews_sample" and event.split(":", 1)[1].startswith(("mn_val", "mn_test"))
        ):
            held.add(event)
    # The perturbation benchmark's NewsWCL50 test events too. No NewsWCL50 article is trained on, but
    # editors' verdicts on findings there (`train-nli --verdicts`) must stay out like the AllSides ones.
    held.update(
        event.id
        for event in load_events(root, ("newswcl50",))
        if split_of(event.id, PERTURBATION_SEED) == "test"
    )
    return held


def split_articles(
    root: Path, articles: Sequence[NewsArticle]
) -> tuple[list[NewsArticle], list[NewsArticle]]:
    """(train, test) articles; the split is by event, so no event has articles on both sides."""
    held = held_out_events(root, articles)
    train = [a for a in articles if a.event_id not in held]
    test = [a for a in articles if a.event_id in held]
    return train, test


# ---- the leak check -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def text_hash(text: str) -> str:
    return hashlib.sha1(normalise(text).encode()).hexdigest()[:16]


def pair_hash(premise: str, hypothesis: str) -> str:
    return text_hash(f"{premise}\t{hypothesis}")


@dataclass
class EvalGuard:
    """What evaluation reads: held-out events, sentence hashes of the news-like sets, pair hashes of the
    sentence-pair sets. SICK reuses its sentences across splits by design, so SICK/SNLI are guarded by pair."""

    events: set[str] = field(default_factory=set)
    sentence_hashes: set[str] = field(default_factory=set)
    pair_hashes: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        for sentence in sentences(text):
            self.sentence_hashes.add(text_hash(sentence))

    def add_pair(self, premise: str, hypothesis: str) -> None:
        self.pair_hashes.add(pair_hash(premise, hypothesis))
        self.pair_hashes.add(pair_hash(hypothesis, premise))


def eval_guard(root: Path, test_articles: Iterable[NewsArticle], held: set[str]) -> EvalGuard:
    guard = EvalGuard(events=set(held))
    for example in [*datasets.sick(root, "TEST"), *datasets.snli(root, "test")]:
        guard.add_pair(example.premise, example.hypothesis)
    for example in [*datasets.control(root, "test"), *datasets.control(root, "dev")]:
        guard.add_text(example.premise)
        guard.add_text(example.hypothesis)
    for line in (
        (root / "nli_synthetic_bbc" / "synthetic_test.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        record = json.loads(line)
        guard.add_text(record["premise"])
        guard.add_text(record["hypothesis"])
    for example in datasets.aggrefact(root):
        guard.add_text(example.document)
        guard.add_text(example.summary)
    for headline, body in fnc1_texts(root):
        guard.add_text(headline)
        guard.add_text(body)
    for article in test_articles:
        guard.add_text(article.text)
    return guard


def fnc1_texts(root: Path) -> Iterable[tuple[str, str]]:
    """Every FNC-1 headline and body (the guard needs them all, not only the scored sample)."""
    folder = root / "fnc1_stance"
    with (folder / "competition_test_bodies.csv").open(encoding="utf-8", newline="") as stream:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(stream)}
    with (folder / "competition_test_stances.csv").open(encoding="utf-8", newline="") as stream:
        headlines = {row["Headline"] for row in csv.DictReader(stream)}
    yield from ((h, "") for h in sorted(headlines))
    yield from (("", b) for b in bodies.values())


def find_leaks(pairs: Iterable[Pair], event_of: dict[str, str], guard: EvalGuard) -> dict[str, list[str]]:
    """Training pairs that touch evaluation data, by reason (empty lists: no leak).

    `event_of` maps a news article id to its event (synthetic pairs name their article as `origin`)."""
    leaks: dict[str, list[str]] = {"held_out_event": [], "eval_sentence": [], "eval_pair": []}
    for pair in pairs:
        if pair.source == "synthetic" and event_of.get(pair.origin, pair.origin) in guard.events:
            leaks["held_out_event"].append(pair.origin)
        # SICK/SNLI test sentences are guarded as pairs only, so every pair can be checked by sentence.
        for text in (pair.premise, pair.hypothesis):
            if text_hash(text) in guard.sentence_hashes:
                leaks["eval_sentence"].append(text[:80])
        if pair_hash(pair.premise, pair.hypothesis) in guard.pair_hashes:
            leaks["eval_pair"].append(pair.origin)
    return leaks
