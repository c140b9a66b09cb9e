"""Re-join hard-wrapped lines into paragraphs (shared by the txt and pdf readers).

Decrees reach us wrapped mid-sentence and mid-heading ("1. Cải cách" / "thể chế"). A line starts a
new paragraph when it opens with a list marker, a keyword that always opens a clause ("Căn cứ"),
or changes between ALL-CAPS and normal case; a blank line starts a new paragraph unless the next
text begins in lower case (a sentence continued after a page break). Everything else is joined
with a single space.
"""

from __future__ import annotations

import regex as re

from parplan.read.source import Line, Para

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
_CLAUSE_OPENERS = re.compile(r"^(?:Căn cứ|Theo đề nghị|Nơi nhận|QUYẾT ĐỊNH|Thực hiện\b|\((?:Ban hành\s+)?[Kk]èm theo)")
_LETTERS = re.compile(r"\p{L}")


def is_caps(text: str) -> bool:
    """ALL-CAPS text with at least three letters: `II. MỤC TIÊU` → True."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def starts_lower(text: str) -> bool:
    """True when the first letter is lower case (`hút doanh nhân…` continues a sentence)."""
    m = _LETTERS.search(text)
    return bool(m and m.start() < 3 and text[m.start()].islower())


def _opens_paragraph(prev: str, line: Line) -> bool:
    text = line.text
    if ONLY_MARKER_RE.match(prev.strip()):
        return False  # "-" / "IV." alone on a line: the text follows on the next line
    if MARKER_RE.match(text) or _CLAUSE_OPENERS.match(text):
        return True
    if line.blank_before:
        return not starts_lower(text)
    return is_caps(text) != is_caps(prev)


def lines_to_paragraphs(lines: list[Line]) -> list[Para]:
    """Join physical lines into paragraphs; each paragraph's ref spans its lines (and pages)."""
    paras: list[Para] = []
    cur_text: list[str] = []
    cur_ref = None
    bold = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if cur_ref is not None and not _opens_paragraph(" ".join(cur_text), line):
            cur_text.append(text)
            cur_ref = cur_ref.span(line.ref)
            bold = bold and line.bold
            continue
        if cur_ref is not None:
            paras.append(Para(" ".join(cur_text), cur_ref, bold))
        cur_text, cur_ref, bold = [text], line.ref, line.bold
    if cur_ref is not None:
        paras.append(Para(" ".join(cur_text), cur_ref, bold))
    return paras
