"""Grammars as tables: list markers, line re-joining, numbers with levels/years, citations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parplan.extract.numbers import find_values, parse_number
from parplan.extract.references import find_citations
from parplan.read.lines import lines_to_paragraphs
from parplan.read.source import Line, SourceRef
from parplan.segment import split_marker


@pytest.mark.parametrize(
    ("text", "family", "marker"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I."),
        ("IV. KINH PHÍ", "roman", "IV."),
        ("VII CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "roman", "VII"),
        ("1. Cải cách thể chế", "decimal", "1."),
        ("2.1. Giai đoạn đến năm 2025", "decimal2", "2.1."),
        ("2.1 Giai đoạn đến năm 2025", "decimal2", "2.1"),
        ("a) Mục tiêu", "letter", "a)"),
        ("đ) Ban Xúc tiến và Hỗ trợ đầu tư:", "letter", "đ)"),
        ("(10) Tăng cường công tác thanh tra", "paren", "(10)"),
        ("- Đến năm 2025:", "dash", "-"),
        ("– Đến năm 2025:", "dash", "-"),
        ("+ Cơ bản thực hiện đồng bộ", "plus", "+"),
        ("Nội dung 2. Cải cách thể chế hành chính", "content", "Nội dung 2."),
        ("Điều 1. Ban hành kèm theo", "article", "Điều 1."),
        # counter-examples: prose that starts with a number or a capital I-like word
        ("3 cấp tỉnh, huyện, xã", "plain", ""),
        ("10.000 doanh nghiệp thành lập mới", "plain", ""),
        ("100% văn bản quy phạm pháp luật", "plain", ""),
        ("Việt Nam", "plain", ""),
        ("2025-2030", "plain", ""),
    ],
)
def test_split_marker(text: str, family: str, marker: str) -> None:
    got_family, got_marker, rest = split_marker(text)
    assert (got_family, got_marker) == (family, marker)
    assert rest == text[len(marker) :].strip() if marker else rest == text


def _lines(*texts: str, blank_before: tuple[int, ...] = ()) -> list[Line]:
    return [Line(t, SourceRef("t.txt", line=i + 1, end_line=i + 1), blank_before=i in blank_before) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("lines", "blank", "paras"),
    [
        (("1. Cải cách", "thể chế", "- Tiếp tục xây dựng,", "hoàn thiện"), (), ["1. Cải cách thể chế", "- Tiếp tục xây dựng, hoàn thiện"]),
        (("IV.", "KINH PHÍ", "1. Kinh phí thực", "hiện công tác"), (), ["IV. KINH PHÍ", "1. Kinh phí thực hiện công tác"]),
        (("-", "Tiếp tục thực hiện tốt"), (), ["- Tiếp tục thực hiện tốt"]),
        (("(5) chính sách thu", "hút doanh nhân giỏi"), (1,), ["(5) chính sách thu hút doanh nhân giỏi"]),
        (("a) Mục tiêu", "b) Nhiệm vụ"), (1,), ["a) Mục tiêu", "b) Nhiệm vụ"]),
        (("KẾ HOẠCH", "Cải cách hành chính tỉnh"), (), ["KẾ HOẠCH", "Cải cách hành chính tỉnh"]),
        (("Căn cứ Nghị quyết số", "76/NQ-CP ngày 15/7/2021"), (), ["Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021"]),
        (("Cải cách hành chính tỉnh", "(Ban hành kèm theo Quyết định số 1/QĐ-UBND)"), (), ["Cải cách hành chính tỉnh", "(Ban hành kèm theo Quyết định số 1/QĐ-UBND)"]),
    ],
)
def test_lines_to_paragraphs(lines: tuple[str, ...], blank: tuple[int, ...], paras: list[str]) -> None:
    got = lines_to_paragraphs(_lines(*lines, blank_before=blank))
    assert [p.text for p in got] == paras
    assert got[0].ref.line == 1 and got[-1].ref.end_line == len(lines)


V = tuple[float, str, str | None, int | None]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "thuộc thẩm quyền giải quyết của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 80%, 70%, 60% để đảm bảo",
            [(80, "%", "province", None), (70, "%", "district", None), (60, "%", "commune", None)],
        ),
        ("giảm từ 1,7% đơn vị sự nghiệp công lập so với năm 2021 trở lên", [(1.7, "%", None, None)]),
        ("có ít nhất 10.000 doanh nghiệp thành lập mới; FDI đạt trên 5 tỷ USD", [(10000, "doanh nghiệp", None, None), (5, "tỷ USD", None, None)]),
        ("xuống trung bình còn tối đa 25 phút/01 lần giao dịch", [(25, "phút", None, None)]),
        ("Phấn đấu 50% cấp tỉnh, 30% cấp huyện thực hiện họp", [(50, "%", "province", None), (30, "%", "district", None)]),
        ("100% hồ sơ công việc tại cấp tỉnh, cấp huyện và ít nhất 80% hồ sơ công việc tại cấp xã", [(100, "%", None, None), (80, "%", "commune", None)]),
        ("100% cán bộ, công chức cấp xã có trình độ từ trung cấp trở lên, trong đó 90% có trình độ cao đẳng", [(100, "%", "commune", None), (90, "%", "commune", None)]),
        ("25% - 35% số lãnh đạo, quản lý cấp sở, ngành, Ủy ban nhân dân cấp huyện", [(25, "%", None, None), (35, "%", None, None)]),
        ("Năm 2021, số hóa của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 30%, 20%, 15%; giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20%",
         [(30, "%", "province", 2021), (20, "%", "district", 2021), (15, "%", "commune", 2021), (20, "%", None, None)]),
        ("Đến năm 2025, có tối thiểu 20% đơn vị tự bảo đảm chi; 100% đơn vị sự nghiệp kinh tế", [(20, "%", None, 2025), (100, "%", None, 2025)]),
        ("đối với 100% các cơ quan theo tiêu chuẩn ISO 9001: 2015 trong năm 2022", [(100, "%", None, 2022)]),
        ("dịch vụ công trực tuyến mức độ 3, 4 theo Nghị định 107/2021/NĐ-CP", []),
        ("Hệ thống thông tin kết nối 3 cấp tỉnh, huyện, xã; mạng 4G/5G", []),
    ],
)
def test_find_values(text: str, values: list[V]) -> None:
    got = [(v.value, v.unit, v.level, v.year) for v in find_values(text)]
    assert got == [(float(a), b, c, d) for a, b, c, d in values]


@pytest.mark.parametrize(("raw", "value"), [("10.000", 10000.0), ("1,8", 1.8), ("80", 80.0), ("1.000.000", 1e6)])
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@given(st.text(max_size=300))
def test_find_values_never_crashes_and_spans_point_at_text(text: str) -> None:
    for v in find_values(text):
        assert text[v.start : v.end] == v.raw


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", ["76/NQ-CP"]),
        ("Nghị định 107/2021/NĐ-CP ngày 06/12/2021 sửa đổi Nghị định số 61/2018/NĐ-CP", ["107/2021/NĐ-CP", "61/2018/NĐ-CP"]),
        ("Nghị quyết số 05-NQ/TU ngày 09/4/2021; Chương trình hành động số 01-CTr/TU", ["05-NQ/TU", "01-CTr/TU"]),
        ("Số: 3028 /QĐ-UBND", ["3028/QĐ-UBND"]),
        ("ISO 9001:2015, mạng 4G/5G, mức độ 3/4, ngày 15/7/2021", []),
    ],
)
def test_citations(text: str, numbers: list[str]) -> None:
    assert [c.number for c in find_citations(text)] == numbers


def test_submission_run_into_the_bases_is_not_a_basis() -> None:
    from parplan import parse_text

    text = (
        "KẾ HOẠCH\nCải cách hành chính tỉnh Hà Giang năm 2023\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Theo đề nghị của Sở Nội vụ\n"
        "tại Tờ trình số 12/TTr-SNV ngày 01/12/2022, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 5/KH-UBND.\n"
        "I. MỤC TIÊU\n"
    )
    assert [r.number for r in parse_text(text).metadata.legal_bases] == ["76/NQ-CP"]
