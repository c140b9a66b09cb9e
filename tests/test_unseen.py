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
        "Bắc Kạn", "45/KH-UBND", "2023-01-15", 2023, 2023, "Nguyễn Văn A",
    )
    assert [r.number for r in m.legal_bases] == ["76/NQ-CP", "1234/QĐ-UBND"]


def test_reworded_area_headings_map_to_codes(plan) -> None:  # type: ignore[no-untyped-def]
    assert [a.code for a in plan.areas] == [
        "institutional", "administrative_procedures", "apparatus", "civil_service", "public_finance",
        "digital_government", "direction",
    ]


def test_letter_items_and_numbers(plan) -> None:  # type: ignore[no-untyped-def]
    narrative = [i for i in plan.items if i.part == "narrative"]
    assert len(narrative) == 10
    assert all(i.marker.endswith(")") and i.depth == 1 and i.agency is None for i in narrative)
    digitised = next(i for i in narrative if i.text.startswith("Số hóa"))
    assert [(n.value, n.level) for n in digitised.numbers] == [(90, "province"), (80, "district"), (70, "commune")]


def test_table_with_other_header_words(plan) -> None:  # type: ignore[no-untyped-def]
    rows = [i for i in plan.items if i.part == "appendix"]
    assert [(r.area, r.ordinal, r.lead[0].raw, r.deadlines[0].kind, r.products) for r in rows] == [
        ("institutional", "1", "Sở Tư pháp", "quarter", ["Báo cáo"]),
        ("institutional", "2", "Sở Tư pháp", "month", ["Kết luận kiểm tra"]),
        ("administrative_procedures", "1", "Văn phòng UBND tỉnh", "recurring", ["Quyết định công bố"]),
    ]
    assert not plan.unassigned
