"""`checker train-nli`: train the NLI cross-encoder with the project's recipe (checker/training/)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.cli.app import app, stderr

if TYPE_CHECKING:
    from checker.config import Settings


@app.command("train-nli")
def train_nli(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Model directory to write (outside the repository).")
    ],
    quick: Annotated[
        bool, typer.Option("--quick", help="Tiny sample, a few minutes (CI smoke test).")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed for data generation, order and initialisation.")] = 0,
    base: Annotated[
        str | None,
        typer.Option(
            help="Base encoder: all-mpnet-base-v2 (the recipe; `make mpnet-base` installs it), "
            "all-MiniLM-L6-v2 (the embedder; --quick's), or a directory.",
        ),
    ] = None,
    epochs: Annotated[
        float | None,
        typer.Option(
            help="Passes over the training pairs (default: the base's, 0.7 for MPNet, 0.85 MiniLM)."
        ),
    ] = None,
    learning_rate: Annotated[
        float | None, typer.Option(help="Peak learning rate (default: the base's, 4e-5 MPNet, 6e-5 MiniLM).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="Labelled data directory (default ../shared/data).")
    ] = None,
    evaluate: Annotated[
        bool,
        typer.Option("--eval/--no-eval", help="Score the model before writing it (figures in its README)."),
    ] = True,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing, non-empty --out.")] = False,
    verdicts: Annotated[
        list[Path] | None,
        typer.Option(
            "--verdicts",
            metavar="LEDGER",
            help="Editors' verdicts file (`checker verdict`) to train on: right = contradiction, "
            "wrong = neutral, both directions. Repeat for several files.",
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="PyTorch threads (default: the recipe's 2). Another count changes the weights in the "
            "last bits (the quick model's figures did not move).",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
) -> None:
    """Train the NLI cross-encoder (SICK + SNLI + synthetic news pairs) and write it with its README."""
    from dataclasses import replace

    from checker.config import cpu_multiplies_bf16, load_settings
    from checker.evaluate.datasets import data_dir
    from checker.training.bases import BASES, MINILM, MPNET
    from checker.training.recipe import QUICK, RecipeConfig, refuse_inside_repository, run_recipe

    refuse_inside_repository(out)  # before anything slow: a wrong --out fails at once
    from checker.training.verdicts import read_ledgers

    judged = read_ledgers(verdicts) if verdicts else []  # a bad ledger fails at once too
    settings: Settings = load_settings()
    base_name = base or (MINILM if quick else MPNET)
    base_dir = _base_dir(base_name, settings)  # a missing base fails now, not after the data
    preset = BASES.get(base_name, BASES[MINILM])  # a directory: MiniLM's steps and rate unless given
    config = QUICK if quick else RecipeConfig(epochs=preset.epochs, learning_rate=preset.learning_rate)
    config = replace(
        config,
        seed=seed,
        epochs=epochs if epochs is not None else config.epochs,
        learning_rate=learning_rate if learning_rate is not None else config.learning_rate,
        threads=threads or config.threads,
    )
    root = data_dir(data)
    nlp = _tagger(settings.resolved_spacy())

    def say(message: str) -> None:
        if not quiet:
            stderr.print(message, highlight=False)

    if notice := slow_base_notice(base_name, quick, cpu_multiplies_bf16()):
        say(notice)

    def score(model_dir: Path, synthetic_test: list) -> dict:
        from checker.training.compare_models import evaluate_model

        if quick:  # a smoke-sized look: the comparison (benchmarks/bench_nli_models.py) reads everything
            return evaluate_model(
                model_dir,
                root=root,
                synthetic_test=synthetic_test,
                sample=60,
                fnc1_per_stance=5,
                control_sample=10,
                control_windowed=False,
            )
        # ConTRoL in windows (long exam passages, not news) would add five minutes on 2 AVX2 cores and take
        # the run past the hour: `make bench-nli-models` reads it, with everything else, for the comparison.
        return evaluate_model(
            model_dir,
            root=root,
            synthetic_test=synthetic_test,
            fnc1_per_stance=100,
            control_windowed=False,
        )

    result = run_recipe(
        out,
        root=root,
        base=base_dir,
        config=config,
        nlp=nlp,
        evaluate=score if evaluate else None,
        overwrite=overwrite,
        progress=say,
        verdicts=judged,
        embedder=settings.resolved_embedder(),
    )
    say(f"wrote {result['out']} in {result['wall_seconds']:.0f} s ({result['steps_per_second']} steps/s)")


def _tagger(name: str):
    """The spaCy pipeline without its parser: the synthetic edits read entities and tags, never the parse."""
    import spacy

    from checker.errors import ModelNotFoundError

    try:
        return spacy.load(name, exclude=["parser"])
    except OSError as error:
        raise ModelNotFoundError(f"spaCy pipeline '{name}' could not be loaded: {error}") from None


def _base_dir(base: str, settings: Settings) -> Path:
    """A base encoder by name (`training.bases`) or a directory holding one."""
    from checker.errors import ModelNotFoundError
    from checker.training.bases import MINILM, MPNET, mpnet_dir

    if base == MINILM:
        return Path(settings.resolved_embedder())
    if base == MPNET:
        return mpnet_dir()
    path = Path(base).expanduser()
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(
            f"--base {base}: not {MINILM}, {MPNET} or a model directory with config.json"
        )
    return path


def slow_base_notice(base: str, quick: bool, native_bf16: bool) -> str | None:
    """Said before a run that will take hours: MPNet in fp32 where bfloat16 is emulated."""
    from checker.training.bases import MINILM, MPNET

    if base != MPNET or quick or native_bf16:
        return None
    return (
        f"{MPNET} trains in fp32 on this CPU (no native bfloat16): about three hours on 2 cores, against "
        f"51 min with AVX512-BF16 or AMX. --base {MINILM} trains the MiniLM recipe in under an hour."
    )
