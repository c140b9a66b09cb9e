"""The whole flow on one screen: read → segment → extract → normalize (→ Plan).

    doc     = read(path)                 # SourceDoc: paragraphs and tables with source positions
    outline = segment(doc)               # Outline: narrative tree + appendix blocks
    draft   = extract(outline, doc)      # Draft: areas, items, rows, metadata, values as written
    plan    = normalize(draft)           # Plan: codes, agencies, deadlines, numbers (pydantic)

`run_until(path, stage)` returns any intermediate, for `parplan parse --stage`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parplan.errors import UnreadableInput, UnsupportedFormat
from parplan.extract.draft import Draft, outline_to_draft
from parplan.normalize.plan import draft_to_plan
from parplan.read.source import SourceDoc
from parplan.schema import Plan
from parplan.segment import Outline, blocks_to_outline

STAGES = ("read", "segment", "extract", "plan")
MAX_BYTES = 200 * 1024 * 1024


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


def read(path: Path, data: bytes | None = None) -> SourceDoc:
    """Read a decree in any supported format into a SourceDoc."""
    if data is None:
        if not path.exists():
            raise UnreadableInput(f"{path}: no such file")
        if path.is_dir():
            raise UnreadableInput(f"{path}: is a directory")
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableInput(f"{path}: larger than {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    fmt = sniff_format(data)
    if fmt == "pdf":
        from parplan.read.pdf import read_pdf

        return read_pdf(path, data)
    if fmt == "docx":
        from parplan.read.docx import read_docx

        return read_docx(path, data)
    from parplan.read.txt import read_txt

    return read_txt(path, data)


def segment(doc: SourceDoc) -> Outline:
    return blocks_to_outline(doc)


def extract(outline: Outline, doc: SourceDoc) -> Draft:
    return outline_to_draft(outline, doc)


def normalize(draft: Draft) -> Plan:
    return draft_to_plan(draft)


def run(path: Path, data: bytes | None = None) -> Plan:
    """Parse one decree file into a Plan."""
    doc = read(path, data)
    return normalize(extract(segment(doc), doc))


def run_doc(doc: SourceDoc) -> Plan:
    return normalize(extract(segment(doc), doc))


def run_until(path: Path, stage: str) -> Any:
    """The intermediate result of `stage` (read, segment, extract or plan)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose from {', '.join(STAGES)}")
    doc = read(path)
    if stage == "read":
        return doc
    outline = segment(doc)
    if stage == "segment":
        return outline
    draft = extract(outline, doc)
    if stage == "extract":
        return draft
    return normalize(draft)
