"""Agency mentions → gazetteer ids (`data/agencies.json`), and lists of agencies → single mentions.

Plans name the same body many ways: "Sở TT&TT", "Sở Thông tin và Truyền thông", "STTTT";
"Văn phòng Uỷ ban nhân dân tỉnh", "VP UBND tỉnh". Both the mention and every alias are reduced to the
same canonical tokens (folded, punctuation dropped, "Ủy ban nhân dân" → "ubnd", "Thông tin và Truyền
thông" → "tttt", "các" dropped), then the longest alias at the leftmost position wins. Whatever the
alias does not cover stays in `note`, in the document's own words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import regex as re

from parplan.normalize.text import fold, nfc, squash, strip_accents

__all__ = [
    "Agency",
    "AgencyMatch",
    "agencies",
    "expand_agencies",
    "get_agency",
    "resolve_agency",
    "split_adjacent_names",
    "successor_on",
]

# A word, or an abbreviation glued with "&"/"-": "TT&TT", "LĐ-TB&XH", "PT-TH".
_TOKEN = re.compile(r"\p{L}[\p{L}\p{M}\p{N}]*(?:[&\-]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+")
_GLUE = re.compile(r"[&\-]")
_ABBREV_PART = re.compile(r"[A-ZĐ0-9]{1,5}")  # "TB" in "LĐ-TB&XH"; "TRỊ" in "CHÍNH TRỊ-XÃ HỘI" is a word
_PLACEHOLDER = "<tỉnh>"
_NOTE_EDGES = " \t,;:.-–—/"
_EMPTY_NOTES = {"tỉnh", "cấp tỉnh", "thuộc tỉnh", "các"}
# A bare body type before a colon list: "các Sở: Tư pháp, Tài chính".
_COLON_LIST = re.compile(
    r"^(?P<pre>.*?)(?:\b(?:các|những)\s+)?(?P<head>Sở|Ban|Phòng|Cục|Chi cục|Trung tâm|Hội|Đài)\s*:\s*(?P<list>.+)$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r",|\s+và\s+", re.IGNORECASE)
_TRAILING_JUNK = re.compile(r"[\s,;:.]+$")
_LEADING_CONJ = re.compile(r"^(?:và|,)\s+|\s+(?:và|,)$", re.IGNORECASE)


@dataclass(frozen=True)
class Agency:
    """One gazetteer entry."""

    id: str
    name_vi: str
    name_en: str
    kind: str
    level: str
    status: str
    aliases: tuple[str, ...]
    successor_id: str | None = None
    successor_ids: tuple[str, ...] = ()
    successor_from: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AgencyMatch:
    """A resolved mention: the canonical body plus the mention's own words around the alias."""

    id: str
    name_vi: str
    kind: str
    matched_alias: str
    note: str | None
    successor_id: str | None
    successor_from: str | None = None
    raw: str = ""


class _Tok(NamedTuple):
    """A canonical token and its span in the mention (a tuple: tens are built per mention)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Hit:
    agency_id: str
    alias: str
    start: int  # character offsets in the (NFC) mention
    end: int


@dataclass(frozen=True)
class _Index:
    by_id: dict[str, Agency]
    exact: dict[tuple[str, ...], tuple[str, tuple[str, ...]]]  # tokens → (agency id, aliases as written)
    ascii: dict[tuple[str, ...], tuple[str, tuple[str, ...]] | None]  # accent-free tokens; None if ambiguous
    longest: int
    conflicts: tuple[tuple[str, str, str], ...]  # (alias, kept id, dropped id)


@cache
def _raw() -> dict:
    return json.loads(resources.files("parplan.data").joinpath("agencies.json").read_text(encoding="utf-8"))


def _split_token(word: str, start: int) -> list[_Tok]:
    """Glue short capitalised abbreviations ("TT&TT" → "tttt"); split anything else on "-"/"&"."""
    parts = _GLUE.split(word)
    if len(parts) > 1 and all(_ABBREV_PART.fullmatch(p) for p in parts):
        return [_Tok(fold("".join(parts)), start, start + len(word))]
    tokens, offset = [], start
    for part in parts:
        tokens.append(_Tok(fold(part), offset, offset + len(part)))
        offset += len(part) + 1
    return tokens


def _words(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if "&" in word or "-" in word:
            tokens.extend(_split_token(word, m.start()))
        else:  # no glue: `_split_token` would give the one folded word
            start = m.start()
            tokens.append(_Tok(fold(word), start, start + len(word)))
    return tokens


def _plain_tokens(tokens: list[_Tok]) -> list[_Tok]:
    return [_Tok(strip_accents(t.text), t.start, t.end) for t in tokens]


@cache
def _rules(plain: bool) -> tuple[frozenset[str], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], int]:
    raw = _raw()
    words = _plain_tokens if plain else (lambda tokens: tokens)
    stop = frozenset(t.text for w in raw["stopwords"] for t in words(_words(w)))
    pairs = []
    for phrase, short in raw["equivalences"]:
        pairs.append(
            (tuple(t.text for t in words(_words(phrase))), tuple(t.text for t in words(_words(short))))
        )
    pairs.sort(key=lambda p: -len(p[0]))
    return stop, tuple(pairs), max(len(p[0]) for p in pairs)


@cache
def _pairs_by_first(plain: bool) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """The equivalences of `_rules` grouped by their first token, each group in `_rules` order
    (longest first). A phrase can only match where its first token stands, so `_canonical` tries
    just that group instead of all ~90 phrases at every word: the first match is the same one."""
    groups: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, short in _rules(plain)[1]:
        if phrase:  # an empty phrase would match everywhere without consuming a word; none exist
            groups.setdefault(phrase[0], []).append((phrase, short))
    return {first: tuple(group) for first, group in groups.items()}


def _canonical(text: str, plain: bool = False) -> list[_Tok]:
    """Canonical tokens with their spans: `Văn phòng Uỷ ban nhân dân tỉnh` → vp ubnd tỉnh.

    `plain` drops the accents first, for text typed without diacritics ("Van phong UBND tinh").
    """
    stop = _rules(plain)[0]
    by_first = _pairs_by_first(plain)
    tokens = _words(text)
    words = [t for t in (_plain_tokens(tokens) if plain else tokens) if t.text not in stop]
    texts = [w.text for w in words]
    out: list[_Tok] = []
    i = 0
    while i < len(words):
        for phrase, short in by_first.get(texts[i], ()):
            n = len(phrase)
            if tuple(texts[i : i + n]) == phrase:
                start, end = words[i].start, words[i + n - 1].end
                out.extend(_Tok(s, start, end) for s in short)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _province_names() -> list[str]:
    from parplan.normalize.provinces import provinces

    names = {"tỉnh"}
    for p in provinces():
        names.add(p.name)
    return sorted(names)


def _expand_alias(alias: str) -> list[str]:
    if _PLACEHOLDER not in alias:
        return [alias]
    return [alias.replace(_PLACEHOLDER, name) for name in _province_names()]


@cache
def _index() -> _Index:
    by_id: dict[str, Agency] = {}
    exact: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    ascii_: dict[tuple[str, ...], tuple[str, tuple[str, ...]] | None] = {}
    conflicts: list[tuple[str, str, str]] = []
    for e in _raw()["agencies"]:
        aliases = (e["name_vi"], *e["aliases"], *e["abbreviations"])
        agency = Agency(
            id=e["id"],
            name_vi=e["name_vi"],
            name_en=e["name_en"],
            kind=e["kind"],
            level=e["level"],
            status=e["status"],
            aliases=tuple(aliases),
            successor_id=e.get("successor_id"),
            successor_ids=tuple(e.get("successor_ids", ())),
            successor_from=e.get("successor_from"),
            notes=e.get("notes"),
        )
        by_id[agency.id] = agency
        for alias in aliases:
            for text in _expand_alias(alias):
                key = tuple(t.text for t in _canonical(text))
                if not key:
                    continue
                if key in exact and exact[key][0] != agency.id:
                    conflicts.append((text, exact[key][0], agency.id))
                    continue
                exact[key] = (agency.id, (*exact.get(key, ("", ()))[1], text))
                akey = tuple(t.text for t in _canonical(text, plain=True))
                if len(akey) >= 2:
                    known = ascii_.get(akey, (agency.id, ()))
                    ascii_[akey] = (
                        None if known is None or known[0] != agency.id else (agency.id, (*known[1], text))
                    )
    longest = max(len(k) for k in exact)
    return _Index(by_id, exact, ascii_, longest, tuple(conflicts))


def agencies() -> list[Agency]:
    """Every gazetteer entry, in file order."""
    return list(_index().by_id.values())


def get_agency(agency_id: str) -> Agency | None:
    """The entry with this id, or None."""
    return _index().by_id.get(agency_id)


def successor_on(agency_id: str, on: date) -> str:
    """The body holding `agency_id`'s functions on a date, following successor links.

    Example: `so-thong-tin-truyen-thong` on 2025-06-01 → `so-khoa-hoc-cong-nghe`; on 2024-01-01 → itself.
    """
    seen = {agency_id}
    current = agency_id
    while (a := get_agency(current)) and a.successor_id and a.successor_from:
        if date.fromisoformat(a.successor_from) > on or a.successor_id in seen:
            break
        current = a.successor_id
        seen.add(current)
    return current


def _alias_for(text: str, start: int, end: int, aliases: tuple[str, ...]) -> str:
    """The alias spelled like the mention ("Sở TT&TT"), else the first one sharing its canonical form."""
    written = fold(text[start:end])
    return next((a for a in aliases if fold(a) == written), aliases[0])


@cache
def _alias_heads() -> tuple[frozenset[str], frozenset[str]]:
    """The first tokens of the exact and of the accent-free alias keys: an alias can only start
    at a token that heads one, so `_hits` skips the other positions without a lookup."""
    index = _index()
    return frozenset(k[0] for k in index.exact), frozenset(k[0] for k in index.ascii)


def _hits(text: str) -> Iterator[_Hit]:
    """The longest alias starting at each token position, accent-free only when nothing else matches."""
    index = _index()
    for plain in (False, True):
        table = index.ascii if plain else index.exact
        heads = _alias_heads()[plain]
        tokens = _canonical(text, plain)
        keys = [t.text for t in tokens]
        found = False
        for i in range(len(keys)):
            if keys[i] not in heads:
                continue
            for n in range(min(index.longest, len(keys) - i), 1 if plain else 0, -1):
                entry = table.get(tuple(keys[i : i + n]))
                if entry is not None:
                    found = True
                    start, end = tokens[i].start, tokens[i + n - 1].end
                    yield _Hit(entry[0], _alias_for(text, start, end, entry[1]), start, end)
                    break
        if found:
            return


def _first_hit(text: str) -> _Hit | None:
    return next(_hits(text), None)


def _note(text: str, hit: _Hit) -> str | None:
    before = text[: hit.start].strip(_NOTE_EDGES)
    after = text[hit.end :].strip(_NOTE_EDGES)
    if fold(before) in _EMPTY_NOTES:
        before = ""
    if fold(after) in _EMPTY_NOTES:
        after = ""
    note = " … ".join(p for p in (before, after) if p)
    return note or None


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def resolve_agency(mention: str) -> AgencyMatch | None:
    """The gazetteer body a mention names, or None.

    Examples: "Sở TT&TT" → `so-thong-tin-truyen-thong`; "Văn phòng UBND tỉnh đăng tải trên Công báo" →
    `van-phong-ubnd-tinh` with note "đăng tải trên Công báo"; "Các Sở, ban, ngành" → `collective:so-ban-nganh`;
    "Viễn thông Tuyên Quang" → `vnpt-tinh`.
    """
    text = squash(nfc(mention))
    hit = _first_hit(text)
    if hit is None:
        return None
    agency = _index().by_id[hit.agency_id]
    return AgencyMatch(
        id=agency.id,
        name_vi=agency.name_vi,
        kind=agency.kind,
        matched_alias=hit.alias,
        note=_note(text, hit),
        successor_id=agency.successor_id,
        successor_from=agency.successor_from,
        raw=text,
    )


# --- list expansion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seg:
    start: int
    end: int


def _split_outside_parens(text: str, pattern: re.Pattern[str]) -> list[_Seg]:
    segs: list[_Seg] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (m := pattern.match(text, i)):
            segs.append(_Seg(start, i))
            start = i = m.end()
            continue
        i += 1
    segs.append(_Seg(start, len(text)))
    return [s for s in segs if text[s.start : s.end].strip()]


def _all_hits(text: str) -> list[_Hit]:
    return list(_hits(text))


def _group(text: str, segs: list[_Seg], head: str = "") -> list[str]:
    """Merge comma/"và" pieces back into whole names; a piece that names nothing joins its neighbour."""
    prefix = f"{head} " if head else ""
    out: list[str] = []
    # Start of an unresolved leading piece ("Chi cục Văn thư lưu trữ"): it joins the next name.
    pending: int | None = None
    i = 0
    while i < len(segs):
        taken = 0
        for j in range(len(segs) - 1, i - 1, -1):
            body = text[segs[i].start : segs[j].end].strip()
            candidate = prefix + body
            first_end = len(prefix) + (segs[i].end - segs[i].start)
            last_start = len(prefix) + (segs[j].start - segs[i].start)
            for hit in _all_hits(candidate):
                inside = hit.end > len(prefix) if j == i else hit.start < first_end and hit.end > last_start
                if inside:
                    out.append(candidate)
                    taken = j - i + 1
                    break
            if taken:
                if pending is not None:
                    out[-1] = prefix + text[pending : segs[j].end].strip()
                    pending = None
                break
        if taken:
            i += taken
            continue
        piece = text[segs[i].start : segs[i].end].strip()
        shared = _share_head(out[-1], piece) if out and not head else None
        if shared:
            out.append(shared)
        elif out:
            out[-1] = f"{out[-1]}{text[segs[i - 1].end : segs[i].end]}".rstrip()
        elif pending is None:
            pending = segs[i].start
        i += 1
    if pending is not None:
        out.append(prefix + text[pending : segs[-1].end].strip())
    return out


def _share_head(previous: str, piece: str) -> str | None:
    """Complete a piece with the head of the previous name: "UBND cấp huyện", "cấp xã" → "UBND cấp xã"."""
    words = previous.split()
    first = fold(piece.split()[0]) if piece.split() else ""
    previous_hit = _first_hit(previous)
    cuts = [k for k in range(1, len(words)) if fold(words[k]) == first] or list(range(1, len(words)))
    for k in cuts:
        candidate = " ".join(words[:k]) + " " + piece
        hit = _first_hit(candidate)
        if (
            hit
            and hit.end > len(" ".join(words[:k]))
            and (previous_hit is None or hit.agency_id != previous_hit.agency_id)
        ):
            return candidate
    return None


def _clean_item(item: str) -> str:
    return _LEADING_CONJ.sub("", _TRAILING_JUNK.sub("", item.strip())).strip()


def split_adjacent_names(item: str) -> list[str]:
    """Names typed one after another with no separator, as a cell's line breaks lost in a flat
    export leave them ("Ban Tổ chức Tỉnh ủy Sở Nội vụ"): split only when known names, longest
    first, cover the whole item with nothing but spaces between them."""
    names: list[_Hit] = []
    at = 0
    for hit in sorted(_all_hits(item), key=lambda h: (h.start, -h.end)):
        if hit.start < at:
            continue
        if item[at : hit.start].strip():
            return [item]
        names.append(hit)
        at = hit.end
    if len(names) < 2 or item[at:].strip():
        return [item]
    return [item[h.start : h.end] for h in names]


def expand_agencies(text: str) -> list[str]:
    """Split a text naming several agencies into one mention per body; collective phrases stay whole.

    Examples: "Văn phòng UBND tỉnh và các Sở: Tư pháp, Tài chính" → ["Văn phòng UBND tỉnh", "Sở Tư pháp",
    "Sở Tài chính"]; "UBND cấp huyện, cấp xã" → ["UBND cấp huyện", "UBND cấp xã"];
    "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố" → two collective mentions.
    """
    text = squash(nfc(text))
    items: list[str] = []
    for part in _split_outside_parens(text, re.compile(";")):
        chunk = text[part.start : part.end].strip()
        m = _COLON_LIST.match(chunk)
        if m:
            pre = _clean_item(m.group("pre"))
            if pre:
                items.extend(_group(pre, _split_outside_parens(pre, _SEPARATOR)))
            listed = m.group("list")
            items.extend(_group(listed, _split_outside_parens(listed, _SEPARATOR), head=m.group("head")))
        else:
            items.extend(_group(chunk, _split_outside_parens(chunk, _SEPARATOR)))
    return [name for c in (_clean_item(i) for i in items) if c for name in split_adjacent_names(c)]
