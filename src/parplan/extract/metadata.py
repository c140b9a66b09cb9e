"""Extract stage, metadata: header block, number, date, title, period, signer, legal bases.

A decision that promulgates a plan is one document: the plan's own type (Kế hoạch / Chương trình)
wins over the covering Quyết định, and the number is the promulgating instrument's. Sources are
tried in order of trust: the header `Số:` line, the plan header `(Ban hành kèm theo Quyết định số
…)`, then the appendix caption `(Kèm theo Kế hoạch số …)`. Disagreements are reported, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import regex as re

from parplan.extract.references import Citation, clean_number, find_citations, parse_date_after
from parplan.normalize.text import fold
from parplan.read.lines import is_caps
from parplan.read.source import SourceRef

_SO_LINE = re.compile(r"(?<![\p{L}])Số\s*:?\s*(\d{1,5}\s?(?:/\d{4})?\s?/\s?\p{Lu}[\p{L}\d&-]*|\d{1,4}-\p{Lu}\p{L}*/\p{Lu}+)")
_ATTACHED = re.compile(
    r"(?:Ban hành\s+)?[Kk]èm theo,?\s+(Quyết định|Kế hoạch|Chương trình(?: hành động)?|Công văn|Nghị quyết)\s+số\s*:?\s*"
)
_PLACE_DATE = re.compile(r"([\p{Lu}][\p{L}\s.-]{1,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_BASIS_START = re.compile(r"^(?:Căn cứ|Thực hiện)\b")
_BASIS_STOP = re.compile(
    r"^(?:Theo đề nghị|Xét đề nghị|QUYẾT ĐỊNH|Quyết định:|(?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố) ban hành|UBND tỉnh ban hành|Điều \d)"
)
_BASIS_END = re.compile(
    r"(?:Theo|Xét) đề nghị|(?<!của\s)(?:(?:Ủy|Uỷ) ban nhân dân|UBND) (?:tỉnh|thành phố) ban hành"
)
_AMENDED = re.compile(r"sửa đổi,? bổ sung[^;]{0,60}$")
_SIGN_ROLE = re.compile(r"\bCHỦ TỊCH\b|\bGIÁM ĐỐC\b|\bTRƯỞNG BAN\b")
_NAME = re.compile(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4}$")
_DOC_TITLE = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|QUYẾT ĐỊNH|ĐỀ ÁN)\b")
_ISSUER = re.compile(r"^((?:ỦY|UỶ) BAN NHÂN DÂN(?: TỈNH| THÀNH PHỐ)?\s+[\p{Lu}\s]+?)(?:\s*[-–]{2,}|\s+CỘNG HÒA|\s+Số\b|$)")
_ISSUER_OPENINGS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN")
_TITLE_OPENINGS = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH", "ĐỀ ÁN")  # `_DOC_TITLE`'s
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.I)
_UNTIL = re.compile(r"đến năm\s+(\d{4})", re.I)
_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.I)
_SPACES = re.compile(r"\s+")
_SUBMISSION_BEFORE = re.compile(r"(?:Tờ trình|Công văn|văn bản)\s*$", re.I)


@dataclass(frozen=True)
class TextBlock:
    """A paragraph seen by metadata extraction: text, ref, and whether it is front matter."""

    text: str
    ref: SourceRef
    front: bool  # outside the plan's numbered sections (header, preamble, signature, captions)
    appendix: bool = False
    opening: bool = True  # before the plan's first body heading: the only place legal bases are cited


@dataclass
class MetaDraft:
    doc_type: str = "other"
    number: str | None = None
    number_ref: SourceRef | None = None
    issued_on: str | None = None
    place: str | None = None
    issuer: str | None = None
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    signer: str | None = None
    legal_bases: list[tuple[Citation, str, SourceRef]] = field(default_factory=list)
    numbers_seen: list[tuple[str, str, SourceRef]] = field(default_factory=list)  # (number, where, ref)
    claimed: set[int] = field(default_factory=set)  # indexes of blocks used


_CLAIMED_FRONT = re.compile(
    r"^(?:Theo đề nghị|Xét đề nghị|Về việc ban hành|Ban hành (?:Kế hoạch|Chương trình)|"
    r"(?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố) ban hành|UBND (?:tỉnh|thành phố) ban hành)"
)


def extract_metadata(blocks: list[TextBlock]) -> MetaDraft:
    """All metadata fields from the ordered paragraphs."""
    meta = MetaDraft()
    # the submission, the decision's subject line and the enactment clause belong to the header
    meta.claimed.update(i for i, b in enumerate(blocks) if b.front and _CLAIMED_FRONT.match(b.text.strip()))
    _number_and_date(blocks, meta)
    _doc_type_and_title(blocks, meta)
    _signer(blocks, meta)
    _legal_bases(blocks, meta)
    return meta


def _number_and_date(blocks: list[TextBlock], meta: MetaDraft) -> None:
    candidates: list[tuple[int, str, str | None, SourceRef, str]] = []
    # Each pattern below holds a literal that the text must hold for it to match (`_ISSUER` one of
    # two openings): looking for it first spares most paragraphs the searches.
    for i, b in enumerate(blocks):
        if not b.front:
            continue
        text = b.text
        if meta.issuer is None and text.startswith(_ISSUER_OPENINGS) and (m := _ISSUER.match(text)):
            meta.issuer = _SPACES.sub(" ", m.group(1)).strip()
            meta.claimed.add(i)
        m = _SO_LINE.search(text) if "Số" in text else None
        if m and not _SUBMISSION_BEFORE.search(b.text[: m.start()]):
            candidates.append((0, clean_number(m.group(1)), None, b.ref, "header"))
            meta.claimed.add(i)
        for m in _ATTACHED.finditer(text) if "èm theo" in text else ():
            rest = b.text[m.end() :]
            cites = find_citations(rest[:60])
            if cites and cites[0].start < 3:
                c = cites[0]
                rank = 2 if b.appendix else 1
                candidates.append((rank, c.number, parse_date_after(rest[c.end :]), b.ref, "appendix caption" if b.appendix else "plan header"))
                meta.claimed.add(i)
        if meta.issued_on is None and "ngày" in text and (m := _PLACE_DATE.search(text)):
            d, mo, y = (int(g) for g in m.groups()[1:])
            try:
                meta.issued_on = date(y, mo, d).isoformat()
                meta.place = m.group(1).strip()
                meta.claimed.add(i)
            except ValueError:
                pass
    if not candidates:
        return
    candidates.sort(key=lambda c: c[0])
    rank, number, when, ref, _ = candidates[0]
    meta.number, meta.number_ref = number, ref
    meta.numbers_seen = [(c[1], c[4], c[3]) for c in candidates]
    if meta.issued_on is None:
        meta.issued_on = when or next((c[2] for c in candidates if c[2] and c[1] == number), None)


def _doc_type_and_title(blocks: list[TextBlock], meta: MetaDraft) -> None:
    found: list[tuple[str, int]] = []
    for i, b in enumerate(blocks):
        if (
            b.front
            and not b.appendix
            and b.text.startswith(_TITLE_OPENINGS)
            and is_caps(b.text)
            and (m := _DOC_TITLE.match(b.text))
        ):
            found.append((m.group(1), i))
    plan = next(((t, i) for t, i in found if not t.startswith("QUYẾT")), None) or (found[0] if found else None)
    if plan is None:
        return
    word, i = plan
    meta.doc_type = {"KẾ HOẠCH": "ke_hoach", "QUYẾT ĐỊNH": "quyet_dinh", "ĐỀ ÁN": "other"}.get(word, "chuong_trinh")
    meta.claimed.add(i)
    head = blocks[i].text
    rest = head[len(word) :].strip()
    j = i + 1
    if not rest and j < len(blocks):  # the subject line follows: "Cải cách hành chính tỉnh Quảng Ninh năm 2022"
        nxt = blocks[j].text.strip()
        if not nxt.startswith(("(", "Căn cứ", "Thực hiện")) and len(nxt) < 400:
            rest = nxt
            meta.claimed.add(j)
    title = f"{word} {rest}".strip()
    meta.title = _recase(title, blocks) if is_caps(title) else word.capitalize() + " " + _lower_first(rest)
    meta.title = meta.title.strip()
    _period(meta.title, meta)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not (len(text) > 1 and text[1].isupper()) else text


def _recase(title: str, blocks: list[TextBlock]) -> str:
    """Recover the sentence case of an ALL-CAPS title from a sentence that repeats it."""
    target = fold(title)
    for b in blocks:
        folded = fold(b.text)
        k = folded.find(target)
        if k >= 0 and not is_caps(b.text):
            # map folded offsets back: fold keeps length for NFC text with single spaces
            squashed = _SPACES.sub(" ", b.text).strip()
            if len(squashed) == len(folded):
                return squashed[k : k + len(target)]
    words = title.split()
    return " ".join([words[0].capitalize()] + [w.lower() for w in words[1:]])


def _period(title: str, meta: MetaDraft) -> None:
    if m := _PERIOD.search(title):
        meta.period_start, meta.period_end = int(m.group(1)), int(m.group(2))
        for u in _UNTIL.finditer(title[m.end() :]):
            meta.period_end = max(meta.period_end, int(u.group(1)))
    elif m := _YEAR.search(title):
        meta.period_start = meta.period_end = int(m.group(1))


def _has_sign_word(text: str) -> bool:
    """Whether `text` holds one of `_SIGN_ROLE`'s words (which it needs to match)."""
    return "CHỦ TỊCH" in text or "GIÁM ĐỐC" in text or "TRƯỞNG BAN" in text


def _signer(blocks: list[TextBlock], meta: MetaDraft) -> None:
    for i, b in enumerate(blocks):
        text = b.text
        if not (b.front and _has_sign_word(text) and is_caps(text) and _SIGN_ROLE.search(text)):
            continue
        for j in range(i + 1, min(i + 4, len(blocks))):
            cand = blocks[j].text.strip()
            if _NAME.match(cand) and len(cand) <= 40:
                meta.signer = cand
                meta.claimed.update({i, j})
                return


def _legal_bases(blocks: list[TextBlock], meta: MetaDraft) -> None:
    seen: set[str] = set()
    active = False
    for i, b in enumerate(blocks):
        text = b.text.strip()
        if not b.front or b.appendix or not b.opening:
            active = False
            continue
        if _BASIS_START.match(text):
            active = True
        elif active and (_BASIS_STOP.match(text) or is_caps(text) or text.startswith("(")):
            active = False
        if not active:
            continue
        meta.claimed.add(i)
        # hard-wrapped text may run the submission or the enactment clause into the last basis
        # ("…2030, Ủy ban nhân dân tỉnh ban hành …", "…; Theo đề nghị … Tờ trình số 12/TTr-SNV"): cut there
        end = _BASIS_END.search(text, 1)
        for c in find_citations(text):
            if (end and c.start > end.start()) or _AMENDED.search(text[max(0, c.start - 80) : c.start]):
                continue
            if c.number not in seen:
                seen.add(c.number)
                meta.legal_bases.append((c, text, b.ref))
