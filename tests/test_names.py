"""Name matching: spelling variants and transliterations match, different people and places do not."""

from __future__ import annotations

import pytest

from checker.names import country_code, names_match

SAME = [
    ("Tak Sukayk", "Tal Skik"),
    ("Kafr Nabudah", "Kfar Nboudeh"),
    ("Nusra Front", "al-Nusra Front"),
    ("Assad", "Bashar al-Assad"),
    ("Latakia", "Lattakia"),
    ("U.S.", "US"),
    ("Britain", "UK"),
    ("ISIL", "Islamic State of Iraq and the Levant"),
    ("Syria", "Syrian"),
]
DIFFERENT = [
    ("Mohamed bin Zayed Al Nahyan", "Mohammed bin Salman"),
    ("Hama", "Idlib"),
    ("Hama", "Homs"),
    ("Iran", "Iraq"),
    ("Austria", "Australia"),
    ("Niger", "Nigeria"),
    ("Sudan", "South Sudan"),
    ("Vladimir Putin", "Vladimir Zelensky"),
    ("Human Rights Watch", "Syrian Observatory for Human Rights"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_match(a: str, b: str) -> None:
    assert names_match(a, b) and names_match(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b) and not names_match(b, a)


def test_country_codes() -> None:
    assert country_code("Saudi Arabia") == "SA"
    assert country_code("Russia") == "RU"
    assert country_code("Idlib") is None


def test_an_acronym_names_its_long_form_after_a_country() -> None:
    assert names_match("FDA", "US Food and Drug Administration")
    assert names_match("FBI", "U.S. Federal Bureau of Investigation")
    assert not names_match("FDA", "US Federal Reserve")
