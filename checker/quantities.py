"""Numbers in claims: "64 sorties", "nearly 500 people", "sixty-four", "between 10 and 12", "at least 20".

Each stated number becomes the interval of values the statement allows, together with the thing it counts
(its unit), so "about 300 homes" and "297 homes" agree while "12 dead" and "40 dead" do not. Candidates come
from spaCy's number entities plus any number-like token outside dates, times and ordinals; years, ordinals
and ids ("F-16", "Resolution 2254", "Formula One", phone numbers) are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
# Entities whose digits name something rather than count it: "Resolution 2254" (LAW), "F-16" (PRODUCT).
ID_LABELS = frozenset(
    {"LAW", "PRODUCT", "FAC", "ORG", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
)

APPROX, BELOW, ABOVE, AT_MOST, JUST_OVER = "approx", "below", "above", "at_most", "just_over"
APPROX_SHARE = 0.1  # "about N" allows N ± 10 %, "nearly N" allows 90 % of N up to N
# fmt: off
# Words in front of a number and how they bound it (looked up longest first: "no more than" before "more than").
QUALIFIERS: dict[str, str] = {
    "about": APPROX, "around": APPROX, "roughly": APPROX, "some": APPROX, "approximately": APPROX,
    "an estimated": APPROX, "estimated": APPROX, "approx.": APPROX, "circa": APPROX,
    "nearly": BELOW, "almost": BELOW, "close to": BELOW, "just under": BELOW, "just shy of": BELOW,
    "not quite": BELOW, "at least": ABOVE, "more than": ABOVE, "over": ABOVE, "upwards of": ABOVE,
    "in excess of": ABOVE, "above": ABOVE, "exceeding": ABOVE, "no fewer than": ABOVE,
    "no less than": ABOVE, "up to": AT_MOST, "fewer than": AT_MOST, "less than": AT_MOST,
    "at most": AT_MOST, "under": AT_MOST, "below": AT_MOST, "no more than": AT_MOST,
    "as many as": AT_MOST, "just over": JUST_OVER, "just above": JUST_OVER,
    "slightly more than": JUST_OVER,
}
# Plural round words state an order of magnitude, not a figure: "dozens" is at least two dozen.
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24, 119), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2e6, 9.99e6), "several dozen": (24, 119), "a few dozen": (24, 119),
    "several hundred": (200, 999), "a few hundred": (200, 999), "several thousand": (2_000, 9_999),
    "a few thousand": (2_000, 9_999),
}
VAGUE_HEADS = frozenset({"dozen", "hundred", "thousand"})  # "a dozen", "several hundred", "a few thousand"
VAGUE_WORDS = frozenset({"dozen", "dozens", "scores", "hundreds", "thousands", "millions", "tens", "billions"})
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
CURRENCIES = {
    "$": "dollar", "us$": "dollar", "usd": "dollar", "dollar": "dollar", "£": "pound", "gbp": "pound",
    "pound": "pound", "sterling": "pound", "€": "euro", "eur": "euro", "euro": "euro", "¥": "yen",
    "yen": "yen", "yuan": "yuan", "rouble": "rouble", "ruble": "rouble", "rupee": "rupee",
}
# Other spellings of a unit, so one name stands for it wherever it is found.
UNIT_ALIASES = {
    "%": "percent", "per cent": "percent", "percentage": "percent", "pct": "percent",
    "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "ton": "tonne", "kilogram": "kg",
    "kilo": "kg",
}
UNIT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"dead", "death", "killed", "kill", "die", "fatality", "life", "people killed", "body"}),
    frozenset({"injured", "wounded", "injury", "injure", "wound", "hurt", "people injured"}),
    frozenset({"person", "people"}),
    frozenset({"percent", "%", "per cent", "percentage"}),
    frozenset({"dollar", "$", "usd"}),
    frozenset({"pound", "£", "gbp"}),
    frozenset({"euro", "€", "eur"}),
    frozenset({"km", "kilometre", "kilometer"}),
)
# Verbs whose subject or object is a casualty count: "12 people were killed" counts the killed.
CASUALTY_VERBS = {
    "kill": "killed", "die": "killed", "perish": "killed", "slay": "killed", "massacre": "killed",
    "execute": "killed", "injure": "injured", "wound": "injured", "hurt": "injured", "maim": "injured",
}
# Verbs that set a level: "the toll rose to 40", "cases reached 1,200".
LEVEL_VERBS = frozenset({
    "rise", "climb", "jump", "increase", "grow", "reach", "stand", "hit", "top", "exceed", "pass", "surpass",
    "fall", "drop", "decline", "soar", "swell", "mount",
})
# Units written before the figure.
PREFIX_UNITS = {"magnitude": "magnitude", "aged": "age", "age": "age"}
# Nouns too general to be the unit by themselves: "40 others were wounded" counts the wounded.
GENERIC_COUNTED = frozenset({"people", "person", "other", "more", "individual", "of"})
# Words before digits that make them a name: "Resolution 2254", "Flight 17", "Article 5".
ID_WORDS = frozenset({
    "resolution", "flight", "route", "formula", "article", "section", "chapter", "channel", "highway", "no",
    "no.", "number", "phase", "level", "stage", "category", "terminal", "gate", "platform", "room", "apollo",
    "boeing", "airbus", "mig", "su", "tu", "il", "f", "covid", "sars", "unit", "block", "lot", "version",
    "model", "mark", "type", "class", "grade", "act", "amendment",
})
TIME_WORDS = frozenset({
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute", "minutes",
    "decade", "decades", "century", "am", "pm", "a.m.", "p.m.", "o'clock",
})
YEAR_PREPOSITIONS = frozenset({"in", "since", "until", "till", "by", "before", "after", "from", "of", "during"})
# fmt: on

_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_SCALED = re.compile(rf"^(\d+(?:\.\d+)?)\s*({'|'.join(sorted(SCALES, key=len, reverse=True))})$")
_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|\w+th|\w+-(?:first|second|third))$", re.I)
_PHONE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?![\w.])"
)
_RANGE_SEPARATOR = re.compile(r"\s*(?:[-–—]|\bto\b|\bor\b|\band\b)\s*")


@dataclass(frozen=True)
class Quantity:
    """A stated number: its words, position, the interval it allows, and what it counts."""

    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str | None
    qualifier: str | None


def find_quantities(span: Span | Doc) -> list[Quantity]:
    """The quantities stated in a sentence; years, ordinals, dates and ids are not quantities."""
    doc = span.doc if isinstance(span, Span) else span
    phones = [match.span() for match in _PHONE.finditer(doc.text)]
    candidates: list[tuple[list[Token], str]] = []
    used: set[int] = set()
    for entity in span.ents:
        if entity.label_ in NUMBER_LABELS or (entity.label_ == "DATE" and _is_misread_count(entity)):
            label = entity.label_ if entity.label_ in NUMBER_LABELS else "CARDINAL"
            candidates.append((list(entity), label))
            used.update(range(entity.start, entity.end))
    candidates.extend((run, "CARDINAL") for run in _loose_number_runs(span, used))
    candidates = _join_ranges(sorted(candidates, key=lambda candidate: candidate[0][0].i))
    candidates = [part for candidate in candidates for part in _split_change(*candidate)]
    found = []
    for tokens, label in candidates:
        if any(start < tokens[-1].idx + len(tokens[-1]) and tokens[0].idx < end for start, end in phones):
            continue  # "555-123-4567" is a phone number, not three counts
        quantity = _quantity(tokens, label)
        if quantity is not None:
            found.append(quantity)
    return sorted(found, key=lambda q: q.start)


def _is_misread_count(entity: Span) -> bool:
    """spaCy sometimes tags counts as a DATE ("Between 10 and 12 soldiers", "the toll stood at 40").

    Such an entity is numbers only, and none is a four-digit year; a count without a unit is dropped later.
    """
    if not all(t.like_num or t.lower_ in ("between", "and", "to", "-", "from") for t in entity):
        return False
    return not any(t.text.isdigit() and len(t.text) == 4 for t in entity)


def _join_ranges(candidates: list[tuple[list[Token], str]]) -> list[tuple[list[Token], str]]:
    """ "two or three villages", "30 - 40": two figures joined by one word state one range."""
    joined: list[tuple[list[Token], str]] = []
    for tokens, label in candidates:
        if joined:
            previous, previous_label = joined[-1]
            gap = tokens[0].i - previous[-1].i
            link = tokens[0].doc[previous[-1].i + 1] if gap == 2 else None
            if link is not None and link.lower_ in ("to", "or", "-", "–") and previous_label == label:
                joined[-1] = ([*previous, link, *tokens], label)
                continue
        joined.append((tokens, label))
    return joined


def _split_change(tokens: list[Token], label: str) -> list[tuple[list[Token], str]]:
    """ "the toll rose from 12 to 40" states two figures, the old and the new, not a range."""
    doc = tokens[0].doc
    first = next((t for t in tokens if _is_core_token(t)), tokens[0])
    before = doc[first.i - 1] if first.i > 0 else None
    link = next((t for t in tokens if t.lower_ in ("to", "-", "–") and t.i > first.i), None)
    if before is None or before.lower_ != "from" or link is None:
        return [(tokens, label)]
    if before.head.lemma_.lower() not in LEVEL_VERBS:
        return [(tokens, label)]
    old, new = [t for t in tokens if t.i < link.i], [t for t in tokens if t.i > link.i]
    return [(part, label) for part in (old, new) if part]


def _loose_number_runs(span: Span | Doc, used: set[int]) -> list[list[Token]]:
    """Number-like tokens no entity covers, joined when they spell one number ("sixty-four", "2.5 million")."""
    runs: list[list[Token]] = []
    for token in span:
        if token.i in used or token.ent_type_ in SKIP_LABELS or not _is_number_token(token):
            continue
        previous = runs[-1] if runs else None
        if previous and previous[-1].i == token.i - 1:
            previous.append(token)
        elif (
            previous
            and previous[-1].i == token.i - 2
            and token.doc[token.i - 1].text in ("-", "–")
            and not token.doc[token.i - 1].whitespace_
        ):
            previous.extend([token.doc[token.i - 1], token])
        else:
            runs.append([token])
    return runs


def _is_number_token(token: Token) -> bool:
    return (token.like_num or _SCALED.match(token.lower_) is not None) and not _ORDINAL.match(token.text)


def _is_core_token(token: Token) -> bool:
    """Part of the figure itself (as opposed to a qualifier, currency sign or unit)."""
    return _is_number_token(token) or token.lower_ in VAGUE_WORDS or token.lower_ in SCALES


def _quantity(tokens: list[Token], label: str) -> Quantity | None:
    core_positions = [n for n, t in enumerate(tokens) if _is_core_token(t)]
    if not core_positions:
        return None
    core = tokens[core_positions[0] : core_positions[-1] + 1]
    if any(_ORDINAL.match(t.text) or "/" in t.text or ":" in t.text for t in core if t.like_num):
        return None  # "3rd", "9/11", "10:30"
    doc = core[0].doc
    if _is_id(core) or _is_pronoun_one(core):
        return None
    before = _words_before(core[0])
    qualifier, qualifier_start = _qualifier(before)
    core_text = doc.text[core[0].idx : core[-1].idx + len(core[-1])].lower()
    ranged_by = before[-1] if before and before[-1].lower_ in ("between", "from") else None
    # Words that belong to a vague figure but are not numbers: "a dozen", "half a dozen", "several hundred".
    for size in (2, 1):
        lead = before[-size:] if len(before) >= size else []
        phrase = " ".join(t.lower_ for t in lead)
        if lead and phrase in ("a", "an", "half a", "several", "a few", "few") and core_text in VAGUE_HEADS:
            core_text = f"{'a' if phrase == 'an' else phrase} {core_text}"
            qualifier_start = min(qualifier_start or lead[0].i, lead[0].i)
            break
    parsed = _parse_figure(core_text, ranged=ranged_by is not None)
    if parsed is None:
        return None
    value, low, high, kind = parsed
    unit = _unit(tokens, core, label)
    if _is_year(core, value, unit, before):
        return None
    if unit is None and tokens[0].ent_type_ == "DATE":
        return None  # a number inside a DATE entity counts something only when it has a unit
    if kind is not None and qualifier is None:
        qualifier = kind  # "range", "dozens", "a dozen"
    elif qualifier is not None:
        low, high = _qualified(QUALIFIERS[qualifier], low, high)
    range_start = ranged_by.i if ranged_by is not None and kind == "range" else None
    sign_start = _currency_signs(core[0])[0].i if _currency_signs(core[0]) else None
    first = doc[min(i for i in (qualifier_start, range_start, sign_start, tokens[0].i) if i is not None)]
    last = tokens[-1] if tokens[-1].i >= core[-1].i else core[-1]
    if last.is_punct and last.text not in ("%",):
        last = core[-1]
    start, end = first.idx, last.idx + len(last)
    return Quantity(doc.text[start:end], start, end, value, low, high, unit, qualifier)


def _words_before(token: Token, limit: int = 4) -> list[Token]:
    """Up to `limit` tokens before a figure, skipping a currency sign ("about $300")."""
    doc = token.doc
    i = token.i
    while i > 0 and doc[i - 1].lower_ in CURRENCIES and not doc[i - 1].is_alpha:
        i -= 1
    return list(doc[max(i - limit, 0) : i])


def _qualifier(before: list[Token]) -> tuple[str | None, int | None]:
    """The qualifier phrase ending right before the figure, and the index of its first token."""
    for size in (3, 2, 1):
        if len(before) < size:
            continue
        words = before[-size:]
        phrase = " ".join(t.lower_ for t in words)
        if phrase in QUALIFIERS:
            return phrase, words[0].i
    return None, None


def _qualified(kind: str, low: float, high: float) -> tuple[float, float]:
    if kind == APPROX:
        return low * (1 - APPROX_SHARE), high * (1 + APPROX_SHARE)
    if kind == BELOW:
        return low * (1 - APPROX_SHARE), high
    if kind == JUST_OVER:
        return low, high * (1 + APPROX_SHARE)
    if kind == ABOVE:
        return low, math.inf
    return 0.0, high  # AT_MOST


def _parse_figure(text: str, ranged: bool = False) -> tuple[float, float, float, str | None] | None:
    """(value, low, high, kind) of a figure's words; kind is "range", a vague word, or None for a number."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.strip().replace("–", "-").replace("—", "-"))
    text = re.sub(r"\s+", " ", text)
    if text in VAGUE:
        low, high = VAGUE[text]
        return float(low), float(low), float(high), text
    if dozen := re.fullmatch(r"(a|half a|.+?) dozen", text):
        count = {"a": 1.0, "half a": 0.5}.get(dozen.group(1)) or _number(dozen.group(1))
        if count is None:
            return None
        value = 12 * count
        return value, value * (1 - APPROX_SHARE), value * (1 + APPROX_SHARE), "dozen"
    single = _number(text)
    if single is not None:
        return single, single, single, None
    for separator in _RANGE_SEPARATOR.finditer(text):
        if separator.group().strip() == "and" and not ranged:
            continue  # "12 and 40" lists two figures; only "between 12 and 40" is a range
        left_text, right_text = text[: separator.start()], text[separator.end() :]
        left, right = _number(left_text), _number(right_text)
        if left is None or right is None:
            continue
        scale = right_text.rsplit(" ", 1)[-1]
        if scale in SCALES and left_text.rsplit(" ", 1)[-1] not in SCALES and left < right / SCALES[scale]:
            left *= SCALES[scale]  # "2 to 3 million": the scale belongs to both ends
        if left >= right:
            return None  # "3-1" is a score, not a range
        return left, left, right, "range"
    return None


def _number(text: str) -> float | None:
    """One number in digits or words: "64", "2.5 million", "5bn", "sixty-four", "two thousand"."""
    text = text.strip()
    if _DIGITS.match(text):
        return float(text)
    if scaled := _SCALED.match(text):
        return float(scaled.group(1)) * SCALES[scaled.group(2)]
    words = text.replace("-", " ").split()
    if words and words[0] in ("a", "an") and len(words) > 1:
        words = words[1:]  # "a hundred", "a million"
    if not words or not all(w.isalpha() or w == "and" for w in words):
        return None
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _is_id(core: list[Token]) -> bool:
    """Digits that name rather than count: "F-16", "COVID-19", "A1", "Resolution 2254", "Formula One"."""
    doc = core[0].doc
    first = core[0]
    if any(t.ent_type_ in ID_LABELS for t in core):
        return True
    start = first.idx
    if start > 0 and (doc.text[start - 1].isalpha() or doc.text[start - 1] in "#"):
        return True  # glued to letters: "A1" split by the tokenizer
    if start > 1 and doc.text[start - 1] == "-" and doc.text[start - 2].isalpha():
        return True  # "F-16", "MiG-29"
    if first.i == 0:
        return False
    previous = doc[first.i - 1]
    if previous.lower_ in ID_WORDS and (previous.is_title or previous.is_upper) and first.text[0].isdigit():
        return True
    # A capitalised number word after a proper noun is part of a name: "Formula One", "Air Force One".
    return first.is_title and first.is_alpha and previous.pos_ == "PROPN" and first.i > first.sent.start


def _is_pronoun_one(core: list[Token]) -> bool:
    """ "no one", "the one who": "one" used as a pronoun states no count."""
    if len(core) != 1 or core[0].lower_ != "one" or core[0].i == 0:
        return False
    return core[0].doc[core[0].i - 1].lower_ in ("no", "any", "every", "the", "this", "that", "each", "which")


def _is_year(core: list[Token], value: float, unit: str | None, before: Sequence[Token]) -> bool:
    """A bare four-digit 1900-2100 with no unit, or after "in"/"since", is a year."""
    if len(core) != 1 or not (core[0].text.isdigit() and len(core[0].text) == 4 and 1900 <= value <= 2100):
        return False
    return (
        unit is None
        or core[0].ent_type_ in SKIP_LABELS
        or (bool(before) and before[-1].lower_ in YEAR_PREPOSITIONS)
    )


def _unit(tokens: list[Token], core: list[Token], label: str) -> str | None:
    """Lemma of what the figure counts: "sortie", "people", "killed", "percent", "dollar", "km"."""
    doc = core[0].doc
    around = [*tokens, *doc[core[-1].i + 1 : core[-1].i + 3]]
    words = {t.lower_ for t in around} | {t.lemma_.lower() for t in around}
    if label == "PERCENT" or words & {"%", "percent", "pct", "percentage"} or _follows(core, "per cent"):
        return "percent"
    sign = next((t.lower_ for t in [*_currency_signs(core[0]), *tokens] if t.lower_ in CURRENCIES), None)
    if label == "MONEY" or (sign and not sign.isalpha()):
        named = next((CURRENCIES[t.lemma_.lower()] for t in around if t.lemma_.lower() in CURRENCIES), None)
        return CURRENCIES[sign] if sign else named
    suffix = [t for t in tokens if t.i > core[-1].i and t.is_alpha]
    if label == "QUANTITY" and suffix:
        return _alias(suffix[-1].lemma_.lower())
    if core[0].i > 0 and doc[core[0].i - 1].lower_ in PREFIX_UNITS:
        return PREFIX_UNITS[doc[core[0].i - 1].lower_]  # "magnitude 6.1": the unit comes first
    root = next((t for t in core if not core[0].i <= t.head.i <= core[-1].i or t.head == t), core[-1])
    return _counted(root, core)


def _currency_signs(token: Token) -> list[Token]:
    """Currency signs right before a figure: "$300", "US$ 5", "£300"."""
    doc = token.doc
    signs: list[Token] = []
    i = token.i - 1
    while i >= 0 and doc[i].lower_ in CURRENCIES and not doc[i].is_alpha and len(signs) < 2:
        signs.insert(0, doc[i])
        i -= 1
    return signs


def _follows(core: list[Token], phrase: str) -> bool:
    doc = core[0].doc
    return doc.text[core[-1].idx + len(core[-1]) :].lower().lstrip().startswith(phrase)


def _counted(root: Token, core: list[Token]) -> str | None:
    """The noun a number modifies, or the casualty verb its generic noun is the subject of."""
    doc = root.doc
    head = root.head
    if head.pos_ == "NUM" and head != root and not core[0].i <= head.i <= core[-1].i:
        return _counted(head, [head])  # "from 12 to 40 dead": 12 counts what 40 counts
    noun: Token | None = None
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
    ):
        noun = head
    # "Dozens of people", "64 of the sorties": the counted noun follows "of".
    of = next((t for t in root.children if t.dep_ == "prep" and t.lower_ == "of"), None)
    if of is None and noun is None and root.i + 1 < len(doc) and doc[root.i + 1].lower_ == "of":
        of = doc[root.i + 1]
    subject = noun if noun is not None else root
    if noun is None and of is not None:
        # The figure, not the noun after "of", is what the verb's subject or object is.
        noun = next((t for t in doc[of.i + 1 : of.i + 5] if t.pos_ in ("NOUN", "PROPN")), None)
    lemma = noun.lemma_.lower() if noun is not None else None
    if lemma is None or lemma in GENERIC_COUNTED:
        casualty = _casualty(subject)
        if casualty:
            return casualty
        if lemma in ("people", "person", "individual"):
            return "people"
        if subject.dep_ in ("nsubj", "nsubjpass") and subject.head.pos_ == "VERB":
            return subject.head.lemma_.lower()  # "12 were arrested" counts the arrested
        if changed := _changed_to(root):
            return changed
        if lemma is None and root.i + 1 < len(doc) and _is_unit_noun(doc[root.i + 1]):
            return _alias(doc[root.i + 1].lemma_.lower())  # the parser missed "25 km" style pairs
        return None
    return _alias(lemma)


def _casualty(subject: Token) -> str | None:
    """ "12 people were killed", "killing 12", "40 others were wounded", "12 lost their lives"."""
    verb = subject.head
    for child in subject.children:  # "12 killed, 40 wounded" in a list
        if child.dep_ in ("acl", "amod") and child.lemma_.lower() in CASUALTY_VERBS:
            return CASUALTY_VERBS[child.lemma_.lower()]
    if subject.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.lemma_.lower() in CASUALTY_VERBS:
        return CASUALTY_VERBS[verb.lemma_.lower()]
    lost_lives = any(child.lemma_.lower() == "life" for child in verb.children)
    if subject.dep_ == "nsubj" and verb.lemma_.lower() == "lose" and lost_lives:
        return "killed"
    if subject.dep_ in ("nsubj", "attr") and verb.lemma_.lower() == "be":
        complement = [c.lemma_.lower() for c in verb.children if c.dep_ in ("acomp", "attr")]
        if "dead" in complement:
            return "dead"
    return None


def _changed_to(number: Token) -> str | None:
    """ "the death toll rose to 40", "cases reached 1,200", "a toll of 40": the figure counts the subject."""
    holder: Token | None = None
    if number.dep_ == "pobj" and number.head.lower_ == "of" and number.head.head.pos_ == "NOUN":
        holder = number.head.head
    elif number.dep_ == "pobj" and number.head.lower_ in ("to", "at", "from"):
        verb = number.head.head
        while verb.pos_ == "ADP" and verb.head != verb:  # "rose from 12 to 40": "to" hangs off "from"
            verb = verb.head
        if verb.lemma_.lower() in LEVEL_VERBS:
            holder = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif number.dep_ == "dobj" and number.head.lemma_.lower() in LEVEL_VERBS:
        holder = next((c for c in number.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if holder is not None and holder.lemma_.lower() in ("number", "total", "count", "tally"):
        # "the number of wounded climbed to 120" counts the wounded
        of = next((c for c in holder.children if c.lower_ == "of"), None)
        holder = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if holder is None or holder.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
        return None
    if holder.lemma_.lower() in GENERIC_COUNTED and (casualty := _casualty(holder)):
        return casualty  # "the number of people killed has risen to 19"
    if holder.pos_ in ("VERB", "ADJ") and holder.lemma_.lower() in CASUALTY_VERBS:
        return CASUALTY_VERBS[holder.lemma_.lower()]
    if holder.lemma_.lower() == "toll":
        kind = {c.lemma_.lower() for c in holder.children}
        return "injured" if kind & {"injury", "wounded", "injured"} else "dead"
    return _alias(holder.lemma_.lower())


def _is_unit_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lower_ not in TIME_WORDS and token.ent_type_ not in SKIP_LABELS


def _alias(lemma: str) -> str:
    return UNIT_ALIASES.get(lemma, lemma)


def same_unit(a: Quantity, b: Quantity) -> bool:
    """The two figures count the same thing (exact unit or a listed synonym); unknown units never match."""
    if a.unit is None or b.unit is None:
        return False
    if a.unit == b.unit:
        return True
    return any(a.unit in group and b.unit in group for group in UNIT_SYNONYMS)


def quantities_conflict(a: Quantity, b: Quantity, tolerance: float = 0.1) -> bool:
    """True when the two statements cannot both be true of the same count.

    A plain round figure ("500") is itself an approximation, so it is widened by `tolerance` (relative)
    before the intervals are compared; exact figures ("487") and qualified ones keep their interval.
    """
    if not same_unit(a, b):
        return False
    low_a, high_a = _widened(a, tolerance)
    low_b, high_b = _widened(b, tolerance)
    return high_a < low_b or high_b < low_a


def _widened(quantity: Quantity, tolerance: float) -> tuple[float, float]:
    if quantity.qualifier is None and _is_round(quantity.value):
        return quantity.low * (1 - tolerance), quantity.high * (1 + tolerance)
    return quantity.low, quantity.high


def _is_round(value: float) -> bool:
    """At least two trailing zeros (500, 1,200, 2.5 million): the way estimates are written."""
    if value < 100 or value != int(value):
        return False
    digits = str(int(value))
    return len(digits) - len(digits.rstrip("0")) >= 2
