"""A province profile's column synonyms decide what a table's columns mean, whatever the format:
without them a table headed in words the generic vocabulary does not know is read only by guessing
its columns from the cells (and says so); with them, by its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from parplan.parsers.base import Profile
from parplan.pipeline import extract, normalize, read, segment

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
    ("name", "write"), [("t.txt", _tab_text), ("m.txt", _markdown_text), ("d.docx", _docx)]
)
def test_profile_synonyms_name_the_columns(tmp_path: Path, name: str, write) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    write(path)
    doc = read(path)

    def parse(profile: Profile | None):  # type: ignore[no-untyped-def]
        return normalize(extract(segment(doc, profile), doc, profile))

    def rows(profile: Profile | None) -> list:  # type: ignore[type-arg]
        return [i for i in parse(profile).items if i.part == "appendix" and not i.is_group]

    def guessed(profile: Profile | None) -> bool:
        return any("roles inferred" in i.message for i in parse(profile).issues)

    # the generic vocabulary does not know these labels: the roles are guessed from the cells, and said so
    assert guessed(None) and not guessed(PROFILE)
    assert [r.text for r in rows(None)] == [ROWS[0][1], ROWS[1][1]]  # the unknown header is no row
    found = rows(PROFILE)
    assert [r.text for r in found] == [ROWS[0][1], ROWS[1][1]]
    assert [[a.raw for a in r.lead] for r in found] == [["Sở Tư pháp"], ["Sở Tư pháp"]]
    assert [[a.raw for a in r.partners] for r in found] == [
        ["Các sở, ngành"],
        ["Sở Thông tin và Truyền thông"],
    ]
    assert [r.products for r in found] == [["Báo cáo"], ["Tài liệu"]]
    assert [[d.raw for d in r.deadlines] for r in found] == [["Quý II/2023"], ["Năm 2023"]]
