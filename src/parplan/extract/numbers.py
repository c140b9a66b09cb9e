"""Grammar of quantitative targets: values, units, government levels and years.

`cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 80%, 70%, 60%` → three values with
levels; `1,8%` → 1.8; `10.000 doanh nghiệp` → 10000; `tối đa 25 phút` → 25 phút, comparator <=.
Years, document numbers, `mức độ 3, 4` and `ISO 9001:2015` have no unit and are not values.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

UNITS = (
    "%", "phút", "giờ", "doanh nghiệp", "hợp tác xã", "tỷ USD", "triệu USD", "tỷ đồng", "triệu đồng",
    "nghìn tỷ đồng", "USD",
)
_NUM = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
VALUE_RE = re.compile(rf"(?<![\d.,/])({_NUM})\s*({_UNIT})(?![\p{{L}}\d])")
_LEVEL_RE = re.compile(r"\bcấp\s+(tỉnh|huyện|xã|sở|phòng|bộ|cơ sở|trung ương)\b|(?<=,\s*|\svà\s)(tỉnh|huyện|xã)\b")
_LEVEL_LIST = re.compile(r"cấp\s+(tỉnh|huyện|xã)((?:\s*(?:,|và)\s*(?:cấp\s+)?(?:tỉnh|huyện|xã))+)")
_ADMIN = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
_YEAR_LEAD = re.compile(r"(?:^\s*|[.;:]\s*)(?:Năm|Đến năm|Đến hết năm|Trong năm)\s+(\d{4})\s*,", re.I)
_YEAR_IN = re.compile(r"\btrong năm\s+(\d{4})\b", re.I)
_RESET = re.compile(r"giai đoạn\s+\d{4}|hằng năm|hàng năm|mỗi năm|so với năm", re.I)
_COMPARATORS = (
    (re.compile(r"(?:tối thiểu|ít nhất|không dưới|không thấp hơn)\s*(?:tương ứng\s*)?(?:là\s*)?$", re.I), ">="),
    (re.compile(r"(?:tối đa|không quá|không vượt quá)\s*(?:là\s*)?$", re.I), "<="),
    (re.compile(r"(?:trên|hơn)\s*$", re.I), ">"),
    (re.compile(r"(?:dưới)\s*$", re.I), "<"),
)
_AT_LEAST_AFTER = re.compile(r"^\s*trở lên", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_OF_WHICH_BEFORE = re.compile(r"trong đó\s*(?:\S+\s*){0,3}$")  # "…, trong đó 90% …"
_RUN_GAP = re.compile(r"\s*(?:,|và|-|–)\s*")  # between two values of one run
_CLAUSE_STOP = re.compile(r"[;.](?!\d)")
_LEVEL_NAME = re.compile(r"tỉnh|huyện|xã")
_LEVEL_GAP = re.compile(r"\s*(?:,|và|;)?\s*")


@dataclass(frozen=True)
class Value:
    value: float
    unit: str
    level: str | None
    year: int | None
    comparator: str | None
    raw: str
    start: int
    end: int


def parse_number(text: str) -> float:
    """`10.000` → 10000.0, `1,8` → 1.8."""
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


def find_values(text: str) -> list[Value]:
    """Every quantitative value in an item's text, with level, year and comparator."""
    matches = list(VALUE_RE.finditer(text))
    if not matches:
        return []
    values: list[Value] = []
    levels = _respective_levels(text, matches)
    prev_level: str | None = None
    for k, m in enumerate(matches):
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        clause_end = _clause_end(text, m.end(), nxt)
        level = levels.get(k, "") if k in levels else _own_level(text[m.end() : clause_end])
        if level == "" and _OF_WHICH_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            level = prev_level
        level = level or None
        prev_level = level
        before = text[max(0, m.start() - 25) : m.start()]
        comparator = next((op for rx, op in _COMPARATORS if rx.search(before)), None)
        if comparator is None and _AT_LEAST_AFTER.match(text[m.end() : m.end() + 12]):
            comparator = ">="
        if comparator is None and values and _RUN_GAP.fullmatch(text[values[-1].end : m.start()]):
            comparator = values[-1].comparator  # "tối thiểu tương ứng là 80%, 70%, 60%": one comparator for the list
        values.append(
            Value(parse_number(m.group(1)), m.group(2), level, _year(text, m.start(), m.end()), comparator,
                  m.group(0), m.start(), m.end())
        )
    return values


def _clause_end(text: str, start: int, limit: int) -> int:
    m = _CLAUSE_STOP.search(text, start, limit)
    return m.start() if m else limit


def _own_level(window: str) -> str:
    """The one administrative level named right after a value: `cán bộ, công chức cấp xã` → commune."""
    words = window.split()
    head = " ".join(words[:12])
    found = [m.group(1) or m.group(2) for m in _LEVEL_RE.finditer(head)]
    if not found:
        return ""
    if found[0] not in _ADMIN:
        return ""  # "cấp sở, cấp phòng": leadership levels, not administrative ones
    admin = {f for f in found if f in _ADMIN}
    if len(admin) != 1:
        return ""
    return _ADMIN[found[0]]


def _respective_levels(text: str, matches: list[re.Match[str]]) -> dict[int, str]:
    """`cấp tỉnh, cấp huyện, cấp xã … tương ứng là 80%, 70%, 60%` → levels by value index."""
    out: dict[int, str] = {}
    for lm in _LEVEL_LIST.finditer(text):
        names = [lm.group(1), *_LEVEL_NAME.findall(lm.group(2))]
        after = [k for k, m in enumerate(matches) if m.start() > lm.end()]
        if len(after) < len(names):
            continue
        first = after[0]
        gap = text[lm.end() : matches[first].start()]
        if len(gap) > 80 or ";" in gap:
            continue
        run = [first]
        for k in after[1:]:
            sep = text[matches[run[-1]].end() : matches[k].start()]
            if not _LEVEL_GAP.fullmatch(sep) or len(run) == len(names):
                break
            run.append(k)
        if len(run) == len(names) and ("tương ứng" in gap or "lần lượt" in gap or len(gap) < 40):
            for k, name in zip(run, names, strict=True):
                out[k] = _ADMIN[name]
    return out


def _year(text: str, start: int, end: int) -> int | None:
    """The year a value is due: a leading `Năm 2021,` / `Đến năm 2025,` in its sentence, or a
    following `trong năm 2022` in its clause; reset by `giai đoạn …`, `hằng năm`, `so với năm`."""
    sentence_start = max(text.rfind(". ", 0, start), -1) + 1
    year: int | None = None
    pos = sentence_start
    segment = text[sentence_start:start]
    for m in _YEAR_LEAD.finditer(segment):
        year, pos = int(m.group(1)), sentence_start + m.end()
    if year is not None and _RESET.search(text[pos:start]):
        year = None
    if year is None:
        clause_end = _clause_end(text, end, len(text))
        if m := _YEAR_IN.search(text[end:clause_end]):
            year = int(m.group(1))
    return year
