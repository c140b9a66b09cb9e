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
from parplan.terminal import safe_text

if TYPE_CHECKING:  # pragma: no cover
    from parplan.batch import Outcome, Source
    from parplan.limits import Limits

app = typer.Typer(
    add_completion=True,
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
    tsv = "tsv"
    xlsx = "xlsx"


class Stage(StrEnum):
    read = "read"
    segment = "segment"
    extract = "extract"
    plan = "plan"


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"parplan: {safe_text(message)}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
    limit: Annotated[list[str] | None, typer.Option("--limit", metavar="NAME=VALUE", help="Override a resource limit, e.g. --limit pdf_pages=5000 --limit bytes=500M (0: none). Names: bytes, pdf_pages, pdf_forms, docx_unzipped, docx_entries, docx_ratio, docx_xml, seconds, memory; also PARPLAN_MAX_<NAME> env vars.")] = None,
) -> None:
    """parplan: parse, export, validate and compare PAR plans."""
    _state["debug"] = debug
    _state["limit"] = list(limit or [])
    _limits()  # a bad --limit or PARPLAN_MAX_* value is a usage error before any work


def _limits() -> Limits:
    """Defaults < PARPLAN_MAX_* environment variables < `--limit name=value`; the memory ceiling is
    applied to this process at once (it parses single files itself)."""
    from parplan.limits import Limits, apply_memory_limit

    limits = Limits.from_env().with_overrides(_state["limit"])
    apply_memory_limit(limits)
    return limits


def _write(text: str, out: Path | None, inputs: list[Path]) -> None:
    """Write to stdout, or to `out` through the one output writer (never over one of the inputs)."""
    from parplan.output import write_atomic

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if any(out.resolve() == p.resolve() for p in inputs if p.exists()):
        _fail(f"refusing to overwrite the input file {out}", 2)
    if out.is_dir():
        _fail(f"{out} is a directory; name an output file", 2)
    write_atomic(out, text)


_OUT = "'-o' / '--out'"


def _usage(option: str, message: str) -> NoReturn:
    """A usage error about one option, worded as click words them, exit 2."""
    _fail(f"Invalid value for {option}: {message}", 2)


def _out_path(out: str | None, name: str) -> Path | None:
    """`-o` as a path: `dir/` (trailing slash) or an existing directory means `dir/<name>`."""
    if out is None:
        return None
    path = Path(out)
    if out.endswith(("/", "\\")) or path.is_dir():
        return path / name
    return path


def _check_writable(out: Path) -> None:
    """A one-line usage error now, before any parsing, when `-o` cannot be written."""
    from parplan.output import OutputError, check_writable

    try:
        check_writable(out)
    except OutputError as exc:
        _usage(_OUT, str(exc))


def _is_single(inputs: list[str]) -> bool:
    """One file (or `-`): the one-plan behaviour (pretty JSON, errors raised); anything that can name
    several files — a directory, a glob, several arguments — is a batch, whatever it expands to."""
    from parplan.batch import STDIN, is_glob

    if len(inputs) != 1:
        return False
    arg = inputs[0]
    try:
        return arg == STDIN or not (Path(arg).is_dir() or (is_glob(arg) and not Path(arg).exists()))
    except OSError:  # a name the system refuses: one file, which `expand` reports in one line
        return True


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
            typer.echo(f"parplan: warning: {safe_text(label)}: {safe_text(message)}", err=True)


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
        text = safe_text(text)  # a file name must not forge a line or a colour
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
            from rich.markup import escape

            self.progress.update(self.task, advance=1, description=escape(safe_text(outcome.label)))
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
                from rich.markup import escape
                from rich.table import Table as RichTable

                table = RichTable(title=f"{len(self.failures)} of {self.total} files failed", title_justify="left")
                table.add_column("file", overflow="fold")
                table.add_column("error", overflow="fold")
                for o in self.failures:
                    table.add_row(escape(safe_text(o.label)), escape(safe_text(_short(o))))
                self.console.print(table)
            else:
                typer.echo(f"parplan: {len(self.failures)} of {self.total} files failed:", err=True)
                for o in self.failures:
                    typer.echo(f"  {safe_text(o.label)}: {safe_text(_short(o))}", err=True)
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
    out: Annotated[str | None, typer.Option("-o", "--out", help="One input: write to this file (DIR/ or an existing directory: DIR/<name>.json). Several: write DIR/<name>.json per input.")] = None,
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
        suffix = ".txt" if fmt == OutFormat.summary else ".json"
        target = _out_path(out, source.rel + suffix)
        if target is not None:
            _check_writable(target)
        result = run_until(source.path, stage.value, source.data, limits)
        if stage != Stage.plan:
            from parplan.debug import dump_stage

            _write(dump_stage(result), target, [source.path])
            return
        from parplan.batch import WARNING_CODES

        _warn(source.label, [i.message for i in result.issues if i.code in WARNING_CODES], quiet)
        if fmt == OutFormat.summary:
            from parplan.summary import render_summary

            if target is None:
                render_summary(result, _console())
            else:
                _write(_render_text(lambda console: render_summary(result, console)), target, [source.path])
            return
        _write(result.model_dump_json(indent=2) + "\n", target, [source.path])
        return
    if stage != Stage.plan or fmt != OutFormat.json:
        _fail("--stage and --format summary take a single file", 2)
    from dataclasses import replace

    from parplan.batch import PlanJson, expand, output_paths, run_batch
    from parplan.output import OutputError, write_atomic

    expansion = expand(inputs, limits=limits)
    sources = expansion.sources
    targets: list[Path] | None = None
    if out is not None:
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            _usage(_OUT, f"{out}: several inputs need an output directory, and this is a file")
        targets = output_paths(sources, folder)
    report = _Report(len(sources), quiet, expansion.skipped)
    render = PlanJson(indent=2 if targets is not None else None)
    with report:
        for outcome in run_batch(sources, render, jobs=jobs, limits=limits, fail_fast=fail_fast):
            if outcome.ok and outcome.value is not None:
                if targets is not None:
                    try:
                        write_atomic(targets[outcome.index], outcome.value)
                    except OutputError as exc:  # this output fails alone; the batch goes on
                        outcome = replace(outcome, value=None, error=str(exc), exit_code=exc.exit_code)
                else:
                    sys.stdout.write(outcome.value)
                    sys.stdout.flush()
            report(outcome)
    raise typer.Exit(report.close())


def _console() -> Any:
    """A rich console for human output: styled on a terminal; plain and not wrapped when piped."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console()
    return Console(no_color=True, highlight=False, width=10_000, soft_wrap=True)


def _render_text(draw: Callable[[Any], None]) -> str:
    """What `draw` prints on a console, as plain text (for `-o FILE`)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), no_color=True, highlight=False, width=160, record=True)
    draw(console)
    return console.export_text()


@app.command()
def export(
    inputs: InputsArg,
    table: Annotated[Table, typer.Option("--table", "-t", help="plans (one row per plan), items (narrative items and table rows), rows (appendix rows only), agencies (item × agency role × body), indicators (one row per numeric target).")] = Table.items,
    fmt: Annotated[ExportFormat | None, typer.Option("--format", "-f", help="json, jsonl, csv, tsv or xlsx (default: from the -o extension, else jsonl).", show_default=False)] = None,
    out: Annotated[str | None, typer.Option("-o", "--out", help="Write to this file instead of stdout (atomically, never over an input); DIR/ writes DIR/<table>.<format>.")] = None,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    fail_fast: FailFastOpt = False,
    neutralise: Annotated[bool, typer.Option("--neutralise/--no-neutralise", help="CSV/TSV: prefix ' to cells a spreadsheet would evaluate (leading = or @, or + / - before something not a number). JSON, JSONL and XLSX are never altered.")] = True,
) -> None:
    """Export decrees as one flat table (field contract in the README), rows streamed in input
    order as each plan is parsed. CSV, TSV and XLSX spread deadlines and numbers over columns."""
    from parplan.batch import ExportChunk, expand, refuse_inputs, run_batch
    from parplan.export import Stream, fields_for, format_for
    from parplan.output import atomic_writer

    chosen = fmt.value if fmt is not None else None
    target = _out_path(out, f"{table.value}.{chosen or 'jsonl'}")
    try:
        kind = format_for(target, chosen)
    except ValueError as exc:
        _usage("'--format' / '-f'", f"{exc}; drop --format or name the file with its extension")
    if kind == "xlsx" and target is None and sys.stdout.isatty():
        _usage(_OUT, "XLSX is a binary file: name one with -o, e.g. -o items.xlsx")
    limits = _limits()
    single = _is_single(inputs)
    sources = [_single_source(inputs, limits)] if single else None
    expansion = None
    if sources is None:
        expansion = expand(inputs, limits=limits)
        sources = expansion.sources
    if target is not None:
        refuse_inputs(target, sources)
        _check_writable(target)
    render = ExportChunk(table.value, kind, neutralise)
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

    def pump(write: Callable[[Any], Any]) -> None:
        stream = Stream(write, kind, fields_for(table.value), sheet=table.value)
        stream.begin()
        for o in outcomes:
            if o.ok and o.value is not None:
                stream.add(o.value)
            if report is not None:
                report(o)
            if fail_fast and not o.ok and target is not None:
                raise _Abandon  # no half export under the final name
        stream.end()

    def write_stdout(data: str | bytes) -> None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()

    with report or contextlib.nullcontext():
        try:
            if target is None:
                pump(write_stdout)
            else:
                with atomic_writer(target, binary=kind == "xlsx") as fh:
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


PlanInputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Decree files, parplan .json plans, directories (searched recursively), glob patterns "
        "(quote them), or - for stdin.",
        show_default=False,
    ),
]


def _plans(inputs: list[str], limits: Limits, once: bool = True) -> list[tuple[str, Any]]:
    """(label, Plan) per input, in order: decrees are parsed, `.json` plans are loaded. An input that
    cannot be read is a one-line error (exit 3), since these commands need every plan. A file named
    twice is read once, unless `once` is False (`diff a a` compares a plan with itself)."""
    from parplan.batch import expand

    groups = [inputs] if once else [[arg] for arg in inputs]
    sources = [s for group in groups for s in expand(group, limits=limits, plans=True).sources]
    out = []
    for source in sources:
        if source.error is not None:
            _fail(source.error, source.exit_code or 3)
        out.append((source.label, _load_plan(source, limits)))
    return out


def _refuse_overwrite(target: Path | None, plans: list[tuple[str, Any]]) -> None:
    """Usage error when an output file is one of the inputs that gave `plans` (label, plan)."""
    if target is not None and any(
        target.resolve() == Path(label).resolve() for label, _ in plans if Path(label).exists()
    ):
        _fail(f"refusing to overwrite the input file {target}", 2)


def _load_plan(source: Source, limits: Limits) -> Any:
    """The plan of one source: a parplan `.json` plan is read as it is, anything else is parsed."""
    from parplan.pipeline import run

    if source.path.suffix.lower() != ".json" or source.data is not None:
        return run(source.path, source.data, limits)
    from pydantic import ValidationError

    from parplan.errors import UnreadableInput
    from parplan.schema import Plan

    try:
        return Plan.model_validate_json(source.path.read_bytes())
    except (ValidationError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0][:120]
        raise UnreadableInput(f"{source.label}: not a parplan plan ({first})") from exc


@app.command()
def validate(
    inputs: PlanInputsArg,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes or prefixes (PP1, PP204, ALL); repeat or comma-separate.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes; the most specific of --select/--ignore wins.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report: valid, counts per severity and code, per-file findings.")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are errors (unreadable inputs still fail).")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print the number of findings per rule code instead of each finding.")] = False,
) -> None:
    """Check decrees (or .json plans) against the rule catalogue, like a linter: one line per finding,
    `path:line: CODE severity: message`; exit 1 if any finding is an error.

    Codes: PP1xx structure, PP2xx appendix rows and deadlines, PP3xx metadata, PP4xx coverage
    (catalogue in parplan.validate.RULES). Exit 0 no errors, 1 errors, 2 bad option, 3 unreadable input.
    """
    from parplan.batch import expand
    from parplan.validate import lint_report, render_lint, render_statistics
    from parplan.validate import validate as check_plan

    limits = _limits()
    results: list[tuple[str, Any, str | None]] = []  # (path as given, findings, error)
    for source in expand(inputs, limits=limits, plans=True).sources:
        if source.error is not None:
            results.append((source.label, [], source.error))
            continue
        try:
            plan = _load_plan(source, limits)
        except ParplanError as exc:
            results.append((source.label, [], str(exc)))
            continue
        try:
            findings = check_plan(plan, select=_codes(select), ignore=_codes(ignore))
        except ValueError as exc:
            _usage("'--select' / '--ignore'", str(exc))
        results.append((source.label, findings, None))
    report = lint_report(results)
    if as_json:
        import json

        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif statistics:
        render_statistics(report, _console())
    else:
        render_lint(results, _console())
    failed = [r for r in results if r[2] is not None]
    if failed:
        raise typer.Exit(3 if len(failed) == len(results) else 1)
    raise typer.Exit(0 if exit_zero or report["valid"] else 1)


def _codes(values: list[str] | None) -> set[str] | None:
    return {c.strip() for v in values for c in v.split(",") if c.strip()} if values else None


@app.command()
def diff(
    inputs: Annotated[list[str], typer.Argument(help="Two decrees or .json plans (A, then B); - for stdin; a folder or glob that gives exactly two.", show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="rich (tables), json or markdown.")] = DiffFormat.rich,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout.")] = None,
    fail_if_diff: Annotated[bool, typer.Option("--fail-if-diff", help="Exit 1 when the plans differ.")] = False,
) -> None:
    """Compare two decrees: reform areas, targets per indicator and level, aligned tasks, lead agencies."""
    from parplan.diff import diff_plans, has_differences, render_diff, to_json, to_markdown

    limits = _limits()
    plans = _plans(inputs, limits, once=False)
    if len(plans) != 2:
        _fail(f"diff compares two plans; the inputs give {len(plans)} (use compare for more)", 2)
    (label_a, a), (label_b, b) = plans
    if out is not None:
        _check_writable(out)
    result = diff_plans(a, b)
    same = not has_differences(result)
    sources = [Path(label_a), Path(label_b)]
    if fmt == DiffFormat.json:
        _write(to_json(result), out, sources)
    elif fmt == DiffFormat.markdown:
        _write(to_markdown(result), out, sources)
    else:

        def draw(console: Any) -> None:
            if same:
                console.print(
                    f"no differences between {safe_text(label_a)} and {safe_text(label_b)}", markup=False, highlight=False
                )
            else:
                render_diff(result, console)

        if out is None:
            draw(_console())
        else:
            _write(_render_text(draw), out, sources)
    if fail_if_diff and not same:
        raise typer.Exit(1)


@app.command()
def compare(
    inputs: Annotated[list[str], typer.Argument(help="Two or more decrees or .json plans, folders or globs.", show_default=False)],
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write one CSV per matrix into this directory (or NAME-<matrix>.csv next to a path ending in .csv).")] = None,
    xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="Write one sheet per matrix to this .xlsx file.")] = None,
    neutralise: Annotated[bool, typer.Option("--neutralise/--no-neutralise", help="CSV: prefix ' to cells a spreadsheet would evaluate as a formula (XLSX cells are never altered).")] = True,
) -> None:
    """Compare decrees as matrices: indicator × plan, reform area × plan, lead agency × area.

    Prints the tables, or writes them with --csv (one CSV per matrix) and/or --xlsx (one sheet each).
    """
    from parplan.compare import compare_plans, render, to_csv, to_xlsx

    limits = _limits()
    plans = _plans(inputs, limits)
    if len(plans) < 2:
        _fail(f"compare needs two or more plans; the inputs give {len(plans)}", 2)
    for target in (csv_out, xlsx_out):
        _refuse_overwrite(target, plans)
    result = compare_plans([plan for _, plan in plans])
    written: list[Path] = []
    if csv_out is not None:
        written += to_csv(result, csv_out, neutralise=neutralise)
    if xlsx_out is not None:
        written.append(to_xlsx(result, xlsx_out, neutralise=neutralise))
    if not written:
        render(result, _console())
    for path in written:
        typer.echo(f"wrote {path}", err=True)


@app.command()
def report(
    inputs: Annotated[list[str], typer.Argument(help="Decrees or .json plans, folders or globs.", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="The HTML file to write (- for stdout).")] = Path("report.html"),
    title: Annotated[str | None, typer.Option("--title", help="Page title (default: the plan's label, or 'N plans').")] = None,
) -> None:
    """Write one self-contained HTML page (no script, no network) to audit plans against their decrees.

    One plan: metadata with its evidence, coverage, the outline beside the source (items link to their
    lines, which are highlighted), the appendix table and the validate findings. Several plans add
    indicator charts, an area heat map and the lead-agency load per area, each linked to its items.
    """
    from parplan.output import atomic_writer
    from parplan.report import render_report

    to_stdout = str(out) == "-"
    if not to_stdout:
        _check_writable(out)
    limits = _limits()
    plans = _plans(inputs, limits)
    if not plans:
        _fail("report needs at least one plan; the inputs give none", 2)
    _refuse_overwrite(None if to_stdout else out, plans)
    page = render_report([plan for _, plan in plans], title=title)
    count = f"{len(plans)} plan{'s' if len(plans) != 1 else ''}"
    if to_stdout:
        sys.stdout.write(page)
        return
    with atomic_writer(out) as fh:
        fh.write(page)
    typer.echo(f"wrote {safe_text(str(out))} ({len(page.encode()) / 1024:.0f} KB, {count})", err=True)


@app.command()
def stats(
    inputs: Annotated[list[str], typer.Argument(help="Decrees or .json plans, folders, globs or -.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON (one object per plan).")] = False,
) -> None:
    """Per plan: agency mentions resolved to a canonical id, numbers mapped to an indicator, and
    every mention or number left unresolved."""
    from parplan.stats import plan_stats, render_stats, stats_to_json

    limits = _limits()
    figures = [plan_stats(plan) for _, plan in _plans(inputs, limits)]
    if as_json:
        sys.stdout.write(stats_to_json(figures))
    else:
        render_stats(figures, _console())


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Plan (draft 2020-12, with $schema and $id)."""
    from importlib.resources import files

    sys.stdout.write(files("parplan.schema").joinpath("plan.schema.json").read_text(encoding="utf-8"))


def _plain_message(message: str) -> str:
    """A usage message on one line, without the "Value error, " that pydantic puts before it."""
    return " ".join(message.replace("Value error, ", "").split())


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing at exit does not hit the closed pipe again."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())


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
    except SystemExit as exc:
        # click meets a closed pipe (EPIPE) by wrapping stdout in its PacifyFlushWrapper and exiting 1;
        # `parplan … | head` got what it asked for, so that is a quiet success
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _quiet_stdout()
            sys.exit(0)
        raise
    except (ParplanError, TimeLimitExceeded) as exc:
        if _state["debug"]:
            raise
        typer.echo(f"parplan: {safe_text(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except typer.BadParameter as exc:  # "Invalid value for '--table' / '-t': 'x' is not one of …"
        typer.echo(f"parplan: {_plain_message(exc.format_message())}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("parplan: aborted", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("parplan: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `parplan parse dir | head`: the reader has what it wanted; stop quietly
        _quiet_stdout()
        sys.exit(0)
    except RecursionError:  # dumping an outline nested thousands deep (`--stage segment`)
        typer.echo("parplan: structure nested too deeply to show", err=True)
        sys.exit(3)
    except MemoryError:  # outside a parse (which says which file): the ceiling is below what parplan needs
        typer.echo("parplan: out of memory under the memory limit (raise with --limit memory=…)", err=True)
        sys.exit(3)
    except OSError as exc:  # the system refused something (a full disk, a name too long): one line
        if _state["debug"]:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"parplan: {safe_text(where)}{exc.strerror or type(exc).__name__}", err=True)
        sys.exit(1)
    except Exception as exc:
        # the click that typer runs on: its own vendored copy in newer releases, the click package in
        # older ones; the module of typer's public BadParameter names it either way
        import importlib

        click_exceptions = importlib.import_module(typer.BadParameter.__module__)
        if isinstance(exc, click_exceptions.UsageError):
            typer.echo(f"parplan: {_plain_message(exc.format_message())}", err=True)
            sys.exit(2)
        if isinstance(exc, click_exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        detail = safe_text(" ".join(str(exc).split())[:200])  # one line, whatever the exception says
        typer.echo(f"parplan: internal error: {type(exc).__name__}: {detail} (run with --debug for the traceback)", err=True)
        sys.exit(1)
