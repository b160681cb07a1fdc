"""Running the cross-outlet perturbation cases through checker, and scoring what it reports.

Each case is run as a real comparison of two reports (the edited A against B as published) with the
pipeline's own stages after claim extraction. The untouched pair is run too: a finding the edited run
shares with it (same two sentences in either order, the edited one by its original text; same kind) is
not caused by the edit and is not scored there; the untouched pair's own findings are the false-flag rate
on real coverage.

Scoring, per contradicting kind K (participant, place, number, date, polarity, role):
* a case of kind K is *detected* when a finding (any status but "explained") pairs the edited sentence
  with a sentence of B that states the fact; it is *typed* when that finding's kind is K (a
  sources-disagree finding, whose kind is "attribution", is typed when K is among its differences);
* recall = typed / cases of kind K; precision = typed / findings of kind K that the edits caused, over
  every edited case (wrong-kind findings on contradicting edits, findings on meaning-preserving edits);
* typing accuracy = typed / detected.
Each finding keeps its score, so precision and recall at any `report_floor` are read from one run made
with the floor at 0 (the floor is the judge's last filter).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from checker.align import align, embed_claims
from checker.article import Article
from checker.claims import Claim, extract_claims
from checker.config import Settings, Thresholds
from checker.evaluate.perturb import CONTRADICTING, PRESERVING, Case, build_cases, load_events
from checker.judge import Finding
from checker.pipeline import Models, compare_claims
from checker.slots import slot_diffs

Progress = Callable[[str], None]


class ParsedParagraphs:
    """The spaCy pipeline's `pipe`, remembering the Doc of each paragraph it has parsed: a case's edited
    article differs from its original in one paragraph, so the other paragraphs are parsed once for the
    whole run, not once per case. Everything else is the pipeline's own."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self._docs: dict[str, Any] = {}

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._docs))
        if missing:
            self._docs.update(zip(missing, self._nlp.pipe(missing, batch_size=batch_size), strict=True))
        return (self._docs[t] for t in texts)

    def __call__(self, text: str) -> Any:
        return self._nlp(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


class CachedModels:
    """The run's models behind caches: claims of one text, embeddings of one sentence, NLI verdicts of
    one pair and the parse of one paragraph are computed once, however many cases and threshold settings
    reuse them."""

    def __init__(self, models: Models) -> None:
        self.nlp = ParsedParagraphs(models.nlp)
        self._embed = models.embed
        self._nli = models.nli
        self._vectors: dict[str, np.ndarray] = {}
        self._verdicts: dict[tuple[str, str], dict[str, float]] = {}
        self._claims: dict[tuple[str, str], list[Claim]] = {}
        self.models = Models(nlp=self.nlp, embed=self.embed, nli=self.nli)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self._embed(missing), strict=True))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def nli(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        missing = list(dict.fromkeys(p for p in pairs if p not in self._verdicts))
        if missing:
            self._verdicts.update(zip(missing, self._nli(missing), strict=True))
        return [self._verdicts[p] for p in pairs]

    def claims(self, articles: Sequence[Article]) -> dict[str, list[Claim]]:
        todo = [a for a in articles if (a.id, a.text) not in self._claims]
        if todo:
            for article in todo:  # one article per call: ids repeat across cases with different texts
                self._claims[(article.id, article.text)] = extract_claims([article], self.nlp)[article.id]
        return {a.id: self._claims[(a.id, a.text)] for a in articles}


@dataclass(frozen=True)
class Flag:
    """One finding of a case run, reduced to what scoring needs."""

    kind: str
    status: str
    score: float
    a_span: tuple[int, int]  # the sentence in the edited report (A)
    b_span: tuple[int, int]
    a_text: str
    b_text: str
    differs: tuple[str, ...]  # kinds of the slot differences
    similarity: float = 0.0  # cosine of the two sentences, as a report gives it

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.a_text, self.b_text)


@dataclass(frozen=True)
class CaseRun:
    case: Case
    flags: tuple[Flag, ...]  # all findings, at report floor 0


def run_cases(
    cases: Sequence[Case],
    cached: CachedModels,
    settings: Settings,
    progress: Progress | None = None,
) -> list[CaseRun]:
    """Every case through align + judge (report floor 0, so each run serves every floor)."""
    say = progress or (lambda _stage: None)
    open_settings = replace(settings, thresholds=replace(settings.thresholds, report_floor=0.0))
    runs = []
    began = time.perf_counter()
    for first in range(0, len(cases), PREFETCH):
        batch = [
            (case, case.a.article(case.a_text), case.b.article()) for case in cases[first : first + PREFETCH]
        ]
        _prefetch([(a, b) for _, a, b in batch], cached, open_settings)
        for case, a, b in batch:
            claims = cached.claims([a, b])
            report = compare_claims([a, b], claims, models=cached.models, settings=open_settings)
            runs.append(CaseRun(case, tuple(_flag(f, a.id) for f in report.findings)))
        say(f"{len(runs)}/{len(cases)} cases ({time.perf_counter() - began:.0f} s)")
    return runs


PREFETCH = 256  # cases whose model calls are batched together (one call each on a busy CPU, not hundreds)


def _prefetch(pairs: Sequence[tuple[Article, Article]], cached: CachedModels, settings: Settings) -> None:
    """Embed every claim and ask the NLI model about every pair the judge will ask, in two batched calls;
    the per-case runs then read the caches. (Context reads not foreseen here are asked when met.)"""
    all_claims = [cached.claims([a, b]) for a, b in pairs]
    cached.embed([c.text for claims in all_claims for cs in claims.values() for c in cs])
    wanted: list[tuple[str, str]] = []
    nli_alone = settings.thresholds.nli_contradiction <= 1
    for claims in all_claims:
        embeddings = embed_claims(claims, cached.embed)
        for pair in align(claims, embeddings, settings.thresholds):
            if nli_alone or slot_diffs(pair.a, pair.b):
                wanted += [(pair.a.text, pair.b.text), (pair.b.text, pair.a.text)]
    cached.nli(wanted)


def _flag(finding: Finding, a_id: str) -> Flag:
    a, b = (finding.a, finding.b) if finding.a.article_id == a_id else (finding.b, finding.a)
    return Flag(
        kind=finding.kind,
        status=finding.status,
        score=finding.score,
        a_span=(a.start, a.end),
        b_span=(b.start, b.end),
        a_text=a.text,
        b_text=b.text,
        differs=tuple(d.kind for d in finding.differs),
        similarity=finding.similarity,
    )


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _reported(flag: Flag, floor: float) -> bool:
    return flag.status != "explained" and flag.score >= floor


def _typed(flag: Flag, kind: str) -> bool:
    return flag.kind == kind or (flag.status == "sources-disagree" and kind in flag.differs)


def score_runs(runs: Sequence[CaseRun], floor: float) -> dict[str, Any]:
    """Per-kind figures at this report floor (see the module docstring), plus the false-flag rates."""
    baseline: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    untouched_flags: dict[str, int] = {}
    for run in runs:
        if run.case.kind == "untouched":
            reported = [f for f in run.flags if _reported(f, floor)]
            # Either outlet of the pair may be the edited one: the untouched findings in both orders.
            baseline[_pair_of(run.case)] = {f.key for f in reported} | {
                (f.kind, f.b_text, f.a_text) for f in reported
            }
            untouched_flags[run.case.id] = len({f.key for f in reported})
    cases: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    caused: Counter[str] = Counter()  # findings the edits caused, by the kind reported
    correct: Counter[str] = Counter()
    preserving_cases: Counter[str] = Counter()
    preserving_flagged: Counter[str] = Counter()
    for run in runs:
        case = run.case
        if case.kind == "untouched":
            continue
        before = baseline.get(_pair_of(case), set())
        new = [f for f in run.flags if _reported(f, floor) and _untouched_key(f, case) not in before]
        on_fact = [
            f
            for f in new
            if _overlaps(f.a_span, case.edit) and any(_overlaps(f.b_span, s) for s in case.b_spans)
        ]
        if case.kind in PRESERVING:
            preserving_cases[case.kind] += 1
            preserving_flagged[case.kind] += bool(new)
            caused.update(f.kind for f in new)
            continue
        cases[case.kind] += 1
        right = [f for f in on_fact if _typed(f, case.kind)]
        detected[case.kind] += bool(on_fact)
        typed[case.kind] += bool(right)
        if right:
            correct[case.kind] += 1
            caused[case.kind] += 1
            # Further findings of the right kind on the same fact (B states it twice) are not errors.
            new = [f for f in new if not (f in on_fact and _typed(f, case.kind))]
        caused.update(f.kind for f in new)
    per_kind = {}
    for kind in CONTRADICTING:
        per_kind[kind] = _prf(cases[kind], typed[kind], caused[kind]) | {
            "detected": detected[kind],
            "typing_accuracy": round(typed[kind] / detected[kind], 4) if detected[kind] else None,
        }
    others = sorted(k for k in caused if k not in CONTRADICTING)
    total_cases, total_typed = sum(cases.values()), sum(typed.values())
    untouched = list(untouched_flags.values())
    return {
        "floor": floor,
        "per_kind": per_kind,
        "other_kinds_caused": {k: caused[k] for k in others},
        "overall": _prf(total_cases, total_typed, sum(caused.values()))
        | {
            "detected": sum(detected.values()),
            "typing_accuracy": round(total_typed / max(sum(detected.values()), 1), 4),
        },
        "preserving": {
            kind: {
                "cases": preserving_cases[kind],
                "flagged": preserving_flagged[kind],
                "rate": round(preserving_flagged[kind] / preserving_cases[kind], 4)
                if preserving_cases[kind]
                else None,
            }
            for kind in PRESERVING
        },
        "preserving_rate": round(
            sum(preserving_flagged.values()) / max(sum(preserving_cases.values()), 1), 4
        ),
        "untouched": {
            "pairs": len(untouched),
            "flags": sum(untouched),
            "flags_per_event": round(sum(untouched) / max(len(untouched), 1), 4),
            "pairs_flagged": round(sum(1 for u in untouched if u) / max(len(untouched), 1), 4),
        },
    }


def _pair_of(case: Case) -> tuple[str, str, str]:
    """The event and its two reports, whichever of them a case edits."""
    first, second = sorted((case.a.id, case.b.id))
    return (case.event_id, first, second)


def _untouched_key(flag: Flag, case: Case) -> tuple[str, str, str]:
    """The flag's key as the untouched pair's run would write it: the edited sentence by its original
    text. A false flag the untouched pair already raises on that sentence is not caused by the edit, and
    counting it again would charge the meaning-preserving edits with the untouched coverage's flags."""
    if flag.a_span != case.edit:
        return flag.key
    shift = len(case.a_text) - len(case.a.text)
    original = case.a.text[case.edit[0] : case.edit[1] - shift]
    return (flag.kind, original, flag.b_text)


def _prf(cases: int, true_positive: int, reported: int) -> dict[str, Any]:
    precision = true_positive / reported if reported else None
    recall = true_positive / cases if cases else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else 0.0
    )
    return {
        "cases": cases,
        "typed": true_positive,
        "reported": reported,
        "precision": None if precision is None else round(precision, 4),
        "recall": None if recall is None else round(recall, 4),
        "f1": round(f1, 4),
    }


def untouched_flags(runs: Sequence[CaseRun], floor: float) -> list[dict[str, Any]]:
    """The findings on untouched coverage, for reading by hand."""
    rows = []
    for run in runs:
        if run.case.kind != "untouched":
            continue
        for flag in run.flags:
            if _reported(flag, floor):
                rows.append(
                    {
                        "event": run.case.event_id,
                        "outlets": [run.case.a.source, run.case.b.source],
                        "kind": flag.kind,
                        "status": flag.status,
                        "score": flag.score,
                        "a": flag.a_text,
                        "b": flag.b_text,
                    }
                )
    return rows


def case_counts(cases: Sequence[Case]) -> dict[str, Any]:
    by_split: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter()}
    for case in cases:
        by_split[case.split][case.kind] += 1
    events = {s: len({c.event_id for c in cases if c.split == s}) for s in by_split}
    datasets = Counter(c.dataset for c in cases if c.kind == "untouched")
    return {
        "events": events,
        "pairs_by_dataset": dict(datasets),
        "cases": {s: dict(sorted(by_split[s].items())) for s in by_split},
    }


def thresholds_dict(thresholds: Thresholds, participant_similarity: float) -> dict[str, float]:
    return {
        "report_floor": thresholds.report_floor,
        "slot_nli_floor": thresholds.slot_nli_floor,
        "nli_contradiction": thresholds.nli_contradiction,
        "participant_similarity": participant_similarity,
    }


def by_split(runs: Sequence[CaseRun], split: str) -> list[CaseRun]:
    return [r for r in runs if r.case.split == split]


def examples(cases: Sequence[Case], kind: str, limit: int = 3) -> list[Mapping[str, Any]]:
    return [c.as_dict() for c in cases if c.kind == kind][:limit]


DATASETS = ("allsides_neus", "newswcl50")


def build_benchmark(
    settings: Settings,
    data: Path,
    *,
    events: int | None = None,
    seed: int = 13,
    datasets: Sequence[str] = DATASETS,
    progress: Progress | None = None,
) -> tuple[list[Case], CachedModels]:
    """The cases (all events, or a seeded sample of `events`) and the cached models that built them."""
    say = progress or (lambda _stage: None)
    cached = CachedModels(Models.load(settings))
    chosen = load_events(data, datasets)
    if events is not None and events < len(chosen):
        chosen = sorted(chosen, key=lambda e: hashlib.sha256(f"{seed}:{e.id}".encode()).hexdigest())[:events]
    say(f"building perturbation cases from {len(chosen)} events")
    return build_cases(chosen, cached.nlp, cached.embed, seed=seed), cached


def evaluate_crossoutlet(
    settings: Settings,
    data: Path,
    *,
    events: int | None = None,
    seed: int = 13,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The benchmark at the settings as given (no calibration): per split, per kind."""
    cases, cached = build_benchmark(settings, data, events=events, seed=seed, progress=progress)
    runs = run_cases(cases, cached, settings, progress)
    floor = settings.thresholds.report_floor
    return {
        "seed": seed,
        "counts": case_counts(cases),
        "dev": score_runs(by_split(runs, "dev"), floor),
        "test": score_runs(by_split(runs, "test"), floor),
    }
