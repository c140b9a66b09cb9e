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
from typing import Any

import regex as re

from parplan.errors import UnreadableInput
from parplan.read.lines import is_caps, lines_to_paragraphs
from parplan.read.source import Block, Cell, Dropped, Line, Row, SourceDoc, SourceRef, Table
from parplan.read.txt import clean_line, drop_page_numbers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# zero-width chars and soft hyphens vanish; C0 controls (except tab/newline) too. Stdlib `re`: a
# plain char class runs faster there than in `regex`, and this runs on every paragraph.
_DROP = std_re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f]")
_FALSE = {"0", "false", "off", "none"}
# Subtrees whose text is not part of the paragraph as Word shows it in the flow.
_SKIP = {
    W + "pPr",
    W + "rPr",
    W + "del",
    W + "moveFrom",
    W + "txbxContent",
    W + "instrText",
    W + "delInstrText",
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


def _val(el: Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W + "val", default)


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
    restart = lvl.find(W + "lvlRestart")
    return _Level(
        fmt=_val(lvl.find(W + "numFmt"), "decimal") or "decimal",
        text=_val(lvl.find(W + "lvlText"), "") or "",
        start=_int(_val(lvl.find(W + "start")), 1),
        restart=_int(_val(restart), 0) if restart is not None else None,
        legal=bool(_on(lvl.find(W + "isLgl"))),
        style=_val(lvl.find(W + "pStyle")),
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


def format_number(n: int, fmt: str) -> str:
    """One counter in Word's `numFmt`: `(4, "upperRoman")` → `IV`, `(3, "lowerLetter")` → `c`."""
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
        for absn in root.iter(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId", "")
            self.abstracts[aid] = {
                _int(lvl.get(W + "ilvl"), 0): _parse_level(lvl) for lvl in absn.iter(W + "lvl")
            }
            link = _val(absn.find(W + "numStyleLink"))
            if link:
                self.style_links[aid] = link
        for num in root.iter(W + "num"):
            entry = _Num(abstract=_val(num.find(W + "abstractNumId"), "") or "")
            for ov in num.iter(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0)
                so = ov.find(W + "startOverride")
                if so is not None:
                    entry.starts[ilvl] = _int(_val(so), 1)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    entry.levels[ilvl] = _parse_level(lvl)
            self.nums[num.get(W + "numId", "")] = entry

    def _load_styles(self, root: Element) -> None:
        raw: dict[str, tuple[str | None, str | None, int | None]] = {}
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId", "")
            numpr = st.find(f"{W}pPr/{W}numPr")
            num_id = ilvl = None
            if numpr is not None:
                num_id = _val(numpr.find(W + "numId"))
                ilvl_s = _val(numpr.find(W + "ilvl"))
                ilvl = _int(ilvl_s, 0) if ilvl_s is not None else None
            raw[sid] = (_val(st.find(W + "basedOn")), num_id, ilvl)
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
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        style = None
        if ppr is not None:
            style = _val(ppr.find(W + "pStyle"))
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = _val(numpr.find(W + "numId"))
                ilvl_s = _val(numpr.find(W + "ilvl"))
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
        for st in styles.iter(W + "style"):
            sid = st.get(W + "styleId", "")
            self.own[sid] = (_on(st.find(f"{W}rPr/{W}b")), _val(st.find(W + "basedOn")))
            if st.get(W + "type") == "paragraph" and (st.get(W + "default") or "").lower() in (
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
        rpr = r.find(W + "rPr")
        if rpr is not None:
            direct = _on(rpr.find(W + "b"))
            if direct is not None:
                return direct
            from_rstyle = self.style(_val(rpr.find(W + "rStyle")))
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
        if tag not in (W + "t", W + "p", W + "tbl"):
            yield from _walk(child)


class _Reader:
    def __init__(self, file: str, numbering: Numbering, bold: _Bold) -> None:
        self.file = file
        self.numbering = numbering
        self.bold = bold

    def para_text(self, p: Element) -> tuple[str, bool, bool]:
        """Marker + run text of one paragraph (line breaks kept as "\\n"), whether all its text is
        bold, and whether Word numbers it."""
        ppr = p.find(W + "pPr")
        pstyle = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        parts: list[str] = []
        all_bold = True
        any_text = False
        for el in _walk(p):
            tag = el.tag
            if tag == W + "t":
                text = el.text or ""
                parts.append(text)
                if text.strip():
                    any_text = True
                    all_bold = all_bold and self.bold.run(el.getparent(), pstyle)
            elif tag in (W + "tab", W + "ptab"):
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if el.get(W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                char = el.get(W + "char", "")
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
            if child.tag == W + "p":
                lines.extend(self.para_lines(child)[0])
            elif child.tag == W + "tbl":
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
        if tag in (W + "p", W + "tbl"):
            yield child
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _block_children(content)
        elif tag == W + "customXml":
            yield from _block_children(child)


def _row_cells(tr: Element) -> Iterator[Element]:
    for child in tr:
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _row_cells(content)
        elif child.tag == W + "customXml":
            yield from _row_cells(child)


def _table_rows(tbl: Element) -> Iterator[Element]:
    for child in tbl:
        if child.tag == W + "tr":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                yield from _table_rows(inner)


def _grid_rows(tbl: Element) -> list[_GridRow]:
    """Place every w:tc on the column grid (gridBefore, gridSpan, legacy hMerge, vMerge)."""
    out: list[_GridRow] = []
    for tr in _table_rows(tbl):
        trpr = tr.find(W + "trPr")
        col = 0
        header = False
        if trpr is not None:
            col = _int(_val(trpr.find(W + "gridBefore")), 0)
            header = bool(_on(trpr.find(W + "tblHeader")))
        cells: list[tuple[int, int, Element | None, bool]] = []
        restarts: dict[int, bool] = {}
        for tc in _row_cells(tr):
            tcpr = tc.find(W + "tcPr")
            span = 1
            vmerge = hmerge = None
            if tcpr is not None:
                span = max(1, _int(_val(tcpr.find(W + "gridSpan")), 1))
                vm = tcpr.find(W + "vMerge")
                if vm is not None:
                    vmerge = _val(vm, "continue") or "continue"
                hm = tcpr.find(W + "hMerge")
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
            col += _int(_val(trpr.find(W + "gridAfter")), 0)
        out.append(_GridRow(cells, restarts, header, col))
    return out


def _open(path: Path, data: bytes | None) -> Any:
    """Open with python-docx, turning every failure into a one-line UnreadableInput."""
    import docx  # lazy: python-docx + lxml cost ~100 ms to import
    from docx.opc.exceptions import PackageNotFoundError

    name = path.name
    raw = data if data is not None else None
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UnreadableInput(f"{name}: cannot read file ({exc.strerror or exc})") from exc
    if not raw:
        raise UnreadableInput(f"{name}: file is empty")
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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{path.name}: cannot read file ({exc.strerror or exc})") from exc


def _related_element(part: Any, reltype: str) -> Element | None:
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError, NotImplementedError):
        return None
    except Exception:  # a damaged numbering/styles part only costs us markers and bold hints
        return None


_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _light_parts(raw: bytes) -> tuple[Element, Element | None, Element | None] | None:
    """Body, styles and numbering straight from the zip (document.xml and the two parts it needs).

    python-docx unmarshals every part of the package, which costs more than the rest of the parse
    on a short decree; this reads three. None when the package is unusual: python-docx then opens it.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())

            def rels(part: str) -> dict[str, str]:
                folder, _, base = part.rpartition("/")
                rel_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
                if rel_name not in names:
                    return {}
                out: dict[str, str] = {}
                for rel in etree.fromstring(zf.read(rel_name)).iter(_PKG_RELS):
                    target = rel.get("Target", "")
                    if rel.get("TargetMode") == "External":
                        continue
                    target = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
                    out.setdefault(rel.get("Type", ""), target)
                return out

            main = rels("").get(_REL_OFFICE) if "_rels/.rels" in names else None
            if not main or main not in names:
                return None
            doc_rels = rels(main)

            def part(reltype: str) -> Element | None:
                target = doc_rels.get(reltype)
                return etree.fromstring(zf.read(target)) if target and target in names else None

            root = etree.fromstring(zf.read(main))
            body = root.find(W + "body")
            if body is None:
                return None
            return body, part(_REL_STYLES), part(_REL_NUMBERING)
    except Exception:  # anything odd: let python-docx try, it has the full package model
        return None


def read_docx(path: Path, data: bytes | None = None) -> SourceDoc:
    """Read a Word decree: body paragraphs and tables in order, numbering markers rendered."""
    raw = data if data is not None else _read_bytes(path)
    light = _light_parts(raw) if raw and not raw.startswith(_OLE_MAGIC) else None
    if light is not None:
        body, styles, numbering = light
    else:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        doc = _open(path, raw)
        styles = _related_element(doc.part, RT.STYLES)
        numbering = _related_element(doc.part, RT.NUMBERING)
        body = doc.element.body
    file = path.name
    reader = _Reader(file, Numbering(numbering, styles), _Bold(styles))
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    notes: list[str] = []
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
        for child in _block_children(body):
            if child.tag == W + "p":
                para_index += 1
                lines, bold, numbered = reader.para_lines(child)
                if not lines:
                    continue
                ref = SourceRef(file, para=para_index)
                if numbered:  # Word numbers it: a new item for certain, whatever its marker looks like
                    flush()
                # An ALL-CAPS heading typed as several Word paragraphs ("KẾ HOẠCH" / "CẢI CÁCH HÀNH
                # CHÍNH …") is one heading, as its wrapped lines are in the txt; anything else starts anew.
                glued = bool(run) and not numbered and _caps(run[-1].text) and _caps(lines[0])
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
