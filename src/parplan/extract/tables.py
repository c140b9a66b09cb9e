"""Appendix task tables → one `RowDraft` per task row, values still as written.

A decree's appendix is one logical table even when the reader returns it in chunks: page breaks
repeat the header, and group headings ("Nội dung 2. Cải cách thể chế hành chính") may sit between
chunks as paragraphs, while a chunk without a header continues the table before it. Header,
repeated-header, group and empty rows are dropped here; group rows name the group of the rows
that follow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from parplan.extract.columns import ColumnMap, column_roles, detect_header_rows, inferred_roles, is_header_row
from parplan.normalize.text import squash
from parplan.read.source import Cell, Para, Row, SourceRef, Table
from parplan.read.text_tables import REPEATED_HEADER, is_group_ordinal, is_group_title, looks_like_agency

_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?")  # "(3)" or "3", matched whole


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


class _Layout(NamedTuple):
    """What `_draft` asks of a column map for every row, worked out once per table."""

    index: dict[str, int]  # role → its first column: `cmap.index(role)` for the roles it has
    ref_roles: tuple[str, ...]  # the roles of `cell_refs`, in order
    main: int | None  # the column a lone group title sits in: task, else target
    ncols: int  # the table's column count


def _layout(cmap: ColumnMap) -> _Layout:
    index: dict[str, int] = {}
    for i, role in enumerate(cmap.roles):
        if role is not None:
            index.setdefault(role, i)
    ref_roles = tuple(dict.fromkeys(("ordinal", *[r for r in cmap.roles if r])))
    main = index.get("task")
    return _Layout(index, ref_roles, index.get("target") if main is None else main, cmap.ncols)


def is_column_numbers(filled: Sequence[Cell]) -> bool:
    """The row under a header that numbers its columns, `(1) (2) (3) …` or `1 2 3 …`: a reference
    for the text, no task. Three or more cells holding 1, 2, 3 … in order."""
    found = [_COLUMN_NUMBER.fullmatch(c.text.strip()) for c in filled]
    if len(found) < 3 or not all(found):
        return False
    return [int(m.group(1)) for m in found if m] == list(range(1, len(found) + 1))


def _group_heading(filled: list[Cell], layout: _Layout) -> str | None:
    """The heading a group row opens, or None for a data row.

    Group rows: one cell across the row (`Nội dung 1. Công tác chỉ đạo, điều hành`), or a group
    ordinal with a title and nothing else (`I` | `CẢI CÁCH THỂ CHẾ` → "I CẢI CÁCH THỂ CHẾ").
    `filled` is the row's non-empty cells.
    """
    if not filled:
        return None
    if any(c.col_span > 1 for c in filled) and len(filled) <= 2:
        return squash(" ".join(c.text for c in filled))
    if len(filled) == 1:
        only = filled[0]
        if only.col != layout.main or is_group_title(only.text):
            return squash(only.text)
        return None
    if len(filled) == 2 and filled[0].col == layout.index.get("ordinal") and is_group_ordinal(filled[0].text):
        return squash(f"{filled[0].text} {filled[1].text}")
    return None


def _draft(row: Row, group: str | None, layout: _Layout, targets: dict[str, str]) -> RowDraft:
    """One data row as written. The cell of each role is looked up once (`layout`, per table), not
    through `cmap.index` for every read of it; `targets` holds the objectives already squashed in
    this table (a merged objective cell repeats one long text down all its rows)."""
    cells = _cells_by_col(row)
    by_role = {role: c for role, i in layout.index.items() if (c := cells.get(i)) is not None}

    def raw(role: str) -> str:
        c = by_role.get(role)
        if c is None:
            return ""
        if c.hard_breaks and role in _LIST_ROLES:
            return _typed_breaks_as_separators(c.text)
        return c.text.strip()

    def optional(role: str) -> str | None:
        text = raw(role)
        # start / note: one line, as wrapped lines are in the other formats (an empty cell stays empty)
        return (squash(text) or None) if text else None

    ordinal_cell = by_role.get("ordinal")
    ordinal = "" if ordinal_cell is None or ordinal_cell.continued else squash(ordinal_cell.text)
    target_cell = by_role.get("target")
    if target_cell is None:
        target = None
    elif (target := targets.get(target_cell.text)) is None:
        target = targets[target_cell.text] = squash(target_cell.text)
    task_cell = by_role.get("task")
    task = squash(task_cell.text) if task_cell else (target or "")
    notes = [a for a in row.anomalies if a != REPEATED_HEADER]
    products, deadline, lead = raw("product"), raw("deadline"), raw("lead")
    if products and looks_like_agency(products, max_words=6):  # a bare name, not "Trung tâm … hoạt động"
        notes.append(f"product cell {squash(products)!r} looks like an agency name")
    if "deadline" in layout.index and not deadline:
        notes.append("deadline cell is empty")
    if not task:
        notes.append("task cell is empty")
    if "lead" in layout.index and not lead:
        notes.append("lead cell is empty")
    refs = {role: c.ref for role in layout.ref_roles if (c := by_role.get(role)) is not None}
    return RowDraft(
        group=group,
        ordinal=ordinal,
        target=target,
        target_inherited=bool(target_cell and target_cell.continued),
        task=task,
        lead=lead,
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
    layout: _Layout | None = None
    group: str | None = None
    targets: dict[str, str] = {}
    inferred: list[tuple[int, ColumnMap]] = []  # (first row drafted, roles) of tables without a header
    for block in blocks:
        if isinstance(block, Para):
            if is_group_title(block.text):
                group = squash(block.text)
            elif layout is None:
                group = None  # titles above the first table head no group
            continue
        own = column_roles(block, synonyms)
        if own is not None:
            layout, rows = _layout(own), block.rows[own.header_rows :]
        elif (
            layout is not None
            and block.header_rows == 0
            and block.ncols >= 3  # not a two-column layout block
            and abs(block.ncols - layout.ncols) <= 2
            and detect_header_rows(block, synonyms) == 0
        ):
            rows = block.rows  # a chunk without a header continues the previous task table
        elif (guess := inferred_roles(block)) is not None:
            # no header row at all: the roles come from the cells, and the first row says so
            layout, rows = _layout(guess), block.rows[guess.header_rows :]
            inferred.append((len(out), guess))
        else:
            continue  # letterhead, signature or other layout table
        for row in rows:
            if REPEATED_HEADER in row.anomalies:
                continue
            # the non-empty cells, once: an empty row has none, and `_group_heading` reads them
            # (the header-row, empty-row and group tests are pure, so their order does not matter)
            filled = [c for c in row.cells if not c.continued and c.text.strip()]
            if not filled or is_header_row(row.texts(), synonyms) or is_column_numbers(filled):
                continue
            heading = _group_heading(filled, layout)
            if heading is not None:
                group = heading
                continue
            out.append(_draft(row, group, layout, targets))
    for at, guess in inferred:
        if at < len(out):
            roles = ", ".join(r for r in guess.roles if r)
            note = f"table without a header row: column roles inferred from the cells ({roles})"
            out[at] = replace(out[at], anomalies=(note, *out[at].anomalies))
    return out
