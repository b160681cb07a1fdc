"""Cross-outlet perturbation cases, built from real multi-outlet coverage of one event.

For an event, two outlets' real reports A and B are taken as published. A fact stated in both is found (a
sentence of A and its counterpart in B, each the other's most similar sentence, that name the same person
or place, give the same figure or the same date, or share the main verb), and A's sentence alone is
edited:

* contradicting edits, each expected to raise one finding of its kind between the edited sentence and B's
  sentence: participant (another person's name from the corpus), place (another country, or another
  city or region), number (a clearly different figure), date (another weekday, another day of the month),
  polarity (the main verb negated, "confirmed" -> "denied"), role (another title before the same name);
* meaning-preserving edits, which must not be flagged: rounding with "about", a spelling variant of a
  name, a more specific place ("in northern Hama"), a moved clause or reordered attribution.

Generation is deterministic for a seed: the outlet pair, the fact and the replacement are drawn from
random generators seeded with the seed and the event id. Events are split into dev and test by a seeded
hash of the event id, so no event contributes to both. Nothing from the data is written to the repository.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from checker.article import Article
from checker.claims import Claim, Mention, extract_claims
from checker.names import country_code, name_tokens, names_match, respelt
from checker.quantities import same_unit

CONTRADICTING = ("participant", "place", "number", "date", "polarity", "role")
PRESERVING = ("rounding", "spelling", "specific", "moved")
# Two sentences of different outlets about the same fact are at least this similar (all-MiniLM-L6 cosine).
FACT_SIMILARITY = 0.5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Titles a role edit swaps in: each is a different office, not a narrower or wider form of another.
TITLES = ("prime minister", "senator", "governor", "mayor", "ambassador", "foreign minister", "president")
DIRECTIONS = ("northern", "southern", "eastern", "western")
_QUALIFIER_BEFORE = re.compile(
    r"(about|around|nearly|almost|roughly|approximately|some|over|more than|less than|fewer than|"
    r"at least|at most|up to|under|just|only|estimated|an estimated)\s+$",
    re.IGNORECASE,
)
_HELPERS = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_NEGATABLE_AUX = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
    ]
)
_STANCE_SWAP = {"confirmed": "denied", "confirms": "denies", "acknowledged": "denied", "admitted": "denied"}

EmbedTexts = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Report:
    """One outlet's published report of an event, as read from ../shared/data."""

    id: str
    event_id: str
    dataset: str
    source: str
    text: str
    published: dt.datetime | None = None

    def article(self, text: str | None = None) -> Article:
        return Article(
            id=self.id, source=self.source, text=self.text if text is None else text, published=self.published
        )


@dataclass(frozen=True)
class Event:
    id: str
    dataset: str
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class Case:
    """One edit of A's report (or none, for untouched coverage) and what a correct run reports.

    `edit` is the span of the edited sentence in `a_text`; `b_spans` are the sentences of B that state the
    fact the edit changes. A contradicting case expects one finding of `kind` between them; a preserving
    case expects no finding on the edited sentence that the untouched pair did not already have."""

    id: str
    event_id: str
    dataset: str
    split: str  # dev or test
    kind: str  # a CONTRADICTING kind, a PRESERVING kind, or "untouched"
    a: Report
    b: Report
    a_text: str
    edit: tuple[int, int]
    b_spans: tuple[tuple[int, int], ...]
    original: str
    replacement: str

    @property
    def expects_finding(self) -> bool:
        return self.kind in CONTRADICTING

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "event": self.event_id,
            "dataset": self.dataset,
            "split": self.split,
            "kind": self.kind,
            "a": self.a.source,
            "b": self.b.source,
            "original": self.original,
            "replacement": self.replacement,
            "edited_sentence": self.a_text[self.edit[0] : self.edit[1]],
        }


# ---- reading the coverage ----------------------------------------------------------------------------


def load_events(root: Path, datasets: Sequence[str] = ("allsides_neus", "newswcl50")) -> list[Event]:
    """Events with two or more reports from different outlets, in a stable order."""
    events: list[Event] = []
    for name in datasets:
        grouped: dict[str, list[Report]] = {}
        for line in (root / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = _clean(record.get("text") or "")
            if len(text) < 200:
                continue
            source = record.get("source") or f"{record['event_id']}-d{record.get('doc_index', 0)}"
            published = record.get("published")
            report = Report(
                id=str(record["id"]),
                event_id=str(record["event_id"]),
                dataset=name,
                source=str(source),
                text=text,
                published=dt.datetime.fromisoformat(published) if published else None,
            )
            grouped.setdefault(report.event_id, []).append(report)
        for event_id, reports in grouped.items():
            if len({r.source for r in reports}) >= 2:
                events.append(Event(f"{name}:{event_id}", name, tuple(reports)))
    return events


def _clean(text: str) -> str:
    """Lead excerpts end with "..."; the cut sentence is dropped so no claim is half a sentence.
    NewsWCL50's rebuilt text keeps tokenised hyphens ("Kim Jong - un"): rejoined."""
    text = re.sub(r"\s+-\s+(?=\w)", "-", text.replace("\r", ""))
    if text.rstrip().endswith("..."):
        body = text.rstrip()[:-3]
        cut = max(body.rfind(". "), body.rfind(".\n"), body.rfind('." '))
        text = body[: cut + 1] if cut > 0 else body
    return text.strip()


def split_of(event_id: str, seed: int) -> str:
    """dev or test, half and half, by a seeded hash of the event (stable across runs and machines)."""
    digest = hashlib.sha256(f"{seed}:{event_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(hashlib.sha256(":".join([str(seed), *parts]).encode()).hexdigest())


# ---- finding shared facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Replacement values drawn from the whole corpus: person names, countries, other places."""

    persons: tuple[str, ...]
    surnames: tuple[str, ...]
    countries: tuple[str, ...]
    places: tuple[str, ...]


def build_pool(claims: Iterable[Claim]) -> Pool:
    persons, countries, places = set(), set(), set()
    for claim in claims:
        for mention in claim.entities:
            text = mention.text.strip()
            if not re.fullmatch(r"[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,2}", text):
                continue
            if mention.label == "PERSON" and len(text.split()) == 2:
                persons.add(text)
            elif mention.label == "GPE" and country_code(text) and not _needs_article(text):
                countries.add(text)
            elif mention.label in ("GPE", "LOC") and len(text) > 3:
                places.add(text)
    return Pool(
        tuple(sorted(persons)),
        tuple(sorted({p.split()[-1] for p in persons})),
        tuple(sorted(countries)),
        tuple(sorted(places)),
    )


def _needs_article(country: str) -> bool:
    """ "in United States" reads wrong: names written with "the" are left out of the swap pool."""
    return country.split()[0] in ("United", "Czech", "Central", "Dominican") or country.endswith(
        ("lands", "ines")
    )


def _pick(
    rng: random.Random, pool: Sequence[str], avoid: Sequence[str], keep: str | None = None
) -> str | None:
    """A value from the pool that names none of `avoid` (the event's own names)."""
    choices = list(pool)
    rng.shuffle(choices)
    for value in choices[:400]:
        if keep and country_code(keep) and country_code(value) == country_code(keep):
            continue
        if not any(names_match(value, other) for other in avoid):
            return value
    return None


@dataclass(frozen=True)
class EditContext:
    """What an edit draws on: the case's seeded generator, the corpus's replacement values, the event's
    own names (never drawn as replacements) and the spaCy pipeline (polarity edits read the parse)."""

    rng: random.Random
    pool: Pool
    avoid: list[str]
    nlp: Any
    parses: dict[str, Any]  # sentence text -> its parse, shared by every case of a run

    def parse(self, text: str) -> Any:
        if text not in self.parses:
            self.parses[text] = self.nlp(text)[:]  # as a span: one sentence, with its root
        return self.parses[text]


@dataclass(frozen=True)
class Edit:
    kind: str
    start: int  # in A's text
    end: int
    replacement: str
    original: str


def _name_end(mention: Mention, text: str) -> int | None:
    """Where the mention's name ends in the text (its span may run on over a possessive "'s")."""
    if text[mention.start : mention.start + len(mention.text)] != mention.text:
        return None
    return mention.start + len(mention.text)


def _in_speaker(claim: Claim, mention: Mention) -> bool:
    span = claim.speaker_span
    return span is not None and span[0] <= mention.start and mention.end <= span[1]


def _shared_name(a: Claim, b: Claim, labels: set[str], *, located: bool = False) -> list[Mention]:
    """Mentions of `a` (outside its speaker) that `b` names too; `located`: as a place where something is
    or happens on both sides ("in Kabul" / "in Kabul", not "in Kabul" / "talks with Kabul")."""
    found = []
    for mention in a.entities:
        if mention.label not in labels or _in_speaker(a, mention) or (located and not mention.locative):
            continue
        same = [m for m in b.entities if m.label in labels and names_match(mention.text, m.text)]
        if any(m.locative or not located for m in same):
            found.append(mention)
    return found


def _participant(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for mention in _shared_name(a, b, {"PERSON"}):
        two_words = len(mention.text.split()) >= 2
        if not two_words and mention.text not in ctx.pool.surnames:
            continue  # a lone word tagged PERSON is often a company or a product ("Moderna")
        new = _pick(ctx.rng, ctx.pool.persons if two_words else ctx.pool.surnames, ctx.avoid)
        end = _name_end(mention, text)
        if new and end:
            return Edit("participant", mention.start, end, new, mention.text)
    return None


def _place(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for mention in _shared_name(a, b, {"GPE", "LOC"}, located=True):
        end = _name_end(mention, text)
        if end is None:
            continue
        is_country = country_code(mention.text) is not None
        new = _pick(
            ctx.rng, ctx.pool.countries if is_country else ctx.pool.places, ctx.avoid, keep=mention.text
        )
        if new:
            return Edit("place", mention.start, end, new, mention.text)
    return None


_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def _shared_quantities(a: Claim, b: Claim, text: str) -> Iterable[tuple[int, int, int]]:
    """(start, end, value) of whole-number figures of `a` that `b` gives for the same counted thing."""
    for qa in a.quantities:
        if qa.value != int(qa.value) or qa.low != qa.high:
            continue  # ranges and decimals: the edit would not be one clean figure
        digits = [
            m for m in _DIGITS.finditer(text, qa.start, qa.end) if int(m.group().replace(",", "")) == qa.value
        ]
        if len(digits) != 1:
            continue
        if any(same_unit(qa, qb) and qb.value == qa.value for qb in b.quantities):
            yield digits[0].start(), digits[0].end(), int(qa.value)


def _number(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for start, end, value in _shared_quantities(a, b, text):
        if value < 2 or 1900 <= value <= 2100:
            continue
        # Clearly different: well outside any rounding or "about" (at least +50% or +3).
        new = value + ctx.rng.randint(3, 9) if value < 10 else int(value * ctx.rng.choice((1.6, 2, 2.5, 3)))
        digits = f"{new:,}" if "," in text[start:end] else str(new)
        return Edit("number", start, end, digits, text[start:end])
    return None


def _rounding(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for start, end, value in _shared_quantities(a, b, text):
        if value < 11 or 1900 <= value <= 2100 or _QUALIFIER_BEFORE.search(text[max(0, start - 20) : start]):
            continue
        if text[max(0, start - 1) : start] in ("$", "£", "€"):
            continue  # "about $40" would have to go before the sign
        for step in (10000, 1000, 100, 10, 5):  # the coarsest rounding a reporter would write
            rounded = round(value / step) * step
            if rounded and rounded != value and abs(rounded - value) / value <= 0.1:
                digits = f"{rounded:,}" if "," in text[start:end] else str(rounded)
                return Edit("rounding", start, end, f"about {digits}", text[start:end])
    return None


def _date(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for da in a.dates:
        written = text[da.start : da.end]
        for db in b.dates:
            if da.weekday is not None and db.weekday == da.weekday and written in WEEKDAYS:
                new = WEEKDAYS[(da.weekday + ctx.rng.choice((2, 3, 4, 5))) % 7]
                return Edit("date", da.start, da.end, new, written)
            day = re.fullmatch(rf"({'|'.join(MONTHS)})\.? (\d{{1,2}})", written)
            if day and da.month == db.month and da.day == db.day and da.day is not None:
                new_day = (int(day.group(2)) + ctx.rng.choice((3, 5, 8)) - 1) % 28 + 1
                return Edit("date", da.start, da.end, f"{day.group(1)} {new_day}", written)
    return None


def _role(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for mention in a.entities:
        if mention.label != "PERSON" or not mention.role:
            continue
        before = text[max(0, mention.start - len(mention.role) - 1) : mention.start].rstrip()
        if before.lower() != mention.role.lower():
            continue  # edit only a title written right before the name
        same = [m for m in b.entities if m.label == "PERSON" and names_match(m.text, mention.text)]
        if not any(m.role and _same_title(m.role, mention.role) for m in same):
            continue  # B must give the same person the same title: that is the shared fact
        options = [t for t in TITLES if not set(t.split()) & set(mention.role.lower().split())]
        new = ctx.rng.choice(options).title() if before[0].isupper() else ctx.rng.choice(options)
        start = text.rfind(before, 0, mention.start)
        return Edit("role", start, start + len(before), new, before)
    return None


def _same_title(x: str, y: str) -> bool:
    wx, wy = set(x.lower().split()), set(y.lower().split())
    return wx <= wy or wy <= wx


def _spelling(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for mention in _shared_name(a, b, {"PERSON", "GPE", "LOC"}):
        end = _name_end(mention, text)
        if country_code(mention.text) or end is None:
            continue
        variant = spelling_variant(mention.text)
        if variant and variant != mention.text:
            return Edit("spelling", mention.start, end, variant, mention.text)
    return None


# Transliteration and spelling habits: Qadhafi/Gaddafi, Mohammed/Mohamed, Yousef/Yusuf, Sheikh/Shaykh.
_VARIANT_RULES = (
    (r"([bcdfglmnprst])\1", r"\1"),  # doubled consonant written single
    (r"ph", "f"),
    (r"ou", "u"),
    (r"ee", "i"),
    (r"kh", "k"),
    (r"(?<=[a-z])y(?=[a-z])", "i"),
    (r"(?<=[aeiou])([bdfglmnprst])(?=[aeiou])", r"\1\1"),  # single consonant written double
)


def spelling_variant(name: str) -> str | None:
    """The name with its longest word respelt by one transliteration habit (never its first letter)."""
    return next(respelt(name, _VARIANT_RULES), None)


def _specific(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    for mention in _shared_name(a, b, {"GPE", "LOC"}):
        if (
            text[max(0, mention.start - 3) : mention.start] != "in "
            or text[mention.start : mention.end] != mention.text
        ):
            continue
        return Edit("specific", mention.start, mention.start, f"{ctx.rng.choice(DIRECTIONS)} ", "")
    return None


_SAID_FIRST = re.compile(
    r"^(?P<speaker>[A-Z][^,;:\"“”]{2,60}?) (?P<verb>said|says|told reporters)(?: that)? (?P<rest>[^\"“”]{20,})\.$"
)
_SAID_LAST = re.compile(
    r"^(?P<rest>[^\"“”]{20,}), (?P<speaker>[A-Za-z][^,;:\"“”]{2,60}?) (?P<verb>said|says)\.$"
)
_LEADING_PHRASE = re.compile(
    r"^(?P<phrase>(?:On|In|At|After|During|Earlier|Later|Last) [^,\"“”]{2,40}), (?P<rest>[A-Z][^\"“”]{20,})\.$"
)


# "said in a statement that ...", "said Thursday it will ...": the words after the verb are not the clause.
_NOT_CLAUSE_START = frozenset(
    [
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "earlier",
        "late",
        "last",
        "this",
        "that",
        "to",
        "from",
        "via",
    ]
    + [d.lower() for d in WEEKDAYS]
    + [m.lower() for m in MONTHS]
)


def _moved(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    sentence = text[a.start : a.end]
    parse = ctx.parse(sentence)
    if (match := _SAID_FIRST.match(sentence)) and match["rest"].split(" ", 1)[
        0
    ].lower() not in _NOT_CLAUSE_START:
        rest = _sentence_case(match["rest"])
        speaker = _lower_first(match["speaker"], parse, 0)
        new = f"{rest}, {speaker} {match['verb']}."
    elif match := _SAID_LAST.match(sentence):
        rest = _lower_first(match["rest"], parse, 0)
        new = f"{_sentence_case(match['speaker'])} {match['verb']} {rest}."
    elif match := _LEADING_PHRASE.match(sentence):
        new = f"{match['rest']} {_lower_first(match['phrase'], parse, 0)}."
    else:
        return None
    return Edit("moved", a.start, a.end, new, sentence)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str, parse: Any, at: int) -> str:
    """Lower-case the first word when it starts the sentence only by position (not a name: "Biden")."""
    token = next((t for t in parse if t.idx - parse[0].idx == at), None)
    if token is None or token.pos_ == "PROPN" or token.text.isupper():
        return text
    return text[:1].lower() + text[1:]


def _polarity(a: Claim, b: Claim, text: str, ctx: EditContext) -> Edit | None:
    """Negate A's main verb (the content verb of "X said ..."), when B's sentence asserts the same verb."""
    sentence, other = ctx.parse(a.text), ctx.parse(b.text)
    verb = sentence.root
    if verb.lemma_.lower() in ("say", "tell", "report", "announce", "add"):
        content = [c for c in verb.children if c.dep_ == "ccomp"]
        verb = content[0] if content else verb
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in verb.children):
        return None
    if verb.lemma_.lower() in ("be", "have") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    same = [t for t in other if t.pos_ == "VERB" and t.lemma_.lower() == verb.lemma_.lower()]
    if not same or any(c.dep_ == "neg" for t in same for c in t.children):
        return None  # B must assert the same action
    offset = a.start - sentence[0].idx  # the parse is of the claim's text alone
    if verb.lower_ in _STANCE_SWAP:
        start = offset + verb.idx
        return Edit("polarity", start, start + len(verb.text), _STANCE_SWAP[verb.lower_], verb.text)
    auxiliaries = [
        c
        for c in verb.children
        if c.dep_ in ("aux", "auxpass") and c.lower_ in _NEGATABLE_AUX and c.i < verb.i
    ]
    if auxiliaries:
        at = offset + auxiliaries[0].idx + len(auxiliaries[0].text)
        return Edit("polarity", at, at, " not", "")
    if verb.tag_ in _HELPERS and verb.lemma_.isalpha():
        start = offset + verb.idx
        negated = f"{_HELPERS[verb.tag_]} not {verb.lemma_.lower()}"
        return Edit("polarity", start, start + len(verb.text), negated, verb.text)
    return None


EDITORS = {
    "participant": _participant,
    "place": _place,
    "number": _number,
    "date": _date,
    "role": _role,
    "polarity": _polarity,
    "rounding": _rounding,
    "spelling": _spelling,
    "specific": _specific,
    "moved": _moved,
}


# ---- building the cases -----------------------------------------------------------------------------


def build_cases(
    events: Sequence[Event],
    nlp,
    embed: EmbedTexts,
    *,
    seed: int = 13,
    kinds: Sequence[str] = CONTRADICTING + PRESERVING,
    pairs_per_event: int = 1,
) -> list[Case]:
    """Every case the events allow: per outlet pair, at most one case per kind, plus the untouched pair."""
    plans = []
    for event in events:
        rng = _rng(seed, event.id, "pairs")
        reports = list(event.reports)
        rng.shuffle(reports)
        distinct = list({r.source: r for r in reports}.values())
        for index in range(min(pairs_per_event, len(distinct) // 2)):
            plans.append((event, distinct[2 * index], distinct[2 * index + 1]))
    articles = [r.article() for _, a, b in plans for r in (a, b)]
    unique = list({article.id: article for article in articles}.values())
    claims = extract_claims(unique, nlp)
    pool = build_pool(c for cs in claims.values() for c in cs)
    texts = sorted({c.text for cs in claims.values() for c in cs})
    vectors = dict(zip(texts, embed(texts), strict=True)) if texts else {}
    cases: list[Case] = []
    parses: dict[str, Any] = {}
    for event, first, second in plans:
        split = split_of(event.id, seed)
        avoid = sorted({m.text for r in event.reports for c in claims.get(r.id, ()) for m in c.entities})
        cases.append(_untouched(event, first, second, split))
        for kind in kinds:
            rng = _rng(seed, event.id, first.id, kind)
            # Either outlet may be the edited one; the seeded draw decides which is tried first.
            order = [(first, second), (second, first)]
            rng.shuffle(order)
            for a, b in order:
                case = _case_for(kind, event, a, b, claims, vectors, nlp, rng, pool, avoid, split, parses)
                if case is not None:
                    cases.append(case)
                    break
    return cases


def _untouched(event: Event, a: Report, b: Report, split: str) -> Case:
    return Case(
        f"{event.id}|{a.source}|{b.source}|untouched",
        event.id,
        event.dataset,
        split,
        "untouched",
        a,
        b,
        a.text,
        (0, 0),
        (),
        "",
        "",
    )


def _case_for(kind, event, a, b, claims, vectors, nlp, rng, pool, avoid, split, parses) -> Case | None:
    a_claims, b_claims = claims.get(a.id, []), claims.get(b.id, [])
    candidates = _counterparts(a_claims, b_claims, vectors)
    rng.shuffle(candidates)
    for x, y in candidates:
        edit = EDITORS[kind](x, y, a.text, EditContext(rng, pool, avoid, nlp, parses))
        if edit is None:
            continue
        new_text = a.text[: edit.start] + edit.replacement + a.text[edit.end :]
        shift = len(edit.replacement) - (edit.end - edit.start)
        b_spans = tuple((c.start, c.end) for c in b_claims if _states_fact(kind, edit, x, c, y, vectors))
        return Case(
            id=f"{event.id}|{a.source}|{b.source}|{kind}",
            event_id=event.id,
            dataset=event.dataset,
            split=split,
            kind=kind,
            a=a,
            b=b,
            a_text=new_text,
            edit=(x.start, x.end + shift),
            b_spans=b_spans or ((y.start, y.end),),
            original=edit.original,
            replacement=edit.replacement,
        )
    return None


def _counterparts(a_claims: Sequence[Claim], b_claims: Sequence[Claim], vectors) -> list[tuple[Claim, Claim]]:
    """Pairs of sentences that report the same fact: each is the other's most similar sentence in the
    other report, and they are at least FACT_SIMILARITY alike. A sentence of B that merely names the same
    person or figure while it reports something else ("Biden was popular in his early months" against
    "Americans disapprove of President Biden") is not the same fact: an edit against it is a case no
    reader could call a contradiction."""
    if not a_claims or not b_claims:
        return []
    scores = np.array([[float(vectors[x.text] @ vectors[y.text]) for y in b_claims] for x in a_claims])
    best_b, best_a = scores.argmax(axis=1), scores.argmax(axis=0)
    return [
        (x, b_claims[j])
        for i, (x, j) in enumerate(zip(a_claims, best_b, strict=True))
        if best_a[j] == i and scores[i, j] >= FACT_SIMILARITY
    ]


def _states_fact(kind: str, edit: Edit, x: Claim, candidate: Claim, chosen: Claim, vectors) -> bool:
    """Does this sentence of B state the fact the edit changed (so a finding against it is right)?"""
    if candidate.id == chosen.id:
        return True
    if float(vectors[x.text] @ vectors[candidate.text]) < FACT_SIMILARITY:
        return False
    if kind in ("participant", "place", "spelling", "specific", "role"):
        return (
            any(names_match(edit.original or "", m.text) for m in candidate.entities)
            if edit.original
            else False
        )
    if kind in ("number", "rounding"):
        return any(re.sub(r"\D", "", edit.original) == str(int(q.value)) for q in candidate.quantities)
    if kind == "date":
        return edit.original in candidate.text
    return False


__all__ = [
    "CONTRADICTING",
    "PRESERVING",
    "Case",
    "Event",
    "Report",
    "build_cases",
    "load_events",
    "name_tokens",
    "spelling_variant",
    "split_of",
]
