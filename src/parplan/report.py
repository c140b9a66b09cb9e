"""One self-contained HTML page to audit a parsed plan against its decree and to compare plans.

Reads only `Plan`s (parsed here or loaded from `.json`), like `export` and `compare`. The page has
no script and fetches nothing: styles are inline, charts are static SVG, fonts are the reader's own
(every system sans-serif covers Vietnamese). One plan gets its metadata with the evidence each value
came from, a coverage bar, the outline beside the source (every node the plan accounts for, in
document order: a link from an item lands on its lines and highlights them), the appendix table
and the `validate` findings. Several plans also get an indicator × province chart per indicator, an
area heat map and the lead-agency load per area; every bar and cell links to the items behind it.

Templates: jinja2 (autoescaped; `templates/report.html.j2`). Charts: pygal (pure Python, no
dependencies, writes SVG with a link per bar); its tooltip script and generator comments are
stripped so the page stays static and the same plans give the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parplan.compare import area_matrix, leads_of, plan_refs
from parplan.diff import LEVEL_ORDER, indicator_label, indicator_order, targets_of
from parplan.normalize.text import fold
from parplan.schema import Item, Plan, SourceSpan

__all__ = ["render_report", "source_key"]

MAX_CHARTS = 24  # indicators charted on a comparison page (the rest are listed in the table)
MAX_AGENCIES = 25  # lead agencies in the load table, the busiest first
LEVEL_NAMES = {"province": "province", "district": "district", "commune": "commune", None: "all levels"}


def source_key(src: SourceSpan | None) -> str | None:
    """The anchor of a source position: `L12` (txt line), `G3-L40` (PDF page and line), `P57` (Word
    paragraph), `T0-R6` (table row)."""
    if src is None:
        return None
    if src.table is not None:
        return f"T{src.table}-R{src.row}" if src.row is not None else f"T{src.table}"
    if src.para is not None:
        return f"P{src.para}"
    if src.line is not None:  # a PDF counts lines per page
        return f"G{src.page}-L{src.line}" if src.page is not None else f"L{src.line}"
    return f"G{src.page}" if src.page is not None else None


def where(src: SourceSpan | None) -> str:
    """`line 12–14`, `page 3, line 40`, `¶57`, `table 1, row 6`: where a node is, for people."""
    if src is None:
        return "–"
    parts = []
    if src.page is not None:
        parts.append(f"page {src.page}" + (f"–{src.end_page}" if src.end_page else ""))
    if src.table is not None:
        parts.append(f"table {src.table + 1}" + (f", row {src.row + 1}" if src.row is not None else ""))
    elif src.para is not None:
        parts.append(f"¶{src.para}")
    elif src.line is not None:
        parts.append(
            f"line {src.line}" + (f"–{src.end_line}" if src.end_line and src.end_line != src.line else "")
        )
    return ", ".join(parts) or "–"


def _order(src: SourceSpan | None) -> tuple[float, ...]:
    """Document order of a source position (tables sit where their first row is)."""
    if src is None:
        return (float("inf"),)
    if src.line is not None:
        return (src.page or 0, src.line, src.row or 0)
    if src.para is not None:
        return (0, src.para, 0)
    if src.table is not None:
        return (src.page or 0, 1e6 + src.table, src.row or 0)
    return (src.page or 0, 0, 0)


# --------------------------------------------------------------------------------------------- views


@dataclass
class SourceNode:
    """One piece of the decree as the plan holds it, shown in the source column."""

    key: str
    where: str
    kind: str  # heading, item, row, section, unassigned, dropped, metadata
    text: str
    items: list[str] = field(default_factory=list)  # items read from here, for links back to the outline
    order: tuple[float, ...] = ()


@dataclass
class PlanView:
    index: int
    anchor: str  # "p1"
    label: str
    plan: Plan
    nodes: list[SourceNode]
    keys: set[str]
    areas: list[dict[str, Any]]
    rows: list[Item]
    findings: list[Any]
    covered: int  # narrative items (group lead-ins excluded)
    unassigned: int  # list paragraphs (a marker, then text) that no item took
    metadata: list[dict[str, Any]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        total = self.covered + self.unassigned
        return self.covered / total if total else 1.0

    def link(self, src: SourceSpan | None) -> str | None:
        """`#p1-src-L12` when that source position is shown, else None (no dangling links)."""
        key = source_key(src)
        return f"#{self.anchor}-src-{key}" if key in self.keys else None


def _nodes(plan: Plan) -> list[SourceNode]:
    """Everything the plan accounts for, one node per source position, in document order."""
    by_key: dict[str, SourceNode] = {}

    def add(src: SourceSpan | None, kind: str, text: str, item: str | None = None) -> None:
        key = source_key(src)
        if key is None or not text.strip():
            return
        node = by_key.get(key)
        if node is None:
            node = by_key[key] = SourceNode(key, where(src), kind, text, order=_order(src))
        elif text not in node.text:
            node.text += "\n" + text
        if item is not None:
            node.items.append(item)

    m = plan.metadata
    for ev in m.evidence:
        add(ev.source, "metadata", ev.text)
    for basis in m.legal_bases:
        add(basis.source, "metadata", basis.raw)
    for section in plan.sections:
        lines = list(section.text)
        if section.heading and (not lines or lines[0] != section.heading):
            lines.insert(0, section.heading)
        add(section.source, "section", "\n".join(lines))
    for area in plan.areas:
        add(area.source, "heading", area.heading)
    for item in plan.items:
        text = item.text
        if item.part == "appendix":
            cells = [item.text, *(a.raw for a in item.lead), *(a.raw for a in item.partners), *item.products]
            cells += [d.raw for d in item.deadlines]
            text = " | ".join(c for c in cells if c)
        add(item.source, "row" if item.part == "appendix" else "item", text, item.id)
    for u in plan.unassigned:
        add(u.source, "unassigned", u.text)
    for d in plan.dropped:
        add(d.source, "dropped", f"{d.text}  [{d.reason}]")
    return sorted(by_key.values(), key=lambda n: n.order)


def _outline(plan: Plan) -> list[dict[str, Any]]:
    """Areas in plan order, each with its targets and tasks (appendix rows are in the table)."""
    groups: dict[str, dict[str, Any]] = {}
    for area in plan.areas:
        groups.setdefault(
            area.code,
            {"code": area.code, "heading": area.heading, "source": area.source, "targets": [], "tasks": []},
        )
    for item in plan.items:
        if item.part == "appendix":
            continue
        code = item.area or "unplaced"
        group = groups.setdefault(
            code, {"code": code, "heading": _area_name(code), "source": None, "targets": [], "tasks": []}
        )
        group["targets" if item.kind == "target" else "tasks"].append(item)
    return list(groups.values())


_SHORT_AREAS = {
    "institutional": "Institutions",
    "administrative_procedures": "Procedures",
    "apparatus": "Apparatus",
    "civil_service": "Civil service",
    "public_finance": "Public finance",
    "digital_government": "Digital government",
    "direction": "Direction",
    "by_period": "By period",
    "summary": "Summary",
    "unplaced": "No area",
}


def _short_area(code: str) -> str:
    """A column label: `Procedures` for `administrative_procedures`, a province's own group cut short."""
    if code in _SHORT_AREAS:
        return _SHORT_AREAS[code]
    from parplan.normalize.areas import area_names

    names = area_names().get(code)
    english = names[1] if names else code.removeprefix("other:").replace("_", " ")
    return english if len(english) <= 24 else english[:22].rstrip() + "…"


def _area_name(code: str) -> str:
    """`Cải cách thể chế (Institutional reform)`; a code the catalogue lacks, as written."""
    from parplan.normalize.areas import area_names

    names = area_names().get(code)
    return f"{names[0]} ({names[1]})" if names else code.replace("_", " ")


def _metadata(plan: Plan) -> list[dict[str, Any]]:
    m = plan.metadata
    fields = (
        "province",
        "doc_type",
        "number",
        "issued_on",
        "issuing_body",
        "signer",
        "title",
        "period_start",
        "period_end",
    )
    evidence: dict[str, list[Any]] = defaultdict(list)
    for ev in m.evidence:
        evidence[ev.field].append(ev)
    return [{"field": f, "value": getattr(m, f, None), "evidence": evidence.get(f, [])} for f in fields]


def plan_view(plan: Plan, index: int, label: str) -> PlanView:
    from parplan.read.lines import MARKER_RE
    from parplan.validate import validate

    nodes = _nodes(plan)
    narrative = [i for i in plan.items if i.part != "appendix" and not i.is_group]
    # a list paragraph no item took: unassigned text that opens with a list marker ("3.", "b)", "-")
    missed = [u for u in plan.unassigned if MARKER_RE.match(u.text.lstrip())]
    return PlanView(
        index=index,
        anchor=f"p{index}",
        label=label,
        plan=plan,
        nodes=nodes,
        keys={n.key for n in nodes},
        areas=_outline(plan),
        rows=[i for i in plan.items if i.part == "appendix"],
        findings=validate(plan),
        covered=len(narrative),
        unassigned=len(missed),
        metadata=_metadata(plan),
    )


# --------------------------------------------------------------------------------------------- comparison


@dataclass
class Bar:
    plan: int  # index into the views
    level: str | None
    year: int | None
    value: float
    label: str  # as stated: "≥80% (2025)"
    item: str


@dataclass
class IndicatorChart:
    key: str
    title: str
    unit: str
    bars: list[Bar]
    svg: str = ""


def indicator_charts(views: Sequence[PlanView]) -> list[IndicatorChart]:
    """One chart per indicator that has values: its values per plan and level, linked to their items."""
    charts: dict[str, IndicatorChart] = {}
    for view in views:
        for (key, level), values in targets_of(view.plan).items():
            for tv in values:
                chart = charts.setdefault(key, IndicatorChart(key, indicator_label(key), tv.unit, []))
                chart.bars.append(Bar(view.index, level, tv.year, tv.value, tv.display(), tv.item))
    ordered = sorted(
        charts.values(), key=lambda c: (-len({b.plan for b in c.bars}), indicator_order(c.key), c.key)
    )
    return ordered[:MAX_CHARTS]


def _chart_svg(chart: IndicatorChart, views: Sequence[PlanView]) -> str:
    import pygal
    from pygal.style import Style

    style = Style(
        font_family="system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif",
        background="white",
        plot_background="white",
        colors=("#1f5fa8", "#d9822b", "#3c8d40", "#7d4ea8"),
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        value_font_size=10,
        title_font_size=13,
    )
    levels = sorted({b.level for b in chart.bars}, key=lambda lv: LEVEL_ORDER.get(lv, 3))
    # one group of bars per plan and year (a plan that sets 2025 and 2030 values shows both); a
    # second value for the same plan, year and level gets a group of its own, so no value is hidden
    slot: dict[int, tuple[int, int | None, int]] = {}
    seen: Counter[tuple[int, int | None, str | None]] = Counter()
    for k, b in enumerate(chart.bars):
        slot[k] = (b.plan, b.year, seen[(b.plan, b.year, b.level)])
        seen[(b.plan, b.year, b.level)] += 1
    groups = sorted(set(slot.values()), key=lambda g: (g[0], g[1] or 0, g[2]))
    svg = pygal.Bar(
        js=[],
        disable_xml_declaration=True,
        style=style,
        width=680,
        height=300,
        print_values=True,
        print_values_position="top",
        legend_at_bottom=True,
        x_label_rotation=20,
        truncate_label=28,
        show_y_guides=True,
        title=f"{chart.title} ({chart.unit})",
    )
    svg.uuid = f"ind-{chart.key}"
    svg.x_labels = [
        views[p - 1].label + (f" ({year})" if year else "") + (f" #{n + 1}" if n else "")
        for p, year, n in groups
    ]
    for level in levels:
        series: list[Any] = []
        for group in groups:
            p = group[0]
            bar = next((b for k, b in enumerate(chart.bars) if slot[k] == group and b.level == level), None)
            if bar is None:
                series.append(None)
                continue
            series.append(
                {
                    "value": bar.value,
                    "formatter": lambda _v, label=bar.label: label,
                    "label": f"{views[p - 1].label}, {LEVEL_NAMES.get(level, level)}: {bar.label} (item {bar.item})",
                    "xlink": {"href": f"#p{p}-item-{bar.item}", "target": "_self"},
                }
            )
        svg.add(LEVEL_NAMES.get(level, str(level)), series)
    described = f'<svg role="img" aria-label="{_attr(chart.title)}: bar chart, values in the caption below" '
    return _static(svg.render(is_unicode=True)).replace("<svg ", described, 1)


def _attr(text: str) -> str:
    import html

    return html.escape(text)


def _static(svg: str) -> str:
    """pygal's SVG without its tooltip script and generator comments (static, reproducible)."""
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.S)
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)


@dataclass
class HeatCell:
    targets: int
    tasks: int
    rows: int
    link: str | None

    @property
    def total(self) -> int:
        return self.targets + self.tasks + self.rows


def heat_map(views: Sequence[PlanView]) -> tuple[list[str], dict[str, list[HeatCell]], int]:
    """Area codes (catalogue order), per area one cell per plan, and the largest total."""
    plans = [v.plan for v in views]
    matrix = area_matrix(plans, plan_refs(plans))  # the agency and indicator matrices are not needed
    out: dict[str, list[HeatCell]] = {}
    for row in matrix.rows:
        code = str(row[0])
        cells = []
        for k, view in enumerate(views):
            t, s, r = (int(x or 0) for x in row[1 + 3 * k : 4 + 3 * k])
            has = any(a["code"] == code for a in view.areas)
            cells.append(HeatCell(t, s, r, f"#{view.anchor}-area-{code}" if has else None))
        out[code] = cells
    top = max((c.total for cells in out.values() for c in cells), default=0)
    return list(out), out, top


@dataclass
class LoadCell:
    count: int
    items: list[tuple[int, str]]  # (plan index, item id)


def agency_load(views: Sequence[PlanView]) -> tuple[list[str], list[tuple[str, dict[str, LoadCell], int]]]:
    """Lead agencies × areas: how many items each leads, with the items behind every count."""
    cells: dict[str, dict[str, LoadCell]] = defaultdict(dict)
    names: dict[str, str] = {}
    for view in views:
        for item in view.plan.items:
            if item.is_group:
                continue
            for ref in leads_of(item):
                key = ref.id or "raw:" + fold(ref.raw)
                names.setdefault(key, ref.name or ref.raw.strip())
                cell = cells[key].setdefault(item.area or "unplaced", LoadCell(0, []))
                cell.count += 1
                cell.items.append((view.index, item.id))
    areas = sorted({a for row in cells.values() for a in row}, key=_area_sort)
    totals = Counter({key: sum(c.count for c in row.values()) for key, row in cells.items()})
    busiest = sorted(totals, key=lambda k: (-totals[k], fold(names[k])))[:MAX_AGENCIES]
    return areas, [(names[k], cells[k], totals[k]) for k in busiest]


def _area_sort(code: str) -> tuple[int, str]:
    from parplan.schema.enums import AREA_ORDER

    return (AREA_ORDER.index(code) if code in AREA_ORDER else len(AREA_ORDER), code)


# --------------------------------------------------------------------------------------------- page


def render_report(
    plans: Sequence[Plan], labels: Sequence[str] | None = None, title: str | None = None
) -> str:
    """The HTML page for one or more plans (a comparison section when there are several)."""
    import jinja2

    if not plans:
        raise ValueError("a report needs at least one plan")
    if labels is not None and len(labels) != len(plans):
        raise ValueError(f"{len(labels)} labels for {len(plans)} plans")
    names = list(labels) if labels else [r.label for r in plan_refs(list(plans))]
    views = [plan_view(plan, k + 1, names[k]) for k, plan in enumerate(plans)]
    charts = indicator_charts(views) if len(views) > 1 else []
    for chart in charts:
        chart.svg = _chart_svg(chart, views)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("parplan", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        where=where,
        source_key=source_key,
        area_name=_area_name,
        short_area=_short_area,
        level_name=LEVEL_NAMES.get,
    )
    heat = heat_map(views) if len(views) > 1 else ([], {}, 0)
    load = agency_load(views) if len(views) > 1 else ([], [])
    page_title = title or ("parplan report: " + (names[0] if len(names) == 1 else f"{len(names)} plans"))
    return env.get_template("report.html.j2").render(
        title=page_title, views=views, charts=charts, heat=heat, load=load, version=_version()
    )


def _version() -> str:
    from parplan import __version__

    return __version__
