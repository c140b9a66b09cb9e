"""Province of a plan from its header, place-date line or title, in the era the plan was issued.

The 2025 merger (Nghị quyết 202/2025/QH15; new provinces operating from 2025-07-01) turned 63
provincial units into 34; several names survive with a different territory ("Tuyên Quang" before =
without Hà Giang, after = with it) and seven codes were reused by differently-named units. So a
name is resolved to a pre-2025 or a post-2025 entity by the issue date, and pre-2025 entities carry
their successor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

import regex as re

from parplan.normalize.text import fold, nfc, squash, strip_accents

__all__ = ["ERA_SWITCH", "Province", "ProvinceMatch", "get_province", "provinces", "resolve_province"]

ERA_SWITCH = date(2025, 7, 1)
_PUNCT = re.compile(r"[^\p{L}\p{M}\p{N}]+")
# Words that make a following name a provincial unit: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "tỉnh Quảng Bình".
_UNIT_WORDS = ("tỉnh", "thành phố", "tp")
_SHORT_FORMS = frozenset({"tphcm", "kontum"})  # one-word forms that are never a person's name


@dataclass(frozen=True)
class Province:
    """One provincial unit of one era."""

    id: str
    era: str  # pre_2025 | post_2025
    code: str
    name: str
    full_name: str
    name_ascii: str
    kind: str
    aliases: tuple[str, ...]
    successor_id: str | None = None
    formed_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvinceMatch:
    """The province a text names, with its post-merger successor for pre-2025 plans."""

    id: str
    name: str
    full_name: str
    code: str
    era: str
    kind: str
    successor_id: str | None
    successor_name: str | None
    matched: str  # the folded name form that was found


@cache
def _raw() -> dict:
    return json.loads(resources.files("parplan.data").joinpath("provinces.json").read_text(encoding="utf-8"))


@cache
def _all() -> dict[str, Province]:
    out: dict[str, Province] = {}
    for p in _raw()["provinces"]:
        out[p["id"]] = Province(
            id=p["id"],
            era=p["era"],
            code=p["code"],
            name=p["name"],
            full_name=p["full_name"],
            name_ascii=p["name_ascii"],
            kind=p["kind"],
            aliases=tuple(p.get("aliases", ())),
            successor_id=p.get("successor_id"),
            formed_from=tuple(p.get("formed_from", ())),
        )
    return out


def provinces(era: str | None = None) -> list[Province]:
    """All provinces, or those of one era (`pre_2025`: 63, `post_2025`: 34)."""
    return [p for p in _all().values() if era is None or p.era == era]


def get_province(province_id: str) -> Province | None:
    """The province with this id (`quang-ninh`, `quang-ninh@2025`), or None."""
    return _all().get(province_id)


def _plain(text: str) -> str:
    return squash(_PUNCT.sub(" ", fold(text)))


def _bare(form: str) -> str:
    """A name form without its unit word: `tỉnh quảng ninh` → `quảng ninh`, `tp hồ chí minh` → `hồ chí minh`."""
    for word in _UNIT_WORDS:
        if form.startswith(word + " "):
            return form[len(word) + 1 :]
    return form


@cache
def _forms() -> tuple[
    dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], re.Pattern[str], re.Pattern[str]
]:
    """Name forms → province ids (folded and accent-free), and one alternation regex for each."""
    folded: dict[str, list[str]] = {}
    plain: dict[str, list[str]] = {}
    for p in _all().values():
        for text in (p.name, p.full_name, *p.aliases):
            form = _bare(_plain(text))
            if form:
                folded.setdefault(form, []).append(p.id)
                plain.setdefault(strip_accents(form), []).append(p.id)
        plain.setdefault(_bare(_plain(p.name_ascii)), []).append(p.id)

    def alternation(forms: dict[str, list[str]]) -> re.Pattern[str]:
        names = sorted(forms, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    return (
        {k: tuple(dict.fromkeys(v)) for k, v in folded.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in plain.items()},
        alternation(folded),
        alternation(plain),
    )


def _choose(ids: tuple[str, ...], issued_on: date | None) -> Province:
    """Pick the entity of the plan's era; a name that only existed in the other era keeps that era."""
    want = "post_2025" if issued_on is not None and issued_on >= ERA_SWITCH else "pre_2025"
    candidates = [_all()[i] for i in ids]
    for p in candidates:
        if p.era == want:
            return p
    return candidates[0]


def _find(text: str, pattern: re.Pattern[str], accents: bool) -> tuple[str, int] | None:
    """Best name form in a folded text: after a unit word, then before ", ngày", then any 2+-syllable name."""
    units = _UNIT_WORDS if accents else tuple(strip_accents(w) for w in _UNIT_WORDS)
    day = "ngày" if accents else "ngay"
    best: tuple[int, int, str] | None = None
    for m in pattern.finditer(text):
        form = m.group(0)
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        if any(before == w or before.endswith(" " + w) for w in units):
            rank = 0
        elif after.startswith(day):
            rank = 1
        elif len(form.split()) >= 2 or form in _SHORT_FORMS:
            rank = 2
        else:
            continue  # a one-syllable name ("Huế") alone may be a person's name
        if best is None or (rank, m.start()) < best[:2]:
            best = (rank, m.start(), form)
    return (best[2], best[0]) if best else None


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def resolve_province(text: str, issued_on: date | None = None) -> ProvinceMatch | None:
    """The province a header, place-date line or title names, in the era of `issued_on`.

    Examples: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" → `quang-ninh`; "Quảng Ninh, ngày 30 tháng 12 năm 2021"
    → `quang-ninh`; "Kế hoạch cải cách hành chính tỉnh Quảng Bình" → `quang-binh` (successor `quang-tri@2025`).
    Without a date the pre-2025 entity is chosen.
    """
    folded_forms, plain_forms, folded_re, plain_re = _forms()
    folded = _plain(nfc(text))
    found = _find(folded, folded_re, accents=True)
    ids = folded_forms[found[0]] if found else None
    if found is None:
        found = _find(strip_accents(folded), plain_re, accents=False)
        ids = plain_forms[found[0]] if found else None
    if found is None or ids is None:
        return None
    p = _choose(ids, issued_on)
    successor = get_province(p.successor_id) if p.successor_id else None
    return ProvinceMatch(
        id=p.id,
        name=p.name,
        full_name=p.full_name,
        code=p.code,
        era=p.era,
        kind=p.kind,
        successor_id=successor.id if successor else None,
        successor_name=successor.name if successor else None,
        matched=found[0],
    )
