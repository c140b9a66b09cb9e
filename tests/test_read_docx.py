"""DOCX reader: Word numbering rendered as text markers, tables on their column grid, real samples.

Fixtures are built in code with python-docx (+ raw XML where python-docx has no API: numbering,
repeat-header rows), so no binary file needs reviewing.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from parplan.errors import UnreadableInput
from parplan.read.docx import format_number, read_docx
from parplan.read.lines import MARKER_RE
from parplan.read.source import Para, SourceDoc, Table

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = ROOT.parent / "shared" / "gold"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.docx"))

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---------------------------------------------------------------------------------------------
# fixture builders


def _xml(fragment: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(f'<root xmlns:w="{W_NS}">{fragment}</root>')[0]


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def new_doc(
    abstracts: dict[int, list[str]] | None = None, nums: dict[int, tuple[int, str]] | None = None
) -> Any:
    """A python-docx Document whose numbering part holds exactly the given definitions.

    `abstracts`: abstractNumId → level XML; `nums`: numId → (abstractNumId, extra XML inside w:num).
    """
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = docx.Document()
    numbering = doc.part.part_related_by(RT.NUMBERING).element
    for child in list(numbering):
        numbering.remove(child)
    for aid, levels in (abstracts or {}).items():
        numbering.append(_xml(f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'))
    for nid, (aid, extra) in (nums or {}).items():
        numbering.append(_xml(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{extra}</w:num>'))
    return doc


def numbered(doc: Any, text: str, num_id: int, ilvl: int = 0) -> Any:
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        _xml(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def read(doc: Any, name: str = "t.docx") -> SourceDoc:
    buf = io.BytesIO()
    doc.save(buf)
    return read_docx(Path(name), buf.getvalue())


def para_texts(src: SourceDoc) -> list[str]:
    return [b.text for b in src.blocks if isinstance(b, Para)]


def tables(src: SourceDoc) -> list[Table]:
    return [b for b in src.blocks if isinstance(b, Table)]


LADDER = [
    _lvl(0, "upperRoman", "%1."),
    _lvl(1, "decimal", "%2."),
    _lvl(2, "lowerLetter", "%3)"),
    _lvl(3, "bullet", "-"),
    _lvl(4, "bullet", "+"),
]


# ---------------------------------------------------------------------------------------------
# numbering


def test_decree_ladder_renders_markers_and_restarts_lower_levels() -> None:
    doc = new_doc({0: LADDER}, {1: (0, "")})
    for text, lvl in [
        ("MỤC TIÊU", 0),
        ("Cải cách thể chế", 1),
        ("Mục tiêu", 2),
        ("Nhiệm vụ", 2),
        ("Rà soát", 3),
        ("chi tiết", 4),
        ("Cải cách TTHC", 1),
        ("Mục tiêu", 2),
        ("NHIỆM VỤ", 0),
        ("Thể chế", 1),
    ]:
        numbered(doc, text, 1, lvl)
    assert para_texts(read(doc)) == [
        "I. MỤC TIÊU",
        "1. Cải cách thể chế",
        "a) Mục tiêu",
        "b) Nhiệm vụ",
        "- Rà soát",
        "+ chi tiết",
        "2. Cải cách TTHC",
        "a) Mục tiêu",
        "II. NHIỆM VỤ",
        "1. Thể chế",
    ]


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("decimal", "(%1)", ["(1)", "(2)", "(3)"]),
        ("decimal", "%1)", ["1)", "2)", "3)"]),
        ("lowerRoman", "%1.", ["i.", "ii.", "iii."]),
        ("upperLetter", "%1.", ["A.", "B.", "C."]),
        ("decimalZero", "%1.", ["01.", "02.", "03."]),
    ],
)
def test_number_formats(fmt: str, text: str, expected: list[str]) -> None:
    doc = new_doc({0: [_lvl(0, fmt, text)]}, {1: (0, "")})
    for word in ("một", "hai", "ba"):
        numbered(doc, word, 1)
    assert [t.split(" ")[0] for t in para_texts(read(doc))] == expected


def test_multilevel_text_and_start_value() -> None:
    doc = new_doc({0: [_lvl(0, "decimal", "%1.", start=3), _lvl(1, "decimal", "%1.%2.")]}, {1: (0, "")})
    numbered(doc, "Ba", 1)
    numbered(doc, "Ba một", 1, 1)
    numbered(doc, "Ba hai", 1, 1)
    numbered(doc, "Bốn", 1)
    numbered(doc, "Bốn một", 1, 1)
    assert para_texts(read(doc)) == ["3. Ba", "3.1. Ba một", "3.2. Ba hai", "4. Bốn", "4.1. Bốn một"]


def test_start_override_restarts_and_plain_num_continues_the_shared_list() -> None:
    # Word keeps one counter per abstract list: num 2 (startOverride) restarts it, num 3 continues it.
    doc = new_doc(
        {0: [_lvl(0, "decimal", "%1.")]},
        {
            1: (0, ""),
            2: (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            3: (0, ""),
        },
    )
    numbered(doc, "a", 1)
    numbered(doc, "b", 1)
    doc.add_paragraph("Đoạn xen giữa.")
    numbered(doc, "c", 2)
    numbered(doc, "d", 2)
    numbered(doc, "e", 3)
    assert para_texts(read(doc)) == ["1. a", "2. b", "Đoạn xen giữa.", "1. c", "2. d", "3. e"]


def test_separate_abstract_lists_count_separately() -> None:
    doc = new_doc({0: [_lvl(0, "decimal", "%1.")], 1: [_lvl(0, "decimal", "(%1)")]}, {1: (0, ""), 2: (1, "")})
    numbered(doc, "a", 1)
    numbered(doc, "x", 2)
    numbered(doc, "b", 1)
    numbered(doc, "y", 2)
    assert para_texts(read(doc)) == ["1. a", "(1) x", "2. b", "(2) y"]


def test_letters_follow_word_not_the_vietnamese_alphabet() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 4, 5, 26, 27, 28)] == [
        "a",
        "d",
        "e",
        "z",
        "aa",
        "bb",
    ]
    assert format_number(14, "upperRoman") == "XIV"


def test_symbol_font_bullet_becomes_a_visible_marker() -> None:
    doc = new_doc({0: [_lvl(0, "bullet", "\uf0b7"), _lvl(1, "bullet", "\uf02d")]}, {1: (0, "")})
    numbered(doc, "chấm", 1)
    numbered(doc, "gạch", 1, 1)
    assert para_texts(read(doc)) == ["• chấm", "- gạch"]


def test_style_based_numbering() -> None:
    doc = new_doc({0: [_lvl(0, "decimal", "%1.")]}, {1: (0, "")})
    style = doc.styles["List Number"]
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(f"{{{W_NS}}}numPr"):
        ppr.remove(old)
    ppr.append(_xml('<w:numPr><w:numId w:val="1"/></w:numPr>'))
    doc.add_paragraph("Thứ nhất", style="List Number")
    doc.add_paragraph("Thứ hai", style="List Number")
    p = doc.add_paragraph("Không đánh số", style="List Number")
    p._p.get_or_add_pPr().append(_xml('<w:numPr><w:numId w:val="0"/></w:numPr>'))  # numbering removed
    assert para_texts(read(doc)) == ["1. Thứ nhất", "2. Thứ hai", "Không đánh số"]


# ---------------------------------------------------------------------------------------------
# paragraphs


def test_body_order_bold_and_provenance() -> None:
    import docx  # noqa: F401  (fixture builder needs it; keeps the import error readable)

    doc = new_doc()
    doc.add_paragraph().add_run("I. MỤC ĐÍCH").bold = True
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "ô"
    p = doc.add_paragraph()
    p.add_run("- Nội dung ")
    p.add_run("đậm").bold = True
    src = read(doc, "x.docx")
    assert [type(b).__name__ for b in src.blocks] == ["Para", "Table", "Para"]
    first, _table, last = src.blocks
    assert isinstance(first, Para) and first.bold and first.ref.para == 0 and first.ref.file == "x.docx"
    assert isinstance(last, Para) and not last.bold and last.ref.para == 1
    assert src.format == "docx"


def test_line_breaks_hyphens_and_markdown_debris() -> None:
    doc = new_doc()
    p = doc.add_paragraph("KẾ HOẠCH")
    p.add_run().add_break()
    p.add_run("Cải cách hành chính")
    doc.add_paragraph("Số: **3028** /QĐ-UBND")
    doc.add_paragraph("3")  # a page number pasted into the body, as in the Quảng Bình sample
    src = read(doc)
    assert para_texts(src) == ["KẾ HOẠCH", "Cải cách hành chính", "Số: 3028 /QĐ-UBND"]
    assert [(d.text, d.reason) for d in src.dropped] == [("3", "page number")]


def test_paragraph_split_mid_sentence_is_rejoined_like_the_txt() -> None:
    doc = new_doc()
    doc.add_paragraph("- Tăng cường vai trò của người dân trong việc")
    doc.add_paragraph("giám sát hoạt động của cơ quan hành chính.")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("CẢI CÁCH HÀNH CHÍNH NĂM 2022")
    assert para_texts(read(doc)) == [
        "- Tăng cường vai trò của người dân trong việc giám sát hoạt động của cơ quan hành chính.",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022",
    ]


# ---------------------------------------------------------------------------------------------
# tables


def _header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_xml('<w:tblHeader w:val="true"/>'))


def test_grid_span_vmerge_and_repeat_header_rows() -> None:
    doc = new_doc()
    t = doc.add_table(rows=6, cols=4)
    for c, text in enumerate(["STT", "Nhiệm vụ", "Trách nhiệm", ""]):
        t.cell(0, c).text = text
    t.cell(1, 2).text, t.cell(1, 3).text = "Chủ trì", "Phối hợp"
    t.cell(0, 2).merge(t.cell(0, 3))  # gridSpan 2
    t.cell(0, 0).merge(t.cell(1, 0))  # vMerge over the two header rows
    t.cell(0, 1).merge(t.cell(1, 1))
    _header(t.rows[0])
    _header(t.rows[1])
    t.cell(2, 0).text = "I. CẢI CÁCH THỂ CHẾ"
    t.cell(2, 0).merge(t.cell(2, 3))  # group row spanning the table
    t.cell(3, 0).text, t.cell(3, 1).text, t.cell(3, 2).text = "1", "Mục tiêu chung", "Sở Tư pháp"
    t.cell(4, 2).text, t.cell(5, 2).text = "Sở Nội vụ", "Sở Tài chính"
    t.cell(3, 1).merge(t.cell(5, 1))  # objective merged down three rows
    [table] = tables(read(doc))
    assert table.ncols == 4 and table.header_rows == 2
    cells = [[(c.col, c.col_span, c.continued, c.text) for c in r.cells] for r in table.rows]
    assert cells[0] == [(0, 1, False, "STT"), (1, 1, False, "Nhiệm vụ"), (2, 2, False, "Trách nhiệm")]
    assert cells[1][:2] == [(0, 1, True, "STT"), (1, 1, True, "Nhiệm vụ")]
    assert cells[2] == [(0, 4, False, "I. CẢI CÁCH THỂ CHẾ")]
    assert cells[3][1] == (1, 1, False, "Mục tiêu chung")
    assert cells[4][1] == (1, 1, True, "Mục tiêu chung") and cells[5][1] == (1, 1, True, "Mục tiêu chung")
    assert [r.cells[2].text for r in table.rows[3:]] == ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]
    row = table.rows[4]
    assert (row.ref.table, row.ref.row, row.cells[2].ref.col) == (0, 4, 2)


def test_raw_vmerge_and_grid_before() -> None:
    """Word's own XML shape: `<w:vMerge/>` with no value continues; gridBefore shifts a row."""
    doc = new_doc()
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "1", "Gộp", "x"
    t.cell(0, 1)._tc.get_or_add_tcPr().append(_xml('<w:vMerge w:val="restart"/>'))
    t.cell(1, 1)._tc.get_or_add_tcPr().append(_xml("<w:vMerge/>"))
    t.cell(1, 2).text = "y"
    tr = t.rows[2]._tr
    tr.remove(tr.tc_lst[0])
    tr.get_or_add_trPr().append(_xml('<w:gridBefore w:val="1"/>'))
    tr.tc_lst[0].append(_xml("<w:p><w:r><w:t>sau</w:t></w:r></w:p>"))
    [table] = tables(read(doc))
    assert [(c.continued, c.text) for c in table.rows[1].cells] == [(False, ""), (True, "Gộp"), (False, "y")]
    assert [(c.col, c.text) for c in table.rows[2].cells] == [(0, ""), (1, "sau"), (2, "")]


def test_cell_paragraphs_numbering_and_nested_table() -> None:
    doc = new_doc({0: [_lvl(0, "bullet", "-")]}, {1: (0, "")})
    t = doc.add_table(rows=1, cols=2)
    cell = t.cell(0, 0)
    cell.text = "Sản phẩm:"
    p = cell.add_paragraph("Kế hoạch")
    p._p.get_or_add_pPr().append(_xml('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    inner = t.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Sở Nội vụ", "Quý I"
    [table] = tables(read(doc))
    assert table.rows[0].cells[0].text == "Sản phẩm:\n- Kế hoạch"
    assert table.rows[0].cells[1].text == "Sở Nội vụ\nQuý I"


def test_header_block_is_a_plain_two_column_table() -> None:
    doc = new_doc()
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    t.cell(0, 0).add_paragraph("TỈNH QUẢNG NINH")
    t.cell(0, 0).add_paragraph("Số: 131/CTr-UBND")
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.cell(0, 1).add_paragraph("Quảng Ninh, ngày 02 tháng 7 năm 2021")
    doc.add_paragraph("CHƯƠNG TRÌNH HÀNH ĐỘNG")
    src = read(doc)
    [table] = tables(src)
    assert table.ncols == 2 and table.header_rows == 0
    assert table.rows[0].texts() == [
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\nSố: 131/CTr-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuảng Ninh, ngày 02 tháng 7 năm 2021",
    ]
    assert para_texts(src) == ["CHƯƠNG TRÌNH HÀNH ĐỘNG"]


# ---------------------------------------------------------------------------------------------
# unreadable input


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 not really a zip", "not a valid DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
        (b"plain text pretending", "not a valid DOCX"),
    ],
)
def test_unreadable_docx(data: bytes, words: str) -> None:
    with pytest.raises(UnreadableInput, match=words) as info:
        read_docx(Path("bad.docx"), data)
    assert "\n" not in str(info.value)


def test_malformed_xml_in_a_valid_zip_is_unreadable() -> None:
    import zipfile

    buf = io.BytesIO()
    new_doc().save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    with pytest.raises(UnreadableInput, match="damaged DOCX"):
        read_docx(Path("broken.docx"), out.getvalue())


def test_truncated_docx_is_unreadable() -> None:
    data = (SAMPLES / f"{STEMS[0]}.docx").read_bytes()
    with pytest.raises(UnreadableInput):
        read_docx(Path("cut.docx"), data[: len(data) // 2])


# ---------------------------------------------------------------------------------------------
# real samples against the txt version (helpers shared with test_read_pdf)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Compare cells across formats without punctuation/spacing noise ("ngành, UBND" vs "ngành; UBND")."""
    return re.sub(r"[\W_]+", "", text.casefold())


@cache
def txt_doc(stem: str) -> SourceDoc:
    from parplan.read.txt import read_txt

    return read_txt(SAMPLES / f"{stem}.txt")


def paragraphs(src: SourceDoc) -> list[str]:
    return [squash(b.text) for b in src.blocks if isinstance(b, Para)]


def marker_agreement(reference: list[str], other: list[str]) -> tuple[int, int]:
    """(found, total): reference paragraphs opening with a list marker that `other` has, same text,
    same marker, same relative order (longest matching subsequence)."""
    matcher = difflib.SequenceMatcher(None, reference, other, autojunk=False)
    matched: set[int] = set()
    for a, _b, n in matcher.get_matching_blocks():
        matched.update(range(a, a + n))
    marked = [i for i, text in enumerate(reference) if MARKER_RE.match(text)]
    return sum(i in matched for i in marked), len(marked)


def gold_tasks(stem: str) -> list[str]:
    path = GOLD / f"{stem}.gold.json"
    if not path.exists():
        pytest.skip("gold annotations not available")
    return [squash(r["task"]) for r in json.loads(path.read_text(encoding="utf-8"))["table_rows"]]


def rows_by_task(src: SourceDoc, tasks: set[str]) -> dict[str, list[str]]:
    """The appendix row holding each task text, as whitespace-collapsed cell texts."""
    out: dict[str, list[str]] = {}
    for table in src.blocks:
        if isinstance(table, Table) and table.ncols >= 4:
            for row in table.rows:
                texts = [squash(c.text) for c in row.cells]
                for text in texts:
                    if text in tasks:
                        out.setdefault(text, texts)
    return out


def check_sample_against_txt(stem: str, src: SourceDoc) -> None:
    ref = txt_doc(stem)
    found, total = marker_agreement(paragraphs(ref), paragraphs(src))
    assert total and found / total >= 0.95, (
        f"{stem}: {found}/{total} marker paragraphs of the txt found in order"
    )


def check_rows_against_gold_and_txt(stem: str, src: SourceDoc) -> None:
    tasks = gold_tasks(stem)
    if not tasks:
        assert not [t for t in src.blocks if isinstance(t, Table) and t.ncols >= 4]
        return
    mine = rows_by_task(src, set(tasks))
    missing = [t for t in tasks if t not in mine]
    assert not missing, f"{stem}: {len(missing)} gold tasks not found as a cell, e.g. {missing[0][:80]}"
    theirs = rows_by_task(txt_doc(stem), set(tasks))
    differ = [t for t in theirs if [fold(x) for x in theirs[t]] != [fold(x) for x in mine.get(t, [])]]
    assert not differ, f"{stem}: {len(differ)} rows differ from the txt, e.g. {differ[0][:80]}"


@cache
def sample(stem: str) -> SourceDoc:
    return read_docx(SAMPLES / f"{stem}.docx")


@pytest.mark.parametrize("stem", STEMS)
def test_sample_paragraphs_match_txt(stem: str) -> None:
    check_sample_against_txt(stem, sample(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_sample_appendix_rows_match_gold_and_txt(stem: str) -> None:
    check_rows_against_gold_and_txt(stem, sample(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_sample_tables_resolve_merges(stem: str) -> None:
    src = sample(stem)
    for table in tables(src):
        for row in table.rows:
            covered = sum(c.col_span for c in row.cells)
            assert covered == table.ncols, f"{stem} {row.ref.label()}: row covers {covered}/{table.ncols}"
            assert [c.col for c in row.cells] == sorted(c.col for c in row.cells)
    task_tables = [t for t in tables(src) if t.ncols >= 4]
    assert all(t.header_rows >= 1 for t in task_tables)
    if stem.startswith("tuyen-quang"):  # its objective column is merged down over many rows
        assert sum(c.continued for t in task_tables for r in t.rows for c in r.cells if c.col == 1) >= 15
