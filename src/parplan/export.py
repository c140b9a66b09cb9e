"""Flat views of plans for other tools: `plans`, `items`, `rows`, `agencies` and `indicators` tables
as JSON, JSONL, CSV, TSV or XLSX.

The field contract of `plans` and `items` is the one `score.py` reads (see README). JSON and JSONL keep
nested values (an item's deadlines and numbers as objects) and are never altered. The flat formats
(CSV, TSV, XLSX) spread those objects over columns next to the raw text (`deadline_kind`,
`deadline_start`, `deadline_end`; `number_value`, `number_unit`, `number_level`, …), joining several
values with "; ". CSV and TSV are UTF-8 with a BOM so spreadsheet programs show Vietnamese correctly,
and a cell a spreadsheet would evaluate as a formula (leading `=` or `@`, or `+`/`-` followed by
something that is not a number) gets a leading `'` (`neutralise=False` turns it off); `-` alone and
`+20%` stay as written. XLSX cells are typed (numbers, dates, booleans) and its strings are never
formulas, so nothing needs neutralising there.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from parplan.schema import Item, Plan

TABLES = ("plans", "items", "rows", "agencies", "indicators")
FORMATS = ("json", "jsonl", "csv", "tsv", "xlsx")
FLAT_FORMATS = ("csv", "tsv", "xlsx")
DELIMITERS = {"csv": ",", "tsv": "\t"}

PLAN_FIELDS = (
    "file",
    "format",
    "province",
    "province_code",
    "successor_province",
    "doc_type",
    "number",
    "issued_on",
    "period_start",
    "period_end",
    "signer",
    "title",
    "issuing_body",
    "legal_bases",
    "areas",
    "items",
    "issues",
    "unassigned",
)
ITEM_FIELDS = (
    "file",
    "id",
    "part",
    "area",
    "section",
    "kind",
    "marker",
    "ordinal",
    "depth",
    "is_group",
    "parent",
    "milestone_year",
    "text",
    "agency",
    "numbers",
    "group_heading",
    "target",
    "target_inherited",
    "lead",
    "partners",
    "products",
    "start",
    "deadlines",
    "note",
    "source",
)


def plan_row(plan: Plan) -> dict[str, Any]:
    m = plan.metadata
    return {
        "file": plan.file,
        "format": plan.format,
        "province": m.province,
        "province_code": m.province_code,
        "successor_province": m.successor_province,
        "doc_type": m.doc_type,
        "number": m.number,
        "issued_on": m.issued_on.isoformat() if m.issued_on else None,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "signer": m.signer,
        "title": m.title,
        "issuing_body": m.issuing_body,
        "legal_bases": [r.number for r in m.legal_bases],
        "areas": sorted({a.code for a in plan.areas}),
        "items": len(plan.items),
        "issues": len(plan.issues),
        "unassigned": len(plan.unassigned),
    }


def item_row(plan: Plan, item: Item) -> dict[str, Any]:
    d = item.model_dump(mode="json")
    row = {k: d.get(k) for k in ITEM_FIELDS if k != "file"}
    row["file"] = plan.file
    row["lead"] = [a["raw"] for a in d["lead"]]
    row["partners"] = [a["raw"] for a in d["partners"]]
    row["numbers"] = [
        {k: n[k] for k in ("raw", "value", "unit", "level", "year", "comparator", "indicator")}
        for n in d["numbers"]
    ]
    row["deadlines"] = [{k: x[k] for k in ("raw", "kind", "start", "end")} for x in d["deadlines"]]
    row["source"] = _source_label(d["source"])
    return {k: row[k] for k in ITEM_FIELDS}


def _source_label(src: dict[str, Any]) -> str:
    parts = [src["file"]]
    for key, tag in (("page", "p"), ("line", "L"), ("para", "P"), ("table", "T"), ("row", "R"), ("col", "C")):
        if src.get(key) is not None:
            parts.append(f"{tag}{src[key]}")
    return ":".join(parts)


AGENCY_FIELDS = (
    "file",
    "item_id",
    "part",
    "area",
    "kind",
    "role",
    "mention",
    "raw",
    "id",
    "name",
    "agency_kind",
    "note",
    "successor_id",
    "source",
)
INDICATOR_FIELDS = (
    "file",
    "item_id",
    "part",
    "area",
    "kind",
    "indicator",
    "comparator",
    "value",
    "unit",
    "level",
    "year",
    "raw",
    "text",
    "source",
)


def agency_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    """One row per item × agency role (lead, partner, or the narrative sub-heading's agency) × body,
    with the canonical id. A mention naming several bodies ("Văn phòng UBND tỉnh và các Sở: Tư pháp,
    Tài chính") gives one row per body; `mention` keeps the wording, unresolved bodies have no id."""
    from parplan.normalize.agencies import expand_agencies
    from parplan.normalize.plan import agency_refs

    for item in plan.items:
        roles = [("lead", item.lead), ("partner", item.partners)]
        if item.agency:
            roles.append(("subheading", agency_refs(item.agency)))
        for role, refs in roles:
            for ref in refs:
                bodies = expand_agencies(ref.raw)
                resolved = [ref] if len(bodies) <= 1 else [r for body in bodies for r in agency_refs(body)]
                for body in resolved:
                    yield {
                        "file": plan.file,
                        "item_id": item.id,
                        "part": item.part,
                        "area": item.area,
                        "kind": item.kind,
                        "role": role,
                        "mention": ref.raw,
                        "raw": body.raw,
                        "id": body.id,
                        "name": body.name,
                        "agency_kind": body.kind,
                        "note": body.note,
                        "successor_id": body.successor_id,
                        "source": _source_label(item.source.model_dump()),
                    }


def indicator_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    """One row per numeric target with its indicator key (None when not recognised)."""
    for item in plan.items:
        for n in item.numbers:
            yield {
                "file": plan.file,
                "item_id": item.id,
                "part": item.part,
                "area": item.area,
                "kind": item.kind,
                "indicator": n.indicator,
                "comparator": n.comparator,
                "value": n.value,
                "unit": n.unit,
                "level": n.level,
                "year": n.year,
                "raw": n.raw,
                "text": item.text[:120],
                "source": _source_label(item.source.model_dump()),
            }


def rows_for(plans: Iterable[Plan], table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table over several plans, in input order."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    for plan in plans:
        if table == "plans":
            yield plan_row(plan)
        elif table == "agencies":
            yield from agency_rows(plan)
        elif table == "indicators":
            yield from indicator_rows(plan)
        else:
            for item in plan.items:
                if table == "rows" and item.part != "appendix":
                    continue
                yield item_row(plan, item)


# What a spreadsheet takes for a number after a sign, so evaluates to itself: `-`, `-5`, `+20%`, `+1,5`.
_SIGNED_NUMBER = re.compile(r"[+-]\s*(?:\d[\d.,]*\s*%?)?")


def needs_neutralising(text: str) -> bool:
    """True for a cell a spreadsheet would evaluate as a formula: a leading `=` or `@`, or `+`/`-`
    followed by something that is not a number (after any leading tab or CR, which some programs drop)."""
    head = text.lstrip("\t\r")
    if not head:
        return False
    if head[0] in "=@":
        return True
    return head[0] in "+-" and _SIGNED_NUMBER.fullmatch(head) is None


def neutralise_cell(text: str) -> str:
    """`=SUM(A1)` → `'=SUM(A1)`: a spreadsheet opening the CSV shows it as text instead of running it
    (OWASP "CSV injection"). `-`, `-5` and `+20%` are values, not formulas, and stay as written."""
    return "'" + text if needs_neutralising(text) else text


def _csv_cell(value: Any, neutralise: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # numbers are never formulas; a negative number keeps its sign
    if isinstance(value, list):
        text = "; ".join("" if v is None else _csv_cell(v, neutralise=False) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return neutralise_cell(text) if neutralise else text


def fields_for(table: str) -> tuple[str, ...]:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    return {"plans": PLAN_FIELDS, "agencies": AGENCY_FIELDS, "indicators": INDICATOR_FIELDS}.get(
        table, ITEM_FIELDS
    )


# Nested item fields spread over flat columns: field → (column for the raw text, (column, key) …)
_SPREAD: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "deadlines": ("raw", (("deadline_kind", "kind"), ("deadline_start", "start"), ("deadline_end", "end"))),
    "numbers": (
        "raw",
        (
            ("number_value", "value"),
            ("number_unit", "unit"),
            ("number_level", "level"),
            ("number_comparator", "comparator"),
            ("number_year", "year"),
            ("number_indicator", "indicator"),
        ),
    ),
}
DATE_COLUMNS = frozenset({"issued_on", "deadline_start", "deadline_end"})


def flat_columns(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of `fields` in CSV, TSV and XLSX: each nested field followed by its spread columns."""
    out: list[str] = []
    for name in fields:
        out.append(name)
        if name in _SPREAD:
            out.extend(column for column, _ in _SPREAD[name][1])
    return tuple(out)


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its nested fields spread: `deadlines` keeps the raw texts, `deadline_kind` etc. the
    parsed values, one per deadline (a single value stays a value, several become a list)."""
    out = dict(row)
    for name, (raw, spread) in _SPREAD.items():
        values = row.get(name)
        if not isinstance(values, list):
            continue
        out[name] = [v.get(raw) for v in values]
        for column, key in spread:
            parts = [v.get(key) for v in values]
            out[column] = None if all(p is None for p in parts) else parts[0] if len(parts) == 1 else parts
    return out


def format_for(out: str | Path | None, fmt: str | None) -> str:
    """The export format: `fmt` when given, else the output file's extension, else JSONL. A `fmt`
    that contradicts the extension raises ValueError (never JSONL silently written into items.csv)."""
    suffix = Path(out).suffix.lower().lstrip(".") if out is not None else ""
    implied = suffix if suffix in FORMATS else None
    if fmt is None:
        return implied or "jsonl"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if implied is not None and implied != fmt:
        raise ValueError(f"--format {fmt} does not match the output file's extension .{suffix}")
    return fmt


# Streaming: `Stream` writes a prologue, then one chunk per plan as each arrives, then an epilogue, so
# a corpus export never holds more than one plan's rows. The chunks are rendered where the plan is
# (a batch worker), the Stream only joins them; `render` is the same three steps over a list, so the
# streamed and the in-memory outputs are byte-identical.


def render_chunk(
    rows: Iterable[dict[str, Any]], fmt: str, fields: tuple[str, ...], neutralise: bool = True
) -> str:
    """Some rows serialised so that chunks concatenate: JSONL lines, CSV or TSV lines (no header; the
    flat columns of `fields`), JSON array elements joined by ",\n" (the Stream adds brackets and the
    commas between chunks), or for XLSX the flat rows as JSONL (the Stream writes the workbook)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "json":
        return ",\n".join(_indent(json.dumps(r, ensure_ascii=False, indent=2)) for r in rows)
    if fmt == "xlsx":
        return "".join(json.dumps(flat_row(r), ensure_ascii=False) + "\n" for r in rows)
    if fmt in DELIMITERS:
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(flat_columns(fields)), delimiter=DELIMITERS[fmt], lineterminator="\n"
        )
        for r in rows:
            flat = flat_row(r)
            writer.writerow({k: _csv_cell(flat.get(k), neutralise) for k in writer.fieldnames})
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def plan_chunk(plan: Plan, table: str, fmt: str, neutralise: bool = True) -> str:
    """One plan's rows of `table` as a chunk for `Stream` (what a batch worker sends back)."""
    return render_chunk(rows_for([plan], table), fmt, fields_for(table), neutralise)


class Stream:
    """Joins chunks into a complete JSON / JSONL / CSV / TSV document, written as they come; for
    XLSX the rows are kept and the workbook is written (as bytes) by `end`."""

    def __init__(
        self, write: Callable[[Any], Any], fmt: str, fields: tuple[str, ...], sheet: str = "rows"
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        self._write, self.fmt, self.fields, self.sheet = write, fmt, fields, sheet
        self.columns = flat_columns(fields)  # the header of the flat formats
        self._started = False  # json: an element has been written
        self._rows: list[dict[str, Any]] = []  # xlsx

    def begin(self) -> None:
        if self.fmt in DELIMITERS:
            buf = io.StringIO()
            csv.writer(buf, delimiter=DELIMITERS[self.fmt], lineterminator="\n").writerow(self.columns)
            self._write("\ufeff" + buf.getvalue())

    def add(self, chunk: str) -> None:
        if not chunk:
            return
        if self.fmt == "json":
            self._write((",\n" if self._started else "[\n") + chunk)
            self._started = True
        elif self.fmt == "xlsx":
            self._rows.extend(json.loads(line) for line in chunk.splitlines())
        else:
            self._write(chunk)

    def end(self) -> None:
        if self.fmt == "json":
            self._write("\n]\n" if self._started else "[]\n")
        elif self.fmt == "xlsx":
            from parplan.xlsx import workbook_bytes

            self._write(workbook_bytes([(self.sheet, self.columns, self._rows)], date_columns=DATE_COLUMNS))


def render(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    fields: tuple[str, ...],
    neutralise: bool = True,
    sheet: str = "rows",
) -> str | bytes:
    """Serialise rows; output is deterministic for identical input (bytes for XLSX, text otherwise).
    CSV and TSV cells are neutralised against formula injection unless `neutralise=False`; JSON,
    JSONL and XLSX are never altered."""
    parts: list[Any] = []
    stream = Stream(parts.append, fmt, fields, sheet)
    stream.begin()
    stream.add(render_chunk(rows, fmt, fields, neutralise))
    stream.end()
    return b"".join(parts) if fmt == "xlsx" else "".join(parts)


def export(plans: Iterable[Plan], table: str, fmt: str, neutralise: bool = True) -> str | bytes:
    """All rows of `table` over `plans` in one document (the CLI streams instead: `Stream`)."""
    return render(rows_for(plans, table), fmt, fields_for(table), neutralise, sheet=table)
