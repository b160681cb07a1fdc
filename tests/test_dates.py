"""Dates from real spaCy parses of news sentences, resolved against the publication date, and conflicts."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from checker.dates import DateMention, dates_conflict, find_dates

from .conftest import SEED_SENTENCE

MONDAY = dt.date(2015, 10, 12)  # the seeds' publication date
TUESDAY = dt.date(2015, 10, 13)


def dates(nlp: Language, text: str, published: dt.date | None = MONDAY) -> list[DateMention]:
    found = find_dates(nlp(text), published)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text  # offsets point at the words
    return found


def only(nlp: Language, text: str, published: dt.date | None = MONDAY) -> DateMention:
    found = dates(nlp, text, published)
    assert len(found) == 1, found
    return found[0]


def fields(mention: DateMention) -> tuple[object, ...]:
    return (
        mention.text,
        mention.date,
        mention.year,
        mention.month,
        mention.day,
        mention.weekday,
        mention.relative,
    )


# --- finding and resolving --------------------------------------------------------------------------------


def test_seed_sunday_resolves_to_the_day_before_a_monday_report(nlp: Language) -> None:
    mention = only(nlp, SEED_SENTENCE)  # "the past day" is vague and left out
    assert fields(mention) == ("Sunday", dt.date(2015, 10, 11), 2015, 10, 11, 6, True)
    assert mention.start == SEED_SENTENCE.index("Sunday")


def test_offsets_are_in_doc_text_when_given_a_sentence_span(nlp: Language) -> None:
    doc = nlp("Rebels held the town. " + SEED_SENTENCE)
    found = find_dates(list(doc.sents)[-1], MONDAY)
    assert [(m.text, doc.text[m.start : m.end]) for m in found] == [("Sunday", "Sunday")]


def test_weekday_named_on_publication_day_is_that_day(nlp: Language) -> None:
    mention = only(nlp, "The attack happened on Tuesday, officials said.", TUESDAY)
    assert fields(mention) == ("Tuesday", TUESDAY, 2015, 10, 13, 1, True)


def test_weekday_is_the_most_recent_on_or_before_publication(nlp: Language) -> None:
    mention = only(nlp, "The attack happened on Tuesday, officials said.")
    assert mention.date == dt.date(2015, 10, 6)


def test_last_and_next_weekday(nlp: Language) -> None:
    found = dates(nlp, "The jets struck targets last Friday and talks resume next Monday.")
    assert [(m.text, m.date, m.weekday) for m in found] == [
        ("last Friday", dt.date(2015, 10, 9), 4),
        ("next Monday", dt.date(2015, 10, 19), 0),
    ]
    assert only(nlp, "Talks collapsed last Monday, officials said.").date == dt.date(2015, 10, 5)


def test_weekday_without_publication_date_keeps_only_the_weekday(nlp: Language) -> None:
    mention = only(nlp, SEED_SENTENCE, None)
    assert fields(mention) == ("Sunday", None, None, None, None, 6, True)


def test_abbreviated_month_day_resolves_in_the_publication_year(nlp: Language) -> None:
    oct_4 = only(nlp, "A cluster munition was used in an airstrike southwest of Aleppo on Oct. 4.")
    assert fields(oct_4) == ("Oct. 4", dt.date(2015, 10, 4), 2015, 10, 4, 6, False)
    sept_30 = only(nlp, "Russian airstrikes began Sept. 30, officials said.")
    assert fields(sept_30) == ("Sept. 30", dt.date(2015, 9, 30), 2015, 9, 30, 2, False)


def test_month_day_without_publication_date_is_partial(nlp: Language) -> None:
    mention = only(nlp, "A cluster munition was used in an airstrike southwest of Aleppo on Oct. 4.", None)
    assert fields(mention) == ("Oct. 4", None, None, 10, 4, None, False)
    named = only(nlp, "The strikes continued through Sunday, Oct. 11.", None)
    assert (named.month, named.day, named.weekday, named.date) == (10, 11, 6, None)


def test_upcoming_date_stays_in_the_publication_year(nlp: Language) -> None:
    mention = only(nlp, "The vote is scheduled for Nov. 1, the commission said.")
    assert mention.date == dt.date(2015, 11, 1)


def test_full_dates_in_several_formats(nlp: Language) -> None:
    found = dates(nlp, "The summit took place on 4 October 2015 in Vienna and ended on 2015-10-04.", None)
    assert [(m.text, m.date, m.weekday, m.relative) for m in found] == [
        ("4 October 2015", dt.date(2015, 10, 4), 6, False),
        ("2015-10-04", dt.date(2015, 10, 4), 6, False),
    ]
    numeric = only(nlp, "The report, dated 12/10/2015, was released by the ministry.")
    assert numeric.date == dt.date(2015, 10, 12)  # day first
    written = only(nlp, "The deal was signed on Monday, October 12, 2015 in Geneva.", None)
    assert (written.date, written.weekday) == (dt.date(2015, 10, 12), 0)


def test_yesterday_today_and_days_ago(nlp: Language) -> None:
    found = dates(
        nlp, "Yesterday the ministry said the talks, which collapsed two days ago, would resume today."
    )
    assert [(m.text, m.date, m.relative) for m in found] == [
        ("Yesterday", dt.date(2015, 10, 11), True),
        ("two days ago", dt.date(2015, 10, 10), True),
        ("today", dt.date(2015, 10, 12), True),
    ]


def test_vague_spans_are_skipped_or_year_only(nlp: Language) -> None:
    assert dates(nlp, "Rebels advanced overnight, and in recent weeks the government has made gains.") == []
    found = dates(nlp, "Earlier this year the front was quiet, but last year it was not.")
    assert [(m.text.lower(), m.date, m.year, m.month, m.relative) for m in found] == [
        ("earlier this year", None, 2015, None, True),
        ("last year", None, 2014, None, True),
    ]


def test_month_in_a_relative_year(nlp: Language) -> None:
    mention = only(nlp, "Amid criticism of airstrikes that began in September last year, the army advanced.")
    assert fields(mention) == ("September last year", None, 2014, 9, None, None, True)


def test_weekday_inside_a_name_is_not_a_date(nlp: Language) -> None:
    assert [m.text for m in dates(nlp, "The Sunday Times reported that the attack came on Tuesday.")] == [
        "Tuesday"
    ]


def test_explicit_years_and_months(nlp: Language) -> None:
    found = dates(nlp, "He was born in 1990 and the war began in March 2011.")
    assert [(m.text, m.date, m.year, m.month, m.day, m.relative) for m in found] == [
        ("1990", None, 1990, None, None, False),
        ("March 2011", None, 2011, 3, None, False),
    ]


# --- conflicts --------------------------------------------------------------------------------------------


def test_tuesday_and_thursday_conflict(nlp: Language) -> None:
    tuesday, thursday = dates(
        nlp, "The attack happened on Tuesday, officials said, while others said it was Thursday."
    )
    assert dates_conflict(tuesday, thursday)
    tuesday, thursday = dates(nlp, "It happened on Tuesday, not Thursday, a witness said.", None)
    assert (tuesday.weekday, thursday.weekday) == (1, 3) and dates_conflict(tuesday, thursday)


def test_same_weekday_does_not_conflict(nlp: Language) -> None:
    assert not dates_conflict(only(nlp, SEED_SENTENCE), only(nlp, "Fighting raged on Sunday in Hama."))


def test_full_dates_conflict_when_they_differ(nlp: Language) -> None:
    oct_4 = only(nlp, "The airstrike on Oct. 4 hit a market.")
    assert dates_conflict(oct_4, only(nlp, "The airstrike on Oct. 5 hit a market."))
    assert not dates_conflict(oct_4, only(nlp, "The airstrike on 4 October 2015 hit a market."))
    assert dates_conflict(oct_4, only(nlp, SEED_SENTENCE))  # "Sunday" is 11 October


def test_month_day_without_year_compares_month_and_day(nlp: Language) -> None:
    partial = only(nlp, "The airstrike on Oct. 4 hit a market.", None)
    assert not dates_conflict(partial, only(nlp, "The airstrike on 4 October 2015 hit a market."))
    assert dates_conflict(partial, only(nlp, "The airstrike on 5 October 2015 hit a market."))


def test_weekday_against_a_resolved_date_compares_the_weekday(nlp: Language) -> None:
    sunday = only(nlp, SEED_SENTENCE, None)
    assert not dates_conflict(sunday, only(nlp, "The strikes began on Oct. 11, 2015, officials said."))
    assert dates_conflict(sunday, only(nlp, "The strikes began on Oct. 10, 2015, officials said."))


def test_vague_and_year_only_mentions_rarely_conflict(nlp: Language) -> None:
    last_year = only(nlp, "Last year the front was quiet.")
    assert not dates_conflict(last_year, only(nlp, "In 2015 the front was quiet."))
    assert not dates_conflict(
        only(nlp, "Earlier this year the front was quiet."), only(nlp, "It began on Oct. 4.")
    )
    assert dates_conflict(only(nlp, "The war began in 2011."), only(nlp, "The war began in 2012."))
    assert not dates_conflict(only(nlp, "The war began in March 2011."), only(nlp, "The war began in 2011."))
    assert dates_conflict(
        only(nlp, "The war began in March 2011."), only(nlp, "The war began in April 2011.")
    )


def test_weekday_and_month_only_do_not_conflict(nlp: Language) -> None:
    assert not dates_conflict(
        only(nlp, SEED_SENTENCE, None), only(nlp, "The offensive began in October.", None)
    )


def test_publication_datetime_is_read_as_its_day(nlp: Language) -> None:
    mention = only(nlp, SEED_SENTENCE, dt.datetime(2015, 10, 12, 18, 30))
    assert mention.date == dt.date(2015, 10, 11)


def test_a_weekday_after_an_evening_stamp_is_the_next_day_elsewhere(nlp: Language) -> None:
    # Thursday 13 May 2021, 20:00 in California: already Friday in UTC (and in Gaza).
    stamp = dt.datetime(2021, 5, 13, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    friday = only(nlp, "Israeli ground forces carried out attacks on the Gaza Strip early Friday.", stamp)
    assert friday.date == dt.date(2021, 5, 14)
    thursday = only(nlp, "Israeli forces attacked the Gaza Strip on Thursday.", stamp)
    assert thursday.date == dt.date(2021, 5, 13)
    last = only(nlp, "The talks broke down last Friday.", stamp)
    assert last.date == dt.date(2021, 5, 7)
    morning = dt.datetime(2021, 5, 13, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    assert only(nlp, "The talks broke down on Friday.", morning).date == dt.date(2021, 5, 7)
