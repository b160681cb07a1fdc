"""The typer application and the console entry point shared by every command module."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console
from rich.markup import escape

from checker.errors import CheckerError

app = typer.Typer(
    help="checker: find where news outlets' reports of the same event contradict each other.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)


@app.callback()
def _main() -> None:
    """checker: find where news outlets' reports of the same event contradict each other."""


def main() -> None:
    """Console entry point: turn CheckerErrors into one line and exit code 2."""
    try:
        # Without standalone mode click returns the exit code instead of exiting; errors come to us.
        code = app(standalone_mode=False, prog_name="checker")
        sys.exit(code if isinstance(code, int) else 0)
    except CheckerError as error:
        stderr.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.BadParameter, typer.Abort) as error:
        stderr.print(f"error: {escape(str(error))}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        stderr.print("interrupted: no report written")
        sys.exit(130)
    except ModuleNotFoundError as error:
        # An optional part that is not installed (Ray, the service, PostgreSQL, ONNX): say what to install.
        extra = _EXTRAS.get((error.name or "").split(".")[0])
        hint = f"; install it with: pip install 'checker[{extra}]'" if extra else ""
        stderr.print(
            f"[bold red]error:[/] the Python package {error.name!r} is missing{escape(hint)}", highlight=False
        )
        sys.exit(2)
    except Exception as error:  # click's usage errors and the like
        if _is_usage_error(error):
            error.show()  # type: ignore[attr-defined]
            sys.exit(2)
        if os.environ.get("CHECKER_DEBUG"):
            raise
        # A bug, not bad input: one line to quote in a report, the traceback when asked for.
        stderr.print(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))} "
            "(run again with CHECKER_DEBUG=1 for the traceback, and please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(3)


# Optional dependencies and the extra that installs each.
_EXTRAS = {
    "ray": "ray",
    "fastapi": "serve",
    "uvicorn": "serve",
    "psycopg": "postgres",
    "onnxruntime": "onnx",
    "onnx": "onnx",
    "onnxscript": "onnx",
}


def _is_usage_error(error: Exception) -> bool:
    """A mistyped command or option. typer >= 0.26 raises its vendored click's exceptions, older
    releases click's own: both are accepted."""
    import click

    kinds: list[type] = [click.ClickException]
    try:
        from typer._click.exceptions import ClickException as VendoredClickException
    except ImportError:
        pass
    else:
        kinds.append(VendoredClickException)
    return isinstance(error, tuple(kinds))
