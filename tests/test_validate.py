"""Validation rules: a clean hand-made plan passes, each rule fires on a minimal plan, selection works
like ruff's, parser issues surface with their codes, and the known defects of the samples are found."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date

import pytest
from rich.console import Console

from parplan.errors import UsageError
from parplan.schema import (
    AgencyRef,
    Area,
    Deadline,
    Issue,
    Item,
    Metadata,
    Number,
    Plan,
    SourceSpan,
    Unassigned,
)
from parplan.schema.enums import CORE_AREAS
from parplan.validate import (
    RULES,
    exit_code,
    findings_to_json,
    format_finding,
    is_selected,
    render_findings,
    validate,
)
from tests.conftest import parsed

FILE = "hand.txt"


def src(line: int) -> SourceSpan:
    return SourceSpan(file=FILE, line=line)


def item(
    id: str,
    area: str,
    text: str,
    *,
    section: str | None = None,
    kind: str = "task",
    marker: str = "",
    part: str = "narrative",
    depth: int = 1,
    parent: str | None = None,
    line: int = 1,
    lead: Iterable[str | AgencyRef] = (),
    partners: Iterable[str | AgencyRef] = (),
    deadlines: Iterable[Deadline] = (),
    numbers: Iterable[Number] = (),
    ordinal: str | None = None,
    agency: str | None = None,
    is_group: bool = False,
) -> Item:
    """A narrative item or appendix row with sensible defaults (section follows the area's)."""

    def refs(xs: Iterable[str | AgencyRef]) -> list[AgencyRef]:
        return [x if isinstance(x, AgencyRef) else AgencyRef(raw=x) for x in xs]

    if section is None:
        section = f"II.{CORE_AREAS.index(area) + 1}" if area in CORE_AREAS else "II.9"
    if ordinal is None:
        ordinal = marker.strip("().") if marker not in {"-", "+", ""} else ""
    return Item(
        id=id,
        part=part,
        area=area,
        section=section,
        kind=kind,
        marker=marker,
        ordinal=ordinal,
        depth=depth,
        parent=parent,
        text=text,
        lead=refs(lead),
        partners=refs(partners),
        deadlines=list(deadlines),
        numbers=list(numbers),
        agency=agency,
        is_group=is_group,
        source=src(line),
    )


def month(raw: str, y: int, m: int) -> Deadline:
    end = date(y, m + 1, 1).toordinal() - 1 if m < 12 else date(y, 12, 31).toordinal()
    return Deadline(raw=raw, kind="month", start=date(y, m, 1), end=date.fromordinal(end))


def make_plan(
    items: list[Item] | None = None,
    areas: list[Area] | None = None,
    *,
    province: str | None = "Quảng Ninh",
    number: str | None = "1788/QĐ-UBND",
    issued_on: date | None = date(2021, 12, 30),
    period: tuple[int | None, int | None] = (2022, 2022),
    issues: list[Issue] | None = None,
    unassigned: list[Unassigned] | None = None,
    file: str = FILE,
) -> Plan:
    """A clean plan by default: six core areas with two numbered items each and one appendix row."""
    if areas is None:
        areas = [
            Area(code=code, heading=f"{k + 1}. {code}", section=f"II.{k + 1}", source=src(10 * k + 10))
            for k, code in enumerate(CORE_AREAS)
        ]
    if items is None:
        items = []
        for k, code in enumerate(CORE_AREAS):
            for n in (1, 2):
                items.append(
                    item(
                        f"N{2 * k + n}",
                        code,
                        f"Nhiệm vụ {n} về {code}",
                        marker=f"({n})",
                        line=10 * k + 10 + n,
                    )
                )
        items.append(
            item(
                "A1",
                "direction",
                "Xây dựng Kế hoạch cải cách hành chính năm 2022",
                part="appendix",
                ordinal="1",
                section="Nội dung 1",
                lead=["Sở Nội vụ"],
                partners=["Sở Tư pháp"],
                deadlines=[month("Tháng 6/2022", 2022, 6)],
                line=100,
            )
        )
    return Plan(
        file=file,
        format="txt",
        metadata=Metadata(
            doc_type="ke_hoach",
            province=province,
            number=number,
            issued_on=issued_on,
            period_start=period[0],
            period_end=period[1],
            source=src(1),
        ),
        areas=areas,
        items=items,
        issues=issues or [],
        unassigned=unassigned or [],
    )


def codes(plan: Plan, **kw: set[str]) -> list[str]:
    return [f.code for f in validate(plan, **kw)]


# ------------------------------------------------------------------------------------- clean + rules


def test_clean_plan_has_no_findings() -> None:
    assert validate(make_plan()) == []


def test_catalogue_codes_are_unique_and_well_formed() -> None:
    seen = [r.code for r in RULES]
    assert len(seen) == len(set(seen))
    assert all(c[:2] == "PP" and c[2] in "01234" and len(c) == 5 for c in seen)  # PP0xx: the reader
    assert all(r.summary and r.severity in {"error", "warning", "info"} for r in RULES)


def _with(mutate: Callable[[Plan], None], **kw: object) -> Plan:
    plan = make_plan(**kw)  # type: ignore[arg-type]
    mutate(plan)
    return plan


def _duplicate(plan: Plan) -> None:
    plan.items[1] = plan.items[1].model_copy(update={"marker": "(1)", "ordinal": "1"})


def _skip(plan: Plan) -> None:
    plan.items[1] = plan.items[1].model_copy(update={"marker": "(3)", "ordinal": "3"})


def _empty_area(plan: Plan) -> None:
    plan.items = [it for it in plan.items if it.area != "apparatus"]
    plan.items.append(
        item(
            "A9",
            "apparatus",
            "Bảng: sắp xếp bộ máy",
            part="appendix",
            section="Nội dung 4",
            lead=["Sở Nội vụ"],
            deadlines=[month("Tháng 3/2022", 2022, 3)],
            line=120,
        )
    )


def _row(**kw: object) -> Callable[[Plan], None]:
    def mutate(plan: Plan) -> None:
        row = plan.items[-1]
        plan.items[-1] = row.model_copy(update=kw)

    return mutate


@pytest.mark.parametrize(
    ("code", "severity", "mutate"),
    [
        ("PP101", "error", _duplicate),
        ("PP102", "warning", _skip),
        ("PP103", "warning", _empty_area),
        ("PP201", "warning", _row(deadlines=[Deadline(raw="Theo quy định", kind="unknown")])),
        ("PP202", "warning", _row(deadlines=[])),
        ("PP204", "warning", _row(deadlines=[month("Tháng 3/2023", 2023, 3)])),
        ("PP205", "error", _row(deadlines=[month("Tháng 10/2021", 2021, 10)])),
        ("PP206", "warning", _row(lead=[])),
        ("PP207", "warning", _row(partners=[AgencyRef(raw="Sở Tư pháp"), AgencyRef(raw="sở  nội vụ")])),
        (
            "PP207",
            "warning",
            _row(
                lead=[AgencyRef(raw="SNV", id="so-noi-vu")],
                partners=[AgencyRef(raw="Sở Nội vụ tỉnh", id="so-noi-vu")],
            ),
        ),
        ("PP302", "warning", lambda p: setattr(p.metadata, "number", None)),
        ("PP303", "warning", lambda p: setattr(p.metadata, "issued_on", None)),
        ("PP304", "warning", lambda p: setattr(p.metadata, "period_end", None)),
        ("PP305", "warning", lambda p: setattr(p.metadata, "province", None)),
        (
            "PP401",
            "error",
            lambda p: (
                setattr(p, "items", [it for it in p.items if it.area != "public_finance"])
                or setattr(p, "areas", [a for a in p.areas if a.code != "public_finance"])
            ),
        ),
        (
            "PP402",
            "info",
            lambda p: p.unassigned.append(Unassigned(text="Nơi nhận: như trên", source=src(200))),
        ),
    ],
)
def test_each_rule_fires(code: str, severity: str, mutate: Callable[[Plan], None]) -> None:
    plan = _with(mutate)
    found = [f for f in validate(plan) if f.code == code]
    assert found, [f.code for f in validate(plan)]
    assert {f.severity for f in found} == {severity}
    assert all(f.code == code for f in validate(plan, select={code}))


def test_duplicate_ordinal_points_at_the_repeat_and_the_first() -> None:
    plan = _with(_duplicate)
    (f,) = validate(plan, select={"PP101"})
    assert f.source is not None and f.source.line == 12 and f.item == "N2"
    assert "line 11" in f.message and "(1)" in f.message


def test_ordinals_restart_per_parent_and_marker_family() -> None:
    items = [
        item("N1", "institutional", "a", marker="(1)"),
        item("N2", "institutional", "b", marker="(2)"),
        item("N3", "institutional", "lead-in", marker="a)", is_group=True),
        item("N4", "institutional", "c", marker="(1)", depth=2, parent="N3"),
        item("N5", "institutional", "d", marker="(2)", depth=2, parent="N3"),
        item("N6", "institutional", "e", marker="b)"),
        item("N7", "institutional", "f", marker="-"),
        item("N8", "institutional", "g", marker="-"),
        item("N9", "institutional", "h", marker="đ)"),
    ]
    plan = make_plan(items=items, areas=[])
    found = validate(plan, select={"PP1"})
    # "(1) (2)" under N3 is a new list; bullets are no sequence; b) → đ) skips c), d) in either alphabet.
    assert [(f.code, f.item) for f in found] == [("PP102", "N9")]
    assert "c), d) missing" in found[0].message


def test_vietnamese_and_latin_letter_orders_both_accepted() -> None:
    for letters in ("abcdđeg", "abcdefg"):
        items = [item(f"N{k}", "institutional", ch, marker=f"{ch})") for k, ch in enumerate(letters)]
        assert validate(make_plan(items=items, areas=[]), select={"PP1"}) == []


def test_deadline_before_issue_is_not_also_outside_period() -> None:
    plan = _with(_row(deadlines=[month("Tháng 10/2021", 2021, 10)]))
    assert codes(plan, select={"PP2"}) == ["PP205"]


def test_collective_lead_and_partner_sharing_an_id_is_not_reported() -> None:
    lead = AgencyRef(raw="Các Sở, ban, ngành", id="collective:so-ban-nganh", kind="collective")
    partner = AgencyRef(raw="Các Sở, ngành liên quan", id="collective:so-ban-nganh", kind="collective")
    assert codes(_with(_row(lead=[lead], partners=[partner])), select={"PP207"}) == []


def test_by_period_only_plan_missing_areas_is_info() -> None:
    items = [item("N1", "by_period", "Đến năm 2025: tối thiểu 90% …", kind="target", section="II.2.1")]
    areas = [Area(code="by_period", heading="2.1. Đến năm 2025", section="II.2.1", source=src(5))]
    found = validate(make_plan(items=items, areas=areas), select={"PP401"})
    assert len(found) == 6 and {f.severity for f in found} == {"info"}
    assert exit_code(found) == 0


def test_plan_with_no_areas_at_all_is_an_error() -> None:
    found = validate(make_plan(items=[], areas=[]), select={"PP401"})
    assert len(found) == 6 and {f.severity for f in found} == {"error"}
    assert exit_code(found) == 1


# ------------------------------------------------------------------------------------- parser issues


def test_parser_issues_surface_with_their_codes() -> None:
    issues = [
        Issue(code="PP203", severity="warning", message="lead cell is empty", source=src(100)),
        Issue(
            code="PP301",
            severity="error",
            message="appendix caption cites the plan as 4788/QĐ-UBND but the plan number is 1788/QĐ-UBND",
            source=src(90),
        ),
        Issue(code="PP999", severity="info", message="a future parser check", source=src(3)),
    ]
    found = validate(make_plan(issues=issues))
    assert sorted(f.code for f in found) == ["PP203", "PP301", "PP999"]
    pp301 = next(f for f in found if f.code == "PP301")
    assert pp301.severity == "error" and pp301.source is not None and pp301.source.line == 90
    assert codes(make_plan(issues=issues), ignore={"PP9"}) == ["PP301", "PP203"]


def test_recomputed_codes_replace_the_parsers_copy() -> None:
    plan = _with(
        _row(deadlines=[Deadline(raw="Theo quy định", kind="unknown")]),
        issues=[
            Issue(
                code="PP201",
                severity="warning",
                message="deadline not understood: 'Theo quy định'",
                source=src(100),
            )
        ],
    )
    assert codes(plan) == ["PP201"]


# -------------------------------------------------------------------------------------------- select


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("PP204", None, None, True),
        ("PP204", {"PP2"}, None, True),
        ("PP204", {"PP1"}, None, False),
        ("PP204", {"PP2"}, {"PP204"}, False),
        ("PP204", {"PP204"}, {"PP2"}, True),
        ("PP204", {""}, {"PP20"}, False),
        ("PP204", None, {"PP2"}, False),
    ],
)
def test_most_specific_selector_wins(
    code: str, select: set[str] | None, ignore: set[str] | None, expected: bool
) -> None:
    assert is_selected(code, select, ignore) is expected


def test_select_accepts_all_commas_and_lowercase() -> None:
    plan = _with(_duplicate)
    assert codes(plan, select={"ALL"}) == ["PP101"]
    assert codes(plan, select={"pp3,pp1"}) == ["PP101"]
    assert codes(plan, select={"PP1"}, ignore={"PP101"}) == []


def test_bad_selector_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        validate(make_plan(), select={"E501"})


# ------------------------------------------------------------------------------------------ reporting


def test_reporting_helpers() -> None:
    plan = _with(_duplicate)
    found = validate(plan)
    assert format_finding(found[0]) == f"{FILE}:L12: PP101 error: {found[0].message}"
    data = json.loads(findings_to_json(found))
    assert data[0]["code"] == "PP101" and data[0]["source"]["line"] == 12
    console = Console(record=True, width=200)
    render_findings(found, console)
    assert "1 errors, 0 warnings, 0 info" in console.export_text()
    assert exit_code([]) == 0 and exit_code(found) == 1


# -------------------------------------------------------------------------------------------- samples


def test_quang_ninh_2022_duplicate_ordinal_and_number_mismatch() -> None:
    plan = parsed("quang-ninh-2022-ke-hoach.txt")
    found = validate(plan)
    dup = [f for f in found if f.code == "PP101"]
    assert any("civil_service" in f.message and "(3)" in f.message for f in dup), dup
    lines = {f.source.line for f in dup if f.source}
    assert 150 in lines
    mismatch = [f for f in found if f.code == "PP301"]
    assert mismatch and mismatch[0].severity == "error"
    assert "4788/QĐ-UBND" in mismatch[0].message and "1788/QĐ-UBND" in mismatch[0].message
    assert mismatch[0].source is not None and mismatch[0].source.line == 262
    assert exit_code(found) == 1


@pytest.mark.parametrize(
    "name",
    [
        "tuyen-quang-2022-ke-hoach.txt",
        "quang-binh-2021-2030-ke-hoach.txt",
        "quang-ninh-2021-chuong-trinh-131.txt",
    ],
)
def test_other_samples_have_no_structural_errors(name: str) -> None:
    found = validate(parsed(name), select={"PP1", "PP4"})
    assert not [f for f in found if f.severity == "error"], [format_finding(f) for f in found]
