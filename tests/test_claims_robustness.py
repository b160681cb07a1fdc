"""Claim extraction must finish on pathological real text (tokenised corpora, long capitalised runs)."""

from __future__ import annotations

import subprocess
import sys

from checker.claims import _acronym_aliases


def test_acronym_definitions_are_found() -> None:
    aliases = _acronym_aliases("fighters of the Islamic State of Iraq and the Levant (ISIL) withdrew.")
    assert aliases["ISIL"] == "Islamic State of Iraq and the Levant"


def test_an_all_caps_headline_does_not_hang_the_acronym_search() -> None:
    # An all-caps ECB+ article ("POLICE HAVE MOVED IN AND ARRESTED...") hung the batch run: with the
    # space between words optional, each capitalised word could be split into pieces in exponentially
    # many ways. Run in a subprocess so that a regression fails the test instead of hanging the suite.
    code = (
        "from checker.claims import _acronym_aliases;"
        "print(_acronym_aliases('POLICE HAVE MOVED IN AND ARRESTED AT LEAST TWO MEN FROM THE RELIGIOUS '"
        "'COMMUNITY OF BOUNTIFUL IN THE BC INTERIOR'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{}"
