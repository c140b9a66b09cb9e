"""Re-join hard-wrapped lines into paragraphs (shared by the txt and pdf readers).

Decrees reach us wrapped mid-sentence and mid-heading ("1. Cải cách" / "thể chế"). A line starts a
new paragraph when it opens with a list marker, a keyword that always opens a clause ("Căn cứ"),
or changes between ALL-CAPS and normal case; a blank line starts a new paragraph unless the next
text begins in lower case (a sentence continued after a page break). Everything else is joined
with a single space.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex as re

from parplan.read.source import Line, Para, SourceRef

# "I." "IV." "1." "1.1." "a)" "đ)" "(1)" "-" "+" "•" "Nội dung 2." "Điều 3." — the ladder's openers.
# Decimal markers need their dot ("3 cấp" is prose, "10.000 doanh nghiệp" is a number). Bullets are
# any of the glyphs word processors and converters emit; a lower-case "o" is a bullet only before a
# capital ("o Rà soát …", never "o" starting a word).
BULLETS = "-+•●◦○▪■♦❖➢►✓·–—*"
ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
MARKER_RE = re.compile(
    rf"""^(?:
        {ROMAN}[.:/]?(?=\s|$)                        # roman
      | \d{{1,2}}(?:\.\d{{1,2}})+\.?(?=\s|$)             # 1.1 / 1.1. / 2.1.3.
      | \d{{1,2}}\.(?=\s|$)                             # 1.
      | [a-zđ]\)(?=\s|$)                               # a) đ)
      | \d{{1,2}}\)(?=\s|$)                             # 1)
      | \(\d{{1,2}}\)(?=\s|$)                           # (1)
      | [{BULLETS}](?=\s|$)                            # bullets
      | o(?=\s+[\p{{Lu}}\d"“]|\s*$)                     # "o" bullet (alone: its text follows)
      | {ROMAN}\.\d{{1,2}}(?:\.\d{{1,2}})*\.?(?=\s|$)            # II.1. (a Roman section's first rung)
      | [A-HK-NĐ]\.(?=\s+\p{{Lu}})                        # A. B. … Đ. (groups above a numbered list)
      | (?:Nội\ dung|Điều|Chương|CHƯƠNG)\ +\d+[.:]?(?=\s|$)
      | (?:Phần|PHẦN)\ +(?:\d+|{ROMAN}|(?i:thứ)\ +\w+)[.:]?(?=\s|$)   # Phần I, PHẦN THỨ HAI
      | (?:Mục|MỤC)\ +(?:\d+|{ROMAN})[.:]?(?=\s|$)               # Mục 2.
    )""",
    re.X,
)
ONLY_MARKER_RE = re.compile(
    rf"^(?:{ROMAN}\.?|\d{{1,2}}(?:\.\d{{1,2}})*[.)]?|[a-zđ]\)|\(\d+\)|[{BULLETS}]|o"
    rf"|(?:Phần|PHẦN|Mục|MỤC|Chương|CHƯƠNG)\ +(?:\d+|{ROMAN}|(?i:thứ)\ +\w+)[.:]?)$"
)
_CLAUSE_OPENERS = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Nơi nhận|QUYẾT ĐỊNH|Thực hiện\b|\((?:Ban hành\s+)?[Kk]èm theo)"
)
# Openers that also start ordinary sentences ("Thực hiện sắp xếp …"): in hard-wrapped text they open
# a paragraph only after a line that stops short.
_SENTENCE_OPENERS = ("Thực hiện",)
FRAME_RE = re.compile(
    r"^(?:CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|Độc lập|(?:ỦY|UỶ) BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|KẾ HOẠCH|"
    r"CHƯƠNG TRÌNH|QUYẾT ĐỊNH|ĐỀ ÁN|PHỤ LỤC|TM\.|KT\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|"
    r"TRƯỞNG BAN|NƠI NHẬN|SỞ\s|VĂN PHÒNG\s)"
)
# Header lines of a decree that are never headings: `Số: 1234/KH-UBND` (or the number alone, or a
# bare `Số:` with the number on the next line) and the place-date line `Gia Lai, ngày 15 tháng 01 năm 2022`.
HEADER_LINE_RE = re.compile(
    r"^(?:Số\s*:?\s*(?:\d{1,5}\p{Ll}?\s?(?:/\d{4})?\s?/\s?\p{Lu}[\p{L}\d&-]*)?|"
    r"\d{1,5}\p{Ll}?\s?(?:/\d{4})?\s?/\s?\p{Lu}[\p{L}\d&-]*|"
    r"[\p{Lu}][\p{L}.]*(?:\s+[\p{L}.]+){0,4}\s*,\s*ngày\s*(?:\d{1,2}|[.…]+)\s*(?:tháng|/).{0,30})\s*$"
)
# Signature roles of a decree's signing block (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`, `CHÁNH VĂN PHÒNG` …), and
# the shape of a signer's name typed in capitals ("NGUYỄN MẠNH TUẤN"): segment keeps such a name out of
# the outline, `extract.signer` reads it.
SIGN_ROLE_RE = re.compile(
    r"\b(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|BÍ THƯ|THỦ TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|CHÁNH THANH TRA)\b"
)
CAPS_NAME_RE = re.compile(r"^\p{Lu}+(?:\s+\p{Lu}+){1,5}$")

# Lines a website adds around a decree it republishes: its name, a breadcrumb, download links, the
# caption of its metadata block ("HIỆU LỰC VĂN BẢN"). Never body text (see `extract.portal`).
SITE_LINE_RE = re.compile(
    r"^(?:hệ thống pháp luật|hệ thống văn bản\b.{0,80}|thư viện pháp luật|cơ sở dữ liệu quốc gia về văn bản pháp luật|"
    r"cổng thông tin điện tử\b.{0,80}|trang thông tin điện tử\b.{0,80}|văn bản pháp luật|"
    r"tải văn bản\b.{0,40}|tải về\b.{0,40}|in văn bản|lượt xem\b.{0,20}|trang chủ\s*[>»/].*|"
    r"hiệu lực văn bản|thuộc tính văn bản|nội dung văn bản|văn bản gốc|văn bản liên quan)\s*$",
    re.I,
)
_LETTERS = re.compile(r"\p{L}")
_NOT_UPPER_LETTER = re.compile(r"[^\P{L}\p{Lu}]")  # a letter that is not upper case


def is_caps(text: str) -> bool:
    """ALL-CAPS text with at least three letters: `II. MỤC TIÊU` → True."""
    count, upper = _letter_stats(text)
    return count >= 3 and upper


def _letter_stats(text: str) -> tuple[int, bool]:
    """(letters, all of them upper case). `is_caps` of texts joined with spaces follows from the sum
    and the conjunction of theirs, so a paragraph's is known from its lines' without a rescan.
    The count only matters when all are upper case; most lines are found not to be at their first
    lower-case letter, and their count is left at 0."""
    if _NOT_UPPER_LETTER.search(text):
        return 0, False
    return len(_LETTERS.findall(text)), True


def is_upper_text(text: str) -> bool:
    """At least one letter, and every letter upper case (`str.isupper` of each; `IV.` → True)."""
    return _NOT_UPPER_LETTER.search(text) is None and _LETTERS.search(text) is not None


def starts_lower(text: str) -> bool:
    """True when the first letter is lower case (`hút doanh nhân…` continues a sentence)."""
    m = _LETTERS.search(text)
    return bool(m and m.start() < 3 and text[m.start()].islower())


def is_header_line(text: str) -> bool:
    """A `Số:` or place-date line (`HEADER_LINE_RE`), tried only on lines that hold one of its literals
    (`Số`, a digit first, `ngày`)."""
    return (text.startswith("Số") or text[:1].isdigit() or "ngày" in text) and HEADER_LINE_RE.match(
        text
    ) is not None


def _header_break(prev: _Caps, text: str) -> bool:
    """Header lines stand alone whatever the wrap width: an ALL-CAPS frame line (`QUYẾT ĐỊNH`,
    `KẾ HOẠCH`, `ỦY BAN NHÂN DÂN …`), a `Số:` or place-date line, and the line after one of those
    unless it continues it (in lower case, or in caps after a caps frame line)."""
    if is_header_line(text) or (text[:1].isupper() and is_upper_text(text) and FRAME_RE.match(text)):
        return True
    if len(prev.parts) != 1 or starts_lower(text):
        return False
    last = prev.parts[-1]
    if is_header_line(last):
        return True
    # after a caps frame line, a caps line wraps it ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG BÌNH"); other text does not
    return FRAME_RE.match(last) is not None and prev.is_caps() and not is_upper_text(text)


def _opens(
    prev: _Caps, line: Line, prev_len: int, width: int | None, unit_words: int = 1 << 30
) -> tuple[bool, tuple[int, bool] | None]:
    """Whether `line` starts a new paragraph after the current one `prev` (which is not a lone
    marker, and can tell whether it is ALL-CAPS), and the line's letter stats if they were needed.

    `width` is the wrap width of a text written without blank lines between paragraphs (see
    `wrap_width`): there a line that stops well short of it ended its paragraph, and 0 says the text
    is not wrapped at all, so every line is a paragraph unless it continues a sentence in lower case.
    `unit_words`: the words from this line up to the next line that opens with a marker."""
    text = line.text
    if _header_break(prev, text):
        return True, None
    if width and not line.blank_before and _runs_on(prev.parts[-1], text, prev_len, width):
        return False, None
    if MARKER_RE.match(text) or _CLAUSE_OPENERS.match(text):
        weak = width and text.startswith(_SENTENCE_OPENERS) and prev_len >= SHORT_LINE * width
        if not weak:
            return True, None
    if line.blank_before:
        return not starts_lower(text), None
    stats = _letter_stats(text)
    if stats[1] and stats[0] >= 3 and FRAME_RE.match(text):  # "KẾ HOẠCH" after the issuer: never glued
        return True, stats
    caps_pair = stats[0] >= 3 and stats[1] and prev.is_caps()  # two ALL-CAPS lines: one title wrapped
    if width is not None and _UPPER_START.match(text) and not caps_pair:
        if width == 0:
            return True, stats
        # a short line ends its paragraph when it ends a sentence, or is a short heading of its own
        last = prev.parts[-1]
        # a line of its own that is not a bullet entry (whose first line may wrap anywhere)
        alone = len(prev.parts) == 1 and not _BULLET_START.match(last)
        short = prev_len < SHORT_LINE * width
        if short and (
            last.endswith(_TERMINAL)
            or (alone and len(last.split()) <= HEADING_UNIT_WORDS and not last.endswith(","))
        ):
            return True, stats
        if last.endswith(_TERMINAL) and unit_words <= HEADING_UNIT_WORDS:
            return True, stats  # a short unit of its own after a sentence: "Cải cách tài" / "chính công"
        if (
            last.endswith(_TERMINAL)
            and not MARKER_RE.match(prev.parts[0])
            and _opening(text) == _opening(prev.parts[0])
        ):
            # unnumbered parallel entries: "Phát triển, hoàn thiện …" after "Phát triển, hoàn thiện …"
            # (a numbered entry's later sentences may repeat its verb and still belong to it)
            return True, stats
    return (stats[0] >= 3 and stats[1]) != prev.is_caps(), stats


def _opening(text: str) -> tuple[str, ...]:
    """The first three words of a line: entries of one list often open alike."""
    return tuple(text.split()[:3])


def _runs_on(last: str, text: str, prev_len: int, width: int) -> bool:
    """In hard-wrapped text, a line after a full line that ends mid-sentence continues it even when
    it opens like a marker or a clause: "… mức độ" / "4. trên tổng số hồ sơ …", "… để" / "Thực hiện …"."""
    if prev_len < SHORT_LINE * width or last.endswith(_TERMINAL):
        return False
    m = MARKER_RE.match(text)
    if m is None:
        return _CLAUSE_OPENERS.match(text) is not None
    rest = text[m.end() :].strip()
    # "… so với 2021" / "- 2025 theo lộ trình …": a year range the wrap broke at its dash
    year_range = text[:1] in "-–" and rest[:4].isdigit() and last[-4:].isdigit()
    return rest[:1].islower() or (not rest and text[:1].isdigit()) or year_range


_BULLET_START = re.compile(rf"^(?:[{BULLETS}]|o)\s")
_UPPER_START = re.compile(r"^[\"“]?\p{Lu}")
_TERMINAL = (".", ";", ":", "!", "?", "…")
HEADING_UNIT_WORDS = 12  # an unnumbered heading (or a short unit of its own) has at most this many words
_WRAP_BAND = 12  # characters: wrapped lines end within this band below the wrap width
SHORT_LINE = 0.75  # a wrapped line fills most of the width; a paragraph's last line usually does not
_MIN_LINES = 8


def wrap_width(lines: list[Line]) -> int | None:
    """How a text without blank lines between its paragraphs separates them: None when blank lines
    do (most lines of a run follow one), the wrap width when lines are hard-wrapped at a fixed width
    (many lines end within a few characters of the longest), else 0 (one paragraph per line).

    Example: a text re-wrapped at 80 columns with no blank lines → about 80."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    if len(texts) < _MIN_LINES or sum(ln.blank_before for ln in lines) >= 0.15 * len(texts):
        return None
    long_lines = sorted(n for n in (len(t) for t in texts) if n >= 30)
    if not long_lines:
        return 0
    # the width is where most lines end: the densest band (`_WRAP_BAND`) of line lengths (lines a
    # converter did not wrap, such as long headings, stand out above it and do not move it)
    count, width = max(
        (bisect_right(long_lines, n) - bisect_left(long_lines, n - _WRAP_BAND), n) for n in long_lines
    )
    return width if width <= 200 and count >= 0.4 * len(long_lines) else 0


class _Caps:
    """`is_caps(" ".join(parts))` of a growing paragraph, kept up to date lazily from its lines'
    letter stats: the paragraph is neither re-joined nor rescanned for every line, and no line is
    scanned twice (`stats` holds the stats of the lines already scanned, by position)."""

    __slots__ = ("count", "parts", "scanned", "stats", "upper")

    def __init__(self, parts: list[str], stats: list[tuple[int, bool] | None]) -> None:
        self.parts = parts
        self.stats = stats  # stats[k]: `_letter_stats(parts[k])` once known
        self.scanned = 0
        self.count = 0
        self.upper = True

    def is_caps(self) -> bool:
        while self.scanned < len(self.parts):
            known = self.stats[self.scanned]
            n, up = known if known is not None else _letter_stats(self.parts[self.scanned])
            self.count += n
            self.upper = self.upper and up
            self.scanned += 1
        return self.count >= 3 and self.upper


def _unit_words(lines: list[Line]) -> list[int]:
    """For each line, the words from it up to (not including) the next line that opens with a marker
    or follows a blank line: how long a paragraph starting there could be."""
    out = [0] * len(lines)
    total = 0
    for k in range(len(lines) - 1, -1, -1):
        words = len(lines[k].text.split())
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is None or nxt.blank_before or MARKER_RE.match(nxt.text.strip()):
            total = 0
        total += words
        out[k] = total
    return out


def lines_to_paragraphs(lines: list[Line], width: int | None = None) -> list[Para]:
    """Join physical lines into paragraphs; each paragraph's ref spans its lines (and pages).
    `width`: see `_opens` (None where blank lines or a reader's layout separate paragraphs)."""
    paras: list[Para] = []
    cur_text: list[str] = []
    cur_stats: list[tuple[int, bool] | None] = []
    cur_refs: list[SourceRef] = []  # spanned once, when the paragraph is complete
    caps = _Caps(cur_text, cur_stats)
    bold = False
    units = _unit_words(lines) if width else None
    for k, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        stats: tuple[int, bool] | None = None
        if cur_refs:
            # "-" / "IV." alone on a line: the text follows on the next line. (A paragraph of two
            # or more lines holds an inner space, which no lone marker does.)
            if len(cur_text) == 1 and ONLY_MARKER_RE.match(cur_text[0]):
                opens = False
            else:
                opens, stats = _opens(caps, line, len(cur_text[-1]), width, units[k] if units else 1 << 30)
            if not opens:
                cur_text.append(text)
                cur_stats.append(stats)
                cur_refs.append(line.ref)
                bold = bold and line.bold
                continue
            paras.append(Para(" ".join(cur_text), SourceRef.span_all(cur_refs), bold))
        cur_text, cur_stats, cur_refs, bold = [text], [stats], [line.ref], line.bold
        caps = _Caps(cur_text, cur_stats)
    if cur_refs:
        paras.append(Para(" ".join(cur_text), SourceRef.span_all(cur_refs), bold))
    return paras
