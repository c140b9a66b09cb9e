"""Normalize stage: Draft → Plan. Area codes, agencies, deadlines, numbers and the province get
their canonical forms here; the document's own wording is always kept next to them."""

from __future__ import annotations

from datetime import date
from typing import Any

import regex as re

from parplan.extract.draft import Draft
from parplan.extract.numbers import find_values
from parplan.normalize.areas import other_code, period_milestone
from parplan.normalize.cells import split_agencies, split_deadlines, split_products
from parplan.normalize.deadlines import parse_deadline
from parplan.read.source import SourceRef
from parplan.schema import (
    AgencyRef,
    Number,
    Plan,
    SourceSpan,
)

_DIGIT = re.compile(r"\d")


def span(ref: SourceRef | None) -> SourceSpan:
    return SourceSpan(**_span_fields(ref))


CONTEXT_WINDOW = 1000  # characters either side of a value that its indicator may be read from


def numbers_of(text: str) -> list[Number]:
    """Values of an item with their indicator key and comparator (relative changes prefixed + / -)."""
    return [Number(**fields) for fields in _number_fields(text)]


def agency_refs(cell: str) -> list[AgencyRef]:
    return [AgencyRef(**fields) for fields in _agency_fields(cell)]


def _span_fields(ref: SourceRef | None) -> dict[str, Any]:
    """`span(ref)` as the fields it is built from."""
    if ref is None:
        return {"file": ""}
    return {
        "file": ref.file,
        "line": ref.line,
        "end_line": ref.end_line,
        "page": ref.page,
        "end_page": ref.end_page,
        "para": ref.para,
        "table": ref.table,
        "row": ref.row,
        "col": ref.col,
    }


def _number_fields(text: str) -> list[dict[str, Any]]:
    """`numbers_of(text)` as the fields of each Number."""
    from parplan.normalize.indicators import comparator_of, match_indicator

    if not _DIGIT.search(text):
        return []
    out = []
    for v in find_values(text):
        # Indicator and comparator read the words around a value; in a long paragraph only a window
        # around it, so a 20 KB paragraph of 1,000 numbers stays linear (ordinary items are whole).
        long = len(text) > 2 * CONTEXT_WINDOW
        lo = max(0, v.start - CONTEXT_WINDOW) if long else 0
        ctx = text[lo : v.end + CONTEXT_WINDOW] if long else text
        start, end = v.start - lo, v.end - lo
        out.append(
            {
                "value": v.value,
                "unit": v.unit,
                "level": v.level,
                "year": v.year,
                "raw": v.raw,
                "comparator": comparator_of(ctx, start) or v.comparator,
                "indicator": match_indicator(ctx, start, end, v.unit),
            }
        )
    return out


def _agency_fields(cell: str) -> list[dict[str, Any]]:
    """`agency_refs(cell)` as the fields of each AgencyRef."""
    from parplan.normalize.agencies import resolve_agency

    refs: list[dict[str, Any]] = []
    for raw in split_agencies(cell):
        m = resolve_agency(raw)
        refs.append(
            {
                "raw": raw,
                "id": m.id,
                "name": m.name_vi,
                "kind": m.kind,
                "note": m.note,
                "successor_id": m.successor_id,
            }
            if m
            else {"raw": raw}
        )
    return refs


def draft_to_plan(draft: Draft) -> Plan:
    """Build the validated Plan from a Draft.

    The plan is assembled as plain fields and validated once, as a whole: pydantic-core builds the
    few hundred nested models (items, numbers, agencies, spans) in one call, where constructing
    each in Python cost more than the rest of this stage's bookkeeping. Every model gets exactly
    the fields it was given one by one before, so the validated Plan is the same.
    """
    meta = _metadata_fields(draft)
    year = meta["period_start"]
    issues: list[Any] = []
    areas = [
        {
            "code": a.code,
            "heading": a.heading,
            "section": a.section,
            "milestone_year": a.milestone_year,
            "notes": a.notes,
            "source": _span_fields(a.ref),
        }
        for a in draft.narrative.areas
    ]
    items: list[dict[str, Any]] = []
    for k, it in enumerate(draft.narrative.items):
        items.append(
            {
                "id": f"N{k + 1}",
                "part": "narrative",
                "area": it.area,
                "section": it.section,
                "kind": it.kind,
                "marker": it.marker,
                "ordinal": it.marker.strip("().") if it.marker not in {"-", "+", ""} else "",
                "depth": it.depth,
                "is_group": it.is_group,
                "parent": f"N{it.parent + 1}" if it.parent is not None else None,
                "milestone_year": it.milestone_year,
                "text": it.text,
                "agency": it.agency,
                # a target's values may stand in its stated result ("Kết quả: tối thiểu 80% …")
                "numbers": _number_fields(
                    f"{it.text} {it.fields['product']}" if "product" in it.fields else it.text
                ),
                "source": _span_fields(it.ref),
                **_item_detail_fields(it.fields, year),
            }
        )
    # Table rows repeat their group, agency and deadline cells ("Sở Nội vụ", "Năm 2022" down a whole
    # table): each distinct cell is read once per plan. The field dicts are only read by validation,
    # which builds new models from them, so rows may share them.
    row_areas: dict[str | None, tuple[str, int | None]] = {}
    agencies: dict[str, list[dict[str, Any]]] = {}
    deadline_cells: dict[str, tuple[list[dict[str, Any]], list[str]]] = {}
    for k, row in enumerate(draft.rows):
        if (place := row_areas.get(row.group)) is None:
            place = row_areas[row.group] = _row_area(row.group, draft)
        area, milestone = place
        source = _span_fields(row.ref)
        cell = row.deadline or ""
        if (read := deadline_cells.get(cell)) is None:
            read = deadline_cells[cell] = _deadline_fields(cell, year)
        deadlines, unknown = read
        for raw in unknown:
            issues.append(
                {
                    "code": "PP201",
                    "severity": "warning",
                    "message": f"deadline not understood: {raw!r}",
                    "source": source,
                }
            )
        for note in row.anomalies:
            issues.append({"code": "PP203", "severity": "warning", "message": note, "source": source})
        lead, partners = row.lead or "", row.partners or ""
        if (lead_fields := agencies.get(lead)) is None:
            lead_fields = agencies[lead] = _agency_fields(lead)
        if (partner_fields := agencies.get(partners)) is None:
            partner_fields = agencies[partners] = _agency_fields(partners)
        items.append(
            {
                "id": f"A{k + 1}",
                "part": "appendix",
                "area": area,
                "section": row.group or "",
                "kind": "task",
                "marker": "",
                "ordinal": row.ordinal,
                "depth": 1,
                "milestone_year": milestone,
                "text": row.task,
                "numbers": _number_fields(row.task),
                "group_heading": row.group,
                "target": row.target,
                "target_inherited": row.target_inherited,
                "lead": lead_fields,
                "partners": partner_fields,
                "products": split_products(row.products or ""),
                "start": row.start or None,
                "deadlines": deadlines,
                "note": row.note or None,
                "source": source,
            }
        )
    issues.extend(_number_issue_fields(draft))
    issues.extend(
        {
            "code": code,
            "severity": "warning",
            "message": message,
            "source": _span_fields(ref) if ref else None,
        }
        for code, message, ref in draft.issues
    )
    sections = [
        {
            "role": s.role,
            "heading": s.heading,
            "paragraphs": len(s.texts),
            "text": s.texts,
            "source": _span_fields(s.ref),
        }
        for s in draft.narrative.sections
    ]
    unassigned = [{"text": t, "source": _span_fields(r)} for t, r in draft.unassigned]
    dropped = [{"text": d.text, "reason": d.reason, "source": _span_fields(d.ref)} for d in draft.doc.dropped]
    return Plan.model_validate(
        {
            "file": draft.doc.path,
            "format": draft.doc.format,
            "metadata": meta,
            "areas": areas,
            "items": items,
            "sections": sections,
            "issues": issues,
            "unassigned": unassigned,
            "dropped": dropped,
            "profile": draft.profile.id,
        }
    )


def _item_detail_fields(fields: dict[str, str], year: int | None) -> dict[str, Any]:
    """Lead, partners, products, start and deadlines of a narrative item from its labelled detail lines
    ("Cơ quan chủ trì: Sở Tư pháp", "Thời gian thực hiện: Quý I/2024"); a start with no deadline of
    its own is the item's time frame, so it is read as its deadline too."""
    if not fields:
        return {}
    out: dict[str, Any] = {}
    if lead := fields.get("lead"):
        out["lead"] = _agency_fields(lead)
    if partners := fields.get("partners"):
        out["partners"] = _agency_fields(partners)
    if products := fields.get("product"):
        out["products"] = split_products(products)
    if start := fields.get("start"):
        out["start"] = start
    if when := fields.get("deadline") or start:
        out["deadlines"] = _deadline_fields(when, year)[0]
    return out


def _deadline_fields(cell: str, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    """The deadlines of a cell as the fields of each Deadline, and its entries not understood (in order)."""
    deadlines: list[dict[str, Any]] = []
    unknown: list[str] = []
    for raw in split_deadlines(cell):
        d = parse_deadline(raw, default_year=year)
        deadlines.append({"raw": d.raw, "kind": d.kind, "start": _iso(d.start), "end": _iso(d.end)})
        if d.kind == "unknown":
            unknown.append(raw)
    return deadlines, unknown


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row_area(group: str | None, draft: Draft) -> tuple[str, int | None]:
    if not group:
        return "other:unspecified", None
    milestone = period_milestone(group)
    if milestone:
        return "by_period", milestone
    return draft.profile.area_code(group) or other_code(group), None


def _metadata_fields(draft: Draft) -> dict[str, Any]:
    """The fields of the plan's Metadata (References and evidence as their fields too), validated with the plan."""
    m = draft.meta
    pm = m.province
    refs = [
        {
            "number": c.number,
            "type": c.type,
            "issuer": c.issuer,
            "date": c.date,
            "raw": text[c.start : c.end + 60].strip(),
            "source": _span_fields(ref),
        }
        for c, text, ref in m.legal_bases
    ]
    evidence = [
        {
            "field": e.field,
            "value": e.value,
            "found_in": e.found_in,
            "used": i in m.used,
            "text": e.text,
            "source": _span_fields(e.ref),
        }
        for i, e in sorted(enumerate(m.evidence), key=lambda ie: (ie[1].order, ie[0]))
    ]
    return {
        "province": pm.name if pm else None,
        "province_id": pm.id if pm else None,
        "province_code": pm.code if pm else None,
        "successor_province": pm.successor_name if pm else None,
        "doc_type": m.doc_type,
        "number": m.number,
        "issued_on": _iso(m.issued_on),
        "signer": m.signer,
        "title": m.title,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "issuing_body": m.issuer,
        "legal_bases": refs,
        "evidence": evidence,
        "source": _span_fields(m.number_ref) if m.number_ref is not None else None,
    }


def _number_issue_fields(draft: Draft) -> list[dict[str, Any]]:
    """The plan's own number cited differently elsewhere (header 1788/QĐ-UBND vs caption 4788/QĐ-UBND),
    as the fields of each Issue."""
    m = draft.meta
    out = []
    for number, where, ref in m.numbers_seen:
        if m.number and number != m.number and number.split("/", 1)[-1] == m.number.split("/", 1)[-1]:
            out.append(
                {
                    "code": "PP301",
                    "severity": "error",
                    "message": f"{where} cites the plan as {number} but the plan number is {m.number}",
                    "source": _span_fields(ref),
                }
            )
    return out
