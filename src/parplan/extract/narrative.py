"""Extract stage, narrative part: outline → reform areas, items (targets/tasks) and other sections.

Reads the outline tree only; values stay as written (numbers and agencies are normalised later).
Rules (see gold/SPEC.md): an area is a heading that maps to a reform-area code or a milestone period
("2.1. Giai đoạn đến năm 2025" → by_period); its kind comes from the nearest Mục tiêu / Nhiệm vụ
heading; agency sub-headings ("b) Sở Tư pháp", "c) Sở Nội vụ: Chủ trì …") name the responsible
agency of the items below them; an item with children is a group (lead-in); "Đến năm 2025:" lead-ins
give their children a milestone year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import regex as re

from parplan.normalize.areas import period_milestone, section_role
from parplan.parsers.base import BASE, Profile
from parplan.read.source import SourceRef
from parplan.segment import Node

# Sections whose content is not reform-area items.
SKIP_ROLES = {
    "purpose_requirements", "implementation", "funding", "viewpoints", "general_objectives",
    "legal_basis", "appendix", "solutions",
}
TARGET_ROLES = {"objectives_targets", "specific_objectives"}
TASK_ROLES = {"tasks_solutions"}
_CONTENT_ROLES = TARGET_ROLES | TASK_ROLES | {"content"}
_ITEM_ROLES = TARGET_ROLES | TASK_ROLES
HEADING_FAMILIES = {"roman", "decimal", "decimal2", "decimal3", "letter", "content"}

_MILESTONE = re.compile(r"^(?:Đến|Giai đoạn đến|Đến hết|Từ nay đến|Phấn đấu đến)\s+năm\s+(\d{4})\b", re.I)
_COLON = re.compile(r"(?<!\d):(?!\d)")  # "Sở Nội vụ: chủ trì …", not "9001:2015"
_AGENCY_HEAD = re.compile(
    r"^(?:(?:Các|các)\s+)?(?:"
    r"(?:Sở|sở|UBND|Ủy ban|Uỷ ban|Văn phòng|Cơ quan|cơ quan|Thủ trưởng|Chủ tịch|Giám đốc|Đơn vị|đơn vị|Cục|Chi cục|"
    r"Kho bạc|Ngân hàng|Bộ Chỉ huy|Công an|Hiệp hội|Liên minh|Thanh tra|Mặt trận|Bảo hiểm|Tòa án|Toà án|Liên đoàn|"
    r"Tỉnh đoàn|Viện)\b"
    # heads that are also ordinary words ("Ban hành", "Hội nghị", "Báo cáo") need a proper name after them
    r"|(?:Ban|Hội|Đài|Báo|Trung tâm|Trường|Đoàn|Phòng)\s+\p{Lu}"
    r")"
)
# Where an agency subject ends and its duty begins: "Sở Nội vụ chủ trì, phối hợp …".
_DUTY_VERB = re.compile(
    r"\s+(?:chủ trì|phối hợp|chỉ đạo|nghiêm túc|thực hiện|tham mưu|triển khai|có trách nhiệm|chịu trách nhiệm|"
    r"tổ chức|xây dựng|tiếp tục|tăng cường|hướng dẫn|đề xuất|là cơ quan|căn cứ|rà soát|theo dõi|đôn đốc)\b"
)


@dataclass
class AreaDraft:
    code: str
    heading: str
    section: str
    ref: SourceRef
    milestone_year: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ItemDraft:
    area: str
    section: str
    kind: str
    marker: str
    depth: int
    text: str
    ref: SourceRef
    milestone_year: int | None = None
    agency: str | None = None
    parent: int | None = None  # index into the items list
    is_group: bool = False


@dataclass
class SectionDraft:
    role: str
    heading: str
    ref: SourceRef
    texts: list[str] = field(default_factory=list)


@dataclass
class NarrativeDraft:
    areas: list[AreaDraft] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)
    sections: list[SectionDraft] = field(default_factory=list)
    loose: list[Node] = field(default_factory=list)  # paragraphs outside areas and sections


class _Ctx(NamedTuple):
    """Where the walk is. A named tuple: a context is derived for nearly every node, and
    `_replace` costs a fraction of `dataclasses.replace` on a frozen dataclass."""

    section: str = ""
    kind: str | None = None
    area: AreaDraft | None = None
    depth: int = 1
    milestone: int | None = None
    agency: str | None = None
    parent: int | None = None
    profile: Profile = BASE


def section_label(marker: str) -> str:
    """`II.` → `II`, `2.1.` → `2.1`, `b)` → `b`."""
    return marker.strip().rstrip(".:/)").lstrip("(")


def _join_section(path: str, node: Node) -> str:
    label = section_label(node.marker)
    if node.family == "roman" or not path:
        return label
    head = path.split(".")[0]
    if node.family.startswith("decimal"):
        return f"{head}.{label}"
    return f"{path}.{label}"


def agency_subject(text: str) -> str:
    """The agency named at the start of a sub-heading: `Sở Nội vụ chủ trì, phối hợp …:` → `Sở Nội vụ`."""
    text = text.strip().rstrip(":").strip()
    m = _DUTY_VERB.search(text)
    return text[: m.start()].strip().rstrip(",") if m else text


def outline_to_narrative(root: Node, profile: Profile = BASE) -> NarrativeDraft:
    """Walk the outline and collect areas, items and non-area sections."""
    out = NarrativeDraft()
    for child in root.children:
        _visit(child, _Ctx(profile=profile), out)
    return out


def _visit(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    if ctx.area is not None:
        _visit_in_area(node, ctx, out)
        return
    if node.family in {"title", "closing", "root"} or node.family not in HEADING_FAMILIES:
        out.loose.append(node)
        for child in node.children:
            _visit(child, ctx, out)
        return
    heading = node.text.strip()
    path = _join_section(ctx.section, node)
    role = section_role(node.full_text)
    if role in SKIP_ROLES:
        sec = SectionDraft(role, node.full_text, node.ref or SourceRef(""))
        sec.texts.extend(n.full_text for n in node.walk() if n is not node)
        out.sections.append(sec)
        return
    if role in _CONTENT_ROLES:
        kind = "target" if role in TARGET_ROLES else "task" if role in TASK_ROLES else ctx.kind
        sec = SectionDraft(role, node.full_text, node.ref or SourceRef(""))
        out.sections.append(sec)
        sub = ctx._replace(section=path, kind=kind)
        for child in node.children:
            if child.family in {"plain", "note"}:
                sec.texts.append(child.full_text)
            else:
                _visit(child, sub, out)
        return
    milestone = period_milestone(heading)
    code = "by_period" if milestone and ctx.kind == "target" else ctx.profile.area_code(node.full_text)
    if code is None:
        # An unknown heading may still hold areas ("III. CÁC NHIỆM VỤ TRỌNG TÂM"); if it holds none,
        # it is a section of its own ("IV. GIẢI PHÁP THỰC HIỆN") and claims its text.
        n_areas, n_loose = len(out.areas), len(out.loose)
        out.loose.append(node)
        sub = ctx._replace(section=path)
        for child in node.children:
            _visit(child, sub, out)
        if len(out.areas) == n_areas and node.family == "roman":
            del out.loose[n_loose:]
            sec = SectionDraft(role or "other", node.full_text, node.ref or SourceRef(""))
            sec.texts.extend(n.full_text for n in node.walk() if n is not node)
            out.sections.append(sec)
        return
    area = AreaDraft(code, node.full_text, path, node.ref or SourceRef(""), milestone if code == "by_period" else None)
    out.areas.append(area)
    sub = ctx._replace(section=path, area=area, milestone=area.milestone_year)
    for child in node.children:
        _visit_in_area(child, sub, out)


def _visit_in_area(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    text = node.text.strip()
    if node.family in HEADING_FAMILIES and ctx.parent is None:
        role = section_role(node.full_text)
        if role in _ITEM_ROLES:
            kind = "target" if role in TARGET_ROLES else "task"
            sub = ctx._replace(kind=kind)
            for child in node.children:
                _visit_in_area(child, sub, out)
            return
        if node.family in {"letter", "decimal", "decimal2", "decimal3"} and _AGENCY_HEAD.match(text):
            _agency_heading(node, ctx, out)
            return
    if node.family == "note":
        ctx.area.notes.append(text)  # "(Nội dung cụ thể tại Phụ lục đính kèm)"
        return
    _add_item(node, node.marker, text, ctx, out)


def _agency_heading(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    text = node.text.strip()
    parts = _COLON.split(text, maxsplit=1)
    head, colon, tail = (parts[0], ":", parts[1]) if len(parts) == 2 else (text, "", "")
    if colon and tail.strip():  # "c) Sở TT&TT: Chủ trì, …" — heading and item on one line
        sub = ctx._replace(agency=agency_subject(head))
        _add_item(node, "", tail.strip(), sub, out)
        return
    words = len(text.split())
    if colon or (words <= 14 and not _DUTY_VERB.search(text)) or node.children:
        sub = ctx._replace(agency=agency_subject(text))
        for child in node.children:
            _visit_in_area(child, sub, out)
        return
    # fused: "c) Các cơ quan Thuế, Hải quan … chỉ đạo, triển khai …" — the agency is the subject
    _add_item(node, node.marker, text, ctx._replace(agency=agency_subject(text)), out)


def _add_item(node: Node, marker: str, text: str, ctx: _Ctx, out: NarrativeDraft) -> None:
    area = ctx.area
    assert area is not None
    # a lead-in ("Đến năm 2025:") sets the year of what it holds; the cheap test first
    if (node.children or text.rstrip().endswith(":")) and (m := _MILESTONE.match(text)):
        milestone = int(m.group(1))
    else:
        milestone = ctx.milestone
    item = ItemDraft(
        area=area.code,
        section=area.section,
        kind=ctx.kind or "task",
        marker=marker,
        depth=ctx.depth,
        text=text,
        ref=node.ref or SourceRef(""),
        milestone_year=milestone,
        agency=ctx.agency,
        parent=ctx.parent,
    )
    index = len(out.items)
    out.items.append(item)
    if not node.children:
        return
    sub = ctx._replace(depth=ctx.depth + 1, parent=index, milestone=milestone)
    for child in node.children:
        if child.family == "note":
            area.notes.append(child.text.strip())
            continue
        _add_item(child, child.marker, child.text.strip(), sub, out)
        item.is_group = True
