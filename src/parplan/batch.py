"""Many decrees at once: input expansion, a process pool, ordered streaming, per-file outcomes.

    sources = expand(["corpus/", "extra/*.pdf", "one.docx", "-"])   # files, dirs, globs, stdin
    for outcome in run_batch(sources, PlanJson(), jobs=4):           # input order, whatever the jobs
        write(outcome.value) if outcome.ok else report(outcome.error)

Memory stays bounded whatever the number of files: at most `window` (2 × jobs) files are in
flight, a worker sends back only the *rendered* output of its plan (a JSON string or an export
chunk), and the consumer writes each result and drops it. Output is identical for any `jobs`:
results are yielded in input order, and rendering is deterministic.

The CLI (`parplan parse/export`) is a thin shell over this module; progress and summaries are its
business, not this module's.
"""

from __future__ import annotations

import fnmatch
import glob
import multiprocessing
import os
import signal
import sys
import time
import traceback
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from parplan.errors import ParplanError, TimeLimitExceeded, UsageError
from parplan.limits import Limits, apply_memory_limit, check_size
from parplan.output import atomic_writer, write_atomic  # re-exported: batch callers write through it

__all__ = [
    "STDIN",
    "Expansion",
    "ExportChunk",
    "Outcome",
    "PlanJson",
    "Source",
    "atomic_writer",
    "expand",
    "output_paths",
    "process",
    "read_stdin",
    "refuse_inputs",
    "run_batch",
    "write_atomic",
]

STDIN = "-"
DECREE_SUFFIXES = frozenset({".txt", ".docx", ".pdf"})
# Files found in a directory or by a glob that are skipped without being opened, with the reason
# shown in the summary. Anything else is sniffed by content (`_sniff`).
SKIP_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".heic"),
                    "image (a scan needs OCR first)"),
    **dict.fromkeys((".json", ".jsonl", ".csv", ".tsv", ".parquet"), "data or parplan output"),
    **dict.fromkeys((".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp"), "spreadsheet or slides"),
    **dict.fromkeys((".zip", ".gz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".tgz"), "archive (unpack it first)"),
    **dict.fromkeys((".part", ".tmp", ".swp", ".bak", ".pyc"), "temporary or backup file"),
}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_SNIFF_BYTES = 8192
_GLOB_CHARS = frozenset("*?[")


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class Source:
    """One input. `path` is what readers see (its name is the plan's `file`); `label` is how the
    user named it; `rel` is its name under an output directory; `data` holds stdin's bytes.
    A source with `error` set failed before parsing (no such file, no glob match)."""

    path: Path
    label: str
    rel: str
    data: bytes | None = field(default=None, repr=False)
    error: str | None = None
    exit_code: int = 0

    @property
    def is_stdin(self) -> bool:
        return self.label == STDIN


@dataclass(slots=True)
class Expansion:
    sources: list[Source] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) found but not decrees


def is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def _sniff(path: Path) -> str | None:
    """None when a file with an unknown extension may be a decree, else why it is skipped."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if not head.strip():
        return "empty file with an unknown extension"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image (a scan needs OCR first)"
    if b"%PDF" in head[:1024]:
        return None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                return None if "word/document.xml" in zf.namelist() else "zip archive that is not a DOCX"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # a damaged DOCX: let the reader say so
    if head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return None  # legacy .doc / RTF: parsing fails with a message saying how to convert it
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text; other binaries do not
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return None if max(even, odd) > len(head) // 3 and min(even, odd) < len(head) // 50 else "binary file"
    if b"\x00" in head:
        return "binary file"
    return None  # text (UTF-8 or a legacy Vietnamese code page)


def _discover(path: Path, plans: bool = False) -> str | None:
    """Skip reason for a file found by walking a directory or by a glob (None: take it); with
    `plans`, parplan's own `.json` plans are taken too (commands that read plans)."""
    if not path.is_file():
        if path.is_symlink() and not path.exists():
            return "a broken or looping symbolic link"
        return "not a regular file (pipe, socket or device)"  # opening a FIFO would block
    suffix = path.suffix.lower()
    if suffix in DECREE_SUFFIXES or (plans and suffix == ".json"):
        return None
    if suffix in SKIP_SUFFIXES:
        return SKIP_SUFFIXES[suffix]
    return _sniff(path)


def _walk(root: Path) -> list[Path]:
    """Files under `root` sorted by their relative path (the same order on every file system),
    hidden files and directories (`.git`, `.~lock…`) left out."""
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                path = Path(folder) / name
                found.append((path.relative_to(root).as_posix(), path))
    return [path for _, path in sorted(found)]


def _glob_base(pattern: str) -> Path:
    """The directory part of a glob before its first wildcard: `corpus/**/*.txt` → `corpus`."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if is_glob(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def read_stdin(stream: BinaryIO, limits: Limits) -> bytes:
    """All of stdin, refusing more than `max_bytes` without reading it all."""
    if limits.max_bytes:
        data = stream.read(limits.max_bytes + 1)
        check_size(len(data), "<stdin>", limits, read_so_far=True)
        return data
    return stream.read()


def expand(
    args: Sequence[str], stdin: BinaryIO | None = None, limits: Limits | None = None, plans: bool = False
) -> Expansion:
    """Files, directories (recursively), glob patterns (expanded here, so quoting works) and `-`
    (stdin) → sources in a deterministic order: argument order, then sorted paths within each.

    An explicit file is always taken, whatever its extension. Files found in a directory or by a glob
    are taken when they end in .txt/.docx/.pdf or when their content may be a decree (PDF, DOCX, text,
    legacy .doc/RTF, which then fail with a message saying how to convert them); images, archives,
    spreadsheets, data and temporary files are skipped and listed in `skipped`. A file reached twice
    is taken once. Missing paths and globs without a match become sources with an `error`.
    """
    limits = Limits.from_env() if limits is None else limits
    out = Expansion()
    seen: set[Path] = set()

    def take(path: Path, label: str, rel: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.sources.append(Source(path=path, label=label, rel=rel))

    def take_found(path: Path, base: Path) -> None:
        reason = _discover(path, plans)
        if reason is not None:
            out.skipped.append((str(path), reason))
        else:
            take(path, str(path), path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name)

    def failed(label: str, message: str) -> None:
        out.sources.append(Source(path=Path(label), label=label, rel=Path(label).name, error=message, exit_code=3))

    if sum(a == STDIN for a in args) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    for arg in args:
        if arg == STDIN:
            stream = stdin if stdin is not None else _stdin_buffer()
            try:
                data = read_stdin(stream, limits)
            except ParplanError as exc:
                out.sources.append(Source(Path("<stdin>"), STDIN, "stdin", error=str(exc), exit_code=exc.exit_code))
                continue
            out.sources.append(Source(path=Path("<stdin>"), label=STDIN, rel="stdin", data=data))
            continue
        try:
            _expand_one(arg, out, take, take_found, failed)
        except OSError as exc:  # a name too long, a path over PATH_MAX, a loop of links
            failed(arg, f"{arg}: {exc.strerror or type(exc).__name__}")
    return out


def _expand_one(
    arg: str,
    out: Expansion,
    take: Callable[[Path, str, str], None],
    take_found: Callable[[Path, Path], None],
    failed: Callable[[str, str], None],
) -> None:
    """One file, directory or glob argument of `expand`."""
    path = Path(arg)
    if path.is_dir():
        before = len(out.sources)
        for found in _walk(path):
            take_found(found, path)
        if len(out.sources) == before:  # empty, or only files that are no decrees (listed as skipped)
            failed(arg, f"{arg}: no decree files (.txt, .docx, .pdf) in this directory")
    elif path.exists():
        take(path, arg, path.name)
    elif is_glob(arg):
        base = _glob_base(arg)
        matches = _glob(arg)
        if not matches:
            failed(arg, f"{arg}: no file matches this pattern")
        for match in matches:
            found = Path(match)
            if found.is_dir():
                for inner in _walk(found):
                    take_found(inner, base)
            elif found.is_file():
                take_found(found, base)
    elif Path(arg).is_symlink():
        failed(arg, f"{arg}: a broken or looping symbolic link")
    else:
        failed(arg, f"{arg}: no such file")


def _glob(pattern: str) -> list[str]:
    """Paths matching `pattern`, sorted. A `**` pattern is matched while walking from its fixed
    part without following links to folders (`glob.glob` follows them, and a link loop traps it),
    each path part against its pattern part with `fnmatch`; as in `glob`, hidden names match only a
    pattern part that starts with a dot, and `**` spans no hidden folder."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))  # depth bounded by the pattern: no loop to fall into
    parts = tuple(Path(pattern).parts)
    found: list[str] = []
    for folder, dirs, files in os.walk(_glob_base(pattern)):  # followlinks=False
        for name in (*dirs, *files):
            path = Path(folder, name)
            if _glob_match(parts, path.parts):
                found.append(str(path))
    return sorted(found)


def _glob_match(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether the parts of `path` match the parts of a glob `pattern` (`**`: any number of parts)."""
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(
            _glob_match(rest, path[k:]) for k in range(len(path) + 1) if not any(p.startswith(".") for p in path[:k])
        )
    if not path or (path[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatch.fnmatchcase(path[0], head) and _glob_match(rest, path[1:])


def _stdin_buffer() -> BinaryIO:
    return sys.stdin.buffer


def _inside(rel: str) -> str:
    """A relative output name that stays inside the output folder: `..`, `.` and root parts dropped
    (a glob like `'*/../../x.txt'` names files outside the folder it starts from)."""
    parts = [p for p in Path(rel).parts if p not in ("..", ".") and p != Path(rel).anchor]
    return str(Path(*parts)) if parts else "stdin"


def output_paths(sources: Sequence[Source], out_dir: Path, suffix: str = ".json") -> list[Path]:
    """`OUT_DIR/<rel>.json` per source (`a.txt` → `a.txt.json`, so a.txt and a.pdf do not collide;
    files found under a directory argument keep their sub-directories). Two sources writing the same
    file, or an output that is one of the inputs, is a usage error raised before any work."""
    inputs = {s.path.resolve(): s.label for s in sources if s.error is None and not s.is_stdin}
    paths: list[Path] = []
    owner: dict[Path, str] = {}
    for s in sources:
        target = out_dir / (_inside(s.rel) + suffix)
        key = target.resolve()
        if key in inputs:
            raise UsageError(f"refusing to overwrite the input file {target}")
        if key in owner and s.error is None:
            raise UsageError(
                f"{owner[key]} and {s.label} would both be written to {target}; "
                "pass their common parent directory instead, or run them separately"
            )
        if s.error is None:
            owner[key] = s.label
        paths.append(target)
    return paths


# ---------------------------------------------------------------------------------------------
# Work


@dataclass(frozen=True, slots=True)
class PlanJson:
    """Render a plan as JSON: indented (`parse`, one file per plan) or one line (JSONL)."""

    indent: int | None = 2

    def __call__(self, plan: Any) -> str:
        return str(plan.model_dump_json(indent=self.indent)) + "\n"


@dataclass(frozen=True, slots=True)
class ExportChunk:
    """Render a plan's rows of an export table (see `export.Stream`)."""

    table: str
    fmt: str
    neutralise: bool = True

    def __call__(self, plan: Any) -> str:
        from parplan.export import plan_chunk

        return plan_chunk(plan, self.table, self.fmt, self.neutralise)


WARNING_CODES = frozenset({"PP001", "PP002", "PP003"})  # plan issues the CLI repeats on stderr as warnings


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source: its rendered output, or a one-line error and its exit code."""

    index: int
    label: str
    value: str | None = None
    error: str | None = None
    exit_code: int = 0
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    traceback: str | None = None  # for `--debug`, on unexpected errors only

    @property
    def ok(self) -> bool:
        return self.error is None


def process(source: Source, render: Callable[[Any], str], limits: Limits, index: int = 0) -> Outcome:
    """Parse one source and render it; never raises (errors become the Outcome), so one bad file
    cannot stop a batch. Runs in a worker process; everything it takes and returns is picklable."""
    if source.error is not None:
        return Outcome(index, source.label, error=source.error, exit_code=source.exit_code)
    start = time.perf_counter()
    try:
        from parplan.pipeline import run

        plan = run(source.path, source.data, limits)
        value = render(plan)
        warnings = tuple(i.message for i in plan.issues if i.code in WARNING_CODES)
        return Outcome(index, source.label, value=value, warnings=warnings, seconds=time.perf_counter() - start)
    except (ParplanError, TimeLimitExceeded) as exc:
        return Outcome(index, source.label, error=str(exc), exit_code=exc.exit_code, seconds=time.perf_counter() - start)
    except Exception as exc:  # RecursionError and MemoryError included: one file, one error
        first = (str(exc).splitlines() or [""])[0]
        return Outcome(
            index, source.label, error=f"internal error: {type(exc).__name__}: {first}", exit_code=1,
            seconds=time.perf_counter() - start, traceback=traceback.format_exc(),
        )


def _worker_init(limits: Limits | None = None) -> None:
    """Workers ignore Ctrl-C: the parent handles it and stops them, so no worker prints a traceback.
    Each runs under the memory ceiling, so one crafted file fails alone instead of taking the machine."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limits is not None:
        apply_memory_limit(limits)


def _context() -> Any:
    """forkserver where available: workers start from a clean, preloaded process (fork after threads
    — rich's refresh thread — can deadlock), in a fraction of spawn's start-up time.

    forkserver and spawn workers re-import the caller's main module; one read from stdin
    (`python - <<EOF`) cannot be, so there fork is used (a library caller, no progress thread)."""
    methods = multiprocessing.get_all_start_methods()
    main = sys.modules.get("__main__")
    main_file: str | None = getattr(main, "__file__", None)
    by_name = getattr(getattr(main, "__spec__", None), "name", None) is not None
    if main_file and not by_name and not os.path.exists(main_file) and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["parplan.pipeline", "parplan.batch"])
        _start_forkserver_quietly()
        return ctx
    return multiprocessing.get_context("spawn")


def _done(outcome: Outcome) -> Future[Outcome]:
    fut: Future[Outcome] = Future()
    fut.set_result(outcome)
    return fut


def _start_forkserver_quietly() -> None:
    """Start the fork server with its stderr on /dev/null, so the workers it forks inherit that.

    A worker reports everything through its Outcome (errors, warnings, tracebacks for --debug), so
    its stderr only ever carried noise: the traceback of a worker that Ctrl-C caught half-started,
    printed after parplan had said "interrupted"."""
    from multiprocessing import forkserver

    saved, quiet = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
        forkserver.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop now: cancel queued work and kill the workers (Ctrl-C, fail-fast, a closed consumer).

    SIGKILL, and a wait for each: a worker still starting up when the parent goes would print the
    traceback of its failed start (its semaphore gone) after "interrupted"; killed, it prints nothing.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    processes += [p for p in (getattr(executor, "_processes", None) or {}).values() if p not in processes]
    for proc in processes:
        if proc.is_alive():
            proc.kill()
    for proc in processes:
        proc.join(timeout=5)


def run_batch(
    sources: Sequence[Source],
    render: Callable[[Any], str],
    *,
    jobs: int = 1,
    limits: Limits | None = None,
    fail_fast: bool = False,
    window: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes in input order. `jobs` > 1 parses in that many worker processes (0: one per CPU)
    with at most `window` (default 2 × jobs) sources in flight; `fail_fast` stops at the first failure.

    A worker that dies (a crash in a native library, the OOM killer) breaks the pool: the sources in
    flight are retried once in a fresh pool, and a source that breaks it twice is reported as failed.
    """
    limits = Limits.from_env() if limits is None else limits
    if jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per CPU) or positive, not {jobs}")
    jobs = jobs or os.cpu_count() or 1
    todo = sum(s.error is None for s in sources)
    if jobs == 1 or todo <= 1:
        for i, source in enumerate(sources):
            outcome = process(source, render, limits, i)
            yield outcome
            if fail_fast and not outcome.ok:
                return
        return
    yield from _pooled(sources, render, min(jobs, todo), limits, fail_fast, window or 2 * min(jobs, todo))


def _pooled(
    sources: Sequence[Source], render: Callable[[Any], str], workers: int, limits: Limits, fail_fast: bool,
    window: int,
) -> Iterator[Outcome]:
    """The pool behind `run_batch`. When a worker dies, every file in flight in the pool fails with
    it; each is retried once *alone*, in a one-worker pool of its own, so that a second death names
    the file that caused it and never a file that merely shared the pool (under load, an innocent
    file can be in flight both times)."""
    ctx = _context()

    def new_pool(size: int = workers) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(size, mp_context=ctx, initializer=_worker_init, initargs=(limits,))

    executor = new_pool()
    solos: list[ProcessPoolExecutor] = []  # one-worker pools of the files retried alone
    queue = iter(enumerate(sources))
    pending: deque[tuple[int, Source, Future[Outcome], int]] = deque()  # (index, source, result, tries)

    def submit(index: int, source: Source, tries: int = 0) -> None:
        if source.error is not None:
            fut = _done(process(source, render, limits, index))
        elif tries:
            solo = new_pool(1)
            solos.append(solo)
            fut = solo.submit(process, source, render, limits, index)
            fut.add_done_callback(lambda _f, pool=solo: pool.shutdown(wait=False))
        else:
            fut = executor.submit(process, source, render, limits, index)
        pending.append((index, source, fut, tries))

    def fill() -> None:
        while len(pending) < window:
            nxt = next(queue, None)
            if nxt is None:
                return
            submit(*nxt)

    finished = False
    try:
        fill()
        while pending:
            index, source, fut, tries = pending[0]
            try:
                outcome = fut.result()
            except BrokenProcessPool:
                if tries:  # alone in its own pool, this file killed its worker
                    outcome = Outcome(
                        index,
                        source.label,
                        error="worker process died while parsing this file (a crash in a native library, "
                        "or out of memory)",
                        exit_code=1,
                    )
                else:
                    executor.shutdown(wait=True)  # every future of the shared pool is resolved after this
                    executor = new_pool()
                    entries = list(pending)
                    pending.clear()
                    for j, src, f, t in entries:
                        if t == 0 and f.exception() is not None:
                            submit(j, src, 1)
                        else:
                            pending.append((j, src, f, t))
                    continue
            pending.popleft()
            yield outcome
            if fail_fast and not outcome.ok:
                break
            fill()
        finished = not pending
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop(executor)
            for solo in solos:
                _stop(solo)


# ---------------------------------------------------------------------------------------------
# Output (written by `parplan.output`)


def refuse_inputs(out: Path, sources: Iterable[Source]) -> None:
    """Usage error when `out` is one of the input files."""
    target = out.resolve()
    for s in sources:
        if s.error is None and not s.is_stdin and s.path.resolve() == target:
            raise UsageError(f"refusing to overwrite the input file {out}")

