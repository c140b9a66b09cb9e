"""DOCX reader: body XML → paragraphs and tables in document order, with Word numbering rendered.

Decrees typed in Word carry their list markers ("I.", "1.", "a)", "-") either as typed text or as
automatic numbering (`w:numPr`), which python-docx does not render. The segmenter only sees text, so
we render the markers Word would show and prepend them. Tables are resolved onto their column grid:
`gridSpan` becomes `col_span`, and the lower parts of a `vMerge` become `Cell(continued=True)` that
repeat the origin text, so nothing downstream needs to know about Word's merge model.

python-docx is imported lazily (inside `read_docx`) so `parplan --help` and the txt path stay fast;
everything below it walks the lxml tree python-docx already parsed.
"""

from __future__ import annotations

import io
import re as std_re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex as re

from parplan.errors import UnreadableInput
from parplan.read.lines import FRAME_RE, is_caps, lines_to_paragraphs
from parplan.read.source import Block, Cell, Dropped, Line, Row, SourceDoc, SourceRef, Table, load_bytes
from parplan.read.txt import clean_line, drop_page_numbers

if TYPE_CHECKING:
    from parplan.read.docx_chunks import Budget

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Clark names of the WordprocessingML tags and attributes used below, built once: `W + "t"` in a
# loop concatenates a new string on every element.
_W_abstractNum = W + "abstractNum"
_W_abstractNumId = W + "abstractNumId"
_W_b = W + "b"
_W_basedOn = W + "basedOn"
_W_body = W + "body"
_W_br = W + "br"
_W_char = W + "char"
_W_cr = W + "cr"
_W_customXml = W + "customXml"
_W_default = W + "default"
_W_del = W + "del"
_W_delInstrText = W + "delInstrText"
# Word allows 63 columns; a damaged or hostile gridSpan of 2**31 must not make us loop over it.
MAX_GRID = 64
_W_gridAfter = W + "gridAfter"
_W_gridBefore = W + "gridBefore"
_W_gridSpan = W + "gridSpan"
_W_hMerge = W + "hMerge"
_W_ilvl = W + "ilvl"
_W_instrText = W + "instrText"
_W_isLgl = W + "isLgl"
_W_lvl = W + "lvl"
_W_lvlOverride = W + "lvlOverride"
_W_lvlRestart = W + "lvlRestart"
_W_lvlText = W + "lvlText"
_W_moveFrom = W + "moveFrom"
_W_noBreakHyphen = W + "noBreakHyphen"
_W_num = W + "num"
_W_numFmt = W + "numFmt"
_W_numId = W + "numId"
_W_numPr = W + "numPr"
_W_numStyleLink = W + "numStyleLink"
_W_p = W + "p"
_W_pPr = W + "pPr"
_W_pStyle = W + "pStyle"
_W_ptab = W + "ptab"
_W_rPr = W + "rPr"
_W_rStyle = W + "rStyle"
_W_sdt = W + "sdt"
_W_sdtContent = W + "sdtContent"
_W_start = W + "start"
_W_startOverride = W + "startOverride"
_W_style = W + "style"
_W_styleId = W + "styleId"
_W_sym = W + "sym"
_W_t = W + "t"
_W_tab = W + "tab"
_W_tbl = W + "tbl"
_W_tblHeader = W + "tblHeader"
_W_tc = W + "tc"
_W_tcPr = W + "tcPr"
_W_tr = W + "tr"
_W_trPr = W + "trPr"
_W_txbxContent = W + "txbxContent"
_W_type = W + "type"
_W_vMerge = W + "vMerge"
_W_val = W + "val"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# zero-width chars and soft hyphens vanish; C0 controls (except tab/newline) too. Stdlib `re`: a
# plain char class runs faster there than in `regex`, and this runs on every paragraph.
_DROP = std_re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f]")
_FALSE = {"0", "false", "off", "none"}
# Subtrees whose text is not part of the paragraph as Word shows it in the flow.
_SKIP = {
    _W_pPr,
    _W_rPr,
    _W_del,
    _W_moveFrom,
    _W_txbxContent,
    _W_instrText,
    _W_delInstrText,
    _MC + "Fallback",
}

Element = Any  # lxml element (python-docx's oxml classes subclass it); kept loose for typing


# ---------------------------------------------------------------------------------------------
# Numbering


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart (1-based level that restarts this one; 0 = never)
    legal: bool = False  # w:isLgl: show every level as decimal
    style: str | None = None  # w:pStyle linking a paragraph style to this level


@dataclass(slots=True)
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # lvlOverride/lvl (full level override)


def _child(el: Element, tag: str) -> Element | None:
    """`el.find(tag)` for a plain tag: the first child element with that tag. lxml's `find` parses
    its path argument on every call, which made it several times slower than this loop, and the
    reader asks it a few times for every paragraph, run and cell."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _val(el: Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_W_val, default)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(el: Element | None) -> bool | None:
    """A toggle property (`<w:b/>`, `<w:b w:val="0"/>`): None when absent."""
    if el is None:
        return None
    return (_val(el, "1") or "1").lower() not in _FALSE


def _parse_level(lvl: Element) -> _Level:
    restart = _child(lvl, _W_lvlRestart)
    return _Level(
        fmt=_val(_child(lvl, _W_numFmt), "decimal") or "decimal",
        text=_val(_child(lvl, _W_lvlText), "") or "",
        start=_int(_val(_child(lvl, _W_start)), 1),
        restart=_int(_val(restart), 0) if restart is not None else None,
        legal=bool(_on(_child(lvl, _W_isLgl))),
        style=_val(_child(lvl, _W_pStyle)),
    )


def _roman(n: int) -> str:
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, aaa… (not base-26)."""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


MAX_LETTERS = 26 * 30  # Word's letter numbering stops at 30 letters ("zzz…z"); beyond: digits
MAX_ROMAN = 3999  # the largest Roman numeral written without overlines


def format_number(n: int, fmt: str) -> str:
    """One counter in Word's `numFmt`: `(4, "upperRoman")` → `IV`, `(3, "lowerLetter")` → `c`.

    A value past what letters or Roman numerals can write (a crafted `w:start` of a billion would
    take gigabytes as letters) is written in digits."""
    if (fmt.endswith("Letter") and n > MAX_LETTERS) or (fmt.endswith("Roman") and n > MAX_ROMAN):
        return str(n)
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower() if n > 0 else "0"
    if fmt == "upperRoman":
        return _roman(n) if n > 0 else "0"
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the formats we have no glyphs for (ordinal, cardinalText …)


def _bullet(text: str) -> str:
    """Symbol-font bullets live in the private-use area (U+F0xx); map them to a visible marker."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xF000 <= code <= 0xF0FF:
            base = chr(code - 0xF000)
            out.append(base if base in "-+*" else "•")
        elif ch in "\u2022\u25cf\u25aa\u25a0\u00b7\u2219\u25e6\u25cb\u2023\u2043o§Ø\u00fc\u00d8":
            out.append("•")
        else:
            out.append(ch)
    return "".join(out).strip()


class Numbering:
    """numbering.xml + paragraph styles → the marker text Word shows for each numbered paragraph.

    Counters are kept per *abstract* definition, as Word does: two `w:num` sharing an abstractNum
    continue one sequence, and a num carrying `w:startOverride` restarts the overridden levels the
    first time it is used. Advancing a level resets the deeper levels (unless their `w:lvlRestart`
    says otherwise).
    """

    def __init__(self, numbering: Element | None, styles: Element | None) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → numStyleLink style id
        self.nums: dict[str, _Num] = {}
        self._style_numpr: dict[str, tuple[str | None, int | None]] | None = None
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.pending: dict[str, dict[int, int]] = {}
        self.seen_nums: set[str] = set()
        if numbering is not None:
            self._load_numbering(numbering)

    @property
    def style_numpr(self) -> dict[str, tuple[str | None, int | None]]:
        """Paragraph style → (numId, ilvl), basedOn resolved; built on first use (most decrees
        never number through styles, and the styles part can hold hundreds of entries)."""
        if self._style_numpr is None:
            self._style_numpr = {}
            if self.styles is not None:
                self._load_styles(self.styles)
        return self._style_numpr

    def _load_numbering(self, root: Element) -> None:
        for absn in root.iter(_W_abstractNum):
            aid = absn.get(_W_abstractNumId, "")
            self.abstracts[aid] = {_int(lvl.get(_W_ilvl), 0): _parse_level(lvl) for lvl in absn.iter(_W_lvl)}
            link = _val(_child(absn, _W_numStyleLink))
            if link:
                self.style_links[aid] = link
        for num in root.iter(_W_num):
            entry = _Num(abstract=_val(_child(num, _W_abstractNumId), "") or "")
            for ov in num.iter(_W_lvlOverride):
                ilvl = _int(ov.get(_W_ilvl), 0)
                so = _child(ov, _W_startOverride)
                if so is not None:
                    entry.starts[ilvl] = _int(_val(so), 1)
                lvl = _child(ov, _W_lvl)
                if lvl is not None:
                    entry.levels[ilvl] = _parse_level(lvl)
            self.nums[num.get(_W_numId, "")] = entry

    def _load_styles(self, root: Element) -> None:
        raw: dict[str, tuple[str | None, str | None, int | None]] = {}
        for st in root.iter(_W_style):
            sid = st.get(_W_styleId, "")
            numpr = st.find(f"{W}pPr/{W}numPr")
            num_id = ilvl = None
            if numpr is not None:
                num_id = _val(_child(numpr, _W_numId))
                ilvl_s = _val(_child(numpr, _W_ilvl))
                ilvl = _int(ilvl_s, 0) if ilvl_s is not None else None
            raw[sid] = (_val(_child(st, _W_basedOn)), num_id, ilvl)
        for sid in raw:
            num_id, ilvl, cur, hops = None, None, sid, 0
            while cur in raw and hops < 20:  # basedOn chain; first definition wins
                based, n, lv = raw[cur]
                num_id = num_id if num_id is not None else n
                ilvl = ilvl if ilvl is not None else lv
                cur, hops = based or "", hops + 1
            if num_id is not None:
                self._style_numpr[sid] = (num_id, ilvl)  # type: ignore[index]

    def _abstract_for(self, num: _Num) -> str:
        aid = num.abstract
        link = self.style_links.get(aid)
        if link and link in self.style_numpr:  # numStyleLink: the real levels hang off the style's num
            target = self.nums.get(self.style_numpr[link][0] or "")
            if target is not None:
                return target.abstract
        return aid

    def _level(self, num: _Num, aid: str, ilvl: int) -> _Level | None:
        return num.levels.get(ilvl) or self.abstracts.get(aid, {}).get(ilvl)

    def marker(self, p: Element) -> str:
        """The rendered marker for paragraph `p` ("" when it is not numbered); advances counters."""
        ppr = _child(p, _W_pPr)
        num_id: str | None = None
        ilvl: int | None = None
        style = None
        if ppr is not None:
            style = _val(_child(ppr, _W_pStyle))
            numpr = _child(ppr, _W_numPr)
            if numpr is not None:
                num_id = _val(_child(numpr, _W_numId))
                ilvl_s = _val(_child(numpr, _W_ilvl))
                ilvl = _int(ilvl_s, 0) if ilvl_s is not None else None
        if style and self.nums and style in self.style_numpr:
            s_num, s_ilvl = self.style_numpr[style]
            num_id = num_id if num_id is not None else s_num
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        num = self.nums[num_id]
        aid = self._abstract_for(num)
        if ilvl is None:  # style-linked level (w:lvl/w:pStyle), else level 0
            ilvl = next(
                (i for i, lv in self.abstracts.get(aid, {}).items() if style and lv.style == style), 0
            )
        ilvl = min(max(ilvl, 0), 8)
        level = self._level(num, aid, ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(aid, [None] * 9)
        pending = self.pending.setdefault(aid, {})
        if num_id not in self.seen_nums:
            self.seen_nums.add(num_id)
            for lv, start in num.starts.items():
                if 0 <= lv < 9:
                    counters[lv] = None
                    pending[lv] = start
        cur = counters[ilvl]
        counters[ilvl] = (pending.pop(ilvl, level.start)) if cur is None else cur + 1
        for deeper in range(ilvl + 1, 9):
            d_level = self._level(num, aid, deeper)
            restart = d_level.restart if d_level is not None else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text)

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = self._level(num, aid, k)
            value = counters[k] if counters[k] is not None else (lv.start if lv else 1)
            fmt = "decimal" if (level.legal and k < ilvl) or lv is None else lv.fmt
            return format_number(value or 0, fmt)

        return re.sub(r"%([1-9])", sub, level.text).strip()


# ---------------------------------------------------------------------------------------------
# Run formatting (bold is only a heading hint, so a practical subset of style resolution will do)


class _Bold:
    """Resolve whether a run is bold: direct rPr, then run style, then paragraph style, then defaults."""

    def __init__(self, styles: Element | None) -> None:
        self.own: dict[str, tuple[bool | None, str | None]] = {}
        self.default_para: str | None = None
        self.doc_default: bool = False
        self.cache: dict[str, bool | None] = {}
        if styles is None:
            return
        dflt = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}b")
        self.doc_default = bool(_on(dflt))
        for st in styles.iter(_W_style):
            sid = st.get(_W_styleId, "")
            self.own[sid] = (_on(st.find(f"{W}rPr/{W}b")), _val(_child(st, _W_basedOn)))
            if st.get(_W_type) == "paragraph" and (st.get(_W_default) or "").lower() in (
                "1",
                "true",
                "on",
            ):
                self.default_para = sid

    def style(self, sid: str | None) -> bool | None:
        if not sid:
            return None
        if sid not in self.cache:
            value, cur, hops = None, sid, 0
            while cur and cur in self.own and hops < 20:
                own, based = self.own[cur]
                if own is not None:
                    value = own
                    break
                cur, hops = based or "", hops + 1
            self.cache[sid] = value
        return self.cache[sid]

    def run(self, r: Element, para_style: str | None) -> bool:
        rpr = _child(r, _W_rPr)
        if rpr is not None:
            direct = _on(_child(rpr, _W_b))
            if direct is not None:
                return direct
            from_rstyle = self.style(_val(_child(rpr, _W_rStyle)))
            if from_rstyle is not None:
                return from_rstyle
        from_pstyle = self.style(para_style or self.default_para)
        return self.doc_default if from_pstyle is None else from_pstyle


# ---------------------------------------------------------------------------------------------
# Text


def _clean(text: str) -> str:
    """One display line: NFC, no zero-width/soft hyphens, single spaces, no markdown debris.

    Written for speed (it runs on every paragraph): the txt reader's regex cleaning only runs when
    there is markdown debris to remove (`**3028**` → `3028`).
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _DROP.sub("", text)
    if "：" in text:  # a full-width colon typed in an IME ends a label like ":" does
        text = text.replace("：", ":")
    if "*" in text or "](" in text:
        text = clean_line(text)
    return " ".join(text.split())


def _caps(text: str) -> bool:
    return text == text.upper() and is_caps(text)  # the cheap test first: most text is not caps


def _walk(el: Element) -> Iterator[Element]:
    """Descendants in document order, skipping deleted text, text boxes and field codes."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        yield child
        if tag not in (_W_t, _W_p, _W_tbl):
            yield from _walk(child)


class _Reader:
    def __init__(self, file: str, numbering: Numbering, bold: _Bold) -> None:
        self.file = file
        self.numbering = numbering
        self.bold = bold

    def para_text(self, p: Element) -> tuple[str, bool, bool]:
        """Marker + run text of one paragraph (line breaks kept as "\\n"), whether all its text is
        bold, and whether Word numbers it."""
        ppr = _child(p, _W_pPr)
        pstyle = _val(_child(ppr, _W_pStyle)) if ppr is not None else None
        parts: list[str] = []
        all_bold = True
        any_text = False
        for el in _walk(p):
            tag = el.tag
            if tag == _W_t:
                text = el.text or ""
                parts.append(text)
                if text.strip():
                    any_text = True
                    all_bold = all_bold and self.bold.run(el.getparent(), pstyle)
            elif tag in (_W_tab, _W_ptab):
                parts.append("\t")
            elif tag in (_W_br, _W_cr):
                if el.get(_W_type) not in ("page", "column"):
                    parts.append("\n")
            elif tag == _W_noBreakHyphen:
                parts.append("-")
            elif tag == _W_sym:
                char = el.get(_W_char, "")
                if re.fullmatch(r"[0-9A-Fa-f]{1,6}", char) and int(char, 16) < 0x110000:
                    parts.append(_bullet(chr(int(char, 16))))
        marker = self.numbering.marker(p)
        text = "".join(parts)
        if marker:
            text = marker + " " + text.lstrip()
        return text, any_text and all_bold, bool(marker)

    def para_lines(self, p: Element) -> tuple[list[str], bool, bool]:
        text, bold, numbered = self.para_text(p)
        return [line for line in (_clean(x) for x in text.split("\n")) if line], bold, numbered

    def cell_text(self, tc: Element) -> str:
        """A cell's paragraphs (and nested tables, flattened row by row) joined with "\\n"."""
        lines: list[str] = []
        for child in _block_children(tc):
            if child.tag == _W_p:
                lines.extend(self.para_lines(child)[0])
            elif child.tag == _W_tbl:
                for row in _grid_rows(child):
                    for _col, _span, cell, continued in row.cells:
                        if cell is not None and not continued:
                            text = self.cell_text(cell)
                            if text:
                                lines.append(text)
        return "\n".join(lines)

    def table(self, tbl: Element, t_index: int) -> Table:
        grid = _grid_rows(tbl)
        ncols = max([len(tbl.findall(f"{W}tblGrid/{W}gridCol"))] + [r.width for r in grid] + [1])
        origin: dict[int, str] = {}  # column → text of the vMerge origin covering it
        rows: list[Row] = []
        header_rows = 0
        counting_header = True
        for r_index, grow in enumerate(grid):
            if counting_header and grow.header:
                header_rows += 1
            else:
                counting_header = False
            row_ref = SourceRef(self.file, table=t_index, row=r_index)
            cells: list[Cell] = []
            anomalies: list[str] = []
            pos = 0
            for col, span, tc, continued in grow.cells:
                if col > pos:  # gridBefore / skipped positions: empty filler so the row covers the grid
                    cells.append(
                        Cell("", SourceRef(self.file, table=t_index, row=r_index, col=pos), pos, col - pos)
                    )
                ref = SourceRef(self.file, table=t_index, row=r_index, col=col)
                if continued:
                    if col in origin:
                        cells.append(Cell(origin[col], ref, col, span, continued=True, hard_breaks=True))
                    else:
                        anomalies.append(f"vertical merge at column {col} continues nothing; read as empty")
                        cells.append(Cell("", ref, col, span))
                else:
                    text = self.cell_text(tc) if tc is not None else ""
                    cells.append(Cell(text, ref, col, span, hard_breaks=True))
                    for c in range(col, col + span):
                        origin.pop(c, None)
                    if tc is not None and grow.restarts.get(col):
                        origin[col] = text
                pos = col + span
            if pos < ncols:
                cells.append(
                    Cell("", SourceRef(self.file, table=t_index, row=r_index, col=pos), pos, ncols - pos)
                )
            rows.append(Row(tuple(cells), row_ref, tuple(anomalies)))
        if header_rows == len(rows):  # every row flagged: the flag tells us nothing
            header_rows = 0
        return Table(tuple(rows), SourceRef(self.file, table=t_index), ncols, header_rows)


@dataclass(slots=True)
class _GridRow:
    cells: list[tuple[int, int, Element | None, bool]]  # (col, span, tc, continued)
    restarts: dict[int, bool]
    header: bool
    width: int


def _block_children(el: Element) -> Iterator[Element]:
    """w:p and w:tbl children, looking through content controls and custom-XML wrappers."""
    for child in el:
        tag = child.tag
        if tag in (_W_p, _W_tbl):
            yield child
        elif tag == _W_sdt:
            content = _child(child, _W_sdtContent)
            if content is not None:
                yield from _block_children(content)
        elif tag == _W_customXml:
            yield from _block_children(child)


def _flow(el: Element) -> Iterator[Element]:
    """Block children in reading order, each paragraph followed by the blocks of the text boxes
    anchored in it (`w:txbxContent`: a note or a heading Word floats beside the text). Their text is
    body text too; read here, after their anchor, it reaches an item or `unassigned`."""
    for child in _block_children(el):
        yield child
        if child.tag == _W_p:
            for box in _text_boxes(child):
                yield from _flow(box)


def _text_boxes(p: Element) -> Iterator[Element]:
    """The text boxes of a paragraph, outermost only, once (the VML fallback copy is skipped)."""
    for child in p:
        tag = child.tag
        if not isinstance(tag, str) or tag == _MC + "Fallback":
            continue
        if tag == _W_txbxContent:
            yield child
        else:
            yield from _text_boxes(child)


def _row_cells(tr: Element) -> Iterator[Element]:
    for child in tr:
        if child.tag == _W_tc:
            yield child
        elif child.tag == _W_sdt:
            content = _child(child, _W_sdtContent)
            if content is not None:
                yield from _row_cells(content)
        elif child.tag == _W_customXml:
            yield from _row_cells(child)


def _table_rows(tbl: Element) -> Iterator[Element]:
    for child in tbl:
        if child.tag == _W_tr:
            yield child
        elif child.tag in (_W_sdt, _W_customXml):
            inner = _child(child, _W_sdtContent) if child.tag == _W_sdt else child
            if inner is not None:
                yield from _table_rows(inner)


def _grid_rows(tbl: Element) -> list[_GridRow]:
    """Place every w:tc on the column grid (gridBefore, gridSpan, legacy hMerge, vMerge)."""
    out: list[_GridRow] = []
    for tr in _table_rows(tbl):
        trpr = _child(tr, _W_trPr)
        col = 0
        header = False
        if trpr is not None:
            col = min(max(0, _int(_val(_child(trpr, _W_gridBefore)), 0)), MAX_GRID)
            header = bool(_on(_child(trpr, _W_tblHeader)))
        cells: list[tuple[int, int, Element | None, bool]] = []
        restarts: dict[int, bool] = {}
        for tc in _row_cells(tr):
            tcpr = _child(tc, _W_tcPr)
            span = 1
            vmerge = hmerge = None
            if tcpr is not None:
                span = min(max(1, _int(_val(_child(tcpr, _W_gridSpan)), 1)), MAX_GRID)
                vm = _child(tcpr, _W_vMerge)
                if vm is not None:
                    vmerge = _val(vm, "continue") or "continue"
                hm = _child(tcpr, _W_hMerge)
                if hm is not None:
                    hmerge = _val(hm, "continue") or "continue"
            if hmerge == "continue" and cells:  # legacy horizontal merge: widen the previous cell
                pc, ps, ptc, pcont = cells[-1]
                cells[-1] = (pc, ps + span, ptc, pcont)
                col += span
                continue
            continued = vmerge == "continue"
            cells.append((col, span, tc, continued))
            if vmerge == "restart":
                restarts[col] = True
            col += span
        if trpr is not None:
            col += min(max(0, _int(_val(_child(trpr, _W_gridAfter)), 0)), MAX_GRID)
        out.append(_GridRow(cells, restarts, header, col))
    return out


def _open(path: Path, raw: bytes) -> Any:
    """Open with python-docx, turning every failure into a one-line UnreadableInput."""
    import docx  # lazy: python-docx + lxml cost ~100 ms to import
    from docx.opc.exceptions import PackageNotFoundError

    name = path.name
    if raw.startswith(_OLE_MAGIC):
        raise UnreadableInput(
            f"{name}: password-protected (encrypted) DOCX or legacy .doc; save it as an unprotected .docx first"
        )
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise UnreadableInput(f"{name}: not a valid DOCX (corrupt or not a Word file: {exc})") from exc
    except Exception as exc:  # lxml/zip/KeyError from a damaged package; one line, no traceback
        raise UnreadableInput(f"{name}: damaged DOCX ({type(exc).__name__}: {exc})".splitlines()[0]) from exc


def _related_element(part: Any, reltype: str) -> Element | None:
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError, NotImplementedError):
        return None
    except Exception:  # a damaged numbering/styles part only costs us markers and bold hints
        return None


def _blob(part: Any, rid: str) -> bytes | None:
    try:
        return part.related_parts[rid].blob
    except Exception:  # no such relationship, or a damaged part
        return None


_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


_STYLE_TAG = std_re.compile(rb"""<w:style((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTR = std_re.compile(rb"""([\w:.-]+)\s*=\s*"([^"]*)\"""")
# The elements that name a style by id, other than a table's own w:tblStyle (bold hints and
# numbering follow pStyle, rStyle, basedOn and numStyleLink; the others are checked too).
_STYLE_REF_NAMES = (b"pStyle", b"rStyle", b"basedOn", b"next", b"link", b"numStyleLink", b"styleLink")
_STYLE_REF = std_re.compile(rb"<w:(" + b"|".join(_STYLE_REF_NAMES) + rb') w:val="([^"]*)"')
_ANY_STYLE_REF = std_re.compile(rb"<w:(?:" + b"|".join(_STYLE_REF_NAMES) + rb")[\s/>]")


def _without_table_styles(styles: bytes, others: tuple[bytes, ...]) -> bytes:
    """The styles part without its table styles, when that provably changes nothing we read.

    Word's styles part is mostly table styles (300 of 350 KB in the samples), which only tables'
    `w:tblStyle` name; parsing them was a quarter of reading a short decree. Bold hints and
    numbering read paragraph and character styles only, and reach a table style solely through an
    id (`w:pStyle`, `w:rStyle`, `w:basedOn`, `w:numStyleLink` …). So a table style is dropped only
    when no style reference in the styles, body and numbering parts names it (only `w:tblStyle`
    may), and no other style shares its id. Anything unusual (another prefix for the WordprocessingML
    namespace, single-quoted values, comments, CDATA, processing instructions, an empty table
    style, nesting, a reference element written another way) keeps the part as it is.
    """
    ns = b'xmlns:w="' + W_NS.encode() + b'"'
    others = tuple(part for part in others if part)
    for part in (styles, *others):
        if part.count(W_NS.encode()) != 1 or ns not in part:
            return styles
        # single-quoted values; comment, CDATA, DOCTYPE; a PI past the XML declaration. A rare
        # single character is looked for first: memchr scans far faster than a two-byte search.
        if b"'" in part and b"w:val='" in part:
            return styles
        if (b"!" in part and b"<!" in part) or (part.count(b"?") > 2 and part.count(b"<?") > 1):
            return styles
    spans: list[tuple[int, int]] = []
    dropped: set[bytes] = set()
    kept: list[bytes] = []
    pos = styles.find(b"<w:style ")
    while pos != -1:
        tag = _STYLE_TAG.match(styles, pos)
        if tag is None or tag.group(2):
            return styles  # unparsable or empty (self-closing) style
        attrs = dict(_ATTR.findall(tag.group(1)))
        end = styles.find(b"</w:style>", tag.end())
        nxt = styles.find(b"<w:style ", tag.end())
        if end == -1 or (nxt != -1 and nxt < end):
            return styles
        sid = attrs.get(b"w:styleId", b"")
        if attrs.get(b"w:type") == b"table":
            spans.append((pos, end + len(b"</w:style>")))
            dropped.add(sid)
        else:
            kept.append(sid)
        pos = nxt
    if not spans or dropped.intersection(kept):
        return styles
    out, last = [], 0
    for start, stop in spans:
        out.append(styles[last:start])
        last = stop
    out.append(styles[last:])
    stripped = b"".join(out)
    # No remaining style reference may name a dropped style (references from the dropped styles
    # themselves, their `w:basedOn`, go with them), and every reference element must be one the
    # pattern read, so none is missed.
    for part in (stripped, *others):
        refs = _STYLE_REF.findall(part)
        if len(refs) != len(_ANY_STYLE_REF.findall(part)):
            return styles
        if any(value in dropped for _, value in refs):
            return styles
    return stripped


# ISO 29500 "Strict" packages name the same parts and elements with other URIs; read with these
# replaced by their Transitional twins, a Strict document is an ordinary one.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)


def _transitional(xml: bytes) -> bytes:
    if b"purl.oclc.org/ooxml" not in xml:
        return xml
    for strict, transitional in _STRICT:
        xml = xml.replace(strict, transitional)
    return xml


def _light_parts(
    raw: bytes, notes: list[str] | None = None, depth: int = 0, budget: Budget | None = None
) -> tuple[Element, Element | None, Element | None] | None:
    """Body, styles and numbering straight from the zip (document.xml and the two parts it needs).

    python-docx unmarshals every part of the package, which costs more than the rest of the parse
    on a short decree; this reads three (and the parts of `w:altChunk`s). A Strict Open XML package
    is read as its Transitional twin. None when the package is unusual: python-docx then opens it.
    """
    from lxml import etree

    from parplan.read.docx_chunks import expand_alt_chunks

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())

            def rels(part: str) -> tuple[dict[str, str], dict[str, str]]:
                """A part's relationships: target by type (the first of each) and by id."""
                folder, _, base = part.rpartition("/")
                rel_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
                by_type: dict[str, str] = {}
                by_id: dict[str, str] = {}
                if rel_name not in names:
                    return by_type, by_id
                for rel in etree.fromstring(_transitional(zf.read(rel_name))).iter(_PKG_RELS):
                    target = rel.get("Target", "")
                    if rel.get("TargetMode") == "External":
                        continue
                    target = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else (f"{folder}/{target}" if folder else target)
                    )
                    by_type.setdefault(rel.get("Type", ""), target)
                    by_id[rel.get("Id", "")] = target
                return by_type, by_id

            main = rels("")[0].get(_REL_OFFICE) if "_rels/.rels" in names else None
            if not main or main not in names:
                return None
            doc_rels, doc_ids = rels(main)

            def part(reltype: str) -> bytes | None:
                target = doc_rels.get(reltype)
                return _transitional(zf.read(target)) if target and target in names else None

            def chunk(rid: str) -> bytes | None:
                target = doc_ids.get(rid)
                return zf.read(target) if target and target in names else None

            main_xml = _transitional(zf.read(main))
            root = etree.fromstring(main_xml)
            body = _child(root, _W_body)
            if body is None:
                return None
            if b"altChunk" in main_xml:
                expand_alt_chunks(body, chunk, notes if notes is not None else [], depth, budget)
            styles, numbering = part(_REL_STYLES), part(_REL_NUMBERING)
            if styles is not None:
                styles = _without_table_styles(styles, (main_xml, numbering or b""))
            return (
                body,
                etree.fromstring(styles) if styles is not None else None,
                etree.fromstring(numbering) if numbering is not None else None,
            )
    except Exception:  # anything odd: let python-docx try, it has the full package model
        return None


def read_docx(path: Path, data: bytes | None = None) -> SourceDoc:
    """Read a Word decree: body paragraphs and tables in order, numbering markers rendered."""
    raw = load_bytes(path, data)
    notes: list[str] = []
    light = None if raw.startswith(_OLE_MAGIC) else _light_parts(raw, notes)
    if light is not None:
        body, styles, numbering = light
    else:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        from parplan.read.docx_chunks import expand_alt_chunks

        notes.clear()
        doc = _open(path, raw)
        styles = _related_element(doc.part, RT.STYLES)
        numbering = _related_element(doc.part, RT.NUMBERING)
        body = doc.element.body
        expand_alt_chunks(body, lambda rid: _blob(doc.part, rid), notes)
    file = path.name
    reader = _Reader(file, Numbering(numbering, styles), _Bold(styles))
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    run: list[Line] = []
    para_index = -1
    table_index = -1

    def flush() -> None:
        # Word paragraphs go through the same joiner as txt/pdf lines (each one after a "blank"), so
        # a paragraph split mid-sentence or a stray page number is handled exactly as in the txt.
        kept, gone = drop_page_numbers(run)
        dropped.extend(gone)
        blocks.extend(lines_to_paragraphs(kept))
        run.clear()

    try:
        for child in _flow(body):
            if child.tag == _W_p:
                para_index += 1
                lines, bold, numbered = reader.para_lines(child)
                if not lines:
                    continue
                ref = SourceRef(file, para=para_index)
                if numbered:  # Word numbers it: a new item for certain, whatever its marker looks like
                    flush()
                # An ALL-CAPS heading typed as several Word paragraphs ("KẾ HOẠCH" / "CẢI CÁCH HÀNH
                # CHÍNH …") is one heading, as its wrapped lines are in the txt; anything else starts anew.
                # Only a title continues so: an issuer, the motto or a section heading in capitals
                # right after another is a paragraph of its own.
                glued = (
                    bool(run)
                    and not numbered
                    and _caps(run[-1].text)
                    and _caps(lines[0])
                    and not FRAME_RE.match(lines[0])
                    and FRAME_RE.match(next((ln.text for ln in reversed(run) if ln.blank_before), ""))
                    is not None
                )
                run.extend(
                    Line(text, ref, blank_before=(i == 0 and not glued), bold=bold)
                    for i, text in enumerate(lines)
                )
            else:
                table_index += 1
                table = reader.table(child, table_index)
                if table.rows:
                    flush()
                    blocks.append(table)
        flush()
    except UnreadableInput:
        raise
    except Exception as exc:  # malformed XML structure we did not anticipate: fail with one line
        raise UnreadableInput(
            f"{file}: damaged DOCX body ({type(exc).__name__}: {exc})".splitlines()[0]
        ) from exc
    if not blocks:
        notes.append("document body has no text")
    return SourceDoc(
        path=file, format="docx", blocks=tuple(blocks), dropped=tuple(dropped), notes=tuple(notes)
    )
