"""The synthetic NLI generator's rewrites on real-looking news sentences: each family makes the rewrite it
names, refuses the cases that would mislabel the pair, and is deterministic for a seed."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from spacy.language import Language

from checker.training.synthetic import contradictions as cont
from checker.training.synthetic import descriptions, figures, generation
from checker.training.synthetic.core import (
    Context,
    Pool,
    Sentence,
    article_facts,
    build_pool,
    sentence_from_doc,
)
from checker.training.synthetic.deletions import drops
from checker.training.synthetic.lexicon import WEEKDAYS


def parse(nlp: Language, *texts: str, article: str = "bbc_news:t1") -> list[Sentence]:
    return [
        sentence_from_doc(text, article, i, doc)
        for i, (text, doc) in enumerate(zip(texts, nlp.pipe(texts), strict=True))
    ]


def context(group: Sequence[Sentence], seed: int = 0, pool: Pool | None = None) -> Context:
    names: dict[str, list[str]] = {}
    for sentence in group:
        for entity in sentence.entities:
            names.setdefault(entity.label, []).append(entity.text)
    return Context(
        generation.seeded(seed, "test"), pool or build_pool(group), names, list(group), article_facts(group)
    )


def one(nlp: Language, text: str) -> tuple[Sentence, Context]:
    [sentence] = parse(nlp, text)
    return sentence, context([sentence])


# ---- entity -> description (entailment) ------------------------------------------------------------------


def test_a_capital_becomes_the_capital_of_its_country(nlp: Language) -> None:
    sentence, ctx = one(nlp, "Talks between the two sides resumed in Damascus on Tuesday, officials said.")
    rewritten = descriptions.describe_capital(sentence, ctx)
    assert rewritten is not None and "Damascus" not in rewritten
    assert any(
        d in rewritten for d in ("in the Syrian capital", "in the capital of Syria", "in Syria's capital")
    )
    # Read either way, both name one city: the pair is an entailment in both directions.
    pair = descriptions.name_capital(sentence, ctx)
    assert pair is not None and sentence.text in pair


def test_a_capital_that_is_not_the_city_is_left_alone(nlp: Language) -> None:
    for text in (
        "The striker scored twice as Paris Saint-Germain beat Lyon on Sunday.",
        "Wildfires have destroyed hundreds of homes in Washington state this summer.",
        "Brent crude rose in London trading on Friday, adding $1.20 to $48.60.",
    ):
        sentence, ctx = one(nlp, text)
        assert descriptions.describe_capital(sentence, ctx) is None, text


def test_a_capital_generalises_to_its_country(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The trade minister arrived in Tokyo for two days of talks on car exports.")
    assert descriptions.generalise_place(sentence, ctx) == (
        "The trade minister arrived in Japan for two days of talks on car exports."
    )


def test_a_metonym_becomes_the_institution_it_stands_for(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The Kremlin denied the report on Monday, calling it a provocation.")
    rewritten = descriptions.describe_metonym(sentence, ctx)
    assert rewritten in {
        "Moscow denied the report on Monday, calling it a provocation.",
        "The Russian government denied the report on Monday, calling it a provocation.",
        "The Russian presidency denied the report on Monday, calling it a provocation.",
    }
    # A capital acting as its government.
    sentence, ctx = one(nlp, "Beijing has rejected the accusations as groundless and politically motivated.")
    assert descriptions.describe_metonym(sentence, ctx) == (
        "The Chinese government has rejected the accusations as groundless and politically motivated."
    )


def test_a_building_as_a_place_is_not_a_metonym(nlp: Language) -> None:
    sentence, ctx = one(nlp, "Protesters gathered outside the White House on Friday evening.")
    assert descriptions.describe_metonym(sentence, ctx) is None


def test_a_person_becomes_the_title_the_article_gives_them(nlp: Language) -> None:
    group = parse(
        nlp,
        "Chancellor Gordon Brown will present his budget to MPs next month.",
        "Mr Brown said the economy would grow by 3% this year despite higher oil prices.",
    )
    ctx = context(group)
    assert descriptions.describe_person(group[1], ctx) == (
        "The chancellor said the economy would grow by 3% this year despite higher oil prices."
    )
    # The sentence's own title replaces the titled name.
    assert (
        descriptions.describe_person(group[0], ctx)
        == "The chancellor will present his budget to MPs next month."
    )


def test_a_title_inside_a_larger_phrase_is_not_cut_out(nlp: Language) -> None:
    sentence, ctx = one(
        nlp, "Critics say an angry President Nicolas Maduro has ordered the factories seized."
    )
    assert descriptions.describe_person(sentence, ctx) is None


def test_corpus_titles_are_trusted_only_for_a_single_period_dataset(nlp: Language) -> None:
    titled = [f"Chancellor Gordon Brown spoke in {place} on Monday." for place in ("Leeds", "York", "Bath")]
    other = "Mr Brown said the economy would grow by 3% this year."
    bbc = [*parse(nlp, *titled, article="bbc_news:a"), *parse(nlp, other, article="bbc_news:b")]
    assert build_pool(bbc).titles == {"bbc_news\tGordon Brown": "chancellor"}
    allsides = [*parse(nlp, *titled, article="allsides_neus:a")]
    assert build_pool(allsides).titles == {}


def test_an_organisation_becomes_what_the_article_calls_it(nlp: Language) -> None:
    group = parse(
        nlp,
        "German car maker BMW has announced £100m of new investment in its Oxford plant.",
        "BMW said the money would be spent on new production lines.",
    )
    assert descriptions.describe_organisation(group[1], context(group)) == (
        "The car maker said the money would be spent on new production lines."
    )


def test_the_one_country_of_a_sentence_becomes_the_country(nlp: Language) -> None:
    sentence, ctx = one(nlp, "France's economy grew by 0.7% in the third quarter, official figures showed.")
    assert descriptions.describe_country(sentence, ctx) == (
        "The country's economy grew by 0.7% in the third quarter, official figures showed."
    )
    sentence, ctx = one(nlp, "Growth in the US economy slowed to 3% in the third quarter.")
    assert descriptions.describe_country(sentence, ctx) is None  # "the country economy"


# ---- figures and dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police said 12 people were arrested after the match.", "Police said a dozen people were arrested"),
        ("Seven ships were damaged in the storm overnight.", "Several ships were damaged"),
        ("The retailer plans to open 45 stores in the north next year.", "to open dozens of stores"),
        ("The firm said 3,400 workers would lose their jobs by June.", "said thousands of workers"),
    ],
)
def test_a_count_is_generalised_to_a_vague_quantity(nlp: Language, text: str, expected: str) -> None:
    sentence, ctx = one(nlp, text)
    rewritten = figures.generalise_number(sentence, ctx)
    assert rewritten is not None and expected in rewritten, rewritten


def test_no_figure_is_generalised_under_negation(nlp: Language) -> None:
    sentence, ctx = one(nlp, "Police said they had not arrested 12 people after the match.")
    assert figures.generalise_number(sentence, ctx) is None
    assert figures.approximate(sentence, ctx) is None


def test_the_reverse_of_an_exact_vague_quantity_is_not_neutral(nlp: Language) -> None:
    """ "a dozen" is 12: only the vague forms are read backwards as more specific (neutral)."""
    sentence, ctx = one(nlp, "Police said 12 people were arrested after the match.")
    assert figures.specify_number(sentence, ctx) is None
    sentence, ctx = one(nlp, "Police said 7 people were arrested after the match.")
    assert (
        figures.specify_number(sentence, ctx) == "Police said several people were arrested after the match."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Passengers on flight 116 were held at the terminal for three hours.",  # a label, not a count
        "Markets in Asia closed at 0710 GMT on Wednesday after a quiet session.",  # a time
        "Inflation hit its highest level in 14 months, official figures showed.",  # ranked within 14 months
    ],
)
def test_a_label_a_time_or_a_ranked_span_is_not_approximated(nlp: Language, text: str) -> None:
    sentence, ctx = one(nlp, text)
    assert figures.approximate(sentence, ctx) is None


def test_money_is_bounded_below(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The group said the takeover would cost £3.5bn in cash and shares.")
    assert (
        figures.approximate(sentence, ctx)
        == "The group said the takeover would cost more than £3bn in cash and shares."
    )


def test_a_date_is_widened(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The agreement was signed on 21 March 2005 by both governments.")
    assert figures.generalise_date(sentence, ctx) in {
        "The agreement was signed in March 2005 by both governments.",
        "The agreement was signed in 2005 by both governments.",
    }
    sentence, ctx = one(nlp, "The factory closed in 1998 after years of losses.")
    assert figures.generalise_date(sentence, ctx) is None  # a year is widened by its own family
    assert figures.generalise_year(sentence, ctx) == "The factory closed in the 1990s after years of losses."
    sentence, ctx = one(nlp, "The offer will remain open until 21 March for all shareholders.")
    assert figures.generalise_date(sentence, ctx) is None  # "until March" is not entailed


# ---- deletions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "shorter"),
    [
        (
            "The company cut 500 jobs at its Oxford plant, which opened in 1998.",
            "relative_clause",
            "The company cut 500 jobs at its Oxford plant.",
        ),
        (
            "After the talks collapsed, the union called a strike for next week.",
            "adverbial_clause",
            "The union called a strike for next week.",
        ),
        (
            "Shares in the retailer rose 5% after it reported higher profits.",
            "adverbial_clause",
            "Shares in the retailer rose 5%.",
        ),
        (
            "Gordon Brown, the chancellor, said growth would be strong next year.",
            "apposition",
            "Gordon Brown said growth would be strong next year.",
        ),
    ],
)
def test_a_clause_that_only_adds_is_dropped(nlp: Language, text: str, kind: str, shorter: str) -> None:
    [sentence] = parse(nlp, text)
    assert (shorter, kind, True) in drops(sentence)


@pytest.mark.parametrize(
    "text",
    [
        # The comma after the clause opens an apposition, not the rest of the main clause.
        "He teaches at Tulane University in New Orleans, where he lives with his wife, a strategist.",
        # "the first time ... because of weather": dropping the phrase changes what is ranked.
        "The exchange was closed for a second day, the first time that has happened because of weather.",
    ],
)
def test_a_clause_whose_removal_breaks_the_sentence_is_kept(nlp: Language, text: str) -> None:
    [sentence] = parse(nlp, text)
    assert not [kind for _, kind, _ in drops(sentence) if kind in ("relative_clause", "adverbial_phrase")]


def test_nothing_is_dropped_under_negation(nlp: Language) -> None:
    [sentence] = parse(nlp, "The union did not call a strike after the talks collapsed on Monday.")
    assert drops(sentence) == []


def test_a_list_is_not_an_apposition(nlp: Language) -> None:
    [sentence] = parse(nlp, "The stake was sold to Hutchison, the Sterling group and the Tata group.")
    assert not [kind for _, kind, _ in drops(sentence) if kind == "apposition"]


# ---- contradictions ------------------------------------------------------------------------------------


def test_a_rank_changes(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The bank reported its third consecutive quarterly loss on Thursday.")
    edit = cont.change_ordinal(sentence, ctx)
    assert edit is not None and edit[2] == "cont:ordinal"
    assert (
        "third" not in edit[1]
        and edit[1].replace("fifth", "third").replace("sixth", "third") == sentence.text
    )
    for text in (
        "The firm sells its software through third-party applications.",
        "The president thanked first responders for their work during the storm.",
        "Critics said the candidate's family-first message had fallen flat.",
    ):
        sentence, ctx = one(nlp, text)
        assert cont.change_ordinal(sentence, ctx) is None, text


def test_an_amount_of_money_changes(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The club was sold for £30m to a US investor last year.")
    edit = cont.change_money(sentence, ctx)
    assert edit is not None and edit[2] == "cont:money"
    assert "£30m" not in edit[1] and edit[1] in {
        sentence.text.replace("£30m", new) for new in ("£12m", "£15m", "£60m", "£90m", "£30bn")
    }


def test_a_relative_date_changes_within_its_tense(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The factory was closed last week after a fire in its paint shop.")
    edit = cont.change_relative_date(sentence, ctx)
    assert edit is not None and edit[1] in {
        sentence.text.replace("last week", new) for new in ("this week", "last year")
    }
    sentence, ctx = one(nlp, "The minister will visit the flooded region next week.")
    edit = cont.change_relative_date(sentence, ctx)
    assert edit is not None and edit[1] in {
        sentence.text.replace("next week", new) for new in ("this week", "next year")
    }


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("Shares in the bank fell 3% on Monday.", "Shares in the bank rose 3%"),
        ("The company said it would hire more workers at its Leeds depot.", "would hire fewer workers"),
        ("The judge said the defendant was found guilty of fraud in 2003.", "was found innocent of fraud"),
    ],
)
def test_an_antonym_flips_the_fact(nlp: Language, text: str, changed: str) -> None:
    sentence, ctx = one(nlp, text)
    edit = cont.antonym(sentence, ctx)
    assert edit is not None and changed in edit[1], edit


def test_under_negation_only_the_negating_verb_flips(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The board refused to approve the merger on Monday.")
    assert cont.antonym(sentence, ctx) == (
        sentence.text,
        "The board agreed to approve the merger on Monday.",
        "cont:antonym",
    )
    sentence, ctx = one(nlp, "Prices did not rise in January, the statistics office said.")
    assert cont.antonym(sentence, ctx) is None  # "did not rise" and "did not fall" can both hold


def test_no_fact_is_changed_under_negation(nlp: Language) -> None:
    parsed = parse(nlp, "Trump is not the first candidate to skip a debate, his aides said on Monday.")
    found = generation.candidates(parsed, build_pool(parsed), seed=0)
    assert found["cont:polarity"] and not found["cont:ordinal"] and not found["cont:relative_date"]


def test_an_idiom_is_not_flipped(nlp: Language) -> None:
    for text in (
        "The singer fell ill during the tour and cancelled three concerts.",
        "Rebels lost their lives in the fighting near the border.",
    ):
        sentence, ctx = one(nlp, text)
        assert cont.antonym(sentence, ctx) is None, text


def test_subject_and_object_are_exchanged(nlp: Language) -> None:
    sentence, ctx = one(nlp, "Microsoft sued Google over the use of its patents in 2004.")
    assert cont.swap_roles(sentence, ctx) == (
        sentence.text,
        "Google sued Microsoft over the use of its patents in 2004.",
        "cont:swap",
    )
    for text in (
        "Mr Blair told Mr Brown that the plan would work.",  # speech: B may have told A too
        "President Bush met Tony Blair at Camp David on Friday.",  # symmetric
    ):
        sentence, ctx = one(nlp, text)
        assert cont.swap_roles(sentence, ctx) is None, text


def test_the_ends_of_a_change_are_exchanged(nlp: Language) -> None:
    sentence, ctx = one(nlp, "The central bank cut interest rates from 5% to 4.75% on Thursday.")
    assert cont.swap_direction(sentence, ctx) == (
        sentence.text,
        "The central bank cut interest rates from 4.75% to 5% on Thursday.",
        "cont:swap_direction",
    )
    sentence, ctx = one(nlp, "Prices at the market range from 5 to 10 dollars a kilo.")
    assert cont.swap_direction(sentence, ctx) is None  # a range reversed is the same range


# ---- generation ----------------------------------------------------------------------------------------

ARTICLE = (
    "Chancellor Gordon Brown will present his budget to MPs in London on 16 March 2005.",
    "Mr Brown said the economy would grow by 3% this year, after 12 months of rising prices.",
    "After the talks collapsed, the union called a strike for next week, officials said.",
    "German car maker BMW has announced £100m of new investment in its Oxford plant.",
    "BMW said the money would be spent on new production lines, which open in 2006.",
    "Shares in the bank fell 3% in early trading after it reported its third quarterly loss.",
)


def test_generation_is_deterministic_for_a_seed(nlp: Language) -> None:
    parsed = parse(nlp, *ARTICLE)
    first = generation.generate(parsed, 30, seed=3)
    assert first == generation.generate(parsed, 30, seed=3)
    assert first != generation.generate(parsed, 30, seed=4)
    families = set(generation.family_counts(first))
    assert {"enta:describe_person", "enta:describe_organisation", "cont:ordinal", "cont:money"} <= families


def test_quotas_share_evenly_and_pass_on_what_a_small_member_lacks() -> None:
    assert generation.even_shares({"a": 100, "b": 100, "c": 5}, 60) == {"a": 28, "b": 27, "c": 5}
    assert generation.even_shares({"a": 3, "b": 0}, 10) == {"a": 3, "b": 0}


def test_some_contradictions_also_add_a_date_or_place(nlp: Language) -> None:
    # Two outlets' sentences on one event differ in details besides the contradicted fact: a model taught
    # only bare edits reads "added a date or place" as neutral whatever else changed.
    parsed = parse(nlp, *ARTICLE)
    found = generation.candidates(parsed, generation.build_pool(parsed), seed=0)
    contradictions = [p for pairs in found.values() for p in pairs if p.label == "contradiction"]
    added = [p for p in contradictions if p.family.endswith("+added_fact")]
    assert 0 < len(added) < len(contradictions)
    for pair in added:
        ending = re.search(r" (on|in) ([A-Z][\w ]+)\.$", pair.premise) or re.search(
            r" (on|in) ([A-Z][\w ]+)\.$", pair.hypothesis
        )
        assert ending, pair
        assert ending.group(1) == "in" or ending.group(2) in WEEKDAYS
