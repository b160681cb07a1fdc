"""The recipe's own respellings: names another outlet might write, that the pipeline's name matching takes
for the same name, and never the benchmark's habits."""

from __future__ import annotations

from spacy.language import Language

from checker.evaluate.perturb import spelling_variant
from checker.names import names_match
from checker.training.synthetic import spellings

from .test_synthetic import context, parse


def test_respellings_are_the_same_name_to_the_pipeline() -> None:
    assert "Haydar al-Abadi" in spellings.respellings("Haidar al-Abadi")
    assert "Sergey Lavrov" in spellings.respellings("Sergei Lavrov")
    assert "Muammar Qadafi" in spellings.respellings("Muammar Qadhafi")
    assert spellings.respellings("José Manuel Barroso")[0] == "Jose Manuel Barroso"
    for name in ["Haidar al-Abadi", "Sergei Lavrov", "Muammar Qadhafi", "Mohammed bin Salman", "Idlib"]:
        variants = spellings.respellings(name)
        assert variants, name
        for variant in variants:
            assert variant != name and variant[0] == name[0] and names_match(name, variant)


def test_respellings_are_not_the_benchmarks() -> None:
    # The cross-outlet benchmark's own respelling of a name is never among the recipe's.
    for name in ["Haidar al-Abadi", "Sergei Lavrov", "Mohammed bin Salman", "Idlib", "Hezbollah", "Aleppo"]:
        benchmark = spelling_variant(name)
        assert benchmark is None or benchmark not in spellings.respellings(name), name


def test_a_sentence_gets_one_name_respelled_and_countries_are_left_alone(nlp: Language) -> None:
    [sentence] = parse(nlp, "Sergei Lavrov met officials in Syria to discuss the ceasefire on Monday.")
    premise, hypothesis, family = spellings.respell_name(sentence, context([sentence]))
    assert premise == sentence.text and family == "neut:respelled"
    assert hypothesis != premise and "Syria" in hypothesis
    assert (
        hypothesis.replace("Sergey", "Sergei").replace("Lavruv", "Lavrov").replace("Lavroff", "Lavrov")
        == premise
    )
    [country] = parse(nlp, "Officials in Syria and Iraq met to discuss the ceasefire on Monday.")
    assert spellings.respell_name(country, context([country])) is None
