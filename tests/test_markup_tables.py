"""Markdown pipe tables and grid tables: read as rows of cells like any text table."""

from __future__ import annotations

import pytest

from parplan import parse_text
from parplan.read.markup_tables import CELL_BREAK, markup_pass
from parplan.read.source import Line, SourceRef, Table
from parplan.read.txt import read_text

HEAD = (
    "KẾ HOẠCH\nCải cách hành chính tỉnh Yên Bái năm 2023\n\nI. MỤC ĐÍCH\n- Nâng cao chất lượng.\n\nPHỤ LỤC\n"
)
MARKDOWN = """| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành |
|:---:|---|---|---|---|---|
| I | Cải cách thể chế |  |  |  |  |
| 1 | Rà soát văn bản quy phạm pháp luật | Sở Tư pháp | Các sở, ngành | Báo cáo<br>Danh mục | Quý II/2023 |
| 2 | Kiểm tra văn bản \\| QPPL | Sở Tư pháp | UBND cấp huyện | Kết luận kiểm tra | Tháng 12/2023 |
|---|---|---|---|---|---|
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành |
| 3 | Tuyên truyền pháp luật | Sở Tư pháp | Sở Thông tin và Truyền thông | Tài liệu | Năm 2023 |
"""
GRID = """+-----+--------------------------+-----------------+------------------+----------+------------+
| STT | Nhiệm vụ                 | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời hạn   |
+=====+==========================+=================+==================+==========+============+
| 1   | Rà soát văn bản quy phạm | Sở Tư pháp      | Các sở, ngành    | Báo cáo  | Quý II/2023|
|     | pháp luật của tỉnh       |                 |                  |          |            |
+-----+--------------------------+-----------------+------------------+----------+------------+
| 2   | Tuyên truyền pháp luật   | Sở Tư pháp      | Sở Thông tin và  | Tài liệu | Năm 2023   |
|     |                          |                 | Truyền thông     |          |            |
+-----+--------------------------+-----------------+------------------+----------+------------+
"""


def _rows(text: str) -> list:  # type: ignore[type-arg]
    return [i for i in parse_text(HEAD + text, "t.txt").items if i.part == "appendix" and not i.is_group]


def test_markdown_table_rows_with_typed_breaks_and_a_repeated_header() -> None:
    rows = _rows(MARKDOWN)
    assert [r.text for r in rows] == [
        "Rà soát văn bản quy phạm pháp luật",
        "Kiểm tra văn bản | QPPL",
        "Tuyên truyền pháp luật",
    ]
    assert [a.raw for a in rows[0].lead] == ["Sở Tư pháp"]
    assert rows[0].products == ["Báo cáo", "Danh mục"]  # `<br>` is a typed line break: two products
    assert [d.raw for d in rows[1].deadlines] == ["Tháng 12/2023"]
    assert [a.raw for a in rows[2].partners] == ["Sở Thông tin và Truyền thông"]


def test_grid_table_joins_a_cell_over_its_lines() -> None:
    rows = _rows(GRID)
    assert [r.text for r in rows] == ["Rà soát văn bản quy phạm pháp luật của tỉnh", "Tuyên truyền pháp luật"]
    assert [a.raw for a in rows[1].partners] == ["Sở Thông tin và Truyền thông"]
    assert [d.raw for d in rows[0].deadlines] == ["Quý II/2023"]


def test_rows_keep_their_source_lines() -> None:
    doc = read_text(HEAD + GRID, "t.txt")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    first_row = table.rows[table.header_rows]
    body_line = (HEAD + GRID).split("\n").index(
        "| 1   | Rà soát văn bản quy phạm | Sở Tư pháp      | Các sở, ngành    | Báo cáo  | Quý II/2023|"
    ) + 1
    assert (
        first_row.ref.line == body_line and first_row.ref.end_line == body_line + 1
    )  # a grid row spans its lines


def test_text_that_only_looks_like_a_table_is_left_alone() -> None:
    lines = [
        Line(t, SourceRef("t.txt", k + 1, k + 1)) for k, t in enumerate(["| a |", "b | c", "+ d +", "|"])
    ]
    assert markup_pass(lines) == lines
    (line,) = markup_pass(
        [Line("| x<br>y | z |", SourceRef("t.txt", 1, 1)), Line("|---|---|", SourceRef("t.txt", 2, 2))]
    )
    assert line.text == f"x{CELL_BREAK}y\tz"


SPACED = """STT  Nhiệm vụ                        Cơ quan chủ trì   Cơ quan phối hợp   Thời hạn
1    Rà soát văn bản QPPL            Sở Tư pháp        Các sở, ngành      Quý II/2023
2    Tuyên truyền pháp luật          Sở Tư pháp                           Năm 2023
3    Kiểm tra văn bản                Sở Tư pháp        UBND cấp huyện     Tháng 12/2023
"""


def test_columns_aligned_with_spaces_are_a_table() -> None:
    rows = _rows(SPACED)
    assert [r.text for r in rows] == ["Rà soát văn bản QPPL", "Tuyên truyền pháp luật", "Kiểm tra văn bản"]
    assert [[a.raw for a in r.partners] for r in rows] == [["Các sở, ngành"], [], ["UBND cấp huyện"]]
    assert [[d.raw for d in r.deadlines] for r in rows] == [["Quý II/2023"], ["Năm 2023"], ["Tháng 12/2023"]]


def test_a_column_few_rows_fill_is_still_a_column() -> None:
    """A trailing "Ghi chú" typed only in the header is a column: no row's text runs across it."""
    lines = SPACED.splitlines()
    width = max(len(line) for line in lines) + 2
    text = "\n".join([lines[0].ljust(width) + "Ghi chú", *lines[1:]]) + "\n"
    rows = _rows(text)
    assert [[d.raw for d in r.deadlines] for r in rows] == [["Quý II/2023"], ["Năm 2023"], ["Tháng 12/2023"]]
    assert [[a.raw for a in r.lead] for r in rows] == [["Sở Tư pháp"]] * 3


WRAPPED = """TT   Nhiệm vụ                      Trách nhiệm thực hiện            Thời gian thực
                                                                    hiện

                                   Chủ trì         Phối hợp

I    CẢI CÁCH THỂ CHẾ

1    Rà soát văn bản quy phạm      Sở Tư pháp      Các sở, ban,     Quý II/2023
     pháp luật của tỉnh                            ngành

2    Tuyên truyền pháp luật        Sở Tư pháp      Sở Nội vụ        Năm 2023

3    Kiểm tra văn bản              Sở Tư pháp      UBND cấp         Tháng 12/2023
                                                   huyện
"""


def test_wrapped_cells_and_a_two_row_header_in_aligned_columns() -> None:
    """Rows separated by blank lines, cells wrapped inside their columns, a header whose second
    row sits under its spanning label: every line with an empty first column continues its row."""
    rows = _rows(WRAPPED)
    assert [r.text for r in rows] == [
        "Rà soát văn bản quy phạm pháp luật của tỉnh",
        "Tuyên truyền pháp luật",
        "Kiểm tra văn bản",
    ]
    assert [[a.raw for a in r.lead] for r in rows] == [["Sở Tư pháp"]] * 3
    assert [[a.raw for a in r.partners] for r in rows] == [
        ["Các sở, ban, ngành"],
        ["Sở Nội vụ"],
        ["UBND cấp huyện"],
    ]
    assert [[d.raw for d in r.deadlines] for r in rows] == [["Quý II/2023"], ["Năm 2023"], ["Tháng 12/2023"]]


def test_a_row_whose_ordinal_is_merged_is_no_continuation() -> None:
    """One line per row: a line without an ordinal that starts a sentence is a row of its own."""
    text = SPACED.replace("3    Kiểm tra văn bản    ", "     Kiểm tra văn bản    ")
    assert text != SPACED
    rows = _rows(text)
    assert [r.text for r in rows] == ["Rà soát văn bản QPPL", "Tuyên truyền pháp luật", "Kiểm tra văn bản"]


def test_prose_with_double_spaces_is_not_a_table() -> None:
    from parplan.read.aligned import align_columns

    prose = [
        "Tiếp tục  đẩy mạnh cải cách  thủ tục hành chính trên địa bàn tỉnh.",
        "Nâng cao  chất lượng phục vụ người dân  và doanh nghiệp của các cơ quan.",
        "Hoàn thành  việc số hóa hồ sơ, kết quả  giải quyết thủ tục hành chính.",
    ]
    assert align_columns(prose) == prose


def test_gaps_that_line_up_by_chance_cutting_a_word_are_no_table() -> None:
    """Recipients with widened gaps: starts line up, but a column would cut "Tỉnh" in two."""
    from parplan.read.aligned import align_columns

    lines = ["-  TT. Tỉnh   ủy, TT. HĐND tỉnh;", "- Vụ    CCHC  - Bộ Nội vụ;", "-  V0,  V1-3, TH4;"]
    assert align_columns(lines) == lines


HEADERLESS = """1\tRà soát văn bản quy phạm pháp luật của tỉnh\tSở Tư pháp\tCác sở, ngành\tBáo cáo\tQuý II/2023
2\tTuyên truyền pháp luật cho người dân\tSở Tư pháp\tSở Thông tin và Truyền thông\tTài liệu\tNăm 2023
3\tKiểm tra văn bản quy phạm pháp luật\tSở Tư pháp\tUBND cấp huyện\tKết luận\tTháng 12/2023
"""


def test_a_table_without_a_header_gets_roles_from_its_cells_and_says_so() -> None:
    plan = parse_text(HEAD + HEADERLESS, "t.txt")
    rows = [i for i in plan.items if i.part == "appendix"]
    assert [r.text for r in rows] == [
        "Rà soát văn bản quy phạm pháp luật của tỉnh",
        "Tuyên truyền pháp luật cho người dân",
        "Kiểm tra văn bản quy phạm pháp luật",
    ]
    assert [[a.raw for a in r.lead] for r in rows] == [["Sở Tư pháp"]] * 3
    assert [[a.raw for a in r.partners] for r in rows][1] == ["Sở Thông tin và Truyền thông"]
    assert [r.products for r in rows] == [["Báo cáo"], ["Tài liệu"], ["Kết luận"]]
    assert [[d.raw for d in r.deadlines] for r in rows] == [["Quý II/2023"], ["Năm 2023"], ["Tháng 12/2023"]]
    assert any("without a header row" in i.message for i in plan.issues)


def test_a_headerless_table_of_other_things_is_not_a_task_table() -> None:
    other = "Xã A\t1.200\t350\t12\nXã B\t980\t410\t9\nXã C\t1.530\t290\t15\n"
    plan = parse_text(HEAD + other, "t.txt")
    assert not [i for i in plan.items if i.part == "appendix"]


def test_a_row_numbering_the_columns_is_no_task() -> None:
    """`(1) (2) (3) …` under the header numbers the columns for the text: it is no row."""
    header = "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn"
    numbers = "(1)\t(2)\t(3)\t(4)"
    rows = [
        "1\tRà soát văn bản QPPL\tSở Tư pháp\tQuý II/2023",
        "2\tTuyên truyền pháp luật\tSở Tư pháp\tNăm 2023",
    ]
    found = _rows("\n".join([header, numbers, *rows]) + "\n")
    assert [r.text for r in found] == ["Rà soát văn bản QPPL", "Tuyên truyền pháp luật"]


def _padded_grid(rows: list[list[str]], width: int = 40) -> str:
    rule = "+" + "+".join("-" * (width + 2) for _ in rows[0]) + "+"
    body = [line for r in rows for line in ("| " + " | ".join(t.ljust(width) for t in r) + " |", rule)]
    return "\n".join([rule, *body])


PADDED = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]] + [
    [str(k), f"Nhiệm vụ số {k}", "Sở Tư pháp", "Năm 2023"] for k in range(1, 6)
]


@pytest.mark.parametrize("text", [MARKDOWN, GRID, _padded_grid(PADDED)], ids=["markdown", "grid", "padded"])
def test_markup_tables_are_left_to_their_own_reader(text: str) -> None:
    """The padding of a markdown or grid table lines up too: the space-aligned reader leaves it."""
    from parplan.read.aligned import align_columns

    lines = text.splitlines()
    assert align_columns(lines) == lines
