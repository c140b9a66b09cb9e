"""Resource limits on hostile or absurd input, checked *before* a reader sees the file.

A corpus run must not be taken down by one file: a DOCX zip bomb (a few KB that inflate to
gigabytes), a PDF with a hundred thousand blank pages, a stray disk image. Each limit is cheap to
check (file size, the zip's central directory, pdfium's page count) and refuses the file with a
one-line `LimitExceeded` (exit 3) that names the knob to turn. What no check can foresee, a parse
that runs far longer than any real plan needs, is stopped by `deadline` (`max_seconds`).

Every limit comes from, in increasing priority: the defaults below, an environment variable
`PARPLAN_<NAME>` (e.g. `PARPLAN_MAX_PDF_PAGES=5000`), the CLI's `--limit name=value`, or a `Limits`
passed to `pipeline.run`. Sizes accept K/M/G suffixes (binary: 1M = 1 MiB); 0 disables a limit.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace

from parplan.errors import TimeLimitExceeded, UnreadableInput, UsageError

__all__ = [
    "DEFAULTS",
    "LimitExceeded",
    "Limits",
    "TimeLimitExceeded",
    "check_docx",
    "check_pdf",
    "check_size",
    "deadline",
    "parse_size",
]

MiB = 1024 * 1024
ENV_PREFIX = "PARPLAN_"
# Entries smaller than this are not ratio-checked: tiny XML parts legitimately compress 50:1 and more.
RATIO_MIN_ENTRY = 1 * MiB


class LimitExceeded(UnreadableInput):
    """The input is over a configured limit (refused before reading it; exit 3 like unreadable input)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on one input. 0 means no limit. Picklable, so batch workers get the parent's limits."""

    max_bytes: int = 200 * MiB  # any input, on disk or on stdin
    max_pdf_pages: int = 2000  # a PAR plan with appendices runs to ~100 pages
    # form XObjects one page expands to (pdfium copies each use in full; a logo drawn on a page is a few)
    max_pdf_forms: int = 100_000
    max_docx_unzipped: int = 200 * MiB  # total declared uncompressed size of the package
    max_docx_entries: int = 10_000  # Word writes ~20 parts; thousands only with embedded media
    max_docx_ratio: int = 100  # per-entry uncompressed/compressed ratio (XML is ~5-35:1)
    max_docx_xml: int = 64 * MiB  # one XML part (document.xml); lxml holds ~10x its size in memory
    max_seconds: int = 300  # wall time to parse one input (a plan takes well under 1 s, 50 MB of text ~30 s)
    # address space of a process that parses for the CLI (and of each batch worker): a parse takes
    # ~300 MB of it; a crafted input that would take gigabytes fails alone, with a one-line error
    max_memory: int = 1536 * MiB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by `PARPLAN_MAX_…` environment variables."""
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw.strip():
                values[f.name] = parse_size(raw, ENV_PREFIX + f.name.upper())
        return cls(**values)

    def with_overrides(self, pairs: Iterable[str]) -> Limits:
        """Apply `name=value` strings (the CLI's `--limit`); a bad name or value is a usage error."""
        names = {f.name for f in fields(self)}
        changes = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip().lower().replace("-", "_")
            if not name.startswith("max_"):
                name = "max_" + name
            if not sep or name not in names:
                raise UsageError(
                    f"--limit {pair!r}: expected NAME=VALUE with NAME one of {', '.join(sorted(names))}"
                )
            changes[name] = parse_size(value, f"--limit {name}")
        return replace(self, **changes)


DEFAULTS = Limits()


def parse_size(raw: str, what: str) -> int:
    """`200M` → 209715200, `5000` → 5000, `1.5G` → …; binary units; a usage error otherwise."""
    text = raw.strip().upper().removesuffix("B").replace("_", "")
    scale = 1
    for suffix, factor in (("K", 1024), ("M", MiB), ("G", 1024 * MiB)):
        if text.endswith(suffix):
            text, scale = text[:-1].strip(), factor
            break
    try:
        value = float(text) * scale
    except ValueError:
        raise UsageError(f"{what}: {raw!r} is not a number (e.g. 5000, 200M, 0 for no limit)") from None
    if value < 0 or value != value:  # negative or NaN
        raise UsageError(f"{what}: {raw!r} must be 0 (no limit) or positive")
    return int(value)


def _human(value: int, name: str) -> str:
    if value == 0:
        return "no limit"
    if name in ("max_bytes", "max_docx_unzipped", "max_docx_xml", "max_memory"):
        for unit, size in (("GB", 1024 * MiB), ("MB", MiB), ("KB", 1024)):
            if value >= size:
                return f"{value / size:.1f}".removesuffix(".0") + " " + unit
        return f"{value} bytes"
    return str(value)


def _hint(name: str) -> str:
    return f"raise with --limit {name.removeprefix('max_')}=… or {ENV_PREFIX}{name.upper()}"


def apply_memory_limit(limits: Limits) -> None:
    """Cap this process's address space at `max_memory` (the CLI and batch workers call this; a
    library caller's process is left alone). Past it an allocation raises MemoryError, which
    `memory_error` turns into a one-line LimitExceeded. Only lowers an existing cap; POSIX only."""
    if not limits.max_memory:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limits.max_memory if hard == resource.RLIM_INFINITY else min(limits.max_memory, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def memory_error(name: str, limits: Limits) -> LimitExceeded:
    """What a MemoryError during a parse becomes: the input needs more memory than allowed."""
    return LimitExceeded(
        f"{name}: parsing needed more memory than the limit of {_human(limits.max_memory, 'max_memory')} "
        f"(a crafted or damaged file?; {_hint('max_memory')})"
    )


@contextlib.contextmanager
def deadline(seconds: int, name: str) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the block after `seconds` (0: no deadline).

    By SIGALRM, so only in the main thread of a Unix process, which a CLI run and every batch worker
    are; in other threads and on Windows the block runs without one, and a timer already running
    (an outer deadline, the caller's own alarm) is left alone. Code inside one native call (pdfium,
    lxml) is interrupted when that call returns."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(
            f"{name}: parsing took longer than the limit of {seconds} s ({_hint('max_seconds')})"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_size(size: int, name: str, limits: Limits, read_so_far: bool = False) -> None:
    """Refuse an input larger than `max_bytes` (before reading it, when the size is known).
    `read_so_far`: `size` is what a bounded read returned from a stream, not the whole size."""
    if limits.max_bytes and size > limits.max_bytes:
        what = (
            "more than the limit of"
            if read_so_far
            else f"{_human(size, 'max_bytes')}, larger than the limit of"
        )
        raise LimitExceeded(f"{name}: {what} {_human(limits.max_bytes, 'max_bytes')} ({_hint('max_bytes')})")


def check_docx(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a zip bomb from the central directory alone (nothing is inflated).

    zipfile never inflates an entry past its declared size, so the declared sizes are what a reader
    can be made to hold in memory. A package zipfile cannot open is left to the reader, which says why.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception:  # BadZipFile, NotImplementedError ("zip file version 14.8"), …: the reader says why
        return
    if any(i.header_offset + i.compress_size > len(data) for i in infos):
        return  # a damaged central directory, not a bomb: the reader reports the damage
    if limits.max_docx_entries and len(infos) > limits.max_docx_entries:
        raise LimitExceeded(
            f"{name}: DOCX package has {len(infos)} entries, over the limit of {limits.max_docx_entries} "
            f"(zip bomb?; {_hint('max_docx_entries')})"
        )
    total = sum(i.file_size for i in infos)
    if limits.max_docx_unzipped and total > limits.max_docx_unzipped:
        raise LimitExceeded(
            f"{name}: DOCX expands to {_human(total, 'max_docx_unzipped')}, over the limit of "
            f"{_human(limits.max_docx_unzipped, 'max_docx_unzipped')} (zip bomb?; {_hint('max_docx_unzipped')})"
        )
    if limits.max_docx_xml:
        for i in infos:
            if i.filename.lower().endswith((".xml", ".rels")) and i.file_size > limits.max_docx_xml:
                raise LimitExceeded(
                    f"{name}: DOCX part {i.filename} is {_human(i.file_size, 'max_docx_xml')}, over the limit of "
                    f"{_human(limits.max_docx_xml, 'max_docx_xml')} ({_hint('max_docx_xml')})"
                )
    if limits.max_docx_ratio:
        for i in infos:
            if i.file_size >= RATIO_MIN_ENTRY and i.file_size > limits.max_docx_ratio * max(
                i.compress_size, 1
            ):
                ratio = i.file_size / max(i.compress_size, 1)
                raise LimitExceeded(
                    f"{name}: DOCX entry {i.filename} is compressed {ratio:.0f}:1, over the limit of "
                    f"{limits.max_docx_ratio}:1 (zip bomb?; {_hint('max_docx_ratio')})"
                )


def check_pdf(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a PDF with more pages than `max_pdf_pages`, counted by pdfium without reading them,
    or whose form objects draw themselves or expand past `max_pdf_forms` on a page (counted on the
    raw bytes: pdfium would expand them in C++ and abort the process when memory runs out).

    A PDF pdfium cannot open is left to the reader (encrypted, corrupt), which says why.
    """
    if limits.max_pdf_forms:
        from parplan.read.pdf_forms import expansion

        _count, reason = expansion(data, limits.max_pdf_forms)
        if reason:
            raise LimitExceeded(f"{name}: PDF refused: {reason} ({_hint('max_pdf_forms')})")
    if not limits.max_pdf_pages:
        return
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # the reader reports it in its own words
        return
    try:
        pages = len(doc)
        if pages > limits.max_pdf_pages:
            try:  # a page tree may declare more pages than it has: is the page past the limit real?
                doc[limits.max_pdf_pages].close()
            except pdfium.PdfiumError:
                return  # it lies: the reader reads the real pages and says how many (PP003)
    finally:
        doc.close()
    if pages > limits.max_pdf_pages:
        raise LimitExceeded(
            f"{name}: PDF has {pages} pages, over the limit of {limits.max_pdf_pages} ({_hint('max_pdf_pages')})"
        )
