"""Numbers in claims: "64 sorties", "nearly 500 people", "sixty-four", "between 10 and 12", "at least 20".

Each stated number becomes an interval of the values the statement allows, with the thing it counts
(its unit), so "about 300 homes" and "297 homes" agree while "12 dead" and "40 dead" do not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Interval each qualifier allows around the stated figure N, as (low factor, high factor).
QUALIFIERS: dict[str, tuple[float, float]] = {
    "about": (0.85, 1.15),
    "around": (0.85, 1.15),
    "roughly": (0.85, 1.15),
    "some": (0.85, 1.15),
    "approximately": (0.85, 1.15),
    "nearly": (0.85, 1.0),
    "almost": (0.85, 1.0),
    "close to": (0.85, 1.0),
    "at least": (1.0, math.inf),
    "more than": (1.0, math.inf),
    "over": (1.0, math.inf),
    "upwards of": (1.0, math.inf),
    "up to": (0.0, 1.0),
    "at most": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "under": (0.0, 1.0),
}
VAGUE = {
    "dozen": (12, 12),
    "dozens": (24, 119),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
UNIT_SYNONYMS = [
    {"dead", "death", "killed", "kill", "fatality", "life", "people killed", "toll", "body"},
    {"injured", "wounded", "injury", "hurt"},
    {"people", "person", "civilian", "individual", "resident"},
    {"percent", "%", "per cent", "percentage"},
    {"dollar", "$", "usd"},
    {"pound", "£", "gbp"},
    {"euro", "€", "eur"},
]
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_ID_CONTEXT = frozenset(
    [
        "resolution",
        "flight",
        "route",
        "formula",
        "f",
        "number",
        "no",
        "article",
        "section",
        "chapter",
        "covid",
    ]
)


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
    found: list[Quantity] = []
    used: set[int] = set()
    for entity in span.ents:
        if entity.label_ in NUMBER_LABELS:
            quantity = _from_tokens(list(entity), entity.label_)
            if quantity is not None:
                found.append(quantity)
                used.update(range(entity.start, entity.end))
    for token in span:
        if token.i in used or token.ent_type_ in ("DATE", "TIME", "ORDINAL") or not token.like_num:
            continue
        quantity = _from_tokens([token], "CARDINAL")
        if quantity is not None:
            found.append(quantity)
    return found


def _from_tokens(tokens: list[Token], label: str) -> Quantity | None:
    words = [t for t in tokens if not t.is_punct or t.text in ("%", "$", "£", "€")]
    if not words:
        return None
    text = " ".join(t.text for t in words).lower()
    doc = tokens[0].doc
    # Qualifiers are often just outside the entity: "nearly 500", "at least 12".
    before = doc[max(tokens[0].i - 2, 0) : tokens[0].i].text.lower()
    qualifier = next((q for q in QUALIFIERS if text.startswith(q + " ") or before.endswith(q)), None)
    if qualifier and text.startswith(qualifier + " "):
        text = text[len(qualifier) + 1 :]
    value_range = _value(text)
    if value_range is None:
        return None
    low, high = value_range
    if _is_year_or_id(tokens, low, label):
        return None
    if qualifier:
        factor_low, factor_high = QUALIFIERS[qualifier]
        low, high = low * factor_low, high * factor_high
    elif low == high and low >= 100 and low % 10 == 0:
        low, high = low * 0.95, high * 1.05  # a round figure is itself an approximation
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Quantity(
        text=doc.text[start:end],
        start=start,
        end=end,
        value=value_range[0],
        low=low,
        high=high,
        unit=_unit(tokens, label),
        qualifier=qualifier if qualifier else ("range" if value_range[0] != value_range[1] else None),
    )


def _value(text: str) -> tuple[float, float] | None:
    text = text.replace("%", " ").replace("$", " ").replace("£", " ").replace("€", " ").strip()
    for phrase, bounds in VAGUE.items():
        if re.search(rf"\b{phrase}\b", text):
            return float(bounds[0]), float(bounds[1])
    ranged = re.match(r"^(?:between\s+)?(.+?)\s*(?:-|–|to|and)\s*(.+)$", text)
    if ranged and _single(ranged.group(1)) is not None and _single(ranged.group(2)) is not None:
        low, high = _single(ranged.group(1)), _single(ranged.group(2))
        return (min(low, high), max(low, high))  # type: ignore[type-var]
    single = _single(text)
    return (single, single) if single is not None else None


def _single(text: str) -> float | None:
    words = [w for w in re.split(r"\s+", text.strip()) if w and w not in ("a", "an")]
    if not words:
        return None
    scale = 1.0
    if words[-1] in SCALES and len(words) > 1:
        scale = SCALES[words[-1]]
        words = words[:-1]
    first = words[0].replace(",", "")
    if len(words) == 1 and _NUMBER.match(words[0]):
        return float(first) * scale
    try:
        return float(text2num(" ".join(words).replace("-", " "), "en")) * scale
    except (ValueError, IndexError):
        return None


def _is_year_or_id(tokens: list[Token], value: float, label: str) -> bool:
    doc = tokens[0].doc
    previous = doc[tokens[0].i - 1].lower_ if tokens[0].i > 0 else ""
    if previous in _ID_CONTEXT or (tokens[0].i > 0 and doc[tokens[0].i - 1].is_title and previous == "one"):
        return True
    text = tokens[0].text
    following = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
    if following is not None and following.text in ("-",):
        return False
    is_year = (
        label == "CARDINAL"
        and len(tokens) == 1
        and text.isdigit()
        and len(text) == 4
        and 1900 <= value <= 2100
    )
    return is_year or (len(tokens) == 1 and tokens[0].ent_type_ in ("DATE", "TIME"))


def _unit(tokens: list[Token], label: str) -> str | None:
    if label == "PERCENT" or any(t.text in ("%", "percent") for t in tokens):
        return "percent"
    if label == "MONEY":
        symbol = next((t.text.lower() for t in tokens if t.text in ("$", "£", "€")), None)
        return {"$": "dollar", "£": "pound", "€": "euro"}.get(symbol or "", tokens[-1].lemma_.lower())
    last = tokens[-1]
    head = last.head
    # "64 sorties": the number modifies its noun; "12 were killed": it is the subject of a verb.
    if last.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return head.lemma_.lower()
    following = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    if following is not None and following.pos_ in ("NOUN", "ADJ") and following.lower_ not in ("of",):
        return following.lemma_.lower()
    if following is not None and following.lower_ == "of":
        noun = next((t for t in last.doc[following.i + 1 : following.i + 4] if t.pos_ == "NOUN"), None)
        if noun is not None:
            return noun.lemma_.lower()
    if last.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB":
        return head.lemma_.lower()
    return None


def same_unit(a: Quantity, b: Quantity) -> bool:
    if a.unit is None or b.unit is None:
        return False
    if a.unit == b.unit:
        return True
    return any(a.unit in group and b.unit in group for group in UNIT_SYNONYMS)


def quantities_conflict(a: Quantity, b: Quantity, tolerance: float = 0.02) -> bool:
    """True when the two statements cannot both be true of the same count."""
    if not same_unit(a, b):
        return False
    low_a, high_a = a.low * (1 - tolerance), a.high * (1 + tolerance)
    low_b, high_b = b.low * (1 - tolerance), b.high * (1 + tolerance)
    return high_a < low_b or high_b < low_a
