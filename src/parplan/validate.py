"""Validate a parsed plan: one catalogue of rules with stable codes, selectable like ruff's.

Codes
    PP1xx structure (lists, areas) · PP2xx appendix rows and deadlines · PP3xx metadata ·
    PP4xx coverage (reform areas, unclaimed text). Problems the parser already reported
    (`plan.issues`: PP203 a row that did not fit its columns, PP301 the plan number cited differently …)
    surface as findings with their own codes; codes the catalogue recomputes from the Plan itself
    (PP201, PP202) replace the parser's copy so nothing is reported twice. A parser code missing from
    the catalogue still passes through, with the parser's severity.

Severities
    error   the plan contradicts itself or cannot be cited unambiguously: two sibling items numbered
            "(3)", the plan number cited differently, a deadline that ends before the plan was issued,
            a core reform area of Resolution 76/NQ-CP missing from a plan organised by area.
    warning probably a defect worth a look, but plans do it legitimately or it may be a parse miss:
            a skipped ordinal, a deadline outside the plan period (preparatory tasks), a row without a
            lead (merged cells), lead also named as partner, missing metadata.
    info    facts for the analyst: text no item claimed; core areas absent from a plan organised by
            milestone (`by_period` only, e.g. an action programme).

Selection (`select` / `ignore`)
    Each selector is a code or a prefix ("PP1", "PP20", "PP204", "ALL"). As in ruff, the most specific
    selector decides: `select={"PP2"}, ignore={"PP204"}` keeps PP2xx except PP204, and
    `select={"PP204"}, ignore={"PP2"}` keeps PP204 only. `select=None` means all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import regex as re
from pydantic import BaseModel, ConfigDict, Field

from parplan.errors import UsageError
from parplan.normalize.text import fold
from parplan.schema import AgencyRef, Area, Item, Plan, SourceSpan
from parplan.schema.enums import CORE_AREAS, Severity
from parplan.segment import VIETNAMESE_LETTERS, roman_value, split_marker

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "exit_code",
    "findings_to_json",
    "format_finding",
    "lint_line",
    "lint_report",
    "render_findings",
    "render_lint",
    "render_statistics",
    "source_label",
    "validate",
    "validate_file",
]

CORE_AREA_NAMES = {
    "institutional": "Cải cách thể chế",
    "administrative_procedures": "Cải cách thủ tục hành chính",
    "apparatus": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "digital_government": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
}


class Finding(BaseModel):
    """One problem found in a plan, with a stable rule code and where it is."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    code: str = Field(description="Rule code, e.g. PP101.")
    severity: Severity
    message: str
    source: SourceSpan | None = None
    item: str | None = Field(None, description="Id of the item or row concerned, if any.")


@dataclass(frozen=True)
class Hit:
    """What a check returns; the rule adds code and (unless overridden) severity."""

    message: str
    source: SourceSpan | None = None
    item: str | None = None
    severity: Severity | None = None


Check = Callable[[Plan], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    check: Check
    replaces_parser: bool = False  # recomputed from the Plan: drop the parser's issues with this code


# ------------------------------------------------------------------------------------------ helpers


def _marker_value(marker: str) -> tuple[str, int, str] | None:
    """`(3)` → ('1:(#)', 3, '3'); `b)` → ('a:#)', 0, 'b'); `II.` → ('I:#.', 2, 'II'); `-`, `+`, '' → None.

    The family is the numbering kind (1, a, I) plus the marker shape with `#` for the ordinal, so
    "(1)" and "1." lists are never mixed up."""
    m = re.fullmatch(r"\s*(\(?)(\d{1,3}|[a-zđ]|[IVXLC]+)([.)])?\s*", marker)
    if not m or (not m.group(1) and not m.group(3)):
        return None
    shape = f"{m.group(1)}#{m.group(3) or ''}"
    body = m.group(2)
    if body.isdigit():
        return (f"1:{shape}", int(body), body)
    if re.fullmatch(r"[IVXLC]+", body) and (len(body) > 1 or body in "IVX"):
        return (f"I:{shape}", roman_value(body), body)
    return (f"a:{shape}", 0, body)  # letters: compared by position in the alphabets below


# Vietnamese lists run a b c d đ e g h i k …; some plans use the Latin order. Either successor is fine.
_ALPHABETS = (VIETNAMESE_LETTERS, "abcdefghijklmnopqrstuvwxyz")


def _step(prev: tuple[int, str], cur: tuple[int, str], letters: bool) -> tuple[str, list[str]]:
    """Compare an ordinal with the one before it: ('ok'|'skip'|'restart'|'back', missing labels)."""
    if letters:
        gaps = []
        for alpha in _ALPHABETS:
            if prev[1] in alpha and cur[1] in alpha:
                gaps.append(alpha.index(cur[1]) - alpha.index(prev[1]))
        if not gaps or 1 in gaps:
            return ("ok", [])
        if cur[1] == "a" and prev[1] != "a":
            return ("restart", [])
        if all(g > 1 for g in gaps):
            alpha = _ALPHABETS[0] if prev[1] in _ALPHABETS[0] and cur[1] in _ALPHABETS[0] else _ALPHABETS[1]
            return ("skip", list(alpha[alpha.index(prev[1]) + 1 : alpha.index(cur[1])]))
        return ("back", [])
    if cur[0] == prev[0] + 1:
        return ("ok", [])
    if cur[0] == 1 and prev[0] != 1:
        return ("restart", [])
    if cur[0] > prev[0] + 1:
        return ("skip", [str(k) for k in range(prev[0] + 1, cur[0])][:5])
    return ("back", [])


def _label(family: str, text: str) -> str:
    """('1:(#)', '4') → '(4)'."""
    return family.split(":", 1)[1].replace("#", text)


def _where(src: SourceSpan | None) -> str:
    if src is None:
        return "elsewhere"
    if src.page is not None:
        return f"page {src.page}, line {src.line}" if src.line is not None else f"page {src.page}"
    if src.line is not None:
        return f"line {src.line}"
    if src.para is not None:
        return f"paragraph {src.para}"
    return "elsewhere"


def _agency_same(x: AgencyRef, y: AgencyRef) -> bool:
    """Same body by canonical id or by folded wording. Two *collective* mentions sharing an id
    ("Các Sở, ban, ngành" lead, "Các Sở, ngành liên quan" partner) are different sets of bodies, not a
    defect, so collectives only count when worded identically."""
    if fold(x.raw).strip(" .;,") == fold(y.raw).strip(" .;,"):
        return True
    collective = (x.kind == "collective") or (x.id or "").startswith("collective:")
    return bool(x.id and x.id == y.id and not collective)


def _row_label(item: Item) -> str:
    return f"row {item.ordinal}" if item.ordinal else f"row {item.id}"


def _years(period: tuple[date, date]) -> str:
    a, b = period[0].year, period[1].year
    return str(a) if a == b else f"{a}–{b}"


def _period(plan: Plan) -> tuple[date, date] | None:
    m = plan.metadata
    if m.period_start is None or m.period_end is None:
        return None
    return date(m.period_start, 1, 1), date(m.period_end, 12, 31)


# ------------------------------------------------------------------------------------------- checks


def _ordinal_runs(plan: Plan) -> Iterator[tuple[str, list[Item]]]:
    """Lists of sibling narrative items with a sequence marker, in document order."""
    groups: dict[tuple[object, ...], list[Item]] = {}
    for it in plan.items:
        if it.part != "narrative" or (mv := _marker_value(it.marker)) is None:
            continue
        key = (it.area, it.kind, it.parent, it.depth, it.section, it.agency, it.milestone_year, mv[0])
        groups.setdefault(key, []).append(it)
    for key, items in groups.items():
        yield str(key[-1]), items


def check_duplicate_ordinals(plan: Plan) -> Iterator[Hit]:
    """Two siblings numbered alike ('(3)' twice in QN 2022 area 4) make a citation ambiguous."""
    for family, items in _ordinal_runs(plan):
        letters = family.startswith("a:")
        seen: dict[str, Item] = {}
        prev: tuple[int, str] | None = None
        for it, cur in _ordinals(items):
            if prev is not None and _step(prev, cur, letters)[0] == "restart":
                seen = {}  # a new list under an unmarked sub-heading: numbering starts again
            if cur[1] in seen:
                yield Hit(
                    f"item {it.marker.strip()} in {it.area} ({it.section}) repeats the ordinal of the item at "
                    f"{_where(seen[cur[1]].source)}",
                    it.source,
                    it.id,
                )
            else:
                seen[cur[1]] = it
            prev = cur


def _ordinals(items: list[Item]) -> Iterator[tuple[Item, tuple[int, str]]]:
    for it in items:
        mv = _marker_value(it.marker)
        if mv is not None:
            yield it, (mv[1], mv[2])


def check_skipped_ordinals(plan: Plan) -> Iterator[Hit]:
    """A gap ('(3)' then '(5)') is a drafting slip or an item the parser lost; worth a look."""
    for family, items in _ordinal_runs(plan):
        letters = family.startswith("a:")
        prev: tuple[int, str] | None = None
        for it, cur in _ordinals(items):
            if prev is not None and cur[1] != prev[1]:
                verdict, missing = _step(prev, cur, letters)
                if verdict == "skip":
                    gap = ", ".join(_label(family, m) for m in missing)
                    yield Hit(
                        f"item {it.marker.strip()} in {it.area} ({it.section}) follows "
                        f"{_label(family, prev[1])}: {gap} missing",
                        it.source,
                        it.id,
                    )
                elif verdict == "back":
                    yield Hit(
                        f"item {it.marker.strip()} in {it.area} ({it.section}) comes after "
                        f"{_label(family, prev[1])}: out of order",
                        it.source,
                        it.id,
                    )
            prev = cur


def _in_area(it: Item, area: Area) -> bool:
    """Narrative items sit under the heading's outline path; appendix areas hold appendix rows."""
    if it.area != area.code:
        return False
    if area.part == "appendix":
        return it.part == "appendix"
    return it.section == area.section or it.section.startswith(area.section + ".")


SPLIT_MIN_WORDS = 12  # short entries ("- Sở Tư pháp") end without punctuation by design


def check_items_ending_mid_sentence(plan: Plan) -> Iterator[Hit]:
    """A long item that stops on a lower-case word, followed by a sibling, may be one item that a line
    break split in two (a hyphen or a number the wrap put at the start of a line)."""
    items = [it for it in plan.items if it.part == "narrative"]
    for it, nxt in pairwise(items):
        text = it.text.rstrip()
        if (
            not it.is_group
            and nxt.depth == it.depth
            and nxt.parent == it.parent
            and len(text.split()) >= SPLIT_MIN_WORDS
            and text[-1:].isalpha()
            and text[-1:].islower()
        ):
            yield Hit(
                f"item ends mid-sentence ('…{text[-30:]}'); it may run on in the next item", it.source, it.id
            )


def check_empty_areas(plan: Plan) -> Iterator[Hit]:
    """A heading with nothing under it usually means its items were attached elsewhere."""
    for area in plan.areas:
        if not any(_in_area(it, area) for it in plan.items):
            yield Hit(f"area heading {area.heading!r} ({area.code}) has no items", area.source)


def check_unparsed_deadlines(plan: Plan) -> Iterator[Hit]:
    """Deadlines the normalizer could not place in time ('Theo quy định') cannot be tracked."""
    for it in plan.items:
        for d in it.deadlines:
            if d.kind == "unknown":
                yield Hit(f"deadline not understood: {d.raw!r}", it.source, it.id)


def check_rows_without_deadline(plan: Plan) -> Iterator[Hit]:
    """An appendix row with no deadline cannot be monitored."""
    for it in plan.items:
        if it.part == "appendix" and not it.is_group and not it.deadlines:
            yield Hit(f"row {it.ordinal or '?'} has no deadline", it.source, it.id)


def check_deadline_outside_period(plan: Plan) -> Iterator[Hit]:
    """Deadlines outside the plan's years are often preparatory or follow-up tasks, sometimes typos."""
    period = _period(plan)
    issued = plan.metadata.issued_on
    if period is None:
        return
    for it in plan.items:
        for d in it.deadlines:
            start, end = d.start or d.end, d.end or d.start
            if start is None or end is None or (issued is not None and end < issued):
                continue  # PP205 reports deadlines before the issue date
            if end < period[0] or start > period[1]:
                yield Hit(
                    f"deadline {d.raw!r} of {_row_label(it)} ({start.isoformat()}–{end.isoformat()}) is outside "
                    f"the plan period {_years(period)}",
                    it.source,
                    it.id,
                )


def check_deadline_before_issue(plan: Plan) -> Iterator[Hit]:
    """A deadline that ends before the plan was issued cannot be met: a typo or a wrong year."""
    issued = plan.metadata.issued_on
    if issued is None:
        return
    for it in plan.items:
        for d in it.deadlines:
            end = d.end or d.start
            if end is not None and end < issued:
                yield Hit(
                    f"deadline {d.raw!r} of {_row_label(it)} ends {end.isoformat()}, before the plan was issued "
                    f"({issued.isoformat()})",
                    it.source,
                    it.id,
                )


def check_rows_without_lead(plan: Plan) -> Iterator[Hit]:
    """A task with no lead agency has nobody accountable (or its merged cell was lost)."""
    for it in plan.items:
        if it.part == "appendix" and not it.is_group and not it.lead:
            yield Hit(f"{_row_label(it)} has no lead agency (chủ trì)", it.source, it.id)


def check_lead_also_partner(plan: Plan) -> Iterator[Hit]:
    """Naming the lead again as partner blurs who is accountable."""
    for it in plan.items:
        for lead in it.lead:
            if any(_agency_same(lead, p) for p in it.partners):
                yield Hit(f"{lead.raw!r} is both lead and partner of {_row_label(it)}", it.source, it.id)


def check_plan_number(plan: Plan) -> Iterator[Hit]:
    """Without its number the plan cannot be cited or compared."""
    if not plan.metadata.number:
        yield Hit(
            "the plan's number was not found: looked for a 'Số: …' line in the header, '(Ban hành kèm theo … "
            "số …)' under the title, the appendix caption '(Kèm theo … số …)' and a website's 'Số hiệu' cell",
            plan.metadata.source,
        )


def check_issue_date(plan: Plan) -> Iterator[Hit]:
    """Deadline checks and comparisons need the issue date."""
    if plan.metadata.issued_on is None:
        yield Hit(
            "the plan's issue date was not found: looked for the header's place-date line ('…, ngày … tháng … "
            "năm …'), the date after the number under the title or in the appendix caption, and a website's "
            "'Ngày ban hành' cell",
            plan.metadata.source,
        )


def check_period(plan: Plan) -> Iterator[Hit]:
    """Deadline checks need the years the plan covers."""
    m = plan.metadata
    if m.period_start is None or m.period_end is None:
        yield Hit("the period the plan covers (năm … / giai đoạn …) was not found", m.source)
    elif m.period_end < m.period_start:
        yield Hit(
            f"the plan period ends ({m.period_end}) before it starts ({m.period_start})",
            m.source,
            severity=Severity.error,
        )


def check_province(plan: Plan) -> Iterator[Hit]:
    """Comparisons label plans by province."""
    m = plan.metadata
    if not m.province:
        seen = [f"{e.found_in} {e.text[:60]!r}" for e in m.evidence if e.field == "issuing_body"]
        named = f"; the issuer found ({', '.join(seen)}) names no province" if seen else ""
        yield Hit(
            "the province was not recognised: looked at the issuer line ('ỦY BAN NHÂN DÂN TỈNH …'), the "
            "place-date line, the title, the decision's subject, a website's 'Cơ quan ban hành' cell and the body's "
            f"mentions ('tỉnh …', 'thành phố …'){named}",
            m.source,
        )


def check_core_areas(plan: Plan) -> Iterator[Hit]:
    """Provincial plans implement the six areas of Resolution 76/NQ-CP; a missing one is a gap. A text
    with no area at all is reported once (PP001 not a plan, PP002 cut short), not six times here."""
    if any(i.code in {"PP001", "PP002"} for i in plan.issues):
        return
    codes = {a.code for a in plan.areas} | {it.area for it in plan.items}
    by_period_only = not (codes & set(CORE_AREAS)) and "by_period" in codes
    for code in CORE_AREAS:
        if code not in codes:
            note = " (the plan is organised by milestone, not by area)" if by_period_only else ""
            yield Hit(
                f"reform area {code} ({CORE_AREA_NAMES[code]}) of Resolution 76/NQ-CP is not in the plan{note}",
                None,
                None,
                Severity.info if by_period_only else None,
            )


def check_unassigned(plan: Plan) -> Iterator[Hit]:
    """Nothing is silently dropped: text no stage claimed is listed for review."""
    for u in plan.unassigned:
        text = " ".join(u.text.split())
        short = text if len(text) <= 80 else text[:79] + "…"
        yield Hit(f"text not assigned to any item, heading or field: {short!r}", u.source)


LIST_PARAGRAPHS_MAX = (
    3  # a few stray list paragraphs happen (a note, a quoted list); more means lost structure
)


def check_list_paragraphs_outside_items(plan: Plan) -> Iterator[Hit]:
    """List paragraphs that no item claimed mean the outline was not recognised: the items are lost."""
    stray = [
        u for u in plan.unassigned if split_marker(u.text.strip())[0] not in {"plain", "article", "roman"}
    ]
    if len(stray) > LIST_PARAGRAPHS_MAX:
        first = " ".join(stray[0].text.split())[:60]
        yield Hit(
            f"{len(stray)} list paragraphs are outside any item (first: {first!r}); the plan's structure "
            "may not have been recognised, so its items may be missing",
            stray[0].source,
        )


def _parser(code: str) -> Check:
    """Pass the parser's own issues with this code through as findings."""

    def check(plan: Plan) -> Iterator[Hit]:
        for issue in plan.issues:
            if issue.code == code:
                yield Hit(issue.message, issue.source, None, Severity(issue.severity))

    return check


# ---------------------------------------------------------------------------------------- catalogue

E, W, INFO = Severity.error, Severity.warning, Severity.info
RULES: tuple[Rule, ...] = (
    Rule("PP003", W, "Part of the input could not be read exactly (reported by the reader)", _parser("PP003")),
    Rule("PP101", E, "Duplicate ordinal among sibling narrative items", check_duplicate_ordinals),
    Rule("PP102", W, "Skipped or out-of-order ordinal among sibling narrative items", check_skipped_ordinals),
    Rule("PP103", W, "Area heading with no items", check_empty_areas),
    Rule(
        "PP104",
        INFO,
        "Item ends mid-sentence before a sibling (may be one item split)",
        check_items_ending_mid_sentence,
    ),
    Rule(
        "PP201", W, "Deadline not understood (kind unknown)", check_unparsed_deadlines, replaces_parser=True
    ),
    Rule("PP202", W, "Appendix row without a deadline", check_rows_without_deadline, replaces_parser=True),
    Rule("PP203", W, "Table row did not fit its columns (reported by the parser)", _parser("PP203")),
    Rule("PP204", W, "Deadline outside the plan period", check_deadline_outside_period),
    Rule("PP205", E, "Deadline ends before the plan's issue date", check_deadline_before_issue),
    Rule("PP206", W, "Appendix row without a lead agency", check_rows_without_lead),
    Rule("PP207", W, "Lead agency also listed as partner", check_lead_also_partner),
    Rule(
        "PP301",
        E,
        "Plan number cited differently elsewhere in the document (reported by the parser)",
        _parser("PP301"),
    ),
    Rule("PP302", W, "Plan number not found", check_plan_number),
    Rule("PP303", W, "Issue date not found", check_issue_date),
    Rule("PP304", W, "Plan period not found (error if it ends before it starts)", check_period),
    Rule("PP305", W, "Province not recognised", check_province),
    Rule(
        "PP401",
        E,
        "Core reform area of Resolution 76/NQ-CP missing (info for by_period-only plans)",
        check_core_areas,
    ),
    Rule("PP402", INFO, "Text not assigned to any item (plan.unassigned)", check_unassigned),
    Rule(
        "PP403",
        W,
        "Heading at the reform-area level matches no known area (kept as other:<slug>)",
        _parser("PP403"),
    ),
    Rule(
        "PP404",
        W,
        "Many list paragraphs outside items (structure not recognised)",
        check_list_paragraphs_outside_items,
    ),
    Rule(
        "PP405", W, "List paragraph of the body read as metadata (reported by the parser)", _parser("PP405")
    ),
)
RULES_BY_CODE = {r.code: r for r in RULES}

_SELECTOR = re.compile(r"ALL|PP\d{0,3}", re.IGNORECASE)


def _normal_selectors(selectors: Iterable[str] | None, what: str) -> set[str] | None:
    if selectors is None:
        return None
    out = set()
    for s in selectors:
        for part in str(s).split(","):
            part = part.strip().upper()
            if not part:
                continue
            if not _SELECTOR.fullmatch(part):
                raise UsageError(f"--{what}: {part!r} is not a rule code or prefix (e.g. PP1, PP204, ALL)")
            out.add("" if part == "ALL" else part)
    return out


def is_selected(code: str, select: set[str] | None, ignore: set[str] | None) -> bool:
    """Most specific selector wins (ruff semantics); ties go to ignore."""
    sel = select if select is not None else {""}
    best_sel = max((len(s) for s in sel if code.startswith(s)), default=-1)
    best_ign = max((len(s) for s in (ignore or ()) if code.startswith(s)), default=-1)
    return best_sel >= 0 and best_sel > best_ign


def _order(f: Finding) -> tuple[object, ...]:
    s = f.source
    pos = (
        (-1,) * 6
        if s is None
        else tuple(-1 if v is None else v for v in (s.page, s.line, s.para, s.table, s.row, s.col))
    )
    return (s is not None, pos, f.code, f.message)


def validate(plan: Plan, select: set[str] | None = None, ignore: set[str] | None = None) -> list[Finding]:
    """Run the rule catalogue (and surface the parser's issues) over a plan; findings in document order."""
    sel, ign = _normal_selectors(select, "select"), _normal_selectors(ignore, "ignore")
    findings: list[Finding] = []
    for rule in RULES:
        if not is_selected(rule.code, sel, ign):
            continue
        for hit in rule.check(plan):
            findings.append(
                Finding(
                    code=rule.code,
                    severity=hit.severity or rule.severity,
                    message=hit.message,
                    source=hit.source,
                    item=hit.item,
                )
            )
    for issue in plan.issues:  # parser codes the catalogue does not know yet
        if issue.code not in RULES_BY_CODE and is_selected(issue.code, sel, ign):
            findings.append(
                Finding(code=issue.code, severity=issue.severity, message=issue.message, source=issue.source)
            )
    return sorted(findings, key=_order)


def validate_file(
    path: str | Path, select: set[str] | None = None, ignore: set[str] | None = None
) -> list[Finding]:
    """Parse a decree file and validate it."""
    from parplan import parse_file

    return validate(parse_file(path), select=select, ignore=ignore)


# ---------------------------------------------------------------------------------------- reporting


def exit_code(findings: Iterable[Finding]) -> int:
    """CLI contract: 1 when any finding is an error, else 0."""
    return 1 if any(f.severity == "error" for f in findings) else 0


def source_label(src: SourceSpan | None) -> str:
    """`samples/x.txt:L150`, `x.pdf:p3`, `x.docx:T2:R5` — like a compiler's location."""
    if src is None:
        return "-"
    parts = [src.file or "-"]
    for key, tag in (("page", "p"), ("line", "L"), ("para", "P"), ("table", "T"), ("row", "R"), ("col", "C")):
        value = getattr(src, key)
        if value is not None:
            parts.append(f"{tag}{value}")
    return ":".join(parts)


def format_finding(f: Finding, file: str | None = None) -> str:
    """One line per finding: `x.txt:L150: PP101 error: item (3) … repeats …`."""
    where = source_label(f.source) if f.source is not None else (file or "-")
    return f"{where}: {f.code} {f.severity}: {f.message}"


def findings_to_json(findings: list[Finding]) -> str:
    """Findings as a JSON list (same order as `validate` returns)."""
    return json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=2) + "\n"


def render_findings(findings: list[Finding], console: Console, file: str | None = None) -> None:
    """Compiler-style lines, coloured by severity, then a one-line count."""
    from rich.markup import escape

    colour = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        where = source_label(f.source) if f.source is not None else (file or "-")
        console.print(
            f"{escape(where)}: [bold]{f.code}[/] [{colour[f.severity]}]{f.severity}[/]: {escape(f.message)}",
            highlight=False,
            soft_wrap=True,
        )
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    console.print(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info", highlight=False
    )


# ------------------------------------------------------------------------------ many files, like a linter

LintResult = tuple[str, list[Finding], "str | None"]  # (path as given, findings, error reading it)


def _lint_place(src: SourceSpan | None) -> str:
    """`12` for a line, else the place as `p3`, `T2:R5`, `P40` (no file name)."""
    if src is None:
        return ""
    if src.line is not None:
        return str(src.line)
    parts = []
    for key, tag in (("page", "p"), ("para", "P"), ("table", "T"), ("row", "R"), ("col", "C")):
        value = getattr(src, key)
        if value is not None:
            parts.append(f"{tag}{value}")
    return ":".join(parts)


def lint_line(path: str, finding: Finding) -> str:
    """`path:line: CODE severity: message`, with the path as the user gave it (`path: CODE …` when
    the finding has no place, `path:T1:R5: …` for a Word table cell)."""
    where = _lint_place(finding.source)
    head = f"{path}:{where}:" if where else f"{path}:"
    return f"{head} {finding.code} {finding.severity}: {finding.message}"


def lint_report(results: list[LintResult]) -> dict[str, object]:
    """The `validate --json` report: `valid` (no errors, every file read), counts per severity and
    per code, and per file its findings or the error that kept it from being read."""
    findings = [f for _, fs, _ in results for f in fs]
    severities = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    codes: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: f.code):
        codes[f.code] = codes.get(f.code, 0) + 1
    files = [
        {
            "path": path,
            "valid": error is None and not any(f.severity == "error" for f in fs),
            "error": error,
            "findings": [{**f.model_dump(mode="json"), "location": lint_line(path, f)} for f in fs],
        }
        for path, fs, error in results
    ]
    return {
        "valid": all(f["valid"] for f in files),
        "files": len(files),
        "counts": severities,
        "codes": codes,
        "results": files,
    }


def render_lint(results: list[LintResult], console: Console) -> None:
    """One line per finding (coloured by severity on a terminal), then a count line."""
    from rich.markup import escape

    from parplan.terminal import safe_text

    colour = {"error": "red", "warning": "yellow", "info": "cyan"}
    for path, findings, error in results:
        if error is not None:
            console.print(f"[red]{escape(safe_text(error))}[/]", highlight=False, soft_wrap=True)
        for f in findings:
            where, rest = safe_text(lint_line(path, f)).split(f" {f.code} ", 1)
            console.print(
                f"{escape(where)} [bold {colour[f.severity]}]{f.code}[/] {escape(rest)}", highlight=False, soft_wrap=True
            )
    found = [f for _, fs, _ in results for f in fs]
    counts = {s: sum(f.severity == s for f in found) for s in ("error", "warning", "info")}
    unread = sum(1 for *_, error in results if error is not None)
    tail = f"; {unread} file{'s' * (unread != 1)} not read" if unread else ""
    console.print(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info "
        f"in {len(results)} file{'s' * (len(results) != 1)}{tail}",
        highlight=False,
    )


def render_statistics(report: dict[str, object], console: Console) -> None:
    """`--statistics`: per rule code, how many findings, its severity and what it checks."""
    codes = report["codes"]
    assert isinstance(codes, dict)
    for code, count in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = RULES_BY_CODE.get(code)
        severity = rule.severity if rule is not None else "-"
        summary = rule.summary if rule is not None else "reported by the parser"
        console.print(f"{count:6d}  {code}  {severity:<7}  {summary}", markup=False, highlight=False)
