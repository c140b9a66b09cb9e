"""Inputs and invocations a hostile (or unlucky) user tries, one test per class (issue 16): each
gives its documented behaviour — a one-line error with the right exit code, no traceback, nothing
clobbered, no text dropped silently — through the installed command."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_cli_conventions import _executable

SAMPLE = SAMPLES / "quang-ninh-2022-ke-hoach.txt"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file system semantics")


def run(
    *args: str | bytes, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [_executable(), *args], capture_output=True, timeout=120, cwd=cwd, env={**os.environ, **(env or {})}
    )


def one_line(out: subprocess.CompletedProcess[bytes]) -> str:
    err = out.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


# ---------------------------------------------------------------------------------------------
# 1. output targets


@POSIX
def test_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("/dev/null is not writable here")
    before = os.stat("/dev/null")
    assert run("parse", str(SAMPLE), "-o", "/dev/null").returncode == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@POSIX
def test_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    out = run("export", str(SAMPLE), "-o", str(fifo), "-f", "jsonl")
    reader.join(timeout=60)
    assert out.returncode == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].count(b"\n") > 30


def test_an_output_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = run("parse", str(SAMPLE), "-o", str(blocker / "plan.json"))
    assert out.returncode == 2 and "cannot write" in one_line(out) and "Not a directory" in one_line(out)


@POSIX
def test_a_batch_output_that_cannot_be_written_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    (folder / ("b" * 250 + ".txt")).write_bytes(SAMPLE.read_bytes())  # its output name is too long
    (folder / "c.txt").write_bytes(SAMPLE.read_bytes())
    out = run("parse", str(folder), "-o", str(tmp_path / "out"), "-q")
    err = out.stderr.decode()
    assert out.returncode == 1 and "Traceback" not in err and "1 of 3 files failed" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt.json", "c.txt.json"]


def test_batches_writing_into_one_folder_at_once(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [_executable(), "export", str(SAMPLE), "-o", str(tmp_path / "items.csv"), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs if p.stderr is not None]
    assert all(code == 0 and b"Traceback" not in err for code, err in results), results
    assert [p.name for p in tmp_path.iterdir()] == ["items.csv"]


# ---------------------------------------------------------------------------------------------
# 2. file names


@POSIX
@pytest.mark.parametrize(
    "name",
    [
        b"x" * 300 + b".txt",  # a component over 255 bytes
        b"/".join([b"d" * 200] * 30) + b"/x.txt",  # a path over PATH_MAX
        b"bad\xff\xfe.txt",  # not UTF-8
    ],
    ids=["long-component", "path-max", "bad-bytes"],
)
def test_impossible_names_are_one_line_exit_3(name: bytes, tmp_path: Path) -> None:
    out = run("parse", name, cwd=tmp_path)
    assert out.returncode == 3
    one_line(out)


def test_a_name_starting_with_a_dash_after_double_dash(tmp_path: Path) -> None:
    (tmp_path / "-plan.txt").write_bytes(SAMPLE.read_bytes())
    assert run("parse", "-plan.txt", cwd=tmp_path).returncode == 2  # an option: usage error
    assert run("parse", "--", "-plan.txt", cwd=tmp_path).returncode == 0


@POSIX
def test_names_cannot_forge_progress_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b[31m\nFAKE ok.txt").write_bytes(b"\x00" * 10)  # fails: no text
    out = run("parse", str(folder), "-o", str(tmp_path / "out"))
    err = out.stderr.decode()
    assert "\x1b" not in err and "\\x1b" in err and "\nFAKE" not in err and "\\nFAKE" in err


# ---------------------------------------------------------------------------------------------
# 3. hangs


@POSIX
def test_a_glob_over_a_link_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "up").symlink_to("..")
    (tmp_path / "a" / "x.txt").write_bytes(SAMPLE.read_bytes())
    out = run("parse", str(tmp_path / "**" / "*.txt"), "-q")
    assert out.returncode == 0 and out.stdout.count(b"\n") == 1  # one plan, found once


# ---------------------------------------------------------------------------------------------
# 4. memory


def _docx(path: Path, document: str, numbering: str | None = None) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            + (
                '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                if numbering
                else ""
            )
            + "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        rels = (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            if numbering
            else ""
        )
        zf.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels
            + "</Relationships>",
        )
        zf.writestr("word/document.xml", document)
        if numbering:
            zf.writestr("word/numbering.xml", numbering)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_numbering_bomb_stays_small(tmp_path: Path) -> None:
    numbering = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2000000000"/>'
        '<w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    para = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p>'
    document = f"<w:document {W}><w:body>{para * 3}</w:body></w:document>"
    path = tmp_path / "bomb.docx"
    _docx(path, document, numbering)
    out = run("--limit", "memory=700M", "parse", str(path), "--stage", "read")
    assert out.returncode == 0, out.stderr
    assert b"2000000000. Nhi" in out.stdout


def test_an_oversized_xml_part_is_refused(tmp_path: Path) -> None:
    body = "<w:p><w:r><w:t>" + "Cải cách hành chính " * 20 + "</w:t></w:r></w:p>"
    path = tmp_path / "big.docx"
    _docx(path, f"<w:document {W}><w:body>{body * 200}</w:body></w:document>")
    out = run("--limit", "docx_xml=64K", "parse", str(path))
    assert out.returncode == 3 and "word/document.xml" in one_line(out)


def test_the_memory_ceiling_is_a_one_line_error() -> None:
    out = run("--limit", "memory=120M", "parse", str(SAMPLE))
    assert out.returncode == 3 and "memory" in one_line(out)


# ---------------------------------------------------------------------------------------------
# 5. silent loss


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r"])
def test_every_line_terminator_is_a_line_break(separator: str, tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("\n", separator), encoding="utf-8")
    out = run("export", str(path), "-t", "plans", "-f", "jsonl")
    import json

    row = json.loads(out.stdout)
    assert out.returncode == 0 and row["areas"] and row["number"] == "1788/QĐ-UBND"
    rows = run("export", str(path), "-t", "rows", "-f", "jsonl").stdout.count(b"\n")
    assert rows == 32


def test_text_box_text_is_read(tmp_path: Path) -> None:
    box = (
        "<w:p><w:r><w:t>Cải cách hành chính tỉnh Yên Bái năm 2023</w:t></w:r><w:r><w:pict><v:shape "
        'xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r>'
        "<w:t>Ghi chú trong hộp văn bản</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    path = tmp_path / "box.docx"
    _docx(
        path, f"<w:document {W}><w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>{box}</w:body></w:document>"
    )
    out = run("parse", str(path))
    assert out.returncode == 0 and "Ghi chú trong hộp văn bản" in out.stdout.decode()


def test_the_read_stage_dump_shows_the_text() -> None:
    out = run("parse", str(SAMPLE), "--stage", "read")
    assert "Cải cách hành chính tỉnh Quảng Ninh năm 2022" in out.stdout.decode()


# ---------------------------------------------------------------------------------------------
# 6. unsafe or misleading output


def test_outputs_stay_inside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (tmp_path / "x.txt").write_bytes(SAMPLE.read_bytes())
    out = run("parse", "sub/../../x.txt", "../x.txt", "-o", str(tmp_path / "out"), "-q", cwd=work)
    written = [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "out").rglob("*.json")]
    assert out.returncode == 0 and written and all(w.startswith("out/") for w in written)
    assert not (tmp_path / "x.txt.json").exists()


def test_invisible_controls_leave_agency_names(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("Sở Nội vụ", "Sở Nội\u202e vụ\u200b", 3)
    path = tmp_path / "bidi.txt"
    path.write_text(text, encoding="utf-8")
    import csv
    import io

    rows = list(
        csv.DictReader(
            io.StringIO(run("export", str(path), "-t", "rows", "-f", "csv").stdout.decode("utf-8-sig"))
        )
    )
    leads = [r["lead"] for r in rows]
    assert "Sở Nội vụ" in leads and not any("\u202e" in v or "\u200b" in v for r in rows for v in r.values())


def test_a_stray_byte_is_a_warning_with_its_line(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    at = data.index("Sở Nội vụ".encode())
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    out = run("parse", str(path))
    line = data.count(b"\n", 0, at) + 1
    assert out.returncode == 0 and f"byte {at} (line {line}) is not UTF-8" in one_line(out)


# ---------------------------------------------------------------------------------------------
# 7. exit codes


@pytest.mark.parametrize(
    "content",
    [b"   \n\t\n", b"\xef\xbb\xbf", b"\x00" * 64, b"- . , ;\n"],
    ids=["spaces", "bom", "nul", "punct"],
)
def test_no_text_is_exit_3(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "nothing.txt"
    path.write_bytes(content)
    out = run("parse", str(path))
    assert out.returncode == 3
    err = one_line(out)
    assert "no text" in err or "empty" in err


def test_a_pdf_whose_page_count_lies_is_read_with_a_warning(tmp_path: Path) -> None:
    from tests.test_read_pdf import make_pdf, text

    data = make_pdf([text(72, 700, "KE HOACH Cai cach hanh chinh tinh Yen Bai nam 2023")])
    path = tmp_path / "lie.pdf"
    path.write_bytes(data.replace(b"/Count 1", b"/Count 90000"))
    out = run("parse", str(path), "--stage", "read")
    assert out.returncode == 0 and b"Yen Bai" in out.stdout
    warned = run("parse", str(path))
    assert b"declares 90000 pages but page 2 cannot be loaded" in warned.stderr


@pytest.mark.parametrize("stage", ["plan", "segment"])
def test_an_outline_nested_thousands_deep_is_one_line(stage: str, tmp_path: Path) -> None:
    """Found by the fuzzer: 3,000 lines "(1)" nest one under the other past Python's recursion limit."""
    lines = (SAMPLES / "quang-binh-2021-2030-ke-hoach.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "deep.txt"
    path.write_text("\n".join([*lines[:100], *["(1)"] * 3000, *lines[100:]]), encoding="utf-8")
    out = run("parse", str(path), "--stage", stage)
    assert out.returncode == 3 and "nested too deeply" in one_line(out)


# ---------------------------------------------------------------------------------------------
# 4. memory: form XObjects that draw themselves or expand exponentially


def form_pdf(depth: int, *, cycle: bool = False, uses: int = 2, packed: bool = False) -> bytes:
    """A one-page PDF whose page draws form 1, and form k draws form k+1 `uses` times (a DAG of
    `uses`^depth copies), or form 1 draws itself. `packed`: Flate-compressed content and resources
    by reference, as PDF writers often store them."""
    import zlib

    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream(head: bytes, content: bytes) -> bytes:
        if packed:
            content, head = zlib.compress(content), head + b" /Filter /FlateDecode"
        return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (head, len(content), content)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    first = len(objs) + 1
    step = 2 if packed else 1  # a packed form is followed by its resources object
    for k in range(1 if cycle else depth):
        target = first if cycle else first + step * (k + 1)
        if not cycle and k + 1 == depth:
            add(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]", b"0 0 m 9 9 l S"))
            continue
        res = b"/XObject << /X %d 0 R >>" % target
        if packed:  # resources one reference away, in the object after the form
            res_ref = len(objs) + 2
            add(
                stream(
                    b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources %d 0 R" % res_ref,
                    b"/X Do " * uses,
                )
            )
            add(b"<< %s >>" % res)
            continue
        add(
            stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << %s >>" % res, b"/X Do " * uses
            )
        )
    content = add(stream(b"", b"BT /F1 12 Tf 72 700 Td (KE HOACH cai cach hanh chinh 2023) Tj ET /X Do"))
    pages = len(objs) + 2
    page = add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /X %d 0 R >> >> >>" % (pages, content, font, first)
    )
    assert add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page) == pages
    from tests.test_read_pdf import write_pdf

    return write_pdf(objs, add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages))


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "packed"])
def test_form_expansion_is_counted_on_the_raw_file(packed: bool) -> None:
    from parplan.read.pdf_forms import expansion

    assert expansion(form_pdf(10, packed=packed), 10**6) == (2**10 - 1, "")
    assert expansion(form_pdf(10, uses=3, packed=packed), 10**6) == ((3**10 - 1) // 2, "")
    count, reason = expansion(form_pdf(40, packed=packed), 100_000)
    assert count > 100_000 and "expand to over 100,000" in reason
    assert "draws itself" in expansion(form_pdf(1, cycle=True, packed=packed), 100_000)[1]


@pytest.mark.parametrize(
    ("kind", "message"),
    [("cycle", "draws itself"), ("dag", "expand to over 100,000 objects")],
)
def test_a_form_bomb_is_refused_before_pdfium_expands_it(kind: str, message: str, tmp_path: Path) -> None:
    """Without the check pdfium takes the whole memory ceiling and aborts the process (SIGABRT)."""
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(form_pdf(40, cycle=kind == "cycle", packed=True))
    out = run("parse", str(path))
    assert out.returncode == 3 and message in one_line(out)
    # in a batch the bomb fails alone and the sample beside it is written
    batch = run("parse", str(path), str(SAMPLE), "-o", str(tmp_path / "out"))
    assert batch.returncode == 1 and message.encode() in batch.stderr
    assert (tmp_path / "out" / f"{SAMPLE.name}.json").exists()


def test_a_page_drawing_forms_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "forms.pdf"
    path.write_bytes(form_pdf(10, packed=True))
    out = run("parse", str(path), "--stage", "read")
    assert out.returncode == 0 and b"KE HOACH" in out.stdout


# ---------------------------------------------------------------------------------------------
# 6. DOCX packages that are valid but unusual: Strict Open XML, text in embedded chunks

DOCX_SAMPLE = SAMPLES / "quang-ninh-2022-ke-hoach.docx"
_STRICT = [
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
]


def _rewrite_docx(
    src: Path, dst: Path, edit: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None
) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit(info.filename, zin.read(info)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


def _plan_items(path: Path) -> list[str]:
    from parplan.pipeline import run as parse

    return [item.text for item in parse(path).items]


def test_a_strict_open_xml_docx_is_the_same_plan(tmp_path: Path) -> None:
    def strict(_name: str, data: bytes) -> bytes:
        for transitional, iso in _STRICT:
            data = data.replace(transitional, iso)
        return data

    path = tmp_path / "strict.docx"
    _rewrite_docx(DOCX_SAMPLE, path, strict)
    assert b"purl.oclc.org" in zipfile.ZipFile(path).read("word/document.xml")
    assert _plan_items(path) == _plan_items(DOCX_SAMPLE) and len(_plan_items(path)) > 40


def _chunked(src: Path, dst: Path, part: bytes, name: str = "afchunk.htm") -> None:
    """`src` with its body replaced by one w:altChunk pointing at `part`."""
    import re

    def edit(filename: str, data: bytes) -> bytes:
        if filename == "word/document.xml":
            return re.sub(
                rb"<w:body>.*</w:body>",
                b'<w:body><w:altChunk r:id="rIdC1"/><w:sectPr/></w:body>',
                data,
                flags=re.S,
            )
        if filename == "word/_rels/document.xml.rels":
            rel = b'<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="%s"/>'
            return data.replace(b"</Relationships>", rel % name.encode() + b"</Relationships>")
        return data

    _rewrite_docx(src, dst, edit, {f"word/{name}": part})


CHUNK_HTML = """<html><head><meta charset="utf-16"><style>p {color: red}</style></head><body>
<p align=center><b>KẾ HOẠCH</b><br>Cải cách hành chính tỉnh Hà Giang năm 2023</p>
<h2>II. NHIỆM VỤ TRỌNG TÂM</h2>
<p><b>1. Cải cách thể chế</b></p>
<ol type="a"><li>Rà soát văn bản quy phạm pháp luật</li><li>Kiểm tra việc thi hành</li></ol>
<table border=1><tr><th>TT</th><th>Nội dung</th><th colspan=2>Cơ quan</th></tr>
<tr><td rowspan=2>1</td><td>Xây dựng kế hoạch</td><td>Sở Nội vụ</td><td>Các sở</td></tr>
<tr><td>Kiểm tra</td><td>Sở Tư pháp</td><td>UBND huyện</td></tr></table>
<!-- a comment --><script>var hidden = 1;</script>
</body></html>"""


def test_an_html_chunk_is_read_as_body_text(tmp_path: Path) -> None:
    from parplan.read.docx import read_docx
    from parplan.read.source import Para, Table

    path = tmp_path / "chunk.docx"
    _chunked(DOCX_SAMPLE, path, CHUNK_HTML.encode("utf-16"))
    src = read_docx(path)
    paras = [b.text for b in src.blocks if isinstance(b, Para)]
    assert paras[:2] == ["KẾ HOẠCH", "Cải cách hành chính tỉnh Hà Giang năm 2023"]
    assert "a) Rà soát văn bản quy phạm pháp luật" in paras and "b) Kiểm tra việc thi hành" in paras
    assert not any("hidden" in p or "color" in p or "comment" in p for p in paras)
    (table,) = [b for b in src.blocks if isinstance(b, Table)]
    grid = [[(c.text, c.col, c.col_span, c.continued) for c in row.cells] for row in table.rows]
    assert grid[0][2] == ("Cơ quan", 2, 2, False)
    assert grid[2][0][1:] == (0, 1, True) and grid[2][1][0] == "Kiểm tra"


def test_a_sample_as_an_html_chunk_is_the_same_plan(tmp_path: Path) -> None:
    """The sample's body, rendered to HTML paragraph by paragraph, in a chunk: the same items."""
    import html

    from parplan.read.docx import read_docx
    from parplan.read.source import Para

    blocks = read_docx(DOCX_SAMPLE).blocks
    page = "".join(
        f"<p>{html.escape(b.text)}</p>"
        if isinstance(b, Para)
        else "<table>"
        + "".join(
            "<tr>"
            + "".join(f"<td colspan={c.col_span}>{html.escape(c.text)}</td>" for c in row.cells)
            + "</tr>"
            for row in b.rows
        )
        + "</table>"
        for b in blocks
    )
    path = tmp_path / "chunk.docx"
    _chunked(DOCX_SAMPLE, path, f"<html><body>{page}</body></html>".encode())
    assert _plan_items(path) == _plan_items(DOCX_SAMPLE)


@pytest.mark.parametrize(
    ("part", "name", "expect"),
    [
        (
            b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: text/html; charset=utf-8\n'
            b"Content-Transfer-Encoding: quoted-printable\n\n<p>K=E1=BA=BE HO=E1=BA=A0CH c=E1=BA=A3i c=C3=A1ch</p>\n--b--\n",
            "afchunk.mht",
            "KẾ HOẠCH cải cách",
        ),
        ("Dòng một\nDòng hai\n".encode(), "afchunk.txt", "Dòng hai"),
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Kế hoạch XHTML</p></body></html>'.encode(),
            "afchunk.xhtml",
            "Kế hoạch XHTML",
        ),
        (
            (
                "<html><body>" + "<div>" * 3000 + "<p>Văn bản sâu</p>" + "</div>" * 3000 + "</body></html>"
            ).encode(),
            "deep.htm",
            "Văn bản sâu",
        ),
        (b"{\\rtf1\\ansi KE HOACH}", "afchunk.rtf", "RTF chunk"),
    ],
    ids=["mht", "text", "xhtml", "deep", "rtf"],
)
def test_other_chunk_formats(part: bytes, name: str, expect: str, tmp_path: Path) -> None:
    from parplan.read.docx import read_docx

    path = tmp_path / "chunk.docx"
    _chunked(DOCX_SAMPLE, path, part, name)
    src = read_docx(path)
    shown = [getattr(b, "text", "") for b in src.blocks] + list(src.notes)
    assert any(expect in s for s in shown), shown


def test_form_expansion_follows_pages_in_object_streams() -> None:
    """PDF 1.5 writers keep page and resource dictionaries in compressed object streams."""
    import zlib

    from parplan.read.pdf_forms import expansion

    page = b"<< /Type /Page /Contents 6 0 R /Resources 4 0 R >>"
    resources = b"<< /XObject << /X 5 0 R >> >>"
    index = b"3 0 4 %d " % len(page)
    packed = zlib.compress(index + page + resources)
    data = (
        b"%PDF-1.5\n"
        + b"2 0 obj\n<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
        % (len(index), len(packed), packed)
        + b"5 0 obj\n<< /Type /XObject /Subtype /Form /Length 3 >>\nstream\nq Q\nendstream\nendobj\n"
        + b"6 0 obj\n<< /Length 20 >>\nstream\n/X Do /X Do /X Do\nendstream\nendobj\n"
    )
    assert expansion(data, 100) == (3, "")
    assert "expand to over 2" in expansion(data, 2)[1]


def test_ten_thousand_chunks_naming_one_part_are_read_within_a_budget(tmp_path: Path) -> None:
    """A chunk bomb: the body names one 1 MB HTML part 10,000 times (10 GB of HTML to lay out)."""
    import re
    import resource
    import time

    from parplan.read.docx import read_docx

    page = (
        "<html><body>"
        + "".join(f"<p>{i}. Nhiệm vụ cải cách hành chính số {i}</p>" for i in range(30_000))
        + "</body></html>"
    ).encode()

    def edit(filename: str, data: bytes) -> bytes:
        if filename == "word/document.xml":
            chunks = b'<w:altChunk r:id="rIdC1"/>' * 10_000
            return re.sub(
                rb"<w:body>.*</w:body>", b"<w:body>" + chunks + b"<w:sectPr/></w:body>", data, flags=re.S
            )
        if filename == "word/_rels/document.xml.rels":
            rel = b'<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="a.htm"/>'
            return data.replace(b"</Relationships>", rel + b"</Relationships>")
        return data

    path = tmp_path / "bomb.docx"
    _rewrite_docx(DOCX_SAMPLE, path, edit, {"word/a.htm": page})
    started = time.perf_counter()
    src = read_docx(path)
    assert time.perf_counter() - started < 60
    assert any("past what this document's chunks may take" in note for note in src.notes)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KB: under 1 GB


@POSIX
def test_broken_and_looping_links_say_so(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    for name in ("loop.txt", "gone.txt"):
        out = run("parse", str(tmp_path / name))
        assert out.returncode == 3 and "broken or looping symbolic link" in one_line(out)
    (tmp_path / "plan.txt").write_bytes(SAMPLE.read_bytes())
    walked = run("parse", str(tmp_path), "-o", str(tmp_path / "out"))
    assert walked.returncode == 0 and b"2 a broken or looping symbolic link" in walked.stderr


def test_form_expansion_follows_inherited_resources() -> None:
    """A page may take its resources from the page tree: the forms it draws are counted all the same."""
    from parplan.read.pdf_forms import expansion

    def pdf(content: bytes, forms: bytes) -> bytes:
        return (
            b"%PDF-1.4\n"
            + b"1 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Resources << /XObject << /X 10 0 R >> >> >>\nendobj\n"
            + b"2 0 obj\n<< /Type /Page /Parent 1 0 R /Contents 3 0 R >>\nendobj\n"
            + b"3 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content)
            + forms
        )

    one = b"10 0 obj\n<< /Type /XObject /Subtype /Form /Length 3 >>\nstream\nq Q\nendstream\nendobj\n"
    assert expansion(pdf(b"/X Do " * 1000, one), 100_000) == (1000, "")
    count, reason = expansion(pdf(b"/X Do " * 100_001, one), 100_000)
    assert count > 100_000 and "expand to over" in reason
    # a chain no page draws is refused too: it explodes wherever it is drawn
    chain = b"".join(
        b"%d 0 obj\n<< /Type /XObject /Subtype /Form /Resources << /XObject << /F %d 0 R >> >> /Length 11 >>\n"
        b"stream\n/F Do /F Do\nendstream\nendobj\n" % (10 + k, 11 + k)
        for k in range(30)
    )
    assert "expand to over" in expansion(pdf(b"q Q", chain), 100_000)[1]
