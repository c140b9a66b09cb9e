"""What a website adds around a decree: metadata cells (`Số hiệu: | 131/CTr-UBND`), a "HIỆU LỰC VĂN
BẢN" block, the site's name and links ("Hệ thống pháp luật", "Tải văn bản").

Portal cells are evidence with a low rank (below the document's own header, title and signature):
they are often right, sometimes about another version, and a "Loại văn bản: Văn bản khác" says
nothing. Site lines are neither metadata nor body text; they are claimed so they never reach a field.
"""

from __future__ import annotations

import regex as re

from parplan.read.lines import SITE_LINE_RE

# label (folded, as portals write it) → metadata field, or None for cells that are kept out of the body only
PORTAL_LABELS: dict[str, str | None] = {
    "số hiệu": "number",
    "số ký hiệu": "number",
    "ký hiệu": "number",
    "loại văn bản": "doc_type",
    "cơ quan ban hành": "issuing_body",
    "nơi ban hành": "issuing_body",
    "đơn vị ban hành": "issuing_body",
    "người ký": "signer",
    "ngày ban hành": "issued_on",
    "ngày ký": "issued_on",
    "trích yếu": "title",
    "tên văn bản": "title",
    "ngày hiệu lực": None,
    "ngày có hiệu lực": None,
    "ngày hết hiệu lực": None,
    "tình trạng hiệu lực": None,
    "tình trạng": None,
    "lĩnh vực": None,
    "ngày công báo": None,
    "số công báo": None,
    "ngày đăng": None,
    "lượt xem": None,
    "cập nhật": None,
    "tải văn bản": None,
    "tệp đính kèm": None,
}
LABEL_ALONE_MAX = max(len(k) for k in PORTAL_LABELS) + 4  # "Số hiệu" alone: its value is the next cell
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in PORTAL_LABELS), key=len, reverse=True))
# a label at the start of a cell or after a bullet/pipe, then ':' or '|' (and the value, maybe empty)
# (a label alone is a cell whose value is the next cell: a portal's table read cell by cell)
# A label may also follow the previous cell's value on one line ("Số hiệu | 1765/QĐ-UBND Loại văn bản |
# Quyết định", lines a reader joined): there it needs its ':' or '|'.
_CELL = re.compile(
    rf"(?:(?:^|(?<=[•|●\-*]\s{{0,3}}))\s*({_LABEL_ALT})\s*(?::\s*\|?|\||$)|(?<=\s)({_LABEL_ALT})\s*(?::\s*\|?|\|))\s*",
    re.I,
)
_BULLET = re.compile(r"^\s*[•●*\-]\s*")


def portal_cells(text: str) -> list[tuple[str, str | None, str]]:
    """`(label, field, value)` for each portal cell in `text` ("• Số hiệu: 131/CTr-UBND • Loại văn
    bản: …" holds two); the value runs to the next label or bullet and may be empty (then it is
    in the next paragraph)."""
    if len(text) > LABEL_ALONE_MAX and ":" not in text and "|" not in text:
        return []  # a label needs ':' or '|' after it, unless it is all the text
    starts = list(_CELL.finditer(text))
    if not starts or text[: starts[0].start()].strip(" •●*-|"):
        return []
    out = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        value = text[m.end() : end].strip().strip("|•●").strip()
        label = " ".join((m.group(1) or m.group(2)).lower().split())
        out.append((label, PORTAL_LABELS.get(label), value))
    return out


def is_site_line(text: str) -> bool:
    """A line a website adds: its name, a breadcrumb, a download link, a "HIỆU LỰC VĂN BẢN" caption."""
    return SITE_LINE_RE.match(_BULLET.sub("", text.strip())) is not None
