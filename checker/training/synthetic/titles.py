"""A person's title written another way: before the name or beside it, as a title or as its portfolio.

Outlets write one office in different places and words: "Energy Secretary Peter Mwangi met ...",
"Peter Mwangi, the energy secretary, met ...", "The secretary for energy, Peter Mwangi, met ...". None
of that changes who is meant or what they are. Recipes up to v18 saw titles change only where
`cont:role` put another office in (weight 1, plus the counterparts' roles), and v18 called "Kenya's
energy secretary, Peter Mwangi" against "Energy Cabinet Secretary Peter Mwangi" a contradiction
(P = 0.99; v17 and v0 0.01), which flagged the two-meetings fixture's trap. The title merely moved
was still read right (P(entailment) 0.99), so these pairs teach the office kept under other wording.
"""

from __future__ import annotations

import re

from checker.training.synthetic.core import Context, Entity, Sentence, Token, sentence_case

# The last word of a title written before a name ("Development Minister", "Attorney General").
TITLE_HEADS = frozenset(
    [
        "minister",
        "secretary",
        "president",
        "chancellor",
        "governor",
        "senator",
        "mayor",
        "ambassador",
        "chairman",
        "chairwoman",
        "director",
        "manager",
        "coach",
        "captain",
        "spokesman",
        "spokeswoman",
        "commissioner",
        "general",
        "envoy",
        "premier",
        "judge",
        "prosecutor",
        "inspector",
        "superintendent",
        "chief",
        "executive",
    ]
)
# Words before a title that make it no plain office: an honorific ("Mr President X" reads oddly moved)
# or a time ("Former President X" is another claim than "X, the president").
_NOT_TITLE = frozenset(["mr", "mrs", "ms", "dr", "sir", "former", "then", "late", "acting", "new"])
_MAX_TITLE_WORDS = 3


def _title_before(sentence: Sentence, person: Entity) -> tuple[int, str] | None:
    """Where a capitalised title written right before `person` starts, and the title as it reads beside
    the name ("energy secretary", "Norwegian development minister"); None without one, or where
    something other than "the", a nationality or a word in lower case comes before it (a possessive,
    another name: "Kenya's Energy Secretary", "BBC Director")."""
    before = [t for t in sentence.tokens if t.end <= person.start]
    words: list[Token] = []
    nationality: Token | None = None
    for token in reversed(before):
        gap = sentence.text[token.end : (words[0].start if words else person.start)]
        if gap != " " or token.tag not in ("NNP", "NN") or not token.text[:1].isupper():
            break
        inside = next((e for e in sentence.entities if e.start <= token.start < e.end), None)
        if token.text.lower() in _NOT_TITLE or token.text.isupper():
            return None
        if inside is not None and inside.label in ("NORP", "GPE"):
            if words and inside.end == token.end:
                nationality = token  # "Norwegian Development Minister": kept as written
                break
            return None
        if inside is not None and inside.label != "ORG":
            return None  # (spaCy reads a title word as an organisation now and then: "Energy")
        words.insert(0, token)
        if len(words) > _MAX_TITLE_WORDS:
            return None
    if not words or words[-1].text.lower() not in TITLE_HEADS or not words[-1].text.isalpha():
        return None
    title = " ".join(w.text.lower() for w in words)
    if nationality is not None:
        words.insert(0, nationality)
        title = f"{nationality.text} {title}"
    start = words[0].start
    previous = before[-len(words) - 1] if len(before) > len(words) else None
    if previous is not None:
        if previous.text.lower() == "the" and previous.end + 1 == start:
            start = previous.start
        elif previous.text[:1].isupper() or previous.tag in ("POS", "JJ", "NNP", "NNPS", "DT", "PRP$"):
            return None
    return start, title


def _people(sentence: Sentence) -> list[Entity]:
    """Names of two or three words that end where the name does: not "Joe Biden's desk" (the title
    would land inside the possessive), nor "Susilo Bambang" of "Susilo Bambang Yudhoyono"."""
    people = []
    for entity in sentence.entities:
        following = next((t for t in sentence.tokens if t.start >= entity.end), None)
        if (
            entity.label == "PERSON"
            and 2 <= len(entity.text.split()) <= 3
            and sentence.text[entity.start : entity.end] == entity.text
            and not re.search(r"['’]s?$", entity.text)
            and sentence.text[entity.end : entity.end + 1] not in ("'", "’")
            and (following is None or following.tag not in ("NNP", "NNPS", "POS"))
        ):
            people.append(entity)
    return people


# Portfolios that read the same as "minister for X" ("Energy Secretary" / "the secretary for energy");
# the adjectives among them take their noun ("Foreign Minister" / "the minister for foreign affairs").
_PORTFOLIOS = {
    **{
        field: field
        for field in (
            "energy",
            "development",
            "health",
            "education",
            "environment",
            "transport",
            "trade",
            "finance",
            "justice",
            "defence",
            "defense",
            "culture",
            "agriculture",
            "housing",
            "labour",
            "immigration",
            "security",
            "industry",
            "planning",
            "tourism",
            "communications",
            "information",
            "sport",
            "women",
        )
    },
    "foreign": "foreign affairs",
    "home": "home affairs",
}
_PORTFOLIO_HEADS = frozenset(["minister", "secretary"])


def _office_of_field(title: str) -> str | None:
    """ "energy secretary" -> "secretary for energy" (the nationality, if any, stays in front); None
    for a title that is not a portfolio and its office."""
    *before, field, head = ["", *title.split()]
    if head not in _PORTFOLIO_HEADS or field not in _PORTFOLIOS:
        return None
    return " ".join(w for w in (*before, head, "for", _PORTFOLIOS[field]) if w)


def title_beside_name(sentence: Sentence, ctx: Context) -> str | None:
    """ "Energy Secretary Peter Mwangi met ..." -> "Peter Mwangi, the energy secretary, met ..." or
    "The energy secretary, Peter Mwangi, met ...": the title moved beside the name, between commas,
    some portfolios written as their office ("the secretary for energy")."""
    text = sentence.text
    options = []
    for person in _people(sentence):
        found = _title_before(sentence, person)
        if found is not None:
            options.append((person, *found))
    if not options:
        return None
    person, start, title = ctx.rng.choice(options)
    portfolio = _office_of_field(title)
    office = f"the {portfolio if portfolio and ctx.rng.random() < 0.4 else title}"
    moved = f"{person.text}, {office}" if ctx.rng.random() < 0.5 else f"{office}, {person.text}"
    rest = text[person.end :]
    if rest[:1] not in (",", ".", ";", ":", "?", "!", ")", ""):
        moved += ","
    if start == 0:
        moved = sentence_case(moved)
    return text[:start] + moved + rest
