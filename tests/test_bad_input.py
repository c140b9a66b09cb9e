"""Hostile and odd input through the real CLI: every case ends with the documented exit code and a
one-line message (never a traceback), within a timeout (never a hang). The README table "Bad input"
lists the same cases.

Every fixture is generated here from a sample or from scratch (no binary files to review): PDFs by a
tiny writer (`_pdf`), an encrypted PDF with the standard RC4 security handler implemented below, a
zip bomb with zipfile and a highly compressible payload.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from parplan.normalize.legacy import unicode_to_cp1258, unicode_to_tcvn3, unicode_to_vni
from tests.conftest import SAMPLES, parsed

STEM = "quang-ninh-2022-ke-hoach"
TXT, DOCX, PDF = (SAMPLES / f"{STEM}.{ext}" for ext in ("txt", "docx", "pdf"))
NUMBER = "1788/QĐ-UBND"
TIMEOUT = 120
# Size of the big text test; the default keeps the suite fast. `PARPLAN_BIG_MB=50 pytest -k big_text`
# runs the 50 MB case (measured: ~31 s, ~0.75 GB peak on one core).
BIG_MB = float(os.environ.get("PARPLAN_BIG_MB", "8"))


def cli(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args], capture_output=True, input=input, timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )


def one_line_error(out: subprocess.CompletedProcess[bytes], code: int, *needles: str) -> str:
    """The contract: exit `code`, exactly one stderr line starting `parplan:`, no traceback."""
    err = out.stderr.decode("utf-8", "replace")
    assert out.returncode == code, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("parplan: ") and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


def plan_json(out: subprocess.CompletedProcess[bytes]) -> dict:
    assert out.returncode == 0, out.stderr.decode()
    assert "Traceback" not in out.stderr.decode()
    return json.loads(out.stdout)


# ---------------------------------------------------------------------------------------------
# generators


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A well-formed PDF (xref with real offsets) from object bodies; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _blank_pages(n: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (i + 3) for i in range(n))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n]
                + [page] * n)


def _image_only_pdf() -> bytes:
    """One page showing a 2×2 grey image and no text: what a scanner produces."""
    content = b"q 400 0 0 400 100 300 cm /Im0 Do Q"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 4 >>\nstream\n\x00\x80\x80\xff\nendstream",
    ])


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user: bytes = b"secret", owner: bytes = b"owner") -> bytes:
    """A PDF protected by a user password: standard security handler, RC4 40-bit (PDF 1.4, algorithms
    3.3 and 3.4). pypdfium2 cannot write encryption and pdfminer only reads it, so it is built here;
    pdfium opens it with the password "secret" (checked below), so the dictionary is genuine."""
    o_key = hashlib.md5((owner + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(o_key, (user + _PAD)[:32])
    perms, file_id = -44, b"0123456789abcdef"
    key = hashlib.md5((user + _PAD)[:32] + o_entry + struct.pack("<i", perms) + file_id).digest()[:5]
    u_entry = _rc4(key, _PAD)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o_entry.hex().encode(), u_entry.hex().encode(), perms),
        ],
        b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode()),
    )


def _zip_bomb(mb: int = 210) -> bytes:
    """A DOCX-shaped zip whose word/document.xml inflates to `mb` MB of spaces (~0.2 MB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(mb):
                fh.write(chunk)
    return buf.getvalue()


def _flip(data: bytes, start: int, length: int) -> bytes:
    return data[:start] + bytes(b ^ 0xFF for b in data[start : start + length]) + data[start + length :]


def _sample_text() -> str:
    return TXT.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# empty, noise, wrong extension


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "blank.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"   \n\n" if name == "blank.txt" else b"")
    one_line_error(cli("parse", str(path)), 3, "empty")


def test_binary_noise(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(0).randbytes(64 * 1024))
    one_line_error(cli("parse", str(path)), 3, "binary")


def test_noise_without_nul_bytes_is_not_a_plan(tmp_path: Path) -> None:
    """Bytes that decode as some code page are text, just not a plan: parsed, with the PP001 warning."""
    rng = random.Random(1)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.choice(b"abcdefghij \n\xe0\xe1\xe2\xe3") for _ in range(20_000)))
    out = cli("parse", str(path))
    assert out.returncode in (0, 3), out.stderr
    err = one_line_error(out, out.returncode)
    if out.returncode == 0:
        assert "warning" in err and "not a PAR plan" in err


@pytest.mark.parametrize(("real", "named"), [(DOCX, "plan.pdf"), (PDF, "plan.docx"), (PDF, "plan.txt"), (DOCX, "plan")])
def test_wrong_extension_is_sniffed(tmp_path: Path, real: Path, named: str) -> None:
    """The content decides the format; the plan keeps the file name it was given (provenance)."""
    path = tmp_path / named
    path.write_bytes(real.read_bytes())
    plan = plan_json(cli("parse", str(path)))
    assert plan["format"] == real.suffix[1:]
    assert plan["file"] == named
    assert plan["metadata"]["number"] == NUMBER
    assert {i["source"]["file"] for i in plan["items"]} == {named}
    assert all((i["source"]["page"] is not None) == (real.suffix == ".pdf") for i in plan["items"])


def test_stdin_is_sniffed_too() -> None:
    plan = plan_json(cli("parse", "-", input=DOCX.read_bytes()))
    assert (plan["format"], plan["file"], plan["metadata"]["number"]) == ("docx", "<stdin>", NUMBER)


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc"), (b"{\\rtf1\\ansi hello}", "RTF")],
)
def test_legacy_word_formats(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(content)
    one_line_error(cli("parse", str(path)), 3, "old.doc: ", needle)


# ---------------------------------------------------------------------------------------------
# damaged files


@pytest.mark.parametrize("sample", [DOCX, PDF], ids=["docx", "pdf"])
def test_truncated(tmp_path: Path, sample: Path) -> None:
    data = sample.read_bytes()
    path = tmp_path / f"half{sample.suffix}"
    path.write_bytes(data[: len(data) // 2])
    one_line_error(cli("parse", str(path)), 3, "half" + sample.suffix)


def test_docx_with_flipped_bytes_in_the_body(tmp_path: Path) -> None:
    data = DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100
    path = tmp_path / "flipped.docx"
    path.write_bytes(_flip(data, start, 64))
    one_line_error(cli("parse", str(path)), 3, "flipped.docx")


def test_docx_with_flipped_bytes_in_the_central_directory(tmp_path: Path) -> None:
    """The last central-directory entries (customXml parts) are garbage, with absurd sizes: that is
    damage, not a zip bomb, and the parts the reader needs are intact, so the plan is read."""
    data = DOCX.read_bytes()
    path = tmp_path / "flipped.docx"
    path.write_bytes(_flip(data, len(data) - 200, 150))
    out = cli("parse", str(path))
    assert "zip bomb" not in out.stderr.decode()
    assert plan_json(out)["metadata"]["number"] == NUMBER


@pytest.mark.parametrize("where", [0.1, 0.5, 0.97])
def test_pdf_with_flipped_bytes(tmp_path: Path, where: float) -> None:
    """pdfium repairs what it can: either a (partial) plan or a one-line error, never a crash."""
    data = PDF.read_bytes()
    path = tmp_path / "flipped.pdf"
    path.write_bytes(_flip(data, int(len(data) * where), 64))
    out = cli("parse", str(path))
    assert out.returncode in (0, 3), out.stderr
    if out.returncode == 3:
        one_line_error(out, 3, "flipped.pdf")
    else:
        assert json.loads(out.stdout)["format"] == "pdf"
        assert "Traceback" not in out.stderr.decode()


# ---------------------------------------------------------------------------------------------
# limits: zip bomb, absurd page counts, size


def test_docx_zip_bomb(tmp_path: Path) -> None:
    bomb = _zip_bomb(210)
    assert len(bomb) < 2 * 1024 * 1024
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    start = time.perf_counter()
    one_line_error(cli("parse", str(path)), 3, "bomb.docx", "DOCX expands to 210 MB", "zip bomb")
    assert time.perf_counter() - start < 20  # refused from the central directory, nothing inflated


def test_docx_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "dense.docx"
    path.write_bytes(_zip_bomb(20))  # under the size limit, but 1000:1
    one_line_error(cli("parse", str(path)), 3, "word/document.xml", "compressed", "100:1")


def test_docx_too_many_entries(tmp_path: Path) -> None:
    data = DOCX.read_bytes()
    path = tmp_path / "many.docx"
    path.write_bytes(data)
    out = cli("parse", str(path), env={"PARPLAN_MAX_DOCX_ENTRIES": "5"})
    one_line_error(out, 3, "entries", "PARPLAN_MAX_DOCX_ENTRIES")


def test_pdf_absurd_page_count(tmp_path: Path) -> None:
    path = tmp_path / "pages.pdf"
    path.write_bytes(_blank_pages(20_000))
    start = time.perf_counter()
    one_line_error(cli("parse", str(path)), 3, "20000 pages", "limit of 2000")
    assert time.perf_counter() - start < 30


def test_page_limit_from_cli_and_env(tmp_path: Path) -> None:
    one_line_error(cli("--limit", "pdf_pages=2", "parse", str(PDF)), 3, "pages, over the limit of 2")
    one_line_error(cli("parse", str(PDF), env={"PARPLAN_MAX_PDF_PAGES": "2"}), 3, "over the limit of 2")
    # the CLI wins over the environment, and 0 lifts the limit
    plan = plan_json(cli("--limit", "max_pdf_pages=0", "parse", str(PDF), env={"PARPLAN_MAX_PDF_PAGES": "2"}))
    assert plan["metadata"]["number"] == NUMBER


def test_size_limit_applies_to_files_and_stdin() -> None:
    one_line_error(cli("--limit", "bytes=10K", "parse", str(TXT)), 3, "larger than the limit")
    one_line_error(cli("--limit", "bytes=10K", "parse", "-", input=TXT.read_bytes()), 3, "<stdin>: more than the limit of 10 KB")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX device")
def test_endless_stream_is_cut_at_the_size_limit() -> None:
    """A device or pipe has no size to check first: the read itself is bounded."""
    one_line_error(cli("--limit", "bytes=1M", "parse", "/dev/zero"), 3, "/dev/zero: more than the limit of 1 MB")


@pytest.mark.parametrize("bad", ["pages=abc", "nonsense=3", "pdf_pages", "pdf_pages=-1"])
def test_bad_limit_is_a_usage_error(bad: str) -> None:
    one_line_error(cli("--limit", bad, "parse", str(TXT)), 2, "--limit")


def test_bad_limit_env_is_a_usage_error() -> None:
    one_line_error(cli("parse", str(TXT), env={"PARPLAN_MAX_BYTES": "lots"}), 2, "PARPLAN_MAX_BYTES")


def test_limits_in_the_library(tmp_path: Path) -> None:
    from parplan.errors import UnreadableInput
    from parplan.limits import LimitExceeded, Limits
    from parplan.pipeline import run

    with pytest.raises(LimitExceeded, match="over the limit of 3") as info:
        run(PDF, limits=Limits(max_pdf_pages=3))
    assert isinstance(info.value, UnreadableInput) and info.value.exit_code == 3
    assert Limits.from_env({"PARPLAN_MAX_BYTES": "1.5M"}).max_bytes == 1572864
    assert run(PDF, limits=Limits(max_pdf_pages=0)).metadata.number == NUMBER


# ---------------------------------------------------------------------------------------------
# PDFs without usable text


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    data = _encrypted_pdf()
    assert len(pdfium.PdfDocument(data, password="secret")) == 1  # a genuine password-protected PDF
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    one_line_error(cli("parse", str(path)), 3, "locked.pdf", "encrypted")


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    one_line_error(cli("parse", str(path)), 3, "scan.pdf", "no text layer")


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "nopages.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    one_line_error(cli("parse", str(path)), 3, "nopages.pdf")


# ---------------------------------------------------------------------------------------------
# encodings: the same plan from every way Vietnamese text has been stored


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1258", "tcvn3", "vni"]
)
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    text = _sample_text()
    if encoding == "cp1258":
        data = unicode_to_cp1258(text)
    elif encoding in ("tcvn3", "vni"):
        # 8-bit fonts had no typographic punctuation: decrees typed ASCII dashes and quotes
        ascii_punct = text.translate(str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."}))
        legacy = unicode_to_tcvn3(ascii_punct) if encoding == "tcvn3" else unicode_to_vni(ascii_punct)
        data = legacy.encode("latin-1", errors="replace")
    else:
        data = text.encode(encoding)  # "utf-16" writes a BOM, -le/-be do not
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    if encoding == "utf-16":  # one through the CLI; the library is enough for the others
        plan = plan_json(cli("parse", str(path)))
    else:
        from parplan import parse_file

        plan = json.loads(parse_file(path).model_dump_json())
    reference = parsed(TXT.name)
    assert plan["metadata"]["number"].upper() == NUMBER.upper()
    assert {a["code"] for a in plan["areas"]} == {a.code for a in reference.areas}
    assert len(plan["items"]) == len(reference.items)
    assert not any(i["code"] == "PP001" for i in plan["issues"])


# ---------------------------------------------------------------------------------------------
# size: big text, big table


def test_big_text(tmp_path: Path) -> None:
    """A long text (the sample repeated) finishes in bounded time. Default 8 MB (~5 s); the 50 MB
    case (PARPLAN_BIG_MB=50) measured ~31 s and ~0.75 GB peak."""
    sample = TXT.read_bytes()
    path = tmp_path / "big.txt"
    repeats = int(BIG_MB * 2**20 / len(sample)) + 1
    path.write_bytes(sample * repeats)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "parplan", "export", str(path), "--table", "plans", "--format", "jsonl"],
        capture_output=True, timeout=max(TIMEOUT, BIG_MB * 6),
    )
    elapsed = time.perf_counter() - start
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert row["items"] >= repeats * 25  # ~32 per copy: items of every copy are there
    assert elapsed < max(60, BIG_MB * 4), f"{BIG_MB} MB took {elapsed:.1f} s"


def test_table_with_10000_rows(tmp_path: Path) -> None:
    header = "TT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"
    rows = [
        f"{i}\tXây dựng kế hoạch cải cách hành chính số {i}\tSở Nội vụ\tCác sở, ban, ngành\tTháng {i % 12 + 1}/2022"
        for i in range(1, 10_001)
    ]
    path = tmp_path / "table.txt"
    path.write_text(_sample_text() + "\n\nPHỤ LỤC\n\n" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    start = time.perf_counter()
    out = cli("export", str(path), "--table", "rows", "--format", "jsonl")
    elapsed = time.perf_counter() - start
    assert out.returncode == 0, out.stderr
    found = [json.loads(line) for line in out.stdout.splitlines()]
    last = [r for r in found if r["text"].endswith("số 10000")]
    assert len(last) == 1 and last[0]["lead"] == ["Sở Nội vụ"]
    assert len(found) >= 10_000
    assert elapsed < 60


def test_parse_over_the_time_limit_stops_with_one_line(tmp_path: Path) -> None:
    """`max_seconds` bounds a parse whatever the input: a 50,000-row table (~6 s) with a 1 s limit."""
    header = "TT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"
    rows = [f"{i}\tXây dựng kế hoạch số {i}\tSở Nội vụ\tCác sở, ban, ngành\tNăm 2022" for i in range(1, 50_001)]
    path = tmp_path / "slow.txt"
    path.write_text(_sample_text() + "\n\nPHỤ LỤC\n\n" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    start = time.perf_counter()
    out = cli("--limit", "seconds=1", "parse", str(path))
    one_line_error(out, 3, "slow.txt: parsing took longer than the limit of 1 s", "--limit seconds=")
    assert time.perf_counter() - start < 30
    # the same in a batch worker, next to a file that parses: the batch fails (exit 1), the other is written
    out = cli("--limit", "seconds=1", "parse", str(path), str(TXT), "--jobs", "2", "-o", str(tmp_path / "out"))
    assert out.returncode == 1, out.stderr.decode()
    assert "parsing took longer than the limit of 1 s" in out.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{STEM}.txt.json"]


# ---------------------------------------------------------------------------------------------
# not a PAR plan

RECIPE = """CÁCH NẤU PHỞ BÒ HÀ NỘI

I. Nguyên liệu
1. Xương bò: 2 kg
2. Thịt bò thăn: 500 g
3. Bánh phở: 1 kg

II. Cách làm
1. Rửa sạch xương, chần qua nước sôi rồi ninh trong 6 giờ.
2. Nướng hành và gừng cho thơm, cho vào nồi nước dùng.
3. Thái mỏng thịt bò, xếp lên bánh phở, chan nước dùng thật nóng.
"""
NEWS = """Hà Nội: Đẩy mạnh chuyển đổi số trong cải cách hành chính

Ngày 12/3/2024, UBND thành phố Hà Nội tổ chức hội nghị sơ kết công tác cải cách hành chính quý I. Theo báo cáo, tỷ lệ hồ sơ trực tuyến đạt 65%.

Phát biểu tại hội nghị, Phó Chủ tịch UBND thành phố đề nghị các sở, ngành tiếp tục đẩy mạnh chuyển đổi số.
"""


@pytest.mark.parametrize(
    ("name", "text", "mentions"),
    [pytest.param("recipe.txt", RECIPE, 0, id="recipe"), pytest.param("news.txt", NEWS, 2, id="news")],
)
def test_not_a_par_plan(tmp_path: Path, name: str, text: str, mentions: int) -> None:
    """parse succeeds with a PP001 issue and a one-line warning; validate makes it an error."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = cli("parse", str(path))
    plan = plan_json(out)
    err = one_line_error(out, 0, "warning", name, "not a PAR plan: no reform areas, no task table")
    assert f"mentioned {mentions} time" in err and "starts with" in err
    assert [i["code"] for i in plan["issues"]] == ["PP001"]
    checked = cli("validate", str(path))
    assert checked.returncode == 1
    assert ": PP001 error: not a PAR plan" in checked.stdout.decode()
    assert cli("parse", "-q", str(path)).stderr == b""


def test_samples_are_par_plans() -> None:
    from tests.conftest import STEMS

    for stem in STEMS:
        assert not any(i.code == "PP001" for i in parsed(f"{stem}.txt").issues)


# ---------------------------------------------------------------------------------------------
# batch: bad files do not stop the others


def test_batch_of_bad_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf())
    (tmp_path / "bomb.docx").write_bytes(_zip_bomb(210))
    (tmp_path / "good.txt").write_bytes(TXT.read_bytes())
    out = cli("export", str(tmp_path), "--table", "plans", "--format", "jsonl", "-j", "2")
    err = out.stderr.decode()
    assert out.returncode == 1, err
    assert [json.loads(line)["file"] for line in out.stdout.splitlines()] == ["good.txt"]
    assert "3 of 4 files failed" in err and "Traceback" not in err
    for name in ("empty.txt", "locked.pdf", "bomb.docx"):
        assert sum(line.startswith(f"  {tmp_path / name}: ") for line in err.splitlines()) == 1


def test_batch_where_nothing_is_readable_exits_3(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(_image_only_pdf())
    out = cli("parse", str(tmp_path), "-q")
    assert out.returncode == 3 and out.stdout == b""
    assert "2 of 2 files failed" in out.stderr.decode()
