"""Mutation fuzzer for the reading pipeline (damaged txt, DOCX and PDF decrees) and the command line.

Every input is a sample from `samples/` put through one to three mutators (byte flips, truncations,
inserted garbage; for txt also line, table and encoding damage; for DOCX a zip member rewritten with
damaged or odd XML; for PDF xref, object and content-stream damage). Each mutant goes through
`parplan.pipeline.run(Path("x.<fmt>"), data=mutant)` and `Plan.model_dump_json()` in a worker
process. The contract: a Plan, or a `ParplanError`. Anything else is a *crash*; no answer within
`--timeout` seconds is a *hang*; a worker that dies (segfault, OOM) counts as a crash too.

    python scripts/fuzz.py --inputs 30000 --seed 1 --formats txt,docx,pdf --jobs 2
    python scripts/fuzz.py --replay txt-s1-000912 docx-s1-002052     # regenerate and rerun findings

The `cli` format is not a file but an invocation of the installed command: hostile file names
(dashes, bad UTF-8, escapes, 300 bytes), output targets (/dev/null, a FIFO, a folder, a path under a
file, a read-only folder, a symlink), globs and folder walks (`..`, symlink loops). Its contract:
an exit code of 0-3, no traceback and no raw control character on stderr, /dev/null still a
device, and nothing written outside the invocation's work folder.

Mutants are a pure function of (seed, format, index), so any finding can be regenerated. Crashing
and hanging inputs are saved to `fuzz-crashes/` as `<key>.<fmt>` with a `<key>.log` note (description, traceback).
`tests/test_fuzz.py` runs the same mutators on a small fixed budget.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import random
import re
import sys
import threading
import time
import traceback
import warnings
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FORMATS = ("txt", "docx", "pdf", "cli")
# pdf mutants cost ~10x a txt one, a cli invocation (a new process) ~30x
DEFAULT_WEIGHTS = {"txt": 5.0, "docx": 4.0, "pdf": 1.0, "cli": 0.1}

Op = Callable[[random.Random, bytes, Sequence[bytes]], tuple[bytes, str]]


# ---------------------------------------------------------------------------------------------
# Samples


def load_samples(formats: Sequence[str] = FORMATS, folder: Path = SAMPLES) -> dict[str, list[tuple[str, bytes]]]:
    """{format: [(file name, bytes), …]} for the bundled samples, sorted by name."""
    out: dict[str, list[tuple[str, bytes]]] = {}
    for fmt in formats:
        files = sorted(folder.glob(f"*.{'txt' if fmt == 'cli' else fmt}"))  # invocations read txt decrees
        if not files:
            raise SystemExit(f"no samples/*.{fmt} to mutate")
        out[fmt] = [(p.name, p.read_bytes()) for p in files]
    return out


# ---------------------------------------------------------------------------------------------
# Byte mutators (every format)

_INTERESTING_BYTES = (0x00, 0x01, 0x0A, 0x0D, 0x20, 0x25, 0x28, 0x29, 0x2F, 0x3C, 0x3E, 0x7C, 0x7F, 0x80, 0xC3, 0xE1, 0xFF)
_MAGIC_TOKENS = (
    b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf1", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"\x00" * 64, b"\xff" * 64, b"endstream endobj", b"xref\n0 1\n", b"trailer <<>>", b"%%EOF",
    b"<w:p>", b"</w:tbl>", b"&#0;", b"\xed\xa0\x80", b"\xc0\x80", b"99999999999999999999", b"-1",
)


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def flip_bits(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    if not data:
        return data, "flip_bits (empty)"
    n = rng.choice((1, 1, 2, 4, 8, 32, 128))
    b = bytearray(data)
    for _ in range(n):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b), f"flip_bits x{n}"


def set_bytes(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    if not data:
        return data, "set_bytes (empty)"
    n = rng.choice((1, 2, 8, 32))
    b = bytearray(data)
    for _ in range(n):
        b[rng.randrange(len(b))] = rng.choice(_INTERESTING_BYTES)
    return bytes(b), f"set_bytes x{n}"


def truncate(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    k = _pos(rng, data)
    if rng.random() < 0.8:
        return data[:k], f"truncate keep[:{k}]"
    return data[k:], f"truncate keep[{k}:]"


def delete_range(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    a = _pos(rng, data)
    n = rng.choice((1, 16, 256, 4096))
    return data[:a] + data[a + n :], f"delete [{a}:{a + n}]"


def insert_garbage(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    a = _pos(rng, data)
    if rng.random() < 0.5:
        junk = rng.randbytes(rng.choice((1, 8, 64, 512)))
        what = f"{len(junk)} random bytes"
    else:
        token = rng.choice(_MAGIC_TOKENS)
        junk = token * rng.choice((1, 1, 4, 100))
        what = f"{token[:20]!r} x{len(junk) // len(token)}"
    return data[:a] + junk + data[a:], f"insert {what} @{a}"


def duplicate_range(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    a = _pos(rng, data)
    n = rng.choice((4, 64, 1024, 16384))
    at = _pos(rng, data)
    return data[:at] + data[a : a + n] + data[at:], f"duplicate [{a}:{a + n}] @{at}"


def splice(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    other = rng.choice(pool) if pool else data
    a, b = _pos(rng, data), rng.randrange(len(other) + 1)
    return data[:a] + other[b:], f"splice self[:{a}] + other[{b}:]"


BYTE_OPS: tuple[Op, ...] = (flip_bits, set_bytes, truncate, delete_range, insert_garbage, duplicate_range, splice)


# ---------------------------------------------------------------------------------------------
# Text mutators (txt): decode, damage lines and tables, re-encode

_TEXT_TOKENS = (
    "I.", "II. MỤC TIÊU", "III. NHIỆM VỤ, GIẢI PHÁP", "IV.", "1.", "2.1.", "1.1.1.", "a)", "đ)", "(1)", "(12)", "-",
    "+", "•", "Nội dung 2.", "Điều 3.", "Phần II", "Chương I", "Căn cứ", "Nơi nhận:", "QUYẾT ĐỊNH:", "KẾ HOẠCH",
    "Số: 1788/QĐ-UBND", "76/NQ-CP", "107/2021/NĐ-CP", "05-NQ/TU", "ngày 15/7/2021", "ngày 31 tháng 12 năm 2021",
    "tháng 12/2022", "Quý I/2022", "Năm 2025", "2021-2030", "tối thiểu 80%", "100%", "1,8%", "10.000", "90 %",
    "trên 95%", "giảm 10%", "Đến năm 2025:", "Sở Nội vụ", "UBND cấp huyện", "Các sở, ban, ngành; UBND các huyện",
    "Thường xuyên", "STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm",
    "Ghi chú", "PHỤ LỤC", "(Kèm theo Kế hoạch số 225/KH-UBND)", "|", "\t", "\u00a0", "\u200b", "\ufeff", "\u0301",
    "\u202e", "\x0c", "\x00", "**", "[x](#)", "- 3 -", "12", "TỈNH QUẢNG NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A",
)
_LONG_UNITS = (
    "a", "1.", "(1) ", "|", "\t", "tối thiểu 80% ", "Sở Nội vụ; ", "Căn cứ ", "-", "ngày 15/7/2021 ", "Số: 1/QĐ-UBND ",
    " ", "I.", "%", "/", "((", "Đ", "\u0301",
)
_LONG_LINES = ("|\n", "\n", "(1)\n", "\u00a0\n", "-\n", "1\n", "\t\n", "I.\n\n", "Sở Nội vụ\n|\n")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _range(rng: random.Random, n: int, most: int = 40) -> tuple[int, int]:
    a = rng.randrange(max(n, 1))
    return a, min(n, a + 1 + rng.randrange(most))


def t_insert_tokens(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    n = rng.choice((1, 3, 10, 50))
    for _ in range(n):
        tok = rng.choice(_TEXT_TOKENS)
        i = rng.randrange(len(lines) + 1)
        if rng.random() < 0.5 or i == len(lines):
            lines.insert(i, tok)
        else:
            line = lines[i]
            j = rng.randrange(len(line) + 1)
            lines[i] = line[:j] + tok + line[j:]
    return "\n".join(lines), f"insert {n} tokens"


def t_long_line(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines) + 1)
    if rng.random() < 0.6:
        unit = rng.choice(_LONG_UNITS)
        k = rng.choice((100, 2000, 20000)) // len(unit) + 1
        blob = unit * k
    else:
        unit = rng.choice(_LONG_LINES)
        k = rng.choice((50, 500, 3000))
        blob = (unit * k).rstrip("\n")
    lines.insert(i, blob)
    return "\n".join(lines), f"long {unit!r} x{k} at line {i + 1}"


def t_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    a, b = _range(rng, len(lines))
    kind = rng.choice(("dup", "delete", "shuffle", "reverse", "move"))
    chunk = lines[a:b]
    if kind == "dup":
        lines[b:b] = chunk * rng.choice((1, 2, 10))
    elif kind == "delete":
        del lines[a:b]
    elif kind == "shuffle":
        rng.shuffle(chunk)
        lines[a:b] = chunk
    elif kind == "reverse":
        lines[a:b] = chunk[::-1]
    else:
        del lines[a:b]
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = chunk
    return "\n".join(lines), f"lines {kind} L{a + 1}-{b}"


def t_reshape(rng: random.Random, text: str) -> tuple[str, str]:
    """Rewrap, re-case or re-table a range of lines."""
    lines = _lines(text)
    a, b = _range(rng, len(lines), 80)
    chunk = lines[a:b]
    kind = rng.choice(("join", "wrap", "upper", "lower", "tabs", "pipes", "paras", "blank", "unblank", "nbsp", "indent"))
    if kind == "join":
        chunk = [" ".join(chunk)]
    elif kind == "wrap":
        width = rng.choice((5, 20, 60))
        chunk = [w for line in chunk for w in (re.findall(rf".{{1,{width}}}(?:\s|$)", line) or [line])]
    elif kind == "upper":
        chunk = [s.upper() for s in chunk]
    elif kind == "lower":
        chunk = [s.lower() for s in chunk]
    elif kind == "tabs":
        chunk = [re.sub(r"[,;:] ", "\t", s) if rng.random() < 0.7 else s.replace(" ", "\t") for s in chunk]
    elif kind == "pipes":
        chunk = [x for s in chunk for x in (s, "|") if rng.random() < 0.9 or x != "|"]
    elif kind == "paras":
        chunk = [x for s in chunk for x in (s, "")]
    elif kind == "blank":
        chunk = ["" if rng.random() < 0.3 else s for s in chunk]
    elif kind == "unblank":
        chunk = [s for s in chunk if s.strip()]
    elif kind == "nbsp":
        chunk = ["\u00a0" if not s.strip() else s.replace(" ", "\u00a0") for s in chunk]
    else:
        chunk = [" " * rng.choice((1, 4, 40)) + s for s in chunk]
    lines[a:b] = chunk
    return "\n".join(lines), f"reshape {kind} L{a + 1}-{b}"


def t_unicode(rng: random.Random, text: str) -> tuple[str, str]:
    import unicodedata

    kind = rng.choice(("nfd", "controls", "crlf", "cr", "mixed", "random"))
    if kind == "nfd":
        return unicodedata.normalize("NFD", text), "unicode NFD"
    if kind == "crlf":
        return text.replace("\n", "\r\n"), "unicode CRLF"
    if kind == "cr":
        return text.replace("\n", "\r"), "unicode CR"
    if kind == "mixed":
        return "".join(c if c != "\n" else rng.choice(("\n", "\r\n", "\r", "\n\r", "\u2028", "\x85")) for c in text), "unicode mixed EOL"
    chars = list(text)
    n = rng.choice((1, 10, 100))
    for _ in range(n):
        if kind == "controls":
            ch = chr(rng.choice((*range(0, 32), 0x7F, 0x85, 0xA0, 0xAD, 0x200B, 0x200E, 0x2028, 0x2029, 0xFEFF, 0xFFFD)))
        else:
            ch = chr(rng.choice((rng.randrange(0x20, 0x2FF), rng.randrange(0x300, 0x36F), rng.randrange(0x1E00, 0x1EFF),
                                 rng.randrange(0x2000, 0x2BFF), rng.randrange(0x10000, 0x1F9FF))))
        chars.insert(rng.randrange(len(chars) + 1), ch)
    return "".join(chars), f"unicode {kind} x{n}"


def t_terminators(rng: random.Random, text: str) -> tuple[str, str]:
    """Line breaks written as other Unicode terminators (all or some), and invisible controls
    (bidi overrides, zero-width characters) inside words: nothing may be lost or spoof a name."""
    kind = rng.choice(("all", "some", "invisible"))
    if kind == "invisible":
        chars = list(text)
        n = rng.choice((1, 20, 200))
        for _ in range(n):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice("\u202e\u202d\u2066\u2069\u200b\u200c\u200d\u200e\u2060\ufeff\u061c"))
        return "".join(chars), f"terminators invisible x{n}"
    sep = rng.choice(("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e", "\r"))
    if kind == "all":
        return text.replace("\n", sep), f"terminators all {sep!r}"
    return "".join(c if c != "\n" or rng.random() < 0.5 else sep for c in text), f"terminators some {sep!r}"


TEXT_OPS = (t_insert_tokens, t_long_line, t_lines, t_reshape, t_unicode, t_terminators)


def _text_op(fn: Callable[[random.Random, str], tuple[str, str]]) -> Op:
    def op(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
        text, what = fn(rng, data.decode("utf-8", "surrogateescape"))
        return text.encode("utf-8", "surrogateescape"), what

    op.__name__ = fn.__name__
    return op


def encode_text(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """Re-encode: UTF-16 with/without BOM, UTF-8 BOM, cp1258, double-encoded UTF-8, latin-1 damage."""
    text = data.decode("utf-8", "replace")
    enc = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1258", "mojibake", "latin-1", "utf-32"))
    if enc == "mojibake":
        return text.encode("utf-8").decode("latin-1").encode("utf-8"), "encode double-UTF-8"
    return text.encode(enc, "replace"), f"encode {enc}"


# ---------------------------------------------------------------------------------------------
# DOCX mutators: rewrite one zip member, or damage the package

_DOCX_MEMBERS = (
    ("word/document.xml", 12), ("word/numbering.xml", 3), ("word/styles.xml", 2), ("word/_rels/document.xml.rels", 2),
    ("_rels/.rels", 1), ("[Content_Types].xml", 1),
)
_XML_ATTRS = re.compile(
    r'\b(w:(?:val|gridSpan|ilvl|numId|vMerge|gridBefore|gridAfter|w|abstractNumId|start|hMerge|lvlRestart|styleId|'
    r'type|lvlText|numFmt|fill|pStyle)|Target|Type|r:id|Id)="([^"]*)"'
)
_ATTR_VALUES = (
    "-1", "0", "1", "2", "9", "99", "2147483647", "4294967296", "999999999999999999999", "", "x", "1.5", "restart",
    "continue", "NaN", "%1.%2.%3.%4.%5.%6.%7.%8.%9.", "%10", "%", "%%1", "%1%1%1%1%1%1%1%1", "upperRoman", "lowerLetter",
    "bullet", "none", "chineseCounting", "decimalZero", "ordinalText", "/word/document.xml", "../../etc/passwd",
    "http://x/", "rId1", "rId999",
)
_XML_TAGS = ("w:p", "w:r", "w:t", "w:tc", "w:tr", "w:tbl", "w:tblGrid", "w:numPr", "w:pPr", "w:sdt", "w:num",
             "w:abstractNum", "w:lvl", "w:style", "w:body", "Relationship", "w:tcPr", "w:br", "w:tab")


def _element_spans(xml: str, tag: str) -> list[tuple[int, int]]:
    """(start, end) of every `<tag …>…</tag>` or `<tag/>` element, nesting-aware."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in re.finditer(rf"<(/?){re.escape(tag)}(?=[\s/>])[^>]*?(/?)>", xml):
        if m.group(1):
            if stack:
                spans.append((stack.pop(), m.end()))
        elif m.group(2):
            spans.append((m.start(), m.end()))
        else:
            stack.append(m.start())
    return spans


def _pick_element(rng: random.Random, xml: str) -> tuple[str, tuple[int, int]] | None:
    tags = list(_XML_TAGS)
    rng.shuffle(tags)
    for tag in tags:
        spans = _element_spans(xml, tag)
        if spans:
            return tag, rng.choice(spans)
    return None


def x_damage(rng: random.Random, xml: str) -> tuple[str, str]:
    """Break well-formedness: truncate, drop or garble tags, bad entities, wrong encoding, bombs."""
    kind = rng.choice(("truncate", "drop_tag", "garbage", "entity", "decl", "bomb", "deep", "namespace", "rename"))
    if kind == "truncate":
        k = rng.randrange(len(xml) + 1)
        return xml[:k], f"truncate@{k}"
    if kind == "drop_tag":
        tags = list(re.finditer(r"<[^>]+>", xml))
        n = rng.choice((1, 3, 20))
        for m in sorted(rng.sample(tags, min(n, len(tags))), key=lambda m: -m.start()):
            xml = xml[: m.start()] + xml[m.end() :]
        return xml, f"drop {n} tags"
    if kind == "garbage":
        at = rng.randrange(len(xml) + 1)
        junk = rng.choice(("<<", "&", "&bogus;", "]]>", "\x00", "\x01", "<w:p>", "</w:p>", "<!--", "<?x?>", "\udcff", "<a:b/>"))
        return xml[:at] + junk + xml[at:], f"garbage {junk!r}@{at}"
    if kind == "entity":
        return re.sub(r"(<w:t(?:\s[^>]*)?>)", r"\1&#1;&#xFFFF;&#99999999;", xml, count=rng.choice((1, 100))), "bad char refs"
    if kind == "decl":
        decl = rng.choice(('<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="2.0"?>', '<?xml encoding="latin-1"?>', ""))
        return re.sub(r"^<\?xml[^>]*\?>", lambda _: decl, xml, count=1), f"declaration {decl!r}"
    if kind == "bomb":
        dtd = ('<!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
               '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>')
        xml = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(1) or "") + dtd, xml, count=1)
        return re.sub(r"(<w:t(?:\s[^>]*)?>)", r"\1&f;", xml, count=3), "entity expansion bomb"
    if kind == "deep":
        depth = rng.choice((300, 5000))
        opening, closing = "<w:sdt><w:sdtContent>" * depth, "</w:sdtContent></w:sdt>" * depth
        return re.sub(r"(<w:body>)(.*)(</w:body>)", lambda m: m.group(1) + opening + m.group(2) + closing + m.group(3),
                      xml, count=1, flags=re.S), f"nest body in {depth} w:sdt"
    if kind == "namespace":
        return xml.replace("schemas.openxmlformats.org/wordprocessingml/2006/main", "example.org/other", 1), "w namespace changed"
    tag = rng.choice(_XML_TAGS)
    new = rng.choice(_XML_TAGS)
    return re.sub(rf"<(/?){re.escape(tag)}(?=[\s/>])", rf"<\1{new}", xml), f"rename <{tag}> to <{new}>"


def x_semantic(rng: random.Random, xml: str) -> tuple[str, str]:
    """Well-formed but odd: attribute values, duplicated/removed/nested/moved elements."""
    kind = rng.choice(("attr", "attr", "attr", "dup", "remove", "nest", "swap", "empty_text", "bloat"))
    if kind == "attr":
        matches = list(_XML_ATTRS.finditer(xml))
        if not matches:
            return xml, "attr (none)"
        n = rng.choice((1, 1, 5, 50))
        done = []
        for m in sorted(rng.sample(matches, min(n, len(matches))), key=lambda m: -m.start()):
            value = rng.choice(_ATTR_VALUES)
            xml = xml[: m.start(2)] + value + xml[m.end(2) :]
            done.append(f"{m.group(1)}={value!r}")
        return xml, "attr " + ", ".join(done[:5]) + (" …" if len(done) > 5 else "")
    if kind == "nest":
        tables, cells = _element_spans(xml, "w:tbl"), _element_spans(xml, "w:tc")
        if not tables or not cells:
            return xml, "nest (no table)"
        t0, t1 = rng.choice(tables)
        c0, c1 = rng.choice(cells)
        close = xml.rfind("</w:tc>", c0, c1)
        if close < 0:
            return xml, "nest (self-closing cell)"
        return xml[:close] + xml[t0:t1] + "<w:p/>" + xml[close:], f"table [{t0}:{t1}] nested into cell @{c0}"
    if kind == "empty_text":
        return re.sub(r"(<w:t(?:\s[^>]*)?>)[^<]*(</w:t>)", r"\1\2", xml), "all w:t emptied"
    if kind == "bloat":
        k = rng.choice((5, 30))
        return re.sub(r"(<w:body>)(.*?)(<w:sectPr)", lambda m: m.group(1) + m.group(2) * k + m.group(3), xml,
                      count=1, flags=re.S), f"body repeated x{k}"
    picked = _pick_element(rng, xml)
    if picked is None:
        return xml, f"{kind} (no element)"
    tag, (a, b) = picked
    if kind == "dup":
        k = rng.choice((1, 2, 10))
        return xml[:b] + xml[a:b] * k + xml[b:], f"duplicate <{tag}> [{a}:{b}] x{k}"
    if kind == "remove":
        return xml[:a] + xml[b:], f"remove <{tag}> [{a}:{b}]"
    other = rng.choice(_element_spans(xml, tag))
    (a, b), (c, d) = sorted([(a, b), other])
    if c < b:  # nested or same: no swap
        return xml, f"swap <{tag}> (overlap)"
    return xml[:a] + xml[c:d] + xml[b:c] + xml[a:b] + xml[d:], f"swap <{tag}> [{a}:{b}] and [{c}:{d}]"


def x_bomb(rng: random.Random, xml: str) -> tuple[str, str]:
    """Structure bombs in well-formed XML: a numbering start in the billions, content controls
    nested hundreds deep, text boxes inside text boxes, absurd spans and merges."""
    kind = rng.choice(("start", "sdt", "txbx", "span", "vmerge"))
    if kind == "start":
        value = rng.choice(("2000000000", "99999999999999999999", "-5", "0"))
        fmt = rng.choice(("upperLetter", "lowerLetter", "upperRoman", "lowerRoman", "decimal"))
        out = re.sub(r'<w:start w:val="[^"]*"/>', f'<w:start w:val="{value}"/>', xml)
        out = re.sub(r'<w:numFmt w:val="[^"]*"/>', f'<w:numFmt w:val="{fmt}"/>', out)
        return out, f"numbering start {value} as {fmt}"
    paras = _element_spans(xml, "w:p")
    if not paras:
        return xml, f"{kind} (no paragraph)"
    a, b = rng.choice(paras)
    para = xml[a:b]
    depth = rng.choice((50, 300, 900))
    if kind == "sdt":
        inner = "<w:sdt><w:sdtContent>" * depth + para + "</w:sdtContent></w:sdt>" * depth
        return xml[:a] + inner + xml[b:], f"paragraph in {depth} nested content controls"
    if kind == "txbx":
        box = para
        for _ in range(min(depth, 60)):
            box = f"<w:p><w:r><w:pict><v:textbox xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:txbxContent>{box}</w:txbxContent></v:textbox></w:pict></w:r></w:p>"
        return xml[:a] + box + xml[b:], f"text boxes nested {min(depth, 60)} deep"
    if kind == "span":
        value = rng.choice(("100000", "2147483647", "-1", "0"))
        return re.sub(r'<w:gridSpan w:val="[^"]*"/>', f'<w:gridSpan w:val="{value}"/>', xml), f"gridSpan {value}"
    return re.sub(r"<w:tcPr>", '<w:tcPr><w:vMerge w:val="restart"/>' if rng.random() < 0.5 else "<w:tcPr><w:vMerge/>", xml), "vMerge everywhere"


def _read_zip(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _write_zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are a mutation, not a mistake
        for name, body in members:
            # a fixed timestamp: writestr(name) would stamp the current time and make mutants differ
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _member_op(fn: Callable[[random.Random, str], tuple[str, str]]) -> Op:
    def op(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
        try:
            members = _read_zip(data)
        except Exception:  # already broken by an earlier op: damage bytes instead
            return flip_bits(rng, data, pool)
        names = [info.filename for info, _ in members]
        choices = [(n, w) for n, w in _DOCX_MEMBERS if n in names] or [(n, 1) for n in names]
        target = rng.choices([n for n, _ in choices], [w for _, w in choices])[0]
        out = []
        what = ""
        for info, body in members:
            if info.filename == target and not what:
                xml, what = fn(rng, body.decode("utf-8", "surrogateescape"))
                body = xml.encode("utf-8", "surrogateescape")
            out.append((info.filename, body))
        return _write_zip(out), f"{target}: {what}"

    op.__name__ = fn.__name__
    return op


def zip_structure(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """Drop, rename, duplicate or empty a member; store uncompressed bytes under a wrong name."""
    try:
        members = [(info.filename, body) for info, body in _read_zip(data)]
    except Exception:
        return truncate(rng, data, pool)
    i = rng.randrange(len(members))
    name = members[i][0]
    kind = rng.choice(("drop", "rename", "duplicate", "empty", "swap_bodies", "drop_all_but"))
    if kind == "drop":
        del members[i]
    elif kind == "rename":
        members[i] = (rng.choice(("word/Document.xml", "word/document2.xml", "/word/document.xml", "x", name + "/")), members[i][1])
    elif kind == "duplicate":
        members.insert(rng.randrange(len(members) + 1), (name, rng.choice(members)[1]))
    elif kind == "empty":
        members[i] = (name, b"")
    elif kind == "swap_bodies":
        j = rng.randrange(len(members))
        members[i], members[j] = (name, members[j][1]), (members[j][0], members[i][1])
        name = f"{name} <-> {members[i][0] if i != j else name}"
    else:
        members = [m for m in members if m[0] in ("[Content_Types].xml", "_rels/.rels", name)]
    return _write_zip(members), f"zip {kind} {name}"


_STRICT_URIS = (
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships", b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
)
_HTML_DEBRIS = ("<table>", "</td>", "<tr><td rowspan=99999 colspan=-3>", "<ol start=-5 type=I><li>", "<br>" * 50,
                "<div>" * 3000, "<p>\x00\x1b[31m\u202e</p>", "<!--", "<![CDATA[", "&#0;&#xD800;", "<script>", "<meta charset=klingon>")


def docx_package(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """Valid but unusual packages: Strict Open XML URIs, or the body moved into an embedded HTML,
    MHT, text or DOCX chunk (w:altChunk), the chunk often damaged."""
    try:
        members = [(info.filename, body) for info, body in _read_zip(data)]
    except Exception:
        return zip_structure(rng, data, pool)
    kind = rng.choice(("strict", "html", "html", "mht", "text", "docx", "missing"))
    if kind == "strict":
        out = []
        for name, body in members:
            for a, b in _STRICT_URIS:
                body = body.replace(a, b) if rng.random() < 0.9 else body
            out.append((name, body))
        return _write_zip(out), "strict URIs"
    doc = dict(members).get("word/document.xml", b"")
    paras = [re.sub(rb"<[^>]+>", b"", p) for p in re.findall(rb"<w:p[ >].*?</w:p>", doc, re.S)]
    text = [p.decode("utf-8", "replace") for p in paras if p.strip()]
    html_page = "<html><body>" + "".join(f"<p>{t}</p>" for t in text) + "</body></html>"
    if rng.random() < 0.6:
        at = rng.randrange(len(html_page) + 1)
        html_page = html_page[:at] + rng.choice(_HTML_DEBRIS) + html_page[at:]
    part, target = {
        "html": (html_page.encode(), "afchunk.htm"),
        "mht": (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html; charset=utf-8\n\n" + html_page.encode() + b"\n--b--\n", "afchunk.mht"),
        "text": ("\n".join(text).encode(), "afchunk.txt"),
        "docx": (data, "afchunk.docx"),
        "missing": (b"", "nowhere.htm"),
    }[kind]
    out = []
    for name, body in members:
        if name == "word/document.xml":
            body = re.sub(rb"<w:body>.*</w:body>", b'<w:body><w:altChunk r:id="rIdFz"/><w:sectPr/></w:body>', body, flags=re.S)
        elif name == "word/_rels/document.xml.rels":
            rel = b'<Relationship Id="rIdFz" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="%s"/>'
            body = body.replace(b"</Relationships>", rel % target.encode() + b"</Relationships>")
        out.append((name, body))
    if kind != "missing":
        out.append((f"word/{target}", part))
    return _write_zip(out), f"body in an altChunk ({kind})"


# ---------------------------------------------------------------------------------------------
# PDF mutators: xref, objects, streams, content operators, ToUnicode maps

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_NUMBERS = (b"0", b"-1", b"1", b"0.0001", b"-99999", b"99999999", b"1e30", b"3.4e38", b"nan", b"-0", b"2147483648", b"1.")


def fix_xref(pdf: bytes) -> bytes:
    """Rewrite the classic xref table and startxref for the objects as they now stand."""
    offsets: dict[int, int] = {}
    for m in re.finditer(rb"(?m)^(\d+) (\d+) obj\b", pdf):
        offsets.setdefault(int(m.group(1)), m.start())
    x = pdf.rfind(b"\nxref")
    t = pdf.find(b"trailer", x)
    if x < 0 or t < 0 or not offsets:
        return pdf
    size = max(offsets) + 1
    rows = [b"0000000000 65535 f \n"] + [
        (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n" for n in range(1, size)
    ]
    table = b"\nxref\n0 %d\n" % size + b"".join(rows)
    out = pdf[:x] + table + pdf[t:]
    return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % (x + 1), out)


def _set_length(pdf: bytes, start: int, length: int) -> bytes:
    """Write `/Length n` into the stream dictionary that ends at `start`."""
    head = pdf.rfind(b"obj", 0, start)
    dict_ = pdf[head:start]
    new = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % length, dict_, count=1)
    return pdf[:head] + new + pdf[start:]


def _streams(pdf: bytes) -> list[re.Match[bytes]]:
    return list(_STREAM.finditer(pdf))


def _decoded_streams(pdf: bytes) -> list[tuple[re.Match[bytes], bytes]]:
    out = []
    for m in _streams(pdf):
        with contextlib.suppress(zlib.error):
            out.append((m, zlib.decompress(m.group(1))))
    return out


def _rewrite_stream(rng: random.Random, pdf: bytes, m: re.Match[bytes], body: bytes) -> bytes:
    packed = zlib.compress(body)
    out = pdf[: m.start(1)] + packed + pdf[m.end(1) :]
    if rng.random() < 0.9:
        out = _set_length(out, m.start(), len(packed))
    return fix_xref(out) if rng.random() < 0.85 else out


def c_content(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    """Odd but parseable content operators: numbers, matrices, fonts, duplicated text, ruled grids."""
    kind = rng.choice(("numbers", "matrix", "dup_bt", "delete", "garbage", "grid", "strings", "font"))
    if kind == "numbers":
        nums = list(re.finditer(rb"(?<![\w/.])-?\d+(?:\.\d+)?(?![\w.])", content))
        n = rng.choice((1, 10, 100))
        for m in sorted(rng.sample(nums, min(n, len(nums))), key=lambda m: -m.start()):
            content = content[: m.start()] + rng.choice(_NUMBERS) + content[m.end() :]
        return content, f"content numbers x{n}"
    if kind == "matrix":
        mat = rng.choice((b"0 1 -1 0", b"-1 0 0 -1", b"0 0 0 0", b"1 0 0.5 1", b"1000 0 0 1000", b"1 0 0 -1", b"0.001 0 0 0.001"))
        out, k = re.subn(rb"(?<![\d.])[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+(?= [-\d.]+ [-\d.]+ (?:Tm|cm))", mat, content,
                         count=rng.choice((1, 5, 0)))
        return out, f"content matrix {mat.decode()} x{k}"
    if kind == "dup_bt":
        blocks = list(re.finditer(rb"BT\b.*?\bET\b", content, re.S))
        if not blocks:
            return content, "content dup BT (none)"
        b = rng.choice(blocks)
        k = rng.choice((1, 2, 20))
        return content[: b.end()] + (b"\n" + b.group(0)) * k + content[b.end() :], f"content BT block x{k + 1}"
    if kind == "delete":
        a = rng.randrange(len(content) + 1)
        n = rng.choice((2, 50, 2000))
        return content[:a] + content[a + n :], f"content delete [{a}:{a + n}]"
    if kind == "garbage":
        junk = rng.choice((b"q " * 1000, b"Q " * 100, b"BT ", b"ET ", b"] TJ ", b"((( ", b"<zz> Tj ", b"/F99 12 Tf ",
                           b"1 0 0 1 1e9 1e9 cm ", b"0 Tz ", b"-5 Tc ", b"9999 Tw ", b"0 0 Td " * 50, b"3 Tr ", b"T* " * 200))
        a = rng.randrange(len(content) + 1)
        return content[:a] + junk + content[a:], f"content insert {junk[:16]!r}@{a}"
    if kind == "grid":
        x0, y0 = rng.uniform(-50, 500), rng.uniform(-50, 800)
        rows, cols = rng.randint(1, 30), rng.randint(1, 12)
        w, h = rng.choice((0.0, 1.0, 20.0, 60.0)), rng.choice((0.0, 0.5, 12.0, 40.0))
        ops = [b"q 0.5 w"]
        for r in range(rows + 1):
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x0, y0 - r * h, x0 + cols * w, y0 - r * h))
        for c in range(cols + 1):
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x0 + c * w, y0, x0 + c * w, y0 - rows * h))
        if rng.random() < 0.3:
            ops.append(b"%.2f %.2f %.2f %.2f re f" % (x0, y0, cols * w, -rows * h))
        ops.append(b"Q")
        return content + b"\n" + b"\n".join(ops) + b"\n", f"content ruled grid {rows}x{cols} cell {w}x{h} at ({x0:.0f},{y0:.0f})"
    if kind == "strings":
        lits = list(re.finditer(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>", content))
        n = rng.choice((1, 10, 200))
        for m in sorted(rng.sample(lits, min(n, len(lits))), key=lambda m: -m.start()):
            new = rng.choice((b"()", b"<>", b"<00>", b"<FFFF>", b"(\\000\\377)", b"<" + rng.randbytes(8).hex().encode() + b">", m.group(0) * 5))
            content = content[: m.start()] + new + content[m.end() :]
        return content, f"content strings x{n}"
    out, k = re.subn(rb"(/\w+) ([-\d.]+) Tf", lambda m: m.group(1) + b" " + rng.choice(_NUMBERS) + b" Tf", content)
    return out, f"content font sizes x{k}"


def c_cmap(rng: random.Random, cmap: bytes) -> tuple[bytes, str]:
    """ToUnicode damage: map glyphs to controls, tabs, newlines, surrogates, pipes, nothing."""
    targets = (b"<0000>", b"<0009>", b"<000A>", b"<000D>", b"<007C>", b"<00A0>", b"<200B>", b"<D800>", b"<DFFF>", b"<FFFE>",
               b"<FFFF>", b"<>", b"<0041>", b"<0301>", b"<D83DDE00>", b"<00410042004300440045>")
    hexes = list(re.finditer(rb"<([0-9A-Fa-f]{4,})>(?=\s*\n|\s*\])", cmap))
    n = rng.choice((1, 10, 1000))
    for m in sorted(rng.sample(hexes, min(n, len(hexes))), key=lambda m: -m.start()):
        cmap = cmap[: m.start()] + rng.choice(targets) + cmap[m.end() :]
    return cmap, f"ToUnicode x{min(n, len(hexes))}"


def pdf_content(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    streams = [(m, body) for m, body in _decoded_streams(data) if b"begincmap" not in body and (b"BT" in body or b" re" in body)]
    if not streams:
        return flip_bits(rng, data, pool)
    m, body = rng.choice(streams)
    body, what = c_content(rng, body)
    return _rewrite_stream(rng, data, m, body), f"stream @{m.start()}: {what}"


def pdf_grid(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """A dense ruled grid drawn over a page (thousands of cells): table geometry must stay bounded."""
    streams = [(m, body) for m, body in _decoded_streams(data) if b"begincmap" not in body and b"BT" in body]
    if not streams:
        return flip_bits(rng, data, pool)
    m, body = rng.choice(streams)
    n = rng.choice((40, 120, 300))
    step = 500 / n
    lines = [f"0.3 w {50 + k * step:.2f} 100 m {50 + k * step:.2f} 700 l S" for k in range(n + 1)]
    lines += [f"0.3 w 50 {100 + k * 600 / n:.2f} m 550 {100 + k * 600 / n:.2f} l S" for k in range(n + 1)]
    body = body + b"\n" + "\n".join(lines).encode()
    return _rewrite_stream(rng, data, m, body), f"stream @{m.start()}: ruled grid {n}x{n}"


def pdf_cmap(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    streams = [(m, body) for m, body in _decoded_streams(data) if b"begincmap" in body]
    if not streams:
        return pdf_content(rng, data, pool)
    m, body = rng.choice(streams)
    body, what = c_cmap(rng, body)
    return _rewrite_stream(rng, data, m, body), f"stream @{m.start()}: {what}"


def pdf_stream_bytes(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    streams = _streams(data)
    if not streams:
        return flip_bits(rng, data, pool)
    m = rng.choice(streams)
    body = bytearray(m.group(1))
    kind = rng.choice(("flip", "truncate", "length", "filter"))
    if kind == "flip" and body:
        for _ in range(rng.choice((1, 4, 32))):
            body[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
        return data[: m.start(1)] + bytes(body) + data[m.end(1) :], f"stream @{m.start()}: flip"
    if kind == "truncate":
        k = rng.randrange(len(body) + 1)
        return data[: m.start(1)] + bytes(body[:k]) + data[m.end(1) :], f"stream @{m.start()}: truncate to {k}"
    if kind == "length":
        value = rng.choice((0, 1, len(body) - 1, len(body) + 100, 10**9))
        return _set_length(data, m.start(), value), f"stream @{m.start()}: /Length {value}"
    head = data.rfind(b"obj", 0, m.start())
    new = rng.choice((b"/LZWDecode", b"/ASCIIHexDecode", b"/DCTDecode", b"/Bogus", b"[/FlateDecode /FlateDecode]", b""))
    dict_ = data[head : m.start()].replace(b"/FlateDecode", new, 1)
    return data[:head] + dict_ + data[m.start() :], f"stream @{m.start()}: filter {new.decode() or 'removed'}"


def pdf_xref(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    kind = rng.choice(("entries", "entries", "startxref", "keyword", "size", "root", "prev"))
    if kind == "entries":
        rows = list(re.finditer(rb"(?m)^(\d{10}) (\d{5}) ([nf])", data))
        if not rows:
            return flip_bits(rng, data, pool)
        n = rng.choice((1, 3, len(rows)))
        b = bytearray(data)
        for m in rng.sample(rows, min(n, len(rows))):
            value = rng.choice((b"0000000000", b"9999999999", b"%010d" % rng.randrange(len(data)), m.group(1)[::-1]))
            b[m.start(1) : m.end(1)] = value
            if rng.random() < 0.2:
                b[m.start(3)] = ord(b"f" if m.group(3) == b"n" else b"n")
        return bytes(b), f"xref {n} entries"
    if kind == "startxref":
        value = rng.choice((b"0", b"-1", b"99999999", b"%d" % rng.randrange(len(data)), b""))
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + value, data), f"startxref {value.decode()!r}"
    if kind == "keyword":
        return data.replace(b"\nxref", b"\nxreF", 1), "xref keyword damaged"
    if kind == "size":
        value = rng.choice((b"0", b"1", b"-5", b"99999999"))
        return re.sub(rb"/Size \d+", b"/Size " + value, data), f"trailer /Size {value.decode()}"
    if kind == "root":
        value = rng.choice((b"1 0 R", b"0 0 R", b"999 0 R", b"null", b"<<>>"))
        return re.sub(rb"/Root \d+ \d+ R", b"/Root " + value, data), f"trailer /Root {value.decode()}"
    return data.replace(b"trailer\n<<", b"trailer\n<</Prev 10 ", 1), "trailer /Prev bogus"


def pdf_objects(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """Page tree and page dictionaries: cycles, counts, boxes, rotation, missing pieces."""
    kind = rng.choice(("kids_cycle", "count", "mediabox", "rotate", "type", "contents", "resources", "endobj", "parent"))
    pages = re.search(rb"(?m)^(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Type\s*/Pages", data, re.S)
    out = data
    if kind == "kids_cycle" and pages:
        ref = pages.group(1) + b" 0 R"
        out = re.sub(rb"/Kids\s*\[", b"/Kids[" + ref + b" ", data, count=1)
    elif kind == "count":
        value = rng.choice((b"0", b"-1", b"999999", b"1"))
        out = re.sub(rb"/Count \d+", b"/Count " + value, data, count=1)
        kind += " " + value.decode()
    elif kind == "mediabox":
        box = rng.choice((b"[0 0 0 0]", b"[0 0 -595 842]", b"[0 0 1e9 1e9]", b"[595 842 0 0]", b"[0 0 595]", b"[0 0 3 3]"))
        out = re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox" + box, data, count=rng.choice((1, 0)))
        kind += " " + box.decode()
    elif kind == "rotate":
        value = rng.choice((b"90", b"180", b"270", b"45", b"-90", b"360"))
        out = re.sub(rb"/Type\s*/Page(?![s\w])", b"/Type/Page/Rotate " + value, data, count=rng.choice((1, 0)))
        kind += " " + value.decode()
    elif kind == "type":
        out = re.sub(rb"/Type\s*/Page(?![s\w])", b"/Type/Pages", data, count=1)
    elif kind == "contents":
        out = re.sub(rb"/Contents\s+\d+ 0 R", rng.choice((b"/Contents 1 0 R", b"/Contents [ ]", b"/Contents null")), data, count=1)
    elif kind == "resources":
        out = re.sub(rb"/Font\s*<<[^>]*>>", b"/Font<<>>", data, count=rng.choice((1, 0)))
    elif kind == "endobj":
        hits = [m.start() for m in re.finditer(rb"endobj", data)]
        if hits:
            at = rng.choice(hits)
            out = data[:at] + data[at + 6 :]
            kind += f" @{at}"
    else:
        out = re.sub(rb"/Parent \d+ 0 R", b"/Parent 999 0 R", data, count=1)
    if out is not data and rng.random() < 0.85:
        out = fix_xref(out)
    return out, f"objects {kind}"


def pdf_forms(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """Form XObjects drawn by a page: a chain of forms each drawing the next k times (k^depth
    copies), or a form drawing itself; pdfium must never be handed one that explodes."""
    resources = re.search(rb"/Resources\s+(\d+) 0 R", data)
    streams = [(m, body) for m, body in _decoded_streams(data) if b"BT" in body]
    if not resources or not streams:
        return pdf_objects(rng, data, pool)
    res_obj = re.search(rb"(?m)^" + resources.group(1) + rb" 0 obj\s*<<", data)
    if not res_obj:
        return pdf_objects(rng, data, pool)
    first = max(int(n) for n in re.findall(rb"(?m)^(\d+) 0 obj", data)) + 1
    depth = rng.choice((1, 3, 12, 40))
    uses = rng.choice((1, 2, 3, 10))
    cycle = rng.random() < 0.25
    objs = []
    for k in range(depth):
        target = first if cycle else first + k + 1
        if k + 1 == depth and not cycle:
            body = b"0 0 m 9 9 l S"
            res = b""
        else:
            body = b"/F Do " * uses
            res = b"/Resources << /XObject << /F %d 0 R >> >>" % target
        objs.append(b"%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] %s /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (first + k, res, len(body), body))
    out = data[: res_obj.end()] + b" /XObject << /FzX %d 0 R >> " % first + data[res_obj.end() :]
    m, body = rng.choice([(m, b) for m, b in _decoded_streams(out) if b"BT" in b] or streams)
    out = _rewrite_stream(rng, out, m, body + b"\n/FzX Do" * rng.choice((1, 5)))
    at = out.rfind(b"xref")
    out = out[:at] + b"".join(objs) + out[at:] if at > 0 else out + b"".join(objs)
    return fix_xref(out), f"form chain depth {depth} x{uses}{' (cycle)' if cycle else ''}"


# ---------------------------------------------------------------------------------------------
# CLI invocations: hostile file names, output targets and globs, run through the installed command

_NAMES = (
    b"plan.txt", b"-plan.txt", b"--help.txt", b"k\xe1\xba\xbf ho\xe1\xba\xa1ch.txt", b"bad\xff\xfe.txt", b"a" * 300 + b".txt",
    b"line\nbreak.txt", b"esc\x1b[31mred\x1b[0m.txt", b"bidi\xe2\x80\xaetxt.exe", b"star*.txt", b"[x].txt", b" space .txt",
    b"x.TXT", b"noext", b"zero\xe2\x80\x8bwidth.txt", b"cr\rname.txt",
)
_TARGETS = ("none", "file", "devnull", "fifo", "stdout", "dir", "under_file", "long", "readonly", "symlink_out", "nested_new")


def cli_invocation(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, str]:
    """One parplan command line as JSON: input files (hex names, contents) and argv (hex), with
    `{W}` for the work folder. The contract is checked by `run_cli`."""
    import json

    files = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        name = rng.choice(_NAMES)
        folder = rng.choice((b"", b"", b"sub/", b"sub/deeper/", b"loop/"))
        body = rng.choice((data, data[: rng.randrange(1, len(data) + 1)], b"", b"\xef\xbb\xbf", rng.choice(pool) if pool else data))
        files.append((folder + name, body))
    command = rng.choice(("parse", "parse", "export", "validate"))
    argv: list[bytes] = [command.encode()]
    target = rng.choice(_TARGETS)
    if command == "export":
        argv += [b"--format", rng.choice((b"csv", b"json", b"xlsx", b"tsv"))]
    out = {
        "none": None, "file": b"{W}/out/result.out", "devnull": b"/dev/null", "fifo": b"{W}/pipe", "stdout": b"-",
        "dir": b"{W}/outdir", "under_file": b"{W}/regular/x.json", "long": b"{W}/" + b"o" * 300,
        "readonly": b"{W}/ro/x.json", "symlink_out": b"{W}/link.json", "nested_new": b"{W}/new/a/b/x.json",
    }[target]
    if out is not None and command != "validate":
        argv += [b"-o", out]
    how = rng.choice(("names", "names", "dashdash", "glob", "folder", "dotdot"))
    if how == "dashdash":
        argv += [b"--"] + [b"{W}/" + n if rng.random() < 0.5 else n for n, _ in files]
    elif how == "glob":
        argv += [rng.choice((b"{W}/**/*.txt", b"*", b"{W}/*/../../*", b"sub/*/../../../x*", b"**"))]
    elif how == "folder":
        argv += [b"{W}"]
    elif how == "dotdot":
        argv += [b"sub/../" + files[0][0]]
    else:
        argv += [n for n, _ in files]
    spec = {"files": [(n.hex(), b.hex()) for n, b in files], "argv": [a.hex() for a in argv], "target": target}
    return json.dumps(spec).encode(), f"{command} {how} -> {target}, {len(files)} file(s)"


def run_cli(spec_bytes: bytes, timeout: float) -> tuple[str, str]:
    """Run one invocation in a fresh folder; (status, detail). The contract: an exit code parplan
    documents (0-3), a stderr with no traceback and no raw control character, /dev/null still a
    device, nothing written outside the work folder, and an answer within `timeout`."""
    import json
    import os
    import shutil
    import stat
    import subprocess
    import tempfile

    spec = json.loads(spec_bytes)
    root = Path(tempfile.mkdtemp(prefix="parplan-fuzz-cli-"))
    work = root / "w"
    outside = root / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(b"do not touch")
    try:
        work.mkdir()
        (work / "sub" / "deeper").mkdir(parents=True)
        (work / "loop").mkdir()
        os.symlink(work, work / "loop" / "again")
        (work / "regular").write_bytes(b"a file, not a folder")
        (work / "ro").mkdir()
        os.chmod(work / "ro", 0o500)
        os.symlink(outside / "keep.txt", work / "link.json")
        os.mkfifo(work / "pipe")
        for name, body in spec["files"]:
            path = os.path.join(os.fsencode(work), bytes.fromhex(name))
            try:
                with open(path, "wb") as fh:
                    fh.write(bytes.fromhex(body))
            except OSError:
                pass  # a name the file system refuses: parplan is then asked for a file that is not there
        argv = [bytes.fromhex(a).replace(b"{W}", os.fsencode(work)) for a in spec["argv"]]
        drain = threading.Thread(target=_drain, args=(work / "pipe",), daemon=True)
        drain.start()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "parplan", *argv], cwd=work, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            return "hang", f"no exit within {timeout:g} s"
        finally:
            with contextlib.suppress(OSError):  # release a drain thread still waiting on the FIFO
                fd = os.open(work / "pipe", os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
        err = done.stderr.decode("utf-8", "replace")
        problems = []
        if done.returncode not in (0, 1, 2, 3):
            problems.append(f"exit code {done.returncode}")
        if "Traceback" in err:
            problems.append("traceback")
        if re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", err):
            problems.append("raw control character on stderr")
        if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
            problems.append("/dev/null is no longer a device")
        if sorted(p.name for p in root.iterdir()) != ["outside", "w"] or sorted(os.listdir(outside)) != ["keep.txt"]:
            problems.append("wrote outside the work folder")
        if (outside / "keep.txt").read_bytes() != b"do not touch":
            problems.append("followed a symlink and overwrote its target")
        if problems:
            return "crash", f"{'; '.join(problems)} (exit {done.returncode}):\n{err[-2000:]}"
        return ("ok" if done.returncode == 0 else "error"), f"exit {done.returncode}"
    finally:
        with contextlib.suppress(OSError):
            os.chmod(work / "ro", 0o700)
        shutil.rmtree(root, ignore_errors=True)


def _drain(fifo: Path) -> None:
    with contextlib.suppress(OSError), open(fifo, "rb") as fh:
        while fh.read(65536):
            pass


# ---------------------------------------------------------------------------------------------
# Families and mutant generation

FAMILIES: dict[str, dict[str, tuple[float, tuple[Op, ...]]]] = {
    "txt": {
        "text": (0.6, tuple(_text_op(f) for f in TEXT_OPS)),
        "encoding": (0.1, (encode_text,)),
        "bytes": (0.3, BYTE_OPS),
    },
    "docx": {
        "xml_damage": (0.35, (_member_op(x_damage),)),
        "xml_semantic": (0.3, (_member_op(x_semantic),)),
        "xml_bomb": (0.1, (_member_op(x_bomb),)),
        "package": (0.05, (docx_package,)),
        "zip": (0.1, (zip_structure,)),
        "bytes": (0.1, BYTE_OPS),
    },
    "pdf": {
        "content": (0.25, (pdf_content,)),
        "grid": (0.05, (pdf_grid,)),
        "forms": (0.05, (pdf_forms,)),
        "cmap": (0.1, (pdf_cmap,)),
        "objects": (0.1, (pdf_objects,)),
        "xref": (0.15, (pdf_xref,)),
        "stream": (0.15, (pdf_stream_bytes,)),
        "bytes": (0.15, BYTE_OPS),
    },
    "cli": {
        "invocation": (1.0, (cli_invocation,)),
    },
}


@dataclass(frozen=True)
class Mutant:
    fmt: str
    seed: int
    index: int
    base: str
    family: str
    steps: tuple[str, ...]
    data: bytes = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.fmt}-s{self.seed}-{self.index:06d}"

    def describe(self) -> str:
        return f"{self.key} {self.base} [{self.family}] " + " ; ".join(self.steps)


def _txt_base(rng: random.Random, name: str, data: bytes) -> tuple[bytes, str]:
    """Whole sample (1 in 3) or a slice of its lines, so most txt mutants stay cheap."""
    if rng.random() < 0.33:
        return data, name
    lines = data.split(b"\n")
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.choice((5, 30, 120, 400)))
    return b"\n".join(lines[a:b]), f"{name}:L{a + 1}-{b}"


def make_mutant(
    samples: dict[str, list[tuple[str, bytes]]], fmt: str, seed: int, index: int, family: str | None = None
) -> Mutant:
    """The mutant number `index` of `fmt` for `seed` (a pure function of its arguments and the samples)."""
    rng = random.Random(f"parplan-fuzz:{seed}:{fmt}:{index}")
    families = FAMILIES[fmt]
    if family is None:
        family = rng.choices(list(families), [w for w, _ in families.values()])[0]
    name, data = rng.choice(samples[fmt])
    pool = [d for n, d in samples[fmt] if n != name]
    if fmt == "txt":
        data, name = _txt_base(rng, name, data)
    steps = []
    n_ops = 1 if fmt == "cli" else rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]  # an invocation is one op
    for k in range(n_ops):
        fam = family if k == 0 else rng.choices(list(families), [w for w, _ in families.values()])[0]
        op = rng.choice(families[fam][1])
        data, what = op(rng, data, pool)
        steps.append(f"{op.__name__}: {what}")
    return Mutant(fmt, seed, index, name, family, tuple(steps), data)


# ---------------------------------------------------------------------------------------------
# Running mutants in a worker process (time limit, crash isolation)


@dataclass(frozen=True)
class Outcome:
    status: str  # ok | error (ParplanError) | crash | hang | died
    detail: str  # item count, error message, traceback, or why the worker stopped
    seconds: float

    @property
    def bad(self) -> bool:
        return self.status in ("crash", "hang", "died")


def _child(conn: Any, mem_mb: int) -> None:
    """Worker loop: receive (fmt, data), answer (status, detail, seconds)."""
    if mem_mb and sys.platform.startswith("linux"):
        import resource

        limit = mem_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _warm_imports()
    from parplan import pipeline
    from parplan.errors import ParplanError

    conn.send("ready")
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        fmt, data, timeout = msg
        t0 = time.perf_counter()
        if fmt == "cli":
            conn.send((*run_cli(data, timeout), time.perf_counter() - t0))
            continue
        stage = "pipeline.run"
        try:
            plan = pipeline.run(Path(f"x.{fmt}"), data=data)
            stage = "Plan.model_dump_json"
            plan.model_dump_json()
            result = ("ok", f"{len(plan.items)} items")
        except ParplanError as exc:
            result = ("error", f"{type(exc).__name__}: {exc}"[:500])
        except BaseException as exc:  # the finding: anything that is not a ParplanError
            if isinstance(exc, KeyboardInterrupt):
                return
            result = ("crash", f"in {stage}:\n{traceback.format_exc()}")
        conn.send((*result, time.perf_counter() - t0))


def _warm_imports() -> None:
    """Import the readers' heavy dependencies up front so they do not count against a time limit."""
    import parplan.pipeline
    import parplan.read.docx
    import parplan.read.pdf  # noqa: F401

    with contextlib.suppress(ImportError):
        import docx  # noqa: F401
        import lxml.etree  # noqa: F401
        import pdfplumber  # noqa: F401
        import pypdfium2  # noqa: F401


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Worker:
    """One child process running mutants one at a time; restarted after a hang or a death."""

    def __init__(self, timeout: float = 10.0, mem_mb: int = 4096) -> None:
        self.timeout = timeout
        self.mem_mb = mem_mb
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        ctx = _context()
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_conn, self.mem_mb), daemon=True)
        self.proc.start()
        child_conn.close()
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            raise RuntimeError("fuzz worker did not start")

    def _kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def run(self, fmt: str, data: bytes) -> Outcome:
        t0 = time.perf_counter()
        try:
            # a CLI invocation gets most of the time limit itself, so that it reports its own hang
            self.conn.send((fmt, data, max(1.0, self.timeout - 2.0)))
            if not self.conn.poll(self.timeout):
                self._kill()
                self.restarts += 1
                self._start()
                return Outcome("hang", f"no answer within {self.timeout:g} s", time.perf_counter() - t0)
            status, detail, seconds = self.conn.recv()
            return Outcome(status, detail, seconds)
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            self.proc.join(5)
            code = self.proc.exitcode
            self._kill()
            self.restarts += 1
            self._start()
            return Outcome("died", f"worker process died (exit code {code})", time.perf_counter() - t0)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self._kill()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def crash_site(outcome: Outcome) -> tuple[str, str, str]:
    """(exception type, `file.py:line`, function) of a crash: the innermost frame inside the parplan
    package, or the stage (`pipeline.run` / `Plan.model_dump_json`) when no parplan frame is on the
    stack. Hangs and deaths give (status, "", "")."""
    if outcome.status != "crash":
        return outcome.status, "", ""
    import parplan

    package = str(Path(parplan.__file__).resolve().parent)
    lines = outcome.detail.strip().splitlines()
    exc_type = lines[-1].split(":", 1)[0].rsplit(".", 1)[-1] if lines else "?"
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', outcome.detail)
    ours = [f for f in frames if str(Path(f[0]).resolve()).startswith(package)]
    if ours:
        path, line, func = ours[-1]
        return exc_type, f"{Path(path).name}:{line}", func
    stage = lines[0].removeprefix("in ").rstrip(":") if lines else "?"
    return exc_type, "", stage


def crash_signature(outcome: Outcome) -> str:
    """`ExceptionType at file.py:line in func` for a crash, or the status for hangs and deaths."""
    exc_type, where, func = crash_site(outcome)
    if outcome.status != "crash":
        return exc_type
    return f"{exc_type} at {where} in {func}" if where else f"{exc_type} in {func}"


def save_finding(folder: Path, mutant: Mutant, outcome: Outcome) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data_path = folder / f"{mutant.key}.{mutant.fmt}"
    data_path.write_bytes(mutant.data)
    note = (
        f"{outcome.status}: {crash_signature(outcome)}\n{mutant.describe()}\nbytes: {len(mutant.data)}\n"
        f"reproduce: python -c \"from pathlib import Path; from parplan import pipeline; "
        f"pipeline.run(Path('x.{mutant.fmt}'), data=Path('{data_path}').read_bytes())\"\n\n{outcome.detail}\n"
    )
    folder.joinpath(f"{mutant.key}.log").write_text(note, encoding="utf-8")
    return data_path


# ---------------------------------------------------------------------------------------------
# The long run


def schedule(inputs: int, formats: Sequence[str], weights: dict[str, float]) -> list[tuple[str, int]]:
    """(format, index) jobs, interleaved so that every format is exercised from the start."""
    total = sum(weights[f] for f in formats)
    counts = {f: round(inputs * weights[f] / total) for f in formats}
    counts[formats[0]] += inputs - sum(counts.values())
    jobs = [(k / counts[f], f, k) for f in formats for k in range(counts[f])]
    return [(f, k) for _, f, k in sorted(jobs)]


@dataclass
class Stats:
    started: float = field(default_factory=time.perf_counter)
    done: int = 0
    by_format: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    slowest: list[tuple[float, str]] = field(default_factory=list)
    signatures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, mutant: Mutant, outcome: Outcome) -> None:
        with self.lock:
            self.done += 1
            self.by_format[mutant.fmt][outcome.status] += 1
            self.seconds[mutant.fmt] += outcome.seconds
            self.slowest.append((outcome.seconds, mutant.describe()))
            self.slowest = sorted(self.slowest, reverse=True)[:5]
            if outcome.bad:
                self.signatures[crash_signature(outcome)].append(mutant.key)

    def seen(self, outcome: Outcome) -> int:
        """How many findings with this outcome's signature so far (this one included)."""
        with self.lock:
            return len(self.signatures.get(crash_signature(outcome), ()))

    def count(self, *statuses: str) -> int:
        return sum(c[s] for c in self.by_format.values() for s in statuses)

    def line(self, total: int) -> str:
        elapsed = time.perf_counter() - self.started
        per = ", ".join(f"{f} {sum(c.values())}" for f, c in sorted(self.by_format.items()))
        return (
            f"[{self.done}/{total}] {elapsed:.0f} s, {self.done / max(elapsed, 1e-9):.1f} inputs/s ({per}); "
            f"crashes {self.count('crash', 'died')}, hangs {self.count('hang')}"
        )


def replay(keys: Sequence[str], timeout: float, mem_mb: int, out: Path) -> int:
    """Regenerate mutants from their keys, run each, print the outcome and save the findings."""
    samples = load_samples()
    bad = 0
    with Worker(timeout, mem_mb) as worker:
        for key in keys:
            m = re.fullmatch(r"(txt|docx|pdf|cli)-s(\d+)-(\d+)", key.strip())
            if m is None:
                raise SystemExit(f"--replay: {key!r} is not a mutant key like txt-s1-000298")
            mutant = make_mutant(samples, m.group(1), int(m.group(2)), int(m.group(3)))
            outcome = worker.run(mutant.fmt, mutant.data)
            print(f"{outcome.status:<5} {outcome.seconds:6.2f} s  {mutant.describe()}")
            if outcome.bad:
                bad += 1
                print(f"      {crash_signature(outcome)} → {save_finding(out, mutant, outcome)}")
    return 1 if bad else 0


def _parse_weights(text: str | None, formats: Sequence[str]) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    for part in (text or "").split(","):
        if part.strip():
            name, _, value = part.partition("=")
            if name.strip() not in FORMATS:
                raise SystemExit(f"--weights: unknown format {name!r}")
            weights[name.strip()] = float(value)
    return {f: weights[f] for f in formats}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=1000, help="number of mutants to run (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default="txt,docx,pdf,cli", help="comma-separated subset of txt,docx,pdf,cli")
    ap.add_argument(
        "--weights", default=None, help="share of inputs per format, e.g. txt=5,docx=4,pdf=1,cli=0.1 (the default)"
    )
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per input before it counts as a hang")
    ap.add_argument("--mem-mb", type=int, default=4096, help="address-space limit per worker (Linux; 0 = none)")
    ap.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where crashing/hanging inputs go")
    ap.add_argument("--keep", type=int, default=5, help="inputs saved (and printed) per distinct finding (default 5)")
    ap.add_argument("--progress", type=float, default=30.0, help="seconds between progress lines")
    ap.add_argument("--replay", nargs="+", metavar="KEY", help="regenerate and run mutants by key (txt-s1-000298 …)")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.timeout, args.mem_mb, args.out)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not formats or any(f not in FORMATS for f in formats):
        ap.error(f"--formats must be a subset of {','.join(FORMATS)}")
    weights = _parse_weights(args.weights, formats)
    samples = load_samples(formats)
    jobs = schedule(args.inputs, formats, weights)
    _warm_imports()
    print(
        f"fuzz: {len(jobs)} inputs, seed {args.seed}, formats {','.join(formats)}, {args.jobs} workers, "
        f"timeout {args.timeout:g} s; findings go to {args.out}/",
        flush=True,
    )
    stats = Stats()
    queue: Iterator[tuple[str, int]] = iter(jobs)
    queue_lock = threading.Lock()
    stop = threading.Event()

    def work() -> None:
        with Worker(args.timeout, args.mem_mb) as worker:
            while not stop.is_set():
                with queue_lock:
                    job = next(queue, None)
                if job is None:
                    return
                mutant = make_mutant(samples, job[0], args.seed, job[1])
                outcome = worker.run(mutant.fmt, mutant.data)
                stats.add(mutant, outcome)
                if outcome.bad and stats.seen(outcome) <= args.keep:
                    path = save_finding(args.out, mutant, outcome)
                    print(f"  {outcome.status.upper()}: {crash_signature(outcome)} — {mutant.describe()} → {path}", flush=True)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, args.jobs))]
    for t in threads:
        t.start()
    last = time.perf_counter()
    try:
        while any(t.is_alive() for t in threads):
            for t in threads:
                t.join(1.0)
            if time.perf_counter() - last >= args.progress:
                last = time.perf_counter()
                print(stats.line(len(jobs)), flush=True)
    except KeyboardInterrupt:
        stop.set()
        print("interrupted; finishing the inputs in flight", flush=True)
        for t in threads:
            t.join()

    elapsed = time.perf_counter() - stats.started
    print()
    print(f"{'format':<6} {'inputs':>7} {'plan':>7} {'error':>7} {'crash':>6} {'hang':>5} {'mean s':>7}")
    for fmt in formats:
        c = stats.by_format.get(fmt, Counter())
        n = sum(c.values())
        mean = stats.seconds[fmt] / n if n else 0.0
        print(f"{fmt:<6} {n:>7} {c['ok']:>7} {c['error']:>7} {c['crash'] + c['died']:>6} {c['hang']:>5} {mean:>7.3f}")
    print("slowest inputs:")
    for secs, desc in stats.slowest:
        print(f"  {secs:6.2f} s  {desc[:160]}")
    if stats.signatures:
        print("distinct findings:")
        for sig, keys in sorted(stats.signatures.items(), key=lambda kv: -len(kv[1])):
            shown = ", ".join(keys[:20]) + (f", … ({len(keys) - 20} more)" if len(keys) > 20 else "")
            print(f"  {len(keys):>5} x {sig}: {shown}")
    crashes, hangs = stats.count("crash", "died"), stats.count("hang")
    per = ", ".join(f"{f} {sum(stats.by_format.get(f, Counter()).values())}" for f in formats)
    print(
        f"\nSUMMARY: {stats.done} inputs ({per}) seed {args.seed} in {elapsed:.0f} s: "
        f"{crashes} crashes, {hangs} hangs, {stats.count('ok')} plans, {stats.count('error')} ParplanErrors"
    )
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
