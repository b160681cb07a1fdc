"""Quantities from real spaCy parses of news sentences, and when two of them contradict each other."""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from checker.quantities import Quantity, find_quantities, quantities_conflict, same_unit

from .conftest import SEED_SENTENCE


def quantities(nlp: Language, text: str) -> list[Quantity]:
    found = find_quantities(nlp(text))
    for quantity in found:
        assert text[quantity.start : quantity.end] == quantity.text  # offsets point at the words
    return found


def only(nlp: Language, text: str) -> Quantity:
    found = quantities(nlp, text)
    assert len(found) == 1, found
    return found[0]


def summary(found: list[Quantity]) -> list[tuple[str, float, float, float, str | None, str | None]]:
    return [(q.text, q.value, q.low, q.high, q.unit, q.qualifier) for q in found]


# --- finding and normalising ---------------------------------------------------------------------------


def test_seed_sentence_counts_sorties_and_sites_not_the_past_day(nlp: Language) -> None:
    found = quantities(nlp, SEED_SENTENCE)
    assert summary(found) == [
        ("64", 64.0, 64.0, 64.0, "sortie", None),
        ("63", 63.0, 63.0, 63.0, "site", None),
    ]
    assert found[0].start == SEED_SENTENCE.index("64 sorties")


def test_offsets_are_in_doc_text_when_given_a_sentence_span(nlp: Language) -> None:
    doc = nlp("Rebels held the town. " + SEED_SENTENCE)
    sentence = list(doc.sents)[-1]
    found = find_quantities(sentence)
    assert [(q.text, doc.text[q.start : q.end]) for q in found] == [("64", "64"), ("63", "63")]


def test_spelled_out_numbers(nlp: Language) -> None:
    found = quantities(nlp, "Officials said sixty-four sorties were flown and twelve civilians died.")
    assert summary(found) == [
        ("sixty-four", 64.0, 64.0, 64.0, "sortie", None),
        ("twelve", 12.0, 12.0, 12.0, "civilian", None),
    ]


def test_thousands_separator_and_scale_words(nlp: Language) -> None:
    found = quantities(
        nlp, "The war has cost 250,000 lives and displaced 11 million people; 1,200 homes were destroyed."
    )
    assert [(q.value, q.unit) for q in found] == [
        (250_000.0, "life"),
        (11_000_000.0, "people"),
        (1200.0, "home"),
    ]


def test_money_in_dollars_pounds_and_euros(nlp: Language) -> None:
    found = quantities(
        nlp, "The bill would cost $2.5 million, while London paid £300 and Brussels €2 billion."
    )
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("$2.5 million", 2_500_000.0, "dollar"),
        ("£300", 300.0, "pound"),
        ("€2 billion", 2_000_000_000.0, "euro"),
    ]


def test_percent_with_sign_word_and_qualifier(nlp: Language) -> None:
    found = quantities(
        nlp, "Unemployment fell to 10%, prices rose 5 per cent and about 10 percent of voters stayed home."
    )
    assert summary(found) == [
        ("10%", 10.0, 10.0, 10.0, "percent", None),
        ("5 per cent", 5.0, 5.0, 5.0, "percent", None),
        ("about 10 percent", 10.0, pytest.approx(9.0), pytest.approx(11.0), "percent", "about"),
    ]


def test_distance_quantity(nlp: Language) -> None:
    assert summary([only(nlp, "The convoy drove 25 km north of the city.")]) == [
        ("25 km", 25.0, 25.0, 25.0, "km", None)
    ]


def test_nearly_bounds_the_figure_from_below(nlp: Language) -> None:
    quantity = only(nlp, "Nearly 500 people have died since the fighting began.")
    assert summary([quantity]) == [("Nearly 500", 500.0, 450.0, 500.0, "killed", "nearly")]


def test_almost_and_over(nlp: Language) -> None:
    found = quantities(nlp, "Almost 200 families fled after over 100 vehicles were shelled.")
    assert summary(found) == [
        ("Almost 200", 200.0, 180.0, 200.0, "family", "almost"),
        ("over 100", 100.0, 100.0, math.inf, "vehicle", "over"),
    ]


def test_at_least_is_open_above_and_counts_the_killed(nlp: Language) -> None:
    found = quantities(nlp, "At least 12 people were killed and 40 others were wounded in the blast.")
    assert summary(found) == [
        ("At least 12", 12.0, 12.0, math.inf, "killed", "at least"),
        ("40", 40.0, 40.0, 40.0, "injured", None),
    ]


def test_more_than_and_fewer_than(nlp: Language) -> None:
    found = quantities(nlp, "More than 300 homes were destroyed and fewer than 20 survived.")
    assert summary(found) == [
        ("More than 300", 300.0, 300.0, math.inf, "home", "more than"),
        ("fewer than 20", 20.0, 0.0, 20.0, "survive", "fewer than"),
    ]


def test_up_to_is_open_below(nlp: Language) -> None:
    quantity = only(nlp, "The ministry said up to 50 tanks were destroyed.")
    assert (quantity.text, quantity.low, quantity.high, quantity.unit, quantity.qualifier) == (
        "up to 50",
        0.0,
        50.0,
        "tank",
        "up to",
    )


def test_about_and_roughly_allow_ten_percent_either_way(nlp: Language) -> None:
    found = quantities(nlp, "About 300 rebels surrendered, and roughly 1,000 soldiers were deployed.")
    assert summary(found) == [
        ("About 300", 300.0, 270.0, pytest.approx(330.0), "rebel", "about"),
        ("roughly 1,000", 1000.0, 900.0, pytest.approx(1100.0), "soldier", "roughly"),
    ]


def test_vague_plurals_and_a_dozen(nlp: Language) -> None:
    found = quantities(
        nlp, "Dozens of people were injured and hundreds more fled, while thousands protested."
    )
    assert [(q.text, q.low, q.high, q.qualifier) for q in found] == [
        ("Dozens", 24.0, 119.0, "dozens"),
        ("hundreds", 200.0, 999.0, "hundreds"),
        ("thousands", 2000.0, 9999.0, "thousands"),
    ]
    assert found[0].unit == "injured"
    dozen = only(nlp, "A dozen rockets hit the highway.")
    assert (dozen.text, dozen.value, dozen.unit, dozen.qualifier) == ("A dozen", 12.0, "rocket", "dozen")
    assert dozen.low < 12 < dozen.high


def test_ranges_between_hyphen_to_and_or(nlp: Language) -> None:
    found = quantities(
        nlp, "Between 10 and 12 soldiers were killed in 30 to 40 attacks on two or three villages."
    )
    assert summary(found) == [
        ("Between 10 and 12", 10.0, 10.0, 12.0, "soldier", "range"),
        ("30 to 40", 30.0, 30.0, 40.0, "attack", "range"),
        ("two or three", 2.0, 2.0, 3.0, "village", "range"),
    ]
    hyphen = only(nlp, "Officials said 10-12 fighters were captured.")
    assert (hyphen.text, hyphen.low, hyphen.high, hyphen.qualifier) == ("10-12", 10.0, 12.0, "range")


def test_change_from_one_figure_to_another_is_two_figures_not_a_range(nlp: Language) -> None:
    found = quantities(nlp, "The death toll rose from 12 to 40 on Monday.")
    assert [(q.text, q.value, q.qualifier, q.unit) for q in found] == [
        ("12", 12.0, None, "dead"),
        ("40", 40.0, None, "dead"),
    ]


def test_several_hundred_and_a_score(nlp: Language) -> None:
    several = only(nlp, "Several hundred people watched the parade.")
    assert (several.text, several.low, several.high, several.unit) == (
        "Several hundred",
        200.0,
        999.0,
        "people",
    )
    assert quantities(nlp, "The final score was 3-1 after extra time.") == []


def test_dead_and_death_toll_units(nlp: Language) -> None:
    assert only(nlp, "The toll rose to 40 dead by Monday evening.").unit == "dead"
    assert only(nlp, "The death toll rose to 40 on Monday, officials said.").unit == "dead"
    assert only(nlp, "The airstrikes killed 12 people near the border.").unit == "killed"


def test_years_are_not_quantities(nlp: Language) -> None:
    found = quantities(nlp, "In 2015 the war, which began in 2011, displaced 4,000 families.")
    assert [(q.value, q.unit) for q in found] == [(4000.0, "family")]


def test_ids_codes_and_names_are_not_quantities(nlp: Language) -> None:
    assert quantities(nlp, "The council passed Resolution 2254 after the F-16 was shot down.") == []
    assert quantities(nlp, "The two men attended a Formula One race in Sochi.")[0].value == 2.0
    assert len(quantities(nlp, "The two men attended a Formula One race in Sochi.")) == 1
    found = quantities(nlp, "COVID-19 cases rose to 1,200 along the A1 highway.")
    assert [(q.value, q.unit) for q in found] == [(1200.0, "case")]
    assert quantities(nlp, "Call 555-123-4567 for details about the MiG-29 jets.") == []


def test_ordinals_are_not_quantities(nlp: Language) -> None:
    found = quantities(nlp, "It was the second village seized, the 3rd such attack, and 5 soldiers died.")
    assert [(q.value, q.unit) for q in found] == [(5.0, "soldier")]


def test_no_one_is_not_a_count(nlp: Language) -> None:
    found = quantities(nlp, "No one was killed, but the strike wounded 30 civilians.")
    assert [(q.value, q.unit) for q in found] == [(30.0, "civilian")]


# --- units and conflicts ----------------------------------------------------------------------------------


def test_same_unit_knows_simple_synonyms(nlp: Language) -> None:
    killed = only(nlp, "At least 12 people were killed in the blast.")
    dead = only(nlp, "The toll rose to 40 dead by Monday evening.")
    deaths = only(nlp, "The ministry reported 40 deaths in the province.")
    fatalities = only(nlp, "Police confirmed 40 fatalities on the road.")
    wounded = only(nlp, "The hospital treated 40 wounded soldiers.")
    injured = only(nlp, "The blast injured 12 people.")
    people = only(nlp, "Police said 300 people gathered in the square.")
    persons = only(nlp, "Police said 300 persons gathered in the square.")
    assert deaths.unit == "death" and fatalities.unit == "fatality"
    assert same_unit(killed, dead) and same_unit(dead, deaths) and same_unit(killed, fatalities)
    assert injured.unit == "injured" and same_unit(injured, only(nlp, "40 others were wounded in the blast."))
    assert same_unit(people, persons)
    assert not same_unit(killed, injured)
    assert not same_unit(killed, people)  # "12 people were killed" counts the dead, not a crowd
    assert wounded.unit == "soldier"


def test_units_must_match_to_conflict(nlp: Language) -> None:
    sorties, sites = quantities(nlp, SEED_SENTENCE)
    assert not same_unit(sorties, sites)
    assert not quantities_conflict(sorties, sites)


def conflict(nlp: Language, first: str, second: str, tolerance: float = 0.1) -> bool:
    return quantities_conflict(only(nlp, first), only(nlp, second), tolerance)


def test_different_counts_conflict(nlp: Language) -> None:
    assert conflict(nlp, "The jets carried out 64 sorties.", "The jets carried out 40 sorties.")
    assert conflict(
        nlp, "The toll rose to 12 dead by Monday evening.", "The toll rose to 40 dead by Monday evening."
    )
    assert conflict(nlp, "At least 12 people were killed in the blast.", "The blast left 5 dead.")


def test_equal_counts_do_not_conflict(nlp: Language) -> None:
    assert not conflict(nlp, "The jets carried out 64 sorties.", "Russian jets flew sixty-four sorties.")


def test_round_figure_is_an_approximation(nlp: Language) -> None:
    assert not conflict(nlp, "The blast killed 500 people.", "The blast killed 487 people.")
    assert conflict(nlp, "The blast killed 500 people.", "The blast killed 487 people.", tolerance=0.0)
    assert conflict(nlp, "The blast killed 480 people.", "The blast killed 487 people.")  # neither is round


def test_qualified_figures(nlp: Language) -> None:
    assert not conflict(nlp, "Nearly 500 people have died.", "The blast killed 480 people.")
    assert not conflict(nlp, "At least 12 people were killed in the blast.", "The toll rose to 40 dead.")
    assert conflict(nlp, "About 300 rebels surrendered.", "Officials said 1,000 rebels surrendered.")
    assert not conflict(nlp, "About 300 rebels surrendered.", "Officials said 310 rebels surrendered.")
    assert conflict(nlp, "More than 300 homes were destroyed.", "Officials said 200 homes were destroyed.")
    assert not conflict(nlp, "Up to 50 tanks were destroyed.", "Officials said 45 tanks were destroyed.")


def test_ranges_and_vague_figures(nlp: Language) -> None:
    assert not conflict(
        nlp, "Between 10 and 12 soldiers were killed.", "Officials said 11 soldiers were killed."
    )
    assert conflict(nlp, "Between 10 and 12 soldiers were killed.", "Officials said 20 soldiers were killed.")
    assert not conflict(nlp, "Dozens of people were injured.", "The blast injured 40 people.")
    assert conflict(nlp, "Dozens of people were injured.", "The blast injured 400 people.")


def test_percent_and_money_conflicts(nlp: Language) -> None:
    assert conflict(nlp, "Turnout was 10% in the capital.", "Turnout was 40 percent in the capital.")
    assert not conflict(nlp, "The bill would cost $2.5 million.", "The bill would cost $2.4 million.")
    assert not conflict(nlp, "The bill would cost $2.5 million.", "The bill would cost €2.5 million.")


def test_conflict_on_constructed_quantities() -> None:
    twelve = Quantity("12", 0, 2, 12.0, 12.0, 12.0, "dead", None)
    forty = Quantity("40", 0, 2, 40.0, 40.0, 40.0, "killed", None)
    unknown = Quantity("40", 0, 2, 40.0, 40.0, 40.0, None, None)
    assert quantities_conflict(twelve, forty)
    assert not quantities_conflict(twelve, unknown)  # an unknown unit never matches
