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
    `to_xlsx` writes one sheet per matrix (`parplan.xlsx`: XlsxWriter, bold frozen header,
    auto-filter, number cells).

Formula injection
    Cells are document text. A CSV cell a spreadsheet would evaluate (leading `=` or `@`, or `+`/`-`
    followed by something that is not a number) is written with a leading `'` by default (OWASP "CSV
    injection", `export.neutralise_cell`); pass `neutralise=False` to write cells exactly as read.
    XLSX strings are never formulas, so XLSX cells are never altered. Numbers are never changed.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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


def plan_refs(plans: Sequence[Plan]) -> list[PlanRef]:
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


def area_matrix(plans: Sequence[Plan], refs: list[PlanRef]) -> Matrix:
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


def leads_of(item: Item) -> list[AgencyRef]:
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
            for ref in leads_of(it):
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
    refs = plan_refs(plans)
    return Comparison(
        plans=refs,
        indicators=_indicator_matrix(plans, refs),
        areas=area_matrix(plans, refs),
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


def to_xlsx(comparison: Comparison, path: str | Path, neutralise: bool = True) -> Path:
    """Write one sheet per matrix as an .xlsx file (`parplan.xlsx`): numbers are number cells and
    strings are never formulas, so `neutralise` has nothing to do here (kept for the CSV signature)."""
    from parplan.xlsx import workbook_bytes

    data = workbook_bytes((m.name, m.columns, m.rows) for m in comparison.matrices())
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, data)
    return out


# ------------------------------------------------------------------------------------------ terminal


def render(comparison: Comparison, console: Console) -> None:
    """Print each matrix as a rich table."""
    from rich.markup import escape
    from rich.table import Table

    for m in comparison.matrices():
        table = Table(title=escape(m.title))
        for k, col in enumerate(m.columns):
            table.add_column(
                escape(col), justify="right" if m.rows and isinstance(m.rows[0][k], int) else "left", overflow="fold"
            )
        for row in m.rows:
            table.add_row(*["" if c is None else escape(str(c)) for c in row])
        console.print(table)
