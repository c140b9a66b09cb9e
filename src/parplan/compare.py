"""Compare N plans as matrices an analyst can open in a spreadsheet.

Three matrices (`Comparison.matrices()`), each a plain table with a header row:

indicators  one row per (indicator, government level); one column per plan holding the values as
            stated, e.g. `≥95%` or `≥80% (2025); ≥90% (2030)`. Indicators come from `Number.indicator`
            or the keyword classifier in `parplan.diff` (unclassified values are left out).
areas       one row per reform-area code; per plan three counts: `targets` (narrative target items),
            `tasks` (narrative task items) and `rows` (appendix table rows). Group lead-ins are not counted.
agencies    one row per lead agency (canonical id when the gazetteer resolved it, else the folded
            wording); one column per area with the number of appendix rows it leads plus narrative items
            under its sub-heading ("b) Sở Tư pháp"), then `total` and `plans` (how many plans name it).

Writers
    `to_csv` writes one wide CSV per matrix (`indicators.csv`, `areas.csv`, `agencies.csv`) into a
    directory, or `<stem>-indicators.csv` … next to a path ending in `.csv`: one file per matrix keeps
    each table rectangular, so it opens directly in a spreadsheet. UTF-8 with BOM, like `parplan export`.
    `to_xlsx` writes one sheet per matrix with `zipfile` and minimal SpreadsheetML (inline strings,
    bold frozen header, auto-filter), no dependency.

Formula injection
    Cells are document text. A text cell beginning with `=`, `+`, `-`, `@` (or a tab / carriage return)
    would be evaluated as a formula by a spreadsheet program opening the CSV, so by default such cells
    are written with a leading `'` (OWASP "CSV injection"). Task texts often start with "- "; they get
    the quote too. Pass `neutralise=False` to write cells exactly as read (e.g. for another program).
    Numbers are written as numbers and never changed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import regex as re
from pydantic import BaseModel, ConfigDict, Field

from parplan.diff import (
    AREA_ORDER,
    LEVEL_ORDER,
    PlanRef,
    indicator_label,
    indicator_order,
    plan_ref,
    targets_of,
)
from parplan.export import neutralise_cell as _neutralise_text
from parplan.normalize.text import fold
from parplan.schema import AgencyRef, Item, Plan

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = ["Comparison", "Matrix", "compare_plans", "neutralise_cell", "render", "to_csv", "to_xlsx"]

Cell = str | int | float | None


class Matrix(BaseModel):
    """A rectangular table: `columns` is the header, every row has one cell per column."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="File / sheet name: indicators, areas or agencies.")
    title: str
    columns: list[str]
    rows: list[list[Cell]] = Field(default_factory=list)


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plans: list[PlanRef]
    indicators: Matrix
    areas: Matrix
    agencies: Matrix

    def matrices(self) -> list[Matrix]:
        return [self.indicators, self.areas, self.agencies]


# ------------------------------------------------------------------------------------------ building


def _labels(plans: Sequence[Plan]) -> list[PlanRef]:
    """Plan references with column labels made unique ('Quảng Ninh 131/CTr-UBND', '… #2')."""
    refs, seen = [], Counter[str]()
    for p in plans:
        ref = plan_ref(p)
        seen[ref.label] += 1
        if seen[ref.label] > 1:
            ref = ref.model_copy(update={"label": f"{ref.label} #{seen[ref.label]}"})
        refs.append(ref)
    return refs


def _area_key(code: str) -> tuple[int, str]:
    return (AREA_ORDER.index(code) if code in AREA_ORDER else len(AREA_ORDER), code)


def _indicator_matrix(plans: Sequence[Plan], refs: list[PlanRef]) -> Matrix:
    per_plan = [targets_of(p) for p in plans]
    keys = sorted({k for t in per_plan for k in t}, key=lambda k: (indicator_order(k[0]), k[0], LEVEL_ORDER.get(k[1], 3)))
    rows: list[list[Cell]] = []
    for key in keys:
        cells: list[Cell] = [key[0], indicator_label(key[0]), key[1] or ""]
        cells += ["; ".join(v.display() for v in t.get(key, [])) for t in per_plan]
        rows.append(cells)
    return Matrix(
        name="indicators",
        title="Quantitative targets by indicator and level",
        columns=["indicator", "label", "level", *[r.label for r in refs]],
        rows=rows,
    )


def _area_matrix(plans: Sequence[Plan], refs: list[PlanRef]) -> Matrix:
    counts = []
    for p in plans:
        c: Counter[tuple[str, str]] = Counter()
        for it in p.items:
            if it.is_group:
                continue
            col = "rows" if it.part == "appendix" else ("targets" if it.kind == "target" else "tasks")
            c[(it.area, col)] += 1
        for a in p.areas:
            c[(a.code, "targets")] += 0  # an area heading with no items still gets a row
        counts.append(c)
    codes = sorted({code for c in counts for code, _ in c}, key=_area_key)
    columns = ["area"] + [f"{r.label} {col}" for r in refs for col in ("targets", "tasks", "rows")]
    rows: list[list[Cell]] = []
    for code in codes:
        rows.append([code, *[c[(code, col)] for c in counts for col in ("targets", "tasks", "rows")]])
    return Matrix(
        name="areas", title="Targets, tasks and appendix rows per reform area", columns=columns, rows=rows
    )


def _narrative_agencies(text: str) -> list[AgencyRef]:
    """Resolve a narrative sub-heading agency like the parser resolves lead cells (wording kept in `raw`)."""
    from parplan.normalize.plan import agency_refs

    return agency_refs(text) or [AgencyRef(raw=text)]


def _leads(item: Item) -> list[AgencyRef]:
    if item.part == "appendix":
        return list(item.lead)
    return _narrative_agencies(item.agency) if item.agency else []


def _agency_matrix(plans: Sequence[Plan]) -> Matrix:
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    in_plans: dict[str, set[int]] = {}
    for k, p in enumerate(plans):
        for it in p.items:
            if it.is_group:
                continue
            for ref in _leads(it):
                key = ref.id or "raw:" + re.sub(r"[\s.;,:]+$", "", fold(ref.raw))
                names.setdefault(key, (ref.name or ref.raw.strip(), ref.id or ""))
                counts[(key, it.area)] += 1
                in_plans.setdefault(key, set()).add(k)
    areas = sorted({a for _, a in counts}, key=_area_key)
    totals = Counter[str]()
    for (key, _), n in counts.items():
        totals[key] += n
    keys = sorted(totals, key=lambda key: (-totals[key], fold(names[key][0]), key))
    rows: list[list[Cell]] = [
        [names[key][0], names[key][1], *[counts[(key, a)] for a in areas], totals[key], len(in_plans[key])]
        for key in keys
    ]
    return Matrix(
        name="agencies",
        title="Lead agencies by reform area (rows and items led)",
        columns=["agency", "id", *areas, "total", "plans"],
        rows=rows,
    )


def compare_plans(plans: list[Plan]) -> Comparison:
    """Build the indicator × plan, area × plan and lead agency × area matrices for N plans."""
    refs = _labels(plans)
    return Comparison(
        plans=refs,
        indicators=_indicator_matrix(plans, refs),
        areas=_area_matrix(plans, refs),
        agencies=_agency_matrix(plans),
    )


# ------------------------------------------------------------------------------------------- writers


def neutralise_cell(value: Cell, neutralise: bool = True) -> Cell:
    """`=SUM(A1)` → `'=SUM(A1)` (the export rule, `export.neutralise_cell`); numbers and None pass unchanged."""
    return _neutralise_text(value) if neutralise and isinstance(value, str) else value


def _csv_text(matrix: Matrix, neutralise: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([neutralise_cell(c, neutralise) for c in matrix.columns])
    for row in matrix.rows:
        w.writerow(["" if c is None else neutralise_cell(c, neutralise) for c in row])
    return "\ufeff" + buf.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def to_csv(comparison: Comparison, path_or_dir: str | Path, neutralise: bool = True) -> list[Path]:
    """Write one CSV per matrix; returns the paths written (see module docstring for naming)."""
    target = Path(path_or_dir)
    if target.suffix.lower() == ".csv":
        target.parent.mkdir(parents=True, exist_ok=True)
        paths = [target.with_name(f"{target.stem}-{m.name}.csv") for m in comparison.matrices()]
    else:
        target.mkdir(parents=True, exist_ok=True)
        paths = [target / f"{m.name}.csv" for m in comparison.matrices()]
    for m, p in zip(comparison.matrices(), paths, strict=True):
        _atomic_write(p, _csv_text(m, neutralise).encode("utf-8"))
    return paths


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_CELL = 32767  # Excel's limit on characters in a cell


def _col_name(k: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(65 + r) + name
    return name


def _xml_cell(ref: str, value: Cell, style: int, neutralise: bool) -> str:
    value = neutralise_cell(value, neutralise)
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    text = escape(_XML_ILLEGAL.sub("", value)[:_MAX_CELL])
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(matrix: Matrix, neutralise: bool) -> str:
    widths = [len(c) for c in matrix.columns]
    for row in matrix.rows:
        for k, c in enumerate(row):
            widths[k] = max(widths[k], len(str(c)) if c is not None else 0)
    cols = "".join(
        f'<col min="{k + 1}" max="{k + 1}" width="{min(max(w, 6), 60) + 2}" customWidth="1"/>'
        for k, w in enumerate(widths)
    )
    lines = []
    for r, row in enumerate([matrix.columns, *matrix.rows], start=1):
        style = 1 if r == 1 else 0
        cells = "".join(_xml_cell(f"{_col_name(k)}{r}", c, style, neutralise) for k, c in enumerate(row))
        lines.append(f'<row r="{r}">{cells}</row>')
    last = f"{_col_name(max(len(matrix.columns), 1) - 1)}{len(matrix.rows) + 1}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"<cols>{cols}</cols>"
        f"<sheetData>{''.join(lines)}</sheetData>"
        f'<autoFilter ref="A1:{last}"/>'
        "</worksheet>"
    )


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _sheet_names(matrices: list[Matrix]) -> list[str]:
    names: list[str] = []
    for m in matrices:
        base = _SHEET_BAD.sub("_", m.name)[:31] or "Sheet"
        name, k = base, 2
        while name.lower() in {n.lower() for n in names}:
            name = f"{base[:28]}_{k}"
            k += 1
        names.append(name)
    return names


def to_xlsx(comparison: Comparison, path: str | Path, neutralise: bool = True) -> Path:
    """Write one sheet per matrix as an .xlsx (Office Open XML) file built with zipfile."""
    matrices = comparison.matrices()
    names = _sheet_names(matrices)
    n = len(matrices)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{k}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for k in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(nm, {chr(34): "&quot;"})}" sheetId="{k}" r:id="rId{k}"/>'
            for k, nm in enumerate(names, start=1)
        )
        + "</sheets>"
        + "</workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{k}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{k}.xml"/>'
            for k in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", _STYLES),
        *[
            (f"xl/worksheets/sheet{k}.xml", _sheet_xml(m, neutralise))
            for k, m in enumerate(matrices, start=1)
        ],
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed time: byte-identical output
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, buf.getvalue())
    return out


# ------------------------------------------------------------------------------------------ terminal


def render(comparison: Comparison, console: Console) -> None:
    """Print each matrix as a rich table."""
    from rich.table import Table

    for m in comparison.matrices():
        table = Table(title=m.title)
        for k, col in enumerate(m.columns):
            table.add_column(
                col, justify="right" if m.rows and isinstance(m.rows[0][k], int) else "left", overflow="fold"
            )
        for row in m.rows:
            table.add_row(*["" if c is None else str(c) for c in row])
        console.print(table)
