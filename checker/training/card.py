"""The trained model's README.md: data and counts, recipe, seed, wall time, evaluation figures, labels."""

from __future__ import annotations

from typing import Any


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def figures_table(figures: dict[str, Any]) -> str:
    """One row per evaluation set: what was measured and the figure."""
    rows = ["| evaluation | examples | figure |", "|---|---|---|"]
    for name, result in figures.items():
        if not isinstance(result, dict):
            continue
        if "accuracy" in result:
            f1 = " / ".join(f"{result['f1'][k]:.3f}" for k in ("contradiction", "entailment", "neutral"))
            rows.append(
                f"| {name} | {result['examples']} | accuracy {_pct(result['accuracy'])} (F1 C/E/N {f1}) |"
            )
        elif "disagree_recall" in result:
            rows.append(
                f"| {name} | {result['examples']} | disagree -> contradiction: recall "
                f"{_pct(result['disagree_recall'])}, precision {_pct(result['disagree_precision'])} "
                f"(at FNC-1 prevalence {_pct(result['disagree_precision_natural'])}) |"
            )
        elif "recall" in result and "traps" in result:
            rows.append(
                f"| {name} | {result['traps']} traps | recall {_pct(result['recall'])}, precision "
                f"{_pct(result['precision'])}, traps flagged {result['traps_flagged']} |"
            )
    return "\n".join(rows)


def _base(info: dict[str, Any]) -> str:
    shape = info.get("base_model")
    if not shape:
        return f"`{info['base']}`"
    return (
        f"{shape['type']}, {shape['layers']} layers of {shape['hidden']}, "
        f"{shape['parameters'] / 1e6:.1f}M parameters (`{info['base']}`)"
    )


def render_card(name: str, info: dict[str, Any], stats: dict[str, Any], figures: dict[str, Any]) -> str:
    recipe = info["recipe"]
    synthetic = stats["synthetic_train"]
    families = ", ".join(f"{k} {v}" for k, v in synthetic["families"].items())
    minutes = info.get("wall_seconds", 0) / 60
    return f"""# {name}: NLI cross-encoder trained by `checker train-nli`

A 3-way NLI cross-encoder (premise, hypothesis) -> contradiction / entailment / neutral.

- **Labels** (config.json `id2label`): **0 = contradiction, 1 = entailment, 2 = neutral**.
- Base: {_base(info)}, with a new classification head.
- Load: `checker.models.load_nli(path)`, or `AutoModelForSequenceClassification.from_pretrained(path)`
  with `HF_HUB_OFFLINE=1`. Trained and evaluated at max length {recipe["max_length"]}. Not symmetric.

## Data
- Gold: {stats["gold"]} pairs (SICK TRAIN+TRIAL, SNLI 1.0 dev prefix), each seen {stats["gold_repeat"]}x per epoch.
- Synthetic: {sum(synthetic["labels"].values())} pairs {synthetic["labels"]} from {stats["sentences"]["train"]}
  sentences of real news ({stats["articles"]["train"]} training articles; pairs per dataset
  {synthetic["by_dataset"]}); {synthetic["composite"]} contradictions also carry a meaning-preserving rewrite.
  Families: {families}.
- Held out BY EVENT (never trained on): {stats["articles"]["held_out"]} articles: v0's BBC test articles,
  the perturbation benchmark's test events, Multi-News val/test events. The synthetic test set
  (`synthetic_test.jsonl`, {stats["synthetic_test"]["labels"]}) is generated from them.
- Leak check (ids and normalised-text hashes against SICK/SNLI test pairs, ConTRoL, FNC-1, AggreFact,
  v0's synthetic test and the held-out articles): {stats["leaks"]}.
- Total: {stats["train_pairs"]} training pairs {stats["train_labels"]}.

## Recipe
Plain PyTorch loop (`checker/training/recipe.py`): AdamW lr {recipe["learning_rate"]}, weight decay
{recipe["weight_decay"]}, {recipe["warmup_share"]:.0%} warm-up then linear decay, grad-clip {recipe["grad_clip"]},
batch {recipe["batch_size"]}, {recipe["epochs"]} epoch(s) = {info["steps"]} steps, length-bucketed batches with
dynamic padding (mean {info["mean_tokens_per_pair"]} tokens per pair), dropout {recipe["dropout"]},
bf16 autocast {info["bf16_autocast"]},
{recipe["threads"]} threads, **seed {recipe["seed"]}**.

## Time
Wall {info.get("wall_seconds", 0):.0f} s ({minutes:.1f} min): data {info["data_seconds"]:.0f} s, training
{info["train_seconds"]:.0f} s ({info["steps_per_second"]} steps/s), evaluation {info.get("eval_seconds", 0):.0f} s.
Load average before {info["load_average_before"]}, after {info["load_average_after"]} (a shared machine makes
every figure here slower).

## Evaluation
{figures_table(figures)}

## Weaknesses
- Synthetic labels are rule-made (a few percent noisy); synthetic contradictions are one-sentence edits, so
  they overstate recall on real cross-outlet rewording.
- No world knowledge beyond the base encoder's and the news it saw; aliases it was not taught look like swaps.

## Licences
Derived from the base encoder (all-MiniLM-L6-v2 or all-mpnet-base-v2, Apache-2.0), SICK (CC BY-NC-SA 3.0), SNLI (CC BY-SA 4.0), BBC News (research use),
AllSides/NeuS leads and Multi-News (non-commercial research): research use, non-commercial, share-alike.
"""
