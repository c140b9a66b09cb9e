"""Plan diff: areas, targets per indicator/level, task alignment, lead agencies, renderers, and the
Quảng Ninh 2022 ↔ Tuyên Quang 2022 acceptance case."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from parplan.diff import (
    CROSS_AREA_THRESHOLD,
    MATCH_THRESHOLD,
    PlanDiff,
    diff_plans,
    has_differences,
    render_diff,
    targets_of,
    to_json,
    to_markdown,
)
from parplan.extract.numbers import VALUE_RE
from parplan.normalize.text import fold
from parplan.schema import AgencyRef, Number, Plan
from tests.conftest import parsed
from tests.test_validate import item, make_plan, month


@pytest.mark.parametrize(
    ("clause", "unit", "key"),
    [
        (
            "tỷ lệ hài lòng của người dân và doanh nghiệp về việc giải quyết TTHC đạt tối thiểu 95%",
            "%",
            "citizen_satisfaction_tthc",
        ),
        (
            "Phấn đấu mức độ hài lòng của người dân và tổ chức về giải quyết thủ tục hành chính đạt tối thiểu 85%",
            "%",
            "citizen_satisfaction_tthc",
        ),
        (
            "mức độ hài lòng về giải quyết TTHC liên quan đến đầu tư, đất đai, xây dựng đạt tối thiểu 90%",
            "%",
            "citizen_satisfaction_land_construction_investment",
        ),
        (
            "Tỷ lệ hồ sơ nộp qua mạng và giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ đạt "
            "tối thiểu 70%",
            "%",
            "online_dossier_share",
        ),
        (
            "giảm thời gian chờ đợi của người dân tại Bộ phận Một cửa xuống tối đa 30 phút/01 lần giao dịch",
            "phút",
            "waiting_time_one_stop",
        ),
        # waiting time itself is in minutes; a % next to it is the share of waits within the limit
        ("giảm thời gian chờ đợi … 30%", "%", "waiting_time_share_within_limit"),
        (
            "Số hóa kết quả giải quyết TTHC thuộc thẩm quyền của cấp tỉnh, cấp huyện, cấp xã đạt 80%, 70%, 60%",
            "%",
            "digitization_tthc_results_by_level",
        ),
        (
            "Tối thiểu 50% hồ sơ thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
            "%",
            "online_payment_share",
        ),
        ("tỷ lệ giao dịch thanh toán trực tuyến đạt từ 10% trở lên", "%", "online_payment_transaction_share"),
        ("100% văn bản quy phạm pháp luật được ban hành kịp thời", "%", "legal_documents_on_time"),
        ("100% nhiệm vụ được hoàn thành đúng tiến độ", "%", None),
    ],
)
def test_values_without_an_indicator_are_classified_by_the_catalogue(clause: str, unit: str, key: str | None) -> None:
    """A plan read back from JSON without `Number.indicator`: diff keys its values with the catalogue."""
    m = VALUE_RE.search(clause)
    assert m is not None and m.group(2) == unit
    plan = make_plan([item("N1", "administrative_procedures", clause, numbers=[
        Number(value=float(m.group(1).replace(",", ".")), unit=unit, raw=m.group(0))], kind="target")])
    assert [k for k, _ in targets_of(plan)] == ([key] if key else [])


def _pct(value: float, raw: str, comparator: str | None = ">=", **kw: object) -> Number:
    return Number(value=value, unit="%", comparator=comparator, raw=raw, **kw)  # type: ignore[arg-type]


def _pair() -> tuple[Plan, Plan]:
    """Two small plans: different satisfaction targets, one shared task with different leads."""
    a_items = [
        item(
            "N1",
            "administrative_procedures",
            "Tỷ lệ hài lòng của người dân về giải quyết TTHC đạt tối thiểu 95%; "
            "tỷ lệ hồ sơ trực tuyến đạt tối thiểu 70%.",
            numbers=[_pct(95, "95%"), _pct(70, "70%")],
            kind="target",
            line=5,
        ),
        item(
            "N2",
            "digital_government",
            "Chỉ tiêu riêng 60%",
            numbers=[_pct(60, "60%", indicator="custom")],
            kind="target",
            line=6,
        ),
        item("N3", "public_finance", "Nâng cấp hạ tầng mạng viễn thông cho cơ quan tài chính", line=7),
        item(
            "A1",
            "direction",
            "Xây dựng Kế hoạch cải cách hành chính tỉnh Quảng Ninh năm 2022",
            part="appendix",
            section="Nội dung 1",
            lead=["Sở Nội vụ"],
            deadlines=[month("Tháng 12/2021", 2021, 12)],
            line=20,
        ),
    ]
    b_items = [
        item(
            "N1",
            "administrative_procedures",
            "Phấn đấu mức độ hài lòng của người dân về giải quyết thủ tục hành "
            "chính đạt tối thiểu 85%; tỷ lệ hồ sơ trực tuyến đạt tối thiểu 70%.",
            numbers=[_pct(85, "85%"), _pct(70, "70%")],
            kind="target",
            line=5,
        ),
        item(
            "N2",
            "digital_government",
            "Chỉ tiêu riêng 60%",
            numbers=[_pct(60, "60%", indicator="custom")],
            kind="target",
            line=6,
        ),
        item("N3", "apparatus", "Sắp xếp đơn vị hành chính cấp xã theo quy định", line=7),
        item(
            "A1",
            "direction",
            "Xây dựng kế hoạch CCHC tỉnh Tuyên Quang năm 2023",
            part="appendix",
            section="VII",
            lead=[AgencyRef(raw="Văn phòng UBND tỉnh", id="van-phong-ubnd-tinh")],
            deadlines=[month("Tháng 12/2022", 2022, 12)],
            line=20,
        ),
    ]
    a = make_plan(items=a_items, areas=[], province="Quảng Ninh", number="1788/QĐ-UBND", file="a.txt")
    b = make_plan(items=b_items, areas=[], province="Tuyên Quang", number="225/KH-UBND", file="b.txt")
    return a, b


def test_diff_of_hand_made_plans() -> None:
    a, b = _pair()
    d = diff_plans(a, b)
    assert d.a.label == "Quảng Ninh 1788/QĐ-UBND" and d.b.label == "Tuyên Quang 225/KH-UBND"
    assert d.areas.only_a == ["public_finance"] and d.areas.only_b == ["apparatus"]
    rows = {(r.indicator, r.level): r for r in d.targets}
    sat = rows[("citizen_satisfaction_tthc", None)]
    assert [v.value for v in sat.a] == [95] and [v.value for v in sat.b] == [85] and sat.status == "different"
    assert rows[("online_dossier_share", None)].status == "same"
    assert rows[("custom", None)].status == "same"  # Number.indicator wins over the classifier
    assert [(m.a.id, m.b.id) for m in d.matches] == [("A1", "A1")]
    assert d.matches[0].score >= 0.9 and d.matches[0].scope == "same_area_part"
    assert [t.id for t in d.unmatched_a] == ["N3"] and [t.id for t in d.unmatched_b] == ["N3"]
    (lead,) = d.lead_differences
    assert lead.lead_a == ["Sở Nội vụ"] and lead.lead_b == ["Văn phòng UBND tỉnh"]
    assert has_differences(d)


def test_plan_diffed_with_itself_has_no_differences() -> None:
    a, _ = _pair()
    d = diff_plans(a, a)
    assert not has_differences(d)
    assert all(m.score == pytest.approx(1.0) for m in d.matches) and len(d.matches) == 2
    assert all(r.status == "same" for r in d.targets)


def test_thresholds_are_documented_values() -> None:
    assert 0 < MATCH_THRESHOLD < CROSS_AREA_THRESHOLD < 1
    assert diff_plans(*_pair()).threshold == MATCH_THRESHOLD


def test_renderers_are_deterministic() -> None:
    a, b = _pair()
    text = to_json(diff_plans(a, b))
    assert text == to_json(diff_plans(a, b))
    data = json.loads(text)
    assert list(data) == [
        "a",
        "b",
        "areas",
        "targets",
        "matches",
        "unmatched_a",
        "unmatched_b",
        "lead_differences",
        "threshold",
        "cross_area_threshold",
    ]
    assert PlanDiff.model_validate(data) == diff_plans(a, b)
    md = to_markdown(diff_plans(a, b))
    assert (
        "## Quantitative targets" in md
        and "| Overall satisfaction with procedure handling | — | ≥95% | ≥85% | different |" in md
    )
    console = Console(record=True, width=200)
    render_diff(diff_plans(a, b), console)
    out = console.export_text()
    assert "Aligned tasks (1" in out and "Văn phòng UBND tỉnh" in out


# --------------------------------------------------------------------------------------- acceptance


@pytest.fixture(scope="module")
def qn_tq() -> PlanDiff:
    return diff_plans(parsed("quang-ninh-2022-ke-hoach.txt"), parsed("tuyen-quang-2022-ke-hoach.txt"))


@pytest.mark.parametrize(
    ("indicator", "a", "b"),
    [
        ("citizen_satisfaction_tthc", (95.0, "%", ">="), (85.0, "%", ">=")),
        ("online_dossier_share", (70.0, "%", ">="), (50.0, "%", ">=")),
        ("waiting_time_one_stop", (25.0, "phút", "<="), (30.0, "phút", "<=")),
    ],
)
def test_qn_tq_targets_side_by_side(
    qn_tq: PlanDiff, indicator: str, a: tuple[object, ...], b: tuple[object, ...]
) -> None:
    row = next(r for r in qn_tq.targets if r.indicator == indicator and r.level is None)
    # `in`, not `==`: a catalogue-tagged plan may add a second value (QN's "dưới 10 phút" sub-target).
    assert a in [(v.value, v.unit, v.comparator) for v in row.a]
    assert b in [(v.value, v.unit, v.comparator) for v in row.b]
    assert row.status == "different"


def _expanded(text: str) -> str:
    return fold(text).replace("cchc", fold("cải cách hành chính"))


@pytest.mark.parametrize(
    "cues",
    [
        ("xây dựng kế hoạch cải cách hành chính",),  # the annual PAR plan
        ("kiểm tra", "cải cách hành chính"),  # inspection of PAR work
        ("tuyên truyền", "cải cách hành chính"),  # communication on PAR
    ],
)
def test_qn_tq_shared_tasks_are_aligned(qn_tq: PlanDiff, cues: tuple[str, ...]) -> None:
    folded = [fold(c) for c in cues]  # fold() also moves old-style tone marks: "hoạch" → "họach"
    hits = [
        m
        for m in qn_tq.matches
        if all(c in _expanded(m.a.text) for c in folded) and all(c in _expanded(m.b.text) for c in folded)
    ]
    assert hits, [(m.a.text[:50], m.b.text[:50]) for m in qn_tq.matches]
    assert all(m.score >= MATCH_THRESHOLD for m in hits)


def test_qn_tq_matches_are_one_to_one_and_cover_everything(qn_tq: PlanDiff) -> None:
    a_ids = [m.a.id for m in qn_tq.matches] + [t.id for t in qn_tq.unmatched_a]
    b_ids = [m.b.id for m in qn_tq.matches] + [t.id for t in qn_tq.unmatched_b]
    assert len(a_ids) == len(set(a_ids)) and len(b_ids) == len(set(b_ids))
    plan_a = parsed("quang-ninh-2022-ke-hoach.txt")
    assert set(a_ids) == {it.id for it in plan_a.items if it.kind == "task" and not it.is_group}
    assert has_differences(qn_tq)


@pytest.mark.parametrize(
    ("comparator", "shown"),
    [(">=", "≥20%"), (None, "20%"), ("~", "≈20%"), ("+", "+20%"), ("->=", "−≥20%"), ("+>", "+>20%"), ("-", "−20%")],
)
def test_target_display_keeps_relative_changes(comparator: str | None, shown: str) -> None:
    """`tăng thêm 20%` (+) is not the level `20%`: the display must say which it is."""
    from parplan.diff import TargetValue

    assert TargetValue(value=20, unit="%", comparator=comparator, item="N1", raw="20%").display() == shown
