"""Extract stage, narrative part: outline → reform areas, items (targets/tasks) and other sections.

Reads the outline tree only; values stay as written (numbers and agencies are normalised later).
Structure first, names second: the area level is found among sibling headings (`_area_level`: a
family of which the catalogue names one, or which hold lists under a targets/tasks heading), every
heading of that level is an area, and only then is it named (`name_area`, else `other:<slug>` with
PP403). Target vs task comes from sub-headings by meaning (`section_role`), whatever their marker;
a childless heading owns the siblings after it (flat layouts). Agency sub-headings ("b) Sở Tư pháp",
"c) Sở Nội vụ: Chủ trì …") name the responsible agency of the items below them; an item with children
is a group (lead-in); "Đến năm 2025:" lead-ins give their children a milestone year; labelled detail
lines ("Cơ quan chủ trì: …") are an item's fields. See gold/SPEC.md for the conventions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import regex as re

from parplan.normalize.areas import name_area, other_code, period_milestone, section_role
from parplan.parsers.base import BASE, Profile
from parplan.read.source import SourceRef
from parplan.segment import HEADING_MAX_WORDS, Node, heading_like

# Sections whose content is not reform-area items.
SKIP_ROLES = {
    "purpose_requirements",
    "implementation",
    "funding",
    "viewpoints",
    "general_objectives",
    "legal_basis",
    "appendix",
    "solutions",
}
TARGET_ROLES = {"objectives_targets", "specific_objectives"}
TASK_ROLES = {"tasks_solutions"}
_CONTENT_ROLES = TARGET_ROLES | TASK_ROLES | {"content"}
_ITEM_ROLES = TARGET_ROLES | TASK_ROLES
HEADING_FAMILIES = {
    "roman",
    "decimal",
    "decimal2",
    "decimal3",
    "letter",
    "content",
    "heading",
    "part",
    "section",
    "upper",
}
_LIST_FAMILIES = {"dash", "bullet", "plus", "circle", "paren"}
_AREA_NOTE_ROLES = {"implementation", "funding"}
AREA_LABEL_MAX_WORDS = 14  # "Về xây dựng, phát triển Chính quyền điện tử, Chính quyền số: …"

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
    fields: dict[str, str] = field(default_factory=dict)  # role → value, from "Cơ quan chủ trì: …" lines


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
    issues: list[tuple[str, str, SourceRef | None]] = field(default_factory=list)  # (code, message, where)


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
    numbered = node.marker and node.family not in {"dash", "bullet", "plus", "circle", "part", "section"}
    label = section_label(node.marker) if numbered else str(node.ordinal)
    if node.family == "part":
        return f"P{label}"
    if node.family == "roman" or not path:
        return label
    head = path.split(".")[0]
    if label.startswith(head + "."):  # "II.1." under "II."
        return label
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
    _visit_children(root, _Ctx(profile=profile), out)
    return out


def _is_heading(node: Node) -> bool:
    return node.family in HEADING_FAMILIES


def _role(node: Node) -> str | None:
    return section_role(node.full_text) if _is_heading(node) else None


def _area_level(parent: Node, ctx: _Ctx) -> tuple[str, str] | None:
    """The (family, style) of the children of `parent` that are reform areas, decided by structure:
    sibling headings of one family of which the catalogue names at least one (or, under a targets /
    tasks heading, of which two or more hold lists). The other headings of that family are areas too,
    named afterwards (`other:<slug>` when the catalogue has no name for them)."""
    votes: dict[tuple[str, str], int] = {}
    holders: dict[tuple[str, str], int] = {}
    for child in parent.children:
        # headings, and list entries that hold a list of their own ("(1) Cải cách thể chế" above "- …")
        candidate = _is_heading(child) or (child.family in _LIST_FAMILIES and child.children)
        if not candidate or _role(child) is not None:
            continue
        key = (child.family, child.style)
        if child.children:
            holders[key] = holders.get(key, 0) + 1
        if _name(child, ctx) is not None:
            votes[key] = votes.get(key, 0) + 1
    if votes:
        return max(votes, key=lambda k: (votes[k], holders.get(k, 0)))
    if ctx.kind is not None and holders:
        best = max(holders, key=lambda k: holders[k])
        return best if holders[best] >= 2 else None
    return None


def _name(node: Node, ctx: _Ctx) -> str | None:
    """The catalogue's code for a heading (milestone periods under targets are `by_period`)."""
    if ctx.kind == "target" and period_milestone(node.text.strip()):
        return "by_period"
    code = ctx.profile.area_code(node.full_text)
    if code is None and (inline := _inline(node)) is not None:
        code = ctx.profile.area_code(f"{node.marker} {inline[0]}")
    return code


INLINE_MIN_WORDS = 3


def label_split(text: str, max_label_words: int, min_content_words: int = 1) -> tuple[str, str] | None:
    """(label, content) of a line that labels its content before a colon, when the label is at most
    `max_label_words` long: `Cải cách thể chế: Phấn đấu 100% …` → ("Cải cách thể chế", "Phấn đấu 100% …").
    The one test behind area headings with a first item, role labels and area-naming entries."""
    parts = _COLON.split(text, maxsplit=1)
    if len(parts) != 2 or len(parts[0].split()) > max_label_words:
        return None
    label, content = parts[0].strip(), parts[1].strip()
    return (label, content) if len(content.split()) >= min_content_words else None


def _inline(node: Node) -> tuple[str, str] | None:
    """(heading, content) of a heading that carries its first item after a colon."""
    return label_split(node.text, HEADING_MAX_WORDS, INLINE_MIN_WORDS)


def _visit_children(parent: Node, ctx: _Ctx, out: NarrativeDraft, texts: list[str] | None = None) -> None:
    """Visit the children of a node outside any area. A heading with no children of its own owns the
    siblings after it (flat layouts: "MỤC TIÊU" then "I. Cải cách thể chế", an area heading then its
    items at the same level), until a heading of its rank or higher."""
    level = _area_level(parent, ctx)
    area: AreaDraft | None = None  # a childless area heading: the siblings after it are its items
    area_ctx = ctx
    summary: AreaDraft | None = None
    lead_in: Node | None = None
    by_code: dict[str, AreaDraft] = {}  # areas named by list entries ("- Về cải cách thể chế: …")
    area_rank = 0.0
    for child in parent.children:
        key = (child.family, child.style)
        role = _role(child)
        if level is not None and key == level and role is None:
            new_area = _open_area(child, ctx, out)
            area, area_ctx, area_rank = (
                (new_area, ctx._replace(area=new_area, section=new_area.section), child.rank)
                if not child.children
                else (None, ctx, 0.0)
            )
            continue
        if area is not None and role in _ITEM_ROLES:
            # "Mục tiêu" / "Nhiệm vụ" beside the area heading they belong to (same style, flat)
            if child.children:
                _visit_in_area(child, area_ctx, out)
            else:
                area_ctx = area_ctx._replace(kind=_kind_of(role, area_ctx.kind))
            continue
        if role is not None and not child.children and role in _CONTENT_ROLES:
            # "MỤC TIÊU" on a line of its own, its targets after it at the same level
            ctx = ctx._replace(kind=_kind_of(role, ctx.kind))
            area_ctx = area_ctx._replace(kind=ctx.kind)
            out.sections.append(SectionDraft(role, child.full_text, child.ref or SourceRef("")))
            continue
        if area is not None and role is None and not (_is_heading(child) and child.rank <= area_rank):
            _visit_in_area(child, area_ctx, out)
            continue
        area = None
        if texts is not None and child.family in {"plain", "note"} and not child.children:
            texts.append(child.full_text)
            lead_in = child if child.text.rstrip().endswith(":") else None
            continue
        listed = bool(child.text.strip()) and (
            child.family in _LIST_FAMILIES
            or (_is_heading(child) and role is None and not heading_like(child.text) and texts is not None)
        )
        if listed and level is None and texts is not None and (named := _named_entry(child, ctx)) is not None:
            # "- Về cải cách thể chế: 100% văn bản …" under "MỤC TIÊU CỤ THỂ": an area per entry
            code, head, tail = named
            if code not in by_code:
                by_code[code] = AreaDraft(
                    code, head, f"{ctx.section}.{len(by_code) + 1}", child.ref or SourceRef("")
                )
                out.areas.append(by_code[code])
            entry_ctx = ctx._replace(area=by_code[code], section=by_code[code].section)
            _add_item(child, child.marker, tail, entry_ctx, out)
            continue
        if listed and (level is not None or texts is not None):
            # A list beside the areas ("Năm 2024 tập trung vào các nội dung sau:" and a bullet per
            # area) is an overview: the items of a `summary` area. A list right under a targets /
            # tasks heading that holds no areas is that section's: the items of `other:<slug>`.
            if summary is None:
                summary = _list_area(parent, lead_in, ctx, out, overview=level is not None)
            _visit_in_area(child, ctx._replace(area=summary), out)
            continue
        _visit(child, ctx, out)


def _named_entry(node: Node, ctx: _Ctx) -> tuple[str, str, str] | None:
    """(code, heading, content) of a list entry that names its reform area before a colon."""
    split = label_split(node.text, AREA_LABEL_MAX_WORDS)
    if split is None:
        return None
    code = ctx.profile.area_code(split[0])
    return (code, *split) if code and not code.startswith("other:") else None


def _list_area(
    parent: Node, lead_in: Node | None, ctx: _Ctx, out: NarrativeDraft, overview: bool
) -> AreaDraft:
    head = (lead_in or parent) if overview else parent
    code = "summary" if overview else other_code(parent.full_text)
    area = AreaDraft(code, head.full_text, ctx.section, head.ref or SourceRef(""))
    out.areas.append(area)
    if not overview:
        out.issues.append(
            (
                "PP403",
                f"the list under {parent.full_text[:60]!r} names no reform area; kept as {code}",
                parent.ref,
            )
        )
    return area


def _kind_of(role: str, current: str | None) -> str | None:
    return "target" if role in TARGET_ROLES else "task" if role in TASK_ROLES else current


def _open_area(node: Node, ctx: _Ctx, out: NarrativeDraft) -> AreaDraft:
    """An area found by structure, named with the catalogue; its children are its items."""
    path = _join_section(ctx.section, node)
    code = _name(node, ctx)
    if code is None:
        code = name_area(node.full_text)
    if code is None:
        code = other_code(node.full_text)
        out.issues.append(
            (
                "PP403",
                f"heading at the reform-area level matches no known area; kept as {code}: {node.full_text[:80]!r}",
                node.ref,
            )
        )
    milestone = period_milestone(node.text.strip()) if code == "by_period" else None
    inline = _inline(node) if code != "by_period" else None
    if inline and ctx.profile.area_code(f"{node.marker} {inline[0]}") != code:
        inline = None  # the colon is inside the area's name, not after it
    heading = f"{node.marker} {inline[0]}".strip() if inline else node.full_text
    area = AreaDraft(code, heading, path, node.ref or SourceRef(""), milestone)
    out.areas.append(area)
    sub = ctx._replace(section=path, area=area, milestone=milestone)
    if inline:  # the content after the colon is the area's first item
        _add_item(Node("plain", "", inline[1], node.ref), "", inline[1], sub, out)
    _visit_area_children(node, sub, out)
    return area


def _visit(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    if ctx.area is not None:
        _visit_in_area(node, ctx, out)
        return
    if node.family in {"title", "closing", "root"} or not _is_heading(node):
        out.loose.append(node)
        _visit_children(node, ctx, out)
        return
    path = _join_section(ctx.section, node)
    role = section_role(node.full_text)
    if role in SKIP_ROLES:
        sec = SectionDraft(role, node.full_text, node.ref or SourceRef(""))
        sec.texts.extend(n.full_text for n in node.walk() if n is not node)
        out.sections.append(sec)
        return
    if role in _CONTENT_ROLES:
        sec = SectionDraft(role, node.full_text, node.ref or SourceRef(""))
        out.sections.append(sec)
        sub = ctx._replace(section=path, kind=_kind_of(role, ctx.kind))
        _visit_children(node, sub, out, sec.texts)
        return
    # An unknown heading may still hold areas ("III. CÁC NHIỆM VỤ TRỌNG TÂM"); if it holds none,
    # it is a section of its own ("IV. GIẢI PHÁP THỰC HIỆN") and claims its text.
    n_areas, n_loose, n_items = len(out.areas), len(out.loose), len(out.items)
    out.loose.append(node)
    _visit_children(node, ctx._replace(section=path), out)
    if (
        len(out.areas) == n_areas
        and len(out.items) == n_items
        and node.family in {"roman", "heading"}
        and node.rank < 2
    ):
        del out.loose[n_loose:]
        sec = SectionDraft(role or "other", node.full_text, node.ref or SourceRef(""))
        sec.texts.extend(n.full_text for n in node.walk() if n is not node)
        out.sections.append(sec)
    elif len(out.areas) > n_areas:  # an umbrella over areas ("II. NỘI DUNG"): a section with its own text
        own = {id(node)} | {id(c) for c in node.children if c.family in {"plain", "note"} and not c.children}
        sec = SectionDraft(role or "other", node.full_text, node.ref or SourceRef(""))
        sec.texts.extend(n.full_text for n in out.loose[n_loose:] if id(n) in own and n is not node)
        out.loose[n_loose:] = [n for n in out.loose[n_loose:] if id(n) not in own]
        out.sections.append(sec)


def _visit_area_children(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    """The children of an area (or of a role sub-heading in it); a childless "Mục tiêu" line sets
    the kind of the siblings after it."""
    for child in node.children:
        if ctx.parent is None and not child.children and _role_split(child) is None and _is_heading(child):
            role = section_role(child.full_text)
            if role in _ITEM_ROLES:
                ctx = ctx._replace(kind=_kind_of(role, ctx.kind))
                continue
        if ctx.parent is None and not child.children and (split := _role_split(child)) is not None:
            # "* Mục tiêu: 100% văn bản …" with nothing under it: the kind for what follows, and an item
            ctx = ctx._replace(kind=_kind_of(split[0], ctx.kind))
            _add_item(child, "", split[1], ctx, out)
            continue
        _visit_in_area(child, ctx, out)


ROLE_LABEL_MAX_WORDS = 6


def _role_split(node: Node) -> tuple[str, str] | None:
    """(role, content) of a line that labels its content as targets or tasks:
    `a) Mục tiêu: Tiếp tục hoàn thiện hệ thống thể chế, cụ thể:` → ("objectives_targets", "Tiếp tục …")."""
    split = label_split(node.text, ROLE_LABEL_MAX_WORDS)
    if split is None:
        return None
    role = section_role(split[0])
    return (role, split[1]) if role in _ITEM_ROLES else None


def _visit_in_area(node: Node, ctx: _Ctx, out: NarrativeDraft) -> None:
    text = node.text.strip()
    if ctx.parent is None and (split := _role_split(node)) is not None:
        sub = ctx._replace(kind=_kind_of(split[0], ctx.kind))
        if split[1].endswith(":") or not node.children:  # the content leads in what is under it
            _add_item(node, "", split[1], sub, out)
        else:  # the content is one entry, the list under the label the others
            _add_item(Node("plain", "", split[1], node.ref), "", split[1], sub, out)
            _visit_area_children(node, sub, out)
        return
    if ctx.parent is None and (_is_heading(node) or (node.children and len(text.split()) <= 6)):
        role = section_role(node.full_text)
        if role in _ITEM_ROLES:
            _visit_area_children(node, ctx._replace(kind=_kind_of(role, ctx.kind)), out)
            return
        if role in _AREA_NOTE_ROLES:  # "3. Phân công thực hiện" in an area: who does it, not more tasks
            ctx.area.notes.extend(n.full_text for n in node.walk())
            return
        if node.family in {"letter", "decimal", "decimal2", "decimal3", "heading"} and _AGENCY_HEAD.match(
            text
        ):
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
        agency = agency_subject(head)
        if agency != head.strip():
            ctx.area.notes.append(f"{node.marker} {head.strip()}:".strip())
        sub = ctx._replace(agency=agency)
        _add_item(node, "", tail.strip(), sub, out)
        return
    words = len(text.split())
    if colon or (words <= 14 and not _DUTY_VERB.search(text)) or node.children:
        agency = agency_subject(text)
        if agency != text.rstrip(":").strip():  # the heading says more than who: keep its words
            ctx.area.notes.append(node.full_text)  # "b) Sở Nội vụ chủ trì tham mưu, đề xuất:"
        sub = ctx._replace(agency=agency)
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
    text, fields = split_fields(text)
    fields = {**inline_assignment(text), **fields}  # labelled lines win over the text's own wording
    children = []
    for child in node.children:  # "Thời gian thực hiện: Quý I/2024." on a line of its own
        line_fields = split_fields(child.text)[1] if child.family == "plain" and not child.children else {}
        if line_fields and not split_fields(child.text)[0]:
            fields.update(line_fields)
        else:
            children.append(child)
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
        fields=fields,
    )
    index = len(out.items)
    out.items.append(item)
    if not children:
        return
    sub = ctx._replace(depth=ctx.depth + 1, parent=index, milestone=milestone)
    for child in children:
        if child.family == "note":
            area.notes.append(child.text.strip())
            continue
        _add_item(child, child.marker, child.text.strip(), sub, out)
        item.is_group = True


# "… pháp luật. Kết quả đạt được: Quyết định công bố. Thời gian thực hiện: Quý I/2024. Cơ quan chủ trì:
# Sở Tư pháp." — a label at the start or after a sentence, then a colon. Which labels name which field
# is decided where table headers are (`extract.columns.header_role`), so both read them alike.
_FIELD_LABEL = re.compile(
    r"(?:^|(?<=\.\s))(\p{Lu}[\p{L}/ ]{1,40}?)\s*:\s*|(?<=;\s)(\p{L}[\p{L}/ ]{1,40}?)\s*:\s*"
)
ITEM_FIELDS = ("product", "lead", "partners", "start", "deadline")


def split_fields(text: str) -> tuple[str, dict[str, str]]:
    """An item's text without its labelled detail parts, and those parts by field.

    `Rà soát văn bản. Thời gian thực hiện: Quý I/2024. Cơ quan chủ trì: Sở Tư pháp.` →
    (`Rà soát văn bản.`, {"start": "Quý I/2024", "lead": "Sở Tư pháp"}).
    """
    from parplan.extract.columns import header_role

    if ":" not in text:
        return text, {}
    cuts = [(m, header_role(m.group(1) or m.group(2))) for m in _FIELD_LABEL.finditer(text)]
    cuts = [(m, role) for m, role in cuts if role in ITEM_FIELDS]
    if not cuts:
        return text, {}
    fields: dict[str, str] = {}
    for k, (m, role) in enumerate(cuts):
        end = cuts[k + 1][0].start() if k + 1 < len(cuts) else len(text)
        value = text[m.end() : end].strip().rstrip(".;").strip()
        if value:
            fields[role] = f"{fields[role]}; {value}" if role in fields else value
    return text[: cuts[0][0].start()].strip(), fields


# "(Sở Tư pháp chủ trì, phối hợp Công an tỉnh; Quý III/2023)" at the end of a task, or a closing
# sentence "Sở Tư pháp chủ trì thực hiện." — the assignment written into the text (kept there as well).
_TRAILING_PAREN = re.compile(r"\(([^()]{3,200})\)\W*$")
_LAST_SENTENCE = re.compile(r"(?:^|(?<=[.;]\s))([^.;]{3,200})\W*$")
_LEADS = re.compile(
    r"^(?P<lead>.+?)\s+chủ trì(?:\s+thực hiện)?(?:\s*,?\s*phối hợp(?:\s+với)?\s+(?P<partners>.+))?$"
)
_WHEN = re.compile(r"^(?:Quý|Tháng|Năm|Trước|Thường xuyên|Hằng năm|Hàng năm|Định kỳ|\d{1,2}/\d{4})", re.I)


def inline_assignment(text: str) -> dict[str, str]:
    """Lead, partners and deadline written into a task's own text, when an agency leads the clause.

    `Rà soát văn bản (Sở Tư pháp chủ trì, phối hợp Công an tỉnh; Quý III/2023).` →
    {"lead": "Sở Tư pháp", "partners": "Công an tỉnh", "deadline": "Quý III/2023"}.
    """
    if "chủ trì" not in text:
        return {}
    m = _TRAILING_PAREN.search(text) or _LAST_SENTENCE.search(text)
    if m is None:
        return {}
    fields: dict[str, str] = {}
    for part in (p.strip() for p in m.group(1).split(";")):
        who = _LEADS.match(part)
        if who and _AGENCY_HEAD.match(who.group("lead")) and "lead" not in fields:
            fields["lead"] = agency_subject(who.group("lead")).strip(" ,")
            if who.group("partners"):  # "… phối hợp với UBND cấp huyện triển khai" → the bodies only
                fields["partners"] = agency_subject(who.group("partners")).strip(" ,")
        elif _WHEN.match(part) and "deadline" not in fields:
            fields["deadline"] = part
    return fields if "lead" in fields else {}
