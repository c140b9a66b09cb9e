"""The signature block: a role (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`,
`Q. CHỦ TỊCH`, `CHÁNH VĂN PHÒNG`, `GIÁM ĐỐC` …), maybe `(Đã ký)`, then the signer's name.

Word and portal copies put the block beside the recipients list (`Nơi nhận:` | role), so the cells
between the role and the name may be recipients; a flattened copy puts it on one line.
"""

from __future__ import annotations

import regex as re

from parplan.read.lines import CAPS_NAME_RE, SIGN_ROLE_RE

ROLE = SIGN_ROLE_RE
_ROLE_WORDS = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "CHÁNH", "BÍ THƯ")  # a literal of each `ROLE` alternative
_ROLE_PREFIX = re.compile(r"^(?:KT|TM|Q|TL|TUQ|T\.?L)\s*\.", re.I)
_SIGNED = re.compile(
    r"\(?\[?\s*(?:đã ký|ký|ký tên|ký,? ghi rõ họ tên|ký và đóng dấu|đã ký và đóng dấu)[^)\]]*\)?\]?", re.I
)
_NAME = re.compile(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,5}$")
_TRAILING_NAME = re.compile(r"^[-+•].*[.;]\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*){1,4})$")
# first words of capitalised lines that are not names ("Như Điều 3", "Nơi Nhận", "Tải Văn Bản")
_NOT_FIRST = frozenset(
    [
        "nơi",
        "như",
        "lưu",
        "tải",
        "hệ",
        "cổng",
        "số",
        "ngày",
        "điều",
        "chương",
        "kế",
        "quyết",
        "trang",
        "các",
        "sở",
        "ủy",
        "uỷ",
        "ban",
        "văn",
        "tm",
        "kt",
        "độc",
        "cộng",
        "hiệu",
        "loại",
        "người",
        "thư",
        "in",
        "bộ",
        "ban",
    ]
)


def name_of(text: str) -> str | None:
    """`text` as a person's name (title case restored for an ALL-CAPS one), or None."""
    text = _SIGNED.sub("", text).strip().strip(".,;:-–").strip()
    if not text or len(text) > 40 or text.split()[0].lower() in _NOT_FIRST:
        return None
    if _NAME.match(text):
        return text
    if CAPS_NAME_RE.match(text) and not ROLE.search(text) and "ỦY BAN" not in text and "UBND" not in text:
        return " ".join(w[:1] + w[1:].lower() for w in text.split())
    return None


def is_role(text: str) -> bool:
    """A caps signature-role line: `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`, `TM. ỦY BAN NHÂN DÂN`."""
    text = text.strip()
    if len(text.split()) > 12 or text != text.upper():
        return False
    return ROLE.search(text) is not None or _ROLE_PREFIX.match(text) is not None


def _skippable(text: str) -> bool:
    """Cells that may stand between a role and its name: recipients, `(Đã ký)`, rules, another role."""
    t = text.strip()
    return (
        not t
        or t.startswith(("-", "+", "•", "Nơi nhận", "(", "[", "_"))
        or _SIGNED.fullmatch(t) is not None
        or set(t) <= set("-_–—. ")
        or is_role(t)
    )


def find_signer(cells: list[str], start: int = 0) -> tuple[str, int, int] | None:
    """`(name, role cell, name cell)` of the first signature block in `cells` from `start`."""
    for i in range(start, len(cells)):
        text = cells[i].strip()
        if not any(word in text for word in _ROLE_WORDS):
            continue  # `ROLE` needs one of its words: most cells hold none
        upper = _SIGNED.sub("", text).strip()
        roles = list(ROLE.finditer(upper))
        if not roles:
            continue
        m = roles[-1]  # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": the name follows the last role
        head = upper[: m.end()]
        tail = upper[m.end() :].strip()
        if head != head.upper():
            # a flattened block ("Nơi nhận: - …; - Lưu: VT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Dương Văn Tiến",
            # "- Bộ Nội vụ (b/c); KT. CHỦ TỊCH"): the caps words that end the line are the role
            words = head.split()
            n = len(words)
            while n > 0 and words[n - 1] == words[n - 1].upper() and not words[n - 1].endswith((";", ",")):
                n -= 1
            head = " ".join(words[n:])
            if not ROLE.search(head):
                continue
        if len(head.split()) > 12:
            continue  # a sentence that names a role ("… Chủ tịch UBND tỉnh …") is not a signature
        if tail and (name := name_of(tail)):
            return name, i, i
        if tail:
            continue
        for j in range(i + 1, min(i + 12, len(cells))):
            if name := name_of(cells[j]):
                return name, i, j
            if not _skippable(cells[j]):
                break
            # the name typed far to the right under the last recipient, joined to it by a reader
            if (m := _TRAILING_NAME.search(cells[j])) and (name := name_of(m.group(1))):
                return name, i, j
    return None
