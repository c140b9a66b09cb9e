"""Appendix tables from plain text: the three flattenings, column roles, row drafts, real samples."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.extract.columns import column_roles, header_role
from parplan.extract.tables import RowDraft, appendix_rows
from parplan.read.source import Cell, Line, Para, Row, SourceRef, Table
from parplan.read.text_tables import (
    REPEATED_HEADER,
    find_text_tables,
    is_group_title,
    looks_like_agency,
    looks_like_time,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "txt"
GOLD = SHARED / "gold"


# ---------------------------------------------------------------------------------------------
# fixtures: the cleaning the txt reader does (UTF-8, no "\r", NBSP → space, rstrip, blank_before)


def lines_from_text(text: str, file: str = "t.txt") -> list[Line]:
    """Lines as the txt reader gives them; a line holding only NBSP stays, as an empty Line."""
    out: list[Line] = []
    blank = False
    for no, raw in enumerate(text.replace("\r", "").split("\n"), start=1):
        if not raw.strip(" \t"):
            blank = True
            continue
        out.append(Line(raw.replace("\u00a0", " ").rstrip(), SourceRef(file, line=no), blank_before=blank))
        blank = False
    return out


def load_sample(stem: str) -> list[Line]:
    return lines_from_text((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"), f"{stem}.txt")


def to_blocks(items: list[Line | Table]) -> list[Para | Table]:
    """Lines → paragraphs (blank-line separated), tables kept: what the segmenter hands on."""
    out: list[Para | Table] = []
    buf: list[Line] = []

    def flush() -> None:
        if buf:
            out.append(Para(" ".join(ln.text.strip() for ln in buf), buf[0].ref.span(buf[-1].ref)))
            buf.clear()

    for item in items:
        if isinstance(item, Table):
            flush()
            out.append(item)
        else:
            if item.blank_before:
                flush()
            buf.append(item)
    flush()
    return out


def tables(items: list[Line | Table]) -> list[Table]:
    return [x for x in items if isinstance(x, Table)]


def grid(table: Table) -> list[list[str]]:
    """Row texts on the column grid; continued cells shown as "^text"."""
    out = []
    for row in table.rows:
        texts = [""] * table.ncols
        for c in row.cells:
            texts[c.col] = ("^" if c.continued else "") + " ".join(c.text.split())
        out.append(texts)
    return out


def norm(text: str | None) -> str:
    """Comparable text: casefolded, punctuation and bullets dropped, single spaces."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(re.sub(r"[^\w%]+", " ", text).split())


def line_accounting(lines: list[Line], items: list[Line | Table]) -> None:
    """Every input line is either returned as a Line or inside exactly one table's span."""
    numbers = [ln.ref.line for ln in lines]
    kept = [x.ref.line for x in items if isinstance(x, Line)]
    spans = [(t.ref.line, t.ref.end_line) for t in tables(items)]
    for no in numbers:
        inside = sum(1 for a, b in spans if a is not None and b is not None and a <= no <= b)
        assert (no in kept) + inside == 1, f"line {no} kept {no in kept}, in {inside} tables"


def cell_provenance(lines: list[Line], items: list[Line | Table]) -> None:
    """A non-continued cell's text is made of the lines its ref points at."""
    by_no = {ln.ref.line: ln.text.replace("\u00a0", " ").strip() for ln in lines}
    for table in tables(items):
        for row in table.rows:
            for cell in row.cells:
                if cell.continued or not cell.text:
                    continue
                assert cell.ref.line is not None and cell.ref.end_line is not None
                source = " ".join(by_no.get(n, "") for n in range(cell.ref.line, cell.ref.end_line + 1))
                assert " ".join(cell.text.split()) in " ".join(source.split())


# ---------------------------------------------------------------------------------------------
# columns


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("STT", "ordinal"),
        ("TT", "ordinal"),
        ("MỤC TIÊU NĂM 2022", "target"),
        ("Chỉ tiêu", "target"),
        ("Nhiệm vụ cụ thể", "task"),
        ("Nội dung", "task"),
        ("Nội dung công việc", "task"),
        ("Tên nhiệm vụ", "task"),
        ("KẾT QUẢ/ SẢN PHẨM", "product"),
        ("Kết quả", "product"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan chủ trì tham mưu", "lead"),
        ("Cơ quan, đơn vị chủ trì thực hiện", "lead"),
        ("Phối hợp", "partners"),
        ("CƠ QUAN PHỐI HỢP", "partners"),
        ("Thời gian bắt đầu", "start"),
        ("Thời gian thực hiện", "start"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Thời gian", "deadline"),
        ("Ghi chú", "note"),
        # the vocabulary of other provinces' tables (issue 14)
        ("Cơ quan chịu trách nhiệm", "lead"),
        ("Cơ quan/Đơn vị thực hiện", "lead"),
        ("Cơ quan chủ trì thực hiện", "lead"),
        ("Sản phẩm đầu ra", "product"),
        ("Kết quả/sản phẩm", "product"),
        ("Hình thức văn bản", "product"),
        ("Tiến độ", "deadline"),
        ("Lộ trình", "deadline"),
        ("Trách nhiệm thực hiện", None),
        ("Trách nhiệm cụ thể", None),
        ("Nội dung 2. Cải cách thể chế", None),
        ("Nhiệm vụ thường xuyên", "task"),  # label-like alone; a header needs a whole row of labels
        ("Sở Tư pháp", None),
        ("1", None),
    ],
)
def test_header_role(label: str, role: str | None) -> None:
    assert header_role(label) == role


def _table(rows: list[list[str]], header_rows: int = 0) -> Table:
    ncols = max(len(r) for r in rows)
    built = []
    for r, texts in enumerate(rows):
        cells = tuple(Cell(t, SourceRef("t", row=r, col=c), col=c) for c, t in enumerate(texts))
        built.append(Row(cells, SourceRef("t", row=r)))
    return Table(tuple(built), SourceRef("t"), ncols=ncols, header_rows=header_rows)


def test_two_row_header_combines_top_and_bottom() -> None:
    table = _table(
        [
            ["STT", "Nhiệm vụ cụ thể", "Trách nhiệm cụ thể", "", "Sản phẩm", "Thời gian"],
            ["", "", "Đơn vị chủ trì", "Đơn vị phối hợp", "", ""],
            ["1", "Xây dựng kế hoạch", "Sở Nội vụ", "Các sở", "Kế hoạch", "Năm 2022"],
        ]
    )
    cmap = column_roles(table)
    assert cmap is not None
    assert cmap.header_rows == 2
    assert cmap.roles == ("ordinal", "task", "lead", "partners", "product", "deadline")
    assert cmap.labels[3] == "Trách nhiệm cụ thể / Đơn vị phối hợp"


def test_split_time_header_gives_start_and_deadline() -> None:
    table = _table(
        [
            ["TT", "Nội dung", "Chủ trì", "Thời gian", ""],
            ["", "", "", "Bắt đầu", "Hoàn thành"],
        ]
    )
    cmap = column_roles(table)
    assert cmap is not None and cmap.roles == ("ordinal", "task", "lead", "start", "deadline")


def test_lone_implementation_time_is_the_deadline() -> None:
    table = _table(
        [
            [
                "STT",
                "Nội dung",
                "Cơ quan chủ trì tham mưu",
                "Cơ quan phối hợp",
                "Thời gian thực hiện",
                "Ghi chú",
            ]
        ]
    )
    cmap = column_roles(table)
    assert cmap is not None and cmap.index("deadline") == 4 and cmap.index("start") is None


def test_layout_tables_are_not_task_tables() -> None:
    assert column_roles(_table([["Nơi nhận:\n- Như trên;", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"]])) is None
    assert column_roles(_table([["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]])) is None


def test_province_synonyms_extend_the_base() -> None:
    table = _table([["STT", "Nhiệm vụ", "Đầu mối", "Thời hạn"]])
    assert column_roles(table) is None
    cmap = column_roles(table, {"lead": ["Đầu mối"]})
    assert cmap is not None and cmap.index("lead") == 2


@pytest.mark.parametrize(
    ("text", "agency", "time"),
    [
        ("Sở Tư pháp; UBND cấp huyện", True, False),
        ("Các cơ quan đảng, chính quyền, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội", True, False),
        ("Ban Tổ chức Tỉnh ủy\nSở Nội vụ", True, False),
        ("Số hóa toàn bộ văn bản QPPL", False, False),
        ("Ban hành Kế hoạch", False, False),
        ("Báo cáo", False, False),
        ("Tháng 12/2021", False, True),
        ("Quý I/2022", False, True),
        ("Thường xuyên, khi nhận được yêu cầu", False, True),
        ("Hằng năm", False, True),
        ("2025-2030", False, True),
        ("Quyết định", False, False),
        ("12", False, False),
    ],
)
def test_content_classifiers(text: str, agency: bool, time: bool) -> None:
    assert looks_like_agency(text) is agency
    assert looks_like_time(text) is time


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Nội dung 1. Công tác chỉ đạo, điều hành", True),
        ("Nội dung 3: Cải cách thủ tục hành chính", True),
        ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", True),
        ("A. Nhiệm vụ trọng tâm", True),
        ("c) Sở Tư pháp", False),
        ("1. Sở Nội vụ", False),
        ("Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện.", False),
    ],
)
def test_group_titles(text: str, group: bool) -> None:
    assert is_group_title(text) is group


# ---------------------------------------------------------------------------------------------
# tabs

TABS = """PHỤ LỤC

STT\tNhiệm vụ cụ thể\tTrách nhiệm cụ thể\t\tSản phẩm\tThời gian hoàn thành
\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t\t
Nội dung 1. Công tác chỉ đạo\t\t\t\t\t
1\tXây dựng Kế hoạch năm 2022\tSở Nội vụ\tCác sở, ngành\tQuyết định\tTháng 12/2021
2\tKiểm tra cải cách hành chính\tSở Nội vụ\tCác cơ quan, đơn vị\t- Kế hoạch - Báo cáo\tTháng 4/2022 Tháng 9/2022

STT\tNhiệm vụ cụ thể\tTrách nhiệm cụ thể\t\tSản phẩm\tThời gian hoàn thành
\t\tĐơn vị chủ trì\tĐơn vị phối hợp\t\t
3\tHội nghị công bố chỉ số\tSở Nội vụ\tCác cơ quan, đơn vị\tHội nghị\tTháng 3/2022

Nội dung 2. Cải cách thể chế

1\tRà soát văn bản quy phạm pháp luật\tSở Tư pháp\tCác sở, ban, ngành\tBáo cáo\tNăm 2022
2\tCập nhật cơ sở dữ liệu\tSở Tư pháp\tVăn phòng UBND tỉnh\tDữ liệu\tThường xuyên
Nội dung 3. Cải cách thủ tục hành chính\t\t\t\t\t
1\tRà soát thủ tục\tVăn phòng UBND tỉnh\tCác sở\tQuyết định\tQuý I/2022\tthừa

Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện.
"""


def test_tabs_layout() -> None:
    lines = lines_from_text(TABS)
    items = find_text_tables(lines, "t.txt")
    line_accounting(lines, items)
    cell_provenance(lines, items)
    (table,) = tables(items)  # chunks, repeated headers and group lines in between: one table
    assert table.header_rows == 2 and table.ncols == 7  # one row has a stray seventh cell
    g = grid(table)
    assert g[2][0] == "Nội dung 1. Công tác chỉ đạo"  # group row, trailing tabs lost to rstrip
    assert table.rows[2].cells[0].col_span == 7
    assert g[3][:6] == [
        "1",
        "Xây dựng Kế hoạch năm 2022",
        "Sở Nội vụ",
        "Các sở, ngành",
        "Quyết định",
        "Tháng 12/2021",
    ]
    # the header repeated after the page break stays in the table, marked
    assert [REPEATED_HEADER in r.anomalies for r in table.rows[5:8]] == [True, True, False]
    assert g[7][0] == "3"
    # the bare group line between blank lines is a one-cell row, its chunk has no header
    assert g[8][0] == "Nội dung 2. Cải cách thể chế" and len(table.rows[8].cells) == 1
    assert g[11][0] == "Nội dung 3. Cải cách thủ tục hành chính"
    assert table.rows[-1].anomalies[0].startswith("row has 7 cells, the header has 6")
    assert isinstance(items[-1], Line) and items[-1].text.startswith("Ủy ban nhân dân")

    rows = appendix_rows(to_blocks(items))
    assert [(r.group, r.ordinal, r.task) for r in rows] == [
        ("Nội dung 1. Công tác chỉ đạo", "1", "Xây dựng Kế hoạch năm 2022"),
        ("Nội dung 1. Công tác chỉ đạo", "2", "Kiểm tra cải cách hành chính"),
        ("Nội dung 1. Công tác chỉ đạo", "3", "Hội nghị công bố chỉ số"),
        ("Nội dung 2. Cải cách thể chế", "1", "Rà soát văn bản quy phạm pháp luật"),
        ("Nội dung 2. Cải cách thể chế", "2", "Cập nhật cơ sở dữ liệu"),
        ("Nội dung 3. Cải cách thủ tục hành chính", "1", "Rà soát thủ tục"),
    ]
    assert rows[1].products == "- Kế hoạch - Báo cáo" and rows[1].deadline == "Tháng 4/2022 Tháng 9/2022"
    assert rows[0].target is None and rows[0].start is None
    assert rows[0].cell_refs["lead"].line == 6 and rows[0].cell_refs["lead"].col == 2


def test_headerless_tab_chunk_after_a_note_is_its_own_table() -> None:
    text = TABS.replace(
        "Nội dung 2. Cải cách thể chế", "Ghi chú: các nhiệm vụ dưới đây thuộc nội dung cải cách thể chế."
    )
    items = find_text_tables(lines_from_text(text), "t.txt")
    first, second = tables(items)
    assert first.header_rows == 2 and second.header_rows == 0
    assert column_roles(second) is None and second.ncols == 7
    rows = appendix_rows(to_blocks(items))  # the headerless chunk continues the task table
    assert [r.ordinal for r in rows] == ["1", "2", "3", "1", "2", "1"]
    assert rows[3].group == "Nội dung 1. Công tác chỉ đạo" and rows[3].lead == "Sở Tư pháp"


def test_tabs_kept_on_group_lines() -> None:
    """A reader that keeps trailing tabs gives the group row empty cells: still a group row."""
    text = TABS.split("\n\n")[1]
    lines = [Line(raw, SourceRef("t.txt", line=n)) for n, raw in enumerate(text.split("\n"), start=1) if raw]
    (table,) = tables(find_text_tables(lines, "t.txt"))
    assert table.header_rows == 2
    rows = appendix_rows([table])
    assert [(r.group, r.ordinal) for r in rows] == [
        ("Nội dung 1. Công tác chỉ đạo", "1"),
        ("Nội dung 1. Công tác chỉ đạo", "2"),
    ]


def test_tab_table_without_header_is_a_layout_table() -> None:
    lines = lines_from_text("Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\tCHỦ TỊCH\n")
    items = find_text_tables(lines, "t.txt")
    (table,) = tables(items)
    assert table.header_rows == 0 and table.ncols == 2 and len(table.rows) == 2
    assert column_roles(table) is None
    assert appendix_rows(to_blocks(items)) == []


# ---------------------------------------------------------------------------------------------
# pipes

# fmt: off
_PIPE_CELLS = [
    # letterhead: two columns, an empty cell
    "ỦY BAN NHÂN DÂN\nTỈNH A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "A, ngày 1 tháng 1 năm 2022",
]
_PIPE_BODY = [
    "TT", "MỤC TIÊU", "NHIỆM VỤ", "KẾT QUẢ/ SẢN PHẨM", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP",
    "THỜI GIAN THỰC HIỆN", "THỜI GIAN HOÀN THÀNH", "GHI CHÚ",
    "I", "CẢI CÁCH THỂ CHẾ",
    # full row
    "1", "Hoàn thiện hệ thống văn bản\nquy phạm pháp luật của tỉnh", "Ban hành kế hoạch kiểm tra văn bản",
    "Kế hoạch", "Sở Tư pháp", "Văn phòng UBND tỉnh;\ncác cơ quan có liên quan", "Tháng 12/2021", "Tháng 12/2021", "",
    # objective merged down
    "2", "Lập danh mục văn bản quy định chi tiết", "Danh mục", "Sở Tư pháp", "Các cơ quan chuyên môn",
    "Năm 2022", "Năm 2022", "",
    # empty ordinal, objective merged down
    "", "Thẩm định dự thảo văn bản quy phạm", "Báo cáo thẩm định", "Sở Tư pháp", "Các cơ quan, đơn vị",
    "Thường xuyên", "Sau 15 ngày kể từ ngày nhận hồ sơ", "",
    # a row that does not fit: agency in the product column, no deadline
    "3", "Tham mưu sửa đổi, bổ sung văn bản không còn phù hợp", "Các Sở, ban, ngành", "Sở Tư pháp",
    "Các Sở, ban, ngành", "Thường xuyên", "", "",
    "II", "CẢI CÁCH CÔNG VỤ",
    "4", "Nâng cao chất lượng đào tạo,\nbồi dưỡng cán bộ", "Xây dựng kế hoạch đào tạo năm 2022", "Kế hoạch",
    "Sở Nội vụ", "Các cơ quan, đơn vị", "Năm 2022", "Năm 2022", "",
    # a row of seven empty cells (ordinal and objective merged)
    "", "", "", "", "", "", "",
    # ordinal and objective merged down
    "Tổ chức thi tuyển công chức theo đề án", "Kế hoạch", "Ban Tổ chức Tỉnh ủy\nSở Nội vụ",
    "Các cơ quan, đơn vị", "Năm 2022", "Năm 2022", "",
    # no objective at all
    "5", "", "Báo cáo cải cách hành chính định kỳ", "Báo cáo", "Sở Nội vụ", "Các cơ quan liên quan",
    "Tháng cuối quý", "Ngày 25 của tháng cuối kỳ", "",
]
# fmt: on


def _pipe_text(cells: list[str]) -> str:
    return "".join(f"{c}\n|\n" if c else "|\n" for c in cells)


PIPES = (
    _pipe_text(_PIPE_CELLS)
    + "KẾ HOẠCH\nCải cách hành chính năm 2022\n"
    + "Nội dung kế hoạch.\n" * 50
    + "PHÂN CÔNG NHIỆM VỤ\n(Kèm theo Kế hoạch số 1/KH-UBND)\n"
    + _pipe_text(_PIPE_BODY)
)


def test_pipes_layout() -> None:
    lines = lines_from_text(PIPES)
    items = find_text_tables(lines, "t.txt")
    line_accounting(lines, items)
    cell_provenance(lines, items)
    head, task = tables(items)
    assert head.ncols == 2 and grid(head) == [
        ["ỦY BAN NHÂN DÂN TỈNH A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["", "A, ngày 1 tháng 1 năm 2022"],
    ]
    assert column_roles(head) is None
    # the appendix title lines before "TT" are not table text
    titles = [x.text for x in items if isinstance(x, Line)][-2:]
    assert titles == ["PHÂN CÔNG NHIỆM VỤ", "(Kèm theo Kế hoạch số 1/KH-UBND)"]
    assert task.ncols == 9 and task.header_rows == 1
    g = grid(task)
    assert g[1][:2] == ["I", "CẢI CÁCH THỂ CHẾ"] and task.rows[1].cells[1].col_span == 8
    objective = "Hoàn thiện hệ thống văn bản quy phạm pháp luật của tỉnh"
    assert g[2][:3] == ["1", objective, "Ban hành kế hoạch kiểm tra văn bản"]
    assert g[3][:3] == ["2", "^" + objective, "Lập danh mục văn bản quy định chi tiết"]
    assert g[4][:3] == ["", "^" + objective, "Thẩm định dự thảo văn bản quy phạm"]
    assert g[5][3:8] == ["Các Sở, ban, ngành", "Sở Tư pháp", "Các Sở, ban, ngành", "Thường xuyên", ""]
    assert "kept in column order" in task.rows[5].anomalies[0]
    assert all(not c.text for c in task.rows[8].cells)  # the empty row
    assert g[9][:3] == [
        "^4",
        "^Nâng cao chất lượng đào tạo, bồi dưỡng cán bộ",
        "Tổ chức thi tuyển công chức theo đề án",
    ]
    assert task.rows[9].cells[4].text == "Ban Tổ chức Tỉnh ủy\nSở Nội vụ"
    assert g[10][:3] == ["5", "", "Báo cáo cải cách hành chính định kỳ"]

    rows = appendix_rows(to_blocks(items))
    assert [r.ordinal for r in rows] == ["1", "2", "", "3", "4", "", "5"]
    assert [r.group for r in rows] == ["I CẢI CÁCH THỂ CHẾ"] * 4 + ["II CẢI CÁCH CÔNG VỤ"] * 3
    assert [r.target_inherited for r in rows] == [False, True, True, True, False, True, False]
    assert rows[1].target == objective and rows[6].target == ""
    assert (
        rows[0].lead == "Sở Tư pháp" and rows[0].partners == "Văn phòng UBND tỉnh;\ncác cơ quan có liên quan"
    )
    assert rows[0].start == "Tháng 12/2021" and rows[0].note is None
    misfit = rows[3]
    assert misfit.products == "Các Sở, ban, ngành" and misfit.deadline == ""
    assert any("looks like an agency" in a for a in misfit.anomalies)
    assert "deadline cell is empty" in misfit.anomalies
    assert rows[5].ordinal == "" and rows[5].lead == "Ban Tổ chức Tỉnh ủy\nSở Nội vụ"
    assert rows[0].cell_refs["task"].line is not None


def test_pipe_signature_block_starts_at_recipients() -> None:
    text = "Yêu cầu các cơ quan thực hiện./.\nNơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n|\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n|\n"
    lines = lines_from_text(text)
    items = find_text_tables(lines, "t.txt")
    line_accounting(lines, items)
    assert isinstance(items[0], Line) and items[0].text.endswith("./.")
    (table,) = tables(items)
    assert grid(table) == [["Nơi nhận: - Bộ Nội vụ; - Lưu: VT.", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"]]


# ---------------------------------------------------------------------------------------------
# one cell per paragraph

# fmt: off
_PARA_CELLS = [
    "STT", "Nội dung", "Cơ quan chủ trì tham mưu", "Cơ quan phối hợp", "Thời gian thực hiện", "Ghi chú",
    "I", "Giai đoạn đến năm 2025", "\u00a0", "\u00a0", "\u00a0", "\u00a0",
    "1", "Giữ vững vị trí nhóm đầu về chỉ số PCI.", "Ban Xúc tiến và Hỗ trợ đầu tư", "Các sở, ban, ngành", "Hằng năm", "\u00a0",
    "2", "Thu hút 10.000 doanh nghiệp thành lập mới", "\u00a0", "Các sở, ban, ngành", "Năm 2025", "\u00a0",
    "II", "Giai đoạn đến năm 2030", "\u00a0", "\u00a0", "\u00a0", "\u00a0",
    "1", "Nghiên cứu xây dựng thể chế chính quyền", "Sở Nội vụ", "Các sở, ban, ngành", "2025-2030", "\u00a0",
    "\u00a0", "\u00a0",
    "HIỆU LỰC VĂN BẢN", "Chương trình số 131/CTr-UBND năm 2021 về cải cách hành chính",
]
# fmt: on
PARAGRAPHS = "TM. ỦY BAN NHÂN DÂN\n\nPHỤ LỤC\n\n" + "\n\n".join(_PARA_CELLS) + "\n"


def test_paragraph_layout() -> None:
    lines = lines_from_text(PARAGRAPHS)
    assert sum(1 for ln in lines if ln.text == "") == 14  # NBSP-only lines survive as empty Lines
    items = find_text_tables(lines, "t.txt")
    line_accounting(lines, items)
    cell_provenance(lines, items)
    (table,) = tables(items)
    assert table.ncols == 6 and table.header_rows == 1
    g = grid(table)
    assert g[1] == ["I", "Giai đoạn đến năm 2025", "", "", "", ""]
    assert g[3] == [
        "2",
        "Thu hút 10.000 doanh nghiệp thành lập mới",
        "",
        "Các sở, ban, ngành",
        "Năm 2025",
        "",
    ]
    assert all(not c.text for c in table.rows[-1].cells)  # trailing padding kept as an empty row
    # the table ends before the next heading
    assert [x.text for x in items if isinstance(x, Line)][-2:] == [
        "HIỆU LỰC VĂN BẢN",
        "Chương trình số 131/CTr-UBND năm 2021 về cải cách hành chính",
    ]
    rows = appendix_rows(to_blocks(items))
    assert [(r.group, r.ordinal) for r in rows] == [
        ("I Giai đoạn đến năm 2025", "1"),
        ("I Giai đoạn đến năm 2025", "2"),
        ("II Giai đoạn đến năm 2030", "1"),
    ]
    assert rows[0].deadline == "Hằng năm" and rows[0].start is None and rows[0].target is None
    assert rows[1].lead == "" and "lead cell is empty" in rows[1].anomalies


def test_paragraph_header_repeated_mid_table() -> None:
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"]
    cells = [*header, "1", "Việc thứ nhất cần làm ngay", "Sở Nội vụ", "Năm 2022"]
    cells += [*header, "2", "Việc thứ hai cần làm sau", "Sở Tư pháp", "Quý I/2023", "Kết thúc phụ lục."]
    items = find_text_tables(lines_from_text("\n\n".join(cells)), "t.txt")
    (table,) = tables(items)
    assert [REPEATED_HEADER in r.anomalies for r in table.rows] == [False, False, True, False]
    assert isinstance(items[-1], Line) and items[-1].text == "Kết thúc phụ lục."
    rows = appendix_rows(to_blocks(items))
    assert [(r.ordinal, r.lead, r.deadline) for r in rows] == [
        ("1", "Sở Nội vụ", "Năm 2022"),
        ("2", "Sở Tư pháp", "Quý I/2023"),
    ]


TWO_ROW_HEADER = [
    ["STT", "Nhiệm vụ", "Trách nhiệm cụ thể", "", "Sản phẩm", "Thời gian hoàn thành"],
    ["", "", "Đơn vị chủ trì", "Đơn vị phối hợp", "", ""],
]
TWO_ROW_BODY = [
    ["1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ngành", "Báo cáo", "Quý II/2023"],
    ["2", "Tuyên truyền pháp luật", "Sở Tư pháp", "Sở Nội vụ", "Tài liệu", "Năm 2023"],
]


@pytest.mark.parametrize("layout", ["pipes", "paragraphs"])
@pytest.mark.parametrize("reverse", [False, True], ids=["spans-right", "spans-left"])
def test_two_row_header_in_a_cell_stream(layout: str, reverse: bool) -> None:
    """A header of two rows in a layout with no row ends: the spanning label ("Trách nhiệm cụ thể")
    has an empty cell beside it and labels under it, and the rows are cut where that stacks."""
    order = (lambda r: [r[0], *reversed(r[1:])]) if reverse else (lambda r: r)
    cells = [t for row in (*TWO_ROW_HEADER, *TWO_ROW_BODY) for t in order(row)]
    if layout == "pipes":
        text = "PHỤ LỤC\n" + "\n".join(line for t in cells for line in ([t, "|"] if t else ["|"]))
    else:
        text = "PHỤ LỤC\n\n" + "\n\n".join(t or "\u00a0" for t in cells)
    (table,) = tables(find_text_tables(lines_from_text(text), "t.txt"))
    assert (table.ncols, table.header_rows) == (6, 2)
    roles = column_roles(table)
    assert roles is not None
    assert (roles.index("lead"), roles.index("partners")) == ((4, 3) if reverse else (2, 3))
    rows = appendix_rows(to_blocks([table]))
    assert [(r.ordinal, r.lead, r.partners, r.deadline) for r in rows] == [
        ("1", "Sở Tư pháp", "Các sở, ngành", "Quý II/2023"),
        ("2", "Sở Tư pháp", "Sở Nội vụ", "Năm 2023"),
    ]


def test_title_above_a_paragraph_header_is_not_a_cell() -> None:
    """A title typed in the same paragraph as the first header cell stays text."""
    cells = ["Nội dung", "Cơ quan chủ trì", "Thời hạn", "Việc cần làm ngay", "Sở Nội vụ", "Năm 2022"]
    items = find_text_tables(lines_from_text("PHỤ LỤC\n" + "\n\n".join(cells)), "t.txt")
    assert isinstance(items[0], Line) and items[0].text == "PHỤ LỤC"
    (table,) = tables(items)
    assert grid(table)[1] == ["Việc cần làm ngay", "Sở Nội vụ", "Năm 2022"]


def test_paragraph_labels_without_rows_are_not_a_table() -> None:
    text = "STT\n\nNội dung\n\nCơ quan chủ trì\n\nThời hạn\n\nHết."
    lines = lines_from_text(text)
    assert find_text_tables(lines, "t.txt") == lines


# ---------------------------------------------------------------------------------------------
# appendix_rows on blocks directly


def test_appendix_rows_group_paragraphs_and_continuations() -> None:
    ref = SourceRef("t")
    header = _table(
        [
            ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
            ["1", "Việc một", "Sở Nội vụ", "Năm 2022"],
        ]
    )
    cont = _table([["2", "Việc hai", "Sở Tư pháp", ""], ["", "", "", ""]])
    blocks: list[Para | Table] = [
        Para("CÁC NHIỆM VỤ TRỌNG TÂM", ref),
        header,
        Para("Nội dung 2. Cải cách thể chế", ref),
        cont,
    ]
    rows = appendix_rows(blocks)
    assert [(r.group, r.ordinal, r.task, r.deadline) for r in rows] == [
        (None, "1", "Việc một", "Năm 2022"),
        ("Nội dung 2. Cải cách thể chế", "2", "Việc hai", ""),
    ]
    assert isinstance(rows[0], RowDraft) and "deadline cell is empty" in rows[1].anomalies


# ---------------------------------------------------------------------------------------------
# real samples against the gold


def _gold(stem: str) -> list[dict]:
    return json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))["table_rows"]


SAMPLES = ["quang-ninh-2022-ke-hoach", "tuyen-quang-2022-ke-hoach", "quang-ninh-2021-chuong-trinh-131"]


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
@pytest.mark.parametrize("stem", SAMPLES)
def test_real_sample_matches_gold(stem: str) -> None:
    lines = load_sample(stem)
    items = find_text_tables(lines, f"{stem}.txt")
    line_accounting(lines, items)
    cell_provenance(lines, items)
    rows = appendix_rows(to_blocks(items))
    gold = _gold(stem)
    assert len(rows) == len(gold)
    start = 0
    for g in gold:  # in document order: two TQ rows share a task text
        hit = next((i for i in range(start, len(rows)) if norm(rows[i].task) == norm(g["task"])), None)
        assert hit is not None, f"gold row not found: {g['task'][:60]}"
        r, start = rows[hit], hit + 1
        assert r.ordinal == g["ordinal"]
        assert (r.target or "") == (g["target"] or ""), g["task"][:40]
        assert norm(r.group) == norm(g["group_heading"])
        assert norm(r.lead) == norm(" ".join(g["lead"]))
        assert norm(r.partners) == norm(" ".join(g["partners"]))
        assert norm(r.products) == norm(" ".join(g["products"]))
        assert norm(r.deadline) == norm(" ".join(g["deadlines"]))
        assert norm(r.start) == norm(g["start"])
        assert norm(r.note) == norm(g["note"])


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_tuyen_quang_layout_tables_and_anomalies() -> None:
    items = find_text_tables(load_sample("tuyen-quang-2022-ke-hoach"), "tq.txt")
    head, signature, task = tables(items)
    assert (head.ncols, len(head.rows), signature.ncols, len(signature.rows)) == (2, 2, 2, 1)
    assert signature.rows[0].cells[0].text.startswith("Nơi nhận:")
    assert column_roles(head) is None and column_roles(signature) is None
    assert task.ref.line == 558  # the "TT" line, not the appendix title above it
    rows = appendix_rows([task])
    misfit = next(r for r in rows if r.ordinal == "8")
    assert (
        misfit.products == "Các Sở, ban, ngành" and misfit.start == "Thường xuyên" and misfit.deadline == ""
    )
    assert any("kept in column order" in a for a in misfit.anomalies)
    merged = [r for r in rows if r.ordinal == "" and r.target_inherited]
    assert len(merged) == 6


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_sample_without_tables_has_none() -> None:
    items = find_text_tables(load_sample("quang-binh-2021-2030-ke-hoach"), "qb.txt")
    assert tables(items) == []


# ---------------------------------------------------------------------------------------------
# properties

# fmt: off
_WORDS = st.sampled_from(
    ["|", "STT", "TT", "Nội dung", "Nhiệm vụ", "Sở Nội vụ", "Năm 2022", "I", "1", "Ghi chú", "Cơ quan phối hợp",
     "Thời gian thực hiện", "\u00a0", "", "Kế hoạch", "a\tb", "\tSở Tư pháp\t", "Nơi nhận:", "xong./."]
)
# fmt: on


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60))
def test_never_crashes_and_keeps_every_line(words: list[str]) -> None:
    lines = lines_from_text("\n".join(words))
    items = find_text_tables(lines, "p.txt")
    line_accounting(lines, items)
    for table in tables(items):
        assert all(0 <= c.col < table.ncols for r in table.rows for c in r.cells)
    appendix_rows(to_blocks(items))


# ---------------------------------------------------------------------------------------------
# The row DP's shortcuts give the numbers of the plain definitions


_FIT = st.sampled_from([-4.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.3, 0.1])


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 9).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(*[_FIT] * n), min_size=1, max_size=30))
    ),
    st.data(),
)
def test_column_sums_are_the_row_sums(
    shape: tuple[int, list[tuple[float, ...]]], data: st.DataObject
) -> None:
    from parplan.read.text_tables import _column_sums

    n, fits = shape
    cols = tuple(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n))))
    if len(cols) > len(fits):
        return
    count = len(fits) - len(cols) + 1
    expected = [sum(fits[i + k][c] for k, c in enumerate(cols)) for i in range(count)]
    assert _column_sums(fits, cols, count) == expected


def _group_score_reference(texts: list[str]) -> float | None:
    """The group-row score as first written: letters by `str.isalpha`, case by `str.isupper`."""
    from parplan.read.text_tables import is_group_ordinal, is_ordinal

    if len(texts) > 2:
        if any(t.strip() for t in texts[2:]):
            return None
        head = _group_score_reference(texts[:2])
        return None if head is None else head + 0.6
    if len(texts) == 1:
        text = texts[0]
        if is_group_title(text):
            return 2.5
        if len(text.split()) > 15:
            return -5.0
        letters = [ch for ch in text if ch.isalpha()]
        return 1.0 if letters and all(ch.isupper() for ch in letters) else -5.0
    head, title = texts[0].strip(), texts[1]
    if is_group_ordinal(head) or is_group_title(head):
        s = 3.0
    elif is_ordinal(head):
        s = 0.5
    else:
        s = -1.0 if not head else -4.0
    if not title.strip():
        s -= 3.0
    elif len(title.split()) <= 30:
        s += 1.5
    return s - 1.0


_CELL = st.sampled_from(
    [
        "",
        " ",
        "II",
        "IV.",
        "A",
        "3",
        "1.2",
        "(4)",
        "NỘI DUNG",
        "Nội dung 2: Cải cách thể chế",
        "II. CẢI CÁCH THỂ CHẾ",
        "Sở Nội vụ",
        "Tháng 12/2022",
        "CẢI CÁCH ǅ",
        "ÁNH ʰ",
        "Ω Ǆ",
        " ".join(["từ"] * 30),
        " ".join(["từ"] * 31),
        " ".join(["TỪ"] * 15),
        " ".join(["TỪ"] * 16),
        "ĐẢNG",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=5))
def test_group_scores_by_cell_terms_are_the_plain_definition(texts: list[str]) -> None:
    from parplan.read.text_tables import _CellTables, _Piece

    cells = [_Piece(t, 1, 1) for t in texts]
    tables = _CellTables(
        cells,
        ["ordinal", "task", *(["lead"] * (len(texts) - 2))]
        if len(texts) > 2
        else ["ordinal", "task"][: len(texts)],
        None,
    )
    assert tables.group_score(0, len(cells)) == _group_score_reference(texts)


_REF = st.builds(
    SourceRef,
    st.just("f"),
    *[st.one_of(st.none(), st.integers(1, 50)) for _ in range(4)],
    *[st.one_of(st.none(), st.integers(0, 5)) for _ in range(4)],
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_REF, min_size=1, max_size=8))
def test_span_all_is_the_chained_span(refs: list[SourceRef]) -> None:
    chained = refs[0]
    for ref in refs[1:]:
        chained = chained.span(ref)
    assert SourceRef.span_all(refs) == chained
