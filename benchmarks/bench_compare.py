"""`make bench`: the seeds compared cold and warm, NLI pairs judged against all pairs, NLI pairs per second,
and how long reading a 4 MB article takes.

Cold = a fresh process running `checker compare` to the end (imports and model loads included), median of
3. Warm = `checker.compare` again in a process whose models are loaded, median of 5. The 4 MB article is
seed 001 repeated to just under the 5 MB input limit, read by `checker.ingest.read_articles` (median of 3):
an input stage that went quadratic would show here first. Writes benchmarks/results/compare.json and .md,
and the table between the README's bench markers.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
START, END = "<!-- bench:compare:start -->", "<!-- bench:compare:end -->"


def cold_seconds(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "checker.cli", "compare", *map(str, SEEDS), "--format", "json", "--quiet"],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ},
        )
        times.append(time.perf_counter() - began)
        if result.returncode not in (0, 1):
            raise SystemExit(f"checker compare failed: {result.stderr.decode()}")
    return statistics.median(times)


def large_article_seconds(runs: int = 3) -> tuple[float, int]:
    """Median seconds to read one legitimate article of about 4 MB, and its size in bytes."""
    from checker.ingest import read_articles

    seed = SEEDS[1].read_text(encoding="utf-8") + "\n\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(seed * (4_000_000 // len(seed)), encoding="utf-8")
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            read_articles([path])
            times.append(time.perf_counter() - began)
        return statistics.median(times), path.stat().st_size


def main() -> None:
    from checker import models
    from checker.config import load_settings
    from checker.pipeline import compare

    cold = cold_seconds()
    large_seconds, large_bytes = large_article_seconds()
    settings = load_settings()
    compare(SEEDS, settings=settings)  # load the models
    warm_runs = []
    for _ in range(5):
        began = time.perf_counter()
        report = compare(SEEDS, settings=settings)
        warm_runs.append(time.perf_counter() - began)
    warm = statistics.median(warm_runs)

    nli = models.load_nli(settings.resolved_nli())
    claims = [c.text for article_claims in report.claims.values() for c in article_claims]
    pairs = [(claims[i], claims[(i * 7 + 3) % len(claims)]) for i in range(len(claims))] * 4
    nli.predict(pairs[:32])
    began = time.perf_counter()
    nli.predict(pairs)
    pairs_per_second = len(pairs) / (time.perf_counter() - began)

    stats = report.stats
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "cold_seconds": round(cold, 2),
        "warm_seconds": round(warm, 2),
        "warm_stage_seconds": dict(stats.seconds),
        "claims": stats.claims,
        "all_pairs": stats.all_pairs,
        "aligned_pairs": stats.aligned_pairs,
        "nli_pairs_judged": stats.nli_pairs_judged,
        "reduction": round(stats.all_pairs / max(stats.nli_pairs_judged, 1), 1),
        "nli_pairs_per_second": round(pairs_per_second, 1),
        "large_article_bytes": large_bytes,
        "large_article_seconds": round(large_seconds, 2),
        "targets": {"warm_seconds": 1.5, "cold_seconds": 8.0, "reduction": 10, "large_article_seconds": 2.0},
    }
    table = "\n".join(
        [
            "| measure | figure | target |",
            "|---|---|---|",
            f"| seeds, cold (process start to report, median of 3) | {figures['cold_seconds']} s | < 8 s |",
            f"| seeds, warm (models loaded, median of 5) | {figures['warm_seconds']} s | < 1.5 s |",
            f"| claims / all cross-article pairs | {stats.claims} / {stats.all_pairs} | |",
            f"| NLI pairs judged (both directions + context reads) | {stats.nli_pairs_judged} "
            f"({figures['reduction']}x fewer than all pairs) | >= 10x fewer |",
            f"| NLI throughput (PyTorch, fp32, {os.cpu_count()} threads) | {figures['nli_pairs_per_second']} pairs/s | |",
            f"| reading a {large_bytes / 1e6:.1f} MB article (the input limit is 5 MB; median of 3) "
            f"| {figures['large_article_seconds']} s | < 2 s |",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "compare.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "compare.md").write_text(table + "\n")
    if README.exists():
        text = README.read_text()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            README.write_text(f"{head}{START}\n{table}\n{END}{tail}")
    print(table)


if __name__ == "__main__":
    main()
