"""Split appendix table cells that hold several agencies, products or deadlines into lists.

Cell text keeps its line breaks as "\\n". A line break is usually just a wrapped line (joined with a
space), but it can also start a new entry (a "- " bullet, or a new agency name on its own line).
The separators are not the same for the three kinds of cell, so each has its own splitter; all of
them only drop separators, bullet marks, whitespace and invisible controls (bidi overrides,
zero-width characters: `terminal.strip_invisible`), never other characters.
"""

from __future__ import annotations

import re as std_re

import regex as re

from parplan.normalize.agencies import split_adjacent_names
from parplan.normalize.deadlines import parse_deadline
from parplan.normalize.text import squash_spaces
from parplan.terminal import strip_invisible

__all__ = ["split_agencies", "split_deadlines", "split_products"]

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# What every `_LINE_BREAKS` match starts with: stdlib `re` finds a plain class faster.
_LINE_BREAK_CHAR = std_re.compile("[\r\u2028\u2029\x0b\x0c\x85]")
_SPACES = re.compile(r"\s+")
_BULLET = r"[-–•+]"
_BULLET_CHARS = "-–•+"
_LEADING_BULLET = re.compile(rf"^\s*{_BULLET}(?:\s+|$)")
# A bullet alone on its line ("-\nDuy trì …") belongs to the next line.
_LONE_BULLET = re.compile(rf"(?m)^([ \t]*{_BULLET})[ \t\u00a0]*\n")
# A second bullet inside a bulleted line: "- Kế hoạch kiểm tra - Báo cáo kết quả kiểm tra".
_MIDLINE_BULLET = re.compile(r"\s+[-–]\s+(?=\p{Lu})")
_CONTENT = re.compile(r"[\p{L}\p{N}\p{M}]")


def _clean(text: str) -> str:
    """Single spaces, no outer whitespace or stray separators: ` Tháng 9/2022 ;` → `Tháng 9/2022`."""
    text = squash_spaces(text)
    return text.rstrip(";").rstrip()


def _has_content(text: str) -> bool:
    """True when a piece holds a letter, digit or mark (a lone NBSP or `;` is not an entry)."""
    return _CONTENT.search(text) is not None


def _lines(text: str) -> list[str]:
    """Cell text as lines, with `\\r\\n`, paragraph separators and lone bullets normalized.

    Example: "-\\nDuy trì kết nối\\r\\nCổng DVC" → ["- Duy trì kết nối", "Cổng DVC"].
    """
    if _LINE_BREAK_CHAR.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    if "\n" not in text:
        return [text]  # `_LONE_BULLET` ends with a line break: nothing to join
    text = _LONE_BULLET.sub(r"\1 ", text)
    return text.split("\n")


def _starts_with_bullet(line: str) -> bool:
    """A list item line: `- Quyết định QPPL của UBND tỉnh`."""
    return _may_start_with_bullet(line) and _LEADING_BULLET.match(line) is not None


def _may_start_with_bullet(text: str) -> bool:
    """False when `_LEADING_BULLET` cannot match: the spaces it skips (`\\s`) are all stripped by
    `str.lstrip`, so a match puts a bullet mark first in the stripped text."""
    return text.lstrip()[:1] in _BULLET_CHARS


def _strip_bullet(text: str) -> str:
    """Drop the bullet mark: `- Kế hoạch của UBND tỉnh` → `Kế hoạch của UBND tỉnh`."""
    if not _may_start_with_bullet(text):
        return text
    return _LEADING_BULLET.sub("", text, count=1)


def _split_midline_bullets(item: str) -> list[str]:
    """Bulleted item holding more bullets on the same line: `- Tháng 1/2022 - Năm 2022` → 2 items.

    Only an item that itself starts with a bullet is split, and only before a capital letter, so
    "tổ chức xã hội - nghề nghiệp" and "Năm 2021 - 2022" stay whole.
    """
    if not _starts_with_bullet(item):
        return [item]
    return [_strip_bullet(part) for part in _MIDLINE_BULLET.split(_strip_bullet(item))]


def _split_outside_parens(text: str, sep: str) -> list[str]:
    """Split on one separator character except inside (…): `KKT (Quảng Ninh, Vân Đồn)` stays whole."""
    if "(" not in text and "[" not in text:
        return text.split(sep)  # nothing opens a bracket, so the depth never leaves 0: a plain split
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


# --- products ----------------------------------------------------------------------------------------


def _bullet_items(text: str) -> list[str]:
    """Group lines into items: a bullet line starts a new item, any other line is a wrapped line.

    Example: "- Cuộc thi tìm hiểu pháp luật\\ntrực tuyến" → ["- Cuộc thi tìm hiểu pháp luật trực tuyến"].
    """
    items: list[str] = []
    for line in _lines(text):
        if not items or _starts_with_bullet(line):
            items.append(line)
        else:
            items[-1] = f"{items[-1]} {line}"
    return items


def split_products(text: str) -> list[str]:
    """Products of one task, split on `- ` bullets and `;`; a comma is not a separator.

    Example cell: "- Văn bản; tài liệu; tin, bài\\ntuyên truyền pháp luật …;\\n- Cuộc thi tìm hiểu pháp luật"
    → ["Văn bản", "tài liệu", "tin, bài tuyên truyền pháp luật …", "Cuộc thi tìm hiểu pháp luật"].
    """
    text = strip_invisible(text)  # bidi and zero-width controls could disguise a name
    products: list[str] = []
    for item in _bullet_items(text):
        for piece in item.split(";"):
            for part in _split_midline_bullets(piece.strip()):
                cleaned = _clean(_strip_bullet(part))
                if _has_content(cleaned):
                    products.append(cleaned)
    return products


# --- agencies ----------------------------------------------------------------------------------------

# Words that open a body's name; a line starting with one (capitalized) may be a new agency.
_AGENCY_HEAD = re.compile(
    r"^(?:Sở|Ban|Bộ|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Văn phòng|Trung tâm|Chi cục|Cục|Phòng|Các|Công an|Mặt trận|Đoàn|Hội|Liên đoàn|Liên minh|Kho bạc|Ngân hàng|Viễn thông|Viettel|VNPT"
    r"|Bưu điện|Đài|Báo|Thanh tra|Tòa án|Toà án|Viện|Cơ quan|Đơn vị|Trường|Bệnh viện|Chi nhánh|Công ty"
    r"|Tổng công ty|Quỹ|Cảng vụ|Bộ Chỉ huy|Bộ đội|BQL|Cục Thuế|Hải quan)\b"
)
# A wrapped line ends on a word that needs its complement: "Sở Thông tin và\nTruyền thông", or on a
# bare head noun whose name follows: "Văn phòng\nUBND tỉnh", "Ban Tổ chức\nTỉnh ủy".
_DANGLING_END = re.compile(
    r"(?:\b(?:và|của|thuộc|trực thuộc|các|với|tại|trên|cho|về|hoặc|cùng|theo|đến|trong|cơ)|[,;:(\-–/&])\s*$"
    r"|(?:^|[,;]\s*|\s)(?:Văn phòng|Ban(?: Tổ chức| Quản lý)?|Sở|Trung tâm|Chi cục|Cục|Phòng|Ủy ban(?: nhân dân)?"
    r"|Uỷ ban(?: nhân dân)?|UBND|HĐND|Hội đồng(?: nhân dân)?)\s*$"
)
# Continuations of a collective list, whatever their case: "Các Sở, Ban, ngành", "UBND các huyện, TP".
_COLLECTIVE_WORD = re.compile(
    r"^(?:ban|ngành|sở|tp|thị xã|thành phố|huyện|quận|xã|phường|thị trấn|cấp huyện|cấp xã|cấp tỉnh|đơn vị"
    r"|địa phương|cơ quan|tổ chức|đoàn thể)[.]?$",
    re.IGNORECASE,
)
# A sub-unit named together with its parent body: "Trung tâm Thông tin, Văn phòng UBND tỉnh".
_SUBUNIT = re.compile(r"^(?:Trung tâm|Chi cục|Phòng|Bộ phận|Đội|Trạm|Hạt|Văn phòng)\s")
_TOP_LEVEL = re.compile(
    r"\b(?:UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Tỉnh ủy|Tỉnh uỷ|Đoàn đại biểu)\b|\b(?:tỉnh|huyện|xã)$"
)
_PARENT = re.compile(r"^(?:Sở|Văn phòng|Ban|Bộ|Cục|UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s")
_PLURAL_OR_LEVEL = re.compile(r"\b(?:các|cấp)\b", re.IGNORECASE)


def _agency_lines(text: str) -> list[str]:
    """Join wrapped lines; keep a line break only where a new body starts on the next line.

    Example: "Ban Tổ chức Tỉnh ủy\\nSở Nội vụ" → 2 lines; "Văn phòng UBND tỉnh; các cơ\\nquan, đơn vị"
    → 1 line (the next line starts in lower case, so it continues the name).
    """
    items: list[str] = []
    for line in _lines(text):
        if not line.strip():
            continue
        previous = items[-1] if items else ""
        new_entry = (
            not items
            or _starts_with_bullet(line)
            or (
                _AGENCY_HEAD.match(line.strip()) is not None
                and _DANGLING_END.search(previous) is None
                and previous.count("(") <= previous.count(")")
            )
        )
        if new_entry:
            items.append(line)
        else:
            items[-1] = f"{previous} {line}"
    return items


def _continues(left: str, right: str) -> bool:
    """Whether the comma between two pieces is inside one agency name rather than between bodies.

    Examples: "Các sở, ban, ngành" (collective), "UBND cấp huyện, cấp xã" (levels), "Các Bộ, phận"
    (typo), "Chi cục Văn thư lưu trữ, Sở Nội vụ" (unit with its parent) all continue; "Các sở, ban,
    ngành, UBND cấp huyện" and "Sở Thông tin và Truyền thông, các sở, ban, ngành" do not.
    """
    if ":" in left:  # "… và các Sở: Tư pháp, Tài chính" enumerates inside one entry
        return True
    if not right:
        return True
    if _COLLECTIVE_WORD.match(right):
        return True
    if right.startswith("các ") or right.startswith("Các "):
        return False
    if not right[0].isupper():
        return True
    return (
        _SUBUNIT.match(left) is not None
        and _TOP_LEVEL.search(left) is None
        and _PARENT.match(right) is not None
        and _PLURAL_OR_LEVEL.search(right) is None
    )


def _split_agency_commas(piece: str) -> list[str]:
    """Split one `;`-separated piece on the commas that separate distinct bodies.

    Example: "Các cơ quan liên quan, UBND cấp huyện, UBND cấp xã" → 3 agencies.
    """
    agencies: list[str] = []
    for segment in _split_outside_parens(piece, ","):
        if agencies and _continues(_clean(agencies[-1]), _clean(segment)):
            agencies[-1] = f"{agencies[-1]},{segment}"
        else:
            agencies.append(segment)
    return agencies


def split_agencies(text: str) -> list[str]:
    """Agencies of one cell, split on `;`, on bullets, on new-body lines and on commas between bodies.

    Example cell: "Sở Thông tin và Truyền thông, các sở, ban, ngành; UBND các địa phương"
    → ["Sở Thông tin và Truyền thông", "các sở, ban, ngành", "UBND các địa phương"].
    Bodies joined by "và" stay one entry; a trailing "." is kept as written; known names typed one
    after another ("Ban Tổ chức Tỉnh ủy Sở Nội vụ") are two entries.
    """
    text = strip_invisible(text)  # bidi and zero-width controls could disguise a name
    agencies: list[str] = []
    for line in _agency_lines(text):
        for item in _split_midline_bullets(line.strip()):
            for piece in _split_outside_parens(_strip_bullet(item), ";"):
                for agency in _split_agency_commas(piece):
                    cleaned = _clean(agency).strip(",").strip()
                    if _has_content(cleaned):
                        agencies.extend(split_adjacent_names(cleaned))
    return agencies


# --- deadlines ---------------------------------------------------------------------------------------

# A second period written straight after the first: "Tháng 04/2022 Tháng 9/2022".
_ADJACENT_PERIOD = re.compile(
    r"(?<=\p{N})\s+(?=(?:Tháng|Quý|Năm|Ngày|Trước|Trong|Hằng|Hàng|Thường|Nhiệm vụ|Định kỳ)\b)"
)


def _is_deadline(text: str) -> bool:
    """A piece that reads as a deadline on its own: `Báo cáo trước ngày 10/12/2022` yes, `Mục III …` no."""
    return parse_deadline(text).kind != "unknown"


def _deadline_pieces(text: str) -> list[tuple[str, str]]:
    """Candidate pieces with the separator before each (`bullet` splits always, others if both parse).

    Example: "Tháng 04/2022 Tháng 9/2022" → [("Tháng 04/2022", "bullet"), ("Tháng 9/2022", " ")].
    """
    pieces: list[tuple[str, str]] = []
    for line in _lines(text):
        if not pieces or _starts_with_bullet(line):
            pieces.append((line, "bullet"))  # the first piece has no separator before it either
        elif line.strip()[:1].isupper():
            pieces.append((line, " "))
        else:
            pieces[-1] = (f"{pieces[-1][0]} {line}", pieces[-1][1])
    out: list[tuple[str, str]] = []
    for line, boundary in pieces:
        for n, item in enumerate(_split_midline_bullets(line.strip())):
            item_boundary = boundary if n == 0 else "bullet"
            for m, semi in enumerate(item.split(";")):
                for k, part in enumerate(_ADJACENT_PERIOD.split(semi)):
                    sep = item_boundary if (m, k) == (0, 0) else (";" if k == 0 else " ")
                    out.append((part, sep))
    return out


def split_deadlines(text: str) -> list[str]:
    """Deadlines of one cell: split on bullets, and on `;`, a new line or a second period only when
    both sides read as deadlines on their own.

    Example cell: "- Tháng 1/2022 - Năm 2022" → ["Tháng 1/2022", "Năm 2022"]; "Theo lộ trình quy định
    tại … 107/2021/NĐ-CP ; Mục III Quyết định số 468/QĐ-TTg" stays one entry (neither side is a deadline).
    """
    text = strip_invisible(text)  # bidi and zero-width controls could disguise a name
    merged: list[str] = []
    for part, sep in _deadline_pieces(text):
        if merged and sep != "bullet" and not (_is_deadline(merged[-1]) and _is_deadline(part)):
            merged[-1] = f"{merged[-1]}{sep}{part}"
        else:
            merged.append(part)
    deadlines: list[str] = []
    for piece in merged:
        cleaned = _clean(_strip_bullet(piece.strip()))
        if _has_content(cleaned):
            deadlines.append(cleaned)
    return deadlines
