"""Slot checks: what differs between two aligned claims, read from their structure, not the NLI model.

Each check compares one slot (participant, place, number, date, polarity, role) and returns the two
values that cannot both be true. A value present on one side only is a more specific report, never a
conflict; spelling variants of names are the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.claims import PARTICIPANT_LABELS, PLACE_LABELS, TITLE_LEMMAS, Claim, Mention
from checker.dates import dates_conflict
from checker.names import country_code, names_match
from checker.quantities import quantities_conflict, same_unit

KINDS = ("participant", "place", "number", "date", "polarity", "role", "attribution", "other")


@dataclass(frozen=True)
class SlotDiff:
    """One slot on which the two claims disagree: `a` is the first claim's value, `b` the second's."""

    kind: str
    a: str
    b: str


def slot_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    """Every slot on which `a` and `b` disagree, strongest evidence first."""
    diffs: list[SlotDiff] = []
    diffs += _name_diffs(a, b, "place")
    diffs += _name_diffs(a, b, "participant")
    diffs += _number_diffs(a, b)
    diffs += _date_diffs(a, b)
    diffs += _role_diffs(a, b)
    if a.stance * b.stance == -1 and same_predicate(a, b):
        diffs.append(SlotDiff("polarity", _stance_word(a), _stance_word(b)))
    return diffs


STANCE_VERBS = frozenset({"deny", "reject", "refute", "dismiss", "confirm", "acknowledge", "admit", "verify"})


def same_predicate(a: Claim, b: Claim) -> bool:
    """Polarity conflicts only about the same thing: one verb negated, or a confirmation against a denial."""
    return a.predicate == b.predicate or (a.predicate in STANCE_VERBS and b.predicate in STANCE_VERBS)


def speakers_differ(a: Claim, b: Claim) -> bool:
    """Both claims are attributed, to sources that are not the same."""
    if not a.speaker or not b.speaker:
        return False
    words_a, words_b = set(_normal(a.speaker).split()), set(_normal(b.speaker).split())
    if words_a <= words_b or words_b <= words_a:
        return False  # "the ministry" / "Chad's foreign ministry"
    # "a local fire chief" / "the local fire service": a body and a person speaking for it are one side.
    own_a, own_b = words_a - _SPEAKER_GENERIC, words_b - _SPEAKER_GENERIC
    if own_a and own_b and (own_a <= own_b or own_b <= own_a):
        return False
    return not names_match(a.speaker, b.speaker)


# Words that say what kind of speaker it is, not which side: titles, and the bodies they speak for.
_SPEAKER_GENERIC = TITLE_LEMMAS | frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "official",
        "officials",
        "service",
        "services",
        "department",
        "ministry",
        "office",
        "agency",
        "authority",
        "authorities",
        "spokespeople",
        "source",
        "sources",
        "statement",
        "team",
    ]
)


def mention_in(mention: Mention, claim: Claim) -> bool:
    """Does `claim` name the thing `mention` names (by a name or by its title, e.g. "crown prince")?"""
    if any(names_match(x, y) for x in mention.names for m in claim.entities for y in m.names):
        return True
    text = _normal(claim.text)
    if mention.role and len(mention.role.split()) >= 2 and _normal(mention.role) in text:
        return True
    return mention.label == "ROLE" and _normal(mention.text) in text


NAME_SLOTS = {"place": PLACE_LABELS, "participant": PARTICIPANT_LABELS - {"NORP"}}
_LABEL_ORDER = ("PERSON", "ROLE", "GPE", "LOC", "FAC", "ORG")


def side_values(claim: Claim, other: Claim, kind: str) -> list[Mention]:
    """`claim`'s mentions for a name slot that `other` does not name, most telling first."""
    unmatched = _unmatched(claim.mentions(NAME_SLOTS[kind]), other)
    if kind == "place":
        unmatched = [m for m in unmatched if m.locative]
    return sorted(unmatched, key=lambda m: _LABEL_ORDER.index(m.label) if m.label in _LABEL_ORDER else 9)


def _name_diffs(a: Claim, b: Claim, kind: str) -> list[SlotDiff]:
    only_a, only_b = side_values(a, b, kind), side_values(b, a, kind)
    if kind == "place":
        # A country against a city is a more specific report; countries conflict only with countries.
        only_a, only_b = _same_level(only_a, only_b)
    if kind == "participant":
        # People against people, organisations against organisations: "the FDA" against "Walter Reed
        # hospital" or "COVID-19" is two things the sentences mention, not two accounts of one actor.
        pairs = [(x, y) for x in only_a for y in only_b if _actor_class(x) == _actor_class(y)]
        return [SlotDiff(kind, _display(pairs[0][0]), _display(pairs[0][1]))] if pairs else []
    if only_a and only_b:
        return [SlotDiff(kind, _display(only_a[0]), _display(only_b[0]))]
    return []


def _actor_class(mention: Mention) -> str:
    return "person" if mention.label in ("PERSON", "ROLE") else mention.label


def _display(mention: Mention) -> str:
    return f"{mention.role} {mention.text}" if mention.role else mention.text


def _unmatched(mentions: list[Mention], other: Claim) -> list[Mention]:
    return [m for m in mentions if not mention_in(m, other)]


def _same_level(only_a: list[Mention], only_b: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    countries_a = [m for m in only_a if country_code(m.text)]
    countries_b = [m for m in only_b if country_code(m.text)]
    local_a = [m for m in only_a if not country_code(m.text)]
    local_b = [m for m in only_b if not country_code(m.text)]
    if local_a and local_b:
        return local_a, local_b
    return countries_a, countries_b


def _number_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    # A figure agreeing with any same-unit figure on the other side is corroborated, and so is that
    # figure: "expected 3.6 percent over the year and 0.2 percent on the month" / "expected 3.6%" agree.
    # Only figures neither side corroborates can conflict.
    open_a = [qa for qa in a.quantities if not _corroborated(qa, b)]
    open_b = [qb for qb in b.quantities if not _corroborated(qb, a)]
    diffs = []
    for qa in open_a:
        comparable = [qb for qb in open_b if same_unit(qa, qb)]
        if comparable:
            diffs.append(SlotDiff("number", qa.text, comparable[0].text))
    return diffs


def _corroborated(quantity, other: Claim) -> bool:
    return any(same_unit(quantity, q) and not quantities_conflict(quantity, q) for q in other.quantities)


def _date_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    if not a.dates or not b.dates:
        return []
    conflicting = [
        (da, db) for da in a.dates for db in b.dates if dates_conflict(da, db) and not _across_midnight(da, db)
    ]
    compatible = any(
        not dates_conflict(da, db) and comparable_dates(da, db) for da in a.dates for db in b.dates
    )
    if conflicting and not compatible:
        da, db = conflicting[0]
        return [SlotDiff("date", da.text, db.text)]
    return []


_NIGHT_WORDS = re.compile(r"\b(?:early|late|overnight|night|midnight|dawn)\b", re.IGNORECASE)


def _across_midnight(da, db) -> bool:
    """"late Thursday" / "early Friday": one moment, told from two time zones or two sides of midnight."""
    if not (da.date and db.date) or abs((da.date - db.date).days) != 1:
        return False
    return bool(_NIGHT_WORDS.search(da.text) or _NIGHT_WORDS.search(db.text))


def comparable_dates(da, db) -> bool:
    """Both dates say something at a common precision (so agreeing means something)."""
    if da.date and db.date:
        return True
    if da.weekday is not None and db.weekday is not None:
        return True
    return da.month is not None and db.month is not None and da.day is not None and db.day is not None


def _role_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    diffs = []
    for ma in a.mentions(frozenset({"PERSON"})):
        for mb in b.mentions(frozenset({"PERSON"})):
            if not (ma.role and mb.role and names_match(ma.text, mb.text)):
                continue
            ra, rb = set(_normal(ma.role).split()), set(_normal(mb.role).split())
            if not (ra <= rb or rb <= ra):
                diffs.append(SlotDiff("role", ma.role, mb.role))
    return diffs


def _stance_word(claim: Claim) -> str:
    if claim.predicate in STANCE_VERBS:
        return {1: "confirmed", -1: "denied", 0: "not confirmed"}[claim.stance]
    return {1: "asserted", -1: "negated", 0: "hedged"}[claim.stance]


def _normal(text: str) -> str:
    text = re.sub(r"['’]s\b", "", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))
