"""Entity -> description of the same referent, the paraphrase outlets make when they report one fact.

* capital: "in Damascus" -> "in the Syrian capital" / "in the capital of Syria" (from a general-knowledge
  table, lexicon.CAPITALS). Both read the same referent, so the pair is an entailment both ways;
* place: "in Damascus" -> "in Syria" (the city is in the country); the reverse is neutral;
* metonym: "the Kremlin" -> "Moscow" / "the Russian government", "Downing Street" -> "the British
  government", and a capital that acts ("Moscow denied ...") -> "the Russian government"; entailment;
* person: a person -> their title, as the article states it ("Gordon Brown, the chancellor," ... "Mr Brown
  said" -> "The chancellor said"), or as the corpus of the same dataset states it without exception;
* organisation: the organisation an article is about -> the noun the article calls it by ("the airline");
* country: the one country a sentence names -> "the country".
The last three generalise (many people are chancellors): read backwards they are neutral.
"""

from __future__ import annotations

import re

from checker.names import country_code
from checker.training.synthetic.core import (
    HONORIFIC,
    TITLE_AFTER,
    TITLE_BEFORE,
    Context,
    Entity,
    Sentence,
    describe,
    name_before,
    replace_span,
    titled_mentions,
)
from checker.training.synthetic.lexicon import CAPITALS, GOVERNMENT_ACTS, METONYMS

_CAPITAL_NAMES = "|".join(sorted(map(re.escape, CAPITALS), key=len, reverse=True))
# A capital as a place: after a preposition of place or a verb of travel (`_locative` checks what follows).
_CAPITAL_AS_PLACE = re.compile(
    rf"\b(?P<how>in|to|from|at|near|outside|around|across|into|visit|visited|visiting|visits) "
    rf"(?P<city>{_CAPITAL_NAMES})\b"
)
# Tags before a name that make it part of a larger phrase ("an angry Maduro", "Socialist Maduro", "the name ARUP").
_DETERMINING = frozenset(["DT", "JJ", "JJS", "JJR", "PRP$", "CD", "POS", "NNP", "NNPS", "NN", "NNS"])
_INTO_COUNTRY = frozenset(["in", "to", "from", "into", "visit", "visited", "visiting", "visits"])
# What a capital's name may not be followed by to stand alone for the city: the rest of a name ("Paris
# Saint-Germain", "Washington state", "Washington, DC"), a compound ("Moscow-based"), a possessive
# ("Moscow's hands" stands for the government).
_NOT_THE_CITY = re.compile(r"^(?: [A-Z]| state\b|,? D\.?C\b|-|['’]s\b)")
_METONYM = re.compile(
    rf"(?<![\w-])(?P<name>{'|'.join(sorted(map(re.escape, METONYMS), key=len, reverse=True))})\b(?! [A-Z])"
)
# Before these a building or street is a place, not the institution in it ("at the White House").
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:at|in|inside|outside|near|to|into|from|on|onto|toward|towards|around)\s+$"
)
_CAPITAL_ACTING = re.compile(
    rf"(?:^|(?<=, )|(?<=\band )|(?<=\bthat )|(?<=\bbut ))(?P<city>{_CAPITAL_NAMES}) "
)


def _is_place(sentence: Sentence, start: int) -> bool:
    """NER reads the name at `start` as a place (a rewritten sentence without entities is trusted)."""
    return not sentence.entities or any(
        e.start == start and e.label in ("GPE", "LOC", "FAC") for e in sentence.entities
    )


def _the_before(text: str, entity: Entity) -> int:
    """Where the mention starts, "the" included ("the UK", "the BBC")."""
    match = re.search(r"\b[Tt]he $", text[: entity.start])
    return match.start() if match else entity.start


# ---- capitals and places ---------------------------------------------------------------------------------


def _capital_descriptions(city: str) -> list[str]:
    capital = CAPITALS[city]
    found = [f"the {capital.demonym} capital"] if capital.demonym else []
    if capital.country != "the US":  # "the capital of the US" is not how news names Washington
        found.append(f"the capital of {capital.country}")
    if not capital.country.startswith("the "):
        found.append(f"{capital.country}'s capital")
    return found


def _capital_mentions(sentence: Sentence) -> list[re.Match[str]]:
    """Capitals named as places: "in Damascus", "visited Tokyo"; not "in Washington state", not "London
    trading" (a modifier), not "Moscow's hands"."""
    text = sentence.text
    found = []
    for match in _CAPITAL_AS_PLACE.finditer(text):
        if _NOT_THE_CITY.match(text[match.end() :]) or not _is_place(sentence, match.start("city")):
            continue
        after = next((t for t in sentence.tokens if t.start > match.end()), None)
        if after is not None and after.tag in ("NN", "NNS"):
            continue  # "London trading", "Rome hospitals": the city modifies a noun
        found.append(match)
    return found


def describe_capital(sentence: Sentence, ctx: Context) -> str | None:
    """ "in Damascus" -> "in the Syrian capital"."""
    options = [
        (m.start("city"), m.end("city"), description)
        for m in _capital_mentions(sentence)
        for description in _capital_descriptions(m.group("city"))
    ]
    if not options:
        return None
    start, end, description = ctx.rng.choice(options)
    return replace_span(sentence.text, start, end, description)


def name_capital(sentence: Sentence, ctx: Context) -> tuple[str, str] | None:
    """(premise, hypothesis) of a capital pair, in either order: both name the same city."""
    described = describe_capital(sentence, ctx)
    if described is None:
        return None
    return (described, sentence.text) if ctx.rng.random() < 0.3 else (sentence.text, described)


def generalise_place(sentence: Sentence, ctx: Context) -> str | None:
    """ "in Damascus" -> "in Syria": what happens in a country's capital happens in the country."""
    text = sentence.text
    options = [m for m in _capital_mentions(sentence) if m.group("how") in _INTO_COUNTRY]
    if not options:
        return None
    match = ctx.rng.choice(options)
    country = CAPITALS[match.group("city")].country
    if country in text:
        return None  # "in Damascus, Syria" -> "in Syria, Syria"
    return replace_span(text, match.start("city"), match.end("city"), country)


# ---- metonyms ------------------------------------------------------------------------------------------


def _acting_capitals(sentence: Sentence) -> list[tuple[int, int, str]]:
    """A capital that is the subject of a government's act ("Moscow denied", "Beijing has warned") ->
    its government. Read off the tags: the capital opens its clause and a finite verb follows."""
    found = []
    tokens = sentence.tokens
    for match in _CAPITAL_ACTING.finditer(sentence.text):
        city = match.group("city")
        demonym = CAPITALS[city].demonym
        if demonym is None or not _is_place(sentence, match.start("city")) or not tokens:
            continue
        after = [t for t in tokens if t.start >= match.end("city")][:3]
        if after and after[0].text in ("has", "have", "had", "will", "would", "is") and len(after) > 1:
            after = after[1:]
        if after and after[0].tag in ("VBD", "VBZ", "VBP", "VBN", "VB") and after[0].lemma in GOVERNMENT_ACTS:
            found.append((match.start("city"), match.end("city"), f"the {demonym} government"))
    return found


def _metonyms(sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, description) for an institution named by its building or street, where it acts or
    owns something, not where it is a place ("at the White House") or a modifier ("Opec members")."""
    text = sentence.text
    found = []
    for match in _METONYM.finditer(text):
        name = match.group("name")
        start = match.start()
        if name[0].islower() and start == 0:
            continue
        if _LOCATIVE_BEFORE.search(text[:start]):
            continue
        if not name.startswith("the "):
            # A bare name ("Opec", "Downing Street") may modify a noun or follow one in apposition: the
            # tags must show it does neither ("oil cartel Opec's", "Opec members").
            previous = [t for t in sentence.tokens if t.end <= start][-1:]
            after = next((t for t in sentence.tokens if t.start >= match.end()), None)
            if not sentence.tokens or (previous and previous[0].tag.startswith(("NN", "JJ"))):
                continue
            if after is not None and after.tag.startswith("NN"):
                continue
        found.extend((start, match.end(), description) for description in METONYMS[name])
    for match in re.finditer(r"^The (Kremlin|White House|Pentagon|Elysee|Bundestag|Knesset|Duma)\b", text):
        found.extend((match.start(), match.end(), d) for d in METONYMS[f"the {match.group(1)}"])
    return found


def describe_metonym(sentence: Sentence, ctx: Context) -> str | None:
    """ "the Kremlin" -> "Moscow" / "the Russian government"; "Moscow denied" -> "the Russian government
    denied"."""
    text = sentence.text
    options = [(s, e, d) for s, e, d in _metonyms(sentence) + _acting_capitals(sentence) if d not in text]
    if not options:
        return None
    start, end, description = ctx.rng.choice(options)
    return describe(text, start, end, description)


# ---- people, organisations, countries ------------------------------------------------------------------


def _full_name(entity: Entity, ctx: Context) -> str | None:
    """The full name a mention stands for: itself, or the one full name of the article it ends."""
    if len(entity.text.split()) >= 2:
        return entity.text
    matches = {n for n in ctx.article_names.get("PERSON", []) if n.split()[-1] == entity.text and " " in n}
    return matches.pop() if len(matches) == 1 else None


def _title_of(name: str, sentence: Sentence, ctx: Context) -> str | None:
    return ctx.facts.titles.get(name) or ctx.pool.titles.get(f"{sentence.dataset}\t{name}")


def _modifiers_before(sentence: Sentence, start: int) -> int | None:
    """Where a name qualifying a title begins ("Argentine President ...", "New Jersey Governor ..."): the
    nationality, place or organisation the NER ends right before the title; `start` itself when there is
    none; None when the title is part of a phrase the description cannot take in ("an angry President
    Maduro", "then-Pakistani President Musharraf")."""
    modifier = next(
        (e for e in sentence.entities if e.end == start - 1 and e.label in ("NORP", "GPE", "ORG")), None
    )
    if modifier is not None:
        start = modifier.start
    previous = [t for t in sentence.tokens if t.end <= start][-1:]
    if previous and (
        previous[0].tag in _DETERMINING or previous[0].text.endswith("-") or previous[0].tag == "NNP"
    ):
        return None
    return start


def _own_title_spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """ "Chancellor Gordon Brown" / "Gordon Brown, the chancellor," -> "the chancellor", "Argentine President
    Nestor Kirchner" -> "the Argentine president": the sentence's own title replacing the titled name."""
    text = sentence.text
    found = []
    titled = dict(titled_mentions(sentence))
    for entity in sentence.entities:
        title = titled.get(entity.text)
        if entity.label != "PERSON" or title is None:
            continue
        before = TITLE_BEFORE.search(text[max(0, entity.start - 60) : entity.start])
        if before and before.group(1)[:1].isupper():
            title_start = entity.start - len(before.group(0))
            start = _modifiers_before(sentence, title_start) if sentence.tokens else None
            if start is not None:
                modifiers = text[start:title_start]
                found.append((start, entity.end, f"{modifiers}{title}"))
            continue
        after = TITLE_AFTER.match(text[entity.end :])
        if after:
            end = entity.end + after.end()
            if text[end : end + 2] == ", " and text[end + 2 : end + 3].islower():
                end += 1  # "Gordon Brown, the chancellor, said" -> "The chancellor said"
                found.append((entity.start, end, title))
            elif text[end : end + 1] == ".":
                found.append((entity.start, end, title))
    return found


def _known_title_spans(sentence: Sentence, ctx: Context) -> list[tuple[int, int, str]]:
    """ "Mr Brown said" -> "The chancellor said", where the article or the corpus gives Mr Brown's title."""
    text = sentence.text
    found = []
    people = [e for e in sentence.entities if e.label == "PERSON"]
    for entity in people:
        name = _full_name(entity, ctx)
        title = _title_of(name, sentence, ctx) if name else None
        if title is None or title in text.lower():
            continue
        if any(
            _title_of(_full_name(o, ctx) or "", sentence, ctx) == title for o in people if o is not entity
        ):
            continue  # two people with one title: "the chancellor" would not say which
        honorific = HONORIFIC.search(text[max(0, entity.start - 6) : entity.start])
        start = entity.start - len(honorific.group(0)) if honorific else entity.start
        if name_before(text, start) or _determined(sentence, start) or _attributive(sentence, entity.end):
            continue  # "Tory Leader Michael Howard", "an angry Mr Brown", "the Biden administration"
        found.append((start, entity.end, title))
    return found


def describe_person(sentence: Sentence, ctx: Context) -> str | None:
    options = _own_title_spans(sentence) + _known_title_spans(sentence, ctx)
    if not options:
        return None
    start, end, title = ctx.rng.choice(options)
    return describe(sentence.text, start, end, f"the {title}")


def _attributive(sentence: Sentence, end: int) -> bool:
    """The name ending at `end` modifies a noun ("the US economy", "a Mittal Steel spokesman", "the US
    clean-up", "the Biden administration")."""
    after = next((t for t in sentence.tokens if t.start >= end), None)
    if re.match(r" [a-z]+-[a-z]", sentence.text[end:]):
        return True
    return after is not None and after.tag in ("NN", "NNS", "NNP", "NNPS", "JJ", "CD")


def _determined(sentence: Sentence, start: int) -> bool:
    """A determiner or adjective stands before `start` ("an angry President Maduro", "the Biden ...")."""
    previous = [t for t in sentence.tokens if t.end <= start][-1:]
    return bool(previous) and previous[0].tag in _DETERMINING


def describe_organisation(sentence: Sentence, ctx: Context) -> str | None:
    """An organisation -> what the article says it is ("BMW" -> "the car maker", "BA" -> "the airline")."""
    text = sentence.text
    organisations = [e for e in sentence.entities if e.label == "ORG"]
    if len({e.text for e in organisations}) != 1 or organisations[0].text not in ctx.facts.organisations:
        return None  # a second organisation would make "the company" ambiguous
    noun = ctx.facts.organisations[organisations[0].text]
    options = []
    for entity in organisations:
        start = _the_before(text, entity)
        if f"the {noun}" in text.lower() or name_before(text, start) or _attributive(sentence, entity.end):
            continue
        if re.search(rf"(?i)\b(?:an?|{re.escape(noun)}) $", text[:start]) or _determined(sentence, start):
            continue  # "a BMW spokesman", "car maker BMW", "the name ARUP"
        options.append((start, entity.end))
    if not options:
        return None
    start, end = ctx.rng.choice(options)
    return describe(text, start, end, f"the {noun}")


def describe_country(sentence: Sentence, ctx: Context) -> str | None:
    """The one country a sentence names -> "the country" ("France's economy" -> "The country's economy")."""
    text = sentence.text
    places = [e for e in sentence.entities if e.label in ("GPE", "LOC", "NORP")]
    countries = [e for e in places if e.label == "GPE" and country_code(e.text)]
    if len(countries) != 1 or len(places) != 1 or "the country" in text.lower():
        return None
    entity = countries[0]
    start = _the_before(text, entity)
    if name_before(text, start):
        return None  # part of a longer name or title ("Team GB", "Labour Britain")
    if re.match(r"(?:['’]s)? [A-Z]", text[entity.end :]) or _attributive(sentence, entity.end):
        return None  # "England captain", "the US economy", "Australia's BHP": the country modifies a noun
    return describe(text, start, entity.end, "the country")
