"""Do two mentions name the same thing? Spelling variants, transliterations, partial names.

"Tak Sukayk" and "Tal Skik" are one village; "Assad" and "Bashar al-Assad" one man; "Nusra Front" and
"al-Nusra Front" one group; "Mohamed bin Zayed" and "Mohammed bin Salman" are two different princes.
Names are compared token by token: every token of the shorter name must match a token of the longer one,
in order, exactly or as a close spelling variant with the same initial letter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence

import pycountry
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import ratio

# Words that do not distinguish one name from another.
_PARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "al",
        "el",
        "ul",
        "ad",
        "ar",
        "as",
        "at",
        "bin",
        "ibn",
        "ben",
        "bint",
        "of",
        "de",
        "du",
        "da",
        "di",
        "van",
        "von",
        "der",
        "la",
        "le",
    ]
)
# Generic words of place names ("Hama province", "the village of X"); "state" is left out because it
# is part of names ("Islamic State").
PLACE_NOUNS = frozenset(
    ["village", "town", "city", "province", "region", "district", "governorate", "area", "county", "capital"]
)
_GENERIC = PLACE_NOUNS | frozenset(["sheikh", "mr", "mrs", "ms", "dr", "sir", "lord"])
_HONORIFICS = _GENERIC
_VOWELS = re.compile(r"[aeiouy]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def without_accents(text: str) -> str:
    """ "José Manuel Barroso" -> "Jose Manuel Barroso", "São Paulo" -> "Sao Paulo"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name, without particles, honorifics and generic place words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ascii_name = ascii_name.replace("'s", " ").replace("’s", " ").replace(".", "")
    tokens = [t for t in _NON_WORD.split(ascii_name) if t]
    kept = tuple(t for t in tokens if t not in _PARTICLES and t not in _HONORIFICS)
    return kept or tuple(tokens)


def _skeleton(token: str) -> str:
    # Transliterations disagree mostly on vowels ("Sukayk" / "Skik"); consonants carry the name.
    return token[0] + _VOWELS.sub("", token[1:])


@functools.lru_cache(maxsize=262144)
def tokens_match(a: str, b: str) -> bool:
    """Two name tokens are the same word, spelled alike, or one is the other's adjective ("Syria"/"Syrian")."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    if a[0] != b[0]:
        return _transliterated(a, b)
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3:
        return True
    if min(len(a), len(b)) < 3:
        return False
    similarity = JaroWinkler.similarity(a, b)
    if min(len(a), len(b)) <= 3:
        return similarity >= 0.8 and len(a) == len(b)
    if min(len(a), len(b)) <= 5:
        return similarity >= 0.9 or ratio(_skeleton(a), _skeleton(b)) == 100
    return similarity >= 0.8 or (similarity >= 0.7 and ratio(_skeleton(a), _skeleton(b)) >= 85)


# Letters transliterations write differently at the start of a word: the Arabic qaf as Q, G or K
# (Qadhafi / Gaddafi / Kadafi), and an initial vowel as any vowel (Idlib / Edlib, Osama / Usama).
_INITIAL_CLASSES = {**dict.fromkeys("qgk", "k"), **dict.fromkeys("aeiou", "a")}
_DIGRAPHS = (("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("ou", "u"), ("ee", "i"))
_DOUBLED = re.compile(r"([a-z])\1")


def _transliteration_key(token: str) -> str:
    for digraph, letter in _DIGRAPHS:
        token = token.replace(digraph, letter)
    token = _DOUBLED.sub(r"\1", token)
    return _INITIAL_CLASSES.get(token[0], token[0]) + _VOWELS.sub("", token[1:])


def _transliterated(a: str, b: str) -> bool:
    """Two spellings of one word whose first letters differ: same letter class at the start and the same
    consonants after it. Short words are left out: "Oman" and "Amman" are two places."""
    if min(len(a), len(b)) < 5 or a[0] not in _INITIAL_CLASSES or b[0] not in _INITIAL_CLASSES:
        return False
    key_a, key_b = _transliteration_key(a), _transliteration_key(b)
    return key_a == key_b and len(key_a) >= 3


# Everyday short forms that pycountry's official names do not cover.
_COUNTRY_ALIASES = {
    "russia": "RU",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "england": "GB",
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states": "US",
    "syria": "SY",
    "iran": "IR",
    "south korea": "KR",
    "north korea": "KP",
    "vietnam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "turkey": "TR",
    "czech republic": "CZ",
    "palestine": "PS",
    "taiwan": "TW",
    "ivory coast": "CI",
    "the netherlands": "NL",
    "holland": "NL",
}


@functools.lru_cache(maxsize=65536)
def country_code(name: str) -> str | None:
    """ISO code when `name` is a country's name ("Syria", "U.S.", "Saudi Arabia"), else None."""
    key = " ".join(name_tokens(name)) if name else ""
    plain = name.lower().replace(".", "").strip()
    for candidate in (plain, key, plain.removeprefix("the ")):
        if candidate in _COUNTRY_ALIASES:
            return _COUNTRY_ALIASES[candidate]
    if len(plain) < 4 and plain.upper() not in ("US", "UK", "UAE"):
        return None  # two- and three-letter words are rarely country codes in prose ("IS", "AT")
    try:
        return str(pycountry.countries.lookup(plain).alpha_2)
    except LookupError:
        return None


def names_match(a: str, b: str) -> bool:
    """True when two mentions plausibly name the same person, place or organisation."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    country_a, country_b = country_code(a), country_code(b)
    if country_a and country_b:
        return country_a == country_b  # "Niger" is not "Nigeria", "Sudan" not "South Sudan"
    shorter, longer = sorted((ta, tb), key=len)
    # Every token of the shorter name matches a token of the longer one, in order.
    position = 0
    for token in shorter:
        while position < len(longer) and not tokens_match(token, longer[position]):
            position += 1
        if position == len(longer):
            return _acronym_match(ta, tb)
        position += 1
    # "Mohamed bin Zayed" vs "Mohammed bin Salman al Saud": the shorter name must cover a distinctive
    # token; a lone first name shared by different people is not enough when both have more tokens.
    return not (len(shorter) == 1 and len(longer) > 1 and len(shorter[0]) < 4)


def _acronym_match(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """ "ISIL" names "Islamic State of Iraq and the Levant"; "UN" names "United Nations"."""
    for short, long in ((ta, tb), (tb, ta)):
        if len(short) == 1 and len(long) >= 2:
            if long[0] in ("us", "uk") or country_code(long[0]):
                long = long[1:] if len(long) > 2 else long  # "FDA" names "US Food and Drug Administration"
            initials = "".join(t[0] for t in long)
            full = "".join(t[0] for t in _NON_WORD.split(" ".join(long)) if t)
            if short[0] in (initials, full) and len(short[0]) >= 2:
                return True
    return False


def any_name_match(name: str, others: list[str] | tuple[str, ...] | set[str]) -> bool:
    return any(names_match(name, other) for other in others)


def respelt(name: str, habits: Sequence[tuple[str, str]]) -> Iterator[str]:
    """`name` with one word respelt by one habit (a pattern and its replacement, applied once, never to
    the word's first letter): longest words first, each word's habits in order. Words under four letters
    or with anything but letters are left alone. The perturbation benchmark and the training recipe
    respell names by their own habits."""
    words = name.split()
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):
        word = words[index]
        if len(word) < 4 or not word.isalpha():
            continue
        head, tail = word[0], word[1:]
        for pattern, replacement in habits:
            changed = re.sub(pattern, replacement, tail, count=1)
            if changed != tail:
                yield " ".join([*words[:index], head + changed, *words[index + 1 :]])
