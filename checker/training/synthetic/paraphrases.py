"""Meaning-preserving rewrites that are neither deletions nor descriptions: the attribution moved ("X said
Y." <-> "Y, X said."), a synonym or alias, a full name cut to the surname, the sentence unchanged; and the
neutral pairs that add a fact: a date or place, or another sentence of the article naming the same entity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.training.synthetic.core import (
    Context,
    Edit,
    Sentence,
    Token,
    lower_first,
    plain_word,
    replace_span,
    sentence_case,
)
from checker.training.synthetic.lexicon import (
    AMOUNT_NEXT,
    COUNTRY_ADJECTIVES,
    SYNONYMS,
    TAGGED_SYNONYMS,
    WEEKDAYS,
)

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
_FIGURE_TAGS = ("CD", "$", "#")
# Share of synonym pairs with a second swap (in v0's news test a fifth of entailments carry two rewrites).
SECOND_SYNONYM_SHARE = 0.25

Swap = tuple[int, int, str]  # start, end, the new words


def synonym(sentence: Sentence, ctx: Context) -> str | None:
    """One word or phrase swapped for a synonym in the sense the sentence uses (a quarter get two)."""
    options = _synonym_swaps(sentence, ctx)
    if not options:
        return None
    chosen = [ctx.rng.choice(options)]
    others = [o for o in options if o[1] <= chosen[0][0] or o[0] >= chosen[0][1]]
    if others and ctx.rng.random() < SECOND_SYNONYM_SHARE:
        chosen.append(ctx.rng.choice(others))
    text = sentence.text
    for start, end, new in sorted(chosen, reverse=True):  # from the end, so offsets stay right
        new = sentence_case(new) if start == 0 else new
        text = replace_span(text, start, end, new)
    return text


def _synonym_swaps(sentence: Sentence, ctx: Context) -> list[Swap]:
    text, tokens = sentence.text, sentence.tokens
    swaps: list[Swap] = [(m.start(), m.end(), SYNONYMS[m.group(1)]) for m in _SYNONYM.finditer(text)]
    taken = [(start, end) for start, end, _ in swaps]
    for index, token in enumerate(tokens):
        if any(start < token.end and token.start < end for start, end in taken):
            continue  # inside a phrase the plain list swaps ("declined to")
        if new := _tagged_synonym(tokens, index, text, ctx):
            swaps.append((token.start, token.end, new))
    return swaps


def _tagged_synonym(tokens: Sequence[Token], index: int, text: str, ctx: Context) -> str | None:
    token = tokens[index]
    following = tokens[index + 1 : index + 5]
    after = following[0] if following else None
    if token.text in COUNTRY_ADJECTIVES:
        # Only as an adjective before a common noun ("US troops"), never "the US said" or "an American".
        if after is not None and after.tag in ("NN", "NNS") and after.text.islower():
            return COUNTRY_ADJECTIVES[token.text]
        return None
    word = token.text.lower()
    entry = TAGGED_SYNONYMS.get(word)
    if entry is None or token.tag not in entry.tags or not plain_word(tokens, index, text):
        return None
    next_word = after.text.lower() if after is not None else ""
    if next_word in entry.blocked_next or any(t.text.lower() in entry.blocked_within for t in following):
        return None
    if entry.hedge and (after is None or after.tag not in _FIGURE_TAGS):
        return None
    if entry.amount and not _moves_an_amount(following):
        return None
    return ctx.rng.choice(entry.replacements)


def _moves_an_amount(following: Sequence[Token]) -> bool:
    """ "fell 5%", "rose by a third", "fell to 40", "rose sharply", "fell." (not "fell to the ground")."""
    if not following or following[0].text in (".", ",", ";") or following[0].tag in _FIGURE_TAGS:
        return True
    word = following[0].text.lower()
    if word == "to":
        return len(following) > 1 and following[1].tag in _FIGURE_TAGS
    return word in AMOUNT_NEXT


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


def says_something_else(text: str, other: str) -> bool:
    """Whether two sentences of one article share under 0.3 of their words (Jaccard): the other one
    carries a fact of its own rather than restating this one."""
    words, other_words = set(text.lower().split()), set(other.lower().split())
    return len(words & other_words) / len(words | other_words) < 0.3


# How another fact of the article is joined on. "after" reads as a sequence of events, which the
# article's own order does not promise; the pair stays neutral either way (the premise says nothing of it).
CLAUSE_JOINS = (", and ", "; ", ", while ", " after ")
ADDED_CLAUSE_MAX_WORDS = 25  # the pair must fit the model's 128 tokens with the added part whole


def add_clause(sentence: Sentence, ctx: Context) -> Edit | None:
    """Another sentence of the same article joined on as a clause: the hypothesis says more than the
    premise (neutral). Outlets' sentences on one event often carry a fact the other's lacks, and v19-v20
    of the recipe, which had no such pairs, called 4-8 of v0's 139 in its BBC test contradictions."""
    text = sentence.text
    if not text.endswith(".") or text.endswith('."'):
        return None
    others = [
        s
        for s in ctx.article_sentences
        if s.position != sentence.position
        and s.text.endswith(".")
        and not s.text.endswith('."')
        and s.text[:1].isalpha()
        and s.tokens
        and len(s.text.split()) <= ADDED_CLAUSE_MAX_WORDS
        and says_something_else(text, s.text)
    ]
    if not others:
        return None
    other = ctx.rng.choice(others)
    clause = other.text[:-1]
    if other.tokens[0].tag not in ("NNP", "NNPS") and other.tokens[0].text != "I":
        clause = clause[:1].lower() + clause[1:]
    return text, f"{text[:-1]}{ctx.rng.choice(CLAUSE_JOINS)}{clause}.", "neut:added_clause"


def other_sentence(sentence: Sentence, ctx: Context) -> Edit | None:
    """Another sentence of the article naming the same entity, with different content."""
    names = {e.text for e in sentence.entities if e.label in ("PERSON", "ORG", "GPE")}
    if not names:
        return None
    candidates = [
        s
        for s in ctx.article_sentences
        if s.position != sentence.position and any(e.text in names for e in s.entities)
    ]
    ctx.rng.shuffle(candidates)
    for other in candidates:
        if says_something_else(sentence.text, other.text):
            return sentence.text, other.text, "neut:other_sentence"
    return None
