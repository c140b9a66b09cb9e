"""Plain-text reader: bytes → cleaned lines → tables and paragraphs with line numbers.

Handles UTF-8 with or without BOM, UTF-16 (BOM), cp1258 fallback, NFC, non-breaking spaces,
markdown debris (`**…**`, `*…*`, `[text](#)`), stray page numbers, and hard-wrapped lines.
"""

from __future__ import annotations

import codecs
import re as std_re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import regex as re

from parplan.errors import UnreadableInput
from parplan.normalize.text import nfc
from parplan.read.aligned import align_columns
from parplan.read.lines import MARKER_RE, lines_to_paragraphs, wrap_width
from parplan.read.source import Block, Dropped, Line, SourceDoc, SourceRef, Table, load_bytes

if TYPE_CHECKING:
    from parplan.extract.columns import Synonyms

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"\*{1,3}")
_MD_BULLET = re.compile(r"^(\s*)\*(?=\s+\S)")  # "* item": a markdown bullet, not emphasis
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")  # "## II. MỤC TIÊU": markdown heading marks
_MD_ITALIC_LINE = re.compile(r"^(\s*)_{1,2}(?=\p{L})(.*\S)_{1,2}\s*$")  # "_Căn cứ …;_": a line in italics
_MD_BOLD_LINE = re.compile(r"^\s*(?:#{1,6}\s+)?\*\*[^*].*\*\*\s*$")  # a whole line in bold: a heading hint
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_SPACE_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
# a wide gap inside a line separates columns typed with spaces (a header or a signature block beside
# the recipients list: "- Lưu: VT, NC.          Hà Thị Thu Trang"): it reads as a tab
_WIDE_GAP = re.compile(r"(?<=\S) {5,}(?=\S)")
_CONTROL = std_re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # stdlib: a plain class scans faster there
# Every line terminator Unicode knows (as `str.splitlines` does): CR, vertical tab and form feed
# (Word's manual line and page breaks in text exports), file/group/record separators, NEL, and the
# line and paragraph separators. Read as line breaks, not dropped: they separate headings and items.
_LINE_BREAKS = std_re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode text, trusting BOMs, then UTF-8, then legacy Vietnamese code pages."""
    if not data.strip():
        raise UnreadableInput(f"{name}: file is empty")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise UnreadableInput(
                    f"{name}: damaged {enc} text ({exc.reason} at byte {exc.start})"
                ) from exc
    if data.count(b"\x00") > len(data) // 4:  # UTF-16 without BOM
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if (mostly := _mostly_utf8(data)) is not None:
            return mostly
    if b"\x00" in data:
        raise UnreadableInput(f"{name}: binary content, not a text decree")
    from parplan.normalize.legacy import decode_legacy_bytes

    if (legacy := decode_legacy_bytes(data)) is not None:
        return legacy  # TCVN3 / VNI / cp1258, converted to NFC Unicode
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"{name}: cannot decode as UTF-8 or cp1258 (byte {exc.start})") from exc


STRAY_BYTES = 8  # a UTF-8 text with at most this many bytes that are not UTF-8 is read, with a warning
UTF8_DAMAGED = "utf-8 (damaged)"


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """A UTF-8 text with a few stray bytes (a copy-paste accident), decoded with U+FFFD in their place,
    or None when the text is not UTF-8 at all (then a legacy code page is tried): at most
    `STRAY_BYTES` bad bytes, and ten times as many well-formed non-ASCII characters. The encoding
    says "damaged" so that the reader reports where (`damaged_utf8_notes`)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if 0 < bad <= STRAY_BYTES and good >= 10 * bad:
        return text, UTF8_DAMAGED
    return None


def damaged_utf8_notes(data: bytes, limit: int = STRAY_BYTES) -> list[str]:
    """Where a mostly-UTF-8 text has bytes that are not UTF-8: line (1-based) and byte offset."""
    notes: list[str] = []
    at = 0
    while len(notes) < limit:
        try:
            data[at:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            pos = at + exc.start
            line = data.count(b"\n", 0, pos) + 1
            notes.append(f"byte {pos} (line {line}) is not UTF-8 (0x{data[pos]:02x}); read as U+FFFD")
            at = at + exc.end
    return notes


def clean_line(raw: str) -> str:
    """Strip markdown debris and normalise spaces: `**Số: 3028** /QĐ` → `Số: 3028 /QĐ`."""
    text = _CONTROL.sub("", raw.replace("\u00a0", " ").replace("\u200b", "").replace("：", ":"))
    text = _MD_LINK.sub(r"\1", text)
    return _strip_emphasis(text).rstrip()


def _strip_emphasis(text: str) -> str:
    """Markdown marks off a line, keeping a `* ` bullet as one: `* **Về mục tiêu**` → `* Về mục tiêu`."""
    text = _MD_HEADING.sub("", text)
    if "_" in text:
        text = _MD_ITALIC_LINE.sub(r"\1\2", text)
    if "*" not in text:
        return text
    bullet = _MD_BULLET.match(text)
    if bullet:
        return bullet.group(1) + "* " + _MD_EMPH.sub("", text[bullet.end() :]).lstrip()
    return _MD_EMPH.sub("", text)


def text_to_lines(text: str, file: str) -> list[Line]:
    """Cleaned, numbered, non-blank lines. A line holding only a non-breaking space is kept as an
    empty Line (it is an empty table cell in paragraph-per-cell tables)."""
    normalized = _LINE_BREAKS.sub("\n", nfc(text).replace("\r\n", "\n"))
    raw_lines = normalized.split("\n")
    # `clean_line` on every line, with its character-level steps done once on the whole text: they
    # neither remove nor insert "\n", so line k of the result is line k cleaned. The markdown steps
    # stay per line (a link must not span lines) and run only on lines holding their marks.
    # a full-width colon typed in an IME ends a label ("Mục tiêu：") like ":" does
    spaced = _CONTROL.sub("", normalized.replace("\u00a0", " ").replace("\u200b", "").replace("：", ":"))
    # runs of spaces inside a line are layout, not content ("Tối  thiểu 80%" reads as "Tối thiểu 80%");
    # tabs stay: they separate the cells of tab tables
    if "  " in spaced:  # most texts have no run to collapse: skip the scan
        # columns typed with spaces become tab rows first (`read.aligned`), while the gaps still say where
        spaced = "\n".join(align_columns(spaced.split("\n")))
        spaced = _SPACE_RUN.sub(" ", _WIDE_GAP.sub("\t", spaced))
    spaced = spaced.split("\n")
    lines: list[Line] = []
    blank = False
    for no, (raw, text_) in enumerate(zip(raw_lines, spaced, strict=True), start=1):
        if "](" in text_:
            text_ = _MD_LINK.sub(r"\1", text_)
        if "\t" in text_:  # (trailing tabs are layout: "I.\t(1)\t\t" is the line "I.\t(1)")
            text_ = _untab_marker(text_.rstrip())
        bold = "**" in text_ and _MD_BOLD_LINE.match(text_) is not None
        if "*" in text_ or "#" in text_ or "_" in text_:
            text_ = _strip_emphasis(text_)
        text_ = text_.rstrip()
        ref = SourceRef(file, no, no)  # (file, line, end_line): positional, this runs for every line
        if not text_.strip():
            if "\u00a0" in raw:
                lines.append(Line("", ref, blank))
            blank = True
            continue
        lines.append(Line(text_, ref, blank, bold))  # (text, ref, blank_before, bold)
        blank = False
    return lines


def _untab_marker(text: str) -> str:
    """`1.<TAB>Cải cách thể chế` (Word numbering saved as text) → `1. Cải cách thể chế`: a tab after a
    list marker separates the marker from its text, it is no table cell. Leading tabs (indentation)
    go too. A line with more tabs after that is a table row and stays as it is."""
    stripped = text.lstrip(" \t")
    m = MARKER_RE.match(stripped)
    if m is None or not stripped[m.end() : m.end() + 1].isspace():
        return text
    rest = stripped[m.end() :].lstrip(" \t")
    if "\t" in rest:
        return text
    return f"{stripped[: m.end()]} {rest}"


def drop_page_numbers(lines: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Remove stray page numbers: a short number alone between blank lines, outside tables."""
    kept: list[Line] = []
    dropped: list[Dropped] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if _PAGE_NUMBER.match(line.text) and line.blank_before and (nxt is None or nxt.blank_before):
            dropped.append(Dropped(line.text.strip(), line.ref, "page number"))
            continue
        kept.append(line)
    return kept, dropped


def read_text(text: str, file: str, encoding: str | None = None, synonyms: Synonyms = None) -> SourceDoc:
    """Build a SourceDoc from already-decoded text (also used for stdin); `synonyms` are a
    profile's column labels, for telling a table header from prose."""
    from parplan.read.text_tables import find_text_tables

    blocks: list[Block] = []
    dropped: list[Dropped] = []
    run: list[Line] = []
    items = find_text_tables(text_to_lines(text, file), file, synonyms)
    width = wrap_width([item for item in items if isinstance(item, Line)])

    def flush() -> None:
        kept, gone = drop_page_numbers(run)
        dropped.extend(gone)
        blocks.extend(lines_to_paragraphs(kept, width))
        run.clear()

    for item in items:
        if isinstance(item, Table):
            flush()
            blocks.append(item)
        else:
            run.append(item)
    flush()
    return SourceDoc(
        path=file, format="txt", blocks=tuple(blocks), dropped=tuple(dropped), encoding=encoding, text=text
    )


def with_synonyms(doc: SourceDoc, synonyms: Synonyms) -> SourceDoc:
    """`doc` with its text tables found again knowing a profile's column synonyms.

    The `|`-per-cell and paragraph-per-cell layouts mark no row ends, and a paragraph table is told
    from prose by its header alone, so the header vocabulary decides what the reader sees; a txt
    document is therefore read again once its profile is known. Other formats come back unchanged.
    """
    if not synonyms or doc.format != "txt" or doc.text is None:
        return doc
    again = read_text(doc.text, doc.path, doc.encoding, synonyms)
    return replace(again, notes=doc.notes)  # the notes are about the bytes, which did not change


def read_txt(path: Path, data: bytes | None = None) -> SourceDoc:
    """Read a text decree from disk (a few bytes that are not UTF-8 become a PP003 note each)."""
    raw = load_bytes(path, data)
    text, enc = decode_bytes(raw, path.name)
    doc = read_text(text, path.name, enc)
    if enc == UTF8_DAMAGED:
        doc = replace(doc, notes=(*doc.notes, *damaged_utf8_notes(raw)))
    return doc
