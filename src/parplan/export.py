"""Flat views of plans for other tools: `plans`, `items`, `rows` tables as JSON, JSONL or CSV.

The field contract of `plans` and `items` is the one `score.py` reads (see README). CSV joins lists
with "; " and writes a UTF-8 BOM so spreadsheet programs show Vietnamese correctly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from parplan.schema import Item, Plan

TABLES = ("plans", "items", "rows")
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


def rows_for(plans: Iterable[Plan], table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table over several plans, in input order."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    for plan in plans:
        if table == "plans":
            yield plan_row(plan)
        else:
            for item in plan.items:
                if table == "rows" and item.part != "appendix":
                    continue
                yield item_row(plan, item)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict):
                parts.append(str(v.get("raw") or v.get("value")) if "raw" in v or "value" in v else json.dumps(v, ensure_ascii=False))
            else:
                parts.append(str(v))
        return "; ".join(parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(rows: Iterable[dict[str, Any]], fmt: str, fields: tuple[str, ...]) -> str:
    """Serialise rows; output is deterministic for identical input."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_cell(r.get(k)) for k in fields})
        return "\ufeff" + buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def export(plans: Iterable[Plan], table: str, fmt: str) -> str:
    fields = PLAN_FIELDS if table == "plans" else ITEM_FIELDS
    return render(rows_for(plans, table), fmt, fields)
