"""`checker train-nli`: train the NLI cross-encoder with the project's recipe (checker/training/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checker.cli.app import app, stderr


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
        Path | None, typer.Option(help="Base encoder directory (default: the configured embedder).")
    ] = None,
    epochs: Annotated[
        float | None, typer.Option(help="Passes over the training pairs (default: the recipe's 0.85).")
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

    from checker.config import Settings, load_settings
    from checker.evaluate.datasets import data_dir
    from checker.training.recipe import QUICK, RecipeConfig, refuse_inside_repository, run_recipe

    refuse_inside_repository(out)  # before anything slow: a wrong --out fails at once
    from checker.training.verdicts import read_ledgers

    judged = read_ledgers(verdicts) if verdicts else []  # a bad ledger fails at once too
    config = QUICK if quick else RecipeConfig()
    config = replace(
        config,
        seed=seed,
        epochs=epochs if epochs is not None else config.epochs,
        threads=threads or config.threads,
    )
    settings: Settings = load_settings()
    root = data_dir(data)
    base_dir = base or Path(settings.resolved_embedder())
    nlp = _tagger(settings.resolved_spacy())

    def say(message: str) -> None:
        if not quiet:
            stderr.print(message, highlight=False)

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
