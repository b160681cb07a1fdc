"""A name respelled as another outlet might write it: accents dropped, another transliteration.

Two outlets' reports of one event spell names their own way ("Muhammad" / "Mohammed", "Qadhafi" /
"Qadafi", "Haidar" / "Haydar", "Shevchenko" / "Schevchenko", "Sergei" / "Sergey"), and none of that is a
contradiction. Recipe v12, shown names changed between outlets but never names respelled, called the
cross-outlet benchmark's respelled names contradictions 72 times in 81.

The habits here are the recipe's own and deliberately not the benchmark's (`evaluate.perturb`
respells by doubled or single consonants, "ph"/"f", "ou"/"u", "ee"/"i", "kh"/"k" and "y"/"i"), so the
benchmark measures whether the model learnt that a respelling keeps the name, not the benchmark's rules.
Every variant is one the pipeline's own name matching (`names.names_match`) takes for the same name.
"""

from __future__ import annotations

from checker.names import country_code, names_match, respelt, without_accents
from checker.training.synthetic.core import Context, Edit, Sentence, replace_span

# One habit each, applied once, never to a word's first letter. The first four write a vowel between
# consonants another way (Mohammed / Mohammad, Hizbollah / Hezbollah, Yusuf / Yosuf).
_HABITS: tuple[tuple[str, str], ...] = (
    (r"(?<=[bcdfghjklmnpqrstvwxz])o(?=[bcdfghjklmnpqrstvwxz])", "u"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])u(?=[bcdfghjklmnpqrstvwxz])", "o"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])e(?=[bcdfghjklmnpqrstvwxz])", "a"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])i(?=[bcdfghjklmnpqrstvwxz])", "e"),
    (r"q", "k"),  # Iraq / Irak
    (r"dh", "d"),  # Qadhafi / Qadafi
    (r"gh", "g"),  # Baghdadi / Bagdadi
    (r"ai", "ay"),  # Haidar / Haydar
    (r"ay(?=[bcdfghjklmnpqrstvwxz])", "ai"),
    (r"ei$", "ey"),  # Sergei / Sergey
    (r"sch", "sh"),  # Schulz / Shulz
    (r"(?<=[aeiou])sh", "sch"),
    (r"ov$", "off"),  # Rachmaninov / Rachmaninoff
    (r"ck", "k"),
    (r"ia$", "iya"),  # Alawia / Alawiya
)
_LABELS = ("PERSON", "GPE", "LOC")


def respellings(name: str) -> list[str]:
    """Every variant of `name` by one habit in one word (accents dropped counting as one), longest words
    first; only those `names_match` takes for the same name."""
    variants: list[str] = []
    plain = without_accents(name)
    if plain != name:
        variants.append(plain)
    variants.extend(respelt(name, _HABITS))
    return [v for v in dict.fromkeys(variants) if v != name and names_match(name, v)]


def respell_name(sentence: Sentence, ctx: Context, family: str = "neut:respelled") -> Edit | None:
    """One person or place of the sentence respelled: (sentence, respelled sentence, family). Country
    names are left as they are: no outlet writes "Frence"."""
    options: list[tuple[int, int, str]] = []
    for entity in sentence.entities:
        if entity.label not in _LABELS or country_code(entity.text):
            continue
        if sentence.text[entity.start : entity.end] != entity.text:
            continue
        options.extend((entity.start, entity.end, v) for v in respellings(entity.text))
    if not options:
        return None
    start, end, variant = ctx.rng.choice(options)
    return sentence.text, replace_span(sentence.text, start, end, variant), family
