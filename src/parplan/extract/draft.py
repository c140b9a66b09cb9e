"""Extract stage entry point: outline → Draft (everything still as written, with sources)."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from parplan.extract.metadata import MetaDraft, TextBlock, extract_metadata, is_basis_line
from parplan.extract.narrative import HEADING_FAMILIES, NarrativeDraft, SectionDraft, outline_to_narrative
from parplan.extract.tables import RowDraft, appendix_rows
from parplan.extract.title import CAPS_TYPE
from parplan.parsers.base import BASE, Profile
from parplan.read.lines import is_caps
from parplan.read.source import Para, SourceDoc, SourceRef
from parplan.segment import Node, Outline

_BOILERPLATE = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|"
    r"QUYẾT ĐỊNH\s*:?|-{3,}|TM\.|KT\.|Nơi nhận)",
)
_ARTICLE = re.compile(r"^Điều\s+\d+")


@dataclass
class Draft:
    """Everything extracted, values as written; input of the normalize stage."""

    doc: SourceDoc
    narrative: NarrativeDraft
    meta: MetaDraft
    rows: list[RowDraft]
    unassigned: list[tuple[str, SourceRef]] = field(default_factory=list)
    profile: Profile = BASE
    issues: list[tuple[str, str, SourceRef | None]] = field(default_factory=list)  # (code, message, where)


def outline_to_draft(outline: Outline, doc: SourceDoc, profile: Profile | None = None) -> Draft:
    """Areas, items, rows and metadata from the outline, with the document's province `profile`
    (chosen once after `read`; looked up here when a caller gives none)."""
    if profile is None:
        from parplan.parsers import profile_for

        profile = profile_for(doc)
    narrative = outline_to_narrative(outline.root, profile)
    front = [n for n in narrative.loose if n.ref is not None and n.family != "root"]
    appendix_paras = [b for b in outline.appendix if isinstance(b, Para)]
    everything = list(outline.root.walk())
    body = first_body_heading(outline.root, everything)
    # metadata reads every paragraph: the frame (loose paragraphs) and the opening as evidence, the
    # body for province mentions only; `index` maps a node to its block
    loose = {id(n) for n in front}
    nodes = sorted((n for n in everything if n.ref is not None and n.seq >= 0), key=lambda n: n.seq)
    index = {id(n): i for i, n in enumerate(nodes)}
    blocks = [TextBlock(n.full_text, n.ref, front=id(n) in loose, opening=n.seq < body) for n in nodes]
    blocks += [TextBlock(p.text, p.ref, front=True, appendix=True, opening=False) for p in appendix_paras]
    meta = extract_metadata(blocks)
    rows = appendix_rows(list(outline.appendix), synonyms=profile.column_synonyms or None)
    framing = _framing(outline.root, body)
    frame_nodes = [n for n in front if n.seq in framing]
    if frame_nodes:  # the decree's frame, kept as written: header, preamble, articles, recipients, signature
        sec = SectionDraft("front_matter", frame_nodes[0].full_text, frame_nodes[0].ref or SourceRef(""))
        sec.texts.extend(n.full_text for n in frame_nodes)
        narrative.sections.insert(0, sec)
    issues = list(narrative.issues)
    for node in front:
        if (
            index[id(node)] in meta.claimed
            and node.seq not in framing
            and node.family not in {"plain", "note", *HEADING_FAMILIES}
        ):
            issues.append(
                ("PP405", f"list paragraph in the body read as metadata: {node.full_text[:80]!r}", node.ref)
            )
    claimed_front = {i for i, n in enumerate(front) if index[id(n)] in meta.claimed}
    claimed_front |= {len(front) + j for j in range(len(appendix_paras)) if len(nodes) + j in meta.claimed}
    draft = Draft(doc, narrative, meta, rows, _unassigned(front, appendix_paras, claimed_front), profile)
    draft.issues = issues
    return draft


def _framing(root: Node, body: int) -> set[int]:
    """Paragraph indexes of the decree's frame: everything before the first body heading, and the
    titles, decision articles and recipients list (with what they hold) after it."""
    out: set[int] = set()
    for node in root.walk():
        if node.seq < 0:
            continue
        if node.family in {"closing", "article"}:
            out.update(n.seq for n in node.walk())
        elif node.seq < body:
            out.add(node.seq)
        elif node.family == "title":  # a title and its subtitle lines; a body without Roman
            out.add(node.seq)  # sections hangs under the plan's title and is not frame
            out.update(c.seq for c in node.children if c.family in {"plain", "note"} and not c.children)
    return out


def first_body_heading(root: Node, nodes: list[Node] | None = None) -> int:
    """Paragraph index of the plan's first body heading (`I. MỤC ĐÍCH, YÊU CẦU`, `1. …`, an unnumbered
    heading): the opening (header, title, `Căn cứ …`) ends there. Bases numbered as a list (Word list
    numbering: `1. Căn cứ Nghị quyết …;`) are part of the opening, not its end."""
    # nothing above the plan's (or its decision's) type line is body: a header line the outline took
    # for a heading there ("HỘI CHỦ NGHĨA VIỆT NAM" split from its motto) does not end the opening
    nodes = list(root.walk()) if nodes is None else nodes  # (`nodes`: the walk, when the caller has it)
    title = min((n.seq for n in nodes if n.family == "title" and CAPS_TYPE.match(n.text)), default=-1)
    return min(
        (
            n.seq
            for n in nodes
            if n.family in HEADING_FAMILIES and n.seq > title and not is_basis_line(n.text)
        ),
        default=1 << 30,
    )


def _unassigned(front: list[Node], appendix: list[Para], claimed: set[int]) -> list[tuple[str, SourceRef]]:
    """Front-matter and appendix text that no metadata field, section or table claimed (appendix
    group headings are claimed by the same test the table extractor uses to read them)."""
    from parplan.read.text_tables import is_group_title

    out: list[tuple[str, SourceRef]] = []
    in_closing = False  # inside the recipients list or the decision's articles (Điều 1, 2, 3 …)
    for i, node in enumerate(front):
        text = node.full_text
        if node.family in {"closing", "article"}:
            in_closing = True
        elif node.family in {"title", "roman"}:
            in_closing = False
        if i in claimed or in_closing or _BOILERPLATE.match(text) or _ARTICLE.match(text):
            continue
        if node.family in {"title"} and is_caps(text):
            continue
        if node.ref is not None:
            out.append((text, node.ref))
    offset = len(front)
    for j, para in enumerate(appendix):
        text = para.text.strip()
        if offset + j in claimed or is_caps(text) or text.startswith("(") or is_group_title(text):
            continue
        out.append((text, para.ref))
    return out
