"""Slot rules on real sentences from multi-outlet coverage, read by the real spaCy pipeline: figures of
other things, offices, one office held by two names, and a verb negated on one side only."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from checker.article import Article
from checker.claims import Claim, extract_claims
from checker.slots import negated_against_asserted, same_office, slot_diffs

PUBLISHED = dt.datetime(2021, 9, 3, 12, 0)


def _claim(nlp: Language, text: str, name: str = "a") -> Claim:
    article = Article(id=name, source=name, text=text, published=PUBLISHED)
    (claim,) = extract_claims([article], nlp)[name]
    return claim


def _kinds(nlp: Language, a: str, b: str) -> dict[str, tuple[str, str]]:
    diffs = slot_diffs(_claim(nlp, a, "a"), _claim(nlp, b, "b"))
    return {d.kind: (d.a, d.b) for d in reversed(diffs)}


def test_a_shared_figure_makes_the_other_figures_of_its_unit_other_facts(nlp: Language) -> None:
    # 235,000 is stated on both sides (the parser reads what it counts on one side only); the forecast
    # and July's figure are other quantities, not a disputed count.
    a = (
        "Employers added 235,000 jobs last month, the Labor Department reported on Friday, far fewer "
        "than the roughly 700,000 expected by forecasters."
    )
    b = (
        "The Labor Department's jobs report shows that non-farm payroll employment rose by 235,000 in "
        "August, down from 943,000 jobs added in July."
    )
    assert "number" not in _kinds(nlp, a, b)


def test_a_different_figure_for_the_same_count_still_conflicts(nlp: Language) -> None:
    a = "Employers added 235,000 jobs last month, the Labor Department reported on Friday."
    b = "Employers added 600,000 jobs last month, the Labor Department said on Friday."
    assert _kinds(nlp, a, b)["number"] == ("235,000", "600,000")


def test_two_offices_of_one_person_conflict(nlp: Language) -> None:
    a = "Senator Joe Biden said Tuesday the United States was opening a new era of relentless diplomacy."
    b = "President Joe Biden said Tuesday the United States was opening a new era of relentless diplomacy."
    assert _kinds(nlp, a, b)["role"] == ("senator", "president")


def test_a_former_office_and_a_rank_beside_an_office_do_not_conflict(nlp: Language) -> None:
    a = "Former Sen. Joe Biden spoke at the rally in Wilmington on Tuesday evening."
    b = "President Joe Biden spoke at the rally in Wilmington on Tuesday evening."
    assert "role" not in _kinds(nlp, a, b)
    a = "Gen. Mark Milley, the chairman of the Joint Chiefs of Staff, testified before the Senate on Tuesday."
    b = "Chairman Mark Milley testified before the Senate Armed Services Committee on Tuesday."
    assert "role" not in _kinds(nlp, a, b)


def test_abbreviated_titles_and_titles_inside_the_name_are_read_as_roles(nlp: Language) -> None:
    claim = _claim(nlp, "Gov. Andrew Cuomo on Tuesday declared a state of emergency over gun violence.")
    (cuomo,) = [m for m in claim.entities if m.label == "PERSON"]
    assert cuomo.role == "governor"
    claim = _claim(
        nlp, "Governor Joe Biden on Thursday announced new steps to get more Americans vaccinated."
    )
    (biden,) = [m for m in claim.entities if m.label == "PERSON"]
    assert biden.role == "governor" and biden.text == "Joe Biden"


def test_two_names_for_one_office_are_one_participant_slot(nlp: Language) -> None:
    a = "President Kavanaugh will sign an executive order Friday afternoon on corporate consolidation."
    b = "President Biden on Friday will sign a sweeping new executive order on corporate consolidation."
    (diff,) = [d for d in slot_diffs(_claim(nlp, a, "a"), _claim(nlp, b, "b")) if d.kind == "participant"]
    assert diff.one_office
    assert same_office("secretary", "human services secretary")
    assert not same_office("treasury secretary", "defense secretary")
    assert not same_office("vice president", "president")
    assert not same_office("former president", "president")
    assert not same_office("senator", "senator")  # a hundred of them


def test_a_verb_negated_on_one_side_only_is_a_polarity_difference(nlp: Language) -> None:
    a = (
        "Merck and Ridgeback Biotherapeutics did not announce Monday the submission of an emergency use "
        "authorization request for molnupiravir."
    )
    b = (
        "Merck and its partner Ridgeback Biotherapeutics announced Monday that it has asked the Food and "
        "Drug Administration for emergency approval of its COVID-19 pill."
    )
    assert _kinds(nlp, a, b)["polarity"] == ("not announce", "announce")


def test_hedged_or_modal_verbs_are_not_polarity_differences(nlp: Language) -> None:
    asserted = _claim(nlp, "The Senate voted on Wednesday on legislation to extend government funding.")
    modal = _claim(nlp, "The Senate may not vote on Wednesday on legislation to extend government funding.")
    wanted = _claim(nlp, "The Senate did not want to vote on legislation to extend government funding.")
    hedged = _claim(nlp, "The Senate leader declined to confirm that the chamber voted on the funding bill.")
    assert negated_against_asserted(modal, asserted) is None  # "may not" leaves it open
    assert "vote" not in wanted.asserted_verbs and "vote" not in wanted.negated_verbs
    assert negated_against_asserted(hedged, asserted) is None


def test_dates_of_a_statement_a_thing_and_an_event_are_not_two_accounts_of_one_date(nlp: Language) -> None:
    # The Taliban announced on Tuesday; the attacks were on Sept. 11: two dates of two things.
    a = (
        "Four days before the 20th anniversary of the Sept. 11 attacks, the Taliban declared the "
        "restoration of their Islamic Emirate and named a new government."
    )
    b = (
        "The Taliban announced the members of its interim government Tuesday for the newly-formed "
        "\u201cIslamic Emirate of Afghanistan\u201d one week after the U.S. completed its military "
        "withdrawal from the country."
    )
    assert "date" not in _kinds(nlp, a, b)
    # Two sources, each quoted on the day it spoke.
    a = "George Floyd's sister Bridgett Floyd said Thursday that the family would celebrate his life."
    b = "The family will celebrate George Floyd's life in a very special way, CNBC reported Sunday."
    assert "date" not in _kinds(nlp, a, b)


def test_one_event_dated_twice_still_conflicts(nlp: Language) -> None:
    a = (
        "Vaccine advisers to the FDA voted unanimously Saturday to recommend a booster dose of "
        "Moderna's vaccine."
    )
    b = (
        "A Food and Drug Administration advisory panel voted unanimously Thursday in favor of "
        "Moderna boosters."
    )
    assert _kinds(nlp, a, b)["date"] == ("Saturday", "Thursday")
    a = "Treasury Secretary Janet Yellen on Friday told Congress that the U.S. will run out of flexibility."
    b = (
        "Treasury Secretary Janet Yellen on Tuesday again warned lawmakers that the nation was "
        "close to default."
    )
    assert _kinds(nlp, a, b)["date"] == ("Friday", "Tuesday")


def test_organisations_named_in_passing_are_not_people_swapped(nlp: Language) -> None:
    a = (
        "Sen. Rand Paul on Tuesday escalated his feud with Anthony Fauci about the role the National "
        "Institutes of Health played in funding research in Wuhan."
    )
    b = (
        "Senator Rand Paul and Dr. Anthony Fauci again clashed over research in Wuhan before a "
        "Senate committee on Tuesday."
    )
    diffs = [d for d in slot_diffs(_claim(nlp, a, "a"), _claim(nlp, b, "b")) if d.kind == "participant"]
    assert all(not d.between_people for d in diffs)


def test_a_negation_in_a_side_clause_is_not_a_polarity_difference(nlp: Language) -> None:
    a = (
        "The case involved former student Gavin Grimm, who filed a federal lawsuit after he was told he "
        "could not use the boys bathroom at his high school."
    )
    b = "The school board denied Gavin Grimm the right to use the bathroom, and he used the nurse's room."
    assert "polarity" not in _kinds(nlp, a, b)


def test_one_office_qualified_two_ways_is_not_a_role_conflict(nlp: Language) -> None:
    a = "Afghanistan President Ashraf Ghani is resisting calls to resign as his allies melt away."
    b = "Afghan President Ashraf Ghani on Saturday said he started consultations on how to unite the country."
    assert "role" not in _kinds(nlp, a, b)


def test_a_shared_percentage_leaves_the_other_percentages_other_facts(nlp: Language) -> None:
    a = (
        "The Labor Department said Tuesday that the consumer price index rose 0.9% in June, faster "
        "than the 0.6% increase in May."
    )
    b = (
        "Tuesday's report from the Labor Department showed that consumer prices in June rose 0.9% "
        "from May and 5.4% over the past year."
    )
    assert "number" not in _kinds(nlp, a, b)


def test_the_same_title_on_two_names_is_marked(nlp: Language) -> None:
    a = "YouTube suspended Republican Senator Andrew Saul for seven days on Tuesday night for posting a video."
    b = "YouTube on Tuesday suspended Senator Rand Paul of Kentucky from publishing for a week over a video."
    (diff,) = [d for d in slot_diffs(_claim(nlp, a, "a"), _claim(nlp, b, "b")) if d.kind == "participant"]
    assert diff.same_title and not diff.one_office  # a hundred senators
    assert same_office("director", "census bureau director")


def test_the_night_before_and_another_time_zone_are_not_another_day(nlp: Language) -> None:
    a = "Israeli forces attacked the Gaza Strip on Thursday, marking a new level of conflict in the region."
    b = "Israeli ground forces carried out attacks on the Gaza Strip early on Friday in an escalation of the conflict."
    assert "date" not in _kinds(nlp, a, b)
    a = "Kim's announcement on Thursday (local time) came as North Korea prepared for the summit talks."
    b = "North Korea's leader Kim made the announcement on Wednesday as the country prepared for the summit talks."
    assert "date" not in _kinds(nlp, a, b)


def test_a_city_and_the_state_or_nation_it_lies_in_do_not_conflict(nlp: Language) -> None:
    # A more specific and a less specific account of one place, like a city against its country.
    template = "Flood waters rose in {} on Monday, forcing 3,000 people from their homes."
    for city, region in (("Houston", "Texas"), ("Glasgow", "Scotland"), ("Los Angeles", "California")):
        assert "place" not in _kinds(nlp, template.format(city), template.format(region)), city
        assert "place" not in _kinds(nlp, template.format(region), template.format(city)), city
    # Two cities, or a city and another state, still conflict.
    assert _kinds(nlp, template.format("Houston"), template.format("Dallas"))["place"] == (
        "Houston",
        "Dallas",
    )
    assert _kinds(nlp, template.format("Houston"), template.format("Ohio"))["place"] == ("Houston", "Ohio")
