"""The plan's type, title and period, from its title lines, the decision's subject or a sentence.

A title is a type word (`KẾ HOẠCH`, `CHƯƠNG TRÌNH HÀNH ĐỘNG`, `QUYẾT ĐỊNH`, `ĐỀ ÁN`; caps, or
sentence case in a portal copy) and its subject, on the same line or on the next one to three lines.
`QUYẾT ĐỊNH:` before `Điều 1` is the enacting word, not a title. A decision that promulgates a plan
("Về việc ban hành Kế hoạch cải cách hành chính … năm 2023") gives the plan's type and name: the
plan's type is the document's type, whichever paper carries it.
"""

from __future__ import annotations

from collections.abc import Callable

import regex as re

from parplan.normalize.provinces import resolve_province
from parplan.normalize.text import fold

DOC_TYPES = {
    "kế hoạch": "ke_hoach",
    "chương trình hành động": "chuong_trinh",
    "chương trình": "chuong_trinh",
    "quyết định": "quyet_dinh",
    "đề án": "other",
}
CAPS_TYPE = re.compile(
    r"^(CHƯƠNG TRÌNH HÀNH ĐỘNG|CHƯƠNG TRÌNH|KẾ HOẠCH|QUYẾT ĐỊNH|ĐỀ ÁN)(?![\p{L}])\s*(.*)$", re.S
)
_MIXED_TYPE = re.compile(r"^(Chương trình hành động|Chương trình|Kế hoạch)\s+(\p{L}.*)$", re.S)
# what a decision's subject promulgates: "Về việc ban hành Kế hoạch …", "V/v ban hành kèm theo … Chương trình …"
_PROMULGATES = re.compile(
    r"(?:ban hành|phê duyệt)\s+(?:kèm theo Quyết định này\s+)?"
    r"(Chương trình hành động|Chương trình|Kế hoạch|Đề án)\s+(.+?)\s*[.;:]?\s*$",
    re.I | re.S,
)
_NOT_TITLE_START = re.compile(
    r"^(?:\(|\[|Căn cứ|[-+•]\s*Căn cứ|Thực hiện|Tiếp tục thực hiện|Triển khai|Số\s*:|Số\s+\d|Điều\s+\d|Kính gửi|"
    r"(?:ỦY|UỶ|Ủy|Uỷ) BAN NHÂN DÂN|UBND|Theo đề nghị|Xét đề nghị|Nơi nhận|[-_=–—.\s]*$)"
)
_SUBJECT_VERB = re.compile(r"^(?:Thực hiện|THỰC HIỆN|Triển khai|TRIỂN KHAI|Tiếp tục|TIẾP TỤC)\s")
_ISSUER_INSIDE = re.compile(r"(?<!CỦA|của)\s+(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND)\s+(?:TỈNH|THÀNH PHỐ|TP)\b")
_BASIS_INSIDE = re.compile(r"\s+(?:Căn cứ|Thực hiện)\s+(?:Luật|Nghị|Quyết|Chỉ|Kế|Thông|Chương|Kết|Công)")
_SENTENCE_END = re.compile(r"[;:]\s*$")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:[-–—]|đến(?: năm)?)\s*((?:19|20)\d\d)(?!\d)")
_UNTIL = re.compile(r"đến năm\s+((?:19|20)\d\d)(?!\d)", re.I)
_YEAR = re.compile(r"(?<!tháng\s\d{1,2}\s)\bnăm\s+((?:19|20)\d\d)(?!\d)", re.I)
_SPACES = re.compile(r"\s+")
_VOWELS = frozenset("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
MAX_TITLE_WORDS = 70


def period_of(text: str) -> tuple[int, int] | None:
    """Years a title covers: `giai đoạn 2021 - 2025, định hướng đến năm 2030` → (2021, 2030);
    `năm 2022` → (2022, 2022). A date's year (`ngày 9 tháng 4 năm 2021`) is not a period."""
    if m := _RANGE.search(text):
        start, end = int(m.group(1)), int(m.group(2))
        for u in _UNTIL.finditer(text[m.end() :]):
            end = max(end, int(u.group(1)))
        return (start, end) if start <= end else None
    if m := _YEAR.search(text):
        year = int(m.group(1))
        return year, year
    return None


def type_line(text: str, mixed_ok: bool) -> tuple[str, str] | None:
    """`(type word, rest)` when `text` opens a title: `KẾ HOẠCH`, `KẾ HOẠCH Cải cách …`, and — where a
    title may stand (`mixed_ok`) — `Kế hoạch cải cách hành chính tỉnh Gia Lai năm 2022`."""
    text = text.strip()
    if m := CAPS_TYPE.match(text):
        word, rest = m.group(1), m.group(2).strip()
        if word == "QUYẾT ĐỊNH" and rest.startswith(":"):
            return None  # the enacting word before Điều 1
        if rest and rest == rest.upper() and rest[:1] in ":;.,":
            return None
        return word, rest
    if mixed_ok and (m := _MIXED_TYPE.match(text)):
        rest = m.group(2).strip()
        words = rest.split()
        if len(words) > MAX_TITLE_WORDS or _SENTENCE_END.search(rest) or rest.endswith("."):
            return None
        if re.match(r"số\b|này\b|được\b|đã\b|của\b", rest):
            return None  # a citation or a sentence about a plan, not a title
        return m.group(1), rest
    return None


def continues_title(text: str, subject: bool = False) -> bool:
    """Whether a line after a title line may be part of it (subject, wrapped caps lines). The subject
    right after a bare type word may open like a basis ("Thực hiện Nghị quyết …") but does not end like one."""
    text = text.strip()
    if not text or len(text.split()) > MAX_TITLE_WORDS:
        return False
    if subject and _SUBJECT_VERB.match(text) and not _SENTENCE_END.search(text):
        return True
    return not _NOT_TITLE_START.match(text)


def clean_title(text: str) -> str:
    """Cut what a reader glued to a title: the issuer line after it, the first `Căn cứ` sentence."""
    text = _SPACES.sub(" ", text).strip()
    for pattern in (_ISSUER_INSIDE, _BASIS_INSIDE):
        if (m := pattern.search(text)) and m.start() > 10:
            text = text[: m.start()]
    return text.strip(" :;,")


def promulgated(subject: str) -> tuple[str, str, str] | None:
    """`(doc type, type word, rest)` of the plan a decision's subject or Điều 1 promulgates."""
    if m := _PROMULGATES.search(subject):
        word = m.group(1)
        # a scheme (Đề án) approved by a decision is not a plan type of its own: the decision is the text
        kind = "quyet_dinh" if word.lower() == "đề án" else DOC_TYPES[word.lower()]
        return kind, word, m.group(2).strip()
    return None


def sentence_case(word: str, rest: str, repeats: Callable[[str], str | None]) -> str:
    """The title `word rest` in sentence case: a caps title as a sentence of the decree repeats it
    (`repeats`), else lowered with abbreviations, numbers and the province's name kept."""
    title = f"{word} {rest}".strip()
    if title == title.upper():
        if found := repeats(title):
            return found[:1].upper() + found[1:]
        words = title.split()
        words = [words[0][:1] + words[0][1:].lower()] + [_lower_word(w) for w in words[1:]]
        return _restore_province(" ".join(words))
    head = word[:1].upper() + word[1:].lower()
    return f"{head} {_lower_first(rest)}".strip()


def _abbreviation(word: str) -> bool:
    """UBND, HĐND, CCHC, TTHC, 05-NQ/TU: kept as written when a caps title is lowered."""
    letters = [c for c in word.lower() if c.isalpha()]
    return any(c.isdigit() for c in word) or "/" in word or not any(c in _VOWELS for c in letters)


def _lower_word(word: str) -> str:
    return word if _abbreviation(word) else word.lower()


def _lower_first(text: str) -> str:
    if text and not (len(text) > 1 and text[1].isupper()) and not _abbreviation(text.split()[0]):
        return text[:1].lower() + text[1:]
    return text


def _restore_province(title: str) -> str:
    """`… tỉnh gia lai năm 2022` → `… tỉnh Gia Lai năm 2022` (a lowered title's province name)."""
    match = resolve_province(title)
    if match is None:
        return title
    folded = fold(title)
    k = folded.find(match.matched)
    if k < 0 or len(folded) != len(title):
        return title
    span = title[k : k + len(match.matched)]
    return title[:k] + " ".join(w[:1].upper() + w[1:] for w in span.split(" ")) + title[k + len(span) :]
