"""Extract stage entry point: outline → Draft (everything still as written, with sources)."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from parplan.extract.metadata import MetaDraft, TextBlock, extract_metadata
from parplan.extract.narrative import NarrativeDraft, outline_to_narrative
from parplan.extract.tables import RowDraft, appendix_rows
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


def outline_to_draft(outline: Outline, doc: SourceDoc) -> Draft:
    from parplan.parsers import profile_for

    profile = profile_for(doc)
    narrative = outline_to_narrative(outline.root, profile)
    front = [n for n in narrative.loose if n.ref is not None and n.family != "root"]
    appendix_paras = [b for b in outline.appendix if isinstance(b, Para)]
    blocks = [TextBlock(n.full_text, n.ref, front=True) for n in front]
    blocks += [TextBlock(p.text, p.ref, front=True, appendix=True) for p in appendix_paras]
    meta = extract_metadata(blocks)
    rows = appendix_rows(list(outline.appendix), synonyms=profile.column_synonyms or None)
    return Draft(doc, narrative, meta, rows, _unassigned(front, appendix_paras, meta), profile)


def _unassigned(front: list[Node], appendix: list[Para], meta: MetaDraft) -> list[tuple[str, SourceRef]]:
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
        if i in meta.claimed or in_closing or _BOILERPLATE.match(text) or _ARTICLE.match(text):
            continue
        if node.family in {"title"} and is_caps(text):
            continue
        if node.ref is not None:
            out.append((text, node.ref))
    offset = len(front)
    for j, para in enumerate(appendix):
        text = para.text.strip()
        if offset + j in meta.claimed or is_caps(text) or text.startswith("(") or is_group_title(text):
            continue
        out.append((text, para.ref))
    return out
