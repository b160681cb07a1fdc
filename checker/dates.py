"""Dates in claims, resolved against the article's publication date.

News convention: a bare weekday is the most recent such day on or before publication ("Sunday" in a
Monday 12 October 2015 report is 11 October 2015; "Tuesday" in a Tuesday report is that day). Calendar
dates ("Oct. 4", "4 October 2015", "2015-10-04", "12/10/2015") are read by dateparser; a month and day
without a year take the year that puts them nearest before publication. Vague spans ("the past day",
"overnight", "recent weeks") say nothing precise and are skipped; "last year" and "earlier this year" keep
only a year and never conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# Calendar dates with a day, most specific first; group "year" is set only when the text states one.
_CALENDAR = [
    re.compile(rf"\b(?P<year>{_YEAR})-(?:0?[1-9]|1[0-2])-(?:[12]\d|3[01]|0?[1-9])\b"),
    re.compile(rf"\b{_DAY}[/.](?:0?[1-9]|1[0-2])[/.](?P<year>{_YEAR}|\d\d)\b"),
    re.compile(rf"\b{_MONTH}\.?\s+{_DAY}\b(?!:)(?:,?\s+(?P<year>{_YEAR})\b)?", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+(?P<year>{_YEAR})\b)?", re.IGNORECASE),
]
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?,?\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_MONTH_RELATIVE_YEAR = re.compile(rf"^(?:in\s+)?{_MONTH}\.?,?\s+(?P<which>last|this|next)\s+year$", re.I)
_MONTH_ONLY = re.compile(rf"^(?:in\s+|early\s+|late\s+|mid-?)?{_MONTH}\.?$", re.IGNORECASE)
_YEAR_ONLY = re.compile(
    rf"^(?:in\s+|since\s+|by\s+|until\s+|the\s+year\s+)?(?P<year>{_YEAR})$", re.IGNORECASE
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>last|next|this|this\s+coming|past)\s+)?(?P<day>{'|'.join(WEEKDAYS)})\b", re.I
)
_DAYS_AGO = re.compile(r"^(?P<n>\w+)\s+days?\s+ago$", re.IGNORECASE)
_RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": 1,
    "the day before yesterday": 2,
    "tomorrow": -1,
}
_RELATIVE_YEARS = {
    "this year": 0,
    "earlier this year": 0,
    "later this year": 0,
    "last year": 1,
    "next year": -1,
}
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
FUTURE_WINDOW_DAYS = 60  # "the vote on Nov. 1" in an October report is ahead, not a year back
_NO_PUBLICATION_BASE = dt.datetime(2000, 12, 31)  # a leap year, so "Feb. 29" parses without a known year


@dataclass(frozen=True)
class DateMention:
    """A date a claim names; fields hold what is known (a partial date has no year)."""

    text: str
    start: int
    end: int
    date: dt.date | None
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday .. 6 = Sunday
    relative: bool
    # What the date is the date of, read from the sentence (claims.py): "statement" (said on Thursday),
    # "thing" (the Sept. 11 attacks, Friday's strike) or "event" (voted on Thursday); "" when unknown.
    dated: str = ""


def find_dates(span: Span | Doc, published: dt.date | None) -> list[DateMention]:
    """Dates in a sentence: spaCy DATE entities, plus weekdays and calendar dates the tagger missed."""
    found = _find_dates(span, published.date() if isinstance(published, dt.datetime) else published)
    if isinstance(published, dt.datetime):
        found = [_already_tomorrow_elsewhere(mention, published) for mention in found]
    return found


def _already_tomorrow_elsewhere(mention: DateMention, published: dt.datetime) -> DateMention:
    """A report stamped Thursday 20:00 in California is out on Friday in UTC, and in Gaza: a bare "Friday"
    in it is that Friday, not the one six days before. Only when the stamp's UTC day is the next day."""
    if published.tzinfo is None or mention.weekday is None or mention.date is None:
        return mention
    local, utc = published.date(), published.astimezone(dt.UTC).date()
    named = _WEEKDAY.search(mention.text)
    if utc <= local or mention.date != local - dt.timedelta(days=6) or named is None or named.group("mod"):
        return mention  # "last Friday" is said outright
    date = local + dt.timedelta(days=1)
    return replace(mention, date=date, year=date.year, month=date.month, day=date.day)


def _find_dates(span: Span | Doc, published: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    covered: list[tuple[int, int]] = []
    for entity in span.ents:
        # Any entity blocks the fallback below: "Sunday Times" (ORG) and "Good Friday" (EVENT) are names.
        covered.append((entity.start_char, entity.end_char))
        if entity.label_ == "DATE":
            mention = _parse(entity.text, entity.start_char, published)
            if mention is not None:
                found.append(_ahead_if_future(mention, span, published))
    offset = span.start_char if isinstance(span, Span) else 0
    for pattern in (*_CALENDAR, _WEEKDAY):
        for match in pattern.finditer(span.text):
            start, end = offset + match.start(), offset + match.end()
            if not _capitalised(match.group()):
                continue  # names of days and months are capitalised; "may 4" is some other word
            if any(s < end and start < e for s, e in covered):
                continue
            covered.append((start, end))
            mention = _parse(match.group(), start, published)
            if mention is not None:
                found.append(_ahead_if_future(mention, span, published))
    return sorted(found, key=lambda mention: mention.start)


# Verbs whose "to" clause is still to come: "expected to reopen on Friday", "due to vote on Monday".
_FUTURE_GOVERNORS = frozenset(
    ["expect", "plan", "schedule", "due", "set", "intend", "aim", "hope", "prepare"]
)


def _ahead_if_future(mention: DateMention, span: Span | Doc, published: dt.date | None) -> DateMention:
    """A bare weekday in a future-tense clause ("will reopen on Friday") is the coming one, not the last."""
    if published is None or mention.weekday is None or mention.date is None or mention.date >= published:
        return mention
    if _WEEKDAY.fullmatch(mention.text.strip()) is None and not mention.text.lower().startswith("on "):
        return mention  # "last Friday", "Friday, Oct. 10": said outright
    if not _future_clause(span, mention.start, mention.end):
        return mention
    ahead = (mention.weekday - published.weekday()) % 7 or 7
    date = published + dt.timedelta(days=ahead)
    return replace(mention, date=date, year=date.year, month=date.month, day=date.day)


def _future_clause(span: Span | Doc, start: int, end: int) -> bool:
    doc = span.doc if isinstance(span, Span) else span
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None:
        return False
    verb = words.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:  # tokens are views: compare indices
        verb = verb.head
    if any(c.lower_ in ("will", "shall", "'ll", "’ll") for c in verb.children if c.dep_ == "aux"):
        return True
    governor = verb.head
    to_clause = any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
    return to_clause and governor.i != verb.i and governor.lemma_.lower() in _FUTURE_GOVERNORS


def _capitalised(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in ("of", "st", "nd", "rd", "th")]
    return all(w[0].isupper() for w in words if w.lower() not in ("last", "next", "this", "coming", "past"))


def _parse(text: str, start: int, published: dt.date | None) -> DateMention | None:
    """One DATE span as a mention, or None when it says nothing precise enough to compare."""
    lower = re.sub(r"\s+", " ", text.lower().strip())
    end = start + len(text)
    weekday = _named_weekday(lower)
    for pattern in _CALENDAR:
        if match := pattern.search(text):
            return _calendar(text, start, end, match, published, weekday)
    if match := _MONTH_YEAR.search(text):
        parsed = _dateparser(published).get_date_data(match.group())
        if parsed.date_obj is not None:
            year, month = parsed.date_obj.year, parsed.date_obj.month
            return DateMention(text, start, end, None, year, month, None, weekday, False)
    if (which := _MONTH_RELATIVE_YEAR.match(lower)) and published is not None:
        parsed = _dateparser(published).get_date_data(_month_word(lower))
        if parsed.date_obj is not None:  # "September last year": a month in a year given relatively
            year = published.year - _RELATIVE_YEARS[f"{which.group('which')} year"]
            return DateMention(text, start, end, None, year, parsed.date_obj.month, None, None, True)
    if _MONTH_ONLY.match(lower):
        parsed = _dateparser(published).get_date_data(_month_word(lower))
        if parsed.date_obj is not None:  # the month alone: which year is not said
            return DateMention(text, start, end, None, None, parsed.date_obj.month, None, None, False)
    if weekday is not None:
        return _weekday(text, start, end, lower, weekday, published)
    return _relative(text, start, end, lower, published)


def _calendar(
    text: str, start: int, end: int, match: re.Match[str], published: dt.date | None, weekday: int | None
) -> DateMention | None:
    """ "Oct. 4", "4 October 2015", "2015-10-04", "12/10/2015" (day first, as the seeds write it)."""
    explicit_year = match.group("year") is not None
    parsed = _dateparser(published if explicit_year else None).get_date_data(match.group())
    if parsed.date_obj is None:
        return None
    read = parsed.date_obj.date()
    if explicit_year:
        return DateMention(text, start, end, read, read.year, read.month, read.day, read.weekday(), False)
    date = _nearest_year(read.month, read.day, published) if published is not None else None
    if date is None:  # no year known: keep month and day, and the weekday if the text names one
        return DateMention(text, start, end, None, None, read.month, read.day, weekday, False)
    return DateMention(text, start, end, date, date.year, date.month, date.day, date.weekday(), False)


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest such day on or before publication, unless it is coming up within FUTURE_WINDOW_DAYS."""
    upcoming = _safe_date(published.year, month, day)
    if upcoming is not None and 0 < (upcoming - published).days <= FUTURE_WINDOW_DAYS:
        return upcoming
    for year in (published.year, published.year - 1, published.year - 4):  # - 4 reaches back to a Feb. 29
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def _month_word(lower: str) -> str:
    match = re.search(rf"\b{_MONTH}\b", lower)
    return match.group() if match else lower


def _named_weekday(lower: str) -> int | None:
    match = _WEEKDAY.search(lower)
    return WEEKDAYS.index(match.group("day").lower()) if match else None


def _weekday(
    text: str, start: int, end: int, lower: str, weekday: int, published: dt.date | None
) -> DateMention:
    """A weekday: the most recent on or before publication; "last X" strictly before, "next X" after."""
    date = None
    if published is not None:
        match = _WEEKDAY.search(lower)
        modifier = re.sub(r"\s+", " ", match.group("mod") or "") if match else ""
        back = (published.weekday() - weekday) % 7
        if modifier in ("last", "past") and back == 0:
            back = 7  # "last Monday" in a Monday report is a week earlier
        elif modifier in ("next", "this coming") or (modifier == "this" and weekday > published.weekday()):
            back = -((weekday - published.weekday()) % 7 or 7)
        date = published - dt.timedelta(days=back)
    if date is None:
        return DateMention(text, start, end, None, None, None, None, weekday, True)
    return DateMention(text, start, end, date, date.year, date.month, date.day, weekday, True)


def _relative(text: str, start: int, end: int, lower: str, published: dt.date | None) -> DateMention | None:
    """ "yesterday", "today", "two days ago"; "last year" keeps only the year; the rest is vague."""
    if published is None:
        if match := _YEAR_ONLY.match(lower):
            return DateMention(text, start, end, None, int(match.group("year")), None, None, None, False)
        return None
    back = _RELATIVE_DAYS.get(lower)
    if back is None and (ago := _DAYS_AGO.match(lower)):
        count = ago.group("n")
        back = int(count) if count.isdigit() else _SMALL_NUMBERS.get(count)
    if back is not None:
        date = published - dt.timedelta(days=back)
        return DateMention(text, start, end, date, date.year, date.month, date.day, date.weekday(), True)
    if match := _YEAR_ONLY.match(lower):
        return DateMention(text, start, end, None, int(match.group("year")), None, None, None, False)
    if lower in _RELATIVE_YEARS:
        year = published.year - _RELATIVE_YEARS[lower]
        return DateMention(text, start, end, None, year, None, None, None, True)
    return None  # "the past day", "recent weeks", "overnight", "the weekend"


@lru_cache(maxsize=64)
def _dateparser(published: dt.date | None) -> DateDataParser:
    """An English parser anchored on the publication date (past preferred, numeric dates day first)."""
    base = dt.datetime.combine(published, dt.time()) if published is not None else _NO_PUBLICATION_BASE
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    return DateDataParser(languages=["en"], settings=settings)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_conflict(a: DateMention, b: DateMention) -> bool:
    """True only when both say something precise at a common precision and it differs.

    Full dates compare as dates; month and day compare when a year is missing on either side; weekdays
    compare with weekdays (and with resolved dates through their weekday). A year-only or month-only
    mention conflicts only with another explicit (non-relative) year or month that differs.
    """
    if a.date is not None and b.date is not None:
        return a.date != b.date
    if a.month is not None and a.day is not None and b.month is not None and b.day is not None:
        return (a.month, a.day) != (b.month, b.day)
    if a.weekday is not None and b.weekday is not None:
        return a.weekday != b.weekday
    if a.relative or b.relative or a.year is None or b.year is None:
        return False
    if a.year != b.year:
        return True
    return a.month is not None and b.month is not None and a.month != b.month
