"""Slot checks: what differs between two aligned claims, read from their structure, not the NLI model.

Each check compares one slot (participant, place, number, date, polarity, role) and returns the two
values that cannot both be true. A value present on one side only is a more specific report, never a
conflict, and so is a place against one that contains it (a city against its state or country, places.py);
spelling variants of names are the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import places
from checker.claims import PARTICIPANT_LABELS, PLACE_LABELS, TITLE_LEMMAS, Claim, Mention
from checker.dates import DateMention, dates_conflict
from checker.names import country_code, names_match, tokens_match
from checker.quantities import Quantity, quantities_conflict, same_unit

KINDS = ("participant", "place", "number", "date", "polarity", "role", "attribution", "other")


@dataclass(frozen=True)
class SlotDiff:
    """One slot on which the two claims disagree: `a` is the first claim's value, `b` the second's."""

    kind: str
    a: str
    b: str
    # Participants only: both sides name the holder of one office ("President Biden" / "President
    # Banks"), so the two names are two accounts of one actor, not two actors of one story.
    one_office: bool = False
    between_people: bool = False  # participants only: two people (or titles), not organisations
    # Participants only: two people given the same title, one of many holders ("Senator Rand Paul" /
    # "Senator Andrew Saul"): one actor in two accounts only in sentences that plainly report one act.
    same_title: bool = False


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
    elif verb := negated_against_asserted(a, b):
        diffs.append(SlotDiff("polarity", *verb))
    return diffs


def negated_against_asserted(a: Claim, b: Claim) -> tuple[str, str] | None:
    """A verb one claim negates and the other asserts ("did not announce" / "announced"), when neither
    claim is hedged ("declined to confirm" says nothing either way): the two values, a's first."""
    if a.stance == 0 or b.stance == 0:
        return None
    for lemma in sorted(a.negated_verbs & b.asserted_verbs):
        return f"not {lemma}", lemma
    for lemma in sorted(a.asserted_verbs & b.negated_verbs):
        return lemma, f"not {lemma}"
    return None


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
    if _shared_proper_word(a.speaker, b.speaker):
        return False  # "Merck & Co. and Ridgeback" / "Pharmaceutical giant Merck and its partner ..."
    return not names_match(a.speaker, b.speaker)


def _shared_proper_word(x: str, y: str) -> bool:
    """Both name one party: a capitalised word of one (not a title or a generic word) is in the other."""
    words_x, words_y = _proper_words(x), _proper_words(y)
    return any(tokens_match(wx, wy) for wx in words_x for wy in words_y)


def _proper_words(text: str) -> list[str]:
    words = re.findall(r"\b[A-Z][A-Za-z]{2,}", text)
    return [w.lower() for w in words[1:] + words[:1] if w.lower() not in _SPEAKER_GENERIC | _OPENING_WORDS]


# Capitalised only because they open the sentence or a name of a kind of speaker.
_OPENING_WORDS = frozenset(
    ["the", "pharmaceutical", "top", "two", "three", "senior", "federal", "local", "state"]
)


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
        # So is a city against its state or nation ("Houston" / "Texas", "Glasgow" / "Scotland").
        only_a, only_b = _not_nested(only_a, only_b), _not_nested(only_b, only_a)
    if kind == "participant":
        # People against people, organisations against organisations: "the FDA" against "Walter Reed
        # hospital" or "COVID-19" is two things the sentences mention, not two accounts of one actor.
        pairs = [(x, y) for x in only_a for y in only_b if _actor_class(x) == _actor_class(y)]
        pairs.sort(key=lambda pair: not same_office(pair[0].role, pair[1].role))
        if not pairs:
            return []
        x, y = pairs[0]
        people = _actor_class(x) == "person"
        titled = same_title(x.role, y.role)
        return [SlotDiff(kind, _display(x), _display(y), same_office(x.role, y.role), people, titled)]
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


def _not_nested(mentions: list[Mention], others: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not any(places.nested(m.text, other.text) for other in others)]


def _number_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    # A figure agreeing with any same-unit figure on the other side is corroborated, and so is that
    # figure: "expected 3.6 percent over the year and 0.2 percent on the month" / "expected 3.6%" agree.
    # Only figures neither side corroborates can conflict.
    agreed_a = [qa for qa in a.quantities if _corroborated(qa, b)]
    open_a = [qa for qa in a.quantities if qa not in agreed_a]
    open_b = [qb for qb in b.quantities if not _corroborated(qb, a)]
    diffs = []
    for qa in open_a:
        if any(same_unit(qa, agreed) for agreed in agreed_a):
            # The figure both state is the fact they share; other figures of that unit count other
            # things: "rose 0.9% in June, faster than the 0.6% in May" / "rose 0.9% and 5.4% over the year".
            continue
        comparable = [qb for qb in open_b if same_unit(qa, qb)]
        if comparable:
            diffs.append(SlotDiff("number", qa.text, comparable[0].text))
    return diffs


def _corroborated(quantity: Quantity, other: Claim) -> bool:
    """The other claim states this figure too: a same-unit figure it agrees with, or the very same number
    where the parser read what one side counts but not the other ("added 235,000 jobs" / "employment rose
    by 235,000"). Two known, different units are two facts ("12 dead" / "12 injured")."""
    return any(
        (same_unit(quantity, q) and not quantities_conflict(quantity, q)) or _same_figure(quantity, q)
        for q in other.quantities
    )


def _same_figure(a: Quantity, b: Quantity) -> bool:
    if a.unit is not None and b.unit is not None:
        return False
    return a.value == b.value and a.low == b.low and a.high == b.high


def _date_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    if not a.dates or not b.dates:
        return []
    conflicting = [
        (da, db)
        for da in a.dates
        for db in b.dates
        if dates_conflict(da, db) and not _across_midnight(a, da, b, db) and _date_of_the_same(a, da, b, db)
    ]
    compatible = any(
        not dates_conflict(da, db) and comparable_dates(da, db) for da in a.dates for db in b.dates
    )
    if conflicting and not compatible:
        da, db = conflicting[0]
        return [SlotDiff("date", da.text, db.text)]
    return []


def _date_of_the_same(a: Claim, da: DateMention, b: Claim, db: DateMention) -> bool:
    """Both dates can be the date of one thing. A date written before a noun dates that thing ("the
    Sept. 11 attacks"), not what the sentence reports; the day someone spoke ("said on Thursday") is not
    the day of what they spoke about when the sentence dates that too ("said on Thursday the Senate will
    vote Wednesday"); two sources speak on their own days ("Bridgett Floyd said Thursday" / "CNBC
    reported Sunday")."""
    if (da.dated == "thing") != (db.dated == "thing"):
        return False
    if {da.dated, db.dated} == {"statement", "event"}:
        # A statement's day stands for the day of what it reports where the sentence dates nothing else
        # ("the vaccine is safe, the drugmaker said Monday" / "... the drugmakers announced Monday").
        speaker = a if da.dated == "statement" else b
        return not any(d.dated == "event" for d in speaker.dates)
    return not (da.dated == db.dated == "statement" and speakers_differ(a, b))


_NIGHT_WORDS = re.compile(r"\b(?:early|late|overnight|night|midnight|dawn)\b", re.IGNORECASE)


def _across_midnight(a: Claim, da: DateMention, b: Claim, db: DateMention) -> bool:
    """ "late Thursday" / "early Friday": one moment, told from two time zones or two sides of midnight.
    The night word may stand just outside the date ("early on Friday"), and a sentence may say outright
    that it gives another time zone ("Saturday (local time)")."""
    if not (da.date and db.date) or abs((da.date - db.date).days) != 1:
        return False
    return any(
        _NIGHT_WORDS.search(_around(claim, date)) or _TIME_ZONE.search(claim.text)
        for claim, date in ((a, da), (b, db))
    )


_TIME_ZONE = re.compile(r"\blocal time\b|\b(?:East|West) Coast\b|\b[ECMP][SD]T\b|\bGMT\b|\bUTC\b")


def _around(claim: Claim, date: DateMention) -> str:
    """The date's words and the two words before it ("early on Friday", "late Thursday")."""
    start = date.start - claim.start
    before = claim.text[:start].split()[-2:] if start > 0 else []
    return " ".join([*before, date.text])


def comparable_dates(da, db) -> bool:
    """Both dates say something at a common precision (so agreeing means something)."""
    if da.date and db.date:
        return True
    if da.weekday is not None and db.weekday is not None:
        return True
    return da.month is not None and db.month is not None and da.day is not None and db.day is not None


# Offices that name a person's position, one at a time: "Senator Biden" and "President Biden" in one
# story cannot both be current. Ranks and functions ("Gen.", "chairman", "spokesman", "head") are held
# alongside an office ("Gen. Mark Milley, the chairman of the Joint Chiefs"), so they never conflict.
OFFICES = frozenset(
    [
        "president",
        "minister",
        "chancellor",
        "premier",
        "king",
        "queen",
        "emir",
        "sultan",
        "governor",
        "mayor",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "mp",
        "lawmaker",
        "secretary",
        "ambassador",
        "speaker",
    ]
)
# Offices one person holds at a time in one place: "President Biden" and "President Banks" doing one
# thing in one report are two names for one holder. Senators, ambassadors and lawmakers are many.
SINGLE_HOLDER_OFFICES = OFFICES - {
    "senator",
    "congressman",
    "congresswoman",
    "representative",
    "mp",
    "lawmaker",
    "ambassador",
}
# Positions of one holder that are not offices in the sense above (held beside one): "the Census
# Bureau's director", "Chairman Mark Milley".
SINGLE_HOLDER_FUNCTIONS = frozenset(["chairman", "chairwoman", "chair", "director", "ceo", "chief", "leader"])
# Words that make another office of the same word: the vice president is not the president.
RANK_MODIFIERS = frozenset(["vice", "deputy", "assistant", "under", "associate", "lieutenant", "acting"])
# A title held before: "former Senator Biden" and "President Biden" are both true.
PAST_MARKERS = frozenset(["former", "ex", "then", "late", "onetime", "erstwhile", "outgoing", "retired"])


def _title_words(role: str) -> set[str]:
    return set(_normal(role).split())


def _single_holder_position(words: set[str]) -> str | None:
    office = _office_of(words)
    if office is not None:
        return office if office in SINGLE_HOLDER_OFFICES | {"prime minister"} else None
    functions = words & SINGLE_HOLDER_FUNCTIONS
    return min(functions) if len(functions) == 1 else None


def _office_of(words: set[str]) -> str | None:
    offices = words & OFFICES
    if "prime" in words and "minister" in words:
        return "prime minister"
    return min(offices) if len(offices) == 1 else None


def same_office(role_a: str | None, role_b: str | None) -> bool:
    """Two titles for the holder of one single-holder office: the same office word, both current, and
    one title's qualifiers within the other's ("secretary" / "Health and Human Services Secretary",
    not "Treasury Secretary" / "Defense Secretary")."""
    if not role_a or not role_b:
        return False
    wa, wb = _title_words(role_a), _title_words(role_b)
    position = _single_holder_position(wa)
    if position is None or position != _single_holder_position(wb):
        return False
    if wa & PAST_MARKERS or wb & PAST_MARKERS or wa & RANK_MODIFIERS != wb & RANK_MODIFIERS:
        return False
    return wa <= wb or wb <= wa


def same_title(role_a: str | None, role_b: str | None) -> bool:
    """Two titles of one kind, one within the other ("Senator" / "Republican Senator"), neither a
    former one nor of another rank ("vice president" / "president")."""
    if not role_a or not role_b:
        return False
    wa, wb = _title_words(role_a), _title_words(role_b)
    if not (wa <= wb or wb <= wa) or not wa & wb & (TITLE_LEMMAS | OFFICES):
        return False
    return not (wa | wb) & PAST_MARKERS and wa & RANK_MODIFIERS == wb & RANK_MODIFIERS


def _role_diffs(a: Claim, b: Claim) -> list[SlotDiff]:
    """One person given two offices that cannot both be current ("Senator Biden" / "President Biden")."""
    diffs = []
    # Speakers included: a person's office is the same fact whether they act or speak.
    for ma in (m for m in a.entities if m.label == "PERSON"):
        for mb in (m for m in b.entities if m.label == "PERSON"):
            if ma.role and mb.role and names_match(ma.text, mb.text) and _offices_conflict(ma.role, mb.role):
                diffs.append(SlotDiff("role", ma.role, mb.role))
    return diffs


def _offices_conflict(role_a: str, role_b: str) -> bool:
    wa, wb = _title_words(role_a), _title_words(role_b)
    if wa <= wb or wb <= wa or wa & PAST_MARKERS or wb & PAST_MARKERS:
        return False
    # Two offices, not one office qualified two ways ("Afghan President" / "Afghanistan President").
    office_a, office_b = _office_of(wa), _office_of(wb)
    return office_a is not None and office_b is not None and office_a != office_b


def _stance_word(claim: Claim) -> str:
    if claim.predicate in STANCE_VERBS:
        return {1: "confirmed", -1: "denied", 0: "not confirmed"}[claim.stance]
    return {1: "asserted", -1: "negated", 0: "hedged"}[claim.stance]


def _normal(text: str) -> str:
    text = re.sub(r"['’]s\b", "", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))
