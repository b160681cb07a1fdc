"""The batch report: every story of a corpus run, each shaped like a `compare` report.

A story entry is `compare`'s JSON (articles, summary, findings, claims, single_source, stats) plus the
story's id, title, outlets and severity, so a consumer of one report reads the other. Schema:
checker/schema/batch.schema.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from checker.report import Report
from checker.report.json_report import SCHEMA_VERSION, schema, to_dict

BATCH_KIND = "checker-batch"


def story_dict(report: Report, *, story_id: str, title: str) -> dict[str, Any]:
    """One story's entry: compare's report for its articles, plus what the batch index needs."""
    body = to_dict(report)
    body.pop("schema_version")
    body.pop("models")
    contradictions = [f for f in body["findings"] if f["status"] == "contradiction"]
    return {
        "id": story_id,
        "title": title,
        "outlets": sorted({a["source"] or a["id"] for a in body["articles"]}),
        # The strongest contradiction; stories without one rank after every story with one.
        "severity": max((f["score"] for f in contradictions), default=0.0),
        **body,
    }


def batch_dict(
    stories: Sequence[Mapping[str, Any]],
    *,
    models: Mapping[str, str],
    corpus: Mapping[str, Any],
    skipped: Sequence[Mapping[str, Any]],
    stats: Mapping[str, Any],
) -> dict[str, Any]:
    """The whole run: stories by severity (contradictions first), what was skipped and why, the cost."""
    ordered = sorted(stories, key=story_rank)
    findings = [f for s in ordered for f in s["findings"]]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": BATCH_KIND,
        "models": dict(models),
        "corpus": dict(corpus),
        "summary": {
            "stories": len(ordered),
            "stories_with_contradictions": sum(s["summary"]["contradictions"] > 0 for s in ordered),
            "findings": len(findings),
            "contradictions": sum(f["status"] == "contradiction" for f in findings),
        },
        "stories": list(ordered),
        "skipped": list(skipped),
        "stats": dict(stats),
    }


def story_rank(story: Mapping[str, Any]) -> tuple[float, float, str]:
    return (-story["severity"], -len(story["findings"]), story["id"])


def validate_batch(document: Mapping[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `document` does not follow the batch schema (which refers to
    the compare report's definitions for articles and findings)."""
    import jsonschema
    from referencing import Registry, Resource

    batch_schema = _load_schema("batch.schema.json")
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in (schema(), batch_schema)
    )
    jsonschema.Draft202012Validator(batch_schema, registry=registry).validate(document)


def _load_schema(name: str) -> dict[str, Any]:
    text = resources.files("checker.schema").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
