"""Figures and dates made less precise, and the reverse.

* approximate: "42" -> "about 40" / "more than 40", "£3.5bn" -> "more than £3bn" (the entailment), and
  the reverse, "more than 40" does not tell that it was 42 (neutral: `neut:exact_number`);
* generalise_number: "12 people" -> "a dozen people", "7 people" -> "several people", "45" -> "dozens of",
  "1,200" -> "more than 1,000" is covered by approximate; the reverse is neutral except where the general
  form is exact ("a dozen" is 12);
* generalise_date: "on 21 March 2005" -> "in March 2005" / "in 2005", "in March 2005" -> "in 2005",
  "in 1998" -> "in the 1990s"; the reverse is neutral (`neut:exact_date`).

None is made under negation or another downward-entailing word: "did not kill 42 people" does not entail
"did not kill more than 40 people".
"""

from __future__ import annotations

import random
import re

from checker.training.synthetic.core import (
    Context,
    Sentence,
    has_downward,
    ranks,
    replace_span,
    sentence_case,
    token_at,
)
from checker.training.synthetic.lexicon import MONTHS, NUMBER_WORDS, WEEKDAYS

NUMBER = re.compile(
    r"(?<![\d.,:/£$€-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d:/]|,\d|\.\d|-\d|st|nd|rd|th)"
)
# "£3.5bn", "$12m", "€1,200", "$4 million": a currency sign, the figure and its scale word.
MONEY = re.compile(
    r"(?<![\w.])([£$€])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:(\s?(?:m|bn|k|tn)|\s(?:million|billion|trillion)))?"
    r"(?![\w.,]\d|\w)"
)
QUALIFIER_BEFORE = re.compile(
    r"(about|around|nearly|almost|roughly|approximately|some|over|more than|less than|fewer than|at least|"
    r"at most|up to|under|just|only|an estimated|estimated|to|from|between|and|No|no\.?|number|the|its|his|"
    r"her|their|our|these|those|all|an?|or|beyond|above|below|within|exceed|exceeds|exceeding)\s+[£$€]?$",
    re.IGNORECASE,
)
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:19|20)\d\d"
# "on 21 March", "on Monday, 21 March 2005", "on March 21, 2005".
_DAY_DATE = re.compile(
    rf"\bon (?:(?:{_WEEKDAY}),? )?(?:(?:\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})|({_MONTH}) \d{{1,2}}(?:st|nd|rd|th)?)"
    rf"(?:,? ({_YEAR}))?\b(?![-–]\d)"
)
_MONTH_YEAR = re.compile(rf"\bin (?:early |mid-|late )?({_MONTH}),? ({_YEAR})\b")
_PART_OF_MONTH = re.compile(rf"\bin (?:early|mid-|late) ?({_MONTH})\b(?! \d|,? {_YEAR})")
_BARE_YEAR = re.compile(r"\bin ((?:19|20)\d)\d\b(?![-–/]\d|\d| per| %| and \d| or \d)")
# Vague quantities a count is still described by (exact ones are marked: their reverse is entailed too).
_DOZEN = {12: "a dozen", 24: "two dozen"}


# Words after which a figure names a thing rather than counting it ("flight 116", "section 404").
_LABEL_BEFORE = re.compile(
    r"\b(?:flight|route|room|page|platform|gate|line|bus|channel|section|article|paragraph|clause|version|"
    r"number|no\.?|episode|season|level|grade|model|code|district|ward|zone|form|item|rule|exit|junction|"
    r"terminal|chapter|highway|interstate|category|phase|stage|week|day|round|game|hole|minute)\s+$",
    re.IGNORECASE,
)
# A clock time, a telephone number, a model, or a bound ("0710 GMT", "11 o'clock", "(213) 486-6890", "911",
# "the 777 plane", "14 and younger": widening the figure of a bound moves the bound).
_NOT_A_QUANTITY = re.compile(
    r"0\d|\d+ ?(?:GMT|BST|EST|EDT|ET|PT|a\.m\.|p\.m\.|am\b|pm\b|hrs\b|o['’]clock)|\d{3}\) ?\d{3}|911\b"
    r"|\d+ (?:plane|planes|jet|jets|airliner|aircraft|model|series|engine)\b"
    r"|\d+(?: \w+)? (?:and|or) (?:younger|older|under|over|above|below|more|less|fewer)\b"
)


def numbers(text: str) -> list[re.Match[str]]:
    """Figures that are counts or amounts: not years, not parts of scores, dates or ordinals."""
    found = []
    for match in NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        if 1900 <= value <= 2100 and "," not in match.group(1) and not match.group(2):
            continue
        before = text[: match.start()].rstrip("£$€ ").rsplit(" ", 1)[-1]
        if before[:1].isupper() and match.start() > len(before) + 1:
            continue  # "Chapter 11", "March 15", "Section 404": a name or a date, not a count
        if text[match.end() : match.end() + 1] == "-":
            continue  # "25-year-old": the figure is part of a compound
        if _LABEL_BEFORE.search(text[: match.start()]) or _NOT_A_QUANTITY.match(text, match.start()):
            continue  # "flight 116", "section 404", "0710 GMT", "(213) 486-6890": a label or a time
        found.append(match)
    return found


def _qualified(text: str, start: int) -> bool:
    """A figure already hedged or bounded ("about 40", "up to 40"), or part of a range or a determiner
    phrase ("from 40 to 50", "the 40 workers")."""
    return bool(QUALIFIER_BEFORE.search(text[max(0, start - 20) : start]))


def _written(number: int, comma: bool) -> str:
    return f"{number:,}" if comma else str(number)


# ---- approximate / exact --------------------------------------------------------------------------------


def approximations(text: str, rng: random.Random) -> list[tuple[int, int, str]]:
    """(start, end, "about R" or "more than M") for figures that an approximation still covers."""
    found = []
    for match in numbers(text):
        if match.group(2):
            continue
        value = int(match.group(1).replace(",", ""))
        start = match.start()
        if value < 11 or _qualified(text, start):
            continue
        if re.match(r"\s*(?:per ?cent|%)", text[match.end() : match.end() + 9]) and value > 100:
            continue
        comma = "," in match.group(1)
        for step in (1000, 100, 10, 5):
            rounded = round(value / step) * step
            if rounded and rounded != value and abs(rounded - value) / value <= 0.08:
                found.append((start, match.end(), f"about {_written(rounded, comma)}"))
                break
        for step in (1000, 100, 10, 5):
            lower = (value // step) * step
            if lower and lower != value and lower >= 0.7 * value:
                found.append((start, match.end(), f"more than {_written(lower, comma)}"))
                break
    found.extend(_money_bounds(text))
    rng.shuffle(found)
    return found


def _money_bounds(text: str) -> list[tuple[int, int, str]]:
    """ "£3.5bn" -> "more than £3bn", "$1,240" -> "more than $1,200": a lower bound that still holds."""
    found = []
    for match in MONEY.finditer(text):
        if _qualified(text, match.start()):
            continue
        sign, whole, decimals, scale = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        value = int(whole.replace(",", ""))
        comma = "," in whole
        if decimals and value >= 1 and int(decimals):
            lower = value
        else:
            lower = next(
                (
                    (value // step) * step
                    for step in (1000, 100, 10)
                    if value > step
                    and (value // step) * step != value
                    and (value // step) * step >= 0.7 * value
                ),
                0,
            )
        if lower:
            found.append((match.start(), match.end(), f"more than {sign}{_written(lower, comma)}{scale}"))
    return found


def approximate(sentence: Sentence, ctx: Context) -> str | None:
    if has_downward(sentence) or ranks(sentence):
        return None
    options = approximations(sentence.text, ctx.rng)
    if not options:
        return None
    start, end, new = options[0]
    return replace_span(sentence.text, start, end, new)


# ---- vague quantities -----------------------------------------------------------------------------------


# Before a count, words that make it one definite set or a ratio ("the previous four weeks", "one in four").
_SET_BEFORE = (
    r"\b(?:first|last|next|top|past|previous|following|coming|final|other|[a-z]+est|one in|out of)\s+$"
)


def _vague(value: int) -> list[tuple[str, bool]]:
    """(vague quantity, whether it is exact) that describe a count of `value` things."""
    if value in _DOZEN:
        return [(_DOZEN[value], True)]
    if 3 <= value <= 9:
        return [("several", False)]
    if 13 <= value <= 19:
        return [("more than a dozen", False)]
    if 25 <= value <= 99:
        return [("dozens of", False)]
    if 200 <= value <= 999:
        return [("hundreds of", False)]
    if 2_000 <= value <= 199_999:
        return [("thousands of", False)]
    if 200_000 <= value <= 999_999:
        return [("hundreds of thousands of", False)]
    return []


def number_generalisations(sentence: Sentence) -> list[tuple[int, int, str, bool]]:
    """(start, end, vague quantity, exact) for counts of things ("12 people", "seven ships") that a vague
    quantity still covers. The count must be followed by a plural noun and not be hedged or determined."""
    text = sentence.text
    found = []
    candidates = [
        (m.start(), m.end(), int(m.group(1).replace(",", ""))) for m in numbers(text) if not m.group(2)
    ]
    for match in re.finditer(rf"\b({'|'.join(NUMBER_WORDS)})\b", text, re.IGNORECASE):
        candidates.append((match.start(), match.end(), NUMBER_WORDS.index(match.group(1).lower()) + 2))
    for start, end, value in candidates:
        if (start > 0 and text[start - 1] in "£$€") or _qualified(text, start):
            continue  # money is bounded by approximate; hedged figures are already vague
        if re.search(_SET_BEFORE, text[:start], re.IGNORECASE):
            continue  # "the first 15 states", "one in four": one set or a ratio, not a vague amount
        after = token_at(sentence, end + 1)
        if after is None or after.tag != "NNS" or text[end : end + 1] != " ":
            continue
        for vague, exact in _vague(value):
            if vague.endswith(" of") and text[after.start :].startswith("of "):
                continue
            new = sentence_case(vague) if start == 0 else vague
            found.append((start, end, new, exact))
    return found


def generalise_number(sentence: Sentence, ctx: Context) -> str | None:
    if has_downward(sentence) or ranks(sentence):
        return None
    options = number_generalisations(sentence)
    if not options:
        return None
    start, end, new, _ = ctx.rng.choice(options)
    return replace_span(sentence.text, start, end, new)


def specify_number(sentence: Sentence, ctx: Context) -> str | None:
    """The general form of a count whose exact figure it does not give ("several people" for "7 people")."""
    if has_downward(sentence) or ranks(sentence):
        return None
    options = [o for o in number_generalisations(sentence) if not o[3]]
    if not options:
        return None
    start, end, new, _ = ctx.rng.choice(options)
    return replace_span(sentence.text, start, end, new)


# ---- dates ----------------------------------------------------------------------------------------------


def date_generalisations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, wider date) for a day generalised to its month or year, a month to its year, a part of
    a month to the month, a year to its decade. Only "on"/"in" dates: "before 21 March" is not
    "before March"."""
    found = []
    for match in _DAY_DATE.finditer(text):
        month = match.group(1) or match.group(2)
        year = match.group(3)
        found.append((match.start(), match.end(), f"in {month} {year}" if year else f"in {month}"))
        if year:
            found.append((match.start(), match.end(), f"in {year}"))
    for match in _MONTH_YEAR.finditer(text):
        found.append((match.start(), match.end(), f"in {match.group(2)}"))
    for match in _PART_OF_MONTH.finditer(text):
        found.append((match.start(), match.end(), f"in {match.group(1)}"))
    for match in _BARE_YEAR.finditer(text):
        found.append((match.start(), match.end(), f"in the {match.group(1)}0s"))
    return found


def generalise_date(sentence: Sentence, ctx: Context) -> str | None:
    """A day widened to its month or year, a month to its year."""
    return _widen_date(sentence, ctx, decade=False)


def generalise_year(sentence: Sentence, ctx: Context) -> str | None:
    """A year widened to its decade: found in most sentences, so a family of its own, lest it crowd out
    the days and months."""
    return _widen_date(sentence, ctx, decade=True)


def _widen_date(sentence: Sentence, ctx: Context, decade: bool) -> str | None:
    if has_downward(sentence):
        return None
    options = [o for o in date_generalisations(sentence.text) if o[2].endswith("0s") == decade]
    if not options:
        return None
    start, end, new = ctx.rng.choice(options)
    return replace_span(sentence.text, start, end, new)
