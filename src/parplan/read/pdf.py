"""PDF reader: text layer → lines and ruled tables, fast.

pdfplumber (pdfminer) spends most of its time interpreting every page's content stream in Python
(~70 ms a page). pypdfium2 exposes the same facts from C in a fraction of that time: each char with
its box, and each path object with its segments. So we read everything through pypdfium2 and reuse
only pdfplumber's *geometry* for ruled tables (`merge_edges` → `edges_to_intersections` →
`intersections_to_cells` → `cells_to_tables`), fed with the page's straight path segments. Pages
without straight lines never reach that code.

Stages (plain functions, so a failing sample can be inspected step by step):
`read_pages` (`page_to_chars` → `chars_to_lines`, `page_to_edges`) → `edges_to_tables` →
`fill_cells` → `fragment_to_grid` → `stitch_fragments` (tables continued across pages, repeated
header rows removed, rows broken by the page end glued) → `drop_running_text` (page numbers,
running headers) → `_to_lines` (blank lines from baseline gaps) → `lines_to_paragraphs`, the
joiner the txt reader uses, so both formats agree on paragraphs.

Known limit: a forced line break inside a cell that lands where the next word would not have fitted
anyway looks exactly like a wrap, so it is read as a space (the DOCX keeps it as "\n").
"""

from __future__ import annotations

import ctypes
import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex as re

from parplan.errors import UnreadableInput
from parplan.normalize.text import nfc
from parplan.read.lines import MARKER_RE, is_caps, lines_to_paragraphs
from parplan.read.source import Block, Cell, Dropped, Line, Row, SourceDoc, SourceRef, Table, load_bytes
from parplan.read.txt import clean_line, drop_page_numbers

_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^(?:(?:trang|page)\s*)?[-–—(\[]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—)\]]?$", re.I)
_DIGITS = re.compile(r"\d+")
_HYPHEN_MARK = "\ufffe"  # pdfium: a hyphen at a line end, with the next line already joined on
_SNAP = 3.0  # pt: pdfplumber's default snap/join/intersection tolerance
_MIN_EDGE = 3.0  # pt: shorter straight segments are glyph decorations, not rules
_MARGIN = 0.1  # top/bottom fraction of a page where running headers and page numbers live


# ---------------------------------------------------------------------------------------------
# Page content


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float  # top-based coordinates, like pdfplumber: 0 at the top of the page
    x1: float
    bottom: float
    line: int  # index of the pdfium text line this char belongs to (0-based, per page)
    index: int = -1  # pdfium char index (-1 for spaces we synthesise)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True, eq=False)  # identity semantics: lines are used as set members
class PageLine:
    """One physical line of text: its chars in stream order and its box (spaces excluded)."""

    page: int
    number: int  # 1-based, per page, counting every line (tables included) in stream order
    chars: list[Char]
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    base_first: float = 0.0  # baseline (top-based) of the first and last glyph: a line pdfium
    base_last: float = 0.0  # joined at a hyphen spans two visual lines
    size: float = 0.0  # font size of the first glyph
    bold: bool = False  # first and last glyph in a bold face (a heading hint only)


@dataclass(slots=True)
class PageData:
    number: int  # 1-based
    width: float
    height: float
    lines: list[PageLine]
    edges: list[dict[str, Any]]
    images: int = 0


def _clean(text: str) -> str:
    """Display text of a run of chars: pdfium's line-end hyphen mark back to "-", single spaces."""
    return _SPACES.sub(" ", clean_line(nfc(text.replace(_HYPHEN_MARK, "-")))).strip()


def page_to_chars(textpage: Any, height: float) -> list[Char]:
    """Every char with its loose box, in pdfium's reading order; line breaks become `line` indices.

    pdfium inserts "\\r\\n" between lines and a generated space between distant words; we keep the
    spaces (word boundaries) and turn the breaks into line numbers.
    """
    import pypdfium2.raw as pdfium_c

    n = pdfium_c.FPDFText_CountChars(textpage)
    rect = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    line = 0
    pending_break = False
    high = 0  # a UTF-16 high surrogate waiting for its low half (pdfium reports code units)
    for i in range(max(n, 0)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if 0xD800 <= code <= 0xDBFF:
            high = code
            continue
        if 0xDC00 <= code <= 0xDFFF:
            if not high:
                continue  # a lone low surrogate cannot be written as text: drop it
            code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
        else:
            high = 0
        if code in (0x0D, 0x0A):
            pending_break = True
            continue
        if code == 0x02 or code == 0xFFFE:  # pdfium's "hyphen at line end" (the next line is joined on)
            code = ord(_HYPHEN_MARK)
        elif code == 0 or code > 0x10FFFF:
            continue
        ch = chr(code)
        if pending_break and chars:
            line += 1
        pending_break = False
        if ch.isspace():
            prev = chars[-1] if chars else None
            x = prev.x1 if prev else 0.0
            top = prev.top if prev else 0.0
            bottom = prev.bottom if prev else 0.0
            chars.append(Char(" ", x, top, x, bottom, line))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect)
        left, right = min(rect.left, rect.right), max(rect.left, rect.right)
        y_top, y_bottom = max(rect.top, rect.bottom), min(rect.top, rect.bottom)
        chars.append(Char(ch, left, height - y_top, right, height - y_bottom, line, i))
    return chars


def chars_to_lines(chars: list[Char], page: int, textpage: Any = None, height: float = 0.0) -> list[PageLine]:
    """Group chars by pdfium line index; box = union of the non-space chars; baselines from pdfium."""
    groups: list[list[Char]] = []
    for ch in chars:
        if groups and ch.line == groups[-1][-1].line:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    lines = [_make_line(page, n, group) for n, group in enumerate(groups, start=1)]
    lines = [ln for ln in lines if ln.text]
    if textpage is not None:
        _add_baselines(lines, textpage, height)
    return lines


def _make_line(page: int, number: int, chars: list[Char]) -> PageLine:
    solid = [c for c in chars if c.text != " "] or chars
    return PageLine(
        page,
        number,
        chars,
        _clean("".join(c.text for c in chars)),
        min(c.x0 for c in solid),
        min(c.top for c in solid),
        max(c.x1 for c in solid),
        max(c.bottom for c in solid),
    )


def _add_baselines(lines: list[PageLine], textpage: Any, height: float) -> None:
    """Baselines give exact line pitch (loose boxes vary with diacritics), so paragraph gaps show."""
    import pypdfium2.raw as pdfium_c

    x = ctypes.c_double()
    y = ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def is_bold(index: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600:
            return True
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
        return b"bold" in name.value.lower() or b"black" in name.value.lower()

    for ln in lines:
        solid = [c for c in ln.chars if c.index >= 0]
        if not solid:
            ln.base_first = ln.base_last = ln.bottom
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage, solid[0].index, x, y)
        ln.base_first = height - y.value
        pdfium_c.FPDFText_GetCharOrigin(textpage, solid[-1].index, x, y)
        ln.base_last = height - y.value
        ln.size = pdfium_c.FPDFText_GetFontSize(textpage, solid[0].index)
        ln.bold = is_bold(solid[0].index) and is_bold(solid[-1].index)


def page_to_edges(page: Any, height: float) -> tuple[list[dict[str, Any]], int]:
    """Straight horizontal/vertical segments of the page's path objects, as pdfplumber edges.

    Also counts image objects (to tell a scanned page from an empty one). Thin filled rectangles
    (a common way to draw rules) become one edge along their long side.
    """
    import pypdfium2.raw as pdfium_c

    edges: list[dict[str, Any]] = []
    images = 0
    matrix = pdfium_c.FS_MATRIX()
    x = ctypes.c_float()
    y = ctypes.c_float()

    def visit(count: int, get: Any, parent: Any, outer: tuple[float, ...], depth: int) -> None:
        nonlocal images
        for i in range(count):
            obj = get(parent, i)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
                continue
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            full = _compose(m, outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth < 8:
                    visit(
                        pdfium_c.FPDFFormObj_CountObjects(obj),
                        pdfium_c.FPDFFormObj_GetObject,
                        obj,
                        full,
                        depth + 1,
                    )
                continue
            points: list[tuple[int, float, float, bool]] = []
            for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
                seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
                pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
                px, py = _apply(full, x.value, y.value)
                points.append(
                    (
                        pdfium_c.FPDFPathSegment_GetType(seg),
                        px,
                        py,
                        bool(pdfium_c.FPDFPathSegment_GetClose(seg)),
                    )
                )
            edges.extend(_segments_to_edges(points, height))

    visit(
        pdfium_c.FPDFPage_CountObjects(page),
        pdfium_c.FPDFPage_GetObject,
        page,
        (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        0,
    )
    return edges, images


def _compose(m: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """Matrix product m × outer (apply m first), both as (a, b, c, d, e, f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _segments_to_edges(points: list[tuple[int, float, float, bool]], height: float) -> list[dict[str, Any]]:
    import pypdfium2.raw as pdfium_c

    if not points:
        return []
    if all(kind != pdfium_c.FPDF_SEGMENT_BEZIERTO for kind, *_ in points):
        xs = [p[1] for p in points]
        ys = [p[2] for p in points]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if len(points) >= 4 and (w < 2.0 < h or h < 2.0 < w):  # a thin filled bar drawn as a rectangle
            if w < h:
                xm = (max(xs) + min(xs)) / 2
                return [_edge("v", xm, height - max(ys), xm, height - min(ys))]
            ym = height - (max(ys) + min(ys)) / 2
            return [_edge("h", min(xs), ym, max(xs), ym)]
    out: list[dict[str, Any]] = []
    start = prev = None
    for kind, px, py, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = (px, py)
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.extend(_line_edge(prev, (px, py), height))
        prev = (px, py)
        if close and start is not None:
            out.extend(_line_edge(prev, start, height))
            prev = start
    return out


def _line_edge(p: tuple[float, float], q: tuple[float, float], height: float) -> list[dict[str, Any]]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= _MIN_EDGE:
        return [_edge("h", min(x0, x1), height - y0, max(x0, x1), height - y0)]
    if abs(x0 - x1) < 0.5 and abs(y1 - y0) >= _MIN_EDGE:
        return [_edge("v", x0, height - max(y0, y1), x0, height - min(y0, y1))]
    return []


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


# ---------------------------------------------------------------------------------------------
# Tables


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(slots=True, eq=False)
class Fragment:
    """One ruled table as found on one page: pdfplumber cells plus their text."""

    page: int
    bbox: Box
    cells: list[Box]
    texts: dict[Box, str] = field(default_factory=dict)


def intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[Any]]]) -> list[Box]:
    """pdfplumber's `intersections_to_cells`, the same cells in the same order, in time that grows
    with the points rather than with their square.

    For each point (sorted by x, then y) it takes the smallest cell whose corners are intersections
    joined by common edges: pdfplumber scans every later point to find those below and to the right,
    and rebuilds each point's edge set on every test, so a page ruled into 120 x 120 cells took
    over a minute. Here the points of each column and row are indexed and each edge set built once.
    """
    from bisect import bisect_right

    from pdfplumber.utils import obj_to_bbox

    v_edges = {pt: {obj_to_bbox(e) for e in edges["v"]} for pt, edges in intersections.items()}
    h_edges = {pt: {obj_to_bbox(e) for e in edges["h"]} for pt, edges in intersections.items()}
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    for x, y in sorted(intersections):
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return bool(
            (p1[0] == p2[0] and not v_edges[p1].isdisjoint(v_edges[p2]))
            or (p1[1] == p2[1] and not h_edges[p1].isdisjoint(h_edges[p2]))
        )

    cells: list[Box] = []
    for pt in sorted(intersections):
        x, y = pt
        ys, xs = columns[x], rows[y]
        below = [(x, b) for b in ys[bisect_right(ys, y) :]]
        right = [(r, y) for r in xs[bisect_right(xs, x) :]]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (x, y, corner[0], corner[1])
                    break
            if found is not None:
                break
        if found is not None:
            cells.append(found)
    return cells


def edges_to_tables(edges: list[dict[str, Any]], page: int) -> list[Fragment]:
    """pdfplumber's lattice algorithm on our edges; keeps tables of at least two columns."""
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges

    merged = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= _MIN_EDGE]
    cells = intersections_to_cells(edges_to_intersections(merged, _SNAP, _SNAP))
    out = []
    for group in cells_to_tables(cells):
        if len({round(c[0]) for c in group}) < 2:  # one column: a frame around text, not a table
            continue
        boxes = [tuple(float(v) for v in c) for c in group]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        out.append(Fragment(page, bbox, boxes))  # type: ignore[arg-type]
    return out


_BAND = 20.0  # points: height of the horizontal bands cells are indexed by in `fill_cells`


def _bands(order: list[Box]) -> dict[int, list[Box]]:
    """Cells by the bands of `_BAND` points they span, each band keeping `order`: a char can only be
    inside a cell of its own band, so finding its cell no longer scans every cell of a dense grid."""
    bands: dict[int, list[Box]] = {}
    for box in order:
        for band in range(int(box[1] // _BAND), int(box[3] // _BAND) + 1):
            bands.setdefault(band, []).append(box)
    return bands


def _inside(ch: Char, box: Box) -> bool:
    return box[0] <= ch.cx <= box[2] and box[1] <= ch.cy <= box[3]


def fill_cells(fragment: Fragment, lines: list[PageLine]) -> None:
    """Cell text from the chars whose centre lies in the cell; wrapped lines re-joined with spaces,
    real line breaks (a short line, a new list marker) kept as "\\n"."""
    buckets: dict[Box, list[list[Char]]] = {box: [] for box in fragment.cells}
    order = sorted(fragment.cells, key=lambda b: (b[1], b[0]))
    bands = _bands(order)
    _x0, top, _x1, bottom = fragment.bbox
    for line in lines:
        if line.bottom < top - 1 or line.top > bottom + 1:
            continue
        last_box: Box | None = None
        for ch in line.chars:
            if ch.text == " ":
                if last_box is not None and buckets[last_box]:
                    buckets[last_box][-1].append(ch)
                continue
            box = last_box if last_box is not None and _inside(ch, last_box) else None
            if box is None:  # the first cell in `order` holding the char: only its band can
                box = next((b for b in bands.get(int(ch.cy // _BAND), ()) if _inside(ch, b)), None)
            if box is None:  # a glyph spilling over the cell's border (narrow last column): nearest cell
                box = _nearest(ch, last_box, order)
            if box is None:
                last_box = None
                continue
            runs = buckets[box]
            if box != last_box or not runs or _below(ch, runs[-1]):
                runs.append([])
            runs[-1].append(ch)
            last_box = box
    for box, runs in buckets.items():
        fragment.texts[box] = _runs_to_text(runs, box)


def _nearest(ch: Char, last_box: Box | None, order: list[Box], reach: float = 15.0) -> Box | None:
    if last_box is not None and last_box[1] <= ch.cy <= last_box[3] and ch.x0 <= last_box[2] + reach:
        return last_box
    best: Box | None = None
    best_d = reach
    for b in order:
        if b[1] <= ch.cy <= b[3]:
            d = max(b[0] - ch.cx, ch.cx - b[2], 0.0)
            if d < best_d:
                best, best_d = b, d
    return best


def _below(ch: Char, run: list[Char]) -> bool:
    solid = [c for c in run if c.text != " "]
    return bool(solid) and ch.top >= solid[-1].bottom - 0.2 * (solid[-1].bottom - solid[-1].top)


def _runs_to_text(runs: list[list[Char]], box: Box) -> str:
    """Join a cell's visual lines. A line that was full (the next line's first word would not have
    fitted after it) was wrapped by the layout and continues with a space; a line that stopped short,
    or a next line opening with a list marker, was a real break and keeps "\\n"."""
    pieces: list[tuple[str, float, float, bool, float]] = []  # text, x0, x1, ends in hyphen mark, first word
    visual: list[list[Char]] = []  # runs on the same visual line (the stream left the cell and came back)
    for run in sorted(runs, key=lambda r: min((c.top for c in r if c.text != " "), default=0.0)):
        solid = [c for c in run if c.text != " "]
        if visual and solid and not _below(solid[0], visual[-1]):
            visual[-1] = [
                *visual[-1],
                Char(" ", solid[0].x0, solid[0].top, solid[0].x0, solid[0].bottom, -1),
                *run,
            ]
        else:
            visual.append(run)
    for run in visual:
        text = _clean("".join(c.text for c in run))
        solid = [c for c in run if c.text != " "]
        if not text or not solid:
            continue
        first_word: list[Char] = []
        for c in run:
            if c.text == " " and first_word:
                break
            if c.text != " ":
                first_word.append(c)
        width = first_word[-1].x1 - first_word[0].x0 if first_word else 0.0
        pieces.append(
            (text, min(c.x0 for c in solid), max(c.x1 for c in solid), solid[-1].text == _HYPHEN_MARK, width)
        )
    if not pieces:
        return ""
    # cells are padded symmetrically (Word and LibreOffice defaults): the left padding tells us
    # where the usable right edge is
    pad = max(min(p[1] for p in pieces) - box[0], 0.0)
    right = box[2] - pad
    out = pieces[0][0]
    for prev, cur in itertools.pairwise(pieces):
        text = cur[0]
        if prev[3]:  # "CT-" / "XH": pdfium says the word was broken at its own hyphen
            out += text
            continue
        wrapped = prev[2] + 2.5 + cur[4] > right - 3.0  # a space is ~2.5 pt; lean towards joining
        if wrapped and not MARKER_RE.match(text):
            out += ("" if _glued_at_hyphen(out, text) else " ") + text
        else:
            out += "\n" + text
    return out


@dataclass(slots=True)
class GridCell:
    col: int
    span: int
    text: str
    continued: bool  # lower part of a cell spanning several grid rows of this fragment
    row0: int  # first grid row of the pdfplumber cell this position belongs to
    rows: int  # how many grid rows that cell spans


@dataclass(slots=True)
class GridRow:
    page: int
    index: int  # grid row index within its fragment
    cells: list[GridCell]


def fragment_to_grid(fragment: Fragment, columns: list[float]) -> list[GridRow]:
    """Resolve spans: each pdfplumber cell → (row range, column range) on the table's column grid."""
    ys = _cluster(sorted({b[1] for b in fragment.cells} | {b[3] for b in fragment.cells}))
    ncols = max(len(columns) - 1, 1)
    placed: dict[tuple[int, int], tuple[int, int, int, Box]] = {}  # (row, col) → (row0, rows, col_span, box)
    for box in fragment.cells:
        c0, c1 = _index(columns, box[0]), _index(columns, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            placed[(r, c0)] = (r0, r1 - r0, c1 - c0, box)
            for c in range(c0 + 1, c1):
                placed[(r, c)] = (r0, r1 - r0, 0, box)  # covered by a horizontal span
    rows: list[GridRow] = []
    for r in range(len(ys) - 1):
        cells: list[GridCell] = []
        c = 0
        while c < ncols:
            if (r, c) not in placed:  # no ruled cell here (missing border): an empty filler
                start = c
                while c < ncols and (r, c) not in placed:
                    c += 1
                cells.append(GridCell(start, c - start, "", False, r, 1))
                continue
            r0, nrows, span, box = placed[(r, c)]
            if span == 0:  # inside a span that started further left: step over
                c += 1
                continue
            cells.append(GridCell(c, span, fragment.texts.get(box, ""), r0 < r, r0, nrows))
            c += span
        if any(cell.text or cell.continued for cell in cells) or len(cells) > 1:
            rows.append(GridRow(fragment.page, r, cells))
    return rows


def _cluster(values: list[float], tol: float = _SNAP) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(points: list[float], value: float) -> int:
    """Index of the grid line nearest to `value` (`points` ascending; on a tie, the lower one)."""
    from bisect import bisect_left

    i = bisect_left(points, value)
    if i == 0:
        return 0
    if i == len(points) or abs(points[i - 1] - value) <= abs(points[i] - value):
        return i - 1
    return i


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(slots=True)
class LogicalTable:
    fragments: list[Fragment]


def _same_table(a: Fragment, b: Fragment) -> bool:
    return abs(a.bbox[0] - b.bbox[0]) <= 6 and abs(a.bbox[2] - b.bbox[2]) <= 6


@dataclass(slots=True, eq=False)
class _Span:
    """One logical cell; rows covered by a vertical merge share it, so text added later (a merge
    whose text ran onto the next page) reaches every row."""

    text: str
    col: int
    width: int


@dataclass(slots=True)
class _OutRow:
    page: int
    cells: list[tuple[_Span, bool]]  # (logical cell, continued)
    anomalies: list[str] = field(default_factory=list)


def stitch_fragments(table: LogicalTable, file: str, index: int) -> Table:
    """One logical Table from its page fragments: shared column grid, repeated header rows removed,
    rows broken by a page end glued back together, vertical merges carried across pages."""
    xs = sorted(
        {b[0] for f in table.fragments for b in f.cells} | {b[2] for f in table.fragments for b in f.cells}
    )
    columns = _cluster(xs)
    ncols = max(len(columns) - 1, 1)
    grids = [fragment_to_grid(f, columns) for f in table.fragments]
    # columns where this table merges cells vertically (objective, ordinal): an empty cell opening a
    # page in such a column is most likely the rest of the merged cell above
    merge_cols = {c.col for grid in grids for g in grid for c in g.cells if c.rows > 1}
    out: list[_OutRow] = []
    above: dict[int, _Span] = {}
    header_rows = 0
    first_rows = [[_norm(c.text) for c in g.cells] for g in grids[0]] if grids else []
    for f_index, grid in enumerate(grids):
        if f_index > 0:
            k = _repeated_header(grid, first_rows)
            if k:
                header_rows = k if header_rows in (0, k) else min(header_rows, k)
                grid = grid[k:]
        top_row = grid[0].index if grid else 0
        for g_index, grow in enumerate(grid):
            if f_index > 0 and g_index == 0 and out and _continues_row(grow, out[-1], merge_cols):
                _glue_row(out[-1], grow)
                continue
            row = _OutRow(grow.page, [])
            for cell in grow.cells:
                prev = above.get(cell.col)
                fits = prev is not None and prev.col == cell.col and prev.width == cell.span
                opens_page = f_index > 0 and cell.row0 == top_row and not cell.continued
                if cell.continued and fits:
                    row.cells.append((prev, True))  # type: ignore[arg-type]
                    continue
                if opens_page and fits and cell.col in merge_cols and prev is not None and prev.text:
                    if not cell.text:
                        row.cells.append((prev, True))
                        row.anomalies.append(
                            f"column {cell.col}: empty cell opening page {grow.page} read as the merged cell above"
                        )
                        continue
                    if _starts_lower(cell.text):
                        prev.text = _join_text(prev.text, cell.text)
                        row.cells.append((prev, True))
                        row.anomalies.append(
                            f"column {cell.col}: text opening page {grow.page} read as the rest of the merged cell above"
                        )
                        continue
                span = _Span(cell.text, cell.col, cell.span)
                row.cells.append((span, False))
                for c in range(cell.col, cell.col + cell.span):
                    above[c] = span
            out.append(row)
    rows = tuple(
        Row(
            tuple(
                Cell(
                    span.text,
                    SourceRef(file, page=r.page, table=index, row=i, col=span.col),
                    span.col,
                    span.width,
                    cont,
                )
                for span, cont in r.cells
            ),
            SourceRef(file, page=r.page, table=index, row=i),
            tuple(r.anomalies),
        )
        for i, r in enumerate(out)
    )
    pages = [f.page for f in table.fragments]
    ref = SourceRef(file, page=pages[0], end_page=pages[-1] if pages[-1] != pages[0] else None, table=index)
    return Table(rows, ref, ncols, header_rows)


def _repeated_header(grid: list[GridRow], first_rows: list[list[str]]) -> int:
    """How many leading rows of a continuation fragment repeat the table's first rows."""
    best = 0
    for k in range(1, min(4, len(grid), len(first_rows)) + 1):
        if all([_norm(c.text) for c in grid[i].cells] == first_rows[i] for i in range(k)):
            best = k
        else:
            break
    if best == len(first_rows):  # the whole first fragment repeated: not a header, keep it
        return 0
    return best


def _continues_row(grow: GridRow, prev: _OutRow, merge_cols: set[int]) -> bool:
    """Is this first row of a page the rest of a row that Word let break across the page end?

    Its ordinal is empty, and either its text picks up mid-sentence (lower-case start) or a column
    that had text above is now empty for a reason other than a vertical merge (on a broken row, the
    short cells — agency, deadline — ended on the previous page).
    """
    texts = {c.col: c.text for c in grow.cells if c.text and not c.continued}
    if not texts:
        return False
    prev_cells = {span.col: span for span, _cont in prev.cells}
    if len(prev_cells) == 1:
        return False  # the row above is a group heading spanning the table
    first = next((c for c in grow.cells if c.col == 0), None)
    if first is not None and first.text.strip():
        return False
    if any(_starts_lower(t) for t in texts.values()):
        return True
    emptied = {c.col for c in grow.cells if not c.text and prev_cells.get(c.col) and prev_cells[c.col].text}
    return bool(emptied - merge_cols - {0})


_WORD_HYPHEN_END = re.compile(r"[\p{L}\d]-$")  # "18-" | "NQ/TW": a compound broken at its hyphen
_HYPHEN_START = re.compile(r"^-[\p{L}\d]")  # "NĐ" | "-CP": broken just before the hyphen


def _glued_at_hyphen(before: str, after: str) -> bool:
    """Rejoin a wrapped compound without a space: `107/2021/NĐ` + `-CP`, `18-` + `NQ/TW`."""
    return bool(_WORD_HYPHEN_END.search(before) and re.match(r"[\p{L}\d]", after)) or bool(
        _HYPHEN_START.match(after) and before and before[-1].isalnum()
    )


def _starts_lower(text: str) -> bool:
    m = re.search(r"\p{L}", text)
    return bool(m and m.start() < 3 and text[m.start()].islower())


def _join_text(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if MARKER_RE.match(b):
        return a + "\n" + b
    return a + ("" if _glued_at_hyphen(a, b) else " ") + b


def _glue_row(prev: _OutRow, grow: GridRow) -> None:
    for cell in grow.cells:
        if not cell.text or cell.continued:
            continue
        for span, _cont in prev.cells:
            if span.col == cell.col:
                span.text = _join_text(span.text, cell.text)
                break


# ---------------------------------------------------------------------------------------------
# Running text


def drop_running_text(
    pages: list[PageData], lines_by_page: dict[int, list[PageLine]], file: str
) -> tuple[dict[int, list[PageLine]], list[Dropped]]:
    """Remove page numbers and running headers/footers: short lines in the top/bottom margin band
    that are a bare number, or whose digit-folded text recurs on many pages."""
    candidates: dict[int, list[PageLine]] = {}
    for page in pages:
        lines = lines_by_page.get(page.number, [])
        band = _MARGIN * page.height
        if not lines:
            continue
        by_y = sorted(lines, key=lambda ln: ln.top)
        edge = by_y[:2] + by_y[-2:]
        candidates[page.number] = [
            ln for ln in dict.fromkeys(edge) if ln.top < band or ln.bottom > page.height - band
        ]
    recurring = Counter(
        _DIGITS.sub("#", _norm(ln.text)) for lines in candidates.values() for ln in dict.fromkeys(lines)
    )
    need = max(3, (len(pages) + 1) // 2)
    dropped: list[Dropped] = []
    kept: dict[int, list[PageLine]] = {}
    for number, lines in lines_by_page.items():
        gone: set[int] = set()
        for ln in candidates.get(number, []):
            text = ln.text
            ref = SourceRef(file, page=number, line=ln.number)
            if _PAGE_NUMBER.match(text):
                dropped.append(Dropped(text, ref, "page number"))
                gone.add(id(ln))
            elif len(pages) >= 3 and len(text) <= 120 and recurring[_DIGITS.sub("#", _norm(text))] >= need:
                dropped.append(Dropped(text, ref, "running header"))
                gone.add(id(ln))
        kept[number] = [ln for ln in lines if id(ln) not in gone]
    return kept, dropped


# ---------------------------------------------------------------------------------------------
# Entry point


def _open(path: Path, data: bytes | None) -> Any:
    import pypdfium2 as pdfium

    name = path.name
    data = load_bytes(path, data)
    if b"%PDF" not in data[:1024]:
        raise UnreadableInput(f"{name}: not a PDF (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise UnreadableInput(
                f"{name}: PDF is encrypted (password-protected); remove the password first"
            ) from exc
        raise UnreadableInput(
            f"{name}: corrupt or unsupported PDF ({message.splitlines()[0] if message else 'unreadable'})"
        ) from exc
    except Exception as exc:
        raise UnreadableInput(f"{name}: corrupt PDF ({type(exc).__name__})") from exc


def read_pages(path: Path, data: bytes | None = None, notes: list[str] | None = None) -> list[PageData]:
    """Every page's lines (with char boxes) and straight edges, read through pypdfium2.

    A page tree that declares more pages than it has (a damaged or crafted `/Count`) is read up to
    its last real page, and `notes` says so; a page missing before any was read is a damaged PDF."""
    import pypdfium2 as pdfium

    doc = _open(path, data)
    pages: list[PageData] = []
    try:
        declared = len(doc)
        for index in range(declared):
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                if not pages:
                    raise
                if notes is not None:
                    notes.append(f"the PDF declares {declared} pages but page {index + 1} cannot be loaded; read {index}")
                break
            width, height = page.get_size()
            textpage = page.get_textpage()
            chars = page_to_chars(textpage, height)
            edges, images = page_to_edges(page, height)
            lines = chars_to_lines(chars, index + 1, textpage, height)
            pages.append(PageData(index + 1, width, height, lines, edges, images))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise UnreadableInput(f"{path.name}: damaged PDF page ({exc})".splitlines()[0]) from exc
    finally:
        doc.close()
    return pages


def read_pdf(path: Path, data: bytes | None = None) -> SourceDoc:
    """Read a PDF decree: paragraphs and (page-stitched) tables in reading order, with page refs."""
    file = path.name
    notes: list[str] = []
    pages = read_pages(path, data, notes)
    if not pages:
        raise UnreadableInput(f"{file}: PDF has no pages")
    if not any(ln.text.strip() for p in pages for ln in p.lines):
        raise UnreadableInput(f"{file}: PDF has no text layer (scanned image?); OCR it first")
    notes += [f"page {p.number} has no text layer (image only)" for p in pages if p.images and not p.lines]

    # tables per page, and the lines they own
    fragments: dict[int, list[Fragment]] = {}
    free_lines: dict[int, list[PageLine]] = {}
    for page in pages:
        found = edges_to_tables(page.edges, page.number) if page.edges else []
        for fragment in found:
            fill_cells(fragment, page.lines)
        fragments[page.number] = sorted(found, key=lambda f: f.bbox[1])
        free_lines[page.number] = [ln for ln in page.lines if not any(_line_in(ln, f.bbox) for f in found)]
    free_lines, dropped = drop_running_text(pages, free_lines, file)

    # reading order: a page's lines in stream order, each table placed before the first line below it
    stream: list[PageLine | Fragment] = []
    for page in pages:
        pending = list(fragments[page.number])
        for ln in free_lines[page.number]:
            while pending and pending[0].bbox[1] <= ln.top:
                stream.append(pending.pop(0))
            stream.append(ln)
        stream.extend(pending)

    # group fragments into logical tables: a fragment continues the previous one when nothing but
    # page furniture separates them and their outer columns line up
    logical: list[LogicalTable | list[PageLine]] = []
    for item in stream:
        if isinstance(item, Fragment):
            prev = logical[-1] if logical else None
            if (
                isinstance(prev, LogicalTable)
                and prev.fragments[-1].page == item.page - 1
                and _same_table(prev.fragments[-1], item)
            ):
                prev.fragments.append(item)
            else:
                logical.append(LogicalTable([item]))
        else:
            if logical and isinstance(logical[-1], list):
                logical[-1].append(item)
            else:
                logical.append([item])

    pitch = typical_pitch(list(free_lines.values()))
    right = right_margins(pages, free_lines)
    blocks: list[Block] = []
    table_index = 0
    for group in logical:
        if isinstance(group, LogicalTable):
            blocks.append(stitch_fragments(group, file, table_index))
            table_index += 1
            continue
        lines, stray = drop_page_numbers(_to_lines(group, file, pitch, right))  # same rule as the txt reader
        dropped.extend(stray)
        blocks.extend(lines_to_paragraphs(lines))
    return SourceDoc(
        path=file,
        format="pdf",
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        pages=len(pages),
        notes=tuple(notes),
    )


def _line_in(line: PageLine, bbox: Box) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def typical_pitch(line_lists: list[list[PageLine]]) -> dict[int, float]:
    """Line pitch inside a paragraph, per rounded font size: the smallest baseline step that is
    common (paragraph spacing only ever adds to it)."""
    steps: dict[int, Counter[float]] = {}
    for lines in line_lists:
        for a, b in itertools.pairwise(lines):
            step = b.base_first - a.base_last
            size = round(b.size or (b.bottom - b.top))
            if size and 0.8 * size <= step <= 3 * size:
                steps.setdefault(size, Counter())[round(step * 2) / 2] += 1
    out: dict[int, float] = {}
    for size, counter in steps.items():
        total = sum(counter.values())
        common = [step for step, n in counter.items() if n >= max(2, 0.1 * total)]
        out[size] = min(common) if common else min(counter)
    return out


def right_margins(pages: list[PageData], free_lines: dict[int, list[PageLine]]) -> dict[int, float]:
    """Right edge of the text column per page: the longest line over all pages of the same width (a
    page holding only a short signature block must not make its own longest line look "full"; a
    stray wide line only makes "full" rarer, the safe side)."""
    edge: dict[int, float] = {}
    for page in pages:
        xs = [ln.x1 for ln in free_lines.get(page.number, [])]
        if xs:
            width = round(page.width)
            edge[width] = max(edge.get(width, 0.0), *xs)
    return {page.number: edge.get(round(page.width), page.width) for page in pages}


def _first_word_width(line: PageLine) -> float:
    word: list[Char] = []
    for c in line.chars:
        if c.text == " ":
            if word:
                break
            continue
        word.append(c)
    return word[-1].x1 - word[0].x0 if word else 0.0


def _to_lines(
    group: list[PageLine], file: str, pitch: dict[int, float], right: dict[int, float]
) -> list[Line]:
    """PageLines → Lines with `blank_before` where a paragraph may start.

    Within a page: a baseline step clearly above the usual line pitch (paragraph spacing), or a jump
    back up (a second column). Across a page break: blank unless the last line of the previous page
    was full (the next word would not have fitted), i.e. the sentence was wrapped onto the new page.
    ALL-CAPS lines following each other stay together (a heading typed as several paragraphs), as
    the DOCX reader does. A full line followed at normal pitch by a line that does not open with a
    list marker is certainly wrapped: the two are merged here, so the shared joiner's guesses (a
    line opening with "(EMI)." or "Thực hiện" starts a paragraph) cannot split a sentence the
    layout shows to be continuous.
    """
    out: list[Line] = []
    texts: list[str] = []
    first: PageLine | None = None
    blank_first = True
    bold = False
    prev: PageLine | None = None

    def flush() -> None:
        if first is not None and prev is not None:
            ref = SourceRef(
                file,
                line=first.number,
                end_line=prev.number,
                page=first.page,
                end_page=prev.page if prev.page != first.page else None,
            )
            out.append(Line(" ".join(texts), ref, blank_before=blank_first, bold=bold))

    for ln in group:
        blank = True
        wrapped = False
        if prev is not None:
            full = prev.x1 + 2.5 + _first_word_width(ln) >= right.get(prev.page, prev.x1) - 3.0
            if ln.page == prev.page:
                step = ln.base_first - prev.base_last
                size = round(ln.size or (ln.bottom - ln.top))
                usual = pitch.get(size, 1.2 * size)
                blank = step > usual + max(1.5, 0.08 * size) or step < 0.5 * size
                if blank and step > 0 and is_caps(prev.text) and is_caps(ln.text):
                    blank = False
                wrapped = full and not blank and not MARKER_RE.match(ln.text)
            else:
                blank = not full
        if wrapped and texts:
            if _glued_at_hyphen(texts[-1], ln.text):
                texts[-1] += ln.text
            else:
                texts.append(ln.text)
            bold = bold and ln.bold
        else:
            flush()
            texts, first, blank_first, bold = [ln.text], ln, blank, ln.bold
        prev = ln
    flush()
    return out
