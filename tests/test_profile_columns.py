"""A province profile's column synonyms decide what a table's columns mean, whatever the format:
without them a table headed in words the generic vocabulary does not know is read only by guessing
its columns from the cells (and says so); with them, by its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from parplan.parsers.base import Profile
from parplan.pipeline import apply_profile, extract, normalize, read, segment

HEADER = ["TT", "Việc cần làm", "Người đứng mũi chịu sào", "Người giúp sức", "Thành phẩm", "Hạn chót"]
ROWS = [
    ["1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ngành", "Báo cáo", "Quý II/2023"],
    ["2", "Tuyên truyền pháp luật", "Sở Tư pháp", "Sở Thông tin và Truyền thông", "Tài liệu", "Năm 2023"],
]
OPENING = [
    "KẾ HOẠCH",
    "Cải cách hành chính tỉnh Yên Bái năm 2023",
    "",
    "I. MỤC ĐÍCH",
    "- Nâng cao chất lượng.",
    "",
]
PROFILE = Profile(
    id="test-columns",
    column_synonyms={
        "task": ["Việc cần làm"],
        "lead": ["Người đứng mũi chịu sào"],
        "partners": ["Người giúp sức"],
        "product": ["Thành phẩm"],
        "deadline": ["Hạn chót"],
    },
)


def _tab_text(path: Path) -> None:
    lines = [*OPENING, "PHỤ LỤC", *("\t".join(r) for r in (HEADER, *ROWS))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _markdown_text(path: Path) -> None:
    table = ["| " + " | ".join(r) + " |" for r in (HEADER, *ROWS)]
    lines = [*OPENING, "PHỤ LỤC", table[0], "|" + "---|" * len(HEADER), *table[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _pipe_text(path: Path) -> None:
    """One cell per run of lines, each ended by a line holding only `|`; row ends are not marked."""
    cells = [line for row in (HEADER, *ROWS) for cell in row for line in (cell, "|")]
    path.write_text("\n".join([*OPENING, "PHỤ LỤC", *cells]) + "\n", encoding="utf-8")


def _paragraph_text(path: Path) -> None:
    """One cell per blank-line separated paragraph."""
    cells = [cell for row in (HEADER, *ROWS) for cell in row]
    path.write_text("\n\n".join([*OPENING[:-1], "PHỤ LỤC", *cells]) + "\n", encoding="utf-8")


def _pdf(path: Path) -> None:
    """The table ruled on one page, 7 pt text in each cell."""
    from tests.test_read_pdf import make_pdf, rule, text

    content = "".join(text(72, 740 - 16 * i, line) for i, line in enumerate([*OPENING, "PHỤ LỤC"]) if line)
    xs = [60, 85, 230, 330, 430, 490, 550]
    top, height = 600, 24
    for r, values in enumerate((HEADER, *ROWS)):
        for c, value in enumerate(values):
            content += text(xs[c] + 2, top - r * height - 14, value, size=7)
    bottom = top - height * (len(ROWS) + 1)
    content += "".join(rule(xs[0], top - r * height, xs[-1], top - r * height) for r in range(len(ROWS) + 2))
    content += "".join(rule(x, top, x, bottom) for x in xs)
    path.write_bytes(make_pdf([content]))


def _docx(path: Path) -> None:
    import docx

    d = docx.Document()
    for line in OPENING:
        if line:
            d.add_paragraph(line)
    d.add_paragraph("PHỤ LỤC")
    table = d.add_table(rows=0, cols=len(HEADER))
    for values in (HEADER, *ROWS):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    d.save(str(path))


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("t.txt", _tab_text),
        ("m.txt", _markdown_text),
        ("p.txt", _pipe_text),
        ("c.txt", _paragraph_text),
        ("d.docx", _docx),
        ("f.pdf", _pdf),
    ],
)
def test_profile_synonyms_name_the_columns(tmp_path: Path, name: str, write) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    write(path)
    doc = read(path)

    def parse(profile: Profile | None):  # type: ignore[no-untyped-def]
        seen = apply_profile(doc, profile)
        return normalize(extract(segment(seen, profile), seen, profile))

    def rows(profile: Profile | None) -> list:  # type: ignore[type-arg]
        return [i for i in parse(profile).items if i.part == "appendix" and not i.is_group]

    def guessed(profile: Profile | None) -> bool:
        return any("roles inferred" in i.message for i in parse(profile).issues)

    # the generic vocabulary does not know these labels: a grid's roles are guessed from its cells, and
    # said so; the `|` and paragraph layouts are found by their header, so without it there is no table
    if name in ("p.txt", "c.txt"):
        assert not any(r.lead for r in rows(None))
    else:
        assert guessed(None)
        assert [r.text for r in rows(None)] == [ROWS[0][1], ROWS[1][1]]  # the unknown header is no row
    assert not guessed(PROFILE)
    found = rows(PROFILE)
    assert [r.text for r in found] == [ROWS[0][1], ROWS[1][1]]
    assert [[a.raw for a in r.lead] for r in found] == [["Sở Tư pháp"], ["Sở Tư pháp"]]
    assert [[a.raw for a in r.partners] for r in found] == [
        ["Các sở, ngành"],
        ["Sở Thông tin và Truyền thông"],
    ]
    assert [r.products for r in found] == [["Báo cáo"], ["Tài liệu"]]
    assert [[d.raw for d in r.deadlines] for r in found] == [["Quý II/2023"], ["Năm 2023"]]


def test_reading_again_with_a_profile_keeps_the_readers_notes(tmp_path: Path) -> None:
    """A txt decree read again with the profile's synonyms still reports its stray bytes (PP003)."""
    path = tmp_path / "t.txt"
    _tab_text(path)
    data = path.read_bytes()
    at = data.index("Sở Tư pháp".encode())
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    doc = read(path)
    assert doc.notes and "not UTF-8" in doc.notes[0]
    again = apply_profile(doc, PROFILE)
    assert again is not doc and again.notes == doc.notes
