"""Figures and dates made less precise, and the reverse.

* approximate: "42" -> "about 40" / "more than 40", "£3.5bn" -> "more than £3bn" (the entailment), and
  the reverse, "more than 40" does not tell that it was 42 (neutral: `neut:exact_number`);
* generalise_number: "12 people" -> "a dozen people", "7 people" -> "several people", "45" -> "dozens of",
  "1,200" -> "more than 1,000" is covered by approximate; the reverse is neutral except where the general
  form is exact ("a dozen" is 12);
* generalise_date: "on 21 March 2005" -> "in March 2005" / "in 2005", "in March 2005" -> "in 2005",
  "in 1998" -> "in the 1990s"; the reverse is neutral (`neut:exact_date`);
* blur_day: "on Tuesday morning" -> "earlier this week" / "Earlier in the day, ...": neutral either way;
  the recipe uses it across outlets only (`counterparts.KEEPS`).

None is made under negation or another downward-entailing word: "did not kill 42 people" does not entail
"did not kill more than 40 people".
"""

from __future__ import annotations

import random
import re

from checker.training.synthetic.core import (
    Context,
    Sentence,
    Token,
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
    r"\b(about|around|nearly|almost|roughly|approximately|some|over|more than|less than|fewer than|at least|"
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
        if re.match(rf",? (?:{_MONTH})\b", text[match.end() :]):
            continue  # "on 16 March": a day of the month, not a count
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


_HEDGE_WORDS = ("about", "around", "roughly")
_NEAR_WORDS = ("nearly", "almost")  # "almost 460" for 456: the figure falls short of the round one
_LOWER_WORDS = ("more than", "over", "at least")
_UPPER_WORDS = ("under", "less than", "up to")  # "fewer than" too, for a count of things
_PLURAL_AFTER = re.compile(r" (?!per\b|cent\b)[a-z]+s\b")
_PERCENT_AFTER = re.compile(r"\s?(?:per ?cent|%)")
# A decimal is a quantity only as a share or a number of millions ("2.1%", "2.5 million"), never a time.
_DECIMAL_UNIT_AFTER = re.compile(r"\s?(?:per ?cent|%)| (?:million|billion)\b")


def _units(whole: str, decimals: str | None) -> tuple[int, int]:
    """The figure as an integer count of its smallest written unit, and that unit's power of ten."""
    places = len(decimals or "")
    return int(whole.replace(",", "") + (decimals or "")), places


def _write(units: int, places: int, step: int, comma: bool) -> str:
    """`units` (in 10^-places) written with as many decimals as `step` needs."""
    scale = 10**places
    if step >= scale or units % scale == 0:
        whole = units // scale
        return f"{whole:,}" if comma else str(whole)
    shown = places - len(str(step)) + len(str(step).rstrip("0"))
    return f"{units / scale:.{shown}f}"


def _steps(places: int) -> list[int]:
    """Rounding steps in the figure's units, coarsest first: 1000, 100, 10, 5, 1, 0.5, 0.1 ..."""
    scale = 10**places
    found = [1000 * scale, 100 * scale, 10 * scale, 5 * scale]
    if places:
        found.append(scale)
        found.extend(s for s in (scale // 2, scale // 10) if s > 1)
    return found


def bounds(whole: str, decimals: str | None) -> list[tuple[str, str]]:
    """Looser statements that a figure still makes true, one per kind, words not yet chosen: "~R"
    (about R, |R - N| <= 8%), "<R" (nearly R, N rounds up to R, by <= 8%), "+M" (more than M, M < N, M >= 0.7N),
    "-M" (under M, M > N, M <= 1.3N). Each kind is read in the figure's direction: "nearly" and "under"
    only above it, "more than" only below."""
    units, places = _units(whole, decimals)
    if units <= 0:
        return []
    comma = "," in whole
    found: dict[str, str] = {}
    for step in _steps(places):
        if step <= 1 or step >= units:
            continue
        near = (units + step // 2) // step * step
        # strictly below and above: a round figure is bounded by the next round ones (600: 500, 700)
        floor, ceiling = (units - 1) // step * step, (units // step + 1) * step
        written = {v: _write(v, places, step, comma) for v in (near, floor, ceiling)}
        if "~" not in found and near and near != units and abs(near - units) <= 0.08 * units:
            found["~"] = written[near]
        if "<" not in found and near == ceiling and ceiling - units <= 0.08 * units:
            found["<"] = written[ceiling]
        if "+" not in found and floor and floor != units and floor >= 0.7 * units:
            found["+"] = written[floor]
        if "-" not in found and ceiling != units and ceiling <= 1.3 * units:
            found["-"] = written[ceiling]
    if "~" not in found and places == 0 and units % 10 == 0:
        found["~"] = _write(units, 0, 1, comma)  # "600 people" -> "about 600 people"
    return list(found.items())


def _phrase(kind: str, value: str, count: bool, rng: random.Random) -> str:
    words = {"~": _HEDGE_WORDS, "<": _NEAR_WORDS, "+": _LOWER_WORDS}.get(kind)
    if words is None:
        words = (*_UPPER_WORDS, "fewer than") if count else _UPPER_WORDS
    return f"{rng.choice(words)} {value}"


def approximations(text: str, rng: random.Random) -> list[tuple[int, int, str]]:
    """(start, end, looser figure) for figures an approximation or a bound still covers: "456" -> "about
    460" / "almost 460" / "at least 450" / "under 500"; "£947m" -> "under £950m"; "2.1%" -> "about 2%"."""
    found = []
    for match in numbers(text):
        start, end = match.start(), match.end()
        after = text[end : end + 12]
        value = float(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
        if _qualified(text, start) or re.match(r"[A-Za-z]", after):
            continue  # hedged already, or a measure glued to its unit ("5000m champion", "100m title")
        percent = bool(_PERCENT_AFTER.match(after))
        if match.group(2) and not _DECIMAL_UNIT_AFTER.match(after):
            continue  # "10.30": a time or a score, not a quantity
        if (not match.group(2) and value < 11) or (percent and value > 100) or (match.group(2) and value < 1):
            continue
        count = not percent and bool(_PLURAL_AFTER.match(after))
        for kind, bound in bounds(match.group(1), match.group(2)):
            found.append((start, end, _phrase(kind, bound, count, rng)))
    found.extend(_money_bounds(text, rng))
    found.extend(_loosened(text, rng))
    rng.shuffle(found)
    return found


def _money_bounds(text: str, rng: random.Random) -> list[tuple[int, int, str]]:
    """ "£456m" -> "about £460m" / "almost £460m" / "more than £450m" / "under £500m", "£3.5bn" -> "more than
    £3bn": a looser amount that still holds."""
    found = []
    for match in MONEY.finditer(text):
        if _qualified(text, match.start()) or re.match(r"[-–]\d|[-–][£$€]", text[match.end() :]):
            continue  # hedged already, or one end of a range ("£3-4bn")
        sign, whole, decimals, scale = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        if not scale and not decimals and int(whole.replace(",", "")) < 11:
            continue
        for kind, bound in bounds(whole, decimals):
            found.append((match.start(), match.end(), _phrase(kind, f"{sign}{bound}{scale}", False, rng)))
    return found


# A figure the sentence already bounds: the bound moved outwards still holds ("more than 700" -> "more
# than 600", "under 600" -> "under 700"); moved inwards it does not (the reverse reads as neutral).
_BOUND = re.compile(
    r"\b(?P<bound>more than|over|at least|under|less than|fewer than|up to) "
    r"(?P<sign>[£$€]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<scale>(?:\s?(?:m|bn|k)|\s(?:million|billion))\b)?"
    r"(?![\d.,:/-]|\w)"
)


def _loosened(text: str, rng: random.Random) -> list[tuple[int, int, str]]:
    found = []
    for match in _BOUND.finditer(text):
        units = int(match["whole"].replace(",", ""))
        if units < 11 or (not match["sign"] and 1900 <= units <= 2100 and "," not in match["whole"]):
            continue
        lower = match["bound"] in ("more than", "over", "at least")
        step = next((s for s in (1000, 100, 10, 5) if s < units and (lower or s <= 0.3 * units)), 0)
        if not step:
            continue
        moved = (units - 1) // step * step if lower else (units // step + 1) * step
        if moved <= 0:
            continue
        value = f"{match['sign']}{_write(moved, 0, step, ',' in match['whole'])}{match['scale'] or ''}"
        found.append((match.start(), match.end(), f"{match['bound']} {value}"))
    return found


def approximate(sentence: Sentence, ctx: Context) -> str | None:
    if has_downward(sentence) or ranks(sentence):
        return None
    options = approximations(sentence.text, ctx.rng)
    if not options:
        return None
    start, end, new = options[0]
    return replace_span(sentence.text, start, end, new)


# A figure the sentence hedges so that the figure itself stays possible ("around 600" may be 600, or 610).
_HEDGED = re.compile(
    r"\b(?P<hedge>about|around|roughly|approximately|some|an estimated|at least) "
    r"(?P<figure>[£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:m|bn|k)|\s(?:million|billion))?)"
    r"(?![\d.,:/-]|\w)",
    re.IGNORECASE,
)


_ABOUT_VERB_WORDS = (
    "talk think know worry speak care ask hear learn write complain argue joke warn read say tell wonder "
    "travel move look walk"
)
_ABOUT_VERBS = frozenset(_ABOUT_VERB_WORDS.split())


def _about_as_preposition(previous: Token) -> bool:
    """After a noun or a verb that takes "about" ("concerns about", "talked about"), "about N" is what the
    words are about, not a hedge."""
    return previous.tag.startswith("NN") or previous.lemma.lower() in _ABOUT_VERBS


def sharpen_number(sentence: Sentence, ctx: Context) -> str | None:
    """A hedged figure stated exactly, or as a bound the hedge does not give: "around 600" -> "600" /
    "more than 600" / "under 600"; "at least 600" -> "600" / "more than 600". The hedged sentence does not
    tell which (neutral). "nearly 600", "more than 600" and "under 600" are left alone: each rules out 600
    itself, so "600" would contradict them."""
    if has_downward(sentence):
        return None
    text = sentence.text
    options = []
    for match in _HEDGED.finditer(text):
        hedge, figure = match["hedge"].lower(), match["figure"]
        if re.fullmatch(r"(?:19|20)\d\d", figure):
            continue  # "about 2005": a year
        previous = [t for t in sentence.tokens if t.end <= match.start()][-1:]
        if hedge in ("about", "around") and previous and _about_as_preposition(previous[0]):
            continue  # "concerns about 600 jobs", "talked about 40 times": a preposition, not a hedge
        bounds_given = ("more than",) if hedge == "at least" else ("more than", "under")
        for new in (figure, *(f"{bound} {figure}" for bound in bounds_given)):
            options.append((match.start(), match.end(), sentence_case(new) if match.start() == 0 else new))
    if not options:
        return None
    start, end, new = ctx.rng.choice(options)
    return replace_span(text, start, end, new)


def hedge(sentence: Sentence, ctx: Context) -> str | None:
    """Only "about R": the rewrite a contradiction may carry. A bound could reach back over the changed
    figure ("3,028" changed to "3,828", then "under 3,900", is true of 3,028 again)."""
    if has_downward(sentence) or ranks(sentence):
        return None
    options = [o for o in approximations(sentence.text, ctx.rng) if o[2].startswith(_HEDGE_WORDS)]
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


# ---- a day blurred into a time phrase that covers it --------------------------------------------------

# "on Tuesday (morning)", "on 21 March", "yesterday", "last night": the day an event is dated to.
_DAY = re.compile(
    rf"\bon (?:{_WEEKDAY})(?: (?:morning|afternoon|evening|night))?\b"
    rf"|{_DAY_DATE.pattern}"
    r"|\b(?i:yesterday|today|tomorrow|this morning|this afternoon|last night|tonight)\b"
)
# Phrases that cover such a day without naming it, by tense. None of them is an alternative that
# `contradictions.change_relative_date` makes (those never cover the same day).
_VAGUE_PAST = ("this week", "earlier this week", "recently", "in recent days", "earlier in the day")
_VAGUE_FUTURE = ("this week", "later this week", "soon", "in the coming days")
_LEADING_PAST = ("Earlier in the day", "Earlier this week", "This week", "Earlier")
_LEADING_FUTURE = ("Later this week", "This week", "Later")


def blur_day(sentence: Sentence, ctx: Context) -> str | None:
    """ "met on Tuesday morning" -> "met earlier this week" / "Earlier in the day, ... met": the day made a
    time phrase that covers it. Either way round the pair is neutral: two outlets that date one event
    differently but compatibly do not contradict (v5-v8 of the recipe, trained on changed dates alone,
    called "on Tuesday morning" against "Earlier in the day" a contradiction, P = 0.97). Within one
    sentence alone (v9, v10) it cost dates caught between outlets; across outlets it is v13's, and from
    v19 a small family within one sentence as well (`generation.NEUTRALS["neut:day"]`)."""
    text = sentence.text
    matches = [
        m
        for m in _DAY.finditer(text)
        if text[max(0, m.start() - 4) : m.start()] != "the "
        and not (m.start() > 0 and m.group(0)[0].isupper())  # the "Today" programme
    ]
    if not matches or not text.endswith("."):
        return None
    match = ctx.rng.choice(matches)
    # Any modal counts as future, so a past sentence with a "would" in a clause ("Republicans blocked a
    # bill they believed would ...") can get "Later this week": a pair still neutral, but stilted. Kept
    # as v13-v15 of the recipe trained on it; the next recipe should read the main verb's tense.
    future = any(t.tag == "MD" for t in sentence.tokens)
    first = sentence.tokens[0] if sentence.tokens else None
    leads = match.start() > 0 and first is not None and first.text[:1].isupper()
    if leads and ctx.rng.random() < 0.5:
        # Moved to the front, as another outlet would open its sentence.
        rest = (text[: match.start()].rstrip(" ,") + text[match.end() :]).strip()
        if first.tag not in ("NNP", "NNPS") and first.text != "I":
            rest = rest[:1].lower() + rest[1:]
        lead = ctx.rng.choice(_LEADING_FUTURE if future else _LEADING_PAST)
        return f"{lead}, {rest}"
    new = ctx.rng.choice(_VAGUE_FUTURE if future else _VAGUE_PAST)
    return replace_span(text, match.start(), match.end(), sentence_case(new) if match.start() == 0 else new)
