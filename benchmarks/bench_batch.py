"""`make bench-batch`: checker batch over real multi-outlet news, at growing sizes, and story grouping quality.

Speed: AllSides headline roundups (../shared/data/allsides_neus: 505 events x 2-3 outlets, lead paragraphs)
cut at 250, 500, 1,000 and all 1,479 articles (whole events only: the file is in event order). Each size
runs with an empty cache in a process whose models are already loaded (model loading is a one-off cost
of about 5 s, reported separately), then again over the filled cache; 1,000 articles run once more in
float32, the figure for CPUs without bfloat16 (the other rows use the default, precision auto). Grouping: adjusted Rand index and
B-cubed F1 against the labelled events of AllSides (where the defaults were chosen, so optimistic), ECB+
(two events of the same kind per topic: hard negatives; no dates) and NewsWCL50 (both held out).

Writes benchmarks/results/batch.json and .md, and the table between the README's bench:batch markers.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from readme_section import write_section  # benchmarks/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (250, 500, 1000, 1479)
FP32_SIZE = 1000  # run once more in float32: the figure for CPUs without bfloat16 (precision auto -> fp32)
GROUPING_SETS = {
    "AllSides (tuned on)": DATA / "allsides_neus" / "articles.jsonl",
    "ECB+": DATA / "ecbplus" / "articles.jsonl",
    "NewsWCL50": DATA / "newswcl50" / "articles.jsonl",
}


def speed(workdir: Path) -> list[dict]:
    from checker.batch import run_batch
    from checker.config import load_settings
    from checker.pipeline import Models

    settings = load_settings()
    fp32 = replace(settings, precision="fp32")
    began = time.perf_counter()
    Models.load(settings)
    model_seconds = time.perf_counter() - began
    Models.load(fp32)
    lines = (DATA / "allsides_neus" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    rows = []
    for size, run_settings in [*((size, settings) for size in SIZES), (FP32_SIZE, fp32)]:
        precision = run_settings.resolved_precision()
        corpus = workdir / f"allsides-{size}.jsonl"
        corpus.write_text("".join(lines[:size]), encoding="utf-8")
        cache = workdir / f"cache-{size}-{precision}.sqlite"
        began = time.perf_counter()
        first = run_batch([corpus], workdir / f"out-{size}", settings=run_settings, cache_path=cache)
        first_seconds = time.perf_counter() - began
        began = time.perf_counter()
        run_batch([corpus], workdir / f"out-{size}", settings=run_settings, cache_path=cache)
        again_seconds = time.perf_counter() - began
        report = first.report
        rows.append(
            {
                "articles": size,
                "precision": precision,
                "seconds": round(first_seconds, 2),
                "articles_per_minute": round(size / first_seconds * 60),
                "rerun_seconds": round(again_seconds, 3),
                "rerun_share": round(again_seconds / first_seconds, 4),
                "stories_compared": report["summary"]["stories"],
                "findings": report["summary"]["findings"],
                "contradictions": report["summary"]["contradictions"],
                "nli_pairs_judged": report["stats"]["nli_pairs_judged"],
                "stage_seconds": report["stats"]["seconds"],
                "model_load_seconds": round(model_seconds, 2),
            }
        )
        print(rows[-1], flush=True)
    return rows


def grouping(workdir: Path) -> dict[str, dict]:
    from checker.batch import find_stories
    from checker.batch.scoring import grouping_scores
    from checker.ingest.corpus import read_corpus

    figures = {}
    for name, path in GROUPING_SETS.items():
        if not path.exists():
            continue
        gold = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            gold[str(record["id"])] = str(record["event_id"])
        articles = read_corpus([path]).articles
        stories = find_stories(articles, cache_path=workdir / "grouping.sqlite")
        predicted = {article_id: story.id for story in stories for article_id in story.article_ids}
        figures[name] = {**grouping_scores(predicted, gold), "events": len(set(gold[i] for i in predicted))}
        print(name, figures[name], flush=True)
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="checker-bench-batch-") as tmp:
        workdir = Path(tmp)
        rows = speed(workdir)
        quality = grouping(workdir)
    default = rows[0]["precision"]
    by_size = {row["articles"]: row for row in rows if row["precision"] == default}
    growth = {
        f"t({2 * n})/t({n})": round(by_size[2 * n]["seconds"] / by_size[n]["seconds"], 2)
        for n in SIZES
        if 2 * n in by_size
    }
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "corpus": "allsides_neus (lead paragraphs, 2-3 outlets per event)",
        "sizes": rows,
        "growth": growth,
        "grouping": quality,
        "targets": {"articles_per_minute": 1000, "growth": 2.2, "rerun_share": 0.05},
    }
    lines = [
        "| articles | precision | first run | articles/min | stories compared | NLI pairs judged | contradictions "
        "| re-run (cached) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['articles']:,} | {row['precision']} | {row['seconds']} s | {row['articles_per_minute']:,} | "
            f"{row['stories_compared']} | {row['nli_pairs_judged']:,} | {row['contradictions']} | "
            f"{row['rerun_seconds']} s ({row['rerun_share']:.1%}) |"
        )
    lines.append("")
    lines.append(
        "Growth: "
        + ", ".join(f"{k} = {v}" for k, v in growth.items())
        + f" at {default} (target <= 2.2). Targets: >= 1,000 articles/min; re-run < 5% of the first run. "
        f"Model loading ({rows[0]['model_load_seconds']} s) is paid once per process and not counted."
    )
    lines += [
        "",
        "| story grouping | articles | events | adjusted Rand | B-cubed precision | B-cubed recall | B-cubed F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, score in quality.items():
        lines.append(
            f"| {name} | {score['articles']} | {score['events']} | {score['ari']} | {score['bcubed_precision']} "
            f"| {score['bcubed_recall']} | {score['bcubed_f1']} |"
        )
    table = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "batch.md").write_text(table + "\n")
    write_section("batch", table)
    print(table)


if __name__ == "__main__":
    main()
