"""Command line: a thin typer + rich shell over the library. Library errors become one-line
messages and exit codes (0 ok, 1 invalid/differences/some files of a batch failed, 2 usage,
3 unreadable input — in a batch, none readable); `--debug` shows the traceback. Batch work (input
expansion, the worker pool, ordered streaming) lives in `parplan.batch`; here only progress and
summaries."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from parplan import __version__
from parplan.errors import ParplanError, TimeLimitExceeded

if TYPE_CHECKING:  # pragma: no cover
    from parplan.batch import Outcome, Source
    from parplan.limits import Limits

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn Vietnamese provincial public-administration-reform (PAR) plans into clean, comparable data.",
)
_state: dict[str, Any] = {"debug": False, "limit": []}


class OutFormat(StrEnum):
    json = "json"
    summary = "summary"


class Table(StrEnum):
    plans = "plans"
    items = "items"
    rows = "rows"
    agencies = "agencies"
    indicators = "indicators"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Stage(StrEnum):
    read = "read"
    segment = "segment"
    extract = "extract"
    plan = "plan"


def _fail(message: str, code: int) -> NoReturn:
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
    limit: Annotated[list[str] | None, typer.Option("--limit", metavar="NAME=VALUE", help="Override a resource limit, e.g. --limit pdf_pages=5000 --limit bytes=500M (0: none). Names: bytes, pdf_pages, docx_unzipped, docx_entries, docx_ratio, seconds; also PARPLAN_MAX_<NAME> env vars.")] = None,
) -> None:
    """parplan: parse, export, validate and compare PAR plans."""
    _state["debug"] = debug
    _state["limit"] = list(limit or [])
    _limits()  # a bad --limit or PARPLAN_MAX_* value is a usage error before any work


def _limits() -> Limits:
    """Defaults < PARPLAN_MAX_* environment variables < `--limit name=value`."""
    from parplan.limits import Limits

    return Limits.from_env().with_overrides(_state["limit"])


def _write(text: str, out: Path | None, inputs: list[Path]) -> None:
    """Write to stdout, or atomically to `out` (never over one of the inputs)."""
    from parplan.batch import write_atomic

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if any(out.resolve() == p.resolve() for p in inputs if p.exists()):
        _fail(f"refusing to overwrite the input file {out}", 2)
    if out.is_dir():
        _fail(f"{out} is a directory; name an output file", 2)
    write_atomic(out, text)


def _is_single(inputs: list[str]) -> bool:
    """One file (or `-`): the one-plan behaviour (pretty JSON, errors raised); anything that can name
    several files — a directory, a glob, several arguments — is a batch, whatever it expands to."""
    from parplan.batch import STDIN, is_glob

    if len(inputs) != 1:
        return False
    arg = inputs[0]
    return arg == STDIN or not (Path(arg).is_dir() or (is_glob(arg) and not Path(arg).exists()))


def _single_source(inputs: list[str], limits: Limits) -> Source:
    """The one source of a single-file command, or its one-line error."""
    from parplan.batch import expand
    from parplan.errors import UnreadableInput

    source = expand(inputs, limits=limits).sources[0]
    if source.error is not None:
        raise UnreadableInput(source.error)
    return source


def _warn(label: str, messages: tuple[str, ...] | list[str], quiet: bool) -> None:
    if not quiet:
        for message in messages:
            typer.echo(f"parplan: warning: {label}: {message}", err=True)


class _Report:
    """Progress on stderr (a rich bar on a terminal, one plain line per file otherwise, nothing with
    --quiet), then a summary of the failures (always: errors are not progress)."""

    def __init__(self, total: int, quiet: bool, skipped: list[tuple[str, str]]) -> None:
        self.total, self.quiet, self.done = total, quiet, 0
        self.failures: list[Outcome] = []
        self.ok = 0
        self.started = time.perf_counter()
        self.progress: Any = None
        self.console: Any = None
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.console = Console(stderr=True)
            self.progress = Progress(
                TextColumn("[bold]parplan[/bold]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                TextColumn("{task.description}"), console=self.console, transient=True,
            )
            self.task = self.progress.add_task("", total=total)
            self.progress.start()
        if skipped and not quiet:
            from collections import Counter

            kinds = Counter(reason for _, reason in skipped)
            examples = ", ".join(path for path, _ in skipped[:3]) + (", …" if len(skipped) > 3 else "")
            self._line(
                f"parplan: skipped {len(skipped)} file{'s' * (len(skipped) != 1)} that are not decrees "
                f"({'; '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): {examples}"
            )

    def _line(self, text: str) -> None:
        if self.console is not None:
            from rich.markup import escape

            self.console.print(escape(text), highlight=False, soft_wrap=True)
        else:
            typer.echo(text, err=True)

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        if outcome.ok:
            self.ok += 1
        else:
            self.failures.append(outcome)
            if _state["debug"] and outcome.traceback:
                typer.echo(outcome.traceback.rstrip(), err=True)
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=outcome.label)
            if not outcome.ok:
                self._line(f"failed {outcome.label}: {_short(outcome)}")
        else:
            status = "ok" if outcome.ok else "FAILED"
            tail = "" if outcome.ok else f": {_short(outcome)}"
            self._line(f"[{self.done}/{self.total}] {status} {outcome.label} ({outcome.seconds:.2f} s){tail}")
        for message in outcome.warnings:
            self._line(f"parplan: warning: {outcome.label}: {message}")

    def __enter__(self) -> _Report:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the bar however the batch ends (Ctrl-C included); the summary is `close`'s job."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def close(self) -> int:
        """Print the summary of a finished batch; its exit code."""
        seconds = time.perf_counter() - self.started
        if self.failures:
            if self.console is not None and not self.quiet:
                from rich.table import Table as RichTable

                table = RichTable(title=f"{len(self.failures)} of {self.total} files failed", title_justify="left")
                table.add_column("file", overflow="fold")
                table.add_column("error", overflow="fold")
                for o in self.failures:
                    table.add_row(o.label, _short(o))
                self.console.print(table)
            else:
                typer.echo(f"parplan: {len(self.failures)} of {self.total} files failed:", err=True)
                for o in self.failures:
                    typer.echo(f"  {o.label}: {_short(o)}", err=True)
        elif not self.quiet:
            self._line(f"parplan: {self.ok} file{'s' * (self.ok != 1)} ok in {seconds:.1f} s")
        if not self.failures:
            return 0
        if self.ok == 0 and all(o.exit_code == 3 for o in self.failures):
            return 3  # nothing could be read at all
        return 1


def _short(outcome: Outcome) -> str:
    """The error without the file name the reader already put in front of it."""
    message = outcome.error or ""
    for prefix in (outcome.label, Path(outcome.label).name):
        if message.startswith(prefix + ": "):
            return message[len(prefix) + 2 :]
    return message


JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per CPU). Output is the same for any value.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines or warnings on stderr (errors still).")]
FailFastOpt = Annotated[
    bool, typer.Option("--fail-fast/--keep-going", help="Stop at the first file that fails (default: keep going, list failures at the end).")
]
InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Decree files (.txt, .docx, .pdf: format sniffed from content), directories (searched "
        "recursively), glob patterns (expanded by parplan, so quote them), or - for stdin.",
        show_default=False,
    ),
]


@app.command()
def parse(
    inputs: InputsArg,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="One input: write to this file. Several: write OUT/<name>.json per input into this directory.")] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="json (the Plan) or summary (a readable overview; one file only).")] = OutFormat.json,
    stage: Annotated[Stage, typer.Option("--stage", help="Stop after this pipeline stage and dump its result (one file only).")] = Stage.plan,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    fail_fast: FailFastOpt = False,
) -> None:
    """Parse decrees into the Plan schema: one file prints its JSON (or a summary); several files,
    a directory or a glob print JSONL (one plan per line) or write one JSON per input with -o DIR."""
    limits = _limits()
    if _is_single(inputs):
        from parplan.pipeline import run_until

        source = _single_source(inputs, limits)
        result = run_until(source.path, stage.value, source.data, limits)
        if stage != Stage.plan:
            from parplan.debug import dump_stage

            _write(dump_stage(result), out, [source.path])
            return
        from parplan.batch import WARNING_CODES

        _warn(source.label, [i.message for i in result.issues if i.code in WARNING_CODES], quiet)
        if fmt == OutFormat.summary:
            from parplan.summary import render_summary

            render_summary(result)
            return
        if out is not None and out.is_dir():
            out = out / (source.rel + ".json")
        _write(result.model_dump_json(indent=2) + "\n", out, [source.path])
        return
    if stage != Stage.plan or fmt != OutFormat.json:
        _fail("--stage and --format summary take a single file", 2)
    from parplan.batch import PlanJson, expand, output_paths, run_batch, write_atomic

    expansion = expand(inputs, limits=limits)
    sources = expansion.sources
    targets: list[Path] | None = None
    if out is not None:
        if out.exists() and not out.is_dir():
            _fail(f"-o {out}: several inputs need an output directory, and this is a file", 2)
        targets = output_paths(sources, out)
    report = _Report(len(sources), quiet, expansion.skipped)
    render = PlanJson(indent=2 if targets is not None else None)
    with report:
        for outcome in run_batch(sources, render, jobs=jobs, limits=limits, fail_fast=fail_fast):
            if outcome.ok and outcome.value is not None:
                if targets is not None:
                    write_atomic(targets[outcome.index], outcome.value)
                else:
                    sys.stdout.write(outcome.value)
                    sys.stdout.flush()
            report(outcome)
    raise typer.Exit(report.close())


@app.command()
def export(
    inputs: InputsArg,
    table: Annotated[Table, typer.Option("--table", "-t", help="plans (one row per plan), items (narrative items and table rows), rows (appendix rows only), agencies (item × agency role × body), indicators (one row per numeric target).")] = Table.items,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, jsonl or csv.")] = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout (atomically, never over an input).")] = None,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    fail_fast: FailFastOpt = False,
    neutralise: Annotated[bool, typer.Option("--neutralise/--no-neutralise", help="CSV: prefix ' to cells starting with = + - @ tab CR (formula injection; JSON never altered).")] = True,
) -> None:
    """Export decrees as one flat table (field contract in the README), rows streamed in input
    order as each plan is parsed."""
    from parplan.batch import ExportChunk, atomic_writer, expand, refuse_inputs, run_batch
    from parplan.export import Stream, fields_for

    limits = _limits()
    single = _is_single(inputs)
    sources = [_single_source(inputs, limits)] if single else None
    expansion = None
    if sources is None:
        expansion = expand(inputs, limits=limits)
        sources = expansion.sources
    if out is not None:
        refuse_inputs(out, sources)
        if out.is_dir():
            _fail(f"{out} is a directory; name an output file", 2)
    render = ExportChunk(table.value, fmt.value, neutralise)
    if single:
        from parplan.batch import process

        outcome = process(sources[0], render, limits)
        if not outcome.ok:
            if _state["debug"] and outcome.traceback:
                typer.echo(outcome.traceback.rstrip(), err=True)
            _fail(outcome.error or "failed", outcome.exit_code)
        _warn(outcome.label, outcome.warnings, quiet)
        outcomes: Iterable[Outcome] = [outcome]
        report = None
    else:
        assert expansion is not None
        report = _Report(len(sources), quiet, expansion.skipped)
        outcomes = run_batch(sources, render, jobs=jobs, limits=limits, fail_fast=fail_fast)

    def pump(write: Callable[[str], Any]) -> None:
        stream = Stream(write, fmt.value, fields_for(table.value))
        stream.begin()
        for o in outcomes:
            if o.ok and o.value is not None:
                stream.add(o.value)
            if report is not None:
                report(o)
            if fail_fast and not o.ok and out is not None:
                raise _Abandon  # no half export under the final name
        stream.end()

    def write_stdout(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    with report or contextlib.nullcontext():
        try:
            if out is None:
                pump(write_stdout)
            else:
                with atomic_writer(out) as fh:
                    pump(fh.write)
        except _Abandon:
            pass
    raise typer.Exit(report.close() if report is not None else 0)


class _Abandon(Exception):
    """--fail-fast hit a failure while writing an export file: drop the .part."""


class DiffFormat(StrEnum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Decree file: .txt, .docx or .pdf (format sniffed from content), or - for stdin.")],
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

    limits = _limits()
    if str(file) == "-":
        source = _single_source(["-"], limits)
        plan = run(source.path, source.data, limits)
    else:
        plan = run(file, limits=limits)
    findings = check_plan(plan, select=set(select) if select else None, ignore=set(ignore) if ignore else None)
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

    limits = _limits()
    result = diff_plans(run(a, limits=limits), run(b, limits=limits))
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
    limits = _limits()
    result = compare_plans([run(f, limits=limits) for f in files])
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

    limits = _limits()
    render_stats([plan_stats(run(f, limits=limits)) for f in files], Console())


def main() -> None:
    """Entry point: run the app and map errors to exit codes."""
    try:
        code = app(standalone_mode=False)  # click returns the code of typer.Exit here
        if code == 130:  # typer turns Ctrl-C into Exit(130), silently
            typer.echo("parplan: interrupted", err=True)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        if exc.exit_code == 130:  # typer turns Ctrl-C into Exit(130), silently
            typer.echo("parplan: interrupted", err=True)
        sys.exit(exc.exit_code)
    except (ParplanError, TimeLimitExceeded) as exc:
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
    except BrokenPipeError:  # `parplan parse dir | head`: the reader left; stop quietly
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        # the click that typer runs on: its own vendored copy in newer releases, the click package in
        # older ones; the module of typer's public BadParameter names it either way
        import importlib

        click_exceptions = importlib.import_module(typer.BadParameter.__module__)
        if isinstance(exc, click_exceptions.UsageError):
            typer.echo(f"parplan: {exc.format_message()}", err=True)
            sys.exit(2)
        if isinstance(exc, click_exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        typer.echo(f"parplan: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(1)
