"""Deadline grammar tests: every deadline string of the gold annotations plus edge cases.

The gold table below is copied from /work/shared/gold/*.gold.json (`deadlines[i]` → `deadline_norm[i]`,
112 entries, 39 distinct; `xN` = how many gold rows hold it) so the tests run without the shared folder.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parplan.normalize.deadlines import KINDS, STRATEGY_ORDER, Deadline, parse_deadline

GOLD_DEADLINES: list[tuple[str, str, str | None, str | None]] = [
    ("Hằng năm", "recurring", None, None),  # x15
    ("Năm 2021 và 2022", "year_range", "2021-01-01", "2022-12-31"),  # x1
    ("Năm 2023", "year", "2023-01-01", "2023-12-31"),  # x1
    ("Năm 2025", "year", "2025-01-01", "2025-12-31"),  # x7
    ("Năm 2022", "year", "2022-01-01", "2022-12-31"),  # x31
    ("2025-2030", "year_range", "2025-01-01", "2030-12-31"),  # x8
    ("Tháng 12/2021", "month", "2021-12-01", "2021-12-31"),  # x2
    ("Tháng 02/2022", "month", "2022-02-01", "2022-02-28"),  # x1
    ("Tháng 3/2022", "month", "2022-03-01", "2022-03-31"),  # x4
    ("Tháng 01/2022", "month", "2022-01-01", "2022-01-31"),  # x2
    ("Tháng 04/2022", "month", "2022-04-01", "2022-04-30"),  # x1
    ("Tháng 9/2022", "month", "2022-09-01", "2022-09-30"),  # x1
    ("Tháng 7/ 2022", "month", "2022-07-01", "2022-07-31"),  # x1
    ("Tháng 12/2022", "month", "2022-12-01", "2022-12-31"),  # x2
    ("Tháng 03/2022", "month", "2022-03-01", "2022-03-31"),  # x1
    ("Theo chỉ đạo của Bộ Tư pháp", "event", None, None),  # x1
    ("Tháng 1/2022", "month", "2022-01-01", "2022-01-31"),  # x1
    ("Nhiệm vụ thường xuyên", "recurring", None, None),  # x7
    ("Khi có dự thảo văn bản QPPL", "event", None, None),  # x1
    ("Khi có sự thay đổi về TTHC của Bộ, ngành, Trung ương", "event", None, None),  # x1
    ("Năm 2021-2022", "year_range", "2021-01-01", "2022-12-31"),  # x1
    ("Quý I/2022", "quarter", "2022-01-01", "2022-03-31"),  # x1
    ("Tháng 6/2022", "month", "2022-06-01", "2022-06-30"),  # x1
    ("Sau khi có thông báo của Bộ Tư pháp", "event", None, None),  # x1
    ("Thường xuyên, khi nhận được yêu cầu", "event", None, None),  # x1
    ("Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ gửi thẩm định", "relative", None, None),  # x1
    ("Theo quy định", "unknown", None, None),  # x1
    ("Chủ tịch UBND tỉnh ban hành trước ngày 31/01/2022", "date", "2022-01-31", "2022-01-31"),  # x1
    ("Thường xuyên", "recurring", None, None),  # x5
    ("Ngay sau khi văn bản được ban hành và thường xuyên", "event", None, None),  # x1
    ("Ban hành Kế hoạch trong tháng 01/2022", "month", "2022-01-01", "2022-01-31"),  # x1
    ("Báo cáo trước ngày 10/12/2022", "date", "2022-12-10", "2022-12-10"),  # x1
    ("Theo lộ trình quy định tại khoản 2 Điều 4 Nghị định số 107/2021/NĐ-CP ; Mục III Quyết định số 468/QĐ-TTg", "unknown", None, None),  # x1
    ("Quý II năm 2022", "quarter", "2022-04-01", "2022-06-30"),  # x1
    ("Tháng 7/2022", "month", "2022-07-01", "2022-07-31"),  # x1
    ("Hằng tháng", "recurring", None, None),  # x1
    ("Kiểm tra và báo cáo kết quả kiểm tra công tác CCHC Quý IV/2022", "quarter", "2022-10-01", "2022-12-31"),  # x1
    ("Ngày 25 của tháng cuối kỳ báo cáo", "recurring", None, None),  # x1
    ("25/12/2022", "date", "2022-12-25", "2022-12-25"),  # x1
]

EDGE_CASES: list[tuple[str, str, str | None, str | None]] = [
    # date
    ("trước ngày 31/01/2022", "date", "2022-01-31", "2022-01-31"),
    ("Trước ngày 29/02/2024", "date", "2024-02-29", "2024-02-29"),
    ("ngày 31 tháng 01 năm 2022", "date", "2022-01-31", "2022-01-31"),
    ("31/02/2022", "unknown", None, None),  # not a calendar date
    # month: leap years, case, spacing, NBSP
    ("Tháng 02/2024", "month", "2024-02-01", "2024-02-29"),
    ("Tháng 2/2023", "month", "2023-02-01", "2023-02-28"),
    ("Tháng 02/2000", "month", "2000-02-01", "2000-02-29"),
    ("Tháng 02/2100", "month", "2100-02-01", "2100-02-28"),
    ("tháng 3 năm 2022", "month", "2022-03-01", "2022-03-31"),
    ("THÁNG 11/2022", "month", "2022-11-01", "2022-11-30"),
    ("  Tháng   3 /2022 ", "month", "2022-03-01", "2022-03-31"),
    ("Tháng\u00a012/2022", "month", "2022-12-01", "2022-12-31"),
    ("Tháng 13/2022", "unknown", None, None),
    ("Tháng 01/2022 và tháng 12/2022", "unknown", None, None),  # two months: ambiguous, not guessed
    # quarter
    ("Quý 3/2022", "quarter", "2022-07-01", "2022-09-30"),
    ("Quý 4/2022", "quarter", "2022-10-01", "2022-12-31"),
    ("QUÝ IV/2022", "quarter", "2022-10-01", "2022-12-31"),
    ("quý ii năm 2022", "quarter", "2022-04-01", "2022-06-30"),
    ("Quý III - 2023", "quarter", "2023-07-01", "2023-09-30"),
    # half year
    ("6 tháng đầu năm 2022", "half_year", "2022-01-01", "2022-06-30"),
    ("6 tháng cuối năm 2022", "half_year", "2022-07-01", "2022-12-31"),
    ("Trong 6 tháng đầu năm 2024", "half_year", "2024-01-01", "2024-06-30"),
    # year
    ("2022", "year", "2022-01-01", "2022-12-31"),
    ("Trong năm 2023", "year", "2023-01-01", "2023-12-31"),
    ("Hoàn thành năm 2022", "year", "2022-01-01", "2022-12-31"),
    ("NĂM 2022.", "year", "2022-01-01", "2022-12-31"),
    ("Năm 2022 (hoàn thành 2023)", "unknown", None, None),  # two years, no range word
    # year range: hyphen, en-dash, spaces, 'và', 'Giai đoạn'
    ("Năm 2021-2022", "year_range", "2021-01-01", "2022-12-31"),
    ("Năm 2021 - 2022", "year_range", "2021-01-01", "2022-12-31"),
    ("Năm 2021 và 2022", "year_range", "2021-01-01", "2022-12-31"),
    ("2025-2030", "year_range", "2025-01-01", "2030-12-31"),
    ("2021–2025", "year_range", "2021-01-01", "2025-12-31"),
    ("Giai đoạn 2021-2025", "year_range", "2021-01-01", "2025-12-31"),
    ("giai đoạn 2021 — 2025", "year_range", "2021-01-01", "2025-12-31"),
    ("Từ năm 2021 đến năm 2025", "year_range", "2021-01-01", "2025-12-31"),
    # recurring
    ("Thường xuyên", "recurring", None, None),
    ("THƯỜNG XUYÊN", "recurring", None, None),
    ("Hằng năm", "recurring", None, None),
    ("Hàng năm", "recurring", None, None),
    ("Hằng tháng", "recurring", None, None),
    ("Hằng quý", "recurring", None, None),
    ("Định kỳ", "recurring", None, None),
    ("Nhiệm vụ thường xuyên", "recurring", None, None),
    ("Ngày 25 của tháng cuối kỳ báo cáo", "recurring", None, None),
    ("Tháng cuối quý", "recurring", None, None),
    ("Thường xuyên trong năm 2022", "recurring", None, None),  # the cadence opens the entry
    ("Báo cáo định kỳ, hoàn thành Quý IV/2022", "quarter", "2022-10-01", "2022-12-31"),  # period wins
    # event: a 'khi …' condition wins over a cadence
    ("Khi có dự thảo văn bản QPPL", "event", None, None),
    ("Thường xuyên, khi nhận được yêu cầu", "event", None, None),
    ("Hằng năm hoặc đột xuất", "event", None, None),
    ("Theo yêu cầu của UBND tỉnh", "event", None, None),
    # relative
    ("Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ gửi thẩm định", "relative", None, None),
    ("Trong vòng 30 ngày kể từ ngày Quyết định có hiệu lực", "relative", None, None),
    ("Trong vòng 30 ngày kể từ khi nhận được hồ sơ", "relative", None, None),
    ("05 ngày làm việc kể từ ngày nhận hồ sơ", "relative", None, None),
    # unknown: citations' years and standards are not deadlines
    ("Theo quy định", "unknown", None, None),
    ("", "unknown", None, None),
    ("   \u00a0 ", "unknown", None, None),
    ("Theo Quyết định số 468/QĐ-TTg ngày 27/3/2021", "unknown", None, None),
    ("Theo Nghị định số 107/2021/NĐ-CP", "unknown", None, None),
    ("Theo Đề án số 05-ĐA/TU ngày 9/7/2021 của Tỉnh ủy", "unknown", None, None),
    ("Theo tiêu chuẩn ISO 9001:2015", "unknown", None, None),
    ("Tháng 7", "unknown", None, None),  # no year and no default year
    ("Quý I", "unknown", None, None),
]


def _check(raw: str, kind: str, start: str | None, end: str | None) -> None:
    got = parse_deadline(raw)
    assert (got.kind, got.start, got.end) == (kind, start, end), got


@pytest.mark.parametrize(("raw", "kind", "start", "end"), GOLD_DEADLINES)
def test_gold_deadlines(raw: str, kind: str, start: str | None, end: str | None) -> None:
    _check(raw, kind, start, end)


@pytest.mark.parametrize(("raw", "kind", "start", "end"), EDGE_CASES)
def test_edge_cases(raw: str, kind: str, start: str | None, end: str | None) -> None:
    _check(raw, kind, start, end)


def test_raw_is_whitespace_collapsed_and_strategy_recorded() -> None:
    got = parse_deadline("  Quý\u00a0IV/2022\n")
    assert got == Deadline(raw="Quý IV/2022", kind="quarter", start="2022-10-01", end="2022-12-31", strategy="quarter")
    assert parse_deadline("Tháng 7/ 2022").raw == "Tháng 7/ 2022"  # the stray space is kept as written
    assert parse_deadline("").strategy == "empty"
    assert parse_deadline("Theo quy định").strategy == "none"


@pytest.mark.parametrize(
    ("raw", "strategy"),
    [
        ("Sau 15 ngày kể từ ngày nhận đủ hồ sơ", "relative"),
        ("Thường xuyên, khi nhận được yêu cầu", "event"),
        ("Ngày 25 của tháng cuối kỳ báo cáo", "recurring_day"),
        ("Nhiệm vụ thường xuyên", "recurring_lead"),
        ("Báo cáo trước ngày 10/12/2022", "date"),
        ("Ban hành Kế hoạch trong tháng 01/2022", "month"),
        ("Quý II năm 2022", "quarter"),
        ("6 tháng đầu năm 2022", "half_year"),
        ("Năm 2021 và 2022", "year_range"),
        ("Năm 2022", "year"),
        ("Báo cáo định kỳ", "recurring"),
    ],
)
def test_strategy_names(raw: str, strategy: str) -> None:
    assert parse_deadline(raw).strategy == strategy
    assert strategy in STRATEGY_ORDER


@pytest.mark.parametrize(
    ("raw", "kind", "start", "end"),
    [
        ("Quý I", "quarter", "2023-01-01", "2023-03-31"),
        ("Tháng 7", "month", "2023-07-01", "2023-07-31"),
        ("trước ngày 15/7", "date", "2023-07-15", "2023-07-15"),
        ("6 tháng cuối năm", "half_year", "2023-07-01", "2023-12-31"),
        ("Tháng 2", "month", "2023-02-01", "2023-02-28"),
        ("Hằng năm", "recurring", None, None),  # a cadence never borrows the default year
        ("Năm 2022", "year", "2022-01-01", "2022-12-31"),  # a written year beats the default
    ],
)
def test_default_year(raw: str, kind: str, start: str | None, end: str | None) -> None:
    got = parse_deadline(raw, default_year=2023)
    assert (got.kind, got.start, got.end) == (kind, start, end)


@pytest.mark.parametrize("year", [-5, 0, 1899, 2200, 10_000])
def test_implausible_default_year_is_ignored(year: int) -> None:
    assert parse_deadline("Quý I", default_year=year).kind == "unknown"
    assert parse_deadline("Quý I/2022", default_year=year).kind == "quarter"


_VOCAB = st.sampled_from(
    ["Tháng", "tháng", "Quý", "năm", "Năm", "ngày", "trước", "khi", "Hằng", "6 tháng đầu", "cuối", "kể từ",
     "Sau", "Trong vòng", "/", "-", "–", " ", "\u00a0", "\n", ";", ",", "IV", "II", "NĐ-CP", "số", "và"]
)
_NUMBER = st.integers(min_value=0, max_value=3000).map(str)
_DEADLINEISH = st.lists(st.one_of(_VOCAB, _NUMBER), max_size=12).map(" ".join)


@given(st.one_of(st.text(max_size=80), _DEADLINEISH), st.one_of(st.none(), st.integers()))
def test_never_raises_and_is_well_formed(raw: str, default_year: int | None) -> None:
    got = parse_deadline(raw, default_year=default_year)
    assert got.kind in KINDS
    assert got.strategy in (*STRATEGY_ORDER, "empty", "none")
    assert (got.start is None) == (got.end is None)
    if got.kind in {"recurring", "event", "relative", "unknown"}:
        assert got.start is None
    else:
        assert got.start is not None and got.end is not None
        assert dt.date.fromisoformat(got.start) <= dt.date.fromisoformat(got.end)
