"""Flat views of plans for other tools: `plans`, `items`, `rows` tables as JSON, JSONL or CSV.

The field contract of `plans` and `items` is the one `score.py` reads (see README). CSV joins lists
with "; " and writes a UTF-8 BOM so spreadsheet programs show Vietnamese correctly; text cells that
start with = + - @ (or tab/CR) get a leading ' so spreadsheets do not run them as formulas
(`neutralise=False` to turn off). JSON and JSONL are never altered.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from parplan.schema import Item, Plan

TABLES = ("plans", "items", "rows", "agencies", "indicators")
FORMATS = ("json", "jsonl", "csv")

PLAN_FIELDS = (
    "file", "format", "province", "province_code", "successor_province", "doc_type", "number", "issued_on",
    "period_start", "period_end", "signer", "title", "issuing_body", "legal_bases", "areas", "items",
    "issues", "unassigned",
)
ITEM_FIELDS = (
    "file", "id", "part", "area", "section", "kind", "marker", "ordinal", "depth", "is_group", "parent",
    "milestone_year", "text", "agency", "numbers", "group_heading", "target", "target_inherited", "lead",
    "partners", "products", "start", "deadlines", "note", "source",
)


def plan_row(plan: Plan) -> dict[str, Any]:
    m = plan.metadata
    return {
        "file": plan.file, "format": plan.format, "province": m.province, "province_code": m.province_code,
        "successor_province": m.successor_province, "doc_type": m.doc_type, "number": m.number,
        "issued_on": m.issued_on.isoformat() if m.issued_on else None, "period_start": m.period_start,
        "period_end": m.period_end, "signer": m.signer, "title": m.title, "issuing_body": m.issuing_body,
        "legal_bases": [r.number for r in m.legal_bases], "areas": sorted({a.code for a in plan.areas}),
        "items": len(plan.items), "issues": len(plan.issues), "unassigned": len(plan.unassigned),
    }


def item_row(plan: Plan, item: Item) -> dict[str, Any]:
    d = item.model_dump(mode="json")
    row = {k: d.get(k) for k in ITEM_FIELDS if k != "file"}
    row["file"] = plan.file
    row["lead"] = [a["raw"] for a in d["lead"]]
    row["partners"] = [a["raw"] for a in d["partners"]]
    row["numbers"] = [{k: n[k] for k in ("value", "unit", "level", "year", "comparator")} for n in d["numbers"]]
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
    "file", "item_id", "part", "area", "kind", "role", "mention", "raw", "id", "name", "agency_kind", "note",
    "successor_id", "source",
)
INDICATOR_FIELDS = (
    "file", "item_id", "part", "area", "kind", "indicator", "comparator", "value", "unit", "level", "year",
    "raw", "text", "source",
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
                        "file": plan.file, "item_id": item.id, "part": item.part, "area": item.area,
                        "kind": item.kind, "role": role, "mention": ref.raw, "raw": body.raw, "id": body.id,
                        "name": body.name, "agency_kind": body.kind, "note": body.note,
                        "successor_id": body.successor_id, "source": _source_label(item.source.model_dump()),
                    }


def indicator_rows(plan: Plan) -> Iterator[dict[str, Any]]:
    """One row per numeric target with its indicator key (None when not recognised)."""
    for item in plan.items:
        for n in item.numbers:
            yield {
                "file": plan.file, "item_id": item.id, "part": item.part, "area": item.area, "kind": item.kind,
                "indicator": n.indicator, "comparator": n.comparator, "value": n.value, "unit": n.unit,
                "level": n.level, "year": n.year, "raw": n.raw, "text": item.text[:120],
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """`=SUM(A1)` → `'=SUM(A1)`: a spreadsheet opening the CSV shows it as text instead of running it
    (OWASP "CSV injection"). Task texts starting with "- " get the quote too; that is the price."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cell(value: Any, neutralise: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict):
                parts.append(str(v.get("raw") or v.get("value")) if "raw" in v or "value" in v else json.dumps(v, ensure_ascii=False))
            else:
                parts.append(str(v))
        text = "; ".join(parts)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, int | float):
        return str(value)  # numbers are never formulas; a negative number keeps its sign
    else:
        text = str(value)
    return neutralise_cell(text) if neutralise else text


def fields_for(table: str) -> tuple[str, ...]:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    return {"plans": PLAN_FIELDS, "agencies": AGENCY_FIELDS, "indicators": INDICATOR_FIELDS}.get(table, ITEM_FIELDS)


# Streaming: `Stream` writes a prologue, then one chunk per plan as each arrives, then an epilogue, so
# a corpus export never holds more than one plan's rows. The chunks are rendered where the plan is
# (a batch worker), the Stream only joins them; `render` is the same three steps over a list, so the
# streamed and the in-memory outputs are byte-identical.


def render_chunk(rows: Iterable[dict[str, Any]], fmt: str, fields: tuple[str, ...], neutralise: bool = True) -> str:
    """Some rows serialised so that chunks concatenate: JSONL lines, CSV lines (no header), or JSON
    array elements joined by ",\n" (the Stream adds brackets and the commas between chunks)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "json":
        return ",\n".join(_indent(json.dumps(r, ensure_ascii=False, indent=2)) for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
        for r in rows:
            writer.writerow({k: _csv_cell(r.get(k), neutralise) for k in fields})
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def plan_chunk(plan: Plan, table: str, fmt: str, neutralise: bool = True) -> str:
    """One plan's rows of `table` as a chunk for `Stream` (what a batch worker sends back)."""
    return render_chunk(rows_for([plan], table), fmt, fields_for(table), neutralise)


class Stream:
    """Joins chunks into a complete JSON / JSONL / CSV document, written as they come."""

    def __init__(self, write: Callable[[str], Any], fmt: str, fields: tuple[str, ...]) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        self._write, self.fmt, self.fields = write, fmt, fields
        self._started = False  # json: an element has been written

    def begin(self) -> None:
        if self.fmt == "csv":
            buf = io.StringIO()
            csv.DictWriter(buf, fieldnames=list(self.fields), lineterminator="\n").writeheader()
            self._write("\ufeff" + buf.getvalue())

    def add(self, chunk: str) -> None:
        if not chunk:
            return
        if self.fmt == "json":
            self._write((",\n" if self._started else "[\n") + chunk)
            self._started = True
        else:
            self._write(chunk)

    def end(self) -> None:
        if self.fmt == "json":
            self._write("\n]\n" if self._started else "[]\n")


def render(rows: Iterable[dict[str, Any]], fmt: str, fields: tuple[str, ...], neutralise: bool = True) -> str:
    """Serialise rows; output is deterministic for identical input. CSV cells are neutralised
    against formula injection unless `neutralise=False`; JSON and JSONL are never altered."""
    parts: list[str] = []
    stream = Stream(parts.append, fmt, fields)
    stream.begin()
    stream.add(render_chunk(rows, fmt, fields, neutralise))
    stream.end()
    return "".join(parts)


def export(plans: Iterable[Plan], table: str, fmt: str, neutralise: bool = True) -> str:
    """All rows of `table` over `plans` in one string (the CLI streams instead: `Stream`)."""
    return render(rows_for(plans, table), fmt, fields_for(table), neutralise)
