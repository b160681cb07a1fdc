"""Every pair the sentences allow, and the quotas that choose among them.

Operations are grouped by the trick they teach (a fact changed by name, by number, by date ...; a phrase
dropped; a figure made vague; an entity described ...). Each label's quota is shared evenly by its groups,
and each group's share evenly by its families, so that neither a trick nor one common form of it (the
adjective among deletions, "about N" among figures) dominates; a small family gives all it has and the
rest goes to the larger ones.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from checker.training.data import Pair
from checker.training.synthetic import contradictions as cont
from checker.training.synthetic import counterparts, figures, paraphrases, titles
from checker.training.synthetic import descriptions as describe
from checker.training.synthetic.core import (
    Context,
    Edit,
    Operation,
    Pool,
    Rewrite,
    Sentence,
    article_facts,
    article_names,
    backward,
    build_pool,
    by_article,
    common_ends,
    forward,
    negated,
    seeded,
)
from checker.training.synthetic.deletions import DROPS, MORE_SPECIFIC, drop_any

# Share of contradictions that also carry a meaning-preserving rewrite (v0 used 45%; see `dress`).
COMPOSITE_SHARE = 0.35
# Share that also add a date or place (v0 used 30%). Without any, v3 of the recipe learned "an added date
# or place means neutral" and called 27% of such contradictions in v0's test set contradictions (v0: 85%);
# reports of one event by two outlets routinely differ in a detail besides the contradicted fact.
# v20 tried 0.2, with the added-date-or-place neutrals at weight 3.0 (against 1.5), so that more neutrals
# than contradictions would add one: v0's BBC test 0.934 (v19 0.936), still 25 neutrals called
# contradictions, few of them an added date or place.
ADDED_FACT_SHARE = 0.3
# Contradiction families that handle negation themselves: polarity adds or removes it, antonym may flip
# the negating verb itself ("refused to" -> "agreed to").
_READS_NEGATION = frozenset(["cont:polarity", "cont:antonym"])
_CLAUSES = ("parenthesis", "relative_clause", "adverbial_clause", "apposition")
_PHRASES = ("adverbial_phrase", "leading_phrase", "date", "adjective")


def _capital_pair(sentence: Sentence, ctx: Context) -> Edit | None:
    pair = describe.name_capital(sentence, ctx)
    return (*pair, "enta:describe_capital") if pair else None


def _pick(operations: dict[str, Operation], kinds: Iterable[str], prefix: str) -> dict[str, Operation]:
    return {f"{prefix}{kind}": operations[f"{prefix}{kind}"] for kind in kinds}


CONTRADICTIONS: dict[str, dict[str, Operation]] = {
    "cont:participant": {"cont:participant": cont.swap_entity(("PERSON",), "cont:participant")},
    "cont:organisation": {"cont:organisation": cont.swap_entity(("ORG",), "cont:organisation")},
    "cont:place": {"cont:place": cont.swap_entity(("GPE", "LOC"), "cont:place")},
    "cont:group": {"cont:group": cont.swap_entity(("NORP",), "cont:group")},
    # Money, ranks and relative dates are groups of their own, not parts of "number" and "date": v1 trained
    # on cardinals and calendar dates only and fails on the others, and cardinals are weak enough already.
    # Counts spelled out ("two men", "a three-year deal") are a family of their own: v4 of the recipe met
    # them only where a sentence had no figure in digits, and missed 40% of them in v0's test set.
    "cont:number": {"cont:number": cont.change_number, "cont:number_word": cont.change_number_word},
    "cont:money": {"cont:money": cont.change_money},
    "cont:ordinal": {"cont:ordinal": cont.change_ordinal},
    "cont:date": {"cont:date": cont.change_date},
    "cont:relative_date": {"cont:relative_date": cont.change_relative_date},
    "cont:polarity": {"cont:polarity": cont.negate},
    "cont:antonym": {"cont:antonym": cont.antonym},
    "cont:role": {"cont:role": cont.change_role},
    "cont:swap": {"cont:swap": cont.swap_roles, "cont:swap_direction": cont.swap_direction},
}
ENTAILMENTS: dict[str, dict[str, Operation]] = {
    "enta:drop_clause": _pick(DROPS, _CLAUSES, "enta:drop_"),
    "enta:drop_phrase": _pick(DROPS, _PHRASES, "enta:drop_"),
    "enta:figure": {
        "enta:approximate": forward(figures.approximate, "enta:approximate"),
        "enta:generalise_number": forward(figures.generalise_number, "enta:generalise_number"),
    },
    "enta:date": {
        "enta:generalise_date": forward(figures.generalise_date, "enta:generalise_date"),
        "enta:generalise_year": forward(figures.generalise_year, "enta:generalise_year"),
    },
    "enta:place": {
        "enta:describe_capital": _capital_pair,
        "enta:generalise_place": forward(describe.generalise_place, "enta:generalise_place"),
        "enta:describe_metonym": forward(describe.describe_metonym, "enta:describe_metonym"),
    },
    "enta:entity": {
        "enta:describe_person": forward(describe.describe_person, "enta:describe_person"),
        "enta:describe_organisation": forward(describe.describe_organisation, "enta:describe_organisation"),
        "enta:describe_country": forward(describe.describe_country, "enta:describe_country"),
    },
    "enta:attribution": {"enta:attribution": forward(paraphrases.reorder_attribution, "enta:attribution")},
    "enta:synonym": {"enta:synonym": forward(paraphrases.synonym, "enta:synonym")},
    # Either writing of a title entails the other, so the pair is made both ways round.
    "enta:title": {
        "enta:title_moved": forward(titles.title_beside_name, "enta:title_moved"),
        "enta:title_before_name": backward(titles.title_beside_name, "enta:title_before_name"),
    },
    "enta:surname": {"enta:surname": forward(paraphrases.surname, "enta:surname")},
    "enta:identity": {"enta:identity": paraphrases.identity},
}
NEUTRALS: dict[str, dict[str, Operation]] = {
    "neut:more_specific_clause": _pick(MORE_SPECIFIC, _CLAUSES, "neut:more_specific_"),
    "neut:more_specific_phrase": _pick(MORE_SPECIFIC, _PHRASES, "neut:more_specific_"),
    "neut:figure": {
        "neut:exact_number": backward(figures.approximate, "neut:exact_number"),
        # "around 600" -> "600": the hedge the source itself wrote, dropped (v4 called 4 in 10 entailed).
        "neut:sharpened_number": forward(figures.sharpen_number, "neut:sharpened_number"),
        "neut:more_specific_number": backward(figures.specify_number, "neut:more_specific_number"),
        "neut:exact_date": backward(figures.generalise_date, "neut:exact_date"),
        "neut:exact_year": backward(figures.generalise_year, "neut:exact_year"),
    },
    "neut:name": {
        "neut:more_specific_place": backward(describe.generalise_place, "neut:more_specific_place"),
        "neut:more_specific_person": backward(describe.describe_person, "neut:more_specific_person"),
        "neut:more_specific_organisation": backward(
            describe.describe_organisation, "neut:more_specific_organisation"
        ),
        "neut:more_specific_country": backward(describe.describe_country, "neut:more_specific_country"),
    },
    "neut:added_fact": {"neut:added_fact": lambda sentence, ctx: added(paraphrases.add_fact, sentence, ctx)},
    # Another fact of the article joined on ("..., and ...", "...; ..."): v0's add_fact, 21% of its neutrals.
    "neut:added_clause": {
        "neut:added_clause": lambda sentence, ctx: added(paraphrases.add_clause, sentence, ctx)
    },
    # A day and a time phrase that covers it ("on Tuesday morning" / "Earlier in the day"), within one
    # article's sentence: v17 and v18, shown it only between outlets (`counterparts`, 62 pairs), called
    # that pair a contradiction (P = 0.76) and flagged the two-meetings trap. Kept small (weight), since
    # v9-v10 of the recipe, with only this, caught fewer changed dates between outlets.
    "neut:day": {
        "neut:blurred_day": forward(figures.blur_day, "neut:blurred_day"),
        "neut:dated_day": backward(figures.blur_day, "neut:dated_day"),
    },
    "neut:other_sentence": {"neut:other_sentence": paraphrases.other_sentence},
}
# The facts checker exists to catch (who, where, which side, whether it happened) get twice the share of
# the other contradiction groups: with thirteen groups sharing evenly, v2 of the recipe caught entity
# swaps and inserted negations less often than v1 had with ten.
# Numbers and dates, the other core facts ("12 dead against 40, Tuesday against Thursday"), got the same
# in v7 of the recipe: cardinals 0.829 -> 0.943 and years 0.781 -> 0.906 on v0's BBC test.
# v5 read a one-word change of any kind as a contradiction: on v0's news test it called 12-16% of synonym
# swaps ("announced" -> "unveiled"), added places and added adjectives wrong (mostly as contradictions),
# where v0, which trained on about 1.6 times as many of each, got 1-5% wrong. Those groups get that much
# more (v6, v7), and synonyms 2.0 from v18, with synonyms in more senses and forms (lexicon.TAGGED_SYNONYMS).
GROUP_WEIGHTS: dict[str, float] = {
    "cont:participant": 2.0,
    "cont:place": 2.0,
    "cont:organisation": 2.0,
    "cont:group": 2.0,
    "cont:polarity": 2.0,
    "cont:counterpart": 2.0,  # a fact changed between two outlets' sentences (counterparts.py)
    "neut:counterpart": 2.0,  # and their neutral half, as many (v15)
    "cont:number": 2.0,
    "cont:date": 2.0,
    "enta:synonym": 2.0,
    "neut:added_fact": 1.5,
    "neut:added_clause": 1.5,
    "neut:more_specific_phrase": 1.3,
    "neut:day": 0.4,
}
# label -> group -> operation name -> operation
OPERATIONS = {"contradiction": CONTRADICTIONS, "entailment": ENTAILMENTS, "neutral": NEUTRALS}
# Rewrites that may ride along on a contradiction without touching the changed fact.
COMPOSABLE: dict[str, Rewrite] = {
    "attribution": paraphrases.reorder_attribution,
    "drop": drop_any,
    "approximate": figures.hedge,
    "synonym": paraphrases.synonym,
    "describe_capital": describe.describe_capital,
    "describe_metonym": describe.describe_metonym,
}


# Rewrites that keep or weaken what a sentence says: one may ride along on an entailment, or on a neutral
# pair that adds a date or place. Without them v4 of the recipe read "added a date or place and changed
# anything else" as a contradiction (81% of such neutrals right, v0 99%), and a second meaning-preserving
# edit on an entailment as a contradiction (90%, v0 99%).
# Bounds join them here: for a neutral or an entailment the figure they loosen is not the changed one.
COMPANIONS: dict[str, Rewrite] = {
    **COMPOSABLE,
    "approximate": figures.approximate,
    "surname": paraphrases.surname,
}
# Share of entailments and added-fact neutrals that carry a second rewrite (v0's test set: about a fifth
# of entailments, an eighth of neutrals).
COMPANION_SHARE = 0.2


def added(add: Operation, sentence: Sentence, ctx: Context) -> Edit | None:
    """A date, place or fact added at the end (`add`, neutral); some also carry a rewrite that keeps what
    the sentence says."""
    edit = add(sentence, ctx)
    if edit is None or ctx.rng.random() >= COMPANION_SHARE:
        return edit
    addition = edit[1][len(sentence.text) - 1 : -1]  # " on Monday", " in Spain", "; the ..."
    for kind in ctx.rng.sample(sorted(COMPANIONS), len(COMPANIONS)):
        rewritten = COMPANIONS[kind](sentence, ctx)
        if (
            rewritten
            and rewritten != sentence.text
            and rewritten.endswith(".")
            and not rewritten.endswith('."')
        ):
            return sentence.text, rewritten[:-1] + addition + ".", f"{edit[2]}+{kind}"
    return edit


def accompany(premise: str, hypothesis: str, family: str, rng: random.Random) -> Edit:
    """Some entailments also get a second rewrite of the hypothesis that it entails (what a sentence entails
    its entailed rewrite entails too)."""
    if rng.random() >= COMPANION_SHARE:
        return premise, hypothesis, family
    stub = Sentence(hypothesis, "", 0, (), ())
    rewriting = Context(rng, Pool({}), {})
    for kind in rng.sample(sorted(COMPANIONS), len(COMPANIONS)):
        result = COMPANIONS[kind](stub, rewriting)
        if result and result != hypothesis:
            return premise, result, f"{family}+{kind}"
    return premise, hypothesis, family


def candidates(parsed: Sequence[Sentence], pool: Pool, seed: int) -> dict[str, list[Pair]]:
    """Every pair the sentences allow, at most one per operation per sentence, by operation name."""
    found: dict[str, list[Pair]] = defaultdict(list)
    for article_id, group in by_article(parsed).items():
        names = article_names(group)
        facts = article_facts(group)
        for sentence in group:
            for label, groups in OPERATIONS.items():
                for operations in groups.values():
                    for name, operation in operations.items():
                        if label == "contradiction" and name not in _READS_NEGATION and negated(sentence):
                            continue  # a fact changed under negation is no contradiction (lexicon.NEGATIONS)
                        rng = seeded(seed, article_id, sentence.position, name)
                        ctx = Context(rng, pool, names, group, facts)
                        edit = operation(sentence, ctx)
                        if edit is None or (edit[0] == edit[1] and name != "enta:identity"):
                            continue
                        premise, hypothesis, family = edit
                        if label == "contradiction":
                            premise, hypothesis, family = dress(
                                premise, hypothesis, family, rng, sentence, ctx
                            )
                        elif label == "entailment" and name != "enta:identity":
                            premise, hypothesis, family = accompany(premise, hypothesis, family, rng)
                        found[name].append(Pair(premise, hypothesis, label, "synthetic", family, article_id))
    return found


def dress(
    premise: str, hypothesis: str, family: str, rng: random.Random, sentence: Sentence, ctx: Context
) -> Edit:
    """A third of contradictions also get a meaning-preserving rewrite that keeps the changed words, and
    some a date or place the sentence did not name; half are presented with the edited sentence as the
    premise (a contradiction reads both ways)."""
    if rng.random() < COMPOSITE_SHARE:
        changed = _changed_words(premise, hypothesis)
        stub = Sentence(hypothesis, "", 0, (), ())
        rewriting = Context(rng, Pool({}), {})
        for kind in rng.sample(sorted(COMPOSABLE), len(COMPOSABLE)):
            result = COMPOSABLE[kind](stub, rewriting)
            if result and result != hypothesis and changed and changed in result:
                hypothesis, family = result, f"{family}+{kind}"
                break
    if rng.random() < ADDED_FACT_SHARE:
        added = paraphrases.add_fact(Sentence(hypothesis, "", 0, sentence.entities, ()), ctx)
        if added:
            hypothesis, family = added[1], f"{family}+added_fact"
    if rng.random() < 0.5:
        premise, hypothesis = hypothesis, premise
    return premise, hypothesis, family


def _changed_words(before: str, after: str) -> str:
    """The words the edit put in (between the common prefix and suffix)."""
    start, end = common_ends(before, after)
    return after[start : len(after) - end].strip()


def even_shares(sizes: dict[str, int], quota: int, weights: dict[str, float] | None = None) -> dict[str, int]:
    """How many to take of each: `quota` shared in proportion to `weights` (evenly without), a small
    member gives all it has and the rest goes to the larger ones."""
    taken = dict.fromkeys(sizes, 0)
    open_members = [name for name in sizes if sizes[name]]
    weight = {name: (weights or {}).get(name, 1.0) for name in sizes}
    remaining = quota
    while remaining > 0 and open_members:
        total = sum(weight[name] for name in open_members)
        round_quota = remaining
        for name in list(open_members):
            share = max(int(round_quota * weight[name] / total), 1)
            take = min(share, sizes[name] - taken[name], remaining)
            taken[name] += take
            remaining -= take
            if taken[name] >= sizes[name]:
                open_members.remove(name)
            if remaining <= 0:
                break
    return taken


def _by_family(found: dict[str, list[Pair]], names: Iterable[str], seed: int) -> dict[str, list[Pair]]:
    families: dict[str, list[Pair]] = defaultdict(list)
    for name in names:
        for pair in found.get(name, []):
            families[pair.family.split("+")[0]].append(pair)
    for family, members in families.items():
        seeded(seed, "select", family).shuffle(members)
    return dict(sorted(families.items()))


def select(found: dict[str, list[Pair]], per_label: int, seed: int) -> list[Pair]:
    """`per_label` pairs of each label: the label's groups share it evenly, each group's families share
    the group's part evenly; in a seeded order. A group with no pairs (the cross-outlet ones, where
    no event has two outlets) gives its share to the others."""
    chosen: list[Pair] = []
    for label, groups in OPERATIONS.items():
        names = {group: tuple(operations) for group, operations in groups.items()}
        names.update(counterparts.FAMILIES.get(label, {}))
        by_group = {group: _by_family(found, operations, seed) for group, operations in names.items()}
        group_quota = even_shares(
            {g: sum(map(len, f.values())) for g, f in by_group.items()}, per_label, GROUP_WEIGHTS
        )
        for group, families in by_group.items():
            family_quota = even_shares({f: len(p) for f, p in families.items()}, group_quota[group])
            for family, members in families.items():
                chosen.extend(members[: family_quota[family]])
    seeded(seed, "order").shuffle(chosen)
    return chosen


def generate(
    parsed: Sequence[Sentence],
    per_label: int,
    seed: int,
    counterpart_sentences: Sequence[counterparts.Candidates] = (),
) -> list[Pair]:
    """The synthetic pairs of one side of the split (its own name pool), with the cross-outlet pairs of
    `counterpart_sentences` (`counterparts.find_counterparts`) among them."""
    pool = build_pool(parsed)
    found = candidates(parsed, pool, seed)
    if counterpart_sentences:
        names = {article_id: article_names(group) for article_id, group in by_article(parsed).items()}
        found.update(counterparts.counterpart_pairs(counterpart_sentences, pool, names, seed))
    return select(found, per_label, seed)


def family_counts(pairs: Iterable[Pair]) -> dict[str, int]:
    counts = Counter(p.family.split("+")[0] for p in pairs)
    return dict(sorted(counts.items()))
