"""Deletions: a part of the sentence dropped that only adds to what the rest says.

Kinds: parenthesis; non-restrictive relative clause (", who ...," / ", which ...." at the end); adverbial
clause ("After the talks collapsed, X ..." / "..., as prices rose."); trailing adverbial phrase ("... after
the match."); apposition ("Gordon Brown, the chancellor, said"); leading phrase ("On Monday, ..."); trailing
date; adjective. The shorter sentence is entailed; read backwards (the longer sentence as hypothesis) the
pair is neutral, since the dropped words state a fact of their own (`neut:more_specific_<kind>`).

Nothing is dropped from a sentence with a negation or other downward-entailing word ("no new law" does not
entail "no law"), nor a conditional ("if", "unless") or "until" clause, which are not facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from checker.training.synthetic.core import (
    Context,
    Operation,
    Sentence,
    backward,
    forward,
    has_downward,
    last_sentence_cache,
    ranks,
    replace_span,
    sentence_case,
)
from checker.training.synthetic.lexicon import NON_INTERSECTIVE

_DATE_TAIL = re.compile(
    r"\s+(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last (?:week|month|year|night|"
    r"weekend)|this (?:week|month|year)|yesterday|in (?:19|20)\d\d)(?=[.!?]$)"
)
_LEADING = re.compile(
    r"^(?:(On|In|At|Last|Earlier|Later|After|During|Since|Despite|Following|Amid) [^,\"“”]{2,40}|"
    r"(However|Meanwhile|But|Also)), (?=[A-Za-z])"
)
_PARENTHESIS = re.compile(r"\s*\([^()]{2,80}\)")
# Non-restrictive relative clauses, set off by commas: inside the sentence, or closing it.
# Inside the sentence the clause must be followed by the rest of the main clause (a lowercase word: "Airbus,
# which ..., is"), not by an apposition ("..., where he lives with his wife, Mary Matalin"); no dash may
# stand inside it ("which seems in decline - means ...": the dash resumes the main clause).
_RELATIVE = re.compile(r", (?:who|which|whose|where) [^,;\"“”–—]{3,80}(?<! -), (?=[a-z])")
_RELATIVE_END = re.compile(r", (?:who|which|whose|where) [^,;\"“”–—]{3,100}(?<! -)(?=\.$)")
_SUBORDINATORS = "after|when|while|although|though|because|before|since|once|as|whereas"
# "After the talks collapsed, the union ...": a leading subordinate clause with its comma.
_LEADING_CLAUSE = re.compile(rf"^(?:{_SUBORDINATORS.title()}|Having|Despite) [^,;\"“”]{{3,90}}, (?=[A-Za-z])")
# "..., as prices rose." / "... after police raided the house.": a clause or phrase closing the sentence.
_TRAILING_CLAUSE = re.compile(
    rf"(?:, (?:{_SUBORDINATORS}|despite|following|amid|with)|"
    r" (?:after|because|before|despite|following|amid|ahead of|in the wake of|due to|because of)) "
    r"(?!well\b|many\b|much\b|long\b|soon\b|far\b|part\b|a result\b|such\b|opposed\b|of\b|to\b|for\b)"
    r"[^,;\"“”()]{3,100}(?=\.$)"
)
# Words before "after"/"before" that make it part of the verb or of a measure ("named after", "shortly
# after", "two days before"): dropping the clause would leave them dangling.
_BOUND_WORDS = (
    "named look looked looking looks take takes took taking shortly soon just long straight right only "
    "even immediately hours days weeks months years minutes moments day week month year hour minute time "
    # "the rise was due to demand": after a form of "be" the phrase is the predicate, not an adjunct
    "is are was were be been being"
)
_BOUND_BEFORE = frozenset(_BOUND_WORDS.split())
# "Gordon Brown, the chancellor, said" / "..., said Gordon Brown, the chancellor.": an apposition that
# describes the name before it.
_APPOSITION = re.compile(
    r", (?:the|a|an|[A-Z][a-z]+'s) [^,;\"“”()]{3,60}, (?=[a-z])(?!and\b|or\b|but\b|who\b|which\b)"
)
_APPOSITION_END = re.compile(r", (?:the|a|an|[A-Z][a-z]+'s) [^,;\"“”()]{3,60}(?=\.$)")
_FINITE = ("VBD", "VBZ", "VBP", "MD")
# Tags that may open a main clause after a leading adverbial ("After the talks, the union ...").
_SUBJECT_START = frozenset(["DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "CD", "EX", "JJ", "PDT"])
DELETION_KINDS = (
    "parenthesis",
    "relative_clause",
    "adverbial_clause",
    "adverbial_phrase",
    "apposition",
    "leading_phrase",
    "date",
    "adjective",
)


def _tokens_between(sentence: Sentence, start: int, end: int) -> list[str]:
    return [t.tag for t in sentence.tokens if start <= t.start < end]


def _has_verb(sentence: Sentence, start: int, end: int) -> bool:
    return any(tag.startswith("VB") or tag == "MD" for tag in _tokens_between(sentence, start, end))


def _after_name(sentence: Sentence, position: int) -> bool:
    """A name ends right at `position` (an apposition describes it)."""
    return any(e.end == position and e.label in ("PERSON", "ORG", "GPE", "NORP") for e in sentence.entities)


def _main_clause_resumes(sentence: Sentence, start: int, end: int) -> bool:
    """After a clause set off by commas at [start, end), the main clause goes on: with its verb ("Airbus,
    which ..., is focusing"), or with its subject after a leading phrase ("During the flight, which ...,
    the man was restrained"); not with an apposition ("..., where he lives with his wife, a strategist")."""
    following = next((t for t in sentence.tokens if t.start >= end), None)
    if following is None:
        return False
    if following.tag.startswith(("VB", "MD", "RB")):
        return True
    before = [t for t in sentence.tokens if t.end <= start]
    leading_phrase = (
        bool(before) and before[0].tag == "IN" and not any(t.tag.startswith("VB") for t in before)
    )
    return leading_phrase and following.tag in ("DT", "PRP", "NNP", "NNPS")


def _adverbials(sentence: Sentence) -> list[tuple[str, str]]:
    """(shorter sentence, kind) for a leading or trailing adverbial clause or phrase."""
    text = sentence.text
    found = []
    match = _LEADING_CLAUSE.match(text)
    opener = next((t for t in sentence.tokens if t.start >= match.end()), None) if match else None
    if opener is not None and opener.tag not in _SUBJECT_START:
        match = None  # "While in the US drivers prefer SUVs, such as ...": the comma was inside the clause
    if match and (_has_verb(sentence, match.start(), match.end()) or not sentence.tokens):
        found.append((sentence_case(text[match.end() :]), "adverbial_clause"))
    if match := _TRAILING_CLAUSE.search(text):
        previous = text[: match.start()].rsplit(" ", 1)[-1].lower().strip(",")
        if previous not in _BOUND_BEFORE and _has_verb(sentence, 0, match.start()):
            kind = (
                "adverbial_clause"
                if _has_verb(sentence, match.start() + 2, match.end())
                else "adverbial_phrase"
            )
            found.append((text[: match.start()].rstrip(",") + text[match.end() :], kind))
    return found


def _appositions(sentence: Sentence) -> list[str]:
    text = sentence.text
    found = []
    for pattern in (_APPOSITION, _APPOSITION_END):
        for match in pattern.finditer(text):
            inner = (match.start() + 2, match.end() - (2 if pattern is _APPOSITION else 0))
            tags = _tokens_between(sentence, *inner)
            if re.search(r" (?:and|or) ", text[inner[0] : inner[1]]):
                continue  # "Hutchison, the Sterling group and the Tata group": a list, not an apposition
            following = [t for t in sentence.tokens if t.start >= match.end()][:1]
            if pattern is _APPOSITION and not (following and following[0].tag.startswith(("VB", "MD", "RB"))):
                continue  # "found Anthony Jones, a homeless man, police said": the clause goes on elsewhere
            if (
                _after_name(sentence, match.start())
                and any(tag in ("NN", "NNS") for tag in tags)
                and not any(tag in _FINITE for tag in tags)
            ):
                end = match.end() - 1 if pattern is _APPOSITION else match.end()  # keep the space
                found.append(text[: match.start()] + text[end:])
                break
    return found


@last_sentence_cache  # sixteen operations (a drop and its reverse per kind) ask of each sentence
def drops(sentence: Sentence) -> list[tuple[str, str, bool]]:
    """(shorter sentence, kind, whether the dropped words state a fact) for each safe deletion."""
    text = sentence.text
    if has_downward(sentence) or ranks(sentence):
        return []
    found: list[tuple[str, str, bool]] = []
    if match := _PARENTHESIS.search(text):
        found.append((replace_span(text, match.start(), match.end(), ""), "parenthesis", True))
    if (match := _RELATIVE.search(text)) and _main_clause_resumes(sentence, match.start(), match.end()):
        found.append((text[: match.start()] + text[match.end() - 1 :], "relative_clause", True))
    elif (match := _RELATIVE_END.search(text)) and " - " not in match.group(0):
        found.append((text[: match.start()] + text[match.end() :], "relative_clause", True))
    found.extend((short, kind, True) for short, kind in _adverbials(sentence))
    found.extend((short, "apposition", True) for short in _appositions(sentence))
    if match := _DATE_TAIL.search(text):
        found.append((replace_span(text, match.start(), match.end(), ""), "date", True))
    if match := _LEADING.match(text):
        rest = text[match.end() :]
        found.append((sentence_case(rest), "leading_phrase", match.group(2) is None))
    tokens = sentence.tokens
    for index, token in enumerate(tokens[1:-1], start=1):
        after = tokens[index + 1]
        if (
            token.tag == "JJ"
            and token.text.islower()
            and token.text not in NON_INTERSECTIVE
            and after.tag in ("NN", "NNS")
            and tokens[index - 1].tag in ("DT", "PRP$", "JJ", "IN", "CD")
        ):
            end = token.start + len(token.text) + 1
            found.append((replace_span(text, token.start, end, ""), "adjective", True))
            break
    return [(short, kind, fact) for short, kind, fact in found if len(short.split()) >= 5 and short != text]


def _deletion(kind: str, facts_only: bool) -> Callable[[Sentence, Context], str | None]:
    def rewrite(sentence: Sentence, ctx: Context) -> str | None:
        options = [short for short, k, fact in drops(sentence) if k == kind and (fact or not facts_only)]
        return ctx.rng.choice(options) if options else None

    return rewrite


def drop_any(sentence: Sentence, ctx: Context) -> str | None:
    """Any one safe deletion (the rewrite a contradiction may carry along)."""
    options = drops(sentence)
    return ctx.rng.choice(options)[0] if options else None


DROPS: dict[str, Operation] = {
    f"enta:drop_{kind}": forward(_deletion(kind, facts_only=False), f"enta:drop_{kind}")
    for kind in DELETION_KINDS
}
MORE_SPECIFIC: dict[str, Operation] = {
    f"neut:more_specific_{kind}": backward(_deletion(kind, facts_only=True), f"neut:more_specific_{kind}")
    for kind in DELETION_KINDS
}
