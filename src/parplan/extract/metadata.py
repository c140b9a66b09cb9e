"""Extract stage, metadata: number, date, province, issuer, type, title, period, signer, legal bases.

Every value is evidence (`extract.evidence`): the header block (`Số:`, the place-date line, the
issuer) is trusted most, then the plan's own header `(Ban hành kèm theo Quyết định số …)` and title,
the decision around the plan, the appendix caption, the signature block, a portal's metadata cells,
and mentions in the body. A decision that promulgates a plan is one document: the plan's own type
(Kế hoạch / Chương trình) wins over the covering Quyết định, and the number is the promulgating
instrument's. Disagreements are reported, not hidden; a value no source states stays None.

Paragraphs are looked at as *cells*: a header copied from a two-column Word table arrives as
`ỦY BAN NHÂN DÂN<TAB>CỘNG HÒA …` lines, so each paragraph is split at tabs, wide gaps and pipes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import NamedTuple

import regex as re

from parplan.extract.evidence import Evidence, best
from parplan.extract.portal import is_site_line, portal_cells
from parplan.extract.references import DOC_NUMBER, Citation, clean_number, find_citations, parse_date_after
from parplan.extract.signer import find_signer
from parplan.extract.signer import name_of as signer_name
from parplan.extract.title import (
    DOC_TYPES,
    clean_title,
    continues_title,
    period_of,
    promulgated,
    sentence_case,
    type_line,
)
from parplan.normalize.provinces import ProvinceMatch, resolve_province
from parplan.normalize.text import fold
from parplan.read.lines import is_caps
from parplan.read.source import SourceRef

_CELL_SPLIT = re.compile(r"\t+|\s{3,}|\s+\|\s+|^\s*\|\s*|\s*\|\s*$|\s*[-_=–—]{3,}\s*|<br\s*/?>")
_SPLIT_MARKS = (
    "\t",
    "   ",
    "|",
    "<br",
    "*",
    "--",
    "__",
    "==",
    "––",
    "——",
    "-–",
    "–-",
)  # one is in every split
_SO = re.compile(r"(?<![\p{L}])Số\s*:?\s*")
_ATTACHED = re.compile(
    r"(?:Ban hành\s+)?[Kk]èm theo,?\s+(Quyết định|Kế hoạch|Chương trình(?: hành động)?|Công văn|Nghị quyết)\s+số\s*:?\s*"
)
_DATE_AT = re.compile(
    r",?\s*ngày\s*(\d{1,2})\s*(?:tháng\s*(\d{1,2})\s*năm\s*|[/.-]\s*(\d{1,2})\s*[/.-]\s*)(\d{4})"
)
# what may stand before a place-date line in its cell: nothing, the `Số:` line, the motto, a rule, dots
_HEAD_OK = re.compile(
    rf"(?:^|Số\s*:?\s*(?:{DOC_NUMBER.pattern})|Hạnh phúc|HẠNH PHÚC|[-_–—=]{{3,}}|…|\.\.\.)\s*$"
)
_NOT_PLACE = frozenset(
    ["luật", "nghị", "quyết", "chỉ", "thông", "công", "kế", "chương", "tờ", "văn", "căn", "thực"]
)
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
_ISSUER_START = re.compile(r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND|SỞ\s|BAN CHỈ ĐẠO|HỘI ĐỒNG NHÂN DÂN)")
_UNIT_START = re.compile(r"^(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ)\s")
_ISSUER_END = re.compile(r"\s*(?:[-–_]{2,}|\bCỘNG HÒA\b|\bCỘNG HOÀ\b|\bSố\b).*$")
_BARE_ISSUER = re.compile(r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND)$")
_MOTTO = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|[-_–—=\s]+$)")
_DEPARTMENT = re.compile(r"^(?:SỞ|BAN|VĂN PHÒNG|THANH TRA)\s")
_BASIS_START = re.compile(
    r"^(?:[-+•*]|\d{1,2}[.)]|[a-zđ]\))?\s*(?:Căn cứ|Thực hiện|Tiếp tục thực hiện|Triển khai(?: thực hiện)?|Thi hành)\b"
)
_BASIS_LINE = re.compile(
    r"^\s*(?:Căn cứ\b|(?:Thực hiện|Tiếp tục thực hiện|Triển khai thực hiện)\b.*[;,]\s*$)"
)
_BASIS_STOP = re.compile(
    r"^(?:Theo đề nghị|Xét đề nghị|Theo đề xuất|Xét Tờ trình|QUYẾT ĐỊNH|Quyết định:|Nơi nhận|"
    r"(?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố) ban hành|UBND (?:tỉnh|thành phố) ban hành|Điều \d|"
    r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s)"
)
_BASIS_END = re.compile(
    r"(?:Theo|Xét) đề nghị|(?<!của\s)(?:(?:Ủy|Uỷ) ban nhân dân|UBND) (?:tỉnh|thành phố) ban hành"
)
_AMENDED = re.compile(r"sửa đổi,? bổ sung[^;]{0,60}$")
_SUBMISSION = re.compile(r"/TTr-|^Tờ trình$", re.I)
_SUBMISSION_BEFORE = re.compile(r"(?:Tờ trình|Công văn|văn bản)\s*$", re.I)
# "Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:" (not "… của Ủy ban nhân dân tỉnh ban hành …", a citation)
_ENACTMENT = re.compile(
    r"(?<!của\s)(?<![\p{L}\d/-])(?:(?:Ủy|Uỷ) ban nhân dân|UBND)\s[^.;:]{0,40}?\bban hành\b", re.I
)
_SPACES = re.compile(r"\s+")
_CLAIMED_FRONT = re.compile(
    r"^(?:Theo đề nghị|Xét đề nghị|Về việc ban hành|V/v|Ban hành (?:Kế hoạch|Chương trình)|"
    r"(?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố) ban hành|UBND (?:tỉnh|thành phố) ban hành)"
)
_WHERE = {
    "header": "header",
    "plan_header": "plan header",
    "caption": "appendix caption",
    "portal": "portal cell",
}
SIGNATURE_TAIL = 12  # paragraphs before the appendix read for a signature block the outline kept as body
BODY_SCAN = 400  # body paragraphs looked at for province mentions (the first pages name it if anything does)


class TextBlock(NamedTuple):  # a tuple: one per paragraph of the document, built fast
    """A paragraph seen by metadata extraction: text, ref, and where it stands."""

    text: str
    ref: SourceRef
    front: bool  # outside the plan's numbered sections (header, preamble, signature, captions)
    appendix: bool = False
    opening: bool = True  # before the plan's first body heading: the only place legal bases are cited


class _Cell(NamedTuple):
    block: int
    text: str
    ref: SourceRef


@dataclass
class MetaDraft:
    doc_type: str = "other"
    number: str | None = None
    number_ref: SourceRef | None = None
    issued_on: str | None = None
    place: str | None = None
    issuer: str | None = None
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    signer: str | None = None
    province: ProvinceMatch | None = None
    legal_bases: list[tuple[Citation, str, SourceRef]] = field(default_factory=list)
    numbers_seen: list[tuple[str, str, SourceRef]] = field(default_factory=list)  # (number, where, ref)
    evidence: list[Evidence] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # indexes into `evidence` of the values chosen
    claimed: set[int] = field(default_factory=set)  # indexes of blocks used
    title_blocks: set[int] = field(default_factory=set)  # blocks a title was read from (not bases)


def extract_metadata(blocks: list[TextBlock]) -> MetaDraft:
    """All metadata fields from the document's paragraphs in order: the frame and the opening are
    read as evidence, the body only for province mentions when nothing better names it."""
    meta = MetaDraft()
    # the submission, the decision's subject line and the enactment clause belong to the header
    meta.claimed.update(i for i, b in enumerate(blocks) if b.front and _CLAIMED_FRONT.match(b.text.strip()))
    body = [b for b in blocks if not (b.front or b.opening or b.appendix)]
    cells = _cells([b if (b.front or b.opening or b.appendix) else None for b in blocks])
    ev: list[Evidence] = []
    province_texts: list[Evidence] = []  # resolved once the date (and so the era) is known
    _portal(cells, meta, ev, province_texts)
    _header(cells, blocks, meta, ev, province_texts)
    _titles(cells, blocks, meta, ev, province_texts)
    _signer(cells, blocks, meta, ev)
    _legal_bases(blocks, meta)
    _choose(meta, ev, province_texts, body)
    return meta


def is_basis_line(text: str) -> bool:
    """A basis sentence (`Căn cứ …`, `Thực hiện Nghị quyết …;`), without its list marker."""
    return _BASIS_LINE.match(text) is not None


def _cells(blocks: list[TextBlock | None]) -> list[_Cell]:
    """The cells of the given blocks (None: a block not looked at), with their block index."""
    return [_Cell(i, part, b.ref) for i, b in enumerate(blocks) if b is not None for part in _split(b.text)]


def _split(text: str) -> list[str]:
    """A paragraph's cells: split at tabs, wide gaps, pipes, rules and `<br>` breaks of a copied table."""
    if not any(mark in text for mark in _SPLIT_MARKS):
        return [text.strip()] if text.strip() else []
    return [p.strip().strip("*").strip() for p in _CELL_SPLIT.split(text) if p.strip().strip("*").strip()]


def _add(ev: list[Evidence], fld: str, value: str, found_in: str, cell: _Cell, meta: MetaDraft) -> None:
    ev.append(Evidence(fld, value, found_in, cell.text, cell.ref, cell.block))
    meta.claimed.add(cell.block)


# --- portal cells and site lines ------------------------------------------------------------------------


def _portal(cells: list[_Cell], meta: MetaDraft, ev: list[Evidence], province_texts: list[Evidence]) -> None:
    # a paragraph holding portal cells is read whole: its `|` separate labels from values, not cells
    units: list[_Cell] = []
    for block, group in groupby(cells, key=lambda c: c.block):
        parts = list(group)
        text = " | ".join(c.text for c in parts)
        units.extend([_Cell(block, text, parts[0].ref)] if len(parts) > 1 and portal_cells(text) else parts)
    after_block_caption = False
    cells = units
    for k, cell in enumerate(cells):
        if is_site_line(cell.text):
            meta.claimed.add(cell.block)
            after_block_caption = fold(cell.text).strip(" •") in {"hiệu lực văn bản", "thuộc tính văn bản"}
            continue
        if after_block_caption:  # the portal's own title line under "HIỆU LỰC VĂN BẢN"
            after_block_caption = False
            if not portal_cells(cell.text):
                _portal_title(cell, meta, ev)
                continue
        for _label, fld, value in portal_cells(cell.text):
            meta.claimed.add(cell.block)
            if not value and k + 1 < len(cells) and not portal_cells(cells[k + 1].text):
                value = cells[k + 1].text
                meta.claimed.add(cells[k + 1].block)
            if fld and value:
                _portal_value(fld, value, cell, meta, ev, province_texts)


def _portal_value(
    fld: str, value: str, cell: _Cell, meta: MetaDraft, ev: list[Evidence], province_texts: list[Evidence]
) -> None:
    if fld == "number" and (m := DOC_NUMBER.match(value)):
        _add(ev, "number", clean_number(m.group(0)), "portal", cell, meta)
    elif fld == "issued_on" and (d := _dmy(value)):
        _add(ev, "issued_on", d, "portal", cell, meta)
    elif fld == "signer" and (name := signer_name(value)):
        _add(ev, "signer", name, "portal", cell, meta)
    elif fld == "issuing_body":
        _add(ev, "issuing_body", value, "portal", cell, meta)
        province_texts.append(Evidence("province", value, "portal", cell.text, cell.ref, cell.block))
    elif fld == "doc_type" and (kind := DOC_TYPES.get(fold(value).strip())):
        _add(ev, "doc_type", kind, "portal", cell, meta)
    elif fld == "title":
        _portal_title(_Cell(cell.block, value, cell.ref), meta, ev)


def _portal_title(cell: _Cell, meta: MetaDraft, ev: list[Evidence]) -> None:
    """A portal's title line: "Quyết định 1234/QĐ-UBND năm 2022 ban hành Kế hoạch …" (the year
    after the number is the issue year, not the period)."""
    meta.claimed.add(cell.block)
    text = cell.text
    if (m := DOC_NUMBER.search(text)) and m.start() < 40:
        _add(ev, "number", clean_number(m.group(0)), "portal", cell, meta)
    named = promulgated(text)
    if named is None and (tl := type_line(text, mixed_ok=True)):
        named = DOC_TYPES[tl[0].lower()], tl[0], tl[1]
    if named:
        kind, name = named[0], sentence_case(named[1], named[2], lambda t: None)
        _add(ev, "doc_type", kind, "portal", cell, meta)
        _add(ev, "title", name, "portal", cell, meta)
        period = period_of(name) if re.search(r"(?:19|20)\d\d\s*[-–—]", name) else None
        if period:
            _add(ev, "period", _period_value(period), "portal", cell, meta)


# --- header block: issuer, number, place and date, captions ------------------------------------------------


def _header(
    cells: list[_Cell],
    blocks: list[TextBlock],
    meta: MetaDraft,
    ev: list[Evidence],
    province_texts: list[Evidence],
) -> None:
    issuer_seen = False
    for k, cell in enumerate(cells):
        b = blocks[cell.block]
        text = cell.text
        if (
            not issuer_seen
            and not b.appendix
            and _ISSUER_START.match(text)
            and is_caps(text)
            and len(text.split()) <= 16
        ):
            issuer_seen = True
            _issuer(cells, k, meta, ev, province_texts)
        if "Số" in text and (m := _SO.search(text)) and not _SUBMISSION_BEFORE.search(text[: m.start()]):
            number = DOC_NUMBER.match(text, m.end())
            if number is None and not text[m.end() :].strip():  # "Số:" and the number on the next line
                nxt = next((c for c in cells[k + 1 : k + 3] if DOC_NUMBER.match(c.text)), None)
                if nxt is not None:
                    meta.claimed.add(nxt.block)
                    number = DOC_NUMBER.match(nxt.text)
            if number is not None:
                _add(ev, "number", clean_number(number.group(0)), "header", cell, meta)
        for m in _ATTACHED.finditer(text) if "èm theo" in text else ():
            if text[: m.start()].strip(" ([*"):
                continue  # "… ban hành kèm theo Quyết định số …" inside a sentence cites another plan
            rest = text[m.end() :]
            cites = find_citations(rest[:60])
            if cites and cites[0].start < 3:
                c = cites[0]
                where = "caption" if b.appendix else "plan_header"
                _add(ev, "number", c.number, where, cell, meta)
                if when := parse_date_after(rest[c.end :]):
                    _add(ev, "issued_on", when, where, cell, meta)
        if "ngày" in text and len(text) <= 160 and not b.appendix and (pd := _place_date(text)):
            place, when = pd
            _add(ev, "issued_on", when, "header", cell, meta)
            if place:
                meta.place = meta.place or place
                province_texts.append(Evidence("province", place, "header", text, cell.ref, cell.block))


def _issuer(
    cells: list[_Cell], k: int, meta: MetaDraft, ev: list[Evidence], province_texts: list[Evidence]
) -> None:
    """The issuer line, with its unit on a later cell when the header splits it (`ỦY BAN NHÂN DÂN` /
    `TỈNH GIA LAI`, maybe with the national motto between), and a department under it (`UBND TỈNH X` /
    `SỞ NỘI VỤ`)."""
    text = _ISSUER_END.sub("", cells[k].text).strip()
    used = [cells[k]]
    j = k + 1
    if _BARE_ISSUER.match(text):
        for j in range(k + 1, min(k + 4, len(cells))):
            nxt = cells[j].text
            if _UNIT_START.match(nxt) and is_caps(nxt):
                text = f"{text} {_ISSUER_END.sub('', nxt).strip()}"
                used.append(cells[j])
                j += 1
                break
            if not _MOTTO.match(nxt):
                break
    joined = " / ".join(c.text for c in used)
    province_texts.append(Evidence("province", text, "header", joined, cells[k].ref, cells[k].block))
    issuer = text
    for nxt_cell in cells[j : j + 3]:
        if _DEPARTMENT.match(nxt_cell.text) and is_caps(nxt_cell.text) and len(nxt_cell.text.split()) <= 10:
            issuer = _ISSUER_END.sub("", nxt_cell.text).strip()
            used.append(nxt_cell)
            break
        if not _MOTTO.match(nxt_cell.text):
            break
    for c in used:
        meta.claimed.add(c.block)
    where = " / ".join(c.text for c in used)
    ev.append(
        Evidence("issuing_body", _SPACES.sub(" ", issuer), "header", where, cells[k].ref, cells[k].block)
    )


def _place_date(text: str) -> tuple[str | None, str] | None:
    """`(place, ISO date)` of a header's place-date line: alone in its cell, or after the number or the
    motto that a reader joined to it ("Độc lập - Tự do - Hạnh phúc Hoà Bình, ngày 06 tháng 01 năm 2020")."""
    for m in _DATE_AT.finditer(text):
        words = text[: m.start()].split()
        for n in range(0, min(5, len(words)) + 1):  # the shortest place that leaves a header before it
            place = " ".join(words[len(words) - n :]).strip(" ,")
            if n and (
                not place[:1].isupper() or fold(words[-n]) in _NOT_PLACE or any(c.isdigit() for c in place)
            ):
                continue
            if _HEAD_OK.search(" ".join(words[: len(words) - n])):
                d, mo, y = int(m.group(1)), int(m.group(2) or m.group(3)), int(m.group(4))
                try:
                    return (place or None), date(y, mo, d).isoformat()
                except ValueError:
                    return None
    return None


def _dmy(text: str) -> str | None:
    if m := _DMY.match(text):
        d, mo, y = (int(g) for g in m.groups())
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return None
    return None


# --- title, type and period -----------------------------------------------------------------------------


def _titles(
    cells: list[_Cell],
    blocks: list[TextBlock],
    meta: MetaDraft,
    ev: list[Evidence],
    province_texts: list[Evidence],
) -> None:
    seen_basis = False
    k = 0
    while k < len(cells):
        cell = cells[k]
        b = blocks[cell.block]
        k += 1
        if b.appendix or not b.opening:
            continue
        if _BASIS_START.match(cell.text):
            seen_basis = True
        if (found := type_line(cell.text, mixed_ok=not seen_basis)) is None:
            if cell.text.startswith("Điều 1") and (named := promulgated(cell.text)):
                _title_evidence(named[0], _cased(named, blocks), "decision", cell, meta, ev, province_texts)
            elif (
                ("ban hành" in cell.text or "BAN HÀNH" in cell.text)
                and (m := _ENACTMENT.search(cell.text))
                and (named := promulgated(cell.text[m.start() :]))
            ):
                _title_evidence(named[0], _cased(named, blocks), "body", cell, meta, ev, province_texts)
            continue
        word, rest = found
        parts, used = [rest] if rest else [], [cell]
        mode = None if not rest else ("caps" if rest == rest.upper() else "mixed")
        while (
            k < len(cells)
            and len(used) < 5
            and continues_title(cells[k].text, subject=not parts)
            and blocks[cells[k].block].opening
        ):
            nxt = cells[k].text
            nxt_mode = "caps" if nxt == nxt.upper() else "mixed"
            if type_line(nxt, mixed_ok=False) or (mode == "caps" and nxt_mode != "caps"):
                break
            if mode == "mixed" and not nxt[:1].islower():
                break
            parts.append(nxt)
            used.append(cells[k])
            mode = mode or nxt_mode
            k += 1
        subject = clean_title(" ".join(parts))
        for c in used:
            meta.claimed.add(c.block)
            meta.title_blocks.add(c.block)
        if word == "QUYẾT ĐỊNH":
            if not subject:
                continue
            named = promulgated(subject) or ("quyet_dinh", word, subject)
            _title_evidence(named[0], _cased(named, blocks), "decision", cell, meta, ev, province_texts)
        else:
            kind = DOC_TYPES[word.lower()]
            _title_evidence(
                kind, _cased((kind, word, subject), blocks), "title", cell, meta, ev, province_texts
            )


def _cased(named: tuple[str, str, str], blocks: list[TextBlock]) -> str:
    return sentence_case(named[1], named[2], lambda t: _repeats(t, blocks))


def _title_evidence(
    kind: str,
    name: str,
    found_in: str,
    cell: _Cell,
    meta: MetaDraft,
    ev: list[Evidence],
    province_texts: list[Evidence],
) -> None:
    name = re.sub(
        r",?\s*(?:cụ thể\s*)?(?:như sau|với (?:các|những) nội dung (?:chủ yếu )?(?:sau|như sau))\s*[.:;]?$",
        "",
        name,
    )
    name = name.strip(" .;:")
    if name.casefold() in DOC_TYPES:
        return  # "ban hành Kế hoạch như sau": the type alone names nothing
    _add(ev, "doc_type", kind, found_in, cell, meta)
    _add(ev, "title", name, found_in, cell, meta)
    if period := period_of(name):
        _add(ev, "period", _period_value(period), found_in, cell, meta)
    province_texts.append(Evidence("province", name, found_in, cell.text, cell.ref, cell.block))


def _period_value(period: tuple[int, int]) -> str:
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def _repeats(title: str, blocks: list[TextBlock]) -> str | None:
    """The sentence-case form of an ALL-CAPS title, from a sentence of the decree that repeats it."""
    target = fold(title)
    for b in blocks:
        folded = fold(b.text)
        k = folded.find(target)
        if k >= 0 and not is_caps(b.text):
            # map folded offsets back: fold keeps length for NFC text with single spaces
            squashed = _SPACES.sub(" ", b.text).strip()
            if len(squashed) == len(folded):
                return squashed[k : k + len(target)]
    return None


# --- signer and legal bases --------------------------------------------------------------------------------


def _signer(cells: list[_Cell], blocks: list[TextBlock], meta: MetaDraft, ev: list[Evidence]) -> None:
    # the frame and opening, and the last paragraphs before the appendix (a signature block the
    # outline kept in the last section, such as a table row copied as `| Nơi nhận: … | CHỦ TỊCH … |`)
    tail = [i for i, b in enumerate(blocks) if not b.appendix][-SIGNATURE_TAIL:]
    extra = [
        _Cell(i, part, blocks[i].ref)
        for i in tail
        if not (blocks[i].front or blocks[i].opening)
        for part in _split(blocks[i].text)
    ]
    usable = sorted([c for c in cells if not blocks[c.block].appendix] + extra, key=lambda c: c.block)
    found = find_signer([c.text for c in usable])
    if found is None:
        return
    name, role, at = found
    for c in usable[role : at + 1]:
        meta.claimed.add(c.block)
    ev.append(
        Evidence(
            "signer",
            name,
            "closing",
            " / ".join(c.text for c in usable[role : at + 1]),
            usable[at].ref,
            usable[at].block,
        )
    )


def _legal_bases(blocks: list[TextBlock], meta: MetaDraft) -> None:
    seen: set[str] = set()
    active = False
    for i, b in enumerate(blocks):
        text = b.text.strip()
        if b.appendix or not b.opening or i in meta.title_blocks:
            active = False
            continue
        if _BASIS_START.match(text):
            active = True
        elif active and (_BASIS_STOP.match(text) or is_caps(text) or text.startswith("(")):
            active = False
        if not active:
            continue
        meta.claimed.add(i)
        # hard-wrapped text may run the submission or the enactment clause into the last basis
        # ("…2030, Ủy ban nhân dân tỉnh ban hành …", "…; Theo đề nghị … Tờ trình số 12/TTr-SNV"): cut there
        end = _BASIS_END.search(text, 1)
        for c in find_citations(text):
            if (end and c.start > end.start()) or _AMENDED.search(text[max(0, c.start - 80) : c.start]):
                continue
            if _SUBMISSION.search(c.number) or (c.type and _SUBMISSION.match(c.type)):
                continue
            if c.number not in seen:
                seen.add(c.number)
                meta.legal_bases.append((c, text, b.ref))


# --- choosing ------------------------------------------------------------------------------------------------


def _choose(
    meta: MetaDraft, ev: list[Evidence], province_texts: list[Evidence], body: list[TextBlock]
) -> None:
    """The most trusted value of each field; the province resolved in the era of the chosen date."""
    chosen: dict[str, Evidence] = {}
    for fld in ("number", "issued_on", "issuing_body", "doc_type", "title", "signer"):
        if (e := best(ev, fld)) is not None:
            chosen[fld] = e
    # the period of the text whose type was chosen: a decision's Điều 1 that names another plan does
    # not give the period of a Quyết định that sets criteria
    kind = chosen["doc_type"].value if "doc_type" in chosen else None
    agree = {(e.found_in, e.order) for e in ev if e.field == "doc_type" and e.value == kind}
    if (e := best((p for p in ev if (p.found_in, p.order) in agree), "period")) is not None:
        chosen["period"] = e
    if e := chosen.get("number"):
        meta.number, meta.number_ref = e.value, e.ref
    meta.numbers_seen = [
        (e.value, _WHERE.get(e.found_in, e.found_in), e.ref) for e in ev if e.field == "number"
    ]
    meta.issued_on = chosen["issued_on"].value if "issued_on" in chosen else None
    meta.issuer = chosen["issuing_body"].value if "issuing_body" in chosen else None
    meta.doc_type = chosen["doc_type"].value if "doc_type" in chosen else "other"
    meta.title = chosen["title"].value if "title" in chosen else None
    meta.signer = chosen["signer"].value if "signer" in chosen else None
    if e := chosen.get("period"):
        start, _, end = e.value.partition("-")
        meta.period_start, meta.period_end = int(start), int(end or start)
    when = date.fromisoformat(meta.issued_on) if meta.issued_on else None
    resolved: list[Evidence] = []
    for p in sorted(province_texts, key=lambda e: e.rank):
        if (pm := resolve_province(p.value, when)) is not None:
            resolved.append(Evidence("province", pm.name, p.found_in, p.text, p.ref, p.order))
            if meta.province is None:
                meta.province = pm
    if meta.province is None and (mention := _body_province(body, when)):
        meta.province, e = mention
        resolved.append(e)
    ev.extend(resolved)
    if meta.province is not None:
        chosen["province"] = next(e for e in resolved if e.value == meta.province.name)
    meta.evidence = ev
    meta.used = {i for i, e in enumerate(ev) if chosen.get(e.field) is e}


def _body_province(body: list[TextBlock], when: date | None) -> tuple[ProvinceMatch, Evidence] | None:
    """The province the body names most often after a unit word ("tỉnh Lào Cai", "thành phố Huế")."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[ProvinceMatch, TextBlock, int]] = {}
    for i, b in enumerate(body[:BODY_SCAN]):
        folded = fold(b.text)
        if "tỉnh" not in folded and "thành phố" not in folded:
            continue
        pm = resolve_province(b.text, when)
        if pm is None or not any(
            f"{unit} {pm.matched}" in " ".join(folded.split()) for unit in ("tỉnh", "thành phố")
        ):
            continue
        counts[pm.id] += 1
        first.setdefault(pm.id, (pm, b, i))
    if not counts:
        return None
    best_id = max(counts, key=lambda k: (counts[k], -first[k][2]))
    pm, b, i = first[best_id]
    return pm, Evidence("province", pm.name, "body", b.text[:200], b.ref, 1_000_000 + i)
