"""Pairs across outlets: one outlet's sentence against another outlet's sentence of the same fact.

Every other family sets a sentence against an edit of itself, so the model meets two outlets' differently
worded sentences only through SICK and SNLI. Recipes v6-v10 showed what that costs: whenever the mix of
the other families moved, the model lost negations between outlets (v5 caught 35 of the cross-outlet
benchmark's 71 test negations, v6-v10 19-23) while it kept them within a sentence. Here the two sentences
are as two outlets wrote them:

* counterparts are sentences of two articles of one event by different outlets (AllSides, Multi-News)
  at least SIMILARITY alike by sentence embedding (the pipeline aligns claims by embedding too);
* contradiction (cont:counterpart_<kind>): one sentence gets one of the recipe's own changes (CHANGES:
  negation, person, place, number, date, role) and is set against the most alike sentence of the other
  article that states the changed fact, either way round. Two sentences alike enough to align need not
  share that fact ("principals are not wondering how ..." against "students were excited for the
  return"), so the other sentence must use the negated verb ("not closed" against "has closed", "will
  not require" against "requiring"), or the replaced name (`names_match`), date or figure;
* neutral (neut:counterpart): the two sentences as published, the contrast that shows the change, not
  the rewording, is the contradiction; unless both name dates, figures, people or places with nothing in
  common, since as published those may be a real contradiction. (v11 of the recipe, negations alone
  and every published pair neutral, caught 63 of the benchmark's 71 negations but learnt that two
  outlets' different dates are no contradiction: 22 of 74 caught fell to 4.)

Sentences already negative are left out: whether two outlets' negative sentences agree is not something
a rule can tell.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from checker.names import names_match
from checker.training.data import Pair
from checker.training.synthetic.contradictions import (
    change_date,
    change_number,
    change_role,
    negate,
    swap_entity,
)
from checker.training.synthetic.core import (
    Context,
    Operation,
    Pool,
    Sentence,
    common_ends,
    negated,
    seeded,
)

if TYPE_CHECKING:
    import numpy as np

    Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit-length vectors

# Cosine similarity (all-MiniLM-L6-v2) from which two sentences count as stating one fact. The pipeline
# and the perturbation benchmark align from 0.5, but a training label must be right: at 0.5 about four in
# ten of these contradictions negated a verb the other sentence used of something else ("did not vote
# against Boehner" against "urged the Senate to vote"), at 0.7 about one in twenty (samples read by hand).
SIMILARITY = 0.7
NEGATION, NEUTRAL = "cont:counterpart_polarity", "neut:counterpart"
# The recipe's own changes of one fact, made to one outlet's sentence and set against the other's.
CHANGES: dict[str, Operation] = {
    NEGATION: negate,
    "cont:counterpart_participant": swap_entity(("PERSON",), "cont:counterpart_participant"),
    "cont:counterpart_place": swap_entity(("GPE", "LOC"), "cont:counterpart_place"),
    "cont:counterpart_number": change_number,
    "cont:counterpart_date": change_date,
    "cont:counterpart_role": change_role,
}
FAMILY_NAMES = frozenset([*CHANGES, NEUTRAL])
FAMILIES = {
    "contradiction": {"cont:counterpart": tuple(CHANGES)},
    "neutral": {"neut:counterpart": (NEUTRAL,)},
}


Candidates = tuple[Sentence, tuple[Sentence, ...]]  # a sentence, and another article's most alike first


def find_counterparts(
    parsed: Sequence[Sentence], event_of: Mapping[str, str], embed: Embed
) -> list[Candidates]:
    """For each sentence and each other article of its event, that article's sentences at least
    SIMILARITY alike to it, most alike first; in a stable order. Single-article events (BBC News) give
    none."""
    import numpy as np

    by_event: dict[str, dict[str, list[Sentence]]] = defaultdict(lambda: defaultdict(list))
    for sentence in parsed:
        by_event[event_of[sentence.article_id]][sentence.article_id].append(sentence)
    shared = [
        sentence
        for articles in by_event.values()
        if len(articles) > 1
        for sentences in articles.values()
        for sentence in sentences
    ]
    if not shared:
        return []
    vectors = dict(zip((s.text for s in shared), embed([s.text for s in shared]), strict=True))
    found: list[Candidates] = []
    for _, articles in sorted(by_event.items()):
        for first, a in sorted(articles.items()):
            for second, b in sorted(articles.items()):
                if first == second:
                    continue
                scores = np.array([vectors[x.text] for x in a]) @ np.array([vectors[y.text] for y in b]).T
                for row, x in enumerate(a):
                    order = np.argsort(-scores[row], kind="stable")
                    alike = tuple(b[j] for j in order if scores[row, j] >= SIMILARITY and b[j].text != x.text)
                    if alike:
                        found.append((x, alike))
    return found


def counterpart_pairs(
    candidates: Sequence[Candidates], pool: Pool, names: Mapping[str, dict[str, list[str]]], seed: int
) -> dict[str, list[Pair]]:
    """For each sentence and other article, each kind of change made to the sentence and set against the
    most alike sentence that states the changed fact (contradiction), and the pairs so used as published
    (neutral), unless they name different figures, dates or names already; by family name. `pool` and
    `names` (article id -> entity label -> the names that article uses) are what the changes draw on."""
    found: dict[str, list[Pair]] = {family: [] for family in CHANGES}
    found[NEUTRAL] = []
    published: set[tuple[str, str]] = set()
    for x, alike in candidates:
        if negated(x):
            continue
        for family, change in CHANGES.items():
            rng = seeded(seed, x.article_id, x.position, alike[0].article_id, family)
            edit = change(x, Context(rng, pool, names.get(x.article_id, {})))
            if edit is None or edit[1] == x.text:
                continue
            states = _states_negated_verb if family == NEGATION else _states_changed_fact
            y = next((y for y in alike if not negated(y) and states(x, edit[1], y)), None)
            if y is None:
                continue
            premise, hypothesis = (edit[1], y.text) if rng.random() < 0.5 else (y.text, edit[1])
            found[family].append(
                Pair(premise, hypothesis, "contradiction", "synthetic", family, x.article_id)
            )
            # Only the reverse order is looked up, so a pair met by several changes, or from both sides,
            # comes again: v12 of the recipe trained on 515 such neutrals, 286 of them distinct. Kept so
            # that `make nli-model` rebuilds the model the README measures; the next recipe dedupes.
            if (y.text, x.text) not in published and _compatible(x, y):
                published.add((x.text, y.text))
                premise, hypothesis = (x.text, y.text) if rng.random() < 0.5 else (y.text, x.text)
                found[NEUTRAL].append(
                    Pair(premise, hypothesis, "neutral", "synthetic", NEUTRAL, x.article_id)
                )
    return found


def _replaced_words(before: str, after: str) -> str:
    """The words of `before` that the change replaced (between the common word prefix and suffix)."""
    old = before.split()
    start, end = common_ends(old, after.split())
    return " ".join(old[start : len(old) - end]).strip(".,;:\"'()")


def _states_changed_fact(sentence: Sentence, changed_text: str, other: Sentence) -> bool:
    """Does `other` state what the change replaced: the same name (by `names_match`), or the same date or
    figure word for word?"""
    original = _replaced_words(sentence.text, changed_text)
    if not original:
        return False
    if any(entity.text == original or names_match(original, entity.text) for entity in other.entities):
        return True
    return re.search(rf"(?<![\w-]){re.escape(original)}(?![\w-])", other.text) is not None


# Entity kinds two outlets may state differently: published pairs that do are not vouched for as neutral.
_FACT_LABELS = ("PERSON", "GPE", "DATE", "CARDINAL", "MONEY", "PERCENT")


def _compatible(x: Sentence, y: Sentence) -> bool:
    """No kind of fact that both sentences name with nothing in common ("on Tuesday" against "on
    Thursday", 12 against 40): as published, such a pair may be a real contradiction between the outlets."""
    for label in _FACT_LABELS:
        ours = {e.text for e in x.entities if e.label == label}
        theirs = {e.text for e in y.entities if e.label == label}
        if ours and theirs and not any(a == b or names_match(a, b) for a in ours for b in theirs):
            return False
    return True


def _states_negated_verb(sentence: Sentence, negated_text: str, other: Sentence) -> bool:
    """Does `other` use the verb the negation of `sentence` denies (the first content verb at or after
    the inserted "not", within three words)?"""
    at = next(
        (i for i, (x, y) in enumerate(zip(sentence.text, negated_text, strict=False)) if x != y),
        len(sentence.text),
    )
    following = [token for token in sentence.tokens if token.end > at][:3]
    verb = next(
        (
            token.lemma.lower()
            for token in following
            if token.tag.startswith("VB") and token.lemma.lower() not in ("be", "have", "do")
        ),
        None,
    )
    return verb is not None and verb in {token.lemma.lower() for token in other.tokens}
