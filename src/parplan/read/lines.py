"""Re-join hard-wrapped lines into paragraphs (shared by the txt and pdf readers).

Decrees reach us wrapped mid-sentence and mid-heading ("1. Cải cách" / "thể chế"). A line starts a
new paragraph when it opens with a list marker, a keyword that always opens a clause ("Căn cứ"),
or changes between ALL-CAPS and normal case; a blank line starts a new paragraph unless the next
text begins in lower case (a sentence continued after a page break). Everything else is joined
with a single space.
"""

from __future__ import annotations

import regex as re

from parplan.read.source import Line, Para, SourceRef

# "I." "IV." "1." "1.1." "a)" "đ)" "(1)" "-" "+" "•" "Nội dung 2." "Điều 3." — the ladder's openers.
# "I." "IV." "1." "1.1." "a)" "đ)" "(1)" "-" "+" "•" "Nội dung 2." — the ladder's openers. Decimal
# markers need their dot ("3 cấp" is prose, "10.000 doanh nghiệp" is a number).
ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
MARKER_RE = re.compile(
    rf"""^(?:
        {ROMAN}[.:/]?(?=\s|$)                        # roman
      | \d{{1,2}}(?:\.\d{{1,2}})+\.?(?=\s|$)             # 1.1 / 1.1. / 2.1.3.
      | \d{{1,2}}\.(?=\s|$)                             # 1.
      | [a-zđ]\)(?=\s|$)                               # a) đ)
      | \(\d{{1,2}}\)(?=\s|$)                           # (1)
      | [-+•–—*](?=\s|$)                               # bullets
      | (?:Nội\ dung|Điều|Phần|Chương)\ +\d+[.:]?(?=\s|$)
    )""",
    re.X,
)
ONLY_MARKER_RE = re.compile(rf"^(?:{ROMAN}\.?|\d{{1,2}}(?:\.\d{{1,2}})*\.?|[a-zđ]\)|\(\d+\)|[-+•–—])$")
_CLAUSE_OPENERS = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Nơi nhận|QUYẾT ĐỊNH|Thực hiện\b|\((?:Ban hành\s+)?[Kk]èm theo)"
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


def _opens(prev: _Caps, line: Line) -> tuple[bool, tuple[int, bool] | None]:
    """Whether `line` starts a new paragraph after the current one `prev` (which is not a lone
    marker, and can tell whether it is ALL-CAPS), and the line's letter stats if they were needed."""
    text = line.text
    if MARKER_RE.match(text) or _CLAUSE_OPENERS.match(text):
        return True, None
    if line.blank_before:
        return not starts_lower(text), None
    stats = _letter_stats(text)
    return (stats[0] >= 3 and stats[1]) != prev.is_caps(), stats


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


def lines_to_paragraphs(lines: list[Line]) -> list[Para]:
    """Join physical lines into paragraphs; each paragraph's ref spans its lines (and pages)."""
    paras: list[Para] = []
    cur_text: list[str] = []
    cur_stats: list[tuple[int, bool] | None] = []
    cur_refs: list[SourceRef] = []  # spanned once, when the paragraph is complete
    caps = _Caps(cur_text, cur_stats)
    bold = False
    for line in lines:
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
                opens, stats = _opens(caps, line)
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
