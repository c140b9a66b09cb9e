"""Grammar of Vietnamese instrument numbers and citations.

`Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ` → number 76/NQ-CP, type Nghị quyết,
date 2021-07-15, issuer Chính phủ. The year inside a number is kept (107/2020/NĐ-CP ≠ 107/2021/NĐ-CP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex as re

# 1788/QĐ-UBND, 107/2021/NĐ-CP, 23/CT-TTg, 68/NQ-HĐND, 3028 /QĐ-UBND; Party style 05-NQ/TU, 01-CTr/TU;
# a lower-case letter after the digits is part of the number (30c/NQ-CP, 36a/NQ-CP, 12b/KH-UBND).
_SYMBOL = r"\p{Lu}[\p{L}\d&]*(?:\s?-\p{Lu}[\p{L}\d&]*)*"  # a space typed before the dash: 225/QĐ -TTg
_SPACES = re.compile(r"\s+")
DOC_NUMBER = re.compile(
    rf"(?<![\d/])(?:\d{{1,5}}\p{{Ll}}?\s?(?:/\d{{4}})?\s?/\s?{_SYMBOL}|\d{{1,4}}\p{{Ll}}?-\p{{Lu}}[\p{{L}}]*/\p{{Lu}}[\p{{Lu}}\d]{{0,7}})(?![\p{{L}}\d])"
)
DOC_TYPES = (
    "Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Nghị định", "Thông tư", "Chương trình hành động",
    "Chương trình", "Công văn", "Đề án", "Luật", "Tờ trình", "Thông báo", "Kết luận", "Hướng dẫn", "Văn bản",
)
_TYPE_RE = re.compile(r"(" + "|".join(DOC_TYPES) + r")(?:\s+số)?\s*:?\s*$", re.I)
_DATE_NUM = re.compile(r"^\s*ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_DATE_WORDS = re.compile(r"^\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ISSUER = re.compile(r"^\s*(?:ngày[^,;]*?)?\s*của\s+([^,;:]+?)(?=\s+(?:về|ban hành|phê duyệt|quy định|sửa đổi)\b|[,;:]|$)")


@dataclass(frozen=True)
class Citation:
    number: str
    type: str | None
    date: str | None
    issuer: str | None
    start: int
    end: int


def clean_number(raw: str) -> str:
    """`3028 /QĐ-UBND` → `3028/QĐ-UBND`."""
    return _SPACES.sub("", raw)


def parse_date_after(text: str) -> str | None:
    """The ISO date of `ngày 30/12/2021` or `ngày 24 tháng 12 năm 2021` at the start of `text`."""
    m = _DATE_NUM.match(text) or _DATE_WORDS.match(text)
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def find_citations(text: str) -> list[Citation]:
    """Every instrument number in `text`, with the type before it and date/issuer after it."""
    out: list[Citation] = []
    for m in DOC_NUMBER.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 160]
        tm = _TYPE_RE.search(before)
        im = _ISSUER.match(after)
        out.append(
            Citation(
                number=clean_number(m.group(0)),
                type=tm.group(1)[0].upper() + tm.group(1)[1:] if tm else None,
                date=parse_date_after(after),
                issuer=im.group(1).strip() if im else None,
                start=m.start(),
                end=m.end(),
            )
        )
    return out
