"""Appendix task tables → one `RowDraft` per task row, values still as written.

A decree's appendix is one logical table even when the reader returns it in chunks: page breaks
repeat the header, and group headings ("Nội dung 2. Cải cách thể chế hành chính") may sit between
chunks as paragraphs, while a chunk without a header continues the table before it. Header,
repeated-header, group and empty rows are dropped here; group rows name the group of the rows
that follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parplan.extract.columns import ColumnMap, column_roles, detect_header_rows, is_header_row
from parplan.normalize.text import squash
from parplan.read.source import Cell, Para, Row, SourceRef, Table
from parplan.read.text_tables import REPEATED_HEADER, is_group_ordinal, is_group_title, looks_like_agency


@dataclass(frozen=True, slots=True)
class RowDraft:
    """One task row of an appendix table, cells as written (splitting happens in normalize)."""

    # group heading as written: "Nội dung 1. Công tác chỉ đạo, điều hành", "I CẢI CÁCH THỂ CHẾ"
    group: str | None
    ordinal: str  # as written; "" when empty or merged down (continued)
    target: str | None  # objective column, lines joined with spaces; None when the table has none
    target_inherited: bool  # the objective comes from a merged cell above
    task: str  # lines joined with spaces
    lead: str  # raw cell text, "\n" kept
    partners: str
    products: str
    start: str | None  # None when the table has no start column or the cell is empty
    deadline: str  # raw cell text, "\n" kept
    note: str | None
    ref: SourceRef  # row span
    cell_refs: dict[str, SourceRef]
    anomalies: tuple[str, ...]


_LIST_ROLES = {"lead", "partners", "product", "deadline"}


def _typed_breaks_as_separators(text: str) -> str:
    """A typed line break in a list cell separates entries: `Kế hoạch\\nBáo cáo` → `Kế hoạch;\\nBáo cáo`."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    out = []
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        sep = "" if not nxt or line.endswith((";", ",")) or nxt.startswith(("-", "+", "•")) else ";"
        out.append(line + sep)
    return "\n".join(out)


def _cells_by_col(row: Row) -> dict[int, Cell]:
    out: dict[int, Cell] = {}
    for cell in row.cells:
        out.setdefault(cell.col, cell)
    return out


def _is_empty(row: Row) -> bool:
    return all(not c.text.strip() for c in row.cells if not c.continued)


def _group_heading(row: Row, cmap: ColumnMap) -> str | None:
    """The heading a group row opens, or None for a data row.

    Group rows: one cell across the row (`Nội dung 1. Công tác chỉ đạo, điều hành`), or a group
    ordinal with a title and nothing else (`I` | `CẢI CÁCH THỂ CHẾ` → "I CẢI CÁCH THỂ CHẾ").
    """
    filled = [c for c in row.cells if not c.continued and c.text.strip()]
    if not filled:
        return None
    main = cmap.index("task")
    if main is None:
        main = cmap.index("target")
    if any(c.col_span > 1 for c in filled) and len(filled) <= 2:
        return squash(" ".join(c.text for c in filled))
    if len(filled) == 1:
        only = filled[0]
        if only.col != main or is_group_title(only.text):
            return squash(only.text)
        return None
    if len(filled) == 2 and filled[0].col == cmap.index("ordinal") and is_group_ordinal(filled[0].text):
        return squash(f"{filled[0].text} {filled[1].text}")
    return None


def _draft(row: Row, cmap: ColumnMap, group: str | None) -> RowDraft:
    cells = _cells_by_col(row)

    def cell(role: str) -> Cell | None:
        index = cmap.index(role)
        return cells.get(index) if index is not None else None

    def raw(role: str) -> str:
        c = cell(role)
        if c is None:
            return ""
        if c.hard_breaks and role in _LIST_ROLES:
            return _typed_breaks_as_separators(c.text)
        return c.text.strip()

    def optional(role: str) -> str | None:
        text = squash(raw(role))  # start / note: one line, as wrapped lines are in the other formats
        return text or None

    ordinal_cell = cell("ordinal")
    ordinal = "" if ordinal_cell is None or ordinal_cell.continued else squash(ordinal_cell.text)
    target_cell = cell("target")
    target = squash(target_cell.text) if target_cell else None
    task_cell = cell("task")
    task = squash(task_cell.text) if task_cell else (target or "")
    notes = [a for a in row.anomalies if a != REPEATED_HEADER]
    products, deadline = raw("product"), raw("deadline")
    if products and looks_like_agency(products, max_words=6):  # a bare name, not "Trung tâm … hoạt động"
        notes.append(f"product cell {squash(products)!r} looks like an agency name")
    if cmap.index("deadline") is not None and not deadline:
        notes.append("deadline cell is empty")
    if not task:
        notes.append("task cell is empty")
    if cmap.index("lead") is not None and not raw("lead"):
        notes.append("lead cell is empty")
    refs = {
        role: c.ref for role in ("ordinal", *[r for r in cmap.roles if r]) if (c := cell(role)) is not None
    }
    return RowDraft(
        group=group,
        ordinal=ordinal,
        target=target,
        target_inherited=bool(target_cell and target_cell.continued),
        task=task,
        lead=raw("lead"),
        partners=raw("partners"),
        products=products,
        start=optional("start"),
        deadline=deadline,
        note=optional("note"),
        ref=row.ref,
        cell_refs=refs,
        anomalies=tuple(notes),
    )


def appendix_rows(
    blocks: Sequence[Para | Table], synonyms: Mapping[str, Sequence[str]] | None = None
) -> list[RowDraft]:
    """Task rows of the appendix `blocks` (paragraphs and tables in document order).

    `synonyms` extends the column synonyms (a province profile's delta).
    """
    out: list[RowDraft] = []
    cmap: ColumnMap | None = None
    group: str | None = None
    for block in blocks:
        if isinstance(block, Para):
            if is_group_title(block.text):
                group = squash(block.text)
            elif cmap is None:
                group = None  # titles above the first table head no group
            continue
        own = column_roles(block, synonyms)
        if own is not None:
            cmap, rows = own, block.rows[own.header_rows :]
        elif (
            cmap is not None
            and block.header_rows == 0
            and block.ncols >= 3  # not a two-column layout block
            and abs(block.ncols - cmap.ncols) <= 2
            and detect_header_rows(block, synonyms) == 0
        ):
            rows = block.rows  # a chunk without a header continues the previous task table
        else:
            continue  # letterhead, signature or other layout table
        for row in rows:
            if REPEATED_HEADER in row.anomalies or is_header_row(row.texts(), synonyms) or _is_empty(row):
                continue
            heading = _group_heading(row, cmap)
            if heading is not None:
                group = heading
                continue
            out.append(_draft(row, cmap, group))
    return out
