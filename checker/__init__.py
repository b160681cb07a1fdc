"""checker: finds contradictions between news outlets' reports of the same event, with evidence.

The pipeline, stage by stage (each a module with plain data between them):

    articles = read_articles(paths)                    # checker.ingest   -> Article
    claims = extract_claims(articles, nlp)              # checker.claims   -> Claim
    pairs = align(claims, embeddings, thresholds)       # checker.align    -> AlignedPair
    judgement = judge(pairs, ...)                       # checker.judge    -> Finding
    report = compare(paths)                             # checker.pipeline -> Report (all of the above)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker._lazy import lazy_exports

__version__ = "0.1.0"

# Imported lazily so that `import checker` (and `checker --help`) stay fast: the stages pull in spaCy.
_EXPORTS = {
    "compare": "checker.pipeline",
    "read_articles": "checker.ingest",
    "extract_claims": "checker.claims",
    "align": "checker.align",
    "judge": "checker.judge",
    "load_settings": "checker.config",
    "Article": "checker.article",
    "Claim": "checker.claims",
    "AlignedPair": "checker.align",
    "Finding": "checker.judge",
    "Report": "checker.report",
    "Settings": "checker.config",
    "CheckerError": "checker.errors",
    "InputError": "checker.errors",
}

if TYPE_CHECKING:
    from checker.align import AlignedPair, align
    from checker.article import Article
    from checker.claims import Claim, extract_claims
    from checker.config import Settings, load_settings
    from checker.errors import CheckerError, InputError
    from checker.ingest import read_articles
    from checker.judge import Finding, judge
    from checker.pipeline import compare
    from checker.report import Report


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = sorted(_EXPORTS)
