"""Metadata found outside the body: file-name conventions, datelines, date lines, ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from checker.errors import ConfigError

DATE_ORDERS = ("DMY", "MDY", "YMD")
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
_PREFIX = r"(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date)(?:\s+on)?\s*:?\s*)?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+)?"
_TIME = (
    r"(?:(?:,\s*|\s+)(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[a-z]{2,5})\)?)?)?"
)
_DATE = (
    r"(?P<iso>\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)"
    r"|(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})"
    rf"|(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
)
DATE_LINE = re.compile(rf"{_PREFIX}{_WEEKDAY}(?:{_DATE}){_TIME}\s*", re.IGNORECASE)
# `YYYY-MM-DD_outlet-name[_anything].ext`: the project's file-name convention.
FILE_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<source>[A-Za-z0-9][A-Za-z0-9-]*)(?:_.*)?")
# A wire dateline names the outlet in parentheses: `BEIRUT (AP) —`, `LONDON, Oct 11 (Reuters) -`.
DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]+(?:[ ,]+[A-Z][A-Za-z'’.-]*){0,4}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\((?P<outlet>[A-Z][\w&'’. -]{0,30}?)\)\s*[—–-]{1,2}\s"
)


def check_date_order(date_order: str) -> str:
    order = date_order.upper()
    if order not in DATE_ORDERS:
        raise ConfigError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    return order


def parse_date_line(line: str, date_order: str = "DMY") -> dt.date | None:
    """The date a line states when the line is only a date (an optional "Published:", weekday and time
    allowed around it); None otherwise. Numeric dates are read in `date_order`."""
    match = DATE_LINE.fullmatch(line.strip())
    if match is None:
        return None
    group = match.group
    try:
        if group("iso"):
            return dt.datetime.fromisoformat(group("iso").upper()).date()
        if group("m1"):
            return dt.date(int(group("y1")), MONTHS[group("m1").lower()], int(group("d1")))
        if group("m2"):
            return dt.date(int(group("y2")), MONTHS[group("m2").lower()], int(group("d2")))
    except ValueError:
        return None
    return _numeric_date(group("a"), group("b"), group("c"), check_date_order(date_order))


def _numeric_date(a: str, b: str, c: str, order: str) -> dt.date | None:
    if len(a) == 4:
        candidates = [(int(a), int(b), int(c))]
    elif len(a) > 2:
        return None
    elif order == "YMD":
        candidates = [(_year(a), int(b), int(c))]
    else:
        year = _year(c)
        day_first, month_first = (year, int(b), int(a)), (year, int(a), int(b))
        # The stated order first; the other when only it is a real date (e.g. 31/10 under MDY).
        candidates = [day_first, month_first] if order == "DMY" else [month_first, day_first]
    for year, month, day in candidates:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _year(text: str) -> int:
    value = int(text)
    if len(text) > 2:
        return value
    return 2000 + value if value < 70 else 1900 + value


def parse_iso(value: str) -> dt.date | dt.datetime:
    """An ISO 8601 date or date-time; ValueError otherwise."""
    text = value.strip()
    if len(text) <= 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def file_name_metadata(stem: str) -> tuple[dt.date | None, str | None]:
    """Publication date and outlet from a `YYYY-MM-DD_outlet-name[_anything]` file stem."""
    match = FILE_NAME.fullmatch(stem)
    if match is None:
        return None, None
    try:
        return dt.date.fromisoformat(match.group("date")), match.group("source")
    except ValueError:
        return None, None


def dateline_outlet(first_line: str) -> str | None:
    """The outlet a wire dateline names (`BEIRUT (AP) —` gives "AP"), if the line opens with one."""
    match = DATELINE.match(first_line)
    return match.group("outlet").strip() if match else None
