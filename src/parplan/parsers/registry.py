"""Choose the profile for a document: detect the province from the header, most specific wins."""

from __future__ import annotations

from parplan.normalize.text import fold
from parplan.parsers.base import BASE, Profile, load_profiles
from parplan.read.source import Para, SourceDoc, Table


def detect_province(doc: SourceDoc, head: int = 40) -> str | None:
    """Province name from the first paragraphs (header block, title): `ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH`."""
    from parplan.normalize.provinces import resolve_province

    texts: list[str] = []
    for block in doc.blocks[:head]:
        if isinstance(block, Para):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts.extend(c.text for r in block.rows[:3] for c in r.cells)
    for text in texts:
        if "ủy ban nhân dân" in fold(text) or "ngày" in text or "tỉnh" in fold(text):
            match = resolve_province(text)
            if match is not None:
                return match.name
    return None


def select_profile(province: str | None, doc_type: str | None = None) -> Profile:
    """The most specific profile matching the province (and document type), else the base profile."""
    if not province:
        return BASE
    candidates = [
        p for p in load_profiles()
        if fold(province) in {fold(x) for x in p.provinces} and (not p.doc_types or doc_type in p.doc_types)
    ]
    return max(candidates, key=Profile.specificity, default=BASE)


def profile_for(doc: SourceDoc) -> Profile:
    return select_profile(detect_province(doc))
