"""Claims stage: cut each article into sentence claims and read their slots.

A claim is one sentence with what the later stages compare: named entities (participants, places), the
numbers it states, the dates it names (resolved against the publication date), who it is attributed to
("X said ...", "according to X"), and its stance (asserted, denied, or hedged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from checker.article import Article
from checker.dates import DateMention, find_dates
from checker.names import PLACE_NOUNS as GENERIC_PLACE_NOUNS
from checker.quantities import Quantity, find_quantities

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "NORP", "ROLE"})
NAME_LABELS = PLACE_LABELS | PARTICIPANT_LABELS | {"EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "report",
        "state",
        "claim",
        "announce",
        "add",
        "confirm",
        "deny",
        "insist",
        "allege",
        "stress",
        "warn",
        "accuse",
        "write",
        "argue",
        "suggest",
        "reveal",
        "acknowledge",
        "admit",
        "note",
        "explain",
        "quote",
    ]
)
# Reporting verbs that only pass on what someone said: the day of saying is not the day of what was
# said. Announcing, confirming or revealing is itself the news ("Merck announced Monday the submission").
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "claim",
        "add",
        "insist",
        "stress",
        "warn",
        "write",
        "argue",
        "suggest",
        "note",
        "explain",
        "quote",
        "report",
    ]
)
DENIAL_VERBS = frozenset(["deny", "reject", "refute", "dismiss", "disprove", "contradict"])
CONFIRMATION_VERBS = frozenset(["confirm", "acknowledge", "admit", "verify"])
HEDGE_PATTERNS = re.compile(
    r"\b(declined to (comment|confirm)|refused to (comment|confirm)|could not (be reached|confirm|verify)|"
    r"would not (confirm|comment)|unable to (confirm|verify)|no immediate comment|did not respond)\b",
    re.IGNORECASE,
)
TITLE_LEMMAS = frozenset(
    [
        "president",
        "chancellor",
        "minister",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sultan",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "general",
        "commander",
        "governor",
        "mayor",
        "chief",
        "director",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "head",
        "senator",
        "congressman",
        "mp",
        "lawmaker",
        "judge",
        "prosecutor",
    ]
)
# Words too common in news to anchor two claims as being about the same event.
GENERIC_LEMMAS = frozenset(
    [
        "be",
        "have",
        "do",
        "say",
        "tell",
        "report",
        "make",
        "take",
        "give",
        "go",
        "come",
        "get",
        "year",
        "day",
        "time",
        "people",
        "group",
        "official",
        "country",
        "government",
        "state",
        "part",
        "area",
        "way",
        "week",
        "month",
        "also",
        "would",
        "could",
        "may",
        "will",
    ]
)
# Abbreviated titles before a name, written out so that "Gov. Cuomo" and "Governor Cuomo" hold one title.
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "amb": "ambassador",
    "adm": "admiral",
    "lt": "lieutenant",
    "col": "colonel",
    "capt": "captain",
    "supt": "superintendent",
}
# Verbs whose negation says nothing about the event: copulas and auxiliaries, and the verbs that
# attribute ("did not say whether" is no answer, not a denial of what another outlet quotes).
POLARITY_NEUTRAL_VERBS = frozenset(
    [
        "be",
        "have",
        "do",
        "get",
        "become",
        "seem",
        "include",
        "say",
        "tell",
        "add",
        "note",
        "write",
        "quote",
        "comment",
        "respond",
        "explain",
        "elaborate",
        "specify",
        "accord",
    ]
)
_ACRONYM_DEFINITION = re.compile(
    # Every word is followed by exactly one space: with an optional space, a run of capitalised words
    # can be split in exponentially many ways, and a long one (tokenised text) hangs the regex engine.
    r"((?:[A-Z][\w'’-]+ )(?:(?:of|and|the|for|[A-Z][\w'’-]+) )+)\(([A-Z]{2,6})\)"
)
MIN_CLAIM_WORDS = 5


@dataclass(frozen=True)
class Mention:
    """A named thing in a claim. Offsets are positions in the article's text."""

    text: str
    label: str  # spaCy label (PERSON, GPE, ORG, ...) or ROLE for "the French president"
    start: int
    end: int
    aliases: tuple[str, ...] = ()  # other names the same article gives it ("ISIL" for the long form)
    role: str | None = None  # the title attached to a person ("defence minister")
    locative: bool = False  # a place named as where something is or happens ("in Idlib", "Hama village")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.text, *self.aliases)


@dataclass(frozen=True)
class Claim:
    """One sentence of an article, with its slots. Offsets are positions in `Article.text`."""

    id: str  # "<article id>#<index>"
    article_id: str
    index: int
    text: str
    start: int
    end: int
    entities: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    speaker: str | None = None  # who the claim is attributed to, as written
    speaker_span: tuple[int, int] | None = None
    stance: int = 1  # +1 asserted, -1 denied or negated, 0 hedged ("did not confirm")
    predicate: str = ""  # lemma of the verb the stance is about ("hold", "deny", "confirm")
    event_words: frozenset[str] = field(default_factory=frozenset)  # content lemmas, for anchoring
    # Main verbs (lemmas) the sentence negates, and content verbs it asserts outright (not under a
    # negation, a condition or a modal): "did not announce" / "announced" differ in polarity on "announce".
    negated_verbs: frozenset[str] = field(default_factory=frozenset)
    asserted_verbs: frozenset[str] = field(default_factory=frozenset)

    def mentions(self, labels: frozenset[str]) -> list[Mention]:
        """Entities with these labels, leaving out the speaker (who says is not what is said)."""
        return [m for m in self.entities if m.label in labels and not self._in_speaker(m)]

    def _in_speaker(self, mention: Mention) -> bool:
        if self.speaker_span is None:
            return False
        return self.speaker_span[0] <= mention.start and mention.end <= self.speaker_span[1]


def extract_claims(articles: Sequence[Article], nlp) -> dict[str, list[Claim]]:
    """Claims of each article, keyed by article id, in reading order."""
    paragraphs: list[tuple[int, int, str]] = []  # (article index, offset, text)
    for number, article in enumerate(articles):
        for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", article.text):
            if match.group().strip():
                paragraphs.append((number, match.start(), match.group()))
    claims: dict[str, list[Claim]] = {article.id: [] for article in articles}
    aliases = [_acronym_aliases(article.text) for article in articles]
    docs = nlp.pipe((text for _, _, text in paragraphs), batch_size=64)
    for (number, offset, _), doc in zip(paragraphs, docs, strict=True):
        article = articles[number]
        for sentence in doc.sents:
            claim = _claim_from(sentence, article, len(claims[article.id]), offset, aliases[number])
            if claim is not None:
                claims[article.id].append(claim)
    return claims


def _claim_from(
    sentence: Span, article: Article, index: int, offset: int, aliases: dict[str, str]
) -> Claim | None:
    words = [t for t in sentence if t.is_alpha]
    if len(words) < MIN_CLAIM_WORDS:
        return None
    text = sentence.text.strip()
    start = offset + sentence.start_char
    speaker, speaker_span = _attribution(sentence)
    stance, predicate = _stance(sentence)
    negated_verbs, asserted_verbs = _verb_polarities(sentence)
    return Claim(
        id=f"{article.id}#{index}",
        article_id=article.id,
        index=index,
        text=text,
        start=start,
        end=start + len(text),
        entities=tuple(_mentions(sentence, offset, aliases)),
        quantities=tuple(_shift_quantity(q, offset) for q in find_quantities(sentence)),
        dates=tuple(
            _shift_date(replace(d, dated=_dated(sentence, d)), offset)
            for d in find_dates(sentence, article.published)
        ),
        speaker=speaker,
        speaker_span=(speaker_span[0] + offset, speaker_span[1] + offset) if speaker_span else None,
        stance=stance,
        predicate=predicate,
        event_words=frozenset(
            t.lemma_.lower()
            for t in sentence
            if t.pos_ in ("NOUN", "VERB", "PROPN")
            and not t.is_stop
            and t.lemma_.lower() not in GENERIC_LEMMAS
        ),
        negated_verbs=negated_verbs,
        asserted_verbs=asserted_verbs,
    )


_UNCERTAIN_AUX = frozenset(["may", "might", "could", "would", "should", "can"])
_POSSIBLE_AUX = frozenset(["may", "might", "should"])


def _verb_polarities(sentence: Span) -> tuple[frozenset[str], frozenset[str]]:
    """The main verbs the sentence negates, and the content verbs it asserts anywhere. Only a negated main
    verb denies what the sentence reports ("did not announce the submission"); a negation in a side
    clause ("after he was told he could not use the bathroom") is another fact. A verb under a negated
    verb ("did not want to vote"), a modal ("could vote") or a condition ("if it votes") is asserted by
    nobody."""
    main = _main_verbs(sentence)
    negated: set[str] = set()
    asserted: set[str] = set()
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or token.dep_ in ("amod", "compound") or lemma in POLARITY_NEUTRAL_VERBS:
            continue
        if _negated(token):
            possible = any(c.dep_ == "aux" and c.lower_ in _POSSIBLE_AUX for c in token.children)
            if token.i in main and not possible:  # "may not vote" leaves it open; "could not" does not
                negated.add(lemma)
        elif not _uncertain(token):
            asserted.add(lemma)
    return frozenset(negated), frozenset(asserted - negated)


def _main_verbs(sentence: Span) -> set[int]:
    """The verbs that carry what the sentence reports: its root, or what a reporting root reports
    ("X said it would not ..."), and verbs joined to them ("did not stop and did not ...")."""
    root = sentence.root
    main = [root]
    if root.lemma_.lower() in REPORTING_VERBS:
        main += [c for c in root.children if c.dep_ == "ccomp"]
    main += [c for verb in list(main) for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return {verb.i for verb in main}


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _uncertain(verb: Token) -> bool:
    """Negated, modal or conditional itself or through a governing verb."""
    token = verb
    while True:
        children = list(token.children)
        if token is not verb and _negated(token):
            return True
        if any(c.dep_ == "aux" and c.lower_ in _UNCERTAIN_AUX for c in children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
            return True
        if token.head.i == token.i or token.dep_ not in ("xcomp", "ccomp", "advcl", "conj"):
            return False
        token = token.head


def _shift_quantity(quantity: Quantity, offset: int) -> Quantity:
    return replace(quantity, start=quantity.start + offset, end=quantity.end + offset)


# Nouns of the time of day or week a date is part of ("Friday night", "Monday morning"), not a dated thing.
_TIME_NOUNS = frozenset(
    [
        "morning",
        "afternoon",
        "evening",
        "night",
        "midnight",
        "noon",
        "dawn",
        "dusk",
        "sunrise",
        "sunset",
        "week",
        "weekend",
        "day",
        "time",
    ]
)


def _dated(sentence: Span, date: DateMention) -> str:
    """What a date in the sentence dates: a statement ("said on Thursday"), a thing ("the Sept. 11
    attacks", "Friday's strike") or an event ("voted on Thursday"). Two outlets often quote statements
    made on different days about one event, and a sentence dates many things: only dates of the same
    sort can be two accounts of one date."""
    words = sentence.doc.char_span(date.start, date.end, alignment_mode="expand")
    if words is None:
        return ""
    token = words.root
    while token.head.i != token.i and (token.dep_ == "pobj" or token.head.lower_ in _TIME_NOUNS | {"of"}):
        token = token.head  # "on Thursday", "Friday night's strike", "before dawn on Tuesday"
    head = token.head
    if token.dep_ in ("compound", "poss", "nmod", "amod", "nummod") and head.pos_ in ("NOUN", "PROPN"):
        return "thing"  # written before the noun it dates; a phrase after a noun may belong to the verb
    if head.pos_ in ("VERB", "AUX"):
        return "statement" if head.lemma_.lower() in SPEECH_VERBS else "event"
    return ""


def _shift_date(date: DateMention, offset: int) -> DateMention:
    return replace(date, start=date.start + offset, end=date.end + offset)


def _acronym_aliases(text: str) -> dict[str, str]:
    """ "the Islamic State of Iraq and the Levant (ISIL)" -> {ISIL: long form, long form: ISIL}."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEFINITION.finditer(text):
        long_form, acronym = match.group(1).strip(), match.group(2)
        found[acronym] = long_form
        found[long_form] = acronym
    return found


def _mentions(sentence: Span, offset: int, aliases: dict[str, str]) -> Iterable[Mention]:
    covered: set[int] = set()
    # "BERN —", "TARTU, Estonia —": where the report was filed from, not a place or actor of the event
    # (two outlets' datelines differ without disagreeing).
    dateline = _DATELINE.match(sentence.text)
    dateline_end = sentence.start_char + dateline.end() if dateline else sentence.start_char
    for entity in sentence.ents:
        if entity.label_ not in NAME_LABELS or entity.end_char <= dateline_end:
            continue
        label = "GPE" if _named_as_place(entity) else entity.label_
        name = entity
        if label == "PERSON":
            covered.update(range(entity.start, entity.end))
            name = entity.doc[_name_start(entity) : entity.end]  # the title is the role, not the name
        text = _strip_determiner(name)
        alias = aliases.get(text) or aliases.get(entity.text)
        yield Mention(
            text=text,
            label=label,
            start=offset + name.start_char,
            end=offset + entity.end_char,
            aliases=(alias,) if alias else (),
            role=_role_of(entity) if label == "PERSON" else None,
            locative=label in PLACE_LABELS and _is_locative(entity),
        )
    # Participants named only by their title: "met the French president".
    for chunk in sentence.noun_chunks:
        head = chunk.root
        if head.lemma_.lower() not in TITLE_LEMMAS or any(t.i in covered for t in chunk):
            continue
        if _appositive_person(chunk) is not None:
            continue  # "Prince Mohammed, Saudi Arabia's defence minister": the person carries it
        words = [
            t
            for t in chunk
            if t.dep_ not in ("det", "predet")
            and not t.is_punct
            and not (t.dep_ == "poss" and t.pos_ == "PRON")
        ]
        if len(words) < 2:
            continue  # a bare "the president" names nobody in particular
        yield Mention(
            text=" ".join(t.text for t in words),
            label="ROLE",
            start=offset + words[0].idx,
            end=offset + words[-1].idx + len(words[-1]),
        )


LOCATIVE_PREPOSITIONS = frozenset(
    ["in", "at", "near", "of", "outside", "inside", "across", "around", "within", "into"]
)
PLACE_NOUNS = GENERIC_PLACE_NOUNS | {"state"}  # "Kaduna state" locates, though "state" names too


def _named_as_place(entity: Span) -> bool:
    """ "the town of Irbid", "the village of X": the small tagger often calls an unfamiliar town a product
    or a person; the words around it say it is a place."""
    if entity.label_ in PLACE_LABELS or entity.label_ not in (
        "PRODUCT",
        "PERSON",
        "ORG",
        "WORK_OF_ART",
        "NORP",
    ):
        return False
    root = entity.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in GENERIC_PLACE_NOUNS
        and root.head.head.i < entity.start
    )


def _is_locative(entity: Span) -> bool:
    """ "in Idlib", "the Hama village", "Hama province": the place locates something, it is not an actor."""
    if any(t.lower_ in PLACE_NOUNS for t in entity) or entity.root.head.lower_ in PLACE_NOUNS:
        return True
    head = entity.root.head
    if entity.root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPOSITIONS:
        return head.lower_ != "of" or head.head.lower_ in PLACE_NOUNS or head.head.ent_type_ in PLACE_LABELS
    return False


def _strip_determiner(entity: Span) -> str:
    tokens = list(entity)
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in tokens).strip()
    return re.sub(r"['’]s$", "", text)


def _title_word(token: Token) -> str | None:
    """The title a word is ("President", "Gov." -> "governor"), or None."""
    if token.lemma_.lower() in TITLE_LEMMAS:
        return token.lower_
    return TITLE_ABBREVIATIONS.get(token.lower_.rstrip("."))


def _name_start(person: Span) -> int:
    """Where the name proper begins: the tagger sometimes takes the title in ("Governor Joe Biden")."""
    start = person.start
    while start < person.end - 1 and _title_word(person.doc[start]) is not None:
        start += 1
    return start


def _role_of(person: Span) -> str | None:
    """The title before a name ("President Vladimir Putin", "Gov. Andrew Cuomo") or in apposition after it."""
    before: list[str] = []
    start = _name_start(person)
    for token in reversed(person.doc[max(person.start - 3, 0) : start]):
        title = _title_word(token)
        if title is not None or (before and token.pos_ in ("ADJ", "PROPN", "NOUN")):
            before.insert(0, title or token.text)
        else:
            break
    if before:
        return " ".join(before).lower()
    for token in person.root.children:
        if token.dep_ == "appos" and token.lemma_.lower() in TITLE_LEMMAS:
            modifiers = [t.text for t in token.lefts if t.dep_ in ("compound", "amod")]
            return " ".join([*modifiers, token.text]).lower()
    return None


def _appositive_person(chunk: Span) -> Token | None:
    head = chunk.root
    if head.dep_ == "appos" and head.head.ent_type_ == "PERSON":
        return head.head
    return None


def _attribution(sentence: Span) -> tuple[str | None, tuple[int, int] | None]:
    """Who the sentence's claim is attributed to, and where that is written."""
    for token in sentence:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.doc[token.i + 1].lower_ == "to"
        ):
            objects = [c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return _subtree_text(objects[0], before_head=False)
    for token in sentence:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        dateline = _DATELINE.match(sentence.text)
        begin = sentence.start_char + (dateline.end() if dateline else 0)
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= begin]
        if subjects and (token.dep_ == "ROOT" or any(c.dep_ == "ccomp" for c in token.children)):
            return _subtree_text(subjects[0])
    return None, None


_DATELINE = re.compile(r"^[A-Z][A-Z'’ .-]{2,}(?:,\s+[A-Z][\w .]+)?\s*(?:\([^)]*\))?\s*[—–-]+\s*")


def _subtree_text(token: Token, before_head: bool = True) -> tuple[str, tuple[int, int]]:
    """The speaker's words: the subject's subtree before its verb (or the whole object of "according
    to", which follows its head), without a dateline ("BEIRUT —")."""
    sentence = token.sent
    dateline = _DATELINE.match(sentence.text)
    begin = sentence.start_char + (dateline.end() if dateline else 0)
    tokens = [
        t
        for t in token.subtree
        if t.idx >= begin and (not before_head or t.i < token.head.i or token.head == token)
    ]
    if not before_head:
        # "according to the agency, which said ...": the speaker ends where a clause about it begins.
        clause = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl") for t in c.subtree}
        cut = next((n for n, t in enumerate(tokens) if t.i in clause or (t.is_punct and t.i > token.i)), None)
        tokens = tokens[:cut] if cut is not None else tokens
    if not tokens:
        tokens = [token]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return token.doc.text[start:end], (start, end)


def _stance(sentence: Span) -> tuple[int, str]:
    """+1 asserted, -1 denied or negated, 0 hedged; and the verb lemma it applies to."""
    root = sentence.root
    lemma = root.lemma_.lower()
    if HEDGE_PATTERNS.search(sentence.text):
        return 0, lemma
    negated = any(c.dep_ == "neg" for c in root.children)
    if lemma in DENIAL_VERBS:
        return (0 if negated else -1), lemma
    if lemma in CONFIRMATION_VERBS:
        return (0 if negated else 1), lemma
    if lemma in REPORTING_VERBS:
        content = [c for c in root.children if c.dep_ == "ccomp"]
        if content:
            root = content[0]
            lemma = root.lemma_.lower()
            if lemma in DENIAL_VERBS:
                return -1, lemma
            negated = negated or any(c.dep_ == "neg" for c in root.children)
    return (-1 if negated else 1), lemma
