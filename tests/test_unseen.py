"""A decree written for no profile: different province, heading wording, markers and table header.

Guards the generic parser against tuning to the four samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parplan import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "unseen-bac-kan-2023.txt"


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return parse_file(FIXTURE)


def test_metadata(plan) -> None:  # type: ignore[no-untyped-def]
    m = plan.metadata
    assert (m.province, m.number, str(m.issued_on), m.period_start, m.period_end, m.signer) == (
        "Bắc Kạn",
        "45/KH-UBND",
        "2023-01-15",
        2023,
        2023,
        "Nguyễn Văn A",
    )
    assert [r.number for r in m.legal_bases] == ["76/NQ-CP", "1234/QĐ-UBND"]


def test_reworded_area_headings_map_to_codes(plan) -> None:  # type: ignore[no-untyped-def]
    assert [a.code for a in plan.areas] == [
        "institutional",
        "administrative_procedures",
        "apparatus",
        "civil_service",
        "public_finance",
        "digital_government",
        "direction",
    ]


def test_letter_items_and_numbers(plan) -> None:  # type: ignore[no-untyped-def]
    narrative = [i for i in plan.items if i.part == "narrative"]
    assert len(narrative) == 10
    assert all(i.marker.endswith(")") and i.depth == 1 and i.agency is None for i in narrative)
    digitised = next(i for i in narrative if i.text.startswith("Số hóa"))
    assert [(n.value, n.level) for n in digitised.numbers] == [
        (90, "province"),
        (80, "district"),
        (70, "commune"),
    ]


def test_table_with_other_header_words(plan) -> None:  # type: ignore[no-untyped-def]
    rows = [i for i in plan.items if i.part == "appendix"]
    assert [(r.area, r.ordinal, r.lead[0].raw, r.deadlines[0].kind, r.products) for r in rows] == [
        ("institutional", "1", "Sở Tư pháp", "quarter", ["Báo cáo"]),
        ("institutional", "2", "Sở Tư pháp", "month", ["Kết luận kiểm tra"]),
        ("administrative_procedures", "1", "Văn phòng UBND tỉnh", "recurring", ["Quyết định công bố"]),
    ]
    assert not plan.unassigned


# A second unseen decree, in the layouts that lost items before the outline was decided by structure:
# no blank lines, hard-wrapped at 84 columns, a summary bullet list before the areas, unnumbered ALL-CAPS
# area headings (one long and verb-led), "a) Về mục tiêu" sub-headings, "•"/"◦" bullets, and a heading
# at the area level that names no reform area.
LAO_CAI = Path(__file__).parent / "fixtures" / "unseen-lao-cai-2024.txt"


@pytest.fixture(scope="module")
def lao_cai():  # type: ignore[no-untyped-def]
    return parse_file(LAO_CAI)


def test_lao_cai_metadata_reads_the_opening_only(lao_cai) -> None:  # type: ignore[no-untyped-def]
    m = lao_cai.metadata
    assert (m.province, m.number, str(m.issued_on), m.period_start, m.signer) == (
        "Lào Cai",
        "215/KH-UBND",
        "2024-01-10",
        2024,
        "Nguyễn Văn B",
    )
    assert [r.number for r in m.legal_bases] == ["76/NQ-CP", "2468/QĐ-UBND"]


def test_lao_cai_areas_found_by_structure(lao_cai) -> None:  # type: ignore[no-untyped-def]
    assert [(a.code, a.section) for a in lao_cai.areas] == [
        ("summary", "II"),
        ("institutional", "II.1"),
        ("administrative_procedures", "II.2"),
        ("digital_government", "II.3"),
        ("other:phat_trien_kinh_te_tu_nhan", "II.4"),
    ]
    assert [i.code for i in lao_cai.issues] == ["PP403"]


def test_lao_cai_items_keep_area_kind_and_depth(lao_cai) -> None:  # type: ignore[no-untyped-def]
    got = [(i.area, i.kind, i.depth) for i in lao_cai.items]
    assert got == [
        *[("summary", "task", 1)] * 3,
        ("institutional", "target", 1),
        ("institutional", "target", 1),
        ("institutional", "task", 1),
        ("institutional", "task", 2),
        ("institutional", "task", 2),
        ("institutional", "task", 1),
        *[("administrative_procedures", "target", 1)] * 2,
        *[("administrative_procedures", "task", 1)] * 2,
        ("digital_government", "target", 1),
        *[("digital_government", "task", 1)] * 2,
        ("other:phat_trien_kinh_te_tu_nhan", "task", 1),
    ]
    levels = next(i for i in lao_cai.items if i.text.startswith("80% hồ sơ"))
    assert [(n.value, n.level) for n in levels.numbers] == [
        (80, "province"),
        (60, "district"),
        (40, "commune"),
    ]
    assert not lao_cai.unassigned
