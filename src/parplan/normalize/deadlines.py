"""Deadline grammar: turn a "Thời gian hoàn thành" cell entry into a typed period.

Appendix deadlines are free text ("Quý IV/2022", "Hằng năm", "Khi có dự thảo văn bản QPPL").
`parse_deadline` runs an ordered list of named strategies (as dateparser does) and the first one
that matches wins; the winning strategy's name is recorded so every normalized value can be traced.
When nothing matches the result is `unknown`: a deadline is never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex as re

from parplan.normalize.text import squash_spaces

__all__ = ["KINDS", "STRATEGY_ORDER", "Deadline", "parse_deadline"]

KINDS: frozenset[str] = frozenset(
    {"date", "month", "quarter", "half_year", "year", "year_range", "recurring", "event", "relative", "unknown"}
)

_MIN_YEAR = 1900
_MAX_YEAR = 2199
_FLAGS = re.IGNORECASE
_DASH = r"[-‐‑‒–—―]"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One normalized deadline; `start`/`end` are ISO dates bounding the period (inclusive)."""

    raw: str
    kind: str
    start: str | None
    end: str | None
    strategy: str


# What a strategy returns: (kind, start, end) or None when it does not apply.
_Match = tuple[str, dt.date | None, dt.date | None]
_Strategy = Callable[[str, int | None], _Match | None]


def _year(text: str | None, default_year: int | None = None) -> int | None:
    """A plausible 4-digit year (or the default); years outside 1900–2199 are not deadlines."""
    if text is None:
        return default_year
    value = int(text)
    return value if _MIN_YEAR <= value <= _MAX_YEAR else None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month, leap years included: (2024, 2) → 2024-02-01..2024-02-29."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


# --- masking: document numbers and citation dates are never deadlines ------------------------------

# "107/2021/NĐ-CP", "468/QĐ-TTg", "05-ĐA/TU", "225/KH-UBND", "68/2000/NĐ-CP"
_DOC_NUMBER = re.compile(
    r"(?<![\p{L}\p{N}/])\p{N}+(?:/\p{N}{4})?(?:-\p{L}[\p{L}\p{N}.]*)?/\p{L}[\p{L}\p{N}.\-]*(?:/[\p{L}\p{N}.\-]+)*"
    r"(?:\s*,?\s*ngày\s+\p{N}{1,2}\s*(?:/|-|\s+tháng\s+)\s*\p{N}{1,2}\s*(?:/|-|\s+năm\s+)\s*\p{N}{4})?",
    _FLAGS,
)
# "ISO 9001:2015", "TCVN 5577:2012": standard versions, not years.
_STANDARD = re.compile(r"\b(?:ISO|TCVN)\s*[\p{N}.\-]+(?::\p{N}{4})?", _FLAGS)


def _mask_references(text: str) -> str:
    """Blank out citations so their years cannot match: `Nghị định số 107/2021/NĐ-CP` → `Nghị định số §`."""
    if "/" in text:  # every document number holds one
        text = _DOC_NUMBER.sub(" § ", text)
    return _STANDARD.sub(" § ", text)


# --- strategies --------------------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"(?:\b(?:sau|trong\s+vòng|trong\s+thời\s+hạn|trong|chậm\s+nhất|tối\s+đa|không\s+quá)\s+"
    r"\p{N}+\s+(?:ngày|tuần|tháng|năm)\b(?!\s+(?:đầu|cuối)\s+năm))"
    r"|(?:\p{N}+\s+(?:ngày|tuần|tháng|năm)(?:\s+làm\s+việc)?\s+(?:kể\s+từ|sau\s+khi)\b)",
    _FLAGS,
)


def _relative(text: str, default_year: int | None) -> _Match | None:
    """A span counted from an event, no calendar date: `Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ`."""
    return ("relative", None, None) if _RELATIVE.search(text) else None


_EVENT = re.compile(
    r"\bkhi\b|\bđột\s+xuất\b|^\s*theo\s+(?:chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|hướng\s+dẫn|thông\s+báo)\b",
    _FLAGS,
)


def _event(text: str, default_year: int | None) -> _Match | None:
    """Due when something happens; a `khi …` condition beats a cadence: `Thường xuyên, khi nhận được yêu cầu`."""
    return ("event", None, None) if _EVENT.search(text) else None


_RECURRING_DAY = re.compile(
    r"\bngày\s+\p{N}{1,2}\s+(?:của\s+|hằng\s+|hàng\s+)?tháng\b(?!\s*\p{N})"
    r"|\btháng\s+cuối\s+(?:kỳ|quý)\b"
    r"|\bcuối\s+(?:mỗi\s+)?(?:kỳ|quý|tháng)\s+báo\s+cáo\b",
    _FLAGS,
)


def _recurring_day(text: str, default_year: int | None) -> _Match | None:
    """A day fixed within every reporting period, not one date: `Ngày 25 của tháng cuối kỳ báo cáo`."""
    return ("recurring", None, None) if _RECURRING_DAY.search(text) else None


_RECURRING_WORD = (
    r"(?:thường\s+xuyên|liên\s+tục|định\s+kỳ|(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng|tuần|ngày|kỳ))"
)
_RECURRING_LEAD = re.compile(rf"^\s*(?:nhiệm\s+vụ\s+|thực\s+hiện\s+)?{_RECURRING_WORD}\b", _FLAGS)
_RECURRING_ANY = re.compile(rf"\b{_RECURRING_WORD}\b", _FLAGS)


def _recurring_lead(text: str, default_year: int | None) -> _Match | None:
    """A cadence that opens the entry is the deadline itself: `Nhiệm vụ thường xuyên`, `Hằng năm`."""
    return ("recurring", None, None) if _RECURRING_LEAD.search(text) else None


def _recurring_any(text: str, default_year: int | None) -> _Match | None:
    """A cadence later in the text, used only when no period was found: `Báo cáo định kỳ`."""
    return ("recurring", None, None) if _RECURRING_ANY.search(text) else None


_DATE_NUMERIC = re.compile(
    r"(?<![\p{N}/.])(\p{N}{1,2})\s*[/.\-]\s*(\p{N}{1,2})\s*[/.\-]\s*(\p{N}{4})(?![\p{N}/])", _FLAGS
)
_DATE_WORDS = re.compile(
    r"\bngày\s+(\p{N}{1,2})\s+tháng\s+(\p{N}{1,2})(?:\s+năm\s+(\p{N}{4}))?\b", _FLAGS
)
_DATE_NO_YEAR = re.compile(r"\bngày\s+(\p{N}{1,2})\s*/\s*(\p{N}{1,2})(?![\p{N}/])", _FLAGS)


def _unique(values: list[_Match]) -> _Match | None:
    """Exactly one distinct reading, else nothing: two different months in one entry are ambiguous."""
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None


def _safe_date(year: int | None, month: str, day: str) -> dt.date | None:
    """A real calendar date or None: `31/02/2022` is not a date."""
    if year is None:
        return None
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        return None


def _date(text: str, default_year: int | None) -> _Match | None:
    """One calendar day: `Báo cáo trước ngày 10/12/2022`, `25/12/2022`, `ngày 31 tháng 01 năm 2022`."""
    found: list[_Match] = []
    for m in _DATE_NUMERIC.finditer(text):
        day = _safe_date(_year(m[3]), m[2], m[1])
        if day:
            found.append(("date", day, day))
    for m in _DATE_WORDS.finditer(text):
        day = _safe_date(_year(m[3], default_year), m[2], m[1])
        if day:
            found.append(("date", day, day))
    if not found and default_year is not None:
        for m in _DATE_NO_YEAR.finditer(text):
            day = _safe_date(default_year, m[2], m[1])
            if day:
                found.append(("date", day, day))
    return _unique(found)


_MONTH = re.compile(
    r"\btháng\s*(\p{N}{1,2})(?:\s*[/.\-]\s*|\s+năm\s+)(\p{N}{4})(?![\p{N}/])"
    r"|\btháng\s*(\p{N}{1,2})\b(?!\s*[/.\-]?\s*\p{N})",
    _FLAGS,
)


def _month(text: str, default_year: int | None) -> _Match | None:
    """A calendar month: `Tháng 7/ 2022`, `trong tháng 01/2022`, `tháng 3 năm 2022`."""
    found: list[_Match] = []
    for m in _MONTH.finditer(text):
        if m[1]:
            year, month = _year(m[2]), int(m[1])
        else:
            year, month = default_year, int(m[3])
        if year is not None and 1 <= month <= 12:
            found.append(("month", *_month_span(year, month)))
    return _unique(found)


_QUARTER = re.compile(
    r"\bquý\s*(IV|I{1,3}|[1-4])\b(?:\s*(?:/|-|–|,)?\s*(?:năm\s+)?(\p{N}{4})(?![\p{N}/]))?", _FLAGS
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(text: str, default_year: int | None) -> _Match | None:
    """A calendar quarter: `Quý I/2022`, `Quý II năm 2022`, `… công tác CCHC Quý IV/2022`."""
    found: list[_Match] = []
    for m in _QUARTER.finditer(text):
        year = _year(m[2], default_year)
        if year is None:
            continue
        q = _ROMAN.get(m[1].casefold()) or int(m[1])
        found.append(("quarter", _month_span(year, 3 * q - 2)[0], _month_span(year, 3 * q)[1]))
    return _unique(found)


_HALF = re.compile(r"\b(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\b(?:\s+(\p{N}{4})(?![\p{N}/]))?", _FLAGS)


def _half_year(text: str, default_year: int | None) -> _Match | None:
    """A half year: `6 tháng đầu năm 2022` (Jan–Jun), `6 tháng cuối năm 2022` (Jul–Dec)."""
    found: list[_Match] = []
    for m in _HALF.finditer(text):
        year = _year(m[2], default_year)
        if year is None:
            continue
        first = m[1].casefold() == "đầu"
        found.append(("half_year", dt.date(year, 1 if first else 7, 1), dt.date(year, 6 if first else 12, 30 if first else 31)))
    return _unique(found)


_YEAR_RANGE = re.compile(
    rf"(?<![\p{{N}}/])(\p{{N}}{{4}})\s*(?:{_DASH}|\bvà\b|\bđến\b|\btới\b)\s*(?:năm\s+)?(\p{{N}}{{4}}|\p{{N}}{{2}})(?![\p{{N}}/])",
    _FLAGS,
)


def _year_range(text: str, default_year: int | None) -> _Match | None:
    """Several whole years: `Năm 2021 - 2022`, `Năm 2021 và 2022`, `Giai đoạn 2021–2025`."""
    found: list[_Match] = []
    for m in _YEAR_RANGE.finditer(text):
        first = _year(m[1])
        last = _year(m[2]) if len(m[2]) == 4 else (_year(m[1][:2] + m[2]) if first else None)
        if first is not None and last is not None and first < last:
            found.append(("year_range", dt.date(first, 1, 1), dt.date(last, 12, 31)))
    return _unique(found)


_YEAR = re.compile(r"(?<![\p{N}/.,:])(\p{N}{4})(?![\p{N}/]|[.,]\p{N}|\s*%)", _FLAGS)


def _year_only(text: str, default_year: int | None) -> _Match | None:
    """One whole year: `Năm 2022`, `2022`, `Trong năm 2023`, `Hoàn thành năm 2022`."""
    found: list[_Match] = []
    for m in _YEAR.finditer(text):
        year = _year(m[1])
        if year is not None:
            found.append(("year", dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return _unique(found)


STRATEGIES: tuple[tuple[str, _Strategy], ...] = (
    ("relative", _relative),
    ("event", _event),
    ("recurring_day", _recurring_day),
    ("recurring_lead", _recurring_lead),
    ("date", _date),
    ("month", _month),
    ("quarter", _quarter),
    ("half_year", _half_year),
    ("year_range", _year_range),
    ("year", _year_only),
    ("recurring", _recurring_any),
)
STRATEGY_ORDER: tuple[str, ...] = tuple(name for name, _ in STRATEGIES)


def parse_deadline(raw: str, default_year: int | None = None) -> Deadline:
    """Normalize one deadline entry; first matching strategy wins, `unknown` if none does.

    Example: `parse_deadline("Quý IV/2022")` → quarter 2022-10-01..2022-12-31 (strategy `quarter`);
    `parse_deadline("Theo lộ trình quy định tại … Nghị định số 107/2021/NĐ-CP")` → unknown, because
    the year inside a document number is not a deadline. `default_year` fills in yearless periods
    ("Quý I", "Tháng 7") and is never used for a bare cadence. A default outside 1900–2199 (say a
    misread plan period) is ignored rather than trusted, so yearless periods then come out `unknown`.
    """
    if default_year is not None and not _MIN_YEAR <= default_year <= _MAX_YEAR:
        default_year = None
    collapsed = squash_spaces(raw)  # NBSP, tabs, line breaks → single spaces
    if not collapsed:
        return Deadline(raw=collapsed, kind="unknown", start=None, end=None, strategy="empty")
    text = _mask_references(unicodedata.normalize("NFC", collapsed))
    for name, strategy in STRATEGIES:
        found = strategy(text, default_year)
        if found is not None:
            kind, start, end = found
            return Deadline(
                raw=collapsed,
                kind=kind,
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
                strategy=name,
            )
    return Deadline(raw=collapsed, kind="unknown", start=None, end=None, strategy="none")
