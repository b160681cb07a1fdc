"""`checker verdict` and `checker calibrate`: editors tell checker when it was right or wrong, and the
report floors follow (library: checker.verdicts, checker.calibration)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from checker.cli.app import app, stderr


class VerdictValue(StrEnum):
    right = "right"
    wrong = "wrong"


LedgerOption = Annotated[
    Path | None,
    typer.Option("--verdicts", help="Verdicts file (default: beside the archive, or $CHECKER_VERDICTS)."),
]
ArchiveOption = Annotated[
    str | None, typer.Option("--archive", help="The archive whose verdicts these are (path or URL).")
]


@app.command("verdict")
def verdict_command(
    finding_id: Annotated[str, typer.Argument(help="The finding's id, as shown in the report.")],
    verdict: Annotated[VerdictValue, typer.Argument(help="right or wrong.")],
    report: Annotated[
        Path | None, typer.Option("--report", help="A JSON report holding the finding (compare or batch).")
    ] = None,
    editor: Annotated[str | None, typer.Option(help="Who says so.")] = None,
    note: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    archive: ArchiveOption = None,
    verdicts: LedgerOption = None,
) -> None:
    """Mark a finding right or wrong; `checker calibrate` learns the report floors from these."""
    from checker.errors import CheckerError
    from checker.verdicts import Ledger, findings_in_report

    finding = None
    if report is not None:
        finding = next((f for f in findings_in_report(report) if f["id"] == finding_id), None)
        if finding is None:
            raise CheckerError(f"{report}: no finding {finding_id!r}")
    ledger = Ledger(verdicts or _ledger_location(archive))
    try:
        recorded = ledger.record(finding_id, verdict.value, finding=finding, editor=editor, note=note)
        counts = ledger.counts()
    finally:
        ledger.close()
    stderr.print(
        f"{recorded.finding_id} ({recorded.finding['kind']}, score {recorded.finding['score']:.2f}) marked "
        f"{verdict.value}; {counts['right']} right and {counts['wrong']} wrong verdicts in {ledger.path}",
        highlight=False,
    )


@app.command("calibrate")
def calibrate_command(
    archive: ArchiveOption = None,
    verdicts: LedgerOption = None,
    keep_right: Annotated[
        float, typer.Option(help="Share of the findings editors called right that must stay reported.")
    ] = 1.0,
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file with the current floor.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the fit as JSON.")] = False,
) -> None:
    """Refit the per-kind report floors from editors' verdicts and print the [thresholds] to configure."""
    from checker.calibration import config_line, fit_floors
    from checker.config import load_settings
    from checker.errors import CheckerError
    from checker.verdicts import read_verdicts

    if not 0 < keep_right <= 1:
        raise CheckerError(f"--keep-right must be in (0, 1], not {keep_right}")
    settings = load_settings(config_file=config)
    location = Path(verdicts or _ledger_location(archive))
    given = read_verdicts(location) if location.is_file() else []  # no ledger yet: none to make here
    if not given:
        raise CheckerError(
            f"{location}: no verdicts yet; mark findings with `checker verdict ID right|wrong`"
        )
    fits = fit_floors(given, current=settings.thresholds, keep_right=keep_right)
    if json_out:
        sys.stdout.write(json.dumps({k: vars(v) for k, v in fits.items()}, indent=2) + "\n")
        return
    for fit in fits.values():
        change = f"floor {fit.floor:.3f}" if fit.floor is not None else "floor unchanged"
        sys.stdout.write(
            f"{fit.kind:<12} {fit.verdicts:>4} verdicts ({fit.right} right): {change}; precision "
            f"{fit.precision_before:.2f} -> {fit.precision_after:.2f}, recall {fit.recall_after:.2f}\n"
        )
    line = config_line(fits, settings.thresholds)
    if line:
        sys.stdout.write(f"\nAdd to checker.toml:\n\n[thresholds]\n{line}\n")


def _ledger_location(archive: str | None) -> Path:
    from checker.archive.location import resolve_location
    from checker.verdicts import ledger_path

    return ledger_path(resolve_location(archive))
