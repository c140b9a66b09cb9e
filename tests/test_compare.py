"""N-plan comparison: the three matrices, CSV and XLSX written and re-read (XLSX with zipfile + XML
parsing, as a spreadsheet program would), and formula-injection neutralisation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rich.console import Console

from parplan.compare import Comparison, Matrix, compare_plans, neutralise_cell, render, to_csv, to_xlsx
from parplan.schema import AgencyRef, Number, Plan
from tests.conftest import parsed
from tests.test_validate import item, make_plan, month

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _plans() -> list[Plan]:
    a_items = [
        item(
            "N1",
            "administrative_procedures",
            "Tỷ lệ hài lòng của người dân về giải quyết TTHC đạt tối thiểu 95%",
            kind="target",
            numbers=[Number(value=95, unit="%", comparator=">=", raw="95%")],
        ),
        item(
            "N2",
            "administrative_procedures",
            "Số hóa kết quả giải quyết TTHC của cấp tỉnh, cấp huyện đạt 80%, 70%",
            kind="target",
            numbers=[
                Number(value=80, unit="%", level="province", raw="80%"),
                Number(value=70, unit="%", level="district", raw="70%"),
            ],
        ),
        item("N3", "institutional", "Rà soát văn bản quy phạm pháp luật"),
        item(
            "A1",
            "direction",
            '=HYPERLINK("http://x")',
            part="appendix",
            section="I",
            lead=[AgencyRef(raw="Sở Nội vụ", id="so-noi-vu", name="Sở Nội vụ")],
            deadlines=[month("Tháng 6/2022", 2022, 6)],
        ),
        item(
            "A2",
            "direction",
            "- Kiểm tra công tác cải cách hành chính",
            part="appendix",
            section="I",
            lead=[AgencyRef(raw="@Sở lạ")],
            deadlines=[month("Tháng 9/2022", 2022, 9)],
        ),
    ]
    b_items = [
        item(
            "N1",
            "administrative_procedures",
            "Mức độ hài lòng của người dân về giải quyết thủ tục hành chính đạt tối thiểu 85%",
            kind="target",
            numbers=[Number(value=85, unit="%", comparator=">=", raw="85%")],
        ),
        item("N2", "digital_government", "Phát triển nền tảng số", agency="Sở Thông tin và Truyền thông"),
        item(
            "A1",
            "direction",
            "Xây dựng kế hoạch cải cách hành chính",
            part="appendix",
            section="VII",
            lead=[AgencyRef(raw="Sở Nội vụ tỉnh", id="so-noi-vu", name="Sở Nội vụ")],
            deadlines=[month("Tháng 12/2022", 2022, 12)],
        ),
    ]
    return [
        make_plan(items=a_items, areas=[], province="Quảng Ninh", number="1788/QĐ-UBND", file="a.txt"),
        make_plan(items=b_items, areas=[], province="Tuyên Quang", number="225/KH-UBND", file="b.txt"),
    ]


@pytest.fixture
def comparison() -> Comparison:
    return compare_plans(_plans())


def test_matrices(comparison: Comparison) -> None:
    ind = comparison.indicators
    assert ind.columns == [
        "indicator",
        "label",
        "level",
        "Quảng Ninh 1788/QĐ-UBND",
        "Tuyên Quang 225/KH-UBND",
    ]
    by_key = {(r[0], r[2]): r for r in ind.rows}
    assert by_key[("citizen_satisfaction_tthc", "")][3:] == ["≥95%", "≥85%"]
    assert by_key[("digitization_tthc_results_by_level", "province")][3:] == ["80%", ""]
    assert by_key[("digitization_tthc_results_by_level", "district")][3:] == ["70%", ""]
    assert len(by_key) == len(ind.rows)  # one row per indicator and level

    areas = {r[0]: r for r in comparison.areas.rows}
    assert comparison.areas.columns[:4] == [
        "area",
        "Quảng Ninh 1788/QĐ-UBND targets",
        "Quảng Ninh 1788/QĐ-UBND tasks",
        "Quảng Ninh 1788/QĐ-UBND rows",
    ]
    assert areas["administrative_procedures"][1:] == [2, 0, 0, 1, 0, 0]
    assert areas["direction"][1:] == [0, 0, 2, 0, 0, 1]
    assert list(areas) == ["institutional", "administrative_procedures", "digital_government", "direction"]

    agencies = comparison.agencies
    assert agencies.columns[0:2] == ["agency", "id"] and agencies.columns[-2:] == ["total", "plans"]
    rows = {r[0]: dict(zip(agencies.columns, r, strict=True)) for r in agencies.rows}
    assert rows["Sở Nội vụ"]["direction"] == 2 and rows["Sở Nội vụ"]["plans"] == 2  # same id, two wordings
    assert rows["@Sở lạ"]["id"] == "" and rows["@Sở lạ"]["total"] == 1
    assert any("Thông tin" in name for name in rows)  # narrative sub-heading agency counted


def _read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_one_file_per_matrix_round_trips(comparison: Comparison, tmp_path: Path) -> None:
    paths = to_csv(comparison, tmp_path / "out")
    assert [p.name for p in paths] == ["indicators.csv", "areas.csv", "agencies.csv"]
    for p, m in zip(paths, comparison.matrices(), strict=True):
        rows = _read_csv(p)
        assert rows[0] == m.columns and len(rows) == len(m.rows) + 1
        assert len({r[0] if m.name != "indicators" else (r[0], r[2]) for r in rows[1:]}) == len(m.rows)
    areas = _read_csv(paths[1])
    assert [r[0] for r in areas[1:]] == [r[0] for r in comparison.areas.rows]
    assert areas[1 + [r[0] for r in comparison.areas.rows].index("direction")][3] == "2"


def test_csv_next_to_a_csv_path(comparison: Comparison, tmp_path: Path) -> None:
    paths = to_csv(comparison, tmp_path / "cmp.csv")
    assert [p.name for p in paths] == ["cmp-indicators.csv", "cmp-areas.csv", "cmp-agencies.csv"]


def test_formula_injection_is_neutralised_and_switchable(tmp_path: Path) -> None:
    assert (
        neutralise_cell("=1+1") == "'=1+1"
        and neutralise_cell("-x") == "'-x"
        and neutralise_cell("@a") == "'@a"
    )
    assert neutralise_cell("+84 912") == "'+84 912" and neutralise_cell("Sở") == "Sở"
    assert [neutralise_cell(v) for v in ("-", "+20%", "-5", "+1,5")] == ["-", "+20%", "-5", "+1,5"]
    assert neutralise_cell(-5) == -5 and neutralise_cell(None) is None
    assert neutralise_cell("=1+1", neutralise=False) == "=1+1"
    m = Matrix(name="t", title="t", columns=["x", "n"], rows=[["=SUM(A1:A2)", -3], ["ok", 1]])
    cmp = Comparison(
        plans=[],
        indicators=m,
        areas=m.model_copy(update={"name": "u"}),
        agencies=m.model_copy(update={"name": "v"}),
    )
    safe = _read_csv(to_csv(cmp, tmp_path / "safe")[0])
    raw = _read_csv(to_csv(cmp, tmp_path / "raw", neutralise=False)[0])
    assert safe[1] == ["'=SUM(A1:A2)", "-3"] and raw[1] == ["=SUM(A1:A2)", "-3"]
    agencies = _read_csv(to_csv(compare_plans(_plans()), tmp_path / "plans")[2])
    assert [r[0] for r in agencies if "Sở lạ" in r[0]] == ["'@Sở lạ"]


def read_xlsx(path: Path) -> dict[str, list[list[object]]]:
    """Sheets of an .xlsx as rows of values, as openpyxl (another program) reads them."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {
        ws.title: [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        for ws in book.worksheets
    }


def _cells(m: Matrix) -> list[list[object]]:
    def norm(c: object) -> object:
        if c is None:
            return ""
        return c  # XLSX cells are typed and never neutralised

    return [[norm(c) for c in row] for row in [m.columns, *m.rows]]


def test_xlsx_one_sheet_per_matrix_round_trips(comparison: Comparison, tmp_path: Path) -> None:
    path = to_xlsx(comparison, tmp_path / "cmp.xlsx")
    sheets = read_xlsx(path)
    assert list(sheets) == ["indicators", "areas", "agencies"]
    for m in comparison.matrices():
        got = sheets[m.name]
        want = _cells(m)
        assert len(got) == len(want)  # header + one row per indicator / area / agency
        assert [row + [""] * (len(w) - len(row)) for row, w in zip(got, want, strict=True)] == want
    assert path.read_bytes() == to_xlsx(comparison, tmp_path / "again.xlsx").read_bytes()  # deterministic


def test_render(comparison: Comparison) -> None:
    console = Console(record=True, width=250)
    render(comparison, console)
    out = console.export_text()
    assert "Quantitative targets" in out and "Sở Nội vụ" in out


def test_samples_compare_and_export(tmp_path: Path) -> None:
    names = [
        "quang-ninh-2022-ke-hoach.txt",
        "tuyen-quang-2022-ke-hoach.txt",
        "quang-binh-2021-2030-ke-hoach.txt",
        "quang-ninh-2021-chuong-trinh-131.txt",
    ]
    cmp = compare_plans([parsed(n) for n in names])
    assert len(cmp.plans) == 4 and len({p.label for p in cmp.plans}) == 4
    keys = {(r[0], r[2]) for r in cmp.indicators.rows}
    assert {
        ("citizen_satisfaction_tthc", ""),
        ("online_dossier_share", ""),
        ("waiting_time_one_stop", ""),
    } <= keys
    areas = [r[0] for r in cmp.areas.rows]
    assert len(areas) == len(set(areas)) and {"institutional", "digital_government"} <= set(areas)
    sheets = read_xlsx(to_xlsx(cmp, tmp_path / "samples.xlsx"))
    assert len(sheets["indicators"]) == len(cmp.indicators.rows) + 1
    assert len(sheets["areas"]) == len(cmp.areas.rows) + 1
    paths = to_csv(cmp, tmp_path)
    assert len(_read_csv(paths[0])) == len(cmp.indicators.rows) + 1
