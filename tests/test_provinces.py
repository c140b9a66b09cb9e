"""Province gazetteer and header/title resolution (parplan.normalize.provinces)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parplan.normalize.provinces import ERA_SWITCH, get_province, provinces, resolve_province

PRE = provinces("pre_2025")
POST = provinces("post_2025")


def test_counts_and_ids() -> None:
    assert len(PRE) == 63
    assert len(POST) == 34
    assert Counter(p.kind for p in POST) == {"tinh": 28, "thanh_pho_truc_thuoc_trung_uong": 6}
    assert all(p.id.endswith("@2025") for p in POST)
    assert not any("@" in p.id for p in PRE)
    for era in (PRE, POST):
        codes = [p.code for p in era]
        assert len(codes) == len(set(codes))
        assert all(len(c) == 2 and c.isdigit() for c in codes)


def test_successors_and_formation_agree() -> None:
    """Each pre-2025 unit's successor lists it among the units it was formed from, and vice versa."""
    for p in PRE:
        successor = get_province(p.successor_id or "")
        assert successor is not None and successor.era == "post_2025", p.id
        assert p.id in successor.formed_from, p.id
    for q in POST:
        assert q.formed_from, q.id
        for old in q.formed_from:
            province = get_province(old)
            assert province is not None and province.successor_id == q.id, (q.id, old)
    assert sum(len(q.formed_from) for q in POST) == 63
    assert sum(1 for q in POST if len(q.formed_from) == 1) == 11


def test_seven_codes_reused_by_differently_named_units() -> None:
    pre_names = {p.code: p.name for p in PRE}
    reused = sorted(q.code for q in POST if pre_names[q.code] != q.name and q.code != "46")
    assert reused == ["15", "24", "44", "52", "80", "82", "91"]


@pytest.mark.parametrize(
    ("text", "issued_on", "pid", "name", "code", "era", "successor"),
    [
        (
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
            date(2021, 12, 30),
            "quang-ninh",
            "Quảng Ninh",
            "22",
            "pre_2025",
            "Quảng Ninh",
        ),
        (
            "Quảng Ninh, ngày 30 tháng 12 năm 2021",
            None,
            "quang-ninh",
            "Quảng Ninh",
            "22",
            "pre_2025",
            "Quảng Ninh",
        ),
        (
            "Kế hoạch cải cách hành chính tỉnh Quảng Bình giai đoạn 2021 - 2030",
            date(2021, 9, 21),
            "quang-binh",
            "Quảng Bình",
            "44",
            "pre_2025",
            "Quảng Trị",
        ),
        (
            "UBND TỈNH TUYÊN QUANG",
            date(2021, 12, 24),
            "tuyen-quang",
            "Tuyên Quang",
            "08",
            "pre_2025",
            "Tuyên Quang",
        ),
        (
            "Tuyên Quang, ngày 24 tháng 12 năm 2021",
            date(2021, 12, 24),
            "tuyen-quang",
            "Tuyên Quang",
            "08",
            "pre_2025",
            "Tuyên Quang",
        ),
        (
            "UBND TỈNH TUYÊN QUANG",
            date(2025, 8, 1),
            "tuyen-quang@2025",
            "Tuyên Quang",
            "08",
            "post_2025",
            None,
        ),
        ("UY BAN NHAN DAN TINH QUANG BINH", None, "quang-binh", "Quảng Bình", "44", "pre_2025", "Quảng Trị"),
        (
            "Thanh Hoá, ngày 05 tháng 01 năm 2020",
            None,
            "thanh-hoa",
            "Thanh Hóa",
            "38",
            "pre_2025",
            "Thanh Hóa",
        ),
        (
            "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019",
            None,
            "ho-chi-minh",
            "Hồ Chí Minh",
            "79",
            "pre_2025",
            "Hồ Chí Minh",
        ),
        ("UBND TP.HCM", date(2025, 9, 1), "ho-chi-minh@2025", "Hồ Chí Minh", "79", "post_2025", None),
        ("Thành phố Huế", date(2025, 3, 1), "thua-thien-hue", "Thừa Thiên Huế", "46", "pre_2025", "Huế"),
        (
            "Tỉnh Bà Rịa - Vũng Tàu",
            None,
            "ba-ria-vung-tau",
            "Bà Rịa - Vũng Tàu",
            "77",
            "pre_2025",
            "Hồ Chí Minh",
        ),
        ("tỉnh Quảng Trị", date(2025, 7, 1), "quang-tri@2025", "Quảng Trị", "44", "post_2025", None),
        ("tỉnh Quảng Trị", date(2025, 6, 30), "quang-tri", "Quảng Trị", "45", "pre_2025", "Quảng Trị"),
    ],
)
def test_resolve_province(
    text: str, issued_on: date | None, pid: str, name: str, code: str, era: str, successor: str | None
) -> None:
    m = resolve_province(text, issued_on)
    assert m is not None
    assert (m.id, m.name, m.code, m.era, m.successor_name) == (pid, name, code, era, successor)


def test_sample_successors() -> None:
    qb = resolve_province("tỉnh Quảng Bình", date(2021, 9, 21))
    assert qb is not None and qb.successor_id == "quang-tri@2025"
    tq = get_province("tuyen-quang@2025")
    assert tq is not None and set(tq.formed_from) == {"ha-giang", "tuyen-quang"}
    qn = get_province("quang-ninh@2025")
    assert qn is not None and qn.formed_from == ("quang-ninh",)
    assert date(2025, 7, 1) == ERA_SWITCH


@pytest.mark.parametrize(
    "text", ["", "Trần Thị Huế", "Kế hoạch cải cách hành chính năm 2022", "Số: 225/KH-UBND"]
)
def test_no_province(text: str) -> None:
    assert resolve_province(text) is None


def test_issuer_beats_a_later_name() -> None:
    m = resolve_province("Ban Quản lý Khu kinh tế Vân Đồn và UBND tỉnh Quảng Ninh; Báo Hà Nội mới")
    assert m is not None and m.id == "quang-ninh"


@given(st.text(max_size=120), st.one_of(st.none(), st.dates()))
def test_never_crashes(text: str, issued_on: date | None) -> None:
    m = resolve_province(text, issued_on)
    assert m is None or get_province(m.id) is not None
