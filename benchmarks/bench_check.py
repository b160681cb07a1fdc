"""`make bench-check`: the archive and the pre-publication check at 1k and 10k published articles.

For each archive size: time to add the articles (articles/s), size on disk (store + faiss index), and the
latency of checking a ~600-word draft, median and p95 over 20 drafts:

* library, warm: `checker.check.check` in a process whose models are loaded and archive open;
* service, warm: POST /check to `checker serve`'s app (uvicorn on a loopback port, in this process);
* CLI, cold: `checker check DRAFT --archive A` as a fresh process (what a git hook pays per commit),
  median of 3.

The articles are real, from ../shared/data (AllSides leads, BBC News, Multi-News, ECB+, BASIL, NewsWCL50,
the BBC articles of AggreFact-XSum, FNC-1 bodies): 6.7k distinct articles. To reach 10k, the longest
articles outside the 1k set are each archived as two halves (split at a paragraph boundary); the figures
say how many. The drafts are 20 BASIL New York Times articles cut to ~600 words at a paragraph boundary;
they are not archived, and the Fox News and HuffPost reports of the same 20 events are (in both sizes), so
every draft has its story's published coverage to be found among the distractors.

Built archives are cached in benchmarks/.cache/ (ignored by git; rebuilt when the models or the claim and
lead code change, as the archive would refuse them; delete it to rebuild); the 10k archive
starts as a copy of the 1k one, so "add" at 10k times the 9k articles added to it. Writes
benchmarks/results/check.json and check.md.

    python benchmarks/bench_check.py                 # 1k and 10k
    python benchmarks/bench_check.py --sizes 200     # a quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readme_section import write_section  # benchmarks/ is on sys.path when run as a script

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CHECKER_DATA_DIR", ROOT.parent / "shared" / "data"))
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
DRAFTS = 20
DRAFT_WORDS = 600
ADD_BATCH = 200  # articles per archive.add call (one index save each); a stopped build resumes from there
SEED = 42


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    event: str | None = None


# ------------------------------------------------------------------------------------------- the data


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def _value(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value in (None, "", "None") else str(value)


def load_records() -> dict[str, list[Record]]:
    """Every distinct real article in ../shared/data, by data set."""
    sets: dict[str, list[Record]] = {}

    def simple(name: str, path: str, default_source: str | None = None) -> None:
        sets[name] = [
            Record(
                id=f"{name}/{row['id']}",
                text=str(row["text"]),
                source=_value(row, "source") or default_source,
                published=_value(row, "published"),
                title=_value(row, "title"),
                event=_value(row, "event_id"),
            )
            for row in _jsonl(DATA / path)
        ]

    simple("allsides", "allsides_neus/articles.jsonl")
    simple("multinews", "multinews_sample/articles.jsonl")
    simple("ecbplus", "ecbplus/articles.jsonl")
    simple("newswcl50", "newswcl50/articles.jsonl")
    sets["basil"] = [
        Record(
            id=f"basil/{row['id']}",
            text=str(row["text"]),
            source={"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}.get(row["source"]),
            published=_value(row, "published"),
            title=_value(row, "title"),
            event=_value(row, "event_id"),
        )
        for row in _jsonl(DATA / "basil" / "articles.jsonl")
    ]
    sets["bbc"] = [
        Record(
            id=f"bbc/{row['id']}",
            text="\n\n".join(row["paragraphs"]),
            source="BBC News",
            title=_value(row, "title"),
        )
        for row in _jsonl(DATA / "bbc_news" / "bbc_news.jsonl")
    ]
    docs: dict[str, Record] = {}
    for row in _jsonl(DATA / "aggrefact_xsum" / "aggrefact_unified_xsum.jsonl"):
        docs.setdefault(row["doc"], Record(id=f"xsum/{row['id']}", text=row["doc"], source="BBC"))
    sets["xsum"] = list(docs.values())
    csv.field_size_limit(1 << 30)
    with (DATA / "fnc1_stance" / "competition_test_bodies.csv").open(encoding="utf-8") as stream:
        sets["fnc1"] = [
            Record(id=f"fnc1/{row['Body ID']}", text=row["articleBody"], source="FNC-1 (Emergent)")
            for row in csv.DictReader(stream)
        ]
    return sets


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return parts if len(parts) > 1 else [p.strip() for p in text.splitlines() if p.strip()]


def cut(text: str, words: int) -> str:
    """The leading paragraphs of `text`, about `words` words."""
    kept: list[str] = []
    count = 0
    for paragraph in _paragraphs(text):
        if count >= words:
            break
        kept.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(kept)


def halves(record: Record) -> list[Record]:
    """The record as two articles, split at the paragraph boundary nearest its middle."""
    paragraphs = _paragraphs(record.text)
    if len(paragraphs) < 2:
        return [record]
    sizes = [len(p.split()) for p in paragraphs]
    total = sum(sizes)
    split = min(range(1, len(paragraphs)), key=lambda i: abs(sum(sizes[:i]) - total / 2))
    first, second = "\n\n".join(paragraphs[:split]), "\n\n".join(paragraphs[split:])
    return [
        Record(f"{record.id}#1", first, record.source, record.published, record.title, record.event),
        Record(f"{record.id}#2", second, record.source, record.published, record.title, record.event),
    ]


@dataclass(frozen=True)
class Plan:
    drafts: list[Record]
    archives: dict[int, list[Record]]  # size -> articles (each a prefix-extension of the smaller)
    notes: dict[int, str]


def plan(sizes: Sequence[int]) -> Plan:
    sets = load_records()
    basil_events: dict[str, dict[str, Record]] = {}
    for record in sets["basil"]:
        basil_events.setdefault(record.event or "", {})[record.source or ""] = record
    rng = random.Random(SEED)
    events = sorted(
        event
        for event, by_source in basil_events.items()
        if "New York Times" in by_source and len(by_source["New York Times"].text.split()) >= 450
    )
    drafts: list[Record] = []
    siblings: list[Record] = []
    for event in rng.sample(events, DRAFTS):
        nyt = basil_events[event]["New York Times"]
        drafts.append(
            Record(f"draft/{nyt.id}", cut(nyt.text, DRAFT_WORDS), nyt.source, nyt.published, nyt.title)
        )
        siblings += [r for source, r in sorted(basil_events[event].items()) if source != "New York Times"]
    left_out = {d.id.removeprefix("draft/") for d in drafts} | {r.id for r in siblings}
    pool = [r for name in sorted(sets) for r in sets[name] if r.id not in left_out]
    rng.shuffle(pool)

    archives: dict[int, list[Record]] = {}
    notes: dict[int, str] = {}
    current = list(siblings)
    remaining = list(pool)
    for size in sorted(sizes):
        need = size - len(current)
        if need <= len(remaining):
            current += remaining[:need]
            remaining = remaining[need:]
            notes[size] = f"{size:,} distinct real articles"
        else:
            # Not enough distinct articles: archive the longest of the rest as two halves each.
            real = len(current) + len(remaining)
            extra = size - real
            remaining.sort(key=lambda r: (-min(len(_paragraphs(r.text)), 2), -len(r.text.split()), r.id))
            pieces = [piece for record in remaining[:extra] for piece in halves(record)]
            current += remaining[extra:] + pieces
            remaining = []
            notes[size] = (
                f"{real:,} distinct real articles (all of ../shared/data's but the {DRAFTS} drafts), "
                f"{extra:,} of them (the longest, outside the smaller archive) archived as two halves each"
            )
        archives[size] = current[:size]
    return Plan(drafts=drafts, archives=archives, notes=notes)


def to_article(record: Record, date_order: str = "DMY") -> Any:
    from checker.ingest import read_article_text
    from checker.ingest.metadata import parse_iso

    published = None
    if record.published:
        try:
            published = parse_iso(record.published)
        except ValueError:
            published = None
    return read_article_text(
        record.text,
        id=record.id,
        source=record.source,
        published=published,
        title=record.title,
        date_order=date_order,
    )


# --------------------------------------------------------------------------------------- measurement


def build(
    size: int, records: Sequence[Record], smaller: Path | None, settings: Any, deadline: float | None = None
) -> dict[str, Any]:
    """Build (or reuse, or resume) the cached archive of `size` articles; returns the add figures. Adds
    stop at `deadline` (time.monotonic()); a later run resumes where this one stopped."""
    from checker.archive import open_archive
    from checker.archive.identity import current_identity
    from checker.errors import InputError
    from checker.pipeline import Models

    # A cached archive made by other models or claim code is stale: the archive itself would refuse it.
    identity = current_identity(settings).as_dict()
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    path = CACHE / f"archive-{size}.sqlite"
    figures_file = CACHE / f"archive-{size}.json"
    cached = json.loads(figures_file.read_text()) if path.exists() and figures_file.exists() else {}
    progress: dict[str, Any] = cached if cached.get("identity") == identity else {}
    if progress.get("complete"):
        return progress
    if not progress:  # nothing to resume: start from scratch (or from the smaller archive)
        for stale in CACHE.glob(f"archive-{size}.sqlite*"):
            stale.unlink()
        if smaller is not None:
            for suffix in ("", ".faiss"):
                shutil.copyfile(f"{smaller}{suffix}", f"{path}{suffix}")
    articles = []
    unreadable = 0
    for record in records:
        try:
            articles.append(to_article(record, settings.date_order))
        except InputError:
            unreadable += 1
    loaded = Models.load(settings)  # loaded (and warmed up) before the clock starts
    loaded.embed(["warm up"])
    with open_archive(path, settings) as archive:
        start_count = progress.get("added_onto", archive.stats().articles)
        todo = [a for a in articles if a.id not in archive]
        added = int(progress.get("added", 0))
        seconds = float(progress.get("add_seconds", 0.0))
        complete = True
        for index in range(0, len(todo), ADD_BATCH):
            if deadline is not None and time.monotonic() > deadline:
                complete = False
                break
            began = time.perf_counter()
            batch = todo[index : index + ADD_BATCH]
            archive.add(batch)
            seconds += time.perf_counter() - began
            added += len(batch)
            rate = added / seconds
            print(f"  {size}: {added} added ({rate:.2f} articles/s)", file=sys.stderr, flush=True)
            progress = {
                "added_onto": start_count,
                "added": added,
                "add_seconds": seconds,
                "identity": identity,
            }
            figures_file.write_text(json.dumps(progress) + "\n")
        stats = archive.stats()
    figures = {
        "complete": complete,
        "articles": stats.articles,
        "claims": stats.claims,
        "added": added,
        "added_onto": start_count,
        "unreadable_skipped": unreadable,
        "add_seconds": round(seconds, 1),
        "articles_per_second": round(added / seconds, 2) if seconds else None,
        "size_bytes": stats.size_bytes,
        "identity": identity,
    }
    figures_file.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


def _summary(values: Sequence[float]) -> dict[str, float]:
    import numpy as np

    return {
        "median": round(statistics.median(values), 3),
        "p95": round(float(np.percentile(values, 95)), 3),
        "max": round(max(values), 3),
    }


def library_latency(path: Path, drafts: Sequence[Any], settings: Any) -> dict[str, Any]:
    from checker.archive import open_archive
    from checker.check import check
    from checker.pipeline import Models

    loaded = Models.load(settings)
    with open_archive(path, settings, create=False) as archive:
        check([drafts[0]], archive=archive, settings=settings, loaded_models=loaded)  # warm-up
        times: list[float] = []
        stages: dict[str, list[float]] = {}
        findings = matched = 0
        for draft in drafts:
            began = time.perf_counter()
            report = check([draft], archive=archive, settings=settings, loaded_models=loaded)
            times.append(time.perf_counter() - began)
            for stage, seconds in report.stats.seconds.items():
                stages.setdefault(stage, []).append(seconds)
            findings += len(report.findings)
            matched += len(report.articles) - 1
    return {
        **_summary(times),
        "stage_medians": {k: round(statistics.median(v), 3) for k, v in stages.items()},
        "findings_per_draft": round(findings / len(drafts), 2),
        "articles_compared_per_draft": round(matched / len(drafts), 1),
    }


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(120)
        sock.close()


def service_latency(path: Path, drafts: Sequence[Record], settings: Any) -> dict[str, Any]:
    import httpx

    from checker.service import create_app

    app = create_app(settings, path)
    bodies = [
        {"text": d.text, "id": "draft", "source": d.source, "published": d.published, "title": d.title}
        for d in drafts
    ]
    with _serving(app) as url, httpx.Client(base_url=url, timeout=600) as client:
        client.post("/check", json=bodies[0]).raise_for_status()  # warm-up
        times = []
        for body in bodies:
            began = time.perf_counter()
            client.post("/check", json=body).raise_for_status()
            times.append(time.perf_counter() - began)
    return _summary(times)


def cli_latency(path: Path, drafts: Sequence[Record], runs: int = 3) -> dict[str, Any]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for index, draft in enumerate(drafts[:runs]):
            file = Path(folder) / f"draft-{index}.txt"  # run from here: not from ROOT's checker/
            file.write_text(draft.text, encoding="utf-8")
            began = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "checker.cli",
                    "check",
                    str(file),
                    "--archive",
                    str(path),
                    "--format",
                    "json",
                ],
                capture_output=True,
                cwd=folder,
            )
            times.append(time.perf_counter() - began)
            if done.returncode not in (0, 1):
                raise SystemExit(f"checker check failed: {done.stderr.decode()[-500:]}")
    return {"median": round(statistics.median(times), 2), "runs": runs}


# ---------------------------------------------------------------------------------------------- main


def table(figures: dict[str, Any]) -> str:
    sizes = figures["sizes"]
    columns = list(sizes)
    head = (
        "| measure | "
        + " | ".join(f"{sizes[s]['add']['articles']:,} articles" for s in columns)
        + " | target |"
    )
    rows = [head, "|---" * (len(columns) + 2) + "|"]

    def row(name: str, cells: list[str], target: str = "") -> None:
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {target} |")

    row("claims in the archive", [f"{sizes[s]['add']['claims']:,}" for s in columns])
    row(
        f"add: articles/s (batches of {ADD_BATCH})",
        [
            f"{sizes[s]['add']['articles_per_second']} ({sizes[s]['add']['added']:,} in {sizes[s]['add']['add_seconds']} s)"
            for s in columns
        ],
    )
    row("size on disk (store + index)", [f"{sizes[s]['add']['size_bytes'] / 1e6:.0f} MB" for s in columns])
    row(
        "check, library, warm: median / p95",
        [f"{sizes[s]['library']['median']} / {sizes[s]['library']['p95']} s" for s in columns],
        "< 2 s at 10k",
    )
    row(
        "check, service (POST /check), warm: median / p95",
        [f"{sizes[s]['service']['median']} / {sizes[s]['service']['p95']} s" for s in columns],
        "< 2 s at 10k",
    )
    row(
        "check, CLI, cold (process start to exit; a git hook): median of 3",
        [f"{sizes[s]['cli']['median']} s" for s in columns],
    )
    row(
        "published articles compared per draft",
        [str(sizes[s]["library"]["articles_compared_per_draft"]) for s in columns],
    )
    lines = "\n".join(rows)
    if len(columns) > 1:
        small, big = columns[0], columns[-1]
        growth = sizes[big]["library"]["median"] / sizes[small]["library"]["median"]
        more = sizes[big]["add"]["articles"] / sizes[small]["add"]["articles"]
        lines += (
            f"\n\nWarm latency grows {growth:.2f}x for {more:.1f}x the articles "
            f"({'sublinear' if growth < more else 'NOT sublinear'})."
        )
    lines += (
        f"\n\nDrafts: {DRAFTS} BASIL New York Times reports cut to ~{DRAFT_WORDS} words (median "
        f"{figures['draft_words_median']} words), checked against archives holding the Fox News and HuffPost "
        f"reports of the same events. {figures['machine']}; load average {figures.get('load_average', '?')} "
        "when the measurements ended (above 2 means other work shared the CPU)."
    )
    for size in columns:
        built = sizes[size]["add"]
        stopped = "" if built.get("complete", True) else f" (stopped at {built['articles']:,}: time limit)"
        lines += f"\n{int(size):,}: {figures['notes'][size]}{stopped}."
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="Archive sizes, comma-separated (results are written for the default).",
    )
    parser.add_argument(
        "--deadline-minutes", type=float, help="Stop adding after this long and measure what was built."
    )
    parser.add_argument("--no-service", action="store_true", help="Skip the service measurement.")
    parser.add_argument("--no-cli", action="store_true", help="Skip the cold CLI measurement.")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from checker.config import load_settings

    settings = load_settings()
    deadline = time.monotonic() + args.deadline_minutes * 60 if args.deadline_minutes else None
    the_plan = plan(sizes)
    drafts = [to_article(d, settings.date_order) for d in the_plan.drafts]
    results: dict[str, Any] = {}
    smaller: Path | None = None
    built: dict[int, dict[str, Any]] = {}
    for size in sizes:  # all builds first, so the --deadline-minutes budget goes to adding
        print(f"archive of {size} articles", file=sys.stderr, flush=True)
        built[size] = build(size, the_plan.archives[size], smaller, settings, deadline)
        smaller = CACHE / f"archive-{size}.sqlite"
    for size in sizes:
        path = CACHE / f"archive-{size}.sqlite"
        results[str(size)] = {
            "add": built[size],
            "library": library_latency(path, drafts, settings),
            "service": {} if args.no_service else service_latency(path, the_plan.drafts, settings),
            "cli": {} if args.no_cli else cli_latency(path, the_plan.drafts),
        }
        print(json.dumps(results[str(size)]), file=sys.stderr, flush=True)
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average": round(os.getloadavg()[0], 1),
        "drafts": DRAFTS,
        "draft_words_median": statistics.median(len(d.text.split()) for d in the_plan.drafts),
        "notes": {str(s): n for s, n in the_plan.notes.items()},
        "sizes": results,
        "targets": {"warm_seconds_10k": 2.0, "sublinear": True},
    }
    rendered = table(figures)
    print(rendered)
    if not (args.no_service or args.no_cli):
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "check.json").write_text(json.dumps(figures, indent=2) + "\n")
        (RESULTS / "check.md").write_text(rendered + "\n")
        write_section("check", rendered)
    else:
        print("(not the full run: benchmarks/results/ left as it was)", file=sys.stderr)


if __name__ == "__main__":
    main()
