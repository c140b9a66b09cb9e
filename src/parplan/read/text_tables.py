"""Appendix tables in plain-text decrees: find them and rebuild their grid.

Text exports flatten a table in one of three ways, detected from the text itself:

- tabs: one row per line, cells split on "\\t" (`1\\tXây dựng Kế hoạch…\\tSở Nội vụ\\t…`);
- pipes: every cell is a run of lines ended by a line holding only `|`, an empty cell being two
  `|` lines in a row; row ends are not marked;
- paragraphs: every cell is one blank-line separated paragraph, an empty cell a paragraph holding
  only a non-breaking space.

For pipes and paragraphs the row boundaries are rebuilt from the header (column count and roles)
by dynamic programming over the allowed row shapes (full row; row whose leading merged columns
are missing; group row; empty row; repeated header), scoring how well each cell's content fits its
column (ordinal, agency, time, prose). No file name or province is consulted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise
from operator import add

import regex as re

from parplan.extract.columns import (
    Synonyms,
    combined_labels,
    is_header_label,
    is_header_row,
    roles_for_labels,
    surely_too_long,
)
from parplan.normalize.text import fold, strip_accents
from parplan.read.lines import is_upper_text
from parplan.read.markup_tables import CELL_BREAK, markup_pass
from parplan.read.source import Cell, Line, Row, SourceRef, Table
from parplan.records import record

REPEATED_HEADER = "repeated header row"  # Row.anomalies marker: the header again after a page break
MAX_CELL_LINES = 40  # a run of lines between two `|` lines longer than this is prose, not a cell
MAX_HEADER_ROWS = 3  # header rows a cell stream's header may have (`_header_shape`)
MAX_HEADER_CELLS = 60  # label and empty cells looked at for one header
_NEG = float("-inf")

# ---------------------------------------------------------------------------------------------
# Cell content classifiers (shared with extract.tables)

_ORDINAL = re.compile(r"^\(?\d{1,3}(?:\.\d{1,3})*[.)]?$")
_ROMAN = re.compile(r"^[IVXLC]{1,6}[.)]?$")
_LETTER = re.compile(r"^[A-ZĐ][.)]?$")
_ROMAN_TITLE = re.compile(r"^[IVXLC]{1,6}[.:)]?\s+\S")  # "II. CẢI CÁCH THỂ CHẾ"
_LETTER_TITLE = re.compile(r"^[A-ZĐ][.)]\s+\S")  # "A. …"
# Keyword-led group headings, on accent-free folded text ("Nội dung 3: …", "Phần II …"); roman and
# capital-letter markers are checked on the original case so that "c) …" sub-items do not match.
_GROUP_TITLE = re.compile(r"^(?:noi dung|phan|chuong|muc|linh vuc|nhom|giai doan)\s+(?:[ivxlc]+|\d+)\b")
# Heads of agency names, on folded text (accents kept: "số" is not "sở"): "Sở Nội vụ", "UBND cấp
# huyện", "Các cơ quan…". Negative look-aheads keep verbs and documents out ("Ban hành", "Báo cáo").
_AGENCY_HEAD = re.compile(
    r"^(?:[-+•]\s*)?(?:các\s+|cùng\s+)?(?:"
    r"sở|ubnd|ủy ban|hđnd|hội đồng|văn phòng|vp|ban(?!\s+hành)|cục|chi cục|tổng cục|trung tâm|"
    r"phòng(?!\s+(?:chống|ngừa))|cơ quan|đơn vị|công an|bộ chỉ huy|kho bạc|thanh tra|đài|"
    r"báo(?!\s+cáo)|viện|trường|tòa án|mặt trận|liên đoàn|hội(?!\s+nghị)|tỉnh đoàn|tỉnh ủy|"
    r"huyện ủy|thành ủy|bảo hiểm|ngân hàng|bưu điện|viễn thông|viettel|vnpt|doanh nghiệp|"
    r"địa phương|ngành|bộ|tổng công ty|công ty|chủ tịch|giám đốc|thủ trưởng|ubmttq|"
    r"hiệp hội|chi nhánh"
    r")\b"
)
_SEGMENT_SPLIT = re.compile(r";|\n\s*[-+•]\s*|^\s*[-+•]\s*")
_TIME_START = re.compile(
    r"^(?:[-+•]\s*)?(?:thang|quy|nam\s+\d|ngay|tuan|hang\s|thuong xuyen|dinh ky|truoc|sau|khi|"
    r"ngay sau|theo (?:quy dinh|lo trinh|ke hoach|chi dao|yeu cau|tien do|huong dan)|giai doan\s*\d|"
    r"tu (?:nam|thang|ngay|quy)|den (?:nam|thang|ngay|het)|trong (?:nam|thang|quy)|cuoi|dau nam|"
    r"nhiem vu thuong xuyen|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\d{1,2}\s*/\s*(?:19|20)\d{2}|"
    r"(?:19|20)\d{2})\b"
)
_TIME_ANY = re.compile(
    r"\b(?:thang|quy|nam|ngay)\s*(?:\d|[ivx]+\b|cuoi|dau)|\b\d{1,2}\s*/\s*(?:19|20)\d{2}\b|"
    r"thuong xuyen|hang (?:nam|thang|quy|tuan|ngay)|dinh ky|truoc ngay|\bsau khi\b|dot xuat|"
    r"\b(?:19|20)\d{2}\b"
)


def is_ordinal(text: str) -> bool:
    """An ordinal cell: `12`, `3.`, `1.2`, `(4)`."""
    return bool(_ORDINAL.match(text.strip()))


def is_group_ordinal(text: str) -> bool:
    """The ordinal of a group row: a roman numeral or a capital letter (`IV`, `II.`, `A`)."""
    t = text.strip()
    return bool(_ROMAN.match(t) or _LETTER.match(t)) and not is_ordinal(t)


@functools.lru_cache(maxsize=8192)
def is_group_title(text: str) -> bool:
    """A heading that opens a group of rows: `Nội dung 1. Công tác chỉ đạo, điều hành`, `II. …`."""
    t = text.strip()
    if not t:
        return False
    if _ROMAN_TITLE.match(t) or _LETTER_TITLE.match(t):
        return True
    return bool(_GROUP_TITLE.match(strip_accents(t)))


@functools.lru_cache(maxsize=8192)
def agency_share(text: str, max_words: int = 14) -> float:
    """Share of the `;`/bullet separated parts of a cell that read as agency names (0…1).

    `Sở Tư pháp; UBND cấp huyện` → 1.0; `Kế hoạch của UBND tỉnh` → 0.0. Parts longer than 14
    words are prose even when they start like an agency ("Các đơn vị xây dựng phương án …").
    """
    parts = [" ".join(p.split()) for p in _SEGMENT_SPLIT.split(text) if p and p.strip(" -+•\n")]
    if not parts:
        return 0.0

    def short(part: str) -> bool:  # a list of bodies may be long, but each comma item is short
        return len(part.split()) <= max_words or all(len(x.split()) <= 8 for x in part.split(","))

    hits = sum(1 for p in parts if short(p) and _AGENCY_HEAD.match(fold(p)))
    return hits / len(parts)


def looks_like_agency(text: str, max_words: int = 14) -> bool:
    """True when every part of the cell names a body: `Các Sở, ban, ngành; UBND huyện, thành phố`."""
    return bool(text.strip()) and agency_share(text, max_words) >= 1.0


@functools.lru_cache(maxsize=8192)
def looks_like_time(text: str) -> bool:
    """A time cell: `Tháng 12/2021`, `Năm 2022`, `Thường xuyên`, `Hằng năm`, `Quý I/2022`, `2025-2030`."""
    t = " ".join(strip_accents(text).split())
    if not t or is_ordinal(t):
        return False
    words = len(t.split())
    if _TIME_START.match(t):
        return words <= 30
    return words <= 16 and bool(_TIME_ANY.search(t))


_EMPTY_FIT = {
    "ordinal": 0.5,
    "task": -2.0,
    "target": 0.0,
    "product": 0.0,
    "lead": -0.5,
    "partners": 0.0,
    "start": -0.3,
    "deadline": -0.5,
    "note": 0.5,
}
_ROLE_WORDS = {
    "ordinal": "an ordinal",
    "task": "a task",
    "target": "an objective",
    "product": "a product",
    "lead": "an agency",
    "partners": "an agency",
    "start": "a time",
    "deadline": "a time",
    "note": "a note",
}


@functools.lru_cache(maxsize=8192)
def _features(text: str) -> tuple[str, int, bool, bool, bool, float, bool]:
    """What `fit` reads from a cell, once per text for all its roles: (stripped text, words,
    ordinal, group ordinal, ordinal or roman, agency share, time). The table reader scores every
    cell against every column, and these classifiers are the costly part."""
    t = text.strip()
    if not t:
        return t, 0, False, False, False, 0.0, False
    ordinal = is_ordinal(t)
    bare = ordinal or bool(_ROMAN.match(t))
    if bare:  # `fit` never looks further for these
        return t, len(t.split()), ordinal, is_group_ordinal(t), True, 0.0, False
    return t, len(t.split()), False, is_group_ordinal(t), False, agency_share(t), looks_like_time(t)


def _fit_key(text: str) -> tuple[bool, bool, bool, bool, float, bool, bool, bool, bool]:
    """Everything `fit` reads from a cell, with the word count reduced to the thresholds it
    compares it with (4, 8, 12): cells with equal keys fit every column equally."""
    t, words, ordinal, group_ordinal, bare, agency, time = _features(text)
    return bool(t), ordinal, group_ordinal, bare, agency, time, words >= 4, words <= 8, words <= 12


@functools.lru_cache(maxsize=4096)
def _fit_row(
    key: tuple[bool, bool, bool, bool, float, bool, bool, bool, bool], roles: tuple[str | None, ...]
) -> tuple[float, ...]:
    """`fit` of a cell with this `_fit_key` in each column: a table has a few hundred cells but
    only a few dozen distinct keys, so most rows of fits are looked up, not computed."""
    return tuple(_fit_from_key(key, role) for role in roles)


def _fit_from_key(
    key: tuple[bool, bool, bool, bool, float, bool, bool, bool, bool], role: str | None
) -> float:
    """`fit` from a `_fit_key` (the same decisions, in the same order)."""
    if role is None:
        return 0.0
    nonempty, ordinal, group_ordinal, bare, agency, time, four_plus, upto_8, upto_12 = key
    if not nonempty:
        return _EMPTY_FIT.get(role, 0.0)
    if role == "ordinal":
        if ordinal:
            return 3.0
        return 2.0 if group_ordinal else -4.0
    if bare:
        return -4.0
    if role in ("task", "target"):
        score = 2.0 if four_plus else 0.5
        if role == "target":
            score -= 0.5
        if upto_8 and (agency >= 1.0 or time):
            score -= 2.5  # a short agency or date in a prose column is a shifted cell
        return score
    if role == "product":
        if agency >= 1.0:
            return -1.0
        return -1.5 if time and upto_8 else 1.0
    if role in ("lead", "partners"):
        if agency > 0:
            return 2.5 * agency
        if time:
            return -2.0
        return -1.0 if upto_12 else -2.0
    if role in ("start", "deadline"):
        if time:
            return 2.5
        if agency > 0:
            return -2.0
        return -1.0 if upto_12 else -2.0
    if role == "note":
        return -0.5 if agency >= 1.0 else 0.0
    return 0.0


def fit(text: str, role: str | None) -> float:
    """How well a cell's content suits a column role: > 0 fits, < 0 does not (rough log-odds).

    `("Sở Tư pháp", "lead")` → 2.5; `("Sở Tư pháp", "deadline")` → -2.0; `("", "task")` → -2.0.
    """
    return _fit_from_key(_fit_key(text), role)


# ---------------------------------------------------------------------------------------------
# Pieces: candidate cells with their source lines


@record
class _Piece:
    text: str  # lines joined with "\n"; "" for an empty cell
    first: int  # first source line (1-based)
    last: int

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def _clean(text: str) -> str:
    """A cell line without NBSP padding: a line holding only "\\u00a0" is an empty cell line."""
    return text.replace("\u00a0", " ").strip()


def _lineno(line: Line) -> int:
    return line.ref.line or 0


def _piece(lines: Sequence[Line], at: int) -> _Piece:
    """The cell made of `lines` (possibly none: then an empty cell located at line `at`)."""
    if not lines:
        return _Piece("", at, at)
    texts = [_clean(ln.text) for ln in lines]
    while texts and not texts[-1]:
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    return _Piece("\n".join(texts), _lineno(lines[0]), _lineno(lines[-1]))


def _label_text(piece: _Piece) -> str:
    return " ".join(piece.text.split())


def _is_label(piece: _Piece, synonyms: Synonyms) -> bool:
    # `surely_too_long` counts whitespace-separated tokens, which joining the lines does not change:
    # most paragraphs are rejected before their text is re-joined
    return (
        not piece.empty and not surely_too_long(piece.text) and is_header_label(_label_text(piece), synonyms)
    )


def _names_task_columns(roles: Sequence[str | None]) -> bool:
    named = {r for r in roles if r}
    return len(named) >= 3 and bool(named & {"task", "target"})


def _header_meaning(
    header: Sequence[_Piece], ncols: int, synonyms: Synonyms
) -> tuple[list[str], list[str | None]]:
    """Per column its label (the labels above it joined) and its role, for a header of one or more
    rows of `ncols` cells."""
    grid = [[p.text for p in header[r : r + ncols]] for r in range(0, len(header), ncols)]
    parts = combined_labels(grid, ncols)
    return [" ".join(" ".join(p).split()) for p in parts], roles_for_labels(parts, synonyms)


def _header_shape(cells: Sequence[_Piece], synonyms: Synonyms) -> tuple[int, int]:
    """(rows, columns) of the task-table header `cells` start with, (0, 0) when they start none.

    A header is a run of label cells and empty cells. In a stream with no row ends, a header of
    two or three rows ("Trách nhiệm cụ thể" spanning "Đơn vị chủ trì | Đơn vị phối hợp" below it)
    shows as one longer run with empty cells under and beside its spanning labels: the run, or its
    part before trailing empty cells that may open the body, is cut into equal rows, and the first
    cut that stacks (`_stacked`), labels every column and names a task table wins (one row first).
    """
    run = 0
    while run < len(cells) and (cells[run].empty or _is_label(cells[run], synonyms)):
        run += 1
    labelled = [i for i in range(run) if not cells[i].empty]
    if not labelled or labelled[0] != 0:
        return 0, 0
    for length in range(run, labelled[-1], -1):
        for rows in range(1, MAX_HEADER_ROWS + 1):
            ncols = length // rows
            if length % rows or ncols < 3:
                continue
            if rows > 1 and not _stacked(cells[:length], ncols):
                continue
            labels, roles = _header_meaning(cells[:length], ncols, synonyms)
            if all(labels) and _names_task_columns(roles):
                return rows, ncols
    return 0, 0


def _stacked(cells: Sequence[_Piece], ncols: int) -> bool:
    """True when rows of `ncols` cells stack as a header: a label below a label only where the
    upper one spans (an upper cell beside it is empty), as "Đơn vị chủ trì" sits under
    "Trách nhiệm cụ thể"."""

    def spans(k: int) -> bool:
        col = k % ncols
        return (col + 1 < ncols and cells[k + 1].empty) or (col > 0 and cells[k - 1].empty)

    return all(cells[k].empty or cells[k - ncols].empty or spans(k - ncols) for k in range(ncols, len(cells)))


# ---------------------------------------------------------------------------------------------
# Row segmentation by dynamic programming


@dataclass(frozen=True, slots=True)
class _Shape:
    kind: str  # "data" | "group" | "header" | "empty" | "irregular"
    cols: tuple[int, ...]  # the column of each cell, in order
    missing: tuple[int, ...] = ()  # merged-down columns of a data row


def _group_single(text: str) -> float:
    """A group row of one cell: a group title (2.5), else an ALL-CAPS heading (1.0), else -5."""
    if is_group_title(text):
        return 2.5
    if len(text.split()) > 15:
        return -5.0  # too long for a heading, whatever its case (no need to scan its letters)
    return 1.0 if is_upper_text(text) else -5.0


def _group_head(text: str) -> float:
    """The first cell of a two-cell group row: a group ordinal or title (3.0), an ordinal (0.5),
    empty (-1.0), anything else (-4.0)."""
    head = text.strip()
    if is_group_ordinal(head) or is_group_title(head):
        return 3.0
    if is_ordinal(head):
        return 0.5
    return -1.0 if not head else -4.0


def _group_title_term(text: str) -> float:
    """The second cell of a two-cell group row: empty -3.0, a title of up to 30 words +1.5, else 0."""
    if not text.strip():
        return -3.0
    return 1.5 if len(text.split()) <= 30 else 0.0


@record
class _Plan:
    shape: _Shape
    start: int
    end: int


class _CellTables:
    """What the segmentation needs to know about each cell, worked out once per cell.

    `fits[k][c]` is `fit(cell k, role of column c)`; `nonempty[k]` counts the non-empty cells
    before cell k (a slice is all empty when the count does not change over it); group scores and
    "is a header label" are memoised per position. All of them are pure functions of the cells, so
    this only removes repeated work: the DP sees exactly the numbers it saw before.
    """

    def __init__(self, cells: Sequence[_Piece], roles: Sequence[str | None], synonyms: Synonyms) -> None:
        self.cells = cells
        self.synonyms = synonyms
        row_roles = tuple(roles)
        self.fits = [_fit_row(_fit_key(c.text), row_roles) for c in cells]
        self.nonempty = [0]
        for c in cells:
            self.nonempty.append(self.nonempty[-1] + (0 if c.empty else 1))
        self._groups: dict[tuple[int, int], float | None] = {}
        self._labels: dict[int, bool] = {}

    def group_score(self, i: int, j: int) -> float | None:
        """The score of cells[i:j] as a group row, or None when it cannot be one, memoised (rows of 1,
        2 and n cells are tried at every i): one cell `_group_single`; two cells head + title - 1;
        more cells the first two + 0.6 when the rest are empty."""
        key = (i, j)
        if key not in self._groups:
            if j - i > 2:  # trailing cells empty, then the first two
                if self.nonempty[j] != self.nonempty[i + 2]:
                    self._groups[key] = None
                else:
                    head = self.group_score(i, i + 2)
                    self._groups[key] = None if head is None else head + 0.6
            elif j - i == 2:
                self._groups[key] = (
                    _group_head(self.cells[i].text) + _group_title_term(self.cells[i + 1].text) - 1.0
                )
            else:
                self._groups[key] = _group_single(self.cells[i].text)
        return self._groups[key]

    def may_be_header(self, i: int, j: int) -> bool:
        """False when a non-empty cell in [i, j) is not a header label, which `is_header_row` rejects
        too; checked cell by cell from the left and memoised, so most rows cost one lookup."""
        for k in range(i, j):
            cell = self.cells[k]
            if cell.empty:
                continue
            ok = self._labels.get(k)
            if ok is None:
                ok = self._labels[k] = is_header_label(cell.text, self.synonyms)
            if not ok:
                return False
        return True


class _Segmenter:
    """Chooses the row segmentation of a cell stream that best fits the columns' roles."""

    def __init__(self, roles: Sequence[str | None], synonyms: Synonyms) -> None:
        self.roles = list(roles)
        self.synonyms = synonyms
        self.n = len(roles)
        anchor = next((i for i, r in enumerate(roles) if r == "task"), None)
        if anchor is None:
            anchor = next((i for i, r in enumerate(roles) if r == "target"), 0)
        self.mergeable = list(range(min(anchor, 3)))
        shapes: list[_Shape] = []
        self.by_len: dict[int, tuple[int, ...]] = {}
        for k in range(len(self.mergeable) + 1):
            for missing in combinations(self.mergeable, k):
                cols = tuple(c for c in range(self.n) if c not in missing)
                shapes.append(_Shape("data", cols, missing))
                self.by_len.setdefault(len(cols), cols)
        if self.n >= 2 and roles[0] == "ordinal":
            shapes.append(_Shape("group", (0, 1)))
            if self.n > 2:  # ordinal + title + empty cells: the group row was not merged across
                shapes.append(_Shape("group", tuple(range(self.n))))
        shapes.append(_Shape("group", (0,)))
        shapes.append(_Shape("header", tuple(range(self.n))))
        for k in range(1, self.n + 1):
            shapes.append(_Shape("empty", self.by_len.get(k, tuple(range(k)))))
            shapes.append(_Shape("irregular", tuple(range(k))))
        self.shapes = shapes
        # Per shape, in order, what the DP's inner loop reads: (shape, kind, cell count, score term,
        # columns). The score term is the merged-column penalty of a data row (0.3 each) and the
        # whole score of an empty row (-0.5 when as long as a data row, else -2).
        self._specs = [
            (
                sh,
                sh.kind,
                len(sh.cols),
                (-0.5 if len(sh.cols) in self.by_len else -2.0)
                if sh.kind == "empty"
                else 0.3 * len(sh.missing),
                sh.cols,
            )
            for sh in shapes
        ]

    def _row_specs(
        self, tables: _CellTables
    ) -> list[tuple[_Shape, str, int, bool, float, list[float] | None]]:
        """Per shape, in order: (shape, kind, cell count, needs a data row above, constant score,
        scores by start). Data and irregular rows are scored at every start at once, column by
        column (`_column_sums`), in the order `sum` adds them one row at a time; the others are
        scored at each start (empty: a constant; group and header: looked up when tried)."""
        fits, total = tables.fits, len(tables.cells)
        out: list[tuple[_Shape, str, int, bool, float, list[float] | None]] = []
        diagonal: list[list[float]] = []  # diagonal[k]: the irregular row of k + 1 cells, by start
        for shape, kind, length, term, cols in self._specs:
            if length > total:
                continue
            scores: list[float] | None = None
            if kind == "data":
                scores = [s - term for s in _column_sums(fits, cols, total - length + 1)]
            elif kind == "irregular":
                while len(diagonal) < length:
                    k = len(diagonal)
                    column = [row[k] for row in fits[k:]]
                    diagonal.append(column if not k else list(map(add, diagonal[-1], column)))
                scores = [s - 8.0 for s in diagonal[length - 1]]
            out.append((shape, kind, length, kind == "data" and term != 0.0, term, scores))
        return out

    def _rows_at(
        self,
        i: int,
        tables: _CellTables,
        specs: list[tuple[_Shape, str, int, bool, float, list[float] | None]],
        filled: list[tuple[_Shape, str, int, bool, float, list[float] | None]],
    ) -> list[tuple[int, float, int, bool, _Shape]]:
        """The possible rows starting at cell `i`, in shape order: (end j, score, state after the
        row or -1 for "unchanged", needs a data row above, shape). Rows of a shape:

        - empty: all cells empty; -0.5 when as long as a data row (likelier than stray padding), else -2;
        - data: the cells' column fits, minus 0.3 per merged-down column (needs a data row above);
        - group: `_CellTables.group_score`; header: a repeated header row, 0.5 per cell;
        - irregular: the fits of the first columns, minus 8 (a last resort).

        Scores do not depend on the state before the row, so they are worked out once per start
        (`_row_specs`), not once per start and state."""
        total = len(tables.cells)
        nonempty = tables.nonempty
        base = nonempty[i]
        first_empty = nonempty[i + 1] == base  # if not, no row from here is all empty
        out: list[tuple[int, float, int, bool, _Shape]] = []
        append = out.append
        # From a non-empty cell, empty rows are impossible: their shapes are left out of the loop.
        for shape, kind, length, needs_above, term, scores in specs if first_empty else filled:
            j = i + length
            if j > total:
                continue
            if first_empty and nonempty[j] == base:  # all cells empty
                if kind == "empty":
                    append((j, term, -1, False, shape))
                continue
            if scores is not None:  # data, irregular
                append((j, scores[i], 1, needs_above, shape))
            elif kind == "group":
                score = tables.group_score(i, j)
                if score is not None:
                    append((j, score, 0, False, shape))
            elif (
                kind == "header"
                and tables.may_be_header(i, j)
                and is_header_row([c.text for c in tables.cells[i:j]], tables.synonyms)
            ):
                append((j, 0.5 * length, 0, False, shape))
        return out

    def segment(self, cells: Sequence[_Piece], *, free_end: bool) -> list[_Plan]:
        """Best rows over `cells`; with `free_end` the table may stop before the last cell."""
        total = len(cells)
        best = [[_NEG, _NEG] for _ in range(total + 1)]
        back: list[list[tuple[int, int, _Shape] | None]] = [[None, None] for _ in range(total + 1)]
        best[0][0] = 0.0
        tables = _CellTables(cells, self.roles, self.synonyms)
        specs = self._row_specs(tables)
        filled = [spec for spec in specs if spec[1] != "empty"]
        for i in range(total):
            here0, here1 = best[i]  # rows end after i, so these do not change while i is expanded
            if here0 == _NEG and here1 == _NEG:
                continue
            rows = self._rows_at(i, tables, specs, filled)
            for state, here in ((0, here0), (1, here1)):
                if here == _NEG:
                    continue
                for j, score, nxt, needs_above, shape in rows:
                    if needs_above and state == 0:
                        continue  # nothing above to merge with
                    if nxt < 0:
                        nxt = state  # an empty row keeps the state it follows
                    value = here + score
                    if value > best[j][nxt]:
                        best[j][nxt] = value
                        back[j][nxt] = (i, state, shape)
        if free_end:  # stop after the best-scoring data row: a table does not end on a heading
            end, value, state = 0, 0.0, 1
            for j in range(1, total + 1):
                if best[j][1] > _NEG and best[j][1] >= value:
                    end, value = j, best[j][1]
        else:
            end = total
            state = 0 if best[end][0] >= best[end][1] else 1
        if end == 0:
            return []
        plans: list[_Plan] = []
        j = end
        while j > 0:
            step = back[j][state]
            if step is None:  # pragma: no cover - every reachable position has a back pointer
                break
            i, prev, shape = step
            plans.append(_Plan(shape, i, j))
            j, state = i, prev
        plans.reverse()
        return plans


def _column_sums(fits: Sequence[tuple[float, ...]], cols: tuple[int, ...], count: int) -> list[float]:
    """`sum(fits[i + k][c] for k, c in enumerate(cols))` for every start i < count, added column by
    column: each start's terms are added in the same order as `sum` adds them, from 0."""
    sums = [0 + row[cols[0]] for row in fits[:count]]
    for k in range(1, len(cols)):
        c = cols[k]
        sums = list(map(add, sums, [row[c] for row in fits[k : k + count]]))
    return sums


def _plans_to_rows(
    plans: Sequence[_Plan],
    cells: Sequence[_Piece],
    roles: Sequence[str | None],
    labels: Sequence[str],
    file: str,
    first_row: int,
    regular: frozenset[int] = frozenset(),
) -> list[Row]:
    """Rows of `Cell`s from a segmentation; merged-down columns become `continued` cells.

    `regular` holds the cell counts of data rows: an empty row of another length is padding.
    """
    n = len(roles)
    above: dict[int, Cell] = {}
    rows: list[Row] = []
    for r, plan in enumerate(plans, start=first_row):
        shape, pieces = plan.shape, cells[plan.start : plan.end]
        out: list[Cell] = []
        notes: list[str] = []
        for piece, col in zip(pieces, shape.cols, strict=True):
            span = n - col if shape.kind == "group" and col == shape.cols[-1] else 1
            ref = SourceRef(file, line=piece.first, end_line=piece.last, row=r, col=col)
            out.append(Cell(piece.text, ref, col=col, col_span=span))
        if shape.kind == "data":
            for col in shape.missing:
                src = above.get(col)
                text = src.text if src else ""
                ref = replace(src.ref, row=r, col=col) if src else SourceRef(file, row=r, col=col)
                out.append(Cell(text, ref, col=col, continued=True))
            out.sort(key=lambda c: c.col)
            bad = [
                f"{labels[c.col] or f'column {c.col + 1}'!r} cell {_short(c.text)!r} does not look like "
                f"{_ROLE_WORDS.get(roles[c.col] or '', 'its column')}"
                for c in out
                if not c.continued and c.text.strip() and fit(c.text, roles[c.col]) <= -1.0
            ]
            if bad:
                notes.append("cells do not fit their columns; kept in column order: " + "; ".join(bad))
            for c in out:
                above[c.col] = c if not c.continued else above.get(c.col, c)
        elif shape.kind == "header":
            notes.append(REPEATED_HEADER)
        elif shape.kind == "irregular":
            notes.append(
                f"row has {len(pieces)} cells where {n} columns are expected; kept in column order "
                "from the first column"
            )
        elif shape.kind == "empty" and len(pieces) not in regular:
            notes.append(f"{len(pieces)} empty cells that fill no row (padding)")
        row_ref = _span([c.ref for c in out if not c.continued], file)
        rows.append(Row(tuple(out), row_ref, tuple(notes)))
    return rows


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _span(refs: Sequence[SourceRef], file: str) -> SourceRef:
    refs = [r for r in refs if r.line is not None]
    if not refs:
        return SourceRef(file)
    first = refs[0]  # `replace(refs[0], col=None)`, spelled out (it runs for every row)
    refs[0] = SourceRef(
        first.file, first.line, first.end_line, first.page, first.end_page, first.para, first.table, first.row
    )
    return SourceRef.span_all(refs)


def _header_row(pieces: Sequence[_Piece], file: str, r: int = 0) -> Row:
    cells = tuple(
        Cell(p.text, SourceRef(file, line=p.first, end_line=p.last, row=r, col=c), col=c)
        for c, p in enumerate(pieces)
    )
    return Row(cells, _span([c.ref for c in cells], file))


def _task_table(
    header: Sequence[_Piece],
    ncols: int,
    body: Sequence[_Piece],
    file: str,
    synonyms: Synonyms,
    *,
    free_end: bool,
) -> tuple[Table, int]:
    """A task table from its header cells (rows of `ncols`) and the cell stream after it; returns it
    and the cells used."""
    labels, roles = _header_meaning(header, ncols, synonyms)
    segmenter = _Segmenter(roles, synonyms)
    plans = segmenter.segment(body, free_end=free_end)
    used = plans[-1].end if plans else 0
    regular = frozenset(segmenter.by_len)
    nhead = len(header) // ncols
    heads = [_header_row(header[r * ncols : (r + 1) * ncols], file, r) for r in range(nhead)]
    rows = [*heads, *_plans_to_rows(plans, body, roles, labels, file, nhead, regular)]
    first, last = header[0].first, max([header[-1].last, *(p.last for p in body[:used])])
    table = Table(tuple(rows), SourceRef(file, line=first, end_line=last), ncols=ncols, header_rows=nhead)
    return table, used


def _layout_table(pieces: Sequence[_Piece], file: str, first: int, last: int) -> Table:
    """A headerless block (letterhead, signature): two columns when the cell count allows."""
    count = len(pieces)
    ncols = 2 if count >= 2 and count % 2 == 0 else max(count, 1)
    rows: list[Row] = []
    for r in range(0, count, ncols):
        cells = tuple(
            Cell(p.text, SourceRef(file, line=p.first, end_line=p.last, row=r // ncols, col=c), col=c)
            for c, p in enumerate(pieces[r : r + ncols])
        )
        rows.append(Row(cells, _span([c.ref for c in cells], file)))
    return Table(tuple(rows), SourceRef(file, line=first, end_line=last), ncols=ncols)


# ---------------------------------------------------------------------------------------------
# Layout 1: pipes


def _is_pipe(line: Line) -> bool:
    return line.text.strip() == "|"


def _first_cell_start(lines: Sequence[Line], lo: int, pipe: int) -> int:
    """Where the first cell of a pipe table begins, looking back from its first `|` line.

    It stops at a blank line, at the start of the region, after a line ending the text body
    ("…Kế hoạch này./.") or at a recipients block ("Nơi nhận:"), which opens a signature table.
    """
    limit = max(lo, pipe - MAX_CELL_LINES)
    for j in range(pipe - 1, limit - 1, -1):
        line = lines[j]
        if strip_accents(line.text).startswith("noi nhan") or line.blank_before or j == lo:
            return j
        if j > lo and lines[j - 1].text.rstrip().endswith("./."):
            return j
    for j in range(pipe - 1, limit - 1, -1):  # no clear start: the last sentence before the bar
        if lines[j].text.rstrip().endswith((".", ";", ":", "!", "?")):
            return min(j + 1, pipe - 1)
    return max(pipe - 1, lo)


def _header_at(runs: Sequence[list[Line]], k: int, synonyms: Synonyms) -> tuple[int, int]:
    """(rows, columns) of the task-table header starting at run `k`, (0, 0) if none.

    Run `k` may carry text before its label (the appendix title above "TT"); only its last
    line must be a label.
    """
    if not runs[k] or surely_too_long(runs[k][-1].text):
        return 0, 0
    first = _piece(runs[k][-1:], 0)
    if not is_header_label(_label_text(first), synonyms):
        return 0, 0
    cells = [first]
    m = k + 1
    while m < len(runs) and len(cells) < MAX_HEADER_CELLS:
        cell = _piece(runs[m], 0)
        if not (cell.empty or _is_label(cell, synonyms)):
            break
        cells.append(cell)
        m += 1
    return _header_shape(cells, synonyms)


def _pipe_pass(lines: list[Line], file: str, synonyms: Synonyms) -> list[Line | Table]:
    pipes = [i for i, ln in enumerate(lines) if _is_pipe(ln)]
    if not pipes:
        return list(lines)
    groups: list[list[int]] = [[pipes[0]]]
    for a, b in pairwise(pipes):
        if b - a - 1 > MAX_CELL_LINES:
            groups.append([b])
        else:
            groups[-1].append(b)
    out: list[Line | Table] = []
    pos = 0
    for group in groups:
        start = _first_cell_start(lines, pos, group[0])
        out.extend(lines[pos:start])
        bounds = [start - 1, *group]
        runs = [lines[bounds[k] + 1 : bounds[k + 1]] for k in range(len(group))]
        out.extend(_pipe_group(runs, group, lines, file, synonyms))
        pos = group[-1] + 1
    out.extend(lines[pos:])
    return out


def _pipe_group(
    runs: list[list[Line]], pipes: list[int], lines: list[Line], file: str, synonyms: Synonyms
) -> list[Line | Table]:
    """Split one stretch of `|`-ended cells into tables at task-table headers."""
    out: list[Line | Table] = []
    k, seg_start = 0, 0
    known: dict[int, tuple[int, int]] = {}  # _header_at by run: the scan for the next header asks again

    def header_at(m: int) -> int:
        if m not in known:
            known[m] = _header_at(runs, m, synonyms)
        rows, ncols = known[m]
        return rows * ncols

    while k < len(runs):
        h = header_at(k)
        if not h:
            k += 1
            continue
        if k > seg_start:
            out.append(_pipe_layout(runs, pipes, seg_start, k, lines, file))
        out.extend(runs[k][:-1])  # the title lines above the first label are not table text
        header_runs = [runs[k][-1:], *runs[k + 1 : k + h]]
        header = [_piece(run, _lineno(lines[pipes[k + i]])) for i, run in enumerate(header_runs)]
        nxt = k + h
        while nxt < len(runs) and not header_at(nxt):
            nxt += 1
        body = [_piece(runs[m], _lineno(lines[pipes[m]])) for m in range(k + h, nxt)]
        table, _ = _task_table(header, known[k][1], body, file, synonyms, free_end=False)
        end_line = _lineno(lines[pipes[nxt - 1]])
        out.append(replace(table, ref=replace(table.ref, end_line=end_line)))
        k = seg_start = nxt
    if seg_start < len(runs):
        out.append(_pipe_layout(runs, pipes, seg_start, len(runs), lines, file))
    return out


def _pipe_layout(
    runs: list[list[Line]], pipes: list[int], a: int, b: int, lines: list[Line], file: str
) -> Table:
    pieces = [_piece(runs[m], _lineno(lines[pipes[m]])) for m in range(a, b)]
    first = _lineno(runs[a][0]) if runs[a] else _lineno(lines[pipes[a]])
    return _layout_table(pieces, file, first, _lineno(lines[pipes[b - 1]]))


# ---------------------------------------------------------------------------------------------
# Layout 2: tabs


def _tab_cells(line: Line) -> list[str]:
    return [_clean(t) for t in line.text.split("\t")]


def _cell(text: str, ref: SourceRef, col: int) -> Cell:
    """A tab cell; a markup table's `<br>` (`CELL_BREAK`) is a typed line break in it."""
    if CELL_BREAK in text:
        return Cell(text.replace(CELL_BREAK, "\n"), ref, col=col, hard_breaks=True)
    return Cell(text, ref, col=col)


def _tab_region(lines: Sequence[Line], i: int) -> int:
    """End (exclusive) of the tab table starting at line `i`.

    Blank lines inside do not end it (page breaks). A line without tabs belongs to it when the
    table goes on after it and it either touches table lines on both sides (a group row whose
    empty cells lost their tabs: "Nội dung 5: Cải cách chế độ công vụ") or is a group heading
    between two chunks ("Nội dung 2. Cải cách thể chế hành chính" between blank lines).
    """
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if "\t" in line.text:
            j += 1
            continue
        nxt = lines[j + 1] if j + 1 < len(lines) else None
        if nxt is None or "\t" not in nxt.text:
            break
        if (not line.blank_before and not nxt.blank_before) or is_group_title(line.text):
            j += 1
            continue
        break
    return j


def _tab_pass(items: list[Line | Table], file: str, synonyms: Synonyms) -> list[Line | Table]:
    out: list[Line | Table] = []
    last_ncols = 0  # a headerless chunk continuing a task table keeps that table's width
    for run_start, run_end in _line_runs(items):
        if run_start < 0:
            out.append(items[run_end])
            continue
        lines = [x for x in items[run_start:run_end] if isinstance(x, Line)]
        i = 0
        while i < len(lines):
            if "\t" not in lines[i].text:
                out.append(lines[i])
                i += 1
                continue
            j = _tab_region(lines, i)
            tables = _tab_tables(lines[i:j], file, last_ncols, synonyms)
            for t in tables:
                if t.header_rows:
                    last_ncols = t.ncols
            out.extend(tables)
            i = j
    return out


@dataclass(slots=True)
class _TabDraft:
    key: list[str] | None  # folded header rows, to recognise a repeat after a page break
    nhead: int
    entries: list[tuple[Line, bool]]  # (line, is a repeated header row)


def _tab_tables(lines: Sequence[Line], file: str, last_ncols: int, synonyms: Synonyms) -> list[Table]:
    """Tables of one tab region: chunks split by blank lines; a chunk whose header repeats the
    current one (page break) or that has no header continues it, a new header starts a new table."""
    chunks: list[list[Line]] = []
    for line in lines:
        if line.blank_before or not chunks:
            chunks.append([line])
        else:
            chunks[-1].append(line)
    drafts: list[_TabDraft] = []
    for chunk in chunks:
        cells = [_tab_cells(ln) for ln in chunk]
        nhead = 0
        while (
            nhead < min(3, len(chunk))
            and "\t" in chunk[nhead].text
            and is_header_row(cells[nhead], synonyms, first=nhead == 0)
        ):
            nhead += 1
        key = [" | ".join(strip_accents(c) for c in cells[h]) for h in range(nhead)] or None
        if drafts and (key is None or key == drafts[-1].key):
            drafts[-1].entries.extend((ln, h < nhead) for h, ln in enumerate(chunk))
        else:
            drafts.append(_TabDraft(key, nhead, [(ln, False) for ln in chunk]))
    return [_build_tab_table(d, file, last_ncols) for d in drafts]


def _build_tab_table(draft: _TabDraft, file: str, last_ncols: int) -> Table:
    entries, nhead = draft.entries, draft.nhead
    split = [_tab_cells(ln) if "\t" in ln.text else [_clean(ln.text)] for ln, _ in entries]
    # a headerless chunk continuing a task table is measured against that table's width
    header_width = max((len(split[h]) for h in range(nhead)), default=0) or last_ncols
    ncols = max(max(len(c) for c in split), 0 if nhead else last_ncols)
    rows: list[Row] = []
    for r, ((line, repeated), texts) in enumerate(zip(entries, split, strict=True)):
        no = _lineno(line)
        end = line.ref.end_line or no  # a grid table's row spans its lines (`read.markup_tables`)
        notes: list[str] = []
        if "\t" not in line.text:
            cells: tuple[Cell, ...] = (
                Cell(texts[0], SourceRef(file, no, end, row=r, col=0), col=0, col_span=ncols),
            )
        else:
            padded = texts + [""] * (ncols - len(texts))
            cells = tuple(_cell(t, SourceRef(file, no, end, row=r, col=c), c) for c, t in enumerate(padded))
            if header_width and len(texts) > header_width and r >= nhead:
                notes.append(
                    f"row has {len(texts)} cells, the header has {header_width}; kept in column order"
                )
        if repeated:
            notes.append(REPEATED_HEADER)
        rows.append(Row(cells, SourceRef(file, no, end, row=r), tuple(notes)))
    first, last = _lineno(entries[0][0]), entries[-1][0].ref.end_line or _lineno(entries[-1][0])
    return Table(tuple(rows), SourceRef(file, first, last), ncols=ncols, header_rows=nhead)


# ---------------------------------------------------------------------------------------------
# Layout 3: one cell per paragraph


def _paragraphs(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """(start, end) line index ranges of blank-line separated paragraphs."""
    paras: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if i == 0 or line.blank_before:
            paras.append((i, i + 1))
        else:
            paras[-1] = (paras[-1][0], i + 1)
    return paras


def _para_header(pieces: Sequence[_Piece], k: int, synonyms: Synonyms) -> tuple[int, int]:
    """(rows, columns) of the task-table header starting at paragraph `k`, (0, 0) if none."""
    if not _is_label(pieces[k], synonyms):  # most paragraphs: prose
        return 0, 0
    return _header_shape(pieces[k : k + MAX_HEADER_CELLS], synonyms)


def _paragraph_pass(items: list[Line | Table], file: str, synonyms: Synonyms) -> list[Line | Table]:
    out: list[Line | Table] = []
    for run_start, run_end in _line_runs(items):
        if run_start < 0:
            out.append(items[run_end])
            continue
        lines = [x for x in items[run_start:run_end] if isinstance(x, Line)]
        out.extend(_paragraph_tables(lines, file, synonyms))
    return out


def _titled(paras: list[tuple[int, int]], lines: Sequence[Line], synonyms: Synonyms) -> list[tuple[int, int]]:
    """Paragraphs with a last line that is a column label split before it: a title typed right
    above the first header cell ("PHỤ LỤC" / "STT") shares its paragraph. Lines are emitted as
    they are, so the split only lets a header be found there."""
    out: list[tuple[int, int]] = []
    for a, b in paras:
        last = lines[b - 1].text
        if (
            b - a > 1
            and not surely_too_long(last)
            and is_header_label(" ".join(_clean(last).split()), synonyms)
        ):
            out += [(a, b - 1), (b - 1, b)]
        else:
            out.append((a, b))
    return out


def _paragraph_tables(lines: list[Line], file: str, synonyms: Synonyms) -> list[Line | Table]:
    paras = _titled(_paragraphs(lines), lines, synonyms)
    pieces = [_piece(lines[a:b], _lineno(lines[a])) for a, b in paras]
    out: list[Line | Table] = []
    k, emitted = 0, 0  # emitted: paragraphs already copied to `out`
    while k < len(paras):
        nrows, ncols = _para_header(pieces, k, synonyms)
        h = nrows * ncols
        if not h:
            k += 1
            continue
        table, used = _task_table(pieces[k : k + h], ncols, pieces[k + h :], file, synonyms, free_end=True)
        if not used:  # labels with no rows under them: not a table
            k += 1
            continue
        for a, b in paras[emitted:k]:
            out.extend(lines[a:b])
        end = k + h + used
        pad = end
        while pad < len(pieces) and pieces[pad].empty:
            pad += 1
        if pad > end:  # empty paragraphs right after the last row: table padding, kept as a row
            plan = _Plan(_Shape("empty", tuple(range(pad - end))), end - k - h, pad - k - h)
            labels, roles = _header_meaning(pieces[k : k + h], ncols, synonyms)
            extra = _plans_to_rows([plan], pieces[k + h :], roles, labels, file, len(table.rows))
            table = replace(table, rows=(*table.rows, *extra))
        table = replace(table, ref=replace(table.ref, end_line=pieces[pad - 1].last))
        out.append(table)
        k = emitted = pad
    for a, b in paras[emitted:]:
        out.extend(lines[a:b])
    return out


# ---------------------------------------------------------------------------------------------
# Driver


def _line_runs(items: Sequence[Line | Table]) -> Iterator[tuple[int, int]]:
    """Maximal runs of Lines as (start, end); a Table at index t is yielded as (-1, t)."""
    i = 0
    while i < len(items):
        if isinstance(items[i], Table):
            yield -1, i
            i += 1
            continue
        j = i
        while j < len(items) and isinstance(items[j], Line):
            j += 1
        yield i, j
        i = j


def _in_table(ref: SourceRef, index: int) -> SourceRef:
    """`replace(ref, table=index)`, spelled out: `dataclasses.replace` introspects the fields on
    every call, and every cell of every table passes through here."""
    return SourceRef(
        ref.file, ref.line, ref.end_line, ref.page, ref.end_page, ref.para, index, ref.row, ref.col
    )


def _numbered(table: Table, index: int) -> Table:
    rows = tuple(
        Row(
            tuple(
                Cell(c.text, _in_table(c.ref, index), c.col, c.col_span, c.continued, c.hard_breaks)
                for c in row.cells
            ),
            _in_table(row.ref, index),
            row.anomalies,
        )
        for row in table.rows
    )
    return Table(rows, _in_table(table.ref, index), table.ncols, table.header_rows)


def find_text_tables(lines: list[Line], file: str, synonyms: Synonyms = None) -> list[Line | Table]:
    """The cleaned lines of a text file with every table region replaced by one `Table`.

    Lines that belong to no table are returned unchanged and in order; the `|` lines of the pipe
    layout and the rules of markdown and grid tables (`read.markup_tables`) are structure and
    appear only inside the table's line span. `synonyms` are a province profile's column labels
    (`Profile.column_synonyms`): header meaning is decided by `extract.columns` alone, with them.
    """
    items: list[Line | Table] = _pipe_pass(markup_pass(list(lines)), file, synonyms)
    items = _tab_pass(items, file, synonyms)
    items = _paragraph_pass(items, file, synonyms)
    count = 0
    out: list[Line | Table] = []
    for item in items:
        if isinstance(item, Table):
            out.append(_numbered(item, count))
            count += 1
        else:
            out.append(item)
    return out
