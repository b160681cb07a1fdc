"""Labelled NLI pairs made from real news sentences by one edit each.

The premise is a sentence as an outlet published it; the hypothesis is that sentence after one edit:
* contradiction (contradictions.py): one fact changed: participant (person), organisation, place, group,
  number, money, ordinal, date/weekday/month/year, relative date, polarity, an antonym (in the sense its
  tag shows), a role/title, or word order (the subject and object of an asymmetric verb exchanged, the two
  ends of a change "from A to B" exchanged). A third also carry a meaning-preserving rewrite, some an
  added date or place, and half are presented edited-side first, so that "something was rewritten" or
  "something was added" never decides the label by itself;
* entailment: meaning-preserving rewrites: a parenthesis, relative or adverbial clause, apposition,
  adverbial or leading phrase, trailing date or adjective dropped (deletions.py; never under negation or
  other downward-entailing words); a figure rounded, bounded or made vague, a date widened (figures.py);
  an entity described ("in Damascus" -> "in the Syrian capital", "the Kremlin" -> "Moscow", "Mr Brown" ->
  "the chancellor", "BA" -> "the airline", "France" -> "the country"; descriptions.py); the attribution
  moved, a synonym or alias, a full name cut to the surname, or the sentence unchanged (paraphrases.py);
* neutral: the hypothesis adds a fact: the reverse of the dropping, widening and describing rewrites (a more
  specific hypothesis), an exact figure for "about N", an added date or place, or another sentence of the
  same article naming the same entity;
* across outlets (counterparts.py): two outlets' sentences the pipeline would align, as published
  (neutral, unless they may really contradict: see the module), and two of one fact with
  one fact of one of them changed (negation, person, place, number, date, role: contradiction), and with
  one of them rewritten so that it keeps the fact (a name respelled, a day written as a time phrase that
  covers it: neutral), so that contradictions are learnt between differently worded sentences too, not
  only between a sentence and its own edit.

Quotas (generation.py) share each label evenly among groups of families and each group among its
families. Everything is deterministic for a seed: each sentence's edits are drawn from a generator seeded
with the seed, the article id, the sentence's position and the operation, and the quotas sample from
seeded shuffles. Rules make the labels, not annotators: expect a few percent of noise (NER errors).
"""

from checker.training.synthetic.core import (
    Context,
    Entity,
    Pool,
    Sentence,
    Token,
    build_pool,
    parse_articles,
    usable,
)
from checker.training.synthetic.generation import (
    OPERATIONS,
    candidates,
    family_counts,
    generate,
    seeded,
    select,
)

__all__ = [
    "OPERATIONS",
    "Context",
    "Entity",
    "Pool",
    "Sentence",
    "Token",
    "build_pool",
    "candidates",
    "family_counts",
    "generate",
    "parse_articles",
    "seeded",
    "select",
    "usable",
]
