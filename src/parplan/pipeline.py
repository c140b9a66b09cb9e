"""The whole flow on one screen: read → segment → extract → normalize (→ Plan).

    doc     = read(path)                 # SourceDoc: paragraphs and tables with source positions
    profile = choose_profile(doc)        # the province profile, chosen once (base when none fits)
    doc     = apply_profile(doc, profile)  # txt tables found again with the profile's column labels
    outline = segment(doc, profile)      # Outline: narrative tree + appendix blocks, by structure
    draft   = extract(outline, doc, profile)  # Draft: areas, items, rows, metadata, as written
    plan    = normalize(draft)           # Plan: codes, agencies, deadlines, numbers (pydantic)

`run_until(path, stage)` returns any intermediate, for `parplan parse --stage`. Before a reader
sees the bytes, `limits.py` refuses what would exhaust memory or time (size, zip bomb, page count);
after normalize, `check_par_plan` says when the document is not a PAR plan at all. `run` stops a parse
that outlasts `max_seconds` (`limits.deadline`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from parplan.errors import ParplanError, UnreadableInput, UnsupportedFormat
from parplan.extract.draft import Draft, outline_to_draft
from parplan.limits import DEFAULTS, Limits, check_docx, check_pdf, check_size, deadline, memory_error
from parplan.normalize.plan import draft_to_plan
from parplan.parsers.base import Profile
from parplan.read.source import Para, SourceDoc, Table
from parplan.schema import Issue, Plan, SourceSpan
from parplan.schema.enums import AREA_CODES
from parplan.segment import Outline, blocks_to_outline

STAGES = ("read", "segment", "extract", "plan")
MAX_BYTES = DEFAULTS.max_bytes  # kept for callers of the old constant; see `Limits.max_bytes`
NOT_A_PLAN = "PP001"
CUT_SHORT = "PP002"
READ_NOTE = "PP003"
# instruments whose citation as a basis says the text is a PAR plan: the national programmes 2011-2020 and 2021-2030
_PAR_PROGRAMMES = frozenset({"30c/nq-cp", "76/nq-cp"})


def sniff_format(data: bytes) -> str:
    """Decide the format from the content, never from the extension."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith((b"\xd0\xcf\x11\xe0",)):
        raise UnsupportedFormat("legacy .doc (OLE) files are not supported; save as DOCX first")
    if data[:5] == b"{\\rtf":
        raise UnsupportedFormat("RTF is not supported; save as DOCX or plain text first")
    return "txt"


def read(path: Path, data: bytes | None = None, limits: Limits | None = None) -> SourceDoc:
    """Read a decree in any supported format into a SourceDoc, refusing input over `limits`
    (default: `Limits.from_env()`) before the reader sees it."""
    limits = Limits.from_env() if limits is None else limits
    if data is None:
        if not path.exists():
            broken = path.is_symlink()
            raise UnreadableInput(f"{path}: {'a broken or looping symbolic link' if broken else 'no such file'}")
        if path.is_dir():
            raise UnreadableInput(f"{path}: is a directory")
        check_size(path.stat().st_size, str(path), limits)  # refused without reading it
        try:
            with path.open("rb") as fh:  # bounded: a pipe or a device has no size to check first
                data = fh.read(limits.max_bytes + 1) if limits.max_bytes else fh.read()
        except OSError as exc:
            raise UnreadableInput(f"{path}: cannot read file ({exc.strerror or exc})") from exc
        check_size(len(data), str(path), limits, read_so_far=True)
    else:
        check_size(len(data), path.name, limits)
    try:
        fmt = sniff_format(data)
    except UnsupportedFormat as exc:
        raise UnsupportedFormat(f"{path.name}: {exc}") from None
    try:
        if fmt == "pdf":
            from parplan.read.pdf import read_pdf

            check_pdf(data, path.name, limits)
            return read_pdf(path, data)
        if fmt == "docx":
            from parplan.read.docx import read_docx

            check_docx(data, path.name, limits)
            return read_docx(path, data)
        from parplan.read.txt import read_txt

        return read_txt(path, data)
    except ParplanError:
        raise
    except RecursionError as exc:
        raise UnreadableInput(f"{path.name}: {fmt} structure nested too deeply to read") from exc
    except MemoryError:
        raise  # over the memory ceiling: `run` says so (the file may be fine, the limit too low)
    except Exception as exc:  # a damaged file must cost a one-line error, never a crash
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise UnreadableInput(
            f"{path.name}: damaged or unsupported {fmt} ({type(exc).__name__}: {detail})"
        ) from exc


def apply_profile(doc: SourceDoc, profile: Profile | None) -> SourceDoc:
    """The document as the profile reads it: a txt decree's tables are found again with the
    profile's column synonyms (DOCX and PDF tables are grids already, and come back as they are)."""
    from parplan.read.txt import with_synonyms

    return doc if profile is None else with_synonyms(doc, profile.column_synonyms)


def require_text(doc: SourceDoc) -> SourceDoc:
    """`doc` when it holds any letter or digit; a file with no text at all (whitespace, a BOM, NUL
    bytes, only punctuation) is unreadable input (exit 3), not a readable text that is no plan."""
    for block in doc.blocks:
        texts = [block.text] if isinstance(block, Para) else [c.text for r in block.rows for c in r.cells]
        if any(ch.isalnum() for text in texts for ch in text):
            return doc
    raise UnreadableInput(f"{Path(doc.path).name}: no text (the file holds no letters or digits)")


def segment(doc: SourceDoc, profile: Profile | None = None) -> Outline:
    """The outline; the profile's column synonyms tell a task table from a layout table."""
    return blocks_to_outline(doc, profile.column_synonyms if profile is not None else None)


def extract(outline: Outline, doc: SourceDoc, profile: Profile | None = None) -> Draft:
    return outline_to_draft(outline, doc, profile)


def choose_profile(doc: SourceDoc) -> Profile:
    """The province profile for a document, chosen once after `read` (most specific wins)."""
    from parplan.parsers import profile_for

    return profile_for(doc)


def normalize(draft: Draft) -> Plan:
    return draft_to_plan(draft)


# A PAR plan has reform areas (the six of Resolution 76/NQ-CP, direction, or milestone groups) or an
# appendix task table; a recipe or a news article has neither, whatever its headings look like.
_PLAN_AREAS = frozenset((*AREA_CODES, "by_period"))
_PAR_WORDS = ("cải cách hành chính", "cchc")
_SCAN_CHARS = 2_000_000  # enough text to count keyword mentions; bounds the cost on huge files


def check_par_plan(plan: Plan, doc: SourceDoc) -> Issue | None:
    """PP001 when the document is not a PAR plan, saying what was found instead; PP002 when its title
    or bases say it is one but no area or table was found (a text cut short).

    Not an exception: the user may still want the text, and `validate` turns it into an error.
    """
    if any(a.code in _PLAN_AREAS for a in plan.areas) or any(i.part == "appendix" for i in plan.items):
        return None
    from parplan.normalize.text import fold

    paras = [b for b in doc.blocks if isinstance(b, Para)]
    tables = sum(isinstance(b, Table) for b in doc.blocks)
    text = fold(" ".join(p.text for p in paras)[:_SCAN_CHARS])
    mentions = sum(text.count(w) for w in _PAR_WORDS)
    first = next((p.text for p in paras if p.text.strip()), "")
    first = " ".join(first.split())
    first = first if len(first) <= 60 else first[:59] + "…"
    found = [
        f"{len(paras)} paragraph{'s' * (len(paras) != 1)}",
        f"{tables} table{'s' * (tables != 1)}",
        f"{len(plan.items)} list item{'s' * (len(plan.items) != 1)}",
        f"'cải cách hành chính' mentioned {mentions} time{'s' * (mentions != 1)}",
    ]
    if first:
        found.append(f"starts with {first!r}")
    if (why := _says_par(plan)) is not None:
        return Issue(
            code=CUT_SHORT,
            severity="error",
            message=f"no reform areas and no task table found, though {why}: the text may be incomplete "
            "(cut short, or only its opening copied); found " + ", ".join(found),
            source=SourceSpan(file=plan.file),
        )
    return Issue(
        code=NOT_A_PLAN,
        severity="error",
        message="not a PAR plan: no reform areas, no task table (found " + ", ".join(found) + ")",
        source=SourceSpan(file=plan.file),
    )


def _says_par(plan: Plan) -> str | None:
    """Why the plan's own title or bases say it is a PAR text, or None."""
    from parplan.normalize.text import fold

    title = fold(plan.metadata.title or "")
    if any(w in title for w in _PAR_WORDS):
        return f"its title says it is a PAR plan ({plan.metadata.title!r})"
    cited = [r.number for r in plan.metadata.legal_bases if r.number.casefold() in _PAR_PROGRAMMES]
    if cited:
        return f"it cites the national PAR programme ({cited[0]}) as its basis"
    return None


def finish(plan: Plan, doc: SourceDoc) -> Plan:
    """Post-normalize checks on the whole plan (PP001), and what the reader could not read exactly
    (PP003: a byte that was not UTF-8, a page without a text layer); appends to `plan.issues`."""
    for note in doc.notes:
        plan.issues.append(
            Issue(code=READ_NOTE, severity="warning", message=note, source=SourceSpan(file=Path(doc.path).name))
        )
    if (issue := check_par_plan(plan, doc)) is not None:
        plan.issues.append(issue)
    return plan


def run(path: Path, data: bytes | None = None, limits: Limits | None = None) -> Plan:
    """Parse one decree file (or its bytes, e.g. from stdin) into a Plan, within `limits.max_seconds`
    (`TimeLimitExceeded` past it)."""
    limits = Limits.from_env() if limits is None else limits
    with _parsing(path.name, limits):
        return run_doc(require_text(read(path, data, limits)))


@contextmanager
def _parsing(name: str, limits: Limits) -> Iterator[None]:
    """One parse: within `limits.max_seconds`, the collector paused, and the ways a crafted input
    can exhaust the interpreter turned into one-line errors (memory ceiling, nesting depth)."""
    try:
        with deadline(limits.max_seconds, name), collector_paused():
            yield
    except MemoryError:
        raise memory_error(name, limits) from None
    except RecursionError:  # an outline nested thousands deep (crafted text): one line, not a traceback
        raise UnreadableInput(f"{name}: structure nested too deeply to parse") from None


def run_doc(doc: SourceDoc) -> Plan:
    with collector_paused():
        profile = choose_profile(doc)
        doc = apply_profile(doc, profile)
        return finish(normalize(extract(segment(doc, profile), doc, profile)), doc)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while one document is parsed, back as it was after.

    A parse builds many objects and frees them by reference counting; the collector finds no cycles
    to break, yet its full passes walk every live object, so on a big table they made the time per row
    grow with the rows (x1.4 at 256x the sample's table, `benchmarks/bench_tables.py`). Paused, the
    cost is linear; what the parse leaves as cycles is collected once the collector is back on.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def run_text(text: str, name: str, limits: Limits | None = None) -> Plan:
    """Parse decree text already in memory (decoded) into a Plan, within `limits.max_seconds`."""
    from parplan.read.txt import read_text

    limits = Limits.from_env() if limits is None else limits
    with _parsing(name, limits):
        return run_doc(require_text(read_text(text, name)))


def run_until(path: Path, stage: str, data: bytes | None = None, limits: Limits | None = None) -> Any:
    """The intermediate result of `stage` (read, segment, extract or plan)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose from {', '.join(STAGES)}")
    limits = Limits.from_env() if limits is None else limits
    with _parsing(path.name, limits):
        doc = read(path, data, limits)
        if stage == "read":
            return doc
        require_text(doc)
        profile = choose_profile(doc)
        doc = apply_profile(doc, profile)
        outline = segment(doc, profile)
        if stage == "segment":
            return outline
        draft = extract(outline, doc, profile)
        if stage == "extract":
            return draft
        return finish(normalize(draft), doc)
