"""Cross-outlet training pairs on real models: two outlets' sentences of one fact are aligned by the real
embedder, one is negated by the recipe's own negation, and a pair is kept only when the other sentence
states what the negation denies."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from checker import models
from checker.config import Settings
from checker.names import names_match
from checker.training.data import Pair
from checker.training.synthetic import counterparts, generation
from checker.training.synthetic.core import Sentence, article_names, build_pool

from .test_synthetic import parse

WIRE = "allsides_neus:wire"
PAPER = "allsides_neus:paper"
EVENT = {WIRE: "allsides_neus:e1", PAPER: "allsides_neus:e1", "bbc_news:solo": "bbc_news:solo"}


def _outlets(nlp: Language) -> list[Sentence]:
    return [
        *parse(
            nlp,
            "The health agency has closed its investigation into the cases in the Ain region, it said.",
            "Residents of the villages said they had waited months for answers about the births.",
            article=WIRE,
        ),
        *parse(
            nlp,
            "The national health agency said on Thursday that it closed its investigation into the Ain cases.",
            "Lawmakers from the region called for the inquiry to be reopened next year.",
            article=PAPER,
        ),
    ]


def pairs_of(candidates: list[counterparts.Candidates]) -> dict[str, list[Pair]]:
    sentences = {s.text: s for x, alike, related in candidates for s in (x, *alike, *related)}.values()
    names = {
        s.article_id: article_names([t for t in sentences if t.article_id == s.article_id]) for s in sentences
    }
    return counterparts.counterpart_pairs(candidates, build_pool(sentences), names, seed=0)


@pytest.fixture(scope="module")
def embed(settings: Settings):
    location = settings.resolved_embedder()
    return lambda texts: models.embed(location, texts)


def test_one_fact_in_two_outlets_gives_a_negation_and_its_neutral(nlp: Language, embed) -> None:
    parsed = _outlets(nlp)
    candidates = counterparts.find_counterparts(parsed, EVENT, embed)
    aligned = {(x.text[:20], alike[0].text[:20]) for x, alike, _ in candidates if alike}
    assert ("The health agency ha", "The national health ") in aligned
    assert ("The national health ", "The health agency ha") in aligned
    # Sentences of one outlet are never set against each other.
    assert all(x.article_id != y.article_id for x, alike, related in candidates for y in (*alike, *related))

    found = pairs_of(candidates)
    contradictions = found[counterparts.NEGATION]
    assert contradictions, candidates
    published = {s.text for s in parsed}
    for pair in contradictions:
        assert pair.label == "contradiction"
        negated_side = pair.premise if " not " in pair.premise else pair.hypothesis
        other_side = pair.hypothesis if negated_side is pair.premise else pair.premise
        # One outlet's sentence as published against the other's with a "not" put in.
        assert other_side in published and negated_side not in published
        assert " not " in negated_side and " not " not in other_side
        assert "clos" in negated_side and "clos" in other_side  # the negated verb is the shared fact
    # The same two sentences as published: one neutral pair, whichever way round they were met.
    [neutral] = found[counterparts.NEUTRAL]
    assert neutral.label == "neutral" and {neutral.premise, neutral.hypothesis} <= published
    assert neutral.premise[:20] != neutral.hypothesis[:20]


def _senate_vote(nlp: Language, embed, wire_day: str, paper_day: str) -> dict[str, list[Pair]]:
    parsed = [
        *parse(
            nlp,
            f"Senate Republicans on {wire_day} blocked a bill to form a commission on the Capitol riot.",
            article=WIRE,
        ),
        *parse(
            nlp,
            f"Senate Republicans on {paper_day} thwarted an effort to create a commission to investigate the riot.",
            article=PAPER,
        ),
    ]
    return pairs_of(counterparts.find_counterparts(parsed, EVENT, embed))


def test_a_date_changed_against_the_other_outlets_date(nlp: Language, embed) -> None:
    found = _senate_vote(nlp, embed, "Friday", "Friday")
    dates = found["cont:counterpart_date"]
    assert len(dates) == 2  # each outlet's sentence changed once, against the other's
    for pair in dates:
        changed = pair.premise if "Friday" not in pair.premise else pair.hypothesis
        kept = pair.hypothesis if changed is pair.premise else pair.premise
        assert "Friday" in kept and re.search(r"on (Mon|Tues|Wednes|Thurs|Satur|Sun)day", changed), pair
    assert len(found[counterparts.NEUTRAL]) == 1


def test_published_pairs_that_name_different_days_are_not_called_neutral(nlp: Language, embed) -> None:
    found = _senate_vote(nlp, embed, "Friday", "Tuesday")
    assert found[counterparts.NEUTRAL] == []  # as published they may contradict: no label vouched for
    assert found["cont:counterpart_participant"] == []  # no shared name to change


def test_alike_sentences_without_the_negated_fact_give_no_contradiction(nlp: Language, embed) -> None:
    # Aligned on the subject (the agency, the inquiry) but the other outlet never says it was closed: a
    # negated "closed" against it would be a contradiction no reader could see.
    parsed = [
        *parse(
            nlp,
            "The health agency closed its investigation into the birth defects on Thursday.",
            article=WIRE,
        ),
        *parse(
            nlp, "The health agency's investigation into the birth defects began in March.", article=PAPER
        ),
    ]
    candidates = counterparts.find_counterparts(parsed, EVENT, embed)
    assert candidates  # alike enough to align ...
    assert pairs_of(candidates)[counterparts.NEGATION] == []  # ... not to negate


def test_single_outlet_events_and_negative_sentences_give_nothing(nlp: Language, embed) -> None:
    solo = parse(
        nlp,
        "The health agency has closed its investigation into the cases in the Ain region, it said.",
        "The national health agency said on Thursday that it closed its investigation into the Ain cases.",
        article="bbc_news:solo",
    )
    assert counterparts.find_counterparts(solo, EVENT, embed) == []
    negative = [
        *parse(
            nlp,
            "The health agency has not closed its investigation into the Ain cases, it said.",
            article=WIRE,
        ),
        *parse(
            nlp,
            "The national health agency said it closed its investigation into the Ain cases.",
            article=PAPER,
        ),
    ]
    found = pairs_of(counterparts.find_counterparts(negative, EVENT, embed))
    assert found[counterparts.NEGATION] == found[counterparts.NEUTRAL] == []


def test_cross_outlet_pairs_join_the_quota_and_are_deterministic(nlp: Language, embed) -> None:
    parsed = _outlets(nlp)
    candidates = counterparts.find_counterparts(parsed, EVENT, embed)
    first = generation.generate(parsed, 20, seed=3, counterpart_sentences=candidates)
    assert first == generation.generate(parsed, 20, seed=3, counterpart_sentences=candidates)
    families = {p.family for p in first}
    assert {counterparts.NEGATION, counterparts.NEUTRAL} <= families


def test_a_day_blurred_against_the_other_outlets_day_is_neutral(nlp: Language, embed) -> None:
    found = _senate_vote(nlp, embed, "Friday", "Friday")
    days = found["neut:counterpart_day"]
    assert days, found
    for pair in days:
        assert pair.label == "neutral"
        blurred = pair.premise if "Friday" not in pair.premise else pair.hypothesis
        dated = pair.hypothesis if blurred is pair.premise else pair.premise
        # One outlet's day against the other outlet's sentence with the day as a phrase that covers it.
        assert "on Friday" in dated and "Friday" not in blurred
        assert re.search(r"(?i)this week|recently|in recent days|earlier", blurred), blurred
    # Days that differ are no neutral: as published the two may contradict, blurred or not.
    assert _senate_vote(nlp, embed, "Friday", "Tuesday")["neut:counterpart_day"] == []


def _talks(nlp: Language, embed, wire_name: str, paper_name: str) -> tuple[list[str], dict[str, list[Pair]]]:
    texts = [
        f"Iraqi Prime Minister {wire_name} met Kurdish leaders in Baghdad to discuss the budget dispute.",
        f"{paper_name} held talks with Kurdish leaders in Baghdad on the dispute over the budget.",
    ]
    parsed = [*parse(nlp, texts[0], article=WIRE), *parse(nlp, texts[1], article=PAPER)]
    return texts, pairs_of(counterparts.find_counterparts(parsed, EVENT, embed))


def test_a_name_respelled_against_the_other_outlets_name_is_neutral(nlp: Language, embed) -> None:
    published, found = _talks(nlp, embed, "Haidar al-Abadi", "Haidar al-Abadi")
    respelled = found["neut:counterpart_spelling"]
    assert respelled, found
    for pair in respelled:
        assert pair.label == "neutral"
        # One outlet's sentence as published, against the other's with one word of a name respelled.
        [kept] = [side for side in (pair.premise, pair.hypothesis) if side in published]
        changed = pair.hypothesis if kept is pair.premise else pair.premise
        [original] = [text for text in published if text != kept]
        differing = [(a, b) for a, b in zip(original.split(), changed.split(), strict=True) if a != b]
        assert len(differing) == 1 and names_match(*differing[0]), differing
    # A different person is not a respelling: nothing neutral is made of two outlets naming two people.
    _, other = _talks(nlp, embed, "Haidar al-Abadi", "Nouri al-Maliki")
    assert other["neut:counterpart_spelling"] == [] and other[counterparts.NEUTRAL] == []


def _powell(nlp: Language, embed, paper: str) -> tuple[list[counterparts.Candidates], dict[str, list[Pair]]]:
    wire = "Colin Powell, the first Black secretary of state, died on Monday of complications from Covid."
    parsed = [*parse(nlp, wire, article=WIRE), *parse(nlp, paper, article=PAPER)]
    candidates = counterparts.find_counterparts(parsed, EVENT, embed)
    return candidates, pairs_of(candidates)


def test_loosely_related_sentences_as_published_are_the_neutral_half(nlp: Language, embed) -> None:
    # Two outlets' sentences of one event that the pipeline would align (from RELATED) but that state
    # different facts, dates included: as published no contradiction, one neutral however often met.
    paper = "Colin Powell served as secretary of state under President George W. Bush from 2001 to 2005."
    candidates, found = _powell(nlp, embed, paper)
    assert len(candidates) == 2 and all(not alike and related for _, alike, related in candidates)
    [neutral] = found[counterparts.NEUTRAL]
    assert neutral.label == "neutral" and paper in (neutral.premise, neutral.hypothesis)
    assert not any(found[family] for family in counterparts.CHANGES)  # nothing alike enough to change
    # Below RELATED the pipeline does not align them, and no pair is made.
    far = "The House passed the bill on Wednesday with the support of 35 Republicans."
    assert _powell(nlp, embed, far) == ([], {family: [] for family in found})
