"""Meaning-preserving rewrites that are neither deletions nor descriptions: the attribution moved ("X said
Y." <-> "Y, X said."), a synonym or alias, a full name cut to the surname, the sentence unchanged; and the
neutral pairs that add a fact: a date or place, or another sentence of the article naming the same entity.
"""

from __future__ import annotations

import re

from checker.training.synthetic.core import (
    Context,
    Edit,
    Sentence,
    lower_first,
    replace_span,
    sentence_case,
)
from checker.training.synthetic.lexicon import SYNONYMS, WEEKDAYS

_ATTRIBUTION_FIRST = re.compile(
    r"^(?P<speaker>[A-Z][^,;:\"“”]{2,60}?) (?P<verb>said|says)(?: that)? (?P<rest>[^\"“”]{20,})\.$"
)
_ATTRIBUTION_LAST = re.compile(
    r"^(?P<rest>[^\"“”]{20,}), (?P<speaker>[A-Za-z][^,;:\"“”]{2,60}?) (?P<verb>said|says)\.$"
)


def reorder_attribution(sentence: Sentence, ctx: Context) -> str | None:
    text = sentence.text
    if match := _ATTRIBUTION_FIRST.match(text):
        rest = match["rest"]
        if rest.split(" ", 1)[0].lower() in ("in", "on", "at", "to", "after", "during", "last", "this"):
            return None  # "said in a statement ...": what follows the verb is not the reported clause
        return f"{sentence_case(rest)}, {lower_first(match['speaker'])} {match['verb']}."
    if match := _ATTRIBUTION_LAST.match(text):
        return f"{sentence_case(match['speaker'])} {match['verb']} {lower_first(match['rest'])}."
    return None


_SYNONYM = re.compile(rf"\b({'|'.join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))})\b")


def synonym(sentence: Sentence, ctx: Context) -> str | None:
    text = sentence.text
    options = [(m, SYNONYMS[m.group(1)]) for m in _SYNONYM.finditer(text)]
    if not options:
        return None
    match, new = ctx.rng.choice(options)
    return replace_span(text, match.start(), match.end(), new)


def surname(sentence: Sentence, ctx: Context) -> str | None:
    """A full name cut to the surname, as a second mention would write it."""
    for entity in sentence.entities:
        words = entity.text.split()
        if entity.label != "PERSON" or not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        if len(words[0]) <= 2 or words[-1].endswith("."):
            continue  # "Xi Jinping" (family name first), "Donald J." (a cut name)
        others = [e for e in sentence.entities if e.label == "PERSON" and e is not entity]
        if any(words[-1] in e.text for e in others):
            continue
        return replace_span(sentence.text, entity.start, entity.end, words[-1])
    return None


def identity(sentence: Sentence, ctx: Context) -> Edit | None:
    return sentence.text, sentence.text, "enta:identity"


# ---- added facts (neutral) ------------------------------------------------------------------------------


def add_fact(sentence: Sentence, ctx: Context) -> Edit | None:
    text = sentence.text
    if not text.endswith(".") or text.endswith('."'):
        return None
    labels = {e.label for e in sentence.entities}
    options = []
    if "DATE" not in labels and "TIME" not in labels and not any(d in text for d in WEEKDAYS):
        options.append((f" on {ctx.rng.choice(WEEKDAYS)}", "neut:added_date"))
    if not labels & {"GPE", "LOC"}:
        places = ctx.article_names.get("GPE") or list(ctx.pool.names.get("GPE", ()))
        if places:
            options.append((f" in {ctx.rng.choice(places)}", "neut:added_place"))
    if not options:
        return None
    addition, family = ctx.rng.choice(options)
    return text, text[:-1] + addition + ".", family


def other_sentence(sentence: Sentence, ctx: Context) -> Edit | None:
    """Another sentence of the article naming the same entity, with different content."""
    names = {e.text for e in sentence.entities if e.label in ("PERSON", "ORG", "GPE")}
    if not names:
        return None
    words = set(sentence.text.lower().split())
    candidates = [
        s
        for s in ctx.article_sentences
        if s.position != sentence.position and any(e.text in names for e in s.entities)
    ]
    ctx.rng.shuffle(candidates)
    for other in candidates:
        other_words = set(other.text.lower().split())
        if len(words & other_words) / len(words | other_words) < 0.3:
            return sentence.text, other.text, "neut:other_sentence"
    return None
