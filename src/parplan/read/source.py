"""The output of the read stage: ordered blocks (paragraphs and tables) with source positions.

Every reader (txt, docx, pdf) produces a `SourceDoc`; nothing after `read` knows which format a
block came from. Blocks are frozen dataclasses so stages can share them without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from parplan.records import record


@record
class SourceRef:
    """Where a piece of text came from. Lines and pages are 1-based; table/row/col are 0-based."""

    file: str
    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    end_page: int | None = None
    para: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def span(self, other: SourceRef) -> SourceRef:
        """The smallest reference covering `self` and `other` (same file)."""
        lines = [x for x in (self.line, self.end_line, other.line, other.end_line) if x is not None]
        pages = [x for x in (self.page, self.end_page, other.page, other.end_page) if x is not None]
        # `replace(self, line=…, end_line=…, page=…, end_page=…)` spelled out: it runs for every
        # joined line, and `dataclasses.replace` introspects the fields on each call.
        return SourceRef(
            self.file,
            min(lines) if lines else None,
            max(lines) if lines else None,
            min(pages) if pages else None,
            max(pages) if pages else None,
            self.para,
            self.table,
            self.row,
            self.col,
        )

    @staticmethod
    def span_all(refs: list[SourceRef]) -> SourceRef:
        """`refs[0].span(refs[1]).span(refs[2])…` in one step: the lines and pages of all of them,
        the rest of the first (a paragraph of many joined lines builds one ref, not one per line)."""
        first = refs[0]
        if len(refs) == 1:
            return first
        lines = [x for r in refs for x in (r.line, r.end_line) if x is not None]
        pages = [x for r in refs for x in (r.page, r.end_page) if x is not None]
        return SourceRef(
            first.file,
            min(lines) if lines else None,
            max(lines) if lines else None,
            min(pages) if pages else None,
            max(pages) if pages else None,
            first.para,
            first.table,
            first.row,
            first.col,
        )

    def label(self) -> str:
        """Compiler-style location: `file:p3:L41-44`."""
        parts = [self.file]
        if self.page is not None:
            parts.append(
                f"p{self.page}" + (f"-{self.end_page}" if self.end_page not in (None, self.page) else "")
            )
        if self.line is not None:
            parts.append(
                f"L{self.line}" + (f"-{self.end_line}" if self.end_line not in (None, self.line) else "")
            )
        if self.table is not None:
            parts.append(f"T{self.table}")
        if self.row is not None:
            parts.append(f"R{self.row}")
        if self.col is not None:
            parts.append(f"C{self.col}")
        return ":".join(parts)


@record
class Line:
    """One physical line of text after cleaning (txt and pdf readers)."""

    text: str
    ref: SourceRef
    blank_before: bool = False  # a blank line (or page break) separates it from the previous line
    bold: bool = False


@record
class Para:
    """A logical paragraph: wrapped lines already re-joined with single spaces."""

    text: str
    ref: SourceRef
    bold: bool = False  # a heading hint only (DOCX run formatting); never changes the text


@record
class Cell:
    """One table cell. `text` keeps internal line breaks as "\\n" (they can separate agencies).

    `continued` marks a cell that is the lower part of a vertically merged cell: its text repeats
    the text of the cell above, and consumers decide whether to inherit it (objective) or not
    (ordinal). `hard_breaks` says the line breaks were typed (DOCX paragraphs / line breaks), not
    produced by wrapping, so in list columns each line is an entry of its own.
    """

    text: str
    ref: SourceRef
    col: int = 0
    col_span: int = 1
    continued: bool = False
    hard_breaks: bool = False


@record
class Row:
    cells: tuple[Cell, ...]
    ref: SourceRef
    anomalies: tuple[str, ...] = ()  # what the reader could not place exactly, in words

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@record
class Table:
    """Rows of cells on a column grid of `ncols` columns (spans already resolved)."""

    rows: tuple[Row, ...]
    ref: SourceRef
    ncols: int
    header_rows: int = 0  # leading rows the reader knows to be header rows (0 = unknown)

    def grid(self) -> list[list[str]]:
        """Each row as `ncols` cell texts in column order ("" where a row has no cell, and below the
        top of a cell merged down)."""
        out = []
        for row in self.rows:
            texts = [""] * self.ncols
            for cell in row.cells:
                if not cell.continued and 0 <= cell.col < self.ncols:
                    texts[cell.col] = cell.text
            out.append(texts)
        return out


Block = Para | Table


@record
class Dropped:
    """Text a reader removed as layout noise (page numbers, running headers); kept for the report."""

    text: str
    ref: SourceRef
    reason: str


@dataclass(frozen=True, slots=True)
class SourceDoc:
    path: str
    format: str  # "txt" | "docx" | "pdf"
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = ()
    encoding: str | None = None
    pages: int | None = None
    notes: tuple[str, ...] = field(default=())
    # the decoded text of a txt input: its tables are found with a profile's column synonyms once
    # the profile is known (`read.txt.with_synonyms`); DOCX and PDF tables are grids already
    text: str | None = field(default=None, repr=False)


def load_bytes(path: Path, data: bytes | None = None) -> bytes:
    """The input's bytes (read from `path` unless given), as every reader needs them: a file that
    cannot be read or is empty is a one-line UnreadableInput, not an OSError."""
    from parplan.errors import UnreadableInput

    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableInput(f"{path.name}: cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableInput(f"{path.name}: file is empty")
    return data
