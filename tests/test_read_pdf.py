"""PDF reader: lines → paragraphs, ruled tables (merges, page stitching), layout noise, bad input,
and the real samples against their txt versions. Fixture PDFs are written by a tiny generator below
(Helvetica text + straight rules), so no binary file needs reviewing.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from parplan.errors import UnreadableInput
from parplan.read.pdf import read_pdf
from parplan.read.source import Para, SourceDoc, Table
from tests.test_read_docx import (
    SAMPLES,
    STEMS,
    check_rows_against_gold_and_txt,
    check_sample_against_txt,
)

PDF_STEMS = [s for s in STEMS if (SAMPLES / f"{s}.pdf").exists()]


# ---------------------------------------------------------------------------------------------
# a minimal PDF writer: one Helvetica font, content streams given as text (any Unicode)


def make_pdf(pages: list[str], size: tuple[int, int] = (612, 792), encrypt: bool = False) -> bytes:
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    # every character beyond ASCII gets a code from 128 up, named `uniXXXX` in the font's encoding:
    # the text layer then gives back any Unicode text (Vietnamese included), whatever the glyphs look like
    extra = sorted({ch for content in pages for ch in content if ord(ch) > 127})
    assert len(extra) <= 128, "too many distinct non-ASCII characters for one font"
    codes = {ch: 128 + i for i, ch in enumerate(extra)}
    differences = b" ".join(b"/uni%04X" % ord(ch) for ch in extra)
    font = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [128 %s] >> >>" % differences
    )
    pages_id = len(objs) + 1 + 2 * len(pages)
    kids = []
    for content in pages:
        data = bytes(codes.get(ch, ord(ch)) for ch in content)
        stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, size[0], size[1], stream, font)
            )
        )
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    # Standard security handler with a user password we do not know: enough for "encrypted".
    enc = (
        add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>")
        if encrypt
        else 0
    )
    extra = b""
    if enc:
        extra = b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % enc
    return write_pdf(objs, catalog, extra)


def write_pdf(objs: list[bytes], catalog: int, trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n (bodies in order), a cross-reference table and a trailer rooted at `catalog`."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    trailer = b"<< /Size %d /Root %d 0 R%s >>" % (len(objs) + 1, catalog, trailer_extra)
    out += b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def text(x: float, y: float, s: str, size: int = 11) -> str:
    s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n"


def rule(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"0.5 w {x0} {y0} m {x1} {y1} l S\n"


def read(pages: list[str], name: str = "t.pdf", size: tuple[int, int] = (612, 792)) -> SourceDoc:
    return read_pdf(Path(name), make_pdf(pages, size))


def paras(src: SourceDoc) -> list[str]:
    return [b.text for b in src.blocks if isinstance(b, Para)]


def tables(src: SourceDoc) -> list[Table]:
    return [b for b in src.blocks if isinstance(b, Table)]


LONG = "Improve the quality of administrative procedures for people and firms across the"


# ---------------------------------------------------------------------------------------------
# text


def test_wrapped_lines_join_and_paragraph_spacing_splits() -> None:
    page = (
        text(72, 720, "I. GENERAL AIMS")
        + text(72, 700, "- " + LONG)  # full line: wraps
        + text(72, 686, "whole province.")  # normal pitch (14 pt): same paragraph
        + text(72, 666, "- Second item on its own.")  # paragraph spacing (20 pt): a new paragraph
        + text(72, 652, "(EMI).")  # normal pitch after a short line: the shared joiner decides
    )
    src = read([page])
    assert paras(src)[:3] == [
        "I. GENERAL AIMS",
        "- " + LONG + " whole province.",
        "- Second item on its own.",
    ]
    first = src.blocks[1]
    assert isinstance(first, Para) and first.ref.page == 1 and (first.ref.line, first.ref.end_line) == (2, 3)


def test_sentence_wrapped_over_a_page_break_is_one_paragraph() -> None:
    p1 = text(72, 720, "- " + LONG) + text(72, 706, "- " + LONG)
    p2 = text(72, 720, "Province of the North.") + text(72, 700, "- Next item.")
    src = read([p1, p2])
    assert paras(src) == ["- " + LONG, "- " + LONG + " Province of the North.", "- Next item."]
    assert src.blocks[1].ref.page == 1 and src.blocks[1].ref.end_page == 2  # type: ignore[union-attr]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [
        text(250, 760, "UBND TINH - KE HOACH 2022")
        + text(72, 700, f"- Item on page {n}.")
        + text(300, 40, f"- {n} -")
        for n in range(1, 4)
    ]
    src = read(pages)
    assert paras(src) == ["- Item on page 1.", "- Item on page 2.", "- Item on page 3."]
    assert sorted({d.reason for d in src.dropped}) == ["page number", "running header"]
    assert [d.ref.page for d in src.dropped if d.reason == "page number"] == [1, 2, 3]


# ---------------------------------------------------------------------------------------------
# tables

XS = [72, 110, 250, 400, 540]  # four columns


def grid_page(
    rows: list[tuple[float, float, list[str]]],
    skip_h: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    skip_v: set[tuple[int, int]] = frozenset(),
) -> str:  # type: ignore[assignment]
    """Rows as (top, bottom, cell texts); skip_h = {(row, col)}: no rule under that cell (vertical
    merge); skip_v = {(row, col)}: no rule right of that cell (horizontal merge)."""
    out = ""
    for r, (top, bottom, cells) in enumerate(rows):
        if r == 0:
            out += rule(XS[0], top, XS[-1], top)
        for c in range(len(XS) - 1):
            if (r, c) not in skip_h:
                out += rule(XS[c], bottom, XS[c + 1], bottom)
            if c == 0:
                out += rule(XS[0], top, XS[0], bottom)
            if (r, c) not in skip_v:
                out += rule(XS[c + 1], top, XS[c + 1], bottom)
            if c < len(cells) and cells[c]:
                for k, piece in enumerate(cells[c].split("\n")):
                    out += text(XS[c] + 4, top - 12 - 12 * k, piece, size=9)
    return out


HEADER = (700, 680, ["No", "Task", "Lead", "Deadline"])


def test_table_merges_and_text_not_repeated_as_paragraphs() -> None:
    page = (
        text(72, 730, "APPENDIX")
        + grid_page(
            [
                (700, 680, ["No", "Task", "Responsibility", ""]),
                (680, 660, ["", "", "Lead", "Partner"]),
                (660, 640, ["1", "Objective A", "Home Affairs", "Q1"]),
                (640, 620, ["2", "", "Justice", "Q2"]),
            ],
            skip_h={(0, 0), (0, 1), (2, 1)},  # No/Task span both header rows; "Objective A" spans two rows
            skip_v={(0, 2)},  # "Responsibility" spans Lead + Partner
        )
        + text(72, 600, "After the table.")
    )
    src = read([page])
    assert paras(src) == ["APPENDIX", "After the table."]
    [table] = tables(src)
    assert [type(b).__name__ for b in src.blocks] == ["Para", "Table", "Para"]
    assert table.ncols == 4
    cells = [[(c.col, c.col_span, c.continued, c.text) for c in r.cells] for r in table.rows]
    assert cells[0] == [(0, 1, False, "No"), (1, 1, False, "Task"), (2, 2, False, "Responsibility")]
    assert cells[1] == [
        (0, 1, True, "No"),
        (1, 1, True, "Task"),
        (2, 1, False, "Lead"),
        (3, 1, False, "Partner"),
    ]
    assert cells[3] == [
        (0, 1, False, "2"),
        (1, 1, True, "Objective A"),
        (2, 1, False, "Justice"),
        (3, 1, False, "Q2"),
    ]
    assert table.rows[3].ref.page == 1 and table.rows[3].cells[2].ref.col == 2


def test_cell_lines_wrapped_vs_broken() -> None:
    page = grid_page(
        [
            HEADER,
            (680, 630, ["1", "Build the plan for\nreform in 2022", "- Plan\n- Report", "Month\n12/2021"]),
        ]
    )
    [table] = tables(read([page]))
    row = table.rows[1]
    assert row.cells[2].text == "- Plan\n- Report"  # list markers keep their line breaks
    assert row.cells[1].text == "Build the plan for\nreform in 2022"  # short line: a real break


def test_table_continued_on_next_page_is_stitched() -> None:
    p1 = grid_page(
        [
            HEADER,
            (680, 660, ["1", "Adopt the plan", "Home Affairs", "Q1"]),
            (660, 640, ["2", "Review procedures and", "Justice", "Q2"]),
        ]
    )
    p2 = grid_page(
        [
            HEADER,
            (680, 660, ["", "report to the province", "", ""]),
            (660, 640, ["3", "Train civil servants", "Home Affairs", "Q3"]),
        ]
    )
    src = read([p1, p2])
    [table] = tables(src)
    assert table.header_rows == 1
    assert [r.texts()[1] for r in table.rows] == [
        "Task",
        "Adopt the plan",
        "Review procedures and report to the province",
        "Train civil servants",
    ]
    assert [r.ref.page for r in table.rows] == [1, 1, 1, 2]
    assert [r.ref.row for r in table.rows] == [0, 1, 2, 3]
    assert (table.ref.page, table.ref.end_page) == (1, 2)


def test_merged_cell_running_onto_the_next_page() -> None:
    p1 = grid_page(
        [
            HEADER,
            (680, 660, ["1", "Shared objective", "Home Affairs", "Q1"]),
            (660, 640, ["", "", "Justice", "Q2"]),
        ],
        skip_h={(1, 1)},
    )
    p2 = grid_page(
        [HEADER, (680, 660, ["", "", "Finance", "Q3"]), (660, 640, ["2", "Other", "Justice", "Q4"])]
    )
    [table] = tables(read([p1, p2]))
    assert [(r.cells[1].continued, r.cells[1].text) for r in table.rows[1:]] == [
        (False, "Shared objective"),
        (True, "Shared objective"),
        (True, "Shared objective"),
        (False, "Other"),
    ]
    assert table.rows[3].anomalies  # the cross-page guess is reported


def test_separate_tables_are_not_stitched() -> None:
    p1 = grid_page([HEADER, (680, 660, ["1", "A", "B", "C"])])
    p2 = text(72, 740, "Some text between.") + grid_page([HEADER, (680, 660, ["1", "D", "E", "F"])])
    assert len(tables(read([p1, p2]))) == 2


# ---------------------------------------------------------------------------------------------
# unreadable input


def _image_only_pdf() -> bytes:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(make_pdf([text(72, 700, "A scanned decree", size=24)]))
    bitmap = source[0].render(scale=1)
    scan = pdfium.PdfDocument.new()
    page = scan.new_page(612, 792)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    scan.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_image_only_pdf, "no text layer"),
        (lambda: make_pdf([text(72, 700, "secret")], encrypt=True), "encrypted"),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "corrupt"),
        (lambda: b"not a pdf at all", "not a PDF"),
        (lambda: b"", "empty"),
        (lambda: make_pdf([rule(72, 700, 300, 700)]), "no text layer"),
    ],
)
def test_unreadable_pdf(make: object, words: str) -> None:
    with pytest.raises(UnreadableInput, match=words) as info:
        read_pdf(Path("bad.pdf"), make())  # type: ignore[operator]
    assert "\n" not in str(info.value)


def test_truncated_pdf_never_raises_anything_else() -> None:
    data = (SAMPLES / f"{PDF_STEMS[0]}.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) - 200):
        with contextlib.suppress(UnreadableInput):  # a partial read is fine too
            read_pdf(Path("cut.pdf"), data[:cut])


# ---------------------------------------------------------------------------------------------
# real samples (parsed once for the module: the four PDFs take well under a second together)


@pytest.fixture(scope="module")
def samples() -> dict[str, SourceDoc]:
    return {stem: read_pdf(SAMPLES / f"{stem}.pdf") for stem in PDF_STEMS}


@pytest.mark.parametrize("stem", PDF_STEMS)
def test_sample_paragraphs_match_txt(stem: str, samples: dict[str, SourceDoc]) -> None:
    check_sample_against_txt(stem, samples[stem])


@pytest.mark.parametrize("stem", PDF_STEMS)
def test_sample_appendix_rows_match_gold_and_txt(stem: str, samples: dict[str, SourceDoc]) -> None:
    check_rows_against_gold_and_txt(stem, samples[stem])


@pytest.mark.parametrize("stem", PDF_STEMS)
def test_sample_matches_docx_tables(stem: str, samples: dict[str, SourceDoc]) -> None:
    """The PDFs were printed from the DOCX: after stitching, the task tables are the same grid."""
    from tests.test_read_docx import fold, sample

    mine = [t for t in tables(samples[stem]) if t.ncols >= 4]
    theirs = [t for t in sample(stem).blocks if isinstance(t, Table) and t.ncols >= 4]
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        assert (len(a.rows), a.ncols, a.header_rows) == (len(b.rows), b.ncols, b.header_rows)
        for ra, rb in zip(a.rows, b.rows, strict=True):
            assert [(c.col, c.col_span, c.continued, fold(c.text)) for c in ra.cells] == [
                (c.col, c.col_span, c.continued, fold(c.text)) for c in rb.cells
            ], ra.ref.label()
            assert ra.ref.page is not None


def test_cells_from_intersections_are_pdfplumbers() -> None:
    """Our indexed `intersections_to_cells` gives pdfplumber's cells, in its order, on random rulings
    (lines of random extent, so some cells are open); it only skips pdfplumber's quadratic scan."""
    import random

    from pdfplumber.table import edges_to_intersections
    from pdfplumber.table import intersections_to_cells as plumber_cells

    from parplan.read.pdf import intersections_to_cells

    def edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, object]:
        return {
            "x0": x0,
            "top": top,
            "x1": x1,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": "h" if top == bottom else "v",
        }

    rng = random.Random(5)
    for _ in range(200):
        xs = sorted(rng.sample(range(0, 300, 10), rng.randint(2, 9)))
        ys = sorted(rng.sample(range(0, 300, 10), rng.randint(2, 9)))
        edges = []
        for y in ys:
            a, b = sorted(rng.sample(xs, 2))
            edges.append(edge(a, y, b, y))
        for x in xs:
            a, b = sorted(rng.sample(ys, 2))
            edges.append(edge(x, a, x, b))
        points = edges_to_intersections(edges, 3, 3)
        assert intersections_to_cells(points) == plumber_cells(points)
