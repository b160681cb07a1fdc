"""The parsed sentence the edits read, the name pool, what an article tells about its people and
organisations, and small text helpers shared by every family."""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.names import names_match
from checker.training.data import NewsArticle, sentences, text_hash
from checker.training.synthetic.lexicon import (
    COMPANY_SUFFIXES,
    DESCRIBING_TITLES,
    DOWNWARD,
    NEGATIONS,
    ORDINAL_WORDS,
    ORGANISATION_NOUNS,
)

T = TypeVar("T")
MIN_WORDS, MAX_WORDS = 8, 45
CLEAN_NAME = re.compile(r"[A-Z][A-Za-z.-]+(?: [A-Z][A-Za-z.-]+){0,3}")
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.? $")
VOWEL_SOUND = re.compile(r"(?i)[aeio]|u(?!ni|s[eu])|hour|honest|8|11|18")
# A corpus title is trusted for a person when this many of their titled mentions, in this share, agree,
# and only in a dataset whose articles come from one short period (BBC News 2004-05): across the years of
# AllSides, "Trump" is a candidate, the president and a former president.
TITLE_MIN_MENTIONS, TITLE_MIN_SHARE = 3, 0.8
SINGLE_PERIOD_DATASETS = frozenset(["bbc_news"])


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Token:
    start: int
    text: str
    tag: str
    lemma: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Sentence:
    text: str
    article_id: str
    position: int  # index of the sentence in its article
    entities: tuple[Entity, ...]
    tokens: tuple[Token, ...]

    @property
    def dataset(self) -> str:
        return self.article_id.split(":", 1)[0]


@dataclass(frozen=True)
class Pool:
    """What one side of the split knows: replacement names per entity label, and the titles its articles
    give people, per dataset ("bbc_news\tGordon Brown" -> "chancellor"), from that side's articles only."""

    names: dict[str, tuple[str, ...]]
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleFacts:
    """What an article itself says about its entities: people's titles ("Gordon Brown, the chancellor,")
    and what its organisations are ("car maker BMW", "BA, the airline,")."""

    titles: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)  # name -> noun ("BMW" -> "car maker")


@dataclass
class Context:
    rng: random.Random
    pool: Pool
    article_names: dict[str, list[str]]  # label -> names the same article uses
    article_sentences: list[Sentence] = field(default_factory=list)
    facts: ArticleFacts = field(default_factory=ArticleFacts)


def seeded(seed: int, *parts: object) -> random.Random:
    """A generator for one decision: the same on every machine (the parts hash through sha256; a 64-bit
    integer seed, because seeding from a long string costs more than many operations do)."""
    digest = hashlib.sha256(":".join(map(str, (seed, *parts))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


Edit = tuple[str, str, str]  # premise, hypothesis, family
Operation = Callable[[Sentence, Context], Edit | None]
# A rewrite returns the rewritten sentence; the entailment family reads it forwards and the neutral one
# (where the rewrite generalises) backwards.
Rewrite = Callable[[Sentence, Context], str | None]


# ---- parsing -------------------------------------------------------------------------------------------


def usable(sentence: str) -> bool:
    """A whole declarative news sentence of moderate length, not boilerplate or a quote fragment."""
    words = sentence.split()
    return (
        MIN_WORDS <= len(words) <= MAX_WORDS
        and sentence[-1:] in ".!"
        and sentence[:1].isupper()
        and sentence.count('"') % 2 == 0
        and not re.search(
            r"https?:|www\.|@|\||copyright|click|cookie|subscribe|hide caption|photos:",
            sentence,
            re.IGNORECASE,
        )
    )


def parse_articles(
    articles: Sequence[NewsArticle],
    nlp: Any,
    skip_hashes: set[str],
    per_article: int | None = None,
    processes: int = 1,
) -> list[Sentence]:
    """Usable sentences of the articles with their entities and tags; sentences whose text an evaluation
    set contains (`skip_hashes`) are left out here, before any pair is made from them. `processes` > 1
    parses in that many worker processes (spaCy keeps the order, so the result is the same)."""
    todo: list[tuple[str, int, str]] = []
    for article in articles:
        kept = [
            (i, s)
            for i, s in enumerate(sentences(article.text))
            if usable(s) and text_hash(s) not in skip_hashes
        ]
        todo.extend((article.id, i, s) for i, s in kept[:per_article])
    docs = nlp.pipe((s for _, _, s in todo), batch_size=256, n_process=processes if len(todo) > 2000 else 1)
    return [
        sentence_from_doc(text, article_id, position, doc)
        for (article_id, position, text), doc in zip(todo, docs, strict=True)
    ]


def sentence_from_doc(text: str, article_id: str, position: int, doc: Any) -> Sentence:
    entities = tuple(Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
    tokens = tuple(Token(t.idx, t.text, t.tag_, t.lemma_) for t in doc)
    return Sentence(text, article_id, position, entities, tokens)


# ---- what the corpus and the article say -----------------------------------------------------------------

_ORGANISATION_NOUN = "|".join(sorted(ORGANISATION_NOUNS, key=len, reverse=True))
_NOUN_BEFORE_NAME = re.compile(rf"\b({_ORGANISATION_NOUN}) $", re.IGNORECASE)
_NOUN_IN_APPOSITION = re.compile(rf"^, (?:the|a|an) (?:[\w'’-]+ ){{0,3}}?({_ORGANISATION_NOUN})\b(?! of)[,.]")
_NOUN_AFTER_COPULA = re.compile(
    rf"^ (?:is|was) (?:the|a|an) (?:[\w'’-]+ ){{0,3}}?({_ORGANISATION_NOUN})\b(?! of)"
)
_TITLE_WORDS = "|".join(sorted((re.escape(t) for t in DESCRIBING_TITLES), key=len, reverse=True))
# "Chancellor Gordon Brown", "Prime Minister Tony Blair": a capitalised title right before the name.
TITLE_BEFORE = re.compile(rf"(?i:\b({_TITLE_WORDS})) $")
# "Gordon Brown, the chancellor," / "Gordon Brown, the chancellor, said": the title as an apposition.
TITLE_AFTER = re.compile(rf"^, (?:the|[Tt]he UK's|Britain's|America's) ({_TITLE_WORDS})(?=[,.])")

# "Former Prime Minister John Major", "shadow chancellor George Osborne": not the office the person holds.
_NOT_CURRENT = re.compile(
    r"(?i:\b(?:former|ex|late|then|acting|shadow|outgoing|incoming|deputy|vice|assistant|junior|interim)[- ]?)$"
)


def titled_mentions(sentence: Sentence) -> list[tuple[str, str]]:
    """(full name, lower-case title) for each person the sentence gives a title, next to the name."""
    found = []
    for entity in sentence.entities:
        if entity.label != "PERSON" or len(entity.text.split()) < 2 or not CLEAN_NAME.fullmatch(entity.text):
            continue
        window = sentence.text[max(0, entity.start - 60) : entity.start]
        before = TITLE_BEFORE.search(window)
        if before and before.group(1)[:1].isupper() and not _NOT_CURRENT.search(window[: before.start()]):
            found.append((entity.text, before.group(1).lower()))
            continue
        if before and _held_in(sentence, entity.start - len(window) + before.start()):
            found.append((entity.text, before.group(1).lower()))
            continue
        after = TITLE_AFTER.match(sentence.text[entity.end :])
        if after:
            found.append((entity.text, after.group(1).lower()))
    return found


def _held_in(sentence: Sentence, title_start: int) -> bool:
    """A lower-case title right after the team, body or country it is held in ("Rangers manager Alex
    McLeish", "England captain Martin Johnson"), not after "former" and the like."""
    return any(
        e.end == title_start - 1
        and e.label in ("ORG", "GPE", "NORP")
        and not _NOT_CURRENT.search(sentence.text[max(0, e.start - 30) : e.start])
        for e in sentence.entities
    )


def common_ends(before: Sequence[object], after: Sequence[object]) -> tuple[int, int]:
    """The lengths of the common prefix and, after it, the common suffix of two texts or word lists:
    what an edit left alone on either side of what it changed."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, end


def by_article(parsed: Iterable[Sentence]) -> dict[str, list[Sentence]]:
    """Article id -> its sentences, in the order given."""
    grouped: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in parsed:
        grouped[sentence.article_id].append(sentence)
    return grouped


def article_names(group: Iterable[Sentence]) -> dict[str, list[str]]:
    """Entity label -> the names one article's sentences use, in order of first mention."""
    names: dict[str, list[str]] = defaultdict(list)
    for sentence in group:
        for entity in sentence.entities:
            if entity.text not in names[entity.label]:
                names[entity.label].append(entity.text)
    return names


def build_pool(parsed: Iterable[Sentence]) -> Pool:
    names: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in parsed:
        for entity in sentence.entities:
            if not re.fullmatch(r"[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,3}", entity.text):
                continue
            names[entity.label].add(entity.text)
            if entity.label == "PERSON" and len(entity.text.split()) >= 2:
                names["SURNAME"].add(entity.text.split()[-1])
        if sentence.dataset in SINGLE_PERIOD_DATASETS:
            for person, title in titled_mentions(sentence):
                titles[f"{sentence.dataset}\t{person}"][title] += 1
    return Pool({label: tuple(sorted(values)) for label, values in names.items()}, consistent_titles(titles))


def consistent_titles(counts: dict[str, Counter[str]]) -> dict[str, str]:
    """The title of each person that the corpus names the same way nearly every time: a person whose
    title changed within the corpus (a minister moved, a candidate elected) gets none."""
    trusted = {}
    for person, titles in sorted(counts.items()):
        title, mentions = titles.most_common(1)[0]
        if mentions >= TITLE_MIN_MENTIONS and mentions / sum(titles.values()) >= TITLE_MIN_SHARE:
            trusted[person] = title
    return trusted


def article_facts(group: Sequence[Sentence]) -> ArticleFacts:
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in group:
        for person, title in titled_mentions(sentence):
            titles[person][title] += 1
    # The article's own word wins over the corpus; where it names two titles for one person, neither.
    own = {person: c.most_common(1)[0][0] for person, c in titles.items() if len(c) == 1}
    return ArticleFacts(own, _organisation_nouns(group))


def _organisation_nouns(group: Sequence[Sentence]) -> dict[str, str]:
    """The noun each organisation is called by where the article itself says what it is: "car maker BMW",
    "the airline BA", "BA, the UK's biggest airline,", "MCI is the second-biggest firm"; a name ending in
    "plc", "Inc", ... is a company. An organisation the article calls two different things gets none."""
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    companies: set[str] = set()
    for sentence in group:
        text = sentence.text
        for entity in sentence.entities:
            if entity.label != "ORG" or not CLEAN_NAME.fullmatch(entity.text):
                continue
            before, after = text[max(0, entity.start - 40) : entity.start], text[entity.end : entity.end + 80]
            for match in (
                _NOUN_BEFORE_NAME.search(before),
                _NOUN_IN_APPOSITION.match(after),
                _NOUN_AFTER_COPULA.match(after),
            ):
                if match:
                    evidence[entity.text][match.group(1).lower()] += 1
            if entity.text.split()[-1] in COMPANY_SUFFIXES:
                companies.add(entity.text)
    nouns = {organisation: next(iter(c)) for organisation, c in evidence.items() if len(c) == 1}
    return {**{company: "company" for company in companies if company not in evidence}, **nouns}


# ---- helpers -------------------------------------------------------------------------------------------


def replace_span(text: str, start: int, end: int, new: str) -> str:
    """`text` with [start, end) replaced, fixing an "a"/"an" right before the new words."""
    before = text[:start]
    article = re.search(r"\b([Aa]n?) $", before)
    if article and new[:1].isalpha():  # "an $11m fraud" is read "an eleven million": left alone
        wanted = "an" if VOWEL_SOUND.match(new) else "a"
        if article.group(1).lower() != wanted:
            wanted = wanted.capitalize() if article.group(1)[0].isupper() else wanted
            before = before[: article.start(1)] + wanted + " "
    return before + new + text[end:]


def last_sentence_cache(function: Callable[[Sentence], T]) -> Callable[[Sentence], T]:
    """Remember `function`'s answer for the last sentence it was asked about: every operation is tried on
    one sentence before the next, and several ask the same question (what may be dropped, is there a
    negation) of it."""
    last: list[Any] = [None, None]

    @functools.wraps(function)
    def cached(sentence: Sentence) -> T:
        if last[0] is not sentence:
            last[0], last[1] = sentence, function(sentence)
        return last[1]

    return cached


@last_sentence_cache
def has_downward(sentence: Sentence) -> bool:
    """A negation or other downward-entailing word anywhere in the sentence (read off the text, so that a
    rewritten sentence without tokens is checked the same way)."""
    words = re.findall(r"[a-z]+(?:[-'][a-z]+)*", sentence.text.lower())
    lowered = " " + " ".join(words) + " "
    return "n't" in sentence.text or any(f" {word} " in lowered for word in DOWNWARD)


@last_sentence_cache
def negated(sentence: Sentence) -> bool:
    words = re.findall(r"[a-z]+(?:[-'][a-z]+)*", sentence.text.lower())
    return "n't" in sentence.text or any(word in NEGATIONS for word in words)


# Words that rank within a set the sentence narrows ("the first time since 1888", "the final debate before
# the caucuses", "its highest level in six months"): dropping or widening the narrowing words changes what
# is ranked, so neither is done.
RANKING = frozenset(["final", "only", "latest", "earliest", "record", *ORDINAL_WORDS])


@last_sentence_cache
def ranks(sentence: Sentence) -> bool:
    """A superlative or a ranking word ("highest", "first", "the last") anywhere in the sentence ("last
    year" is a date, not a rank)."""
    return any(t.tag in ("JJS", "RBS") or t.text.lower() in RANKING for t in sentence.tokens) or bool(
        re.search(r"\b(?:the|its|his|her|their) last\b", sentence.text, re.IGNORECASE)
    )


def plain_word(tokens: Sequence[Token], index: int, text: str) -> bool:
    """tokens[index] is a common word standing alone: not capitalised inside the sentence (a name:
    "Rising Sun", "Best Buy") and not part of a hyphenated compound ("best-selling", "large-scale")."""
    token = tokens[index]
    if token.text != token.text.lower() and index > 0:
        return False
    return text[token.end : token.end + 1] != "-" and text[token.start - 1 : token.start] != "-"


def name_before(text: str, start: int) -> bool:
    """A capitalised word (a name or title, not the sentence's first word) right before `start`."""
    match = re.search(r"(\S+) $", text[:start])
    return bool(match and match.start(1) > 0 and match.group(1)[:1].isupper())


def token_at(sentence: Sentence, start: int) -> Token | None:
    return next((t for t in sentence.tokens if t.start == start), None)


def pick_name(ctx: Context, label: str, old: str, sentence: str, local_first: bool = True) -> str | None:
    """Another name of the same kind: from the same article when it has one (a plausible confusion),
    else from the pool; never a spelling variant of the old one or a name already in the sentence."""
    from checker.names import country_code

    words = len(old.split())
    local = [n for n in ctx.article_names.get(label, []) if len(n.split()) == words]
    pool = [n for n in ctx.pool.names.get(label, ()) if len(n.split()) == words]
    candidates = (local if local_first and ctx.rng.random() < 0.5 else []) + ctx.rng.sample(
        pool, min(len(pool), 60)
    )
    for name in candidates:
        if name == old or name in sentence or names_match(name, old) or names_match(old, name):
            continue
        if label == "NORP" and name.endswith("s") != old.endswith("s"):
            continue  # "French economy" must not become "Indonesians economy"
        if label in ("GPE", "LOC") and country_code(name) and country_code(name) == country_code(old):
            continue  # "UK" / "Britain": one country
        return name
    return None


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case a leading common word ("The company", "Police"), never a name ("Blair")."""
    first = text.split(" ", 1)[0]
    if first in (
        "The",
        "A",
        "An",
        "Police",
        "Officials",
        "He",
        "She",
        "They",
        "It",
        "We",
        "Analysts",
        "Experts",
    ):
        return text[:1].lower() + text[1:]
    return text


def describe(text: str, start: int, end: int, description: str) -> str:
    """`text` with the name at [start, end) replaced by a description ("the chancellor"): capitalised at
    the sentence start, and with a bare possessive completed ("Mercedes' profits" -> "the car maker's")."""
    if start == 0 or text[:start].rstrip().endswith(('"', "“")):
        description = sentence_case(description)
    if re.match(r"['’](?!s)", text[end:]):
        end += 1
        description += "'s"
    return replace_span(text, start, end, description)


def forward(rewrite: Rewrite, family: str) -> Operation:
    """The rewrite as an entailment: the sentence entails its rewritten form."""

    def operation(sentence: Sentence, ctx: Context) -> Edit | None:
        new = rewrite(sentence, ctx)
        return (sentence.text, new, family) if new and new != sentence.text else None

    return operation


def backward(rewrite: Rewrite, family: str) -> Operation:
    """The rewrite read backwards, the rewritten form as the premise: neutral where the rewrite
    generalises (the general form does not tell the specific fact), an entailment where it only rewords
    (a title moved beside the name)."""

    def operation(sentence: Sentence, ctx: Context) -> Edit | None:
        new = rewrite(sentence, ctx)
        return (new, sentence.text, family) if new and new != sentence.text else None

    return operation
