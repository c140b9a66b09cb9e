"""Tables typed with spaces: columns found from gaps that line up over several lines.

    STT  Nhiệm vụ                       Cơ quan chủ trì   Thời hạn
    1    Rà soát văn bản QPPL           Sở Tư pháp        Quý II/2023
    2    Tuyên truyền pháp luật         Sở Tư pháp        Năm 2023

Three or more consecutive lines whose cells (text after a gap of two or more spaces) start at the
same columns are a table: each line becomes a tab row, split at those columns, before the text
reader collapses runs of spaces (which would lose them). A line's cell may be empty; a cell that
wraps onto a line of its own is left to the tab reader as a continuation.
"""

from __future__ import annotations

from collections import Counter
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


def align_columns(lines: list[str]) -> list[str]:
    """`lines` with each space-aligned table's rows rewritten as tab rows; other lines unchanged."""
    if not any("  " in ln for ln in lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):  # stretches of non-blank lines without tabs
        if not lines[i].strip() or "\t" in lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip() and "\t" not in lines[j]:
            j += 1
        _rewrite(out, i, j)
        i = j
    return out


def _rewrite(out: list[str], i: int, j: int) -> None:
    """Rewrite the table rows of one stretch: its columns come from the lines of three or more
    cells; lines of two or more cells (or indented ones: a row whose first cells are empty) that fit
    those columns become tab rows; a one-cell line (a group row, prose around the table) stays."""
    starts = [_starts(row) for row in out[i:j]]
    wide = [s for s in starts if len(s) >= MIN_CELLS]
    if len(wide) < MIN_ROWS:
        return
    counts = Counter(x for s in wide for x in s)
    columns = sorted(x for x, n in counts.items() if n >= SHARE * len(wide))
    if len(columns) < MIN_CELLS or any(not set(s) <= set(columns) for s in wide):
        return  # the gaps do not line up: prose with double spaces, not a table
    for k, (row, s) in enumerate(zip(out[i:j], starts, strict=True)):
        if (len(s) < 2 and s[0] == 0) or not set(s) <= set(columns):
            continue
        bounds = [*columns, len(row)]
        out[i + k] = "\t".join(row[a:b].strip() if a < len(row) else "" for a, b in pairwise(bounds))
