"""Dates in claims, resolved against the article's publication date.

News convention: a bare weekday is the most recent such day on or before publication ("Sunday" in a
Monday 12 October 2015 report is 11 October 2015). Vague spans ("the past day", "earlier this year")
say nothing precise and never conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


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
    weekday: int | None  # 0 = Monday
    relative: bool


def find_dates(span: Span | Doc, published: dt.date | None) -> list[DateMention]:
    found = []
    for entity in span.ents:
        if entity.label_ == "DATE":
            mention = _parse(entity.text, entity.start_char, published)
            if mention is not None:
                found.append(mention)
    covered = {(m.start, m.end) for m in found}
    for token in span:
        if token.lower_ in WEEKDAYS and not any(s <= token.idx < e for s, e in covered):
            mention = _parse(token.text, token.idx, published)
            if mention is not None:
                found.append(mention)
    return found


def _parse(text: str, start: int, published: dt.date | None) -> DateMention | None:
    lower = text.lower()
    end = start + len(text)
    if match := _ISO.search(text):
        date = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if date:
            return DateMention(text, start, end, date, date.year, date.month, date.day, date.weekday(), False)
    match = _MONTH_DAY.search(text)
    day_month = _DAY_MONTH.search(text)
    if match or day_month:
        if match:
            month, day, year = MONTHS[match.group(1).lower()], int(match.group(2)), match.group(3)
        else:
            assert day_month is not None
            day, month, year = int(day_month.group(1)), MONTHS[day_month.group(2).lower()], day_month.group(3)
        year_value = int(year) if year else _year_near(published, month)
        date = _safe_date(year_value, month, day) if year_value else None
        weekday = date.weekday() if date else None
        return DateMention(text, start, end, date, year_value, month, day, weekday, False)
    for number, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lower):
            date = None
            if published is not None:
                back = (published.weekday() - number) % 7
                if "next" in lower:
                    back = -((number - published.weekday()) % 7 or 7)
                date = published - dt.timedelta(days=back)
            return DateMention(
                text,
                start,
                end,
                date,
                date.year if date else None,
                date.month if date else None,
                date.day if date else None,
                number,
                True,
            )
    if published is not None and lower.strip() in ("yesterday", "today"):
        date = published - dt.timedelta(days=1 if "yesterday" in lower else 0)
        return DateMention(text, start, end, date, date.year, date.month, date.day, date.weekday(), True)
    return None  # vague: "the past day", "earlier this year", "last year"


def _year_near(published: dt.date | None, month: int) -> int | None:
    """The year of a month named without one: the publication year, or the year before for a later month."""
    if published is None:
        return None
    return published.year if month <= published.month + 1 else published.year - 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_conflict(a: DateMention, b: DateMention) -> bool:
    """True only when both are precise at a common level and differ."""
    if a.date is not None and b.date is not None:
        return a.date != b.date
    if a.month is not None and b.month is not None and a.day is not None and b.day is not None:
        return (a.month, a.day) != (b.month, b.day)
    if a.weekday is not None and b.weekday is not None:
        return a.weekday != b.weekday
    return False
