"""Appendix table headers → column meanings, by synonyms rather than by position.

Provinces label the same column differently ("Đơn vị chủ trì", "Cơ quan chủ trì tham mưu",
"CƠ QUAN CHỦ TRÌ"), put the columns in different orders and split headers over two rows
("Trách nhiệm cụ thể" over "Đơn vị chủ trì" / "Đơn vị phối hợp"). Matching works on an
accent-free folded form of each label; the synonym lists live in one dict so that a province
profile can extend them without code.
"""

from __future__ import annotations

import re as std_re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import regex as re

from parplan.normalize.text import strip_accents
from parplan.read.source import Table

ROLES = ("ordinal", "target", "task", "product", "lead", "partners", "start", "deadline", "note")

# role → header labels as written in real decrees. Matching is accent- and case-insensitive, ignores
# punctuation and a trailing year ("Mục tiêu năm 2022" → "mục tiêu năm"). A label that is not an
# exact synonym still matches when it contains a multi-word synonym as whole words
# ("Cơ quan, đơn vị chủ trì thực hiện" → lead); the longest contained synonym wins.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ordinal": ("STT", "TT", "Số TT", "Số thứ tự"),
    "target": ("Mục tiêu", "Mục tiêu năm", "Chỉ tiêu", "Mục tiêu, chỉ tiêu", "Chỉ tiêu cụ thể"),
    "task": (
        "Nhiệm vụ",
        "Nhiệm vụ cụ thể",
        "Nội dung",
        "Nội dung công việc",
        "Tên nhiệm vụ",
        "Nội dung nhiệm vụ",
        "Nhiệm vụ, giải pháp",
        "Công việc",
        "Nội dung thực hiện",
    ),
    "product": (
        "Sản phẩm",
        "Kết quả/ Sản phẩm",
        "Kết quả",
        "Sản phẩm đầu ra",
        "Kết quả, sản phẩm",
        "Hình thức văn bản",  # the form of the product: Quyết định, Kế hoạch, Báo cáo
        "Hình thức sản phẩm",
        "Dự kiến sản phẩm",
    ),
    "lead": (
        "Đơn vị chủ trì",
        "Cơ quan chủ trì",
        "Cơ quan chủ trì tham mưu",
        "Chủ trì",
        "Cơ quan, đơn vị chủ trì",
        "Đơn vị thực hiện",
        "Cơ quan thực hiện",
        "Cơ quan chịu trách nhiệm",  # the body answerable for the task leads it
        "Đơn vị chịu trách nhiệm",
        "Cơ quan tham mưu",
        "Cơ quan chủ trì thực hiện",
    ),
    "partners": ("Đơn vị phối hợp", "Cơ quan phối hợp", "Phối hợp", "Cơ quan, đơn vị phối hợp"),
    "start": ("Thời gian thực hiện", "Thời gian bắt đầu", "Bắt đầu"),
    "deadline": (
        "Thời gian hoàn thành",
        "Thời hạn",
        "Thời hạn hoàn thành",
        "Thời gian",
        "Hoàn thành",
        "Tiến độ",
        "Tiến độ hoàn thành",
        "Lộ trình",
        "Lộ trình thực hiện",
        "Thời gian trình",
    ),
    "note": ("Ghi chú",),
}

# Header words that head a group of columns but name no role themselves ("Trách nhiệm cụ thể" over
# "Đơn vị chủ trì" / "Đơn vị phối hợp"). They make a row header-like without giving it a meaning.
GENERIC_HEADER_LABELS: tuple[str, ...] = (
    "Trách nhiệm",
    "Trách nhiệm cụ thể",
    "Trách nhiệm thực hiện",
    "Phân công",
    "Phân công thực hiện",
    "Tổ chức thực hiện",
    "Cơ quan thực hiện",
    "Đơn vị thực hiện",
)

_MAX_LABEL_WORDS = 8
_PUNCT = re.compile(r"[^\p{L}\p{N}\s]+")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


# A whitespace-separated token holding an ASCII letter keeps at least one letter through `_key`
# (folding, accent stripping and punctuation removal never delete a letter, and whitespace only
# ever becomes a space), so it is at least one word of the key: counting such tokens gives a lower
# bound on the key's word count without folding the text. It lets the label tests reject a long
# paragraph (asked of every paragraph of a decree when looking for table headers) at once.
# The look-behind anchors a match at a token's start, so a long token without letters is scanned
# once, not once per position. The stdlib `re` runs it twice as fast; its `\s` also takes U+001C–U+001F
# for spaces, which `_key` turns into spaces too (punctuation), so the bound still holds.
_LETTER_TOKEN = std_re.compile(r"(?<!\S)\S*?[A-Za-z]")


def surely_too_long(text: str, limit: int = _MAX_LABEL_WORDS) -> bool:
    """True when the key of `text` certainly has more than `limit` words, so it is no header label
    (the exact test follows); cheap enough to ask of every paragraph of a decree."""
    if len(text) <= 2 * limit:  # too short to hold limit + 1 words: skip the count
        return False
    return next(islice(_LETTER_TOKEN.finditer(text), limit, None), None) is not None  # a (limit+1)-th token


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Matching form of a label: `KẾT QUẢ/ SẢN PHẨM` → `ket qua san pham`, `Mục tiêu năm 2022` → `muc tieu nam`."""
    text = _PUNCT.sub(" ", strip_accents(text))
    return " ".join(_YEAR.sub(" ", text).split())


Synonyms = Mapping[str, Sequence[str]] | None
"""A province profile's column labels by role (`Profile.column_synonyms`), added to the built-in ones."""


@dataclass(frozen=True, slots=True)
class _Synonyms:
    exact: dict[str, str]
    contained: tuple[tuple[str, str], ...]  # (key, role), longest first; multi-word keys only
    generic: frozenset[str]
    padded: tuple[tuple[str, str], ...] = ()  # `contained` with each key as " key ", for the word test


def _compile(synonyms: Mapping[str, Sequence[str]], generic: Sequence[str]) -> _Synonyms:
    exact: dict[str, str] = {}
    contained: list[tuple[str, str]] = []
    for role, labels in synonyms.items():
        for label in labels:
            key = _key(label)
            exact.setdefault(key, role)
            if " " in key:
                contained.append((key, role))
    contained.sort(key=lambda kr: -len(kr[0]))
    return _Synonyms(
        exact,
        tuple(contained),
        frozenset(_key(g) for g in generic),
        tuple((f" {k} ", r) for k, r in contained),
    )


_DEFAULT = _compile(COLUMN_SYNONYMS, GENERIC_HEADER_LABELS)


def _synonyms(extra: Mapping[str, Sequence[str]] | None) -> _Synonyms:
    if not extra:
        return _DEFAULT
    return _with_extra(tuple(sorted((role, tuple(labels)) for role, labels in extra.items())))


@lru_cache(maxsize=32)
def _with_extra(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> _Synonyms:
    """The built-in synonyms plus a profile's, compiled once per profile (the table reader asks
    about every cell of a decree)."""
    more = dict(extra)
    merged = {
        role: (*COLUMN_SYNONYMS.get(role, ()), *more.get(role, ())) for role in {*COLUMN_SYNONYMS, *more}
    }
    return _compile(merged, GENERIC_HEADER_LABELS)


def header_role(label: str, extra: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """The role a header label names: `Cơ quan chủ trì tham mưu` → "lead", `Trách nhiệm cụ thể` → None."""
    if not extra:
        return _default_role(label)
    return _role(label, _synonyms(extra))


@lru_cache(maxsize=8192)
def _default_role(label: str) -> str | None:
    """`header_role` with the built-in synonyms, cached: the table reader asks it of the same cells
    again and again (label test, header test, header row test)."""
    return _role(label, _DEFAULT)


def _role(label: str, syn: _Synonyms) -> str | None:
    if surely_too_long(label):
        return None
    key = _key(label)
    if not key or len(key.split()) > _MAX_LABEL_WORDS:
        return None
    if key in syn.exact:
        return syn.exact[key]
    if any(ch.isdigit() for ch in key):
        return None  # "Nội dung 2. Cải cách thể chế" is a group heading, not the "Nội dung" label
    padded = f" {key} "
    for sub, role in syn.padded:
        if sub in padded:
            return role
    return None


def is_header_label(text: str, extra: Mapping[str, Sequence[str]] | None = None) -> bool:
    """True for a cell that reads as a column label (`Đơn vị phối hợp`, `Trách nhiệm cụ thể`), not data."""
    if not extra:
        return _default_is_label(text)
    return _is_label(text, extra)


@lru_cache(maxsize=8192)
def _default_is_label(text: str) -> bool:
    """`is_header_label` with the built-in synonyms, cached like `_default_role`."""
    return _is_label(text, None)


def _is_label(text: str, extra: Mapping[str, Sequence[str]] | None) -> bool:
    if surely_too_long(text):
        return False
    key = _key(text)
    if not key or len(key.split()) > _MAX_LABEL_WORDS:
        return False
    return header_role(text, extra) is not None or key in _synonyms(extra).generic


def is_header_row(
    texts: Sequence[str], extra: Mapping[str, Sequence[str]] | None = None, *, first: bool = True
) -> bool:
    """A row of labels only: every non-empty cell is a label; a first header row names ≥ 2 roles.

    Example row: `STT | Nhiệm vụ cụ thể | Trách nhiệm cụ thể | | Sản phẩm | Thời gian hoàn thành`.
    """
    cells = [t for t in texts if t.strip()]
    if not cells or not all(is_header_label(t, extra) for t in cells):
        return False
    named = sum(1 for t in cells if header_role(t, extra))
    return named >= (2 if first else 1)


def resolve_roles(roles: Sequence[str | None]) -> list[str | None]:
    """Fix time columns: a lone "Thời gian thực hiện" is the deadline; of two deadlines the first starts."""
    out = list(roles)
    has_start, deadlines = "start" in out, [i for i, r in enumerate(out) if r == "deadline"]
    if has_start and not deadlines:
        out[out.index("start")] = "deadline"
    elif not has_start and len(deadlines) >= 2:
        out[deadlines[0]] = "start"
    return out


def combined_labels(header_rows: Sequence[Sequence[str]], ncols: int) -> list[list[str]]:
    """Per column, its header labels top to bottom; an empty upper cell under-spans from the left.

    "Trách nhiệm cụ thể" at column 2 with column 3 empty above "Đơn vị phối hợp" gives column 3
    the parts ["Trách nhiệm cụ thể", "Đơn vị phối hợp"].
    """
    parts: list[list[str]] = [[] for _ in range(ncols)]
    for r, row in enumerate(header_rows):
        texts = [(row[c] if c < len(row) else "").strip() for c in range(ncols)]
        below = header_rows[r + 1] if r + 1 < len(header_rows) else None
        left = ""
        for c, text in enumerate(texts):
            if text:
                left = text
                parts[c].append(" ".join(text.split()))
            elif below is not None and c < len(below) and below[c].strip() and left:
                parts[c].append(" ".join(left.split()))  # horizontally merged group label
            else:
                left = ""
    return parts


def roles_for_labels(
    parts: Sequence[Sequence[str]], extra: Mapping[str, Sequence[str]] | None = None
) -> list[str | None]:
    """Role per column from its label parts: the bottom label, then the combined label, then upwards.

    The bottom label is the most specific ("Đơn vị chủ trì" under "Trách nhiệm cụ thể"); the
    combined one catches split labels ("Thời gian" over "Hoàn thành").
    """
    roles: list[str | None] = []
    for labels in parts:
        candidates = [labels[-1], " ".join(labels), *reversed(labels[:-1])] if labels else []
        role = next((r for r in (header_role(c, extra) for c in candidates) if r), None)
        roles.append(role)
    return resolve_roles(roles)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """What each column of a task table means, and how many leading rows are its header."""

    roles: tuple[str | None, ...]
    labels: tuple[str, ...]  # combined header label per column, as written
    header_rows: int

    def index(self, role: str) -> int | None:
        """First column with `role`, or None."""
        return self.roles.index(role) if role in self.roles else None

    @property
    def ncols(self) -> int:
        return len(self.roles)


MIN_ROLES = 3


def detect_header_rows(
    table: Table, extra: Mapping[str, Sequence[str]] | None = None, max_rows: int = 3
) -> int:
    """Leading rows that are header rows, when the reader did not say (`Table.header_rows == 0`)."""
    n = 0
    for row in table.rows[:max_rows]:
        if not is_header_row(row.texts(), extra, first=n == 0):
            break
        n += 1
    return n


def _grid(row_cells: Sequence[tuple[int, str]], ncols: int) -> list[str]:
    texts = [""] * ncols
    for col, text in row_cells:
        if 0 <= col < ncols:
            texts[col] = text
    return texts


def column_roles(table: Table, extra: Mapping[str, Sequence[str]] | None = None) -> ColumnMap | None:
    """The column map of a task table, or None for other tables (header or signature blocks).

    A task table names at least three roles, one of them `task` or `target`.
    """
    nhead = table.header_rows or detect_header_rows(table, extra)
    if nhead == 0:
        return None
    header = [_grid([(c.col, c.text) for c in row.cells], table.ncols) for row in table.rows[:nhead]]
    parts = combined_labels(header, table.ncols)
    roles = roles_for_labels(parts, extra)
    named = {r for r in roles if r}
    if len(named) < MIN_ROLES or not named & {"task", "target"}:
        return None
    labels = tuple(" / ".join(p) for p in parts)
    return ColumnMap(tuple(roles), labels, nhead)


INFER_MIN_COLS = 4  # a header or signature block is two columns; a task table without a header has more
INFER_MIN_ROWS = 3
INFER_SHARE = 0.6  # share of a column's filled cells that must read as agencies, or as times


def inferred_roles(table: Table) -> ColumnMap | None:
    """The column map of a table that has no header row, from what its cells hold: numbers in the
    ordinal column, agency names in the lead (then partners) column, deadline grammar in the
    deadline column, the longest texts in the task column and the column after it the products.
    None unless a task, a lead and a deadline column are all found."""
    from parplan.read.text_tables import is_ordinal, looks_like_agency, looks_like_time

    ncols = table.ncols
    grid = table.grid()
    full = [g for g in grid if sum(1 for t in g if t.strip()) >= 3]  # data rows, not group rows
    if ncols < INFER_MIN_COLS or len(full) < INFER_MIN_ROWS:
        return None

    def filled(col: int) -> list[str]:
        return [g[col] for g in full if g[col].strip()]

    def share(col: int, test: Callable[[str], bool]) -> float:
        cells = filled(col)
        return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0

    roles: list[str | None] = [None] * ncols
    for col in range(ncols):
        if share(col, is_ordinal) >= INFER_SHARE:
            roles[col] = "ordinal"
        elif share(col, looks_like_time) >= INFER_SHARE:
            roles[col] = "deadline"
        elif share(col, looks_like_agency) >= INFER_SHARE:
            roles[col] = "lead" if "lead" not in roles else "partners" if "partners" not in roles else None
    rest = [col for col in range(ncols) if roles[col] is None and filled(col)]
    if not rest:
        return None
    task = max(rest, key=lambda col: sum(len(t.split()) for t in filled(col)) / len(filled(col)))
    roles[task] = "task"
    product = next((col for col in rest if col > task), None)
    if product is not None:
        roles[product] = "product"
    if not {"task", "lead", "deadline"} <= set(roles):
        return None
    # leading rows whose lead and deadline cells read as neither are a header in words we do not know
    lead, deadline = roles.index("lead"), roles.index("deadline")
    head = 0
    while (
        head < min(2, len(grid))
        and not looks_like_agency(grid[head][lead])
        and not looks_like_time(grid[head][deadline])
    ):
        head += 1
    return ColumnMap(
        tuple(roles), tuple(" ".join(grid[h][c] for h in range(head)).strip() for c in range(ncols)), head
    )
