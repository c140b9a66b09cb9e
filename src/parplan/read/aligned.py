"""Tables typed with spaces: columns found from gaps that line up over several lines.

    STT  Nhiệm vụ                       Cơ quan chủ trì   Thời hạn
    1    Rà soát văn bản QPPL           Sở Tư pháp        Quý II/2023
    2    Tuyên truyền pháp luật cho     Sở Tư pháp        Năm 2023
         người dân

Three or more lines whose cells (text after a gap of two or more spaces) start at the same columns
are a table: each row becomes a tab row, split at those columns, before the text reader collapses
runs of spaces (which would lose them). A table may have blank lines between its rows. A line whose
first column is empty continues the row above it (a cell wrapped inside its column): its cells are
joined to that row's, and the line is left blank. A line's cell may be empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

import regex as re

_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
MIN_ROWS = 3  # fewer aligned lines are too weak a sign (two lines may line up by chance)
MIN_CELLS = 3
SHARE = 0.5  # a column start must be in half the lines of the run


def _starts(line: str) -> list[int]:
    """Where the line's cells start: its first letter, and after each gap of two or more spaces."""
    first = len(line) - len(line.lstrip(" "))
    return [first, *(m.end() for m in _GAP.finditer(line))]


def _crosses(row: str, x: int) -> bool:
    """True when the row's text runs across position `x` (no space just before it), so no column
    can start there; a column few rows fill (a trailing "Ghi chú") crosses none."""
    return 0 < x < len(row) and row[x - 1] != " "


def _table_like(line: str) -> bool:
    """A line that may belong to a space-aligned table: it has a gap, or it is indented (a wrapped cell)."""
    return "  " in line.strip(" ") or line.startswith("  ")


def _other_table(line: str) -> bool:
    """A line of a table in another layout: tab cells, or a markdown or grid table's `|`/`+` line."""
    return "\t" in line or line.lstrip(" ")[:1] in ("|", "+")


def _regions(lines: list[str]) -> Iterator[tuple[int, int]]:
    """Stretches of lines outside other tables that may hold a table: non-blank lines, and a blank
    line when the lines on both sides of it are table-like (rows separated by blank lines)."""
    i = 0
    while i < len(lines):
        if not lines[i].strip() or _other_table(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and not _other_table(lines[j]):
            if lines[j].strip():
                j += 1
                continue
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k - j > 1 or k == len(lines) or _other_table(lines[k]):
                break
            if not (_table_like(lines[j - 1]) and _table_like(lines[k])):
                break
            j = k
        yield i, j
        i = j


def align_columns(lines: list[str]) -> list[str]:
    """`lines` with each space-aligned table's rows rewritten as tab rows; other lines unchanged
    (a line continuing a row is left blank, its text moved into that row)."""
    if not any("  " in ln for ln in lines):
        return lines
    out = list(lines)
    for i, j in _regions(lines):
        _rewrite(out, i, j)
    return out


def _columns(rows: list[str], starts: list[list[int]]) -> list[int] | None:
    """The column starts of a region's lines of three or more cells, or None when they are no table:
    a start in half of them, or one that no line's text runs across. No column may cut a line's
    text, but the first line's (a header's label may span the columns under it, "Trách nhiệm thực
    hiện" over "Chủ trì | Phối hợp") when three more lines back the columns up."""
    if len(rows) < MIN_ROWS:
        return None
    counts = Counter(x for s in starts for x in s)
    common = [x for x, n in counts.items() if n >= SHARE * len(rows)]
    checked = rows[1:] if len(rows) > MIN_ROWS else rows
    if len(common) < MIN_CELLS or any(_crosses(row, x) for row in checked for x in common):
        return None  # too few columns, or one cuts a row's text: gaps that line up by chance
    # a column few rows fill (an empty partners column, a trailing "Ghi chú"): no row runs across it
    sparse = [x for x in counts if x not in common and not any(_crosses(row, x) for row in checked)]
    columns = sorted([*common, *sparse])
    if any(not set(s) <= set(columns) for s in starts):
        return None  # the gaps do not line up: prose with double spaces, not a table
    return columns


def _split(row: str, columns: list[int]) -> list[str]:
    """The row's cells at `columns`; text running across a column start stays in its cell (a
    spanning label), the column it spans is empty."""
    cells = [""] * len(columns)
    bounds = [*columns, len(row)]
    at = 0
    for k, (a, b) in enumerate(pairwise(bounds)):
        if a >= len(row):
            break
        if k > at and _crosses(row, a):
            cells[at] = f"{cells[at]}{row[a:b]}"
            continue
        at = k
        cells[k] = row[a:b]
    return [c.strip() for c in cells]


def _rewrite(out: list[str], i: int, j: int) -> None:
    """Rewrite the table rows of one region. Lines of two or more cells that fit the columns become
    tab rows; a one-cell line at the margin (a group row, prose around the table) stays. A line that
    fits them with its first column empty continues the row above it (`_continues`)."""
    starts = [_starts(row) if row.strip() else [] for row in out[i:j]]
    wide = [(row, s) for row, s in zip(out[i:j], starts, strict=True) if len(s) >= MIN_CELLS]
    columns = _columns([row for row, _ in wide], [s for _, s in wide])
    if columns is None:
        return
    # rows separated by blank lines: most lines that open a row (text in the first column) follow one
    opening = [k for k in range(i, j) if starts[k - i][:1] == [columns[0]]]
    spaced = sum(1 for k in opening if k > i and not out[k - 1].strip()) >= SHARE * len(opening)
    colset = set(columns)
    rows: dict[int, list[str]] = {}  # line index → its row's cells, continuation lines joined in
    first: int | None = None  # the region's first row: the header, which its continuations join
    last: int | None = None  # the row being built
    below = -1  # the last line taken into it
    for k, (row, s) in enumerate(zip(out[i:j], starts, strict=True), start=i):
        if not s:
            continue
        if (len(s) < 2 and s[0] == 0) or not colset.issuperset(s) or (rows and _cut(row, columns)):
            last = None  # prose between tables: nothing continues across it
            continue
        cells = _split(row, columns)
        if (
            s[0] > columns[0]
            and last is not None
            and _continues(cells, last == first, below == k - 1, spaced)
        ):
            rows[last] = [f"{a} {b}".strip() for a, b in zip(rows[last], cells, strict=True)]
            out[k] = ""
            below = k
            continue
        rows[k] = cells
        last = below = k
        first = k if first is None else first
    for k, cells in rows.items():
        out[k] = "\t".join(cells)


def _cut(row: str, columns: list[int]) -> bool:
    """True when a column start falls inside the row's text (only the header row may span)."""
    return any(_crosses(row, x) for x in columns)


def _continues(cells: list[str], header: bool, adjacent: bool, spaced: bool) -> bool:
    """Whether a line with an empty first column continues the row above rather than starting a row
    whose first cells are merged with the row above's: under the header, always (a wrapped label,
    or a second header row); right under a row, when rows are separated by blank lines or the text
    goes on in lower case ("ban hành, sửa đổi, …")."""
    if header:
        return True
    if not adjacent:
        return False
    first = next((c for c in cells if c), "")
    return spaced or first[:1].islower()
