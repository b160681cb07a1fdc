"""`make bench-backends`: PyTorch in float32, PyTorch in bfloat16 and ONNX Runtime, side by side in one run.

NLI pairs/s on real sentence pairs (SICK test and SNLI test sentence pairs, and pairs of the seed reports'
claims), embeddings/s on real sentences (the seeds' claims and SICK sentences), each backend on the same
inputs with the same batching; the share of the CPU's peak fp32 FLOP/s each reaches (FLOPs counted from the
model config and the actual token counts, attention included); how many NLI labels each moves against
PyTorch float32; and cold start per backend (a fresh `checker compare` of the seeds, process start to
report). Writes benchmarks/results/backends.json and .md.

    python benchmarks/bench_backends.py [--cold-runs 3] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from readme_section import write_section  # benchmarks/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
RESULTS = ROOT / "benchmarks" / "results"
# name -> (backend, precision); the first is the reference the others are measured against.
ENGINES = {"torch": ("torch", "fp32"), "torch bf16": ("torch", "bf16"), "onnx": ("onnx", "fp32")}
REFERENCE = "torch"
NLI_SAMPLE = 384  # pairs per dataset
EMBED_SAMPLE = 512  # sentences


# --- inputs ---------------------------------------------------------------------------------------


def nli_pairs(settings: Any) -> dict[str, list[tuple[str, str]]]:
    from checker.evaluate import datasets

    root = datasets.data_dir(None)
    sick = datasets.sample(datasets.sick(root), NLI_SAMPLE, key=lambda e: e.label)
    snli = datasets.sample(datasets.snli(root), NLI_SAMPLE, key=lambda e: e.label)
    claims = seed_claims(settings)
    news = [(claims[i], claims[(i * 7 + 3) % len(claims)]) for i in range(len(claims))]
    news = (news * (NLI_SAMPLE // len(news) + 1))[:NLI_SAMPLE]
    return {
        "SICK test": [(e.premise, e.hypothesis) for e in sick],
        "SNLI test": [(e.premise, e.hypothesis) for e in snli],
        "news claims (seeds)": news,
    }


def embed_texts(settings: Any) -> dict[str, list[str]]:
    from checker.evaluate import datasets

    claims = seed_claims(settings)
    sick = datasets.sample(datasets.sick(datasets.data_dir(None)), EMBED_SAMPLE // 2, key=lambda e: e.label)
    sick_sentences = list(dict.fromkeys(s for e in sick for s in (e.premise, e.hypothesis)))[:EMBED_SAMPLE]
    return {
        "news claims (seeds)": (claims * (EMBED_SAMPLE // len(claims) + 1))[:EMBED_SAMPLE],
        "SICK sentences": sick_sentences,
    }


def seed_claims(settings: Any, cache: dict[str, list[str]] = {}) -> list[str]:  # noqa: B006 - memo
    if "claims" not in cache:
        from checker import models
        from checker.claims import extract_claims
        from checker.ingest import read_articles

        articles = read_articles(SEEDS)
        claims = extract_claims(articles, models.load_spacy(settings.resolved_spacy()))
        cache["claims"] = [c.text for article_claims in claims.values() for c in article_claims]
    return cache["claims"]


# --- FLOPs and peak ---------------------------------------------------------------------------------


def model_shape(location: Path) -> dict[str, int]:
    config = json.loads((location / "config.json").read_text())
    return {
        "layers": config["num_hidden_layers"],
        "hidden": config["hidden_size"],
        "intermediate": config["intermediate_size"],
        "heads": config["num_attention_heads"],
        "labels": len(config.get("id2label", {})) or 0,
    }


def encoder_flops(tokens: int, shape: dict[str, int]) -> float:
    """Multiply-adds x 2 of a BERT encoder on one sequence of `tokens` tokens (no padding).

    Per layer: Q, K, V and output projections 4 x 2*L*H*H; feed-forward 2 x 2*L*H*I; attention scores
    Q.K^T 2*L*L*H and weights x V 2*L*L*H (all heads together). Embedding lookups, softmax, layer norms
    and GELU are element-wise and left out (under 1%)."""
    length, hidden, inner = tokens, shape["hidden"], shape["intermediate"]
    per_layer = 8 * length * hidden * hidden + 4 * length * hidden * inner + 4 * length * length * hidden
    return float(shape["layers"] * per_layer)


def nli_flops(tokens: int, shape: dict[str, int]) -> float:
    head = (
        2 * shape["hidden"] * shape["hidden"] + 2 * shape["hidden"] * shape["labels"]
    )  # pooler + classifier
    return encoder_flops(tokens, shape) + head


def cpu_peak() -> dict[str, Any]:
    """Peak fp32 FLOP/s = cores x clock x FLOPs/cycle, from lscpu and /proc/cpuinfo, with the assumptions."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split()) if "flags" in info else set()
    model = (re.search(r"^model name\s*:\s*(.*)$", info, re.M) or [None, platform.processor()])[1]
    family = (re.search(r"^cpu family\s*:\s*(\d+)$", info, re.M) or [None, "?"])[1]
    mhz = [float(m) for m in re.findall(r"^cpu MHz\s*:\s*([\d.]+)$", info, re.M)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    clock_ghz = max(mhz) / 1000 if mhz else 2.0
    if "avx512f" in flags:
        lanes, units, vector = 16, 2, "AVX-512 (512-bit), FMA"
    elif "avx2" in flags and "fma" in flags:
        lanes, units, vector = 8, 2, "AVX2 (256-bit), FMA"
    else:
        lanes, units, vector = 4, 1, "SSE (128-bit), no FMA assumed"
    fma = 2 if "fma" in flags or "avx512f" in flags else 1
    per_cycle = lanes * units * fma
    return {
        "cpu": f"{model} (family {family})",
        "cores": cores,
        "clock_ghz": round(clock_ghz, 3),
        "vector_units": vector,
        "flops_per_cycle_per_core": per_cycle,
        "peak_gflops": round(cores * clock_ghz * per_cycle, 1),
        "assumptions": (
            f"{cores} cores (the CPUs this process may run on) x {clock_ghz:.2f} GHz (cpu MHz in /proc/cpuinfo: "
            f"the nominal/TSC clock under a hypervisor; turbo not counted) x {per_cycle} fp32 FLOPs/cycle "
            f"({units} vector FMA pipes x {lanes} fp32 lanes x 2 for multiply-add; {vector}; AMD Zen 4 "
            "splits 512-bit ops into two 256-bit halves, so on Zen 4 this peak is 2x too high, while Zen 5 "
            "server parts (family 26) have full 512-bit pipes). A shared or virtual CPU never reaches it."
        ),
    }


# --- timing -------------------------------------------------------------------------------------------


def best_rate(run: Callable[[], Any], items: int, repeats: int) -> float:
    """Items per second, the best of `repeats` timed runs (after one warm-up run)."""
    run()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return items / min(times)


def token_counts(tokenizer: Any, items: Sequence[Any]) -> list[int]:
    return [len(encoding.ids) for encoding in tokenizer.encode_batch(list(items))]


def cold_seconds(engine: tuple[str, str], runs: int) -> float:
    backend, precision = engine
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "checker.cli",
                "compare",
                *map(str, SEEDS),
                "--format",
                "json",
                "--quiet",
                "--backend",
                backend,
                "--precision",
                precision,
            ],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ},
        )
        times.append(time.perf_counter() - began)
        if result.returncode not in (0, 1):
            raise SystemExit(
                f"checker compare --backend {backend} --precision {precision} failed: {result.stderr.decode()}"
            )
    return statistics.median(times)


def _labels_and_probabilities(predicted: list[dict[str, float]]) -> tuple[Any, Any]:
    import numpy as np

    from checker.models import LABELS

    probabilities = np.array([[p[label] for label in LABELS] for p in predicted])
    return probabilities.argmax(axis=1), probabilities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes per backend (median)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per measure (best)")
    args = parser.parse_args()

    from checker import models
    from checker.backends import onnx_runtime
    from checker.config import load_settings
    from checker.fileio import atomic_write

    settings = load_settings()
    nli_location = settings.resolved_nli()
    embedder_location = Path(settings.resolved_embedder())
    onnx_settings = replace(settings, backend="onnx")
    # Make sure the exports exist before anything is timed (cold start included).
    onnx_nli = onnx_runtime.load_nli(nli_location.resolve(), onnx_settings.resolved_onnx_dir())
    onnx_embedder = onnx_runtime.load_embedder(embedder_location.resolve(), onnx_settings.resolved_onnx_dir())

    import torch

    cold = {name: round(cold_seconds(engine, args.cold_runs), 2) for name, engine in ENGINES.items()}
    peak = cpu_peak()
    nli_shape, embedder_shape = model_shape(nli_location), model_shape(embedder_location)
    configured = {
        name: replace(settings, backend=backend, precision=precision)
        for name, (backend, precision) in ENGINES.items()
    }
    predictors = {name: models.nli_predictor_for(engine) for name, engine in configured.items()}
    embedders = {name: models.embedder_for(engine) for name, engine in configured.items()}

    nli_rows = []
    for name, pairs in nli_pairs(settings).items():
        tokens = token_counts(onnx_nli.tokenizer, pairs)
        flops = sum(nli_flops(t, nli_shape) for t in tokens) / len(pairs)
        row: dict[str, Any] = {
            "data": name,
            "pairs": len(pairs),
            "mean_tokens": round(statistics.mean(tokens), 1),
        }
        row["gflop_per_pair"] = round(flops / 1e9, 3)
        reference = _labels_and_probabilities(predictors[REFERENCE](pairs))
        for engine in ENGINES:
            rate = best_rate(lambda p=predictors[engine], x=pairs: p(x), len(pairs), args.repeats)
            labels, probabilities = _labels_and_probabilities(predictors[engine](pairs))
            row[engine] = {
                "pairs_per_second": round(rate, 1),
                "gflops": round(rate * flops / 1e9, 1),
                "peak_fraction": round(rate * flops / 1e9 / peak["peak_gflops"], 3),
                "labels_moved": round(float((labels != reference[0]).mean()), 4),
                "max_probability_difference": round(float(abs(probabilities - reference[1]).max()), 4),
            }
            row[engine]["speedup"] = round(rate / row[REFERENCE]["pairs_per_second"], 2)
        nli_rows.append(row)
        print(json.dumps(row), flush=True)

    embed_rows = []
    for name, texts in embed_texts(settings).items():
        tokens = token_counts(onnx_embedder.tokenizer, texts)
        flops = sum(encoder_flops(t, embedder_shape) for t in tokens) / len(texts)
        row = {"data": name, "texts": len(texts), "mean_tokens": round(statistics.mean(tokens), 1)}
        row["gflop_per_text"] = round(flops / 1e9, 3)
        reference_vectors = embedders[REFERENCE](texts)
        for engine in ENGINES:
            rate = best_rate(lambda e=embedders[engine], x=texts: e(x), len(texts), args.repeats)
            row[engine] = {
                "texts_per_second": round(rate, 1),
                "gflops": round(rate * flops / 1e9, 1),
                "peak_fraction": round(rate * flops / 1e9 / peak["peak_gflops"], 3),
                "min_cosine": round(
                    float((embedders[engine](texts) * reference_vectors).sum(axis=1).min()), 6
                ),
            }
            row[engine]["speedup"] = round(rate / row[REFERENCE]["texts_per_second"], 2)
        embed_rows.append(row)
        print(json.dumps(row), flush=True)

    import onnxruntime

    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "threads": {"torch": torch.get_num_threads(), "onnx": "onnxruntime default (physical cores)"},
        "engines": {name: {"backend": b, "precision": p} for name, (b, p) in ENGINES.items()},
        "versions": {"torch": torch.__version__, "onnxruntime": onnxruntime.__version__},
        "batching": "NLI batches of 32, embedder batches of 64, length-sorted, padded to the batch's longest",
        "cpu_peak": peak,
        "nli": nli_rows,
        "embedder": embed_rows,
        "cold_seconds": cold,
        "cold_runs": args.cold_runs,
        "repeats": args.repeats,
    }
    lines = [
        "| measure | data (mean tokens) | " + " | ".join(ENGINES) + " |",
        "|---|---|" + "---|" * len(ENGINES),
    ]
    for row in nli_rows:
        cells = [
            f"{row[e]['pairs_per_second']} ({row[e]['speedup']}x, {row[e]['peak_fraction']:.0%} of peak; "
            f"{row[e]['labels_moved']:.1%} labels moved)"
            for e in ENGINES
        ]
        lines.append(f"| NLI pairs/s | {row['data']} ({row['mean_tokens']}) | " + " | ".join(cells) + " |")
    for row in embed_rows:
        cells = [
            f"{row[e]['texts_per_second']} ({row[e]['speedup']}x, {row[e]['peak_fraction']:.0%} of peak; "
            f"min cosine {row[e]['min_cosine']:.4f})"
            for e in ENGINES
        ]
        lines.append(f"| embeddings/s | {row['data']} ({row['mean_tokens']}) | " + " | ".join(cells) + " |")
    lines.append(
        f"| cold start, seeds (median of {args.cold_runs}) | `checker compare fixtures/seeds/*.txt` | "
        + " | ".join(f"{cold[e]} s" for e in ENGINES)
        + " |"
    )
    table = "\n".join(lines)
    note = (
        "\nSpeed-ups and labels moved are against PyTorch float32 on the same inputs. bf16 rates are set "
        "against the fp32 peak too (AMX multiplies bfloat16 beyond it). Shares above 100% mean the cores "
        "ran faster than the nominal clock that /proc/cpuinfo reports: the peak is a floor.\n"
        f"Peak: {peak['peak_gflops']} GFLOP/s fp32 = {peak['assumptions']}\n"
        f"FLOPs per item counted from the model config and each item's own token count (no padding).\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write(RESULTS / "backends.json", json.dumps(figures, indent=2) + "\n")
    atomic_write(RESULTS / "backends.md", table + "\n" + note)
    write_section("backends", table + "\n" + note)
    print(table + "\n" + note)


if __name__ == "__main__":
    main()
