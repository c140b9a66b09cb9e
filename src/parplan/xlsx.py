"""XLSX workbooks with typed cells, written by XlsxWriter (the export tables and `compare`'s matrices).

Numbers are number cells, ISO dates in date columns are date cells, booleans are booleans, lists are
joined with "; ". Every string is written as a string: XlsxWriter is told never to read one as a
formula, URL or number, so a decree's "=…" or "+84…" stays text and nothing needs neutralising.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

MAX_SHEET_NAME = 31  # Excel's limit
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
MAX_CELL = 32767  # characters Excel keeps in one cell


def sheet_name(name: str, taken: Collection[str] = ()) -> str:
    """A valid, unused sheet name: Excel forbids `[]:*?/\\`, names over 31 characters and repeats."""
    base = name.translate(_BAD_SHEET_CHARS).strip("'")[:MAX_SHEET_NAME] or "sheet"
    candidate, k = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({k})"
        candidate, k = base[: MAX_SHEET_NAME - len(suffix)] + suffix, k + 1
    return candidate


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[dict[str, Any] | Sequence[Any]]]],
    date_columns: Collection[str] = (),
) -> bytes:
    """An .xlsx file: per sheet, a bold frozen header row of `columns`, then one row per record (a
    dict keyed by column, or a sequence in column order), with an autofilter over the table."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"created": datetime(2000, 1, 1)})  # fixed: the same input gives the same bytes
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    names: list[str] = []
    for title, columns, records in sheets:
        name = sheet_name(title, names)
        names.append(name)
        sheet = book.add_worksheet(name)
        for c, column in enumerate(columns):
            sheet.write_string(0, c, column, bold)
        r = 0
        for r, record in enumerate(records, start=1):
            values = [record.get(c) for c in columns] if isinstance(record, dict) else list(record)
            for c, value in enumerate(values):
                _write(sheet, r, c, value, columns[c] in date_columns if c < len(columns) else False, day)
        sheet.freeze_panes(1, 0)
        if columns:
            sheet.autofilter(0, 0, max(r, 1), len(columns) - 1)
    book.close()
    return buf.getvalue()


def _write(sheet: Any, r: int, c: int, value: Any, is_date: bool, day: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value)
    elif is_date and isinstance(value, str) and (parsed := _iso_date(value)) is not None:
        sheet.write_datetime(r, c, parsed, day)
    elif isinstance(value, list):
        sheet.write_string(r, c, "; ".join("" if v is None else str(v) for v in value)[:MAX_CELL])
    else:
        sheet.write_string(r, c, str(value)[:MAX_CELL])


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
