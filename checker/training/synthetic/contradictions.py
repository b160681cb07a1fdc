"""Contradictions: one fact of the sentence changed.

participant (person), organisation, place, group (NORP): another name of the same kind; number, money
("£3.5bn" -> "£7bn"), ordinal ("third" -> "fifth"); date (weekday, month, year) and relative date
("last week" -> "this week", only to dates that never cover the same day); polarity; antonym (in the sense
the tag shows: "fell" the verb, not "fell ill"); role/title; and word order: the subject and object of an
asymmetric verb exchanged ("Chelsea beat Arsenal" -> "Arsenal beat Chelsea"), or the two ends of a change
("from 5% to 7%" -> "from 7% to 5%").
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence

from checker.names import names_match
from checker.training.synthetic.core import (
    CLEAN_NAME,
    Context,
    Edit,
    Entity,
    Operation,
    Sentence,
    Token,
    pick_name,
    plain_word,
    replace_span,
    sentence_case,
    token_at,
)
from checker.training.synthetic.figures import MONEY, numbers
from checker.training.synthetic.lexicon import (
    ANTONYMS,
    COUNTED_UNITS,
    MONTHS,
    MORE_BEFORE_COUNT,
    MORE_BEFORE_DEGREE,
    NEGATIONS,
    NOT_SWAPPABLE_VERBS,
    NUMBER_WORDS,
    ORDINAL_IDIOMS,
    ORDINAL_WORDS,
    RELATIVE_DATES,
    REPORTING,
    ROLE_BLOCKED_BEFORE,
    ROLES,
    SPELLED_NUMBERS,
    SYMMETRIC,
    WEEKDAYS,
)

# ---- names ---------------------------------------------------------------------------------------------


def swap_entity(labels: tuple[str, ...], family: str) -> Operation:
    def operation(sentence: Sentence, ctx: Context) -> Edit | None:
        candidates = [e for e in sentence.entities if e.label in labels]
        ctx.rng.shuffle(candidates)
        for entity in candidates:
            if entity.label == "PERSON" and len(entity.text.split()) == 1:
                new = pick_name(ctx, "SURNAME", entity.text, sentence.text, local_first=False)
            else:
                new = pick_name(ctx, entity.label, entity.text, sentence.text)
            if new:
                return sentence.text, replace_span(sentence.text, entity.start, entity.end, new), family
        return None

    return operation


# ---- figures -------------------------------------------------------------------------------------------


def change_number(sentence: Sentence, ctx: Context) -> Edit | None:
    text = sentence.text
    matches = numbers(text)
    if matches:
        match = ctx.rng.choice(matches)
        whole = int(match.group(1).replace(",", ""))
        if whole < 10:
            new_whole = whole + ctx.rng.randint(2, 7)
        else:  # clearly different: far outside any rounding
            new_whole = int(whole * ctx.rng.choice((0.4, 0.5, 1.7, 2, 3)))
            if new_whole == whole:
                return None
        digits = f"{new_whole:,}" if "," in match.group(1) else str(new_whole)
        if match.group(2):
            digits += "." + match.group(2)
        return text, replace_span(text, match.start(), match.end(), digits), "cont:number"
    words = [m for m in re.finditer(rf"\b({'|'.join(NUMBER_WORDS)})\b", text)]
    if words:
        match = ctx.rng.choice(words)
        index = NUMBER_WORDS.index(match.group(1))
        new = NUMBER_WORDS[(index + ctx.rng.randint(2, 5)) % len(NUMBER_WORDS)]
        return text, replace_span(text, match.start(), match.end(), new), "cont:number"
    return None


_SPELLED_BY_VALUE = {value: word for word, value in SPELLED_NUMBERS.items()}
# Words around "one" that make it a pronoun or an idiom, not a count ("no one", "the one who", "one
# another", "one day", "one or two").
_NOT_A_COUNT_BEFORE = frozenset(["no", "the", "this", "that", "every", "any", "each", "which", "or", "and"])
_NOT_A_COUNT_AFTER = frozenset(["another", "or", "and", "day", "time", "way", "thing", "hand", "in", "by"])
_COPULAS = frozenset(["is", "are", "was", "were", "be", "been", "being", "become", "became", "remains"])
_FRACTIONS = (
    "half",
    "halves",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "fifth",
    "fifths",
    "tenth",
    "tenths",
)
_HEDGE = re.compile(
    r"\b(?:about|around|nearly|almost|roughly|approximately|some|over|under|up to|at least|at most|"
    r"(?:more|less|fewer) than)\s+$",
    re.IGNORECASE,
)
_IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "people"}


def _plural(noun: str) -> str | None:
    """The regular plural of a common noun, or None where a rule of thumb would get it wrong."""
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if not noun.isalpha() or not noun.islower() or noun.endswith(("f", "fe", "o", "us", "is", "ss")):
        return None
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _other_count(value: int, hedged: bool, rng: random.Random) -> int:
    """A spelled-out count clearly different from `value`: two to five steps away among the small ones,
    another round ten among the tens; a hedged figure ("about three million") moves by half again or more,
    so that the two hedges cannot cover one amount."""
    pool = sorted(v for v in _SPELLED_BY_VALUE if v > 1 and v != value)
    if value <= 12:
        choices = [v for v in pool if 2 <= abs(v - value) <= 5 and v <= 20]
    else:
        choices = [v for v in pool if v >= 10 and abs(v - value) >= 5]
    if hedged:
        choices = [v for v in choices if max(v, value) >= 1.5 * min(v, value)]
    return rng.choice(choices) if choices else 0


def change_number_word(sentence: Sentence, ctx: Context) -> Edit | None:
    """A count written in words changed: "the two men" -> "the seven men", "a three-year deal" -> "a
    five-year deal", "one of the companies" -> "four of the companies", "one ship" -> "six ships" (the noun
    follows the count, and the verb must not show the number). Pronouns and idioms ("no one", "one
    another", "one or two"), fractions ("two thirds") and other compounds ("one-off") are left alone."""
    text, tokens = sentence.text, sentence.tokens
    options: list[tuple[int, int, str]] = []
    for index, token in enumerate(tokens):
        word = token.text.lower()
        if word not in SPELLED_NUMBERS or token.tag != "CD" or (token.text != word and index > 0):
            continue
        previous = tokens[index - 1].text.lower() if index > 0 else ""
        following = tokens[index + 1 : index + 4]
        after = following[0].text.lower() if following else ""
        if (word == "one" and previous in _NOT_A_COUNT_BEFORE) or previous == "or" or after in ("or", "to"):
            continue
        if after == "o'clock" or (word == "one" and after == "of" and previous in _COPULAS):
            continue  # a time; "is one of the companies" tells membership, not a count
        if after in _FRACTIONS or (following and following[0].text == "-" and len(following) < 2):
            continue
        if after == "-" and following[1].text.lower().removesuffix("s") not in COUNTED_UNITS:
            continue
        value = SPELLED_NUMBERS[word]
        hedged = bool(_HEDGE.search(text[max(0, token.start - 20) : token.start]))
        new_value = _other_count(value, hedged, ctx.rng)
        if not new_value:
            continue
        new = _SPELLED_BY_VALUE[new_value]
        new = sentence_case(new) if token.start == 0 else new
        end = token.end
        if value == 1:
            if after in _NOT_A_COUNT_AFTER:
                continue
            if after != "of":  # "one ship" -> "six ships": the noun takes the plural
                noun = following[0] if following else None
                verb = following[1] if len(following) > 1 else None
                plural = _plural(noun.text) if noun and noun.tag == "NN" else None
                if noun is None or plural is None or verb is None or verb.tag == "VBZ" or verb.text == "was":
                    continue
                new, end = f"{new} {plural}", noun.end
        options.append((token.start, end, new))
    if not options:
        return None
    start, end, new = ctx.rng.choice(options)
    return text, replace_span(text, start, end, new), "cont:number_word"


_SCALES = {"m": "bn", "bn": "m", "million": "billion", "billion": "million"}


def change_money(sentence: Sentence, ctx: Context) -> Edit | None:
    """An amount of money multiplied or divided far beyond rounding, or its scale changed (m <-> bn)."""
    text = sentence.text
    matches = list(MONEY.finditer(text))
    if not matches:
        return None
    match = ctx.rng.choice(matches)
    sign, whole, decimals, scale = match.group(1), match.group(2), match.group(3), match.group(4) or ""
    bare_scale = scale.strip()
    if bare_scale in _SCALES and ctx.rng.random() < 0.3:
        new_scale = scale.replace(bare_scale, _SCALES[bare_scale])
        return text, replace_span(text, match.start(4), match.end(4), new_scale), "cont:money"
    value = float(f"{whole.replace(',', '')}.{decimals or 0}")
    new_value = value * ctx.rng.choice((0.4, 0.5, 2, 3))
    places = len(decimals) if decimals and (len(decimals) == 2 or new_value < 100) else 0
    if places and round(new_value, places) != round(new_value):
        amount = f"{new_value:.{places}f}"  # "$5.50" -> "$2.20", "£2.77bn" -> "£1.11bn"
    else:
        rounded = round(new_value) if new_value >= 1 else 1
        amount = f"{rounded:,}" if "," in whole or rounded >= 10_000 else str(rounded)
    if amount in (whole, f"{whole}.{decimals}"):
        return None
    return text, replace_span(text, match.start(), match.end(), f"{sign}{amount}{scale}"), "cont:money"


_ORDINAL_NUMBER = re.compile(r"^(\d+)(st|nd|rd|th)$")


def _ordinal_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def change_ordinal(sentence: Sentence, ctx: Context) -> Edit | None:
    """A rank changed: "the third-largest" -> "the fifth-largest", "21st" -> "23rd". Fixed phrases ("first
    minister", "second wind", "third-party"), halves, "the first 15 states" and adverbs ("first bought")
    are left alone."""
    text = sentence.text
    options = []
    for entity in sentence.entities:
        token = token_at(sentence, entity.start)
        if entity.label != "ORDINAL" or " " in entity.text or token is None or token.tag not in ("JJ", "CD"):
            continue
        rest = text[entity.end :]
        following = rest.lstrip(" -").split(" ", 1)[0].lower().strip(".,;:")
        if following in ORDINAL_IDIOMS or following[:1].isdigit() or following in NUMBER_WORDS:
            continue
        if rest.startswith("-") and not following.endswith("est") and following not in ("most", "least"):
            continue  # "third-party", "first-hand"; "second-largest", "third-most" are ranks
        if text[entity.start - 1 : entity.start] == "-":
            continue  # "family-first"
        word = entity.text.lower()
        if word in ORDINAL_WORDS and (entity.text.islower() or entity.start == 0):
            index = ORDINAL_WORDS.index(word)
            steps = [s for s in (2, 3, -2, -3) if 0 <= index + s < len(ORDINAL_WORDS)]
            new = ORDINAL_WORDS[index + ctx.rng.choice(steps)]
            options.append((entity, sentence_case(new) if entity.start == 0 else new))
        elif match := _ORDINAL_NUMBER.match(entity.text):
            number = int(match.group(1))
            new_number = number + ctx.rng.choice([s for s in (2, 3, -2) if number + s > 0])
            options.append((entity, f"{new_number}{_ordinal_suffix(new_number)}"))
    if not options:
        return None
    entity, new = ctx.rng.choice(options)
    return text, replace_span(text, entity.start, entity.end, new), "cont:ordinal"


# ---- dates ---------------------------------------------------------------------------------------------


# A year the tagger calls a date is one only after words that take a date ("since 2002", "the 1978 game"):
# "create 2003 new jobs" is a count.
_DATE_BEFORE_YEAR = re.compile(
    rf"\b(?:since|until|till|by|from|to|and|of|the|between|before|after|during|early|late|mid|"
    rf"{'|'.join(MONTHS)})[ -]$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w£$€.,-])((?:19|20)\d\d)(?![\w%]|[.,]\d| ?per ?cent)")


def _years(sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of the years the sentence dates something by: "in 2002", and any year inside a date
    ("since 2002", "the 1978 game", "in 1997 and 1998", "the 2006-2007 fiscal year"), not a figure
    ("2,000 jobs", "£2003")."""
    dates = [(e.start, e.end) for e in sentence.entities if e.label == "DATE"]
    return [
        (m.start(1), m.end(1))
        for m in _YEAR.finditer(sentence.text)
        if sentence.text[max(0, m.start() - 3) : m.start()] == "in "
        or (
            _DATE_BEFORE_YEAR.search(sentence.text[: m.start()])
            and any(start <= m.start(1) and m.end(1) <= end for start, end in dates)
        )
    ]


def change_date(sentence: Sentence, ctx: Context) -> Edit | None:
    text = sentence.text
    options: list[tuple[int, int, str]] = []
    for match in re.finditer(rf"\b({'|'.join(WEEKDAYS)})\b", text):
        new = WEEKDAYS[(WEEKDAYS.index(match.group(1)) + ctx.rng.randint(2, 5)) % 7]
        options.append((match.start(), match.end(), new))
    for match in re.finditer(
        rf"\b({'|'.join(MONTHS)})\b(?= \d| (?:19|20)\d\d)|(?<=in )({'|'.join(MONTHS)})\b", text
    ):
        month = match.group(1) or match.group(2)
        new = MONTHS[(MONTHS.index(month) + ctx.rng.randint(2, 9)) % 12]
        options.append((match.start(), match.end(), new))
    for start, end in _years(sentence):
        new = str(int(text[start:end]) + ctx.rng.choice((-3, -2, -1, 1, 2, 3)))
        options.append((start, end, new))
    if not options:
        return None
    start, end, new = ctx.rng.choice(options)
    return text, replace_span(text, start, end, new), "cont:date"


_RELATIVE_DATE = re.compile(
    rf"\b({'|'.join(sorted(map(re.escape, RELATIVE_DATES), key=len, reverse=True))})\b", re.IGNORECASE
)


def change_relative_date(sentence: Sentence, ctx: Context) -> Edit | None:
    """ "last week" -> "this week", "yesterday" -> "today": a relative date that never covers the same day,
    of the sentence's tense ("will ... this year" -> "next year"). "over the last year" (a span ending now)
    and the "Today" programme are not dates of an event."""
    text = sentence.text
    future = any(t.tag == "MD" for t in sentence.tokens)
    options = []
    for match in _RELATIVE_DATE.finditer(text):
        phrase = match.group(1)
        if phrase[0].isupper() and match.start() > 0:
            continue
        if re.search(r"\b(?:the|past|of|since|until|by|for)\s+$", text[: match.start()], re.IGNORECASE):
            continue
        past, to_come = RELATIVE_DATES[phrase.lower()]
        alternatives = to_come if future else past
        if alternatives:
            new = ctx.rng.choice(alternatives)
            options.append((match.start(), match.end(), sentence_case(new) if match.start() == 0 else new))
    if not options:
        return None
    start, end, new = ctx.rng.choice(options)
    return text, replace_span(text, start, end, new), "cont:relative_date"


# ---- polarity, antonyms, roles ---------------------------------------------------------------------------

_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "will", "would", "can", "could", "should", "must", "may", "might"]
)
_PERFECT = frozenset(["has", "have", "had"])


def negate(sentence: Sentence, ctx: Context) -> Edit | None:
    """Insert a negation on the first content verb (after a reporting verb), or remove an existing one."""
    text, tokens = sentence.text, sentence.tokens
    for token in tokens:
        lower = token.text.lower()
        if lower == "not":
            start = token.start - 1 if text[token.start - 1 : token.start] == " " else token.start
            return text, text[:start] + text[token.start + 3 :], "cont:polarity"
        if lower.endswith("n't") or lower in ("never", "no", "nobody", "nothing"):
            return None  # contracted and other negations: removing them rarely leaves a grammatical sentence
    for index, token in enumerate(tokens):
        lower = token.text.lower()
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None:
            break
        if lower in _AUXILIARIES and following.text.lower() not in ("not", "to", "n't"):
            at = token.start + len(token.text)
            return text, replace_span(text, at, at, " not"), "cont:polarity"
        if lower in _PERFECT and following.tag == "VBN":
            at = token.start + len(token.text)
            return text, replace_span(text, at, at, " not"), "cont:polarity"
        if (
            token.tag in ("VBD", "VBZ", "VBP")
            and token.lemma.lower() not in REPORTING
            and token.lemma.isalpha()
        ):
            if token.lemma.lower() in ("be", "have", "do"):
                return None
            helper = {"VBD": "did", "VBZ": "does", "VBP": "do"}[token.tag]
            new = f"{helper} not {token.lemma.lower()}"
            return text, replace_span(text, token.start, token.end, new), "cont:polarity"
    return None


def _opposite(tokens: Sequence[Token], index: int, text: str) -> str | None:
    """The antonym of tokens[index] in the sense its tag and neighbours show, or None."""
    token = tokens[index]
    word = token.text.lower()
    if not plain_word(tokens, index, text):
        return None
    following = tokens[index + 1 : index + 4]
    previous = tokens[index - 1].text.lower() if index > 0 else ""
    if word == "more":
        return _opposite_of_more(following, previous)
    entry = ANTONYMS.get(word)
    if entry is None or token.tag not in entry.tags:
        return None
    if (following and following[0].text.lower() in entry.blocked_next) or previous in entry.blocked_previous:
        return None
    if token.tag.startswith("NN") and following and following[0].tag.startswith("NN"):
        return None  # a noun modifying a noun: "fall fights" (autumn), "profit warning"
    if entry.objects and not any(
        t.text.lower() in entry.objects or t.text[:1] in entry.objects for t in following
    ):
        return None
    if entry.after and previous not in entry.after:
        return None
    return entry.opposite


def _opposite_of_more(following: Sequence[Token], previous: str) -> str | None:
    """ "more than" -> "less than", "more people" -> "fewer people", "more expensive" -> "less expensive";
    "no more", "the more", "more and more" are not comparisons of amount."""
    if not following or previous in ("no", "any", "once", "the", "much", "and"):
        return None
    after = following[0]
    if after.text == "than" or after.tag in ("JJ", "RB", "NN"):
        return MORE_BEFORE_DEGREE
    if after.tag == "NNS":
        return MORE_BEFORE_COUNT
    return None


def antonym(sentence: Sentence, ctx: Context) -> Edit | None:
    """A word replaced by its opposite; under a negation only the negating verb itself ("refused to" ->
    "agreed to"): "prices did not rise" and "prices did not fall" can both hold."""
    text, tokens = sentence.text, sentence.tokens
    negations = [t for t in tokens if t.text.lower() in NEGATIONS]
    options = [
        (t, new)
        for i, t in enumerate(tokens)
        if (new := _opposite(tokens, i, text)) and all(n is t for n in negations)
    ]
    if not options:
        return None
    token, new = ctx.rng.choice(options)
    new = sentence_case(new) if token.start == 0 else new
    return text, replace_span(text, token.start, token.end, new), "cont:antonym"


_ROLE_FIELD = {form: field for field, entries in enumerate(ROLES) for entry in entries for form in entry}
_ROLE_ENTRY = {form: entry for entries in ROLES for entry in entries for form in entry}
_ROLE = re.compile(
    rf"(?<![\w-])({'|'.join(sorted(map(re.escape, _ROLE_ENTRY), key=len, reverse=True))})(?![\w-])",
    re.IGNORECASE,
)


def _role_stands_alone(sentence: Sentence, start: int, end: int) -> bool:
    """The role names the person's office: a capitalised one is a title before a name ("Prime Minister
    Tony Blair", not "the Office of the Deputy Prime Minister"); a lower-case one is neither part of a
    compound ("manager position", "fund manager") nor qualified into another office ("deputy chairman",
    "best actress")."""
    text = sentence.text
    words_before = re.findall(r"[\w'-]+", text[:start].lower())
    if words_before and words_before[-1] in ROLE_BLOCKED_BEFORE:
        return False
    previous = next((t for t in reversed(sentence.tokens) if t.end <= start), None)
    if previous is not None and previous.tag in ("NN", "NNS") and previous.text.islower():
        return False  # the head of a compound: "fund manager", "bus coach"
    following = next((t for t in sentence.tokens if t.start >= end), None)
    if text[start].isupper() and start > 0:
        return bool(re.match(r" [A-Z][a-z]", text[end:])) and not re.search(
            r"\b(?:of|of the) $", text[:start]
        )
    return following is None or following.text[:1].isupper() or not following.tag.startswith("NN")


def change_role(sentence: Sentence, ctx: Context) -> Edit | None:
    """A person's role or title changed to another of its field: "Chancellor Gordon Brown" -> "Governor
    Gordon Brown", "singer Gary Lightbody" -> "drummer Gary Lightbody", "Bob Larribeau, principal analyst
    at" -> "principal founder at", "manager David O'Leary" -> "striker David O'Leary"."""
    text = sentence.text
    options = []
    for match in _ROLE.finditer(text):
        old = match.group(1)
        if not _role_stands_alone(sentence, match.start(1), match.end(1)):
            continue
        if old[0].isupper() and match.start(1) > 0 and not old.istitle() and old.upper() != old:
            continue  # "Chief executive" inside a sentence is not the written form of a title
        options.append(match)
    if not options:
        return None
    match = ctx.rng.choice(options)
    old = match.group(1)
    entry = _ROLE_ENTRY[old.lower()]
    others = [
        e[0]
        for e in ROLES[_ROLE_FIELD[old.lower()]]
        if e is not entry and not set(e[0].split()) & set(old.lower().split())
    ]
    new = ctx.rng.choice(others)
    if match.start(1) == 0:
        new = sentence_case(new)
    elif old[0].isupper():
        new = new.title()
    return text, replace_span(text, match.start(1), match.end(1), new), "cont:role"


# ---- word order ----------------------------------------------------------------------------------------

_SWAPPABLE_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# What may stand between the subject and its verb ("has", "will not", "tried to").
_AUXILIARY_TAGS = frozenset(["MD", "RB", "VBZ", "VBD", "VBP", "VB", "VBN", "VBG", "TO"])
# ("and" is not among them: "The ICC and the UN criticised Pretoria" has a coordinated subject.)
_CLAUSE_OPENERS = frozenset(
    [",", "that", "when", "after", "as", "because", "while", "then", "since", "before"]
)
_RELATIVE_PRONOUNS = frozenset([",", "which", "who", "that"])
# Events with a doer and an undergoer named by a possessive and "of"/"for": "Pernod's takeover of Allied".
_EVENT_NOUNS = (
    r"takeover|acquisition|purchase|buyout|invasion|defeat|sacking|bid for|offer for|takeover bid for|"
    r"investment in|stake in|lawsuit against|complaint against|sanctions against|attack on|victory over"
)
_EVENT = re.compile(rf"^['’]s? (?:\w+ )?(?:{_EVENT_NOUNS})(?: of)? (?:the )?$")
# The verbs that move a figure or a thing from one end to the other ("cut from 30% to 29%").
_CHANGE_VERBS = frozenset(
    [
        "rise",
        "fall",
        "cut",
        "raise",
        "increase",
        "decrease",
        "reduce",
        "revise",
        "trim",
        "grow",
        "slip",
        "drop",
        "climb",
        "jump",
        "move",
        "fly",
        "travel",
        "relocate",
        "shift",
        "switch",
        "lower",
        "lift",
        "boost",
        "slash",
        "expand",
        "shrink",
        "narrow",
        "widen",
        "soar",
        "plunge",
        "surge",
        "decline",
        "change",
        "upgrade",
        "downgrade",
        "transfer",
        "sink",
        "tumble",
        "slump",
        "rocket",
        "edge",
        "ease",
        "fly",
        "sail",
        "drive",
    ]
)


def _exchange(text: str, first: Entity, second: Entity) -> str:
    return (
        text[: first.start] + second.text + text[first.end : second.start] + first.text + text[second.end :]
    )


def _opens_clause(sentence: Sentence, entity: Entity) -> bool:
    """The entity starts its clause: it is the subject, not the end of a phrase ("analyst at BNP Paribas")
    nor a name with a title before it ("President Pervez Musharraf": the title would stay behind)."""
    before = [t for t in sentence.tokens if t.end <= entity.start]
    if before and before[-1].text.lower() == "the":
        before = before[:-1]
    return not before or before[-1].text.lower() in _CLAUSE_OPENERS or before[-1].tag == "RB"


def _ends_phrase(sentence: Sentence, entity: Entity) -> bool:
    """Nothing that makes the entity a modifier follows it ("Fox News host", "the US electoral map", "BA's"),
    it does not open a clause of its own ("said Yukos did not ...") and is not the first of a list."""
    text = sentence.text
    after = next((t for t in sentence.tokens if t.start >= entity.end), None)
    if re.match(r"(?:,| and| or) [A-Z]", text[entity.end :]):
        return False  # the first of a list ("dispatched Obama, Comey and Johnson")
    return after is None or not (after.tag.startswith(("NN", "VB", "MD", "JJ")) or after.tag == "POS")


def _verb_between(sentence: Sentence, first: Entity, second: Entity) -> Token | None:
    """The verb linking subject and object when only auxiliaries, adverbs, "to" and a relative pronoun
    stand between them: "A beat B", "A has tried to buy B", "A, which overtook B", "A was sued by B"."""
    between = [t for t in sentence.tokens if first.end <= t.start < second.start]
    if between and between[-1].text.lower() in ("the", "by"):
        between = between[:-1]
    if len(between) > 2 and between[0].text == "," and between[1].text.lower() in _RELATIVE_PRONOUNS:
        between = between[2:]
    if not between or between[-1].tag not in ("VBD", "VBZ", "VBP", "VBN", "VB"):
        return None
    if not all(t.tag in _AUXILIARY_TAGS for t in between[:-1]):
        return None
    return between[-1]


def _role_pairs(sentence: Sentence) -> list[tuple[Entity, Entity]]:
    """(subject, object) names around an asymmetric verb or event noun: "A beat B", "A's takeover of B".
    Any two of people, organisations, places and groups: "Russia accused Ukraine", "Smith sued Google"."""
    text = sentence.text
    entities = [e for e in sentence.entities if e.label in _SWAPPABLE_LABELS and CLEAN_NAME.fullmatch(e.text)]
    pairs = []
    for first, second in itertools.pairwise(entities):
        if first.text == second.text or text.count(first.text) != 1 or text.count(second.text) != 1:
            continue
        if names_match(first.text, second.text) or not _ends_phrase(sentence, second):
            continue
        if _EVENT.match(text[first.end : second.start]):
            pairs.append((first, second))
            continue
        verb = _verb_between(sentence, first, second)
        if verb is None or verb.lemma.lower() in NOT_SWAPPABLE_VERBS or verb.text.lower() in SYMMETRIC:
            continue
        if _opens_clause(sentence, first):
            pairs.append((first, second))
    return pairs


def swap_roles(sentence: Sentence, ctx: Context) -> Edit | None:
    """Subject and object of an asymmetric verb exchanged: "Chelsea beat Arsenal" -> "Arsenal beat Chelsea".
    Read off tags, not a parse (the recipe's spaCy runs without its parser): the two names must be the
    verb's neighbours, and speech, meeting and other verbs whose roles can be reversed without conflict
    ("A told B", "A met B") are left out."""
    pairs = _role_pairs(sentence)
    if not pairs:
        return None
    first, second = ctx.rng.choice(pairs)
    return sentence.text, _exchange(sentence.text, first, second), "cont:swap"


_END = r"[£$€]?\d[\d,.]*\d(?:%| ?per ?cent|m\b|bn\b| million| billion)?|[£$€]?\d(?:%| ?per ?cent|m\b|bn\b| million| billion)?|[A-Z][a-z]+(?: [A-Z][a-z]+)?"
_FROM_TO = re.compile(rf"\bfrom (?P<a>{_END}) to (?P<b>{_END})(?![\w%])")


def swap_direction(sentence: Sentence, ctx: Context) -> Edit | None:
    """The two ends of a change exchanged: "cut from 30% to 29%" -> "cut from 29% to 30%", "moved from
    Leeds to York" -> "from York to Leeds". A verb of change or motion must come just before (a range,
    "from 1897 to 1937", reversed is not a different fact), and both ends must be figures, or both places."""
    text = sentence.text
    places = {e.text for e in sentence.entities if e.label in ("GPE", "LOC", "FAC")}
    for match in _FROM_TO.finditer(text):
        a, b = match.group("a"), match.group("b")
        before = [t for t in sentence.tokens if t.end <= match.start()][-4:]
        if a == b or not any(t.lemma.lower() in _CHANGE_VERBS for t in before):
            continue
        figures = a[:1].isdigit() or a[:1] in "£$€"
        if figures != (b[:1].isdigit() or b[:1] in "£$€"):
            continue
        if not figures and not (a in places and b in places):
            continue
        swapped = replace_span(text, match.start("a"), match.end("b"), f"{b} to {a}")
        return text, swapped, "cont:swap_direction"
    return None
