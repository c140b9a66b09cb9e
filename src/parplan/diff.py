"""Diff two plans the way an analyst reads them side by side: which reform areas each covers, the
quantitative targets per indicator and government level, which tasks correspond, and who leads them.

Everything works on the `Plan` (never on raw text), so a diff of two provinces, or of two versions of
one province's plan, reads the same.

Quantitative targets
    A value is keyed by `(indicator, level)` with the indicator the normalizer set from the catalogue
    (`data/indicators.json`); for plans read back from JSON written without it, the same catalogue
    matcher runs on the item text. Values no indicator matches are left out of the side-by-side table
    rather than guessed.

Task alignment
    Tasks (`kind == "task"`, not group lead-ins) are compared by TF-IDF cosine over syllable unigrams
    and bigrams of folded text, after expanding abbreviations (CCHC, TTHC, QPPL …) and removing years,
    instrument numbers, province names and boilerplate ("công tác", "tổ chức thực hiện",
    "cơ quan, đơn vị, địa phương"). The score is `0.5 × whole text + 0.5 × first clause`, because a task
    states its object up front and its tail ("khắc phục những tồn tại …") is noise for matching.
    Matching is one-to-one and greedy (highest score first, ties by document order) in three passes:
    same area and part (narrative↔narrative, appendix↔appendix), then same area, then any area.
    Thresholds: `MATCH_THRESHOLD` (0.30) within an area, `CROSS_AREA_THRESHOLD` (0.50) across areas.
    IDF is computed over the tasks of both plans, so words every task shares ("cải cách hành chính")
    weigh little. On the bundled samples 0.30 keeps pairs such as "Kế hoạch kiểm tra CCHC" ↔ "Tổ chức
    kiểm tra công tác cải cách hành chính" (0.40) and drops pairs that share only the domain
    vocabulary; scores above ~0.6 are near-identical wording, 0.30–0.40 are probable matches to review.

Lead agencies
    For aligned pairs that are both appendix rows, the lead sets are compared by canonical agency id
    (falling back to the accent-free wording); differing sets are listed.

`has_differences` is true when any area, target, task or lead differs (`--fail-if-diff`). Renderers:
`render_diff` (rich tables), `to_markdown`, `to_json` (fixed field order, lists sorted by area,
indicator and document order, so output is stable across runs).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

import regex as re
from pydantic import BaseModel, ConfigDict, Field

from parplan.normalize.text import fold, strip_accents
from parplan.schema import AgencyRef, Item, Number, Plan
from parplan.schema.enums import AREA_ORDER

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = [
    "CROSS_AREA_THRESHOLD",
    "MATCH_THRESHOLD",
    "AreaDiff",
    "LeadDifference",
    "PlanDiff",
    "PlanRef",
    "TargetRow",
    "TargetValue",
    "TaskMatch",
    "TaskRef",
    "area_codes",
    "diff_plans",
    "has_differences",
    "indicator_label",
    "indicator_order",
    "plan_label",
    "plan_ref",
    "render_diff",
    "targets_of",
    "to_json",
    "to_markdown",
]

MATCH_THRESHOLD = 0.30
CROSS_AREA_THRESHOLD = 0.50
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2, None: 3}


# --------------------------------------------------------------------------------------------- models


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanRef(_Model):
    """Which plan a side of the diff is (enough to label a column)."""

    file: str
    province: str | None = None
    number: str | None = None
    issued_on: str | None = None
    label: str


class AreaDiff(_Model):
    only_a: list[str] = Field(default_factory=list, description="Area codes only plan A covers.")
    only_b: list[str] = Field(default_factory=list, description="Area codes only plan B covers.")
    both: list[str] = Field(default_factory=list, description="Area codes both plans cover.")


class TargetValue(_Model):
    """One quantitative value as stated: `≥95%`, with the item it came from."""

    value: float
    unit: str
    comparator: str | None = None
    year: int | None = None
    item: str = Field(description="Item id in its plan.")
    line: int | None = Field(None, description="Source line (txt) or None.")
    raw: str

    def display(self) -> str:
        """`≥95%`, `≤25 phút (2025)`; a relative change keeps its direction: `+20%` (increase by 20%),
        `−≥10%` (decrease by at least 10%), so it never reads as a level reached."""
        comparator = self.comparator or ""
        change = comparator[:1] if comparator[:1] in ("+", "-") else ""
        bound = _BOUND_SYMBOLS.get(comparator[len(change) :], "")
        unit = self.unit if self.unit == "%" else f" {self.unit}"
        year = f" ({self.year})" if self.year else ""
        return f"{_CHANGE_SYMBOLS.get(change, '')}{bound}{self.value:g}{unit}{year}"


_BOUND_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "~": "≈"}
_CHANGE_SYMBOLS = {"+": "+", "-": "−"}


class TargetRow(_Model):
    indicator: str
    label: str
    level: str | None = None
    a: list[TargetValue] = Field(default_factory=list)
    b: list[TargetValue] = Field(default_factory=list)
    status: Literal["same", "different", "only_a", "only_b"]


class TaskRef(_Model):
    id: str
    area: str
    part: str
    text: str
    line: int | None = None


class TaskMatch(_Model):
    """Two tasks judged to mean the same thing, with the similarity score (0–1)."""

    score: float
    scope: Literal["same_area_part", "same_area", "cross_area"]
    a: TaskRef
    b: TaskRef
    lead_a: list[str] = Field(default_factory=list)
    lead_b: list[str] = Field(default_factory=list)


class LeadDifference(_Model):
    """Aligned appendix rows whose lead agencies differ (compared by canonical id, else folded text)."""

    a: TaskRef
    b: TaskRef
    lead_a: list[str]
    lead_b: list[str]
    score: float


class PlanDiff(_Model):
    a: PlanRef
    b: PlanRef
    areas: AreaDiff
    targets: list[TargetRow] = Field(default_factory=list)
    matches: list[TaskMatch] = Field(default_factory=list)
    unmatched_a: list[TaskRef] = Field(default_factory=list)
    unmatched_b: list[TaskRef] = Field(default_factory=list)
    lead_differences: list[LeadDifference] = Field(default_factory=list)
    threshold: float = MATCH_THRESHOLD
    cross_area_threshold: float = CROSS_AREA_THRESHOLD


# ------------------------------------------------------------------------------ indicator classifier


_ABBREVIATIONS = {
    "cchc": "cải cách hành chính",
    "tthc": "thủ tục hành chính",
    "qppl": "quy phạm pháp luật",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "dvctt": "dịch vụ công trực tuyến",
    "dvc": "dịch vụ công",
    "cntt": "công nghệ thông tin",
    "csdl": "cơ sở dữ liệu",
    "cbccvc": "cán bộ công chức viên chức",
    "đvsncl": "đơn vị sự nghiệp công lập",
}
_ABBREVIATIONS = {k: fold(v) for k, v in _ABBREVIATIONS.items()}  # matched against folded text
_ABBR_RE = re.compile(r"\b(" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")\b")


def indicator_label(key: str) -> str:
    """Readable name of an indicator key from the catalogue, else the key itself."""
    from parplan.normalize.indicators import indicator

    entry = indicator(key)
    return entry.name_en if entry is not None else key.replace("_", " ")


def indicator_order(key: str) -> int:
    """Position of a key in the indicator catalogue (reports list indicators in catalogue order)."""
    from parplan.normalize.indicators import indicators

    keys = [i.key for i in indicators()]
    return keys.index(key) if key in keys else len(keys)


def _value_indicator(item: Item, n: Number, cursor: int) -> tuple[str | None, int]:
    """`Number.indicator`, or — for plans loaded from JSON written without it — the catalogue matcher
    on the item text (the one classifier; see normalize/indicators.py). Returns the next search start."""
    pos = item.text.find(n.raw, cursor)
    if n.indicator is not None or pos < 0:
        return n.indicator, cursor if pos < 0 else pos + len(n.raw)
    from parplan.normalize.indicators import match_indicator

    return match_indicator(item.text, pos, pos + len(n.raw), n.unit), pos + len(n.raw)


def targets_of(plan: Plan) -> dict[tuple[str, str | None], list[TargetValue]]:
    """Quantitative values of a plan keyed by (indicator, level); identical repeats are kept once."""
    out: dict[tuple[str, str | None], list[TargetValue]] = {}
    for item in plan.items:
        cursor = 0
        for n in item.numbers:
            key, cursor = _value_indicator(item, n, cursor)
            if key is None:
                continue
            year = n.year or item.milestone_year
            tv = TargetValue(
                value=n.value,
                unit=n.unit,
                comparator=n.comparator,
                year=year,
                item=item.id,
                line=item.source.line,
                raw=n.raw,
            )
            bucket = out.setdefault((key, n.level), [])
            if not any(_same_value(tv, old) for old in bucket):
                bucket.append(tv)
    return out


def _same_value(x: TargetValue, y: TargetValue) -> bool:
    return (x.value, x.unit, x.comparator, x.year) == (y.value, y.unit, y.comparator, y.year)


def _target_rows(a: Plan, b: Plan) -> list[TargetRow]:
    ta, tb = targets_of(a), targets_of(b)
    keys = sorted(set(ta) | set(tb), key=lambda k: (indicator_order(k[0]), k[0], LEVEL_ORDER.get(k[1], 3)))
    rows = []
    for key in keys:
        va, vb = ta.get(key, []), tb.get(key, [])
        if not vb:
            status = "only_a"
        elif not va:
            status = "only_b"
        else:
            sa = {(v.value, v.unit, v.comparator, v.year) for v in va}
            sb = {(v.value, v.unit, v.comparator, v.year) for v in vb}
            status = "same" if sa == sb else "different"
        rows.append(
            TargetRow(
                indicator=key[0], label=indicator_label(key[0]), level=key[1], a=va, b=vb, status=status
            )
        )
    return rows


# ----------------------------------------------------------------------------------- task alignment

# fmt: off
_STOPWORDS = frozenset(fold(w) for w in (
    "và", "các", "của", "cho", "với", "theo", "tại", "trong", "trên", "để", "được", "những", "này", "đó", "là",
    "đến", "từ", "về", "việc", "năm", "một", "cũng", "như", "hoặc", "khi", "đã", "sẽ", "nhằm", "đảm",
    "bảo", "gắn", "đối", "tỉnh",
))
# fmt: on
# Phrases every task may carry; matched on folded text, so the literals are folded too.
_BOILERPLATE = re.compile(
    "|".join(
        re.escape(fold(p))
        for p in (
            "công tác",
            "tổ chức thực hiện",
            "triển khai thực hiện",
            "tiếp tục",
            "có hiệu quả",
            "hiệu quả",
            "trên địa bàn",
        )
    )
    + r"|cơ quan,? đơn vị(?:,? địa phương)?"
)
_CITATION = re.compile(r"\bsố\s+\S*\d\S*|\bngày\s+\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{2,4}")
_HEAD_END = re.compile(r"[;:(]|\.\s")
_WORD = re.compile(r"\p{L}+")


def _normal(text: str, drop: Sequence[str]) -> str:
    t = _ABBR_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], fold(text))
    for phrase in drop:
        t = t.replace(phrase, " ")
    return _CITATION.sub(" ", t)


def _features(text: str) -> Counter[str]:
    words = [w for w in _WORD.findall(_BOILERPLATE.sub(" ", text)) if w not in _STOPWORDS]
    return Counter(words + [f"{x} {y}" for x, y in pairwise(words)])


@dataclass
class _Doc:
    item: Item
    whole: dict[str, float]
    head: dict[str, float]


def _vectors(items_a: list[Item], items_b: list[Item], drop: Sequence[str]) -> tuple[list[_Doc], list[_Doc]]:
    """TF-IDF vectors (whole text and first clause) with document frequencies over both plans."""
    raw = []
    for it in [*items_a, *items_b]:
        t = _normal(it.text, drop)
        raw.append((it, _features(t), _features(_HEAD_END.split(t, maxsplit=1)[0])))
    df: Counter[str] = Counter()
    for _, whole, _ in raw:
        df.update(set(whole))
    n = len(raw)
    idf = {k: math.log((n + 1) / (v + 0.5)) for k, v in df.items()}

    def vec(c: Counter[str]) -> dict[str, float]:
        v = {k: (1 + math.log(f)) * idf.get(k, math.log(n + 1)) for k, f in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        return {k: w / norm for k, w in v.items()}

    docs = [_Doc(it, vec(w), vec(h)) for it, w, h in raw]
    return docs[: len(items_a)], docs[len(items_a) :]


def _cos(x: dict[str, float], y: dict[str, float]) -> float:
    if len(x) > len(y):
        x, y = y, x
    return sum(w * y.get(k, 0.0) for k, w in x.items())


def _similarity(x: _Doc, y: _Doc) -> float:
    return round(0.5 * _cos(x.whole, y.whole) + 0.5 * _cos(x.head, y.head), 4)


def _tasks(plan: Plan) -> list[Item]:
    return [it for it in plan.items if it.kind == "task" and not it.is_group and it.text.strip()]


def _province_phrases(*plans: Plan) -> list[str]:
    """Province names to blank out before matching ('tỉnh Quảng Ninh' would otherwise never match)."""
    out = set()
    for p in plans:
        if p.metadata.province:
            name = fold(p.metadata.province)
            out.update({f"tỉnh {name}", name})
    return sorted(out, key=len, reverse=True)


def _ref(item: Item) -> TaskRef:
    return TaskRef(id=item.id, area=item.area, part=item.part, text=item.text, line=item.source.line)


def _agency_key(ref: AgencyRef) -> str:
    if ref.id:
        return ref.id
    return re.sub(r"[^a-z0-9]+", " ", strip_accents(ref.raw)).strip()


def _align(a: Plan, b: Plan) -> tuple[list[TaskMatch], list[Item], list[Item]]:
    items_a, items_b = _tasks(a), _tasks(b)
    docs_a, docs_b = _vectors(items_a, items_b, _province_phrases(a, b))
    free_a, free_b = dict(enumerate(docs_a)), dict(enumerate(docs_b))
    passes: list[
        tuple[Literal["same_area_part", "same_area", "cross_area"], float, Callable[[Item], Hashable]]
    ] = [
        ("same_area_part", MATCH_THRESHOLD, lambda it: (it.area, it.part)),
        ("same_area", MATCH_THRESHOLD, lambda it: it.area),
        ("cross_area", CROSS_AREA_THRESHOLD, lambda it: ""),
    ]
    matches: list[TaskMatch] = []
    for scope, threshold, keyfn in passes:
        groups_b: dict[Hashable, list[int]] = {}
        for j, d in free_b.items():
            groups_b.setdefault(keyfn(d.item), []).append(j)
        candidates = []
        for i, d in free_a.items():
            for j in groups_b.get(keyfn(d.item), []):
                s = _similarity(d, free_b[j])
                if s >= threshold:
                    candidates.append((-s, i, j))
        candidates.sort()
        for neg, i, j in candidates:
            if i in free_a and j in free_b:
                x, y = free_a.pop(i).item, free_b.pop(j).item
                matches.append(
                    TaskMatch(
                        score=-neg,
                        scope=scope,
                        a=_ref(x),
                        b=_ref(y),
                        lead_a=[r.raw for r in x.lead],
                        lead_b=[r.raw for r in y.lead],
                    )
                )
    matches.sort(key=lambda m: (_area_rank(m.a.area), m.a.area, m.a.part != "narrative", _id_rank(m.a.id)))
    return matches, [free_a[i].item for i in sorted(free_a)], [free_b[j].item for j in sorted(free_b)]


def _area_rank(code: str) -> int:
    return AREA_ORDER.index(code) if code in AREA_ORDER else len(AREA_ORDER)


def _id_rank(item_id: str) -> tuple[str, int]:
    m = re.fullmatch(r"([A-Za-z]*)(\d+)", item_id)
    return (m.group(1), int(m.group(2))) if m else (item_id, 0)


# -------------------------------------------------------------------------------------------- diff


def plan_label(plan: Plan) -> str:
    """Short column label: 'Quảng Ninh 1788/QĐ-UBND', falling back to the file name."""
    parts = [p for p in (plan.metadata.province, plan.metadata.number) if p]
    return " ".join(parts) if parts else plan.file.rsplit("/", 1)[-1]


def plan_ref(plan: Plan) -> PlanRef:
    """Identify a plan for a diff or comparison column."""
    m = plan.metadata
    return PlanRef(
        file=plan.file,
        province=m.province,
        number=m.number,
        issued_on=m.issued_on.isoformat() if m.issued_on else None,
        label=plan_label(plan),
    )


def area_codes(plan: Plan) -> set[str]:
    """Reform areas a plan covers: area headings plus the areas its items and rows carry."""
    return {a.code for a in plan.areas} | {it.area for it in plan.items}


def _sorted_areas(codes: Iterable[str]) -> list[str]:
    return sorted(codes, key=lambda c: (_area_rank(c), c))


def diff_plans(a: Plan, b: Plan) -> PlanDiff:
    """Compare plan A with plan B: areas, targets per indicator/level, aligned tasks, lead agencies."""
    ca, cb = area_codes(a), area_codes(b)
    matches, rest_a, rest_b = _align(a, b)
    lead_diffs = []
    by_id_a, by_id_b = {it.id: it for it in a.items}, {it.id: it for it in b.items}
    for m in matches:
        if m.a.part != "appendix" or m.b.part != "appendix":
            continue
        xa, xb = by_id_a[m.a.id], by_id_b[m.b.id]
        if {_agency_key(r) for r in xa.lead} != {_agency_key(r) for r in xb.lead}:
            lead_diffs.append(LeadDifference(a=m.a, b=m.b, lead_a=m.lead_a, lead_b=m.lead_b, score=m.score))
    return PlanDiff(
        a=plan_ref(a),
        b=plan_ref(b),
        areas=AreaDiff(
            only_a=_sorted_areas(ca - cb), only_b=_sorted_areas(cb - ca), both=_sorted_areas(ca & cb)
        ),
        targets=_target_rows(a, b),
        matches=matches,
        unmatched_a=[_ref(it) for it in rest_a],
        unmatched_b=[_ref(it) for it in rest_b],
        lead_differences=lead_diffs,
    )


def has_differences(diff: PlanDiff) -> bool:
    """True when anything differs (for `--fail-if-diff`): areas, targets, unmatched tasks or leads."""
    return bool(
        diff.areas.only_a
        or diff.areas.only_b
        or diff.unmatched_a
        or diff.unmatched_b
        or diff.lead_differences
        or any(r.status != "same" for r in diff.targets)
    )


# --------------------------------------------------------------------------------------- renderers


def to_json(diff: PlanDiff) -> str:
    """Deterministic JSON: fixed field order, lists sorted by area / indicator / document order."""
    return json.dumps(diff.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _values(vs: list[TargetValue]) -> str:
    return "; ".join(v.display() for v in vs) or "—"


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(diff: PlanDiff, width: int = 90) -> str:
    """A markdown report with one table per part of the diff."""
    a, b = diff.a.label, diff.b.label
    out = [f"# Diff: {_md(a)} ↔ {_md(b)}", ""]
    out += ["## Reform areas", "", f"| Area | {_md(a)} | {_md(b)} |", "|---|---|---|"]
    for code in _sorted_areas({*diff.areas.only_a, *diff.areas.only_b, *diff.areas.both}):
        out.append(
            f"| {code} | {'✓' if code not in diff.areas.only_b else '—'} | {'✓' if code not in diff.areas.only_a else '—'} |"
        )
    out += [
        "",
        "## Quantitative targets",
        "",
        f"| Indicator | Level | {_md(a)} | {_md(b)} | Status |",
        "|---|---|---|---|---|",
    ]
    for r in diff.targets:
        out.append(
            f"| {_md(r.label)} | {r.level or '—'} | {_md(_values(r.a))} | {_md(_values(r.b))} | {r.status} |"
        )
    out += [
        "",
        f"## Aligned tasks ({len(diff.matches)}, threshold {diff.threshold:.2f})",
        "",
        f"| Score | Area | {_md(a)} | {_md(b)} |",
        "|---|---|---|---|",
    ]
    for m in diff.matches:
        area = m.a.area if m.a.area == m.b.area else f"{m.a.area} / {m.b.area}"
        out.append(
            f"| {m.score:.2f} | {area} | {m.a.id}: {_md(_short(m.a.text, width))} | {m.b.id}: {_md(_short(m.b.text, width))} |"
        )
    out += ["", "## Lead agencies of aligned rows", ""]
    if diff.lead_differences:
        out += [f"| Task ({_md(a)}) | Lead {_md(a)} | Lead {_md(b)} |", "|---|---|---|"]
        for d in diff.lead_differences:
            out.append(
                f"| {d.a.id}: {_md(_short(d.a.text, width))} | {_md(', '.join(d.lead_a) or '—')} | {_md(', '.join(d.lead_b) or '—')} |"
            )
    else:
        out.append("No differences.")
    for title, refs in ((f"Tasks only in {a}", diff.unmatched_a), (f"Tasks only in {b}", diff.unmatched_b)):
        out += ["", f"## {_md(title)} ({len(refs)})", ""]
        out += [f"- {t.id} [{t.area}] {_md(_short(t.text, width))}" for t in refs] or ["None."]
    return "\n".join(out) + "\n"


def render_diff(diff: PlanDiff, console: Console, width: int = 70) -> None:
    """Print the diff as rich tables."""
    from rich.markup import escape
    from rich.table import Table

    a, b = escape(diff.a.label), escape(diff.b.label)  # document text and file names are not markup
    areas = Table(title="Reform areas", show_lines=False)
    for col in ("Area", a, b):
        areas.add_column(col)
    for code in _sorted_areas({*diff.areas.only_a, *diff.areas.only_b, *diff.areas.both}):
        areas.add_row(
            escape(code),
            "✓" if code not in diff.areas.only_b else "[red]—[/]",
            "✓" if code not in diff.areas.only_a else "[red]—[/]",
        )
    console.print(areas)

    targets = Table(title="Quantitative targets")
    for col in ("Indicator", "Level", a, b, "Status"):
        targets.add_column(col)
    style = {"same": "green", "different": "yellow", "only_a": "red", "only_b": "red"}
    for r in diff.targets:
        targets.add_row(
            escape(r.label), escape(r.level or "—"), escape(_values(r.a)), escape(_values(r.b)),
            f"[{style[r.status]}]{r.status}[/]",
        )
    console.print(targets)

    aligned = Table(title=f"Aligned tasks ({len(diff.matches)}, threshold {diff.threshold:.2f})")
    for col in ("Score", "Area", a, b):
        aligned.add_column(col, overflow="fold")
    for m in diff.matches:
        area = m.a.area if m.a.area == m.b.area else f"{m.a.area} / {m.b.area}"
        aligned.add_row(
            f"{m.score:.2f}",
            escape(area),
            escape(f"{m.a.id}: {_short(m.a.text, width)}"),
            escape(f"{m.b.id}: {_short(m.b.text, width)}"),
        )
    console.print(aligned)

    if diff.lead_differences:
        leads = Table(title="Lead agencies of aligned rows")
        for col in ("Task", f"Lead ({a})", f"Lead ({b})"):
            leads.add_column(col, overflow="fold")
        for d in diff.lead_differences:
            leads.add_row(
                escape(f"{d.a.id}: {_short(d.a.text, width)}"),
                escape(", ".join(d.lead_a) or "—"),
                escape(", ".join(d.lead_b) or "—"),
            )
        console.print(leads)
    for title, refs in ((a, diff.unmatched_a), (b, diff.unmatched_b)):
        table = Table(title=f"Tasks only in {title} ({len(refs)})")
        table.add_column("Id")
        table.add_column("Area")
        table.add_column("Task", overflow="fold")
        for t in refs:
            table.add_row(escape(t.id), escape(t.area), escape(_short(t.text, width)))
        console.print(table)
