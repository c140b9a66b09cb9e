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


class DiffFormat(StrEnum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Decree file: .txt, .docx or .pdf (format sniffed from content).")],
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes or prefixes (PP1, PP204, ALL); repeat or comma-separate.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes; the most specific of --select/--ignore wins.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as a JSON list.")] = False,
) -> None:
    """Check a decree against the rule catalogue; exit 1 if any finding is an error.

    Codes: PP1xx structure, PP2xx appendix rows and deadlines, PP3xx metadata, PP4xx coverage
    (catalogue in parplan.validate.RULES). Exit 0 no errors, 1 errors, 2 bad option, 3 unreadable input.
    """
    from parplan.pipeline import run
    from parplan.validate import exit_code, findings_to_json, render_findings
    from parplan.validate import validate as check_plan

    findings = check_plan(run(file), select=set(select) if select else None, ignore=set(ignore) if ignore else None)
    if as_json:
        sys.stdout.write(findings_to_json(findings))
    else:
        from rich.console import Console

        render_findings(findings, Console(), file=str(file))
    raise typer.Exit(exit_code(findings))


@app.command()
def diff(
    a: Annotated[Path, typer.Argument(help="First decree (A).")],
    b: Annotated[Path, typer.Argument(help="Second decree (B).")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="rich (tables), json or markdown.")] = DiffFormat.rich,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout.")] = None,
    fail_if_diff: Annotated[bool, typer.Option("--fail-if-diff", help="Exit 1 when the plans differ.")] = False,
) -> None:
    """Compare two decrees: reform areas, targets per indicator and level, aligned tasks, lead agencies."""
    from parplan.diff import diff_plans, has_differences, render_diff, to_json, to_markdown
    from parplan.pipeline import run

    result = diff_plans(run(a), run(b))
    if fmt == DiffFormat.json:
        _write(to_json(result), out, [a, b])
    elif fmt == DiffFormat.markdown:
        _write(to_markdown(result), out, [a, b])
    else:
        import io

        from rich.console import Console

        console = Console() if out is None else Console(record=True, file=io.StringIO(), width=160)
        render_diff(result, console)
        if out is not None:
            _write(console.export_text(), out, [a, b])
    if fail_if_diff and has_differences(result):
        raise typer.Exit(1)


@app.command()
def compare(
    files: Annotated[list[Path], typer.Argument(help="Two or more decree files.")],
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write one CSV per matrix into this directory (or NAME-<matrix>.csv next to a path ending in .csv).")] = None,
    xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="Write one sheet per matrix to this .xlsx file.")] = None,
    neutralise: Annotated[bool, typer.Option("--neutralise/--no-neutralise", help="Prefix ' to cells starting with = + - @ (formula injection).")] = True,
) -> None:
    """Compare decrees as matrices: indicator × plan, reform area × plan, lead agency × area.

    Prints the tables, or writes them with --csv (one CSV per matrix) and/or --xlsx (one sheet each).
    """
    from parplan.compare import compare_plans, render, to_csv, to_xlsx
    from parplan.pipeline import run

    for target in (csv_out, xlsx_out):
        if target is not None and any(target.resolve() == f.resolve() for f in files if f.exists()):
            _fail(f"refusing to overwrite the input file {target}", 2)
    result = compare_plans([run(f) for f in files])
    written: list[Path] = []
    if csv_out is not None:
        written += to_csv(result, csv_out, neutralise=neutralise)
    if xlsx_out is not None:
        written.append(to_xlsx(result, xlsx_out, neutralise=neutralise))
    if not written:
        from rich.console import Console

        render(result, Console())
    for path in written:
        typer.echo(f"wrote {path}", err=True)


@app.command()
def stats(
    files: Annotated[list[Path], typer.Argument(help="Decree files.")],
) -> None:
    """Per plan: agency mentions resolved to a canonical id, numbers mapped to an indicator, and
    every mention or number left unresolved."""
    from rich.console import Console

    from parplan.pipeline import run
    from parplan.stats import plan_stats, render_stats

    render_stats([plan_stats(run(f)) for f in files], Console())


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
