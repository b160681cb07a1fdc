"""The training recipe: data, a plain PyTorch loop on CPU, evaluation, and an atomic write of the model.

Deterministic for a seed: Python, NumPy and torch are seeded, the data order is drawn from seeded generators,
and the kernels run with 2 threads. Batches are length-bucketed (a seeded shuffle, then pairs of similar
length batched together, then the batches shuffled) and padded per batch, so little time goes to padding.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checker import models
from checker.config import Settings, cpu_multiplies_bf16
from checker.errors import CheckerError, ConfigError
from checker.evaluate import datasets
from checker.training import data, synthetic
from checker.training.synthetic import counterparts
from checker.training.verdicts import training_verdicts
from checker.verdicts import Verdict

REPO_ROOT = Path(__file__).resolve().parents[2]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RecipeConfig:
    """Every knob of a run; all of it is written to the model's training_info.json."""

    seed: int = 0
    # MiniLM's: 0.85 passes at lr 6e-5 without dropout matched 1.25 passes at 4e-5 with it (a GPU sweep of
    # v15's data, README), in two thirds of the steps: under an hour on 2 AVX2 cores, where bf16 is not
    # native. Each base's own (MPNet 0.7 at 4e-5) are in bases.BASES, which `checker train-nli` applies.
    epochs: float = 0.85
    batch_size: int = 32
    learning_rate: float = 6e-5
    # BERT's 0.1 dropout cost 0.6-1.4 points on every news figure in that sweep, and 10% of a CPU step
    # (drawing the masks): the short fine-tune does not overfit without it.
    dropout: float = 0.0
    weight_decay: float = 0.01
    warmup_share: float = 0.06
    max_length: int = 128
    grad_clip: float = 1.0
    # bf16 matmuls, fp32 weights: ~15% faster where the CPU multiplies bfloat16 natively (AMX, AVX512-BF16),
    # same accuracy for v0. Elsewhere PyTorch emulates it, at least eight times slower than fp32 (an AVX2-only
    # EPYC: under 50 steps in 11 minutes, fp32 0.65 steps/s), so None means "where the CPU has it"
    # (config.cpu_multiplies_bf16).
    bf16_autocast: bool | None = None
    threads: int = 2
    synthetic_per_label: int = 18_000  # 54,000 synthetic pairs (v0: 54,000)
    gold_repeat: int = 3  # SICK+SNLI (6,207 pairs) thrice per epoch: 18,621 (twice cost 3 points of SNLI)
    gold_sample: int | None = None  # a label-stratified subset of the gold pairs (quick runs)
    verdict_repeat: int = 4  # editors' verdicts (--verdicts): few, and on checker's own mistakes
    counterpart_repeat: int = 2  # cross-outlet pairs (synthetic/counterparts.py): under two thousand
    test_per_label: int = 500  # synthetic news test pairs from held-out articles
    train_articles: int | None = None  # first N training articles per dataset (quick runs)
    test_articles: int | None = None
    bucket_batches: int = 50  # length-sort windows of this many batches
    log_every: int = 50


QUICK = RecipeConfig(
    batch_size=16,
    learning_rate=6e-5,
    synthetic_per_label=200,
    gold_sample=900,
    gold_repeat=1,
    test_per_label=40,
    train_articles=25,
    test_articles=12,
    log_every=10,
)


@dataclass
class TrainingData:
    train: list[data.Pair]
    synthetic_test: list[data.Pair]
    stats: dict[str, Any] = field(default_factory=dict)


def refuse_inside_repository(out: Path) -> None:
    """Models are never written into the source tree (they are 90 MB and derived from licensed data)."""
    target = out.expanduser().resolve()
    if target == REPO_ROOT or REPO_ROOT in target.parents:
        raise ConfigError(f"--out {out}: inside the repository {REPO_ROOT}; write the model outside it")


def build_data(
    root: Path,
    config: RecipeConfig,
    nlp: Any,
    progress: Progress,
    verdicts: Sequence[Verdict] = (),
    *,
    embedder: str | Path | None = None,
) -> TrainingData:
    """Gold pairs + synthetic pairs from training articles + editors' verdicts; the synthetic test from
    held-out articles; then the leak check, which must come back empty. `embedder` (default: the
    packaged all-MiniLM-L6-v2) aligns the sentences of different outlets for the cross-outlet pairs."""
    articles = data.news_articles(root)
    train_articles, test_articles = data.split_articles(root, articles)
    held = data.held_out_events(root, articles)
    if config.train_articles is not None:
        train_articles = _first_per_dataset(train_articles, config.train_articles)
        test_articles = _first_per_dataset(test_articles, config.test_articles or config.train_articles)
    progress(f"leak guard over the evaluation sets ({len(test_articles)} held-out articles)")
    guard = data.eval_guard(root, [a for a in articles if a.event_id in held], held)
    progress(f"parsing {len(train_articles)} training and {len(test_articles)} held-out articles")
    parsed_train = synthetic.parse_articles(
        train_articles, nlp, guard.sentence_hashes, processes=config.threads
    )
    # The test side may read its own sentences: only the other evaluation sets are kept out of it.
    parsed_test = synthetic.parse_articles(test_articles, nlp, set(), processes=config.threads)
    progress("aligning the training events' outlets")
    location = str(embedder or Settings().resolved_embedder())
    across = counterparts.find_counterparts(
        parsed_train,
        {a.id: a.event_id for a in train_articles},
        lambda texts: models.embed(location, texts),
    )
    synthetic_train = synthetic.generate(parsed_train, config.synthetic_per_label, config.seed, across)
    synthetic_test = synthetic.generate(parsed_test, config.test_per_label, config.seed + 1)
    gold = data.gold_pairs(root)
    # SICK repeats a few pairs across its splits (the same two sentences in TRAIN and TEST): those stay out.
    in_test = [p for p in gold if data.pair_hash(p.premise, p.hypothesis) in guard.pair_hashes]
    gold = [p for p in gold if data.pair_hash(p.premise, p.hypothesis) not in guard.pair_hashes]
    if config.gold_sample is not None:
        gold = datasets.sample(gold, config.gold_sample, seed=config.seed, key=lambda p: p.label)
    from_verdicts = training_verdicts(verdicts, guard)  # less those on evaluation data
    across_outlets = [p for p in synthetic_train if p.family in counterparts.FAMILY_NAMES]
    train = [
        *gold * config.gold_repeat,
        *synthetic_train,
        *across_outlets * (config.counterpart_repeat - 1),
        *from_verdicts.pairs * config.verdict_repeat,
    ]
    random.Random(config.seed).shuffle(train)
    event_of = {a.id: a.event_id for a in articles}
    leaks = data.find_leaks(train, event_of, guard)
    if any(leaks.values()):
        first = next(f"{reason}: {items[0]!r}" for reason, items in leaks.items() if items)
        raise CheckerError(
            f"training data leaks into evaluation ({sum(map(len, leaks.values()))} pairs), {first}"
        )
    stats = {
        "articles": {
            "train": dict(Counter(a.dataset for a in train_articles)),
            "held_out": dict(Counter(a.dataset for a in test_articles)),
        },
        "sentences": {"train": len(parsed_train), "held_out": len(parsed_test)},
        "counterparts": {"sentences": len(across), "pairs": len(across_outlets)},
        "counterpart_repeat": config.counterpart_repeat,
        "held_out_events": len(held),
        "gold": dict(Counter(p.source for p in gold)),
        "gold_dropped_as_test_pairs": len(in_test),
        "gold_repeat": config.gold_repeat,
        "verdicts": from_verdicts.stats(config.verdict_repeat),
        "synthetic_train": {
            "labels": dict(Counter(p.label for p in synthetic_train)),
            "families": synthetic.family_counts(synthetic_train),
            "composite": sum("+" in p.family for p in synthetic_train),
            "by_dataset": dict(Counter(p.origin.split(":", 1)[0] for p in synthetic_train)),
        },
        "synthetic_test": {
            "labels": dict(Counter(p.label for p in synthetic_test)),
            "families": synthetic.family_counts(synthetic_test),
        },
        "train_pairs": len(train),
        "train_labels": dict(Counter(p.label for p in train)),
        "leaks": {reason: len(items) for reason, items in leaks.items()},
    }
    return TrainingData(train, synthetic_test, stats)


def _first_per_dataset(articles: Sequence[data.NewsArticle], count: int) -> list[data.NewsArticle]:
    taken: Counter[str] = Counter()
    chosen = []
    for article in articles:
        if taken[article.dataset] < count:
            taken[article.dataset] += 1
            chosen.append(article)
    return chosen


def bucketed_batches(
    lengths: Sequence[int], batch_size: int, window: int, rng: random.Random
) -> list[list[int]]:
    """Batches of similar length: shuffle, sort each window of `window` batches by length, cut, shuffle."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches: list[list[int]] = []
    span = batch_size * window
    for begin in range(0, len(order), span):
        chunk = sorted(order[begin : begin + span], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def seed_everything(seed: int, threads: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def train_model(
    pairs: Sequence[data.Pair], base: Path, config: RecipeConfig, progress: Progress
) -> tuple[Any, Any, dict[str, Any]]:
    """Fine-tune the base encoder with a new 3-way head; returns (model, tokenizer, run figures)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    seed_everything(config.seed, config.threads)
    bf16 = cpu_multiplies_bf16() if config.bf16_autocast is None else config.bf16_autocast
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base),
        local_files_only=True,
        num_labels=len(data.LABELS),
        id2label=dict(enumerate(data.LABELS)),
        label2id=dict(data.LABEL_IDS),
        hidden_dropout_prob=config.dropout,
        attention_probs_dropout_prob=config.dropout,
    )
    encoded = tokenizer(
        [p.premise for p in pairs],
        [p.hypothesis for p in pairs],
        truncation=True,
        max_length=config.max_length,
    )
    # BERT's tokenizers mark the two segments (token_type_ids); MPNet's do not.
    keys = [k for k in ("input_ids", "token_type_ids", "attention_mask") if k in encoded]
    features = [
        dict(zip(keys, values, strict=True)) for values in zip(*(encoded[k] for k in keys), strict=True)
    ]
    labels = [data.LABEL_IDS[p.label] for p in pairs]
    lengths = [len(f["input_ids"]) for f in features]
    rng = random.Random(config.seed)
    per_epoch = math.ceil(len(pairs) / config.batch_size)
    total_steps = max(1, math.ceil(per_epoch * config.epochs))
    schedule: list[list[int]] = []
    while len(schedule) < total_steps:
        schedule.extend(bucketed_batches(lengths, config.batch_size, config.bucket_batches, rng))
    schedule = schedule[:total_steps]
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": config.weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    # One fused kernel for the whole update: a quarter of the unfused step's time (100 ms of 1.7 s on 2 cores).
    optimizer = torch.optim.AdamW(groups, lr=config.learning_rate, fused=True)
    warmup = max(1, int(total_steps * config.warmup_share))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / max(1, total_steps - warmup))),
    )
    model.train()
    began = time.perf_counter()
    running, losses = 0.0, []
    for step, batch in enumerate(schedule, start=1):
        inputs = tokenizer.pad([features[i] for i in batch], return_tensors="pt")
        target = torch.tensor([labels[i] for i in batch])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = model(**inputs).logits
        loss = torch.nn.functional.cross_entropy(logits.float(), target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        running += loss.item()
        if step % config.log_every == 0 or step == total_steps:
            elapsed = time.perf_counter() - began
            count = config.log_every if step % config.log_every == 0 else step % config.log_every
            losses.append(round(running / count, 4))
            running = 0.0
            rate = step / elapsed
            progress(
                f"step {step}/{total_steps} loss {losses[-1]:.3f} {rate:.2f} steps/s "
                f"eta {(total_steps - step) / rate / 60:.1f} min load {os.getloadavg()[0]:.1f}"
            )
    seconds = time.perf_counter() - began
    model.eval()
    figures = {
        "steps": total_steps,
        "steps_per_epoch": per_epoch,
        "train_seconds": round(seconds, 1),
        "steps_per_second": round(total_steps / seconds, 3),
        "bf16_autocast": bf16,
        "base_model": {
            "type": model.config.model_type,
            "layers": model.config.num_hidden_layers,
            "hidden": model.config.hidden_size,
            "parameters": sum(p.numel() for p in model.parameters()),
        },
        "mean_tokens_per_pair": round(sum(lengths) / max(len(lengths), 1), 1),
        "loss_curve": losses,
    }
    return model, tokenizer, figures


def run_recipe(
    out: Path,
    *,
    root: Path,
    base: Path,
    config: RecipeConfig,
    nlp: Any,
    evaluate: Callable[[Path, list[data.Pair]], dict[str, Any]] | None = None,
    overwrite: bool = False,
    progress: Progress = print,
    verdicts: Sequence[Verdict] = (),
    embedder: str | Path | None = None,
) -> dict[str, Any]:
    """Build the data, train, write the model into a temporary sibling of `out`, evaluate it there, then
    rename it into place: a reader never sees half a model."""
    from checker.training.card import render_card

    refuse_inside_repository(out)
    out = out.expanduser().resolve()
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise ConfigError(f"--out {out}: exists and is not empty (pass --overwrite to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    load_before = os.getloadavg()
    seed_everything(config.seed, config.threads)
    training = build_data(root, config, nlp, progress, verdicts, embedder=embedder)
    data_seconds = time.perf_counter() - began
    progress(
        f"{len(training.train)} training pairs in {data_seconds:.0f} s: {training.stats['train_labels']}"
    )
    model, tokenizer, run = train_model(training.train, base, config, progress)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        model.save_pretrained(str(staging))
        tokenizer.save_pretrained(str(staging))
        _write_jsonl(staging / "synthetic_test.jsonl", training.synthetic_test)
        info = {
            "base": str(base),
            "recipe": asdict(config),
            "labels": dict(enumerate(data.LABELS)),
            "data_seconds": round(data_seconds, 1),
            **run,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }
        figures: dict[str, Any] = {}
        if evaluate is not None:
            progress("evaluating")
            eval_began = time.perf_counter()
            figures = evaluate(staging, training.synthetic_test)
            info["eval_seconds"] = round(time.perf_counter() - eval_began, 1)
        info["wall_seconds"] = round(time.perf_counter() - began, 1)
        (staging / "training_info.json").write_text(json.dumps(info, indent=1) + "\n")
        (staging / "training_data_stats.json").write_text(json.dumps(training.stats, indent=1) + "\n")
        (staging / "eval_results.json").write_text(json.dumps(figures, indent=1) + "\n")
        (staging / "README.md").write_text(render_card(out.name, info, training.stats, figures))
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"out": str(out), **info}


def _write_jsonl(path: Path, pairs: Sequence[data.Pair]) -> None:
    path.write_text(
        "".join(json.dumps(p.as_dict(), ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8"
    )
