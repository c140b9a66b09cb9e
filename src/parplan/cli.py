"""Command line: a thin typer + rich shell over the library. Library errors become one-line
messages and exit codes (0 ok, 1 invalid/differences, 2 usage, 3 unreadable input); `--debug`
shows the traceback."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parplan import __version__
from parplan.errors import ParplanError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn Vietnamese provincial public-administration-reform (PAR) plans into clean, comparable data.",
)
_state = {"debug": False}


class OutFormat(StrEnum):
    json = "json"
    summary = "summary"


class Table(StrEnum):
    plans = "plans"
    items = "items"
    rows = "rows"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Stage(StrEnum):
    read = "read"
    segment = "segment"
    extract = "extract"
    plan = "plan"


def _fail(message: str, code: int) -> None:
    typer.echo(f"parplan: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """parplan: parse, export, validate and compare PAR plans."""
    _state["debug"] = debug


def _write(text: str, out: Path | None, inputs: list[Path]) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    if any(out.resolve() == p.resolve() for p in inputs if p.exists()):
        _fail(f"refusing to overwrite the input file {out}", 2)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="Decree file: .txt, .docx or .pdf (format sniffed from content).")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout.")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="json (the Plan) or summary (a readable overview).")] = OutFormat.json,
    stage: Annotated[Stage, typer.Option("--stage", help="Stop after this pipeline stage and dump its result.")] = Stage.plan,
) -> None:
    """Parse one decree into the Plan schema and print it as JSON (or a summary)."""
    from parplan.pipeline import run_until

    result = run_until(file, stage.value)
    if stage != Stage.plan:
        from parplan.debug import dump_stage

        _write(dump_stage(result), out, [file])
        return
    if fmt == OutFormat.summary:
        from parplan.summary import render_summary

        render_summary(result)
        return
    _write(result.model_dump_json(indent=2) + "\n", out, [file])


@app.command()
def export(
    files: Annotated[list[Path], typer.Argument(help="Decree files.")],
    table: Annotated[Table, typer.Option("--table", "-t", help="plans (one row per plan), items (narrative items and table rows), rows (appendix rows only).")] = Table.items,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, jsonl or csv.")] = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export one or more decrees as a flat table (field contract in the README)."""
    from parplan.export import export as export_plans
    from parplan.pipeline import run

    plans = [run(f) for f in files]
    _write(export_plans(plans, table.value, fmt.value), out, files)


def main() -> None:
    """Entry point: run the app and map errors to exit codes."""
    try:
        code = app(standalone_mode=False)  # click returns the code of typer.Exit here
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except ParplanError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"parplan: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (typer.BadParameter, typer.Abort) as exc:  # pragma: no cover - click handles most
        typer.echo(f"parplan: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("parplan: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.UsageError):
            typer.echo(f"parplan: {exc.format_message()}", err=True)
            sys.exit(2)
        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        typer.echo(f"parplan: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(1)
