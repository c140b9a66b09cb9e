"""Tables typed in markup: markdown pipe tables and grid tables, read as rows of cells.

A decree exported to markdown (pandoc, a portal's copy, an editor) writes its appendix as

    | STT | Nhiệm vụ | Cơ quan chủ trì |          +-----+----------+-----------------+
    |---|---|---|                        or       | STT | Nhiệm vụ | Cơ quan chủ trì |
    | 1 | Xây dựng kế hoạch | Sở Nội vụ |          +=====+==========+=================+
                                                  | 1   | Xây dựng | Sở Nội vụ       |
                                                  |     | kế hoạch |                 |
                                                  +-----+----------+-----------------+

Each row becomes one tab-separated line (its source span kept: a grid row spans its lines), and the
rules are layout, dropped; the tab reader (`text_tables`) then finds the header, group rows and
repeated headers as it does for any tab table. A grid cell's lines are joined with a space, and a
`<br>` inside a cell is a typed line break (`CELL_BREAK` until the tab reader makes it "\n"). (The padding of a grid is gone by then: the text
reader collapses runs of spaces, so cells are told by their `|`.)
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from parplan.read.source import Line, SourceRef

_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+){2,}\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.I)
# A typed line break inside a cell (`<br>`), carried through the tab line (which cannot hold "\n") to
# `text_tables`, which turns it back into "\n" with `Cell.hard_breaks` set. A private-use character.
CELL_BREAK = "\ue000"
_SPACES = re.compile(r"\s+")


def markup_pass(lines: list[Line]) -> list[Line]:
    """`lines` with every markdown or grid table rewritten as tab rows; other lines unchanged."""
    if not any("|" in ln.text or "+" in ln.text for ln in lines):
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = _grid_end(lines, i)
        if j > i:
            out.extend(_grid_rows(lines[i:j]))
            i = j
            continue
        j = _markdown_end(lines, i)
        if j > i:
            out.extend(_markdown_rows(lines[i:j]))
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def _markdown_end(lines: Sequence[Line], i: int) -> int:
    """End of a markdown table starting at `i` (a row, then a `|---|` rule within two lines), or `i`."""
    if not _MD_ROW.match(lines[i].text) or _MD_RULE.match(lines[i].text):
        return i
    rule = next((k for k in range(i + 1, min(i + 3, len(lines))) if _MD_RULE.match(lines[k].text)), None)
    if rule is None or any(not _MD_ROW.match(lines[k].text) for k in range(i, rule)):
        return i
    j = rule + 1
    while j < len(lines) and (_MD_ROW.match(lines[j].text) or _MD_RULE.match(lines[j].text)):
        j += 1
    return j


def _cells(text: str) -> list[str]:
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    parts = re.split(r"(?<!\\)\|", inner)
    return [
        _BR.sub(CELL_BREAK, _SPACES.sub(" ", p.replace("\\|", "|"))).strip(" " + CELL_BREAK) for p in parts
    ]


def _tab_line(cells: Sequence[str], ref: SourceRef, blank_before: bool, bold: bool = False) -> Line:
    # an empty cell is kept as an empty column between tabs; a row of one cell stays one text
    text = "\t".join(cells) if len(cells) > 1 else (cells[0] if cells else "")
    return Line(text, ref, blank_before, bold)


def _markdown_rows(lines: Sequence[Line]) -> list[Line]:
    out: list[Line] = []
    blank = lines[0].blank_before
    for line in lines:
        if _MD_RULE.match(line.text):  # the rule under the header, or one repeated mid-table
            continue
        out.append(_tab_line(_cells(line.text), line.ref, blank, line.bold))
        blank = False
    return out


def _grid_end(lines: Sequence[Line], i: int) -> int:
    """End of a grid table starting with a `+---+` rule at `i` (rows and rules after it), or `i`."""
    if not _GRID_RULE.match(lines[i].text):
        return i
    j = i + 1
    last_rule = i
    while j < len(lines) and (_GRID_ROW.match(lines[j].text) or _GRID_RULE.match(lines[j].text)):
        if _GRID_RULE.match(lines[j].text):
            last_rule = j
        j += 1
    return last_rule + 1 if last_rule > i else i


def _grid_rows(lines: Sequence[Line]) -> list[Line]:
    """One tab line per grid row: the lines between two rules, cell by cell (a reader has already
    collapsed the padding, so cells are told by their `|`, not by the rule's `+` columns)."""
    out: list[Line] = []
    pending: list[Line] = []
    blank = lines[0].blank_before

    def flush() -> None:
        nonlocal blank
        if not pending:
            return
        split = [_cells(line.text) for line in pending]
        width = max(len(parts) for parts in split)
        cells = [" ".join(parts[c] for parts in split if c < len(parts) and parts[c]) for c in range(width)]
        out.append(_tab_line(cells, SourceRef.span_all([ln.ref for ln in pending]), blank))
        blank = False
        pending.clear()

    for line in lines:
        if _GRID_RULE.match(line.text):
            flush()
        else:
            pending.append(line)
    flush()
    return out
