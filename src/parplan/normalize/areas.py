"""Reform-area headings → canonical codes; also plan-section roles and milestone periods.

Plans word the same area many ways ("4. Cải cách chế độ công vụ", "IV CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
"Nhóm nhiệm vụ, giải pháp về xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức").
The variants live in `data/areas.json`; matching is on folded text, strongest evidence first:
exact variant, variant as prefix, variant contained in a short heading, a strict fuzzy ratio, and only
then keyword cues (short headings only), so an unseen province's wording lands on a code without
guessing from a long sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources

import regex as re

from parplan.normalize.text import fold, slugify, squash
from parplan.schema.enums import AREA_CODES  # re-exported: the canonical list lives in the schema

__all__ = [
    "AREA_CODES",
    "area_code",
    "area_names",
    "clean_heading",
    "name_area",
    "other_code",
    "period_milestone",
    "section_role",
]


# Leading enumerators: "I.", "II /", "VI " (all-caps tables), "1.", "2.1.", "a)", "(3)", "-", "Nội dung 2.",
# "Phần I", "Mục 3:". A bare Roman numeral ("I Giai đoạn …" in tables) needs a space and a capital after it,
# so "Về …" and "Vi phạm …" stay intact.
_ENUM = re.compile(
    r"""^\s*(?:
        (?i:nội\s+dung|phần|mục|chương)\s+(?:\d+|[IVXLC]+|(?i:thứ)\s+\w+)\b\s*[.:)/\-–]?\s*
      | \(?(?:\d+|[IVXLC]+)\s*[.):/\-–]+\s*
      | \(?[a-zđ]\s*[.)]\s*
      | [IVXLC]{1,5}\s+(?=\p{Lu})
      | [-+•*–]\s+
    )++""",  # possessive, and "2.1." read as "2." + "1.": no backtracking blow-up on "1.1.1.1…"
    re.VERBOSE,
)
_ROMAN_ONLY = re.compile(r"^[IVXLC]+$")
_PUNCT = re.compile(r"[^\p{L}\p{N}\s]+")
# Applied to folded text: "7. Nhóm nhiệm vụ, giải pháp về …", "Nội dung 3: …" open a programme's task group.
_TASK_GROUP = re.compile(
    r"^(?:(?:[ivxlc]+|\d+|[a-zđ])\s*[.)/:\-]\s*)*+(?:nhóm (?:nhiệm vụ|giải pháp)|nội dung \d+)"
)
# Matched against folded text; `fold` also rewrites "đoạn" (→ "đọan"), so the literal is folded the same way.
_PERIOD = re.compile(
    r"^(?:(?:mục\s+tiêu|chỉ\s+tiêu)\s+)?(?:" + fold("giai đoạn").replace(" ", r"\s+") + r"\s+)?"
    r"(?:từ\s+nay\s+|định\s+hướng\s+|phấn\s+đấu\s+)?"
    r"(?:(?:đến|tới)\s+(?:hết\s+)?năm\s+(?P<y>\d{4})|(?:năm\s+)?(?P<a>\d{4})\s*[-–—]\s*(?:năm\s+)?(?P<b>\d{4}))$"
)
_DIGIT = re.compile(r"\d")
_TARGET_WORDS = re.compile(r"\b(?:mục tiêu|chỉ tiêu|kết quả cần đạt)\b")
_TASK_WORDS = re.compile(r"\b(?:nhiệm vụ|giải pháp)\b")
# A sub-heading that opens with what it holds: "Về mục tiêu", "Các chỉ tiêu chủ yếu", "Những nhiệm vụ
# trọng tâm năm 2022", "Kết quả cần đạt" (applied to plain folded text)
_OPENS_WITH = re.compile(r"^(?:về |các |những |một số )*(?:(?P<target>mục tiêu|chỉ tiêu|kết quả cần đạt)|(?P<task>nhiệm vụ))\b")
_PURPOSE_WORDS = ("mục đích", "yêu cầu", "quan điểm")

FUZZY_MIN = 0.9  # difflib ratio; typos pass, different areas sharing "cải cách … hành chính" do not
CONTAIN_MAX_WORDS = 12  # longer headings are sentences, not area titles: no containment or keywords
KEYWORD_MAX_WORDS = 6
ROLE_MAX_WORDS = 25
ROLE_BY_MEANING_MAX_WORDS = 10  # "Các chỉ tiêu chủ yếu năm 2022": a sub-heading, not a sentence


@dataclass(frozen=True)
class _Variant:
    code: str
    key: str  # canonical form of the variant


@dataclass(frozen=True)
class _Data:
    variants: tuple[_Variant, ...]
    exact: dict[str, str]
    keywords: tuple[tuple[str, str], ...]  # (code, canonical cue)
    roles: tuple[tuple[str, str], ...]  # (code, canonical variant), longest first
    names: dict[str, tuple[str, str]]  # code → (name_vi, name_en)
    prefixes: tuple[str, ...]
    abbreviations: tuple[tuple[str, str], ...]
    slug_stop: frozenset[str] = frozenset()
    # Lookups over the lists above, same order kept: a text can only equal a variant or start with
    # it (`_starts_with`) when both open with the same word, so only those variants are tried.
    role_exact: dict[str, str] = field(default_factory=dict)  # variant → first code in `roles`
    roles_by_word: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    variants_by_word: dict[str, tuple[_Variant, ...]] = field(default_factory=dict)
    long_variants: tuple[_Variant, ...] = ()  # variants of three words or more, in order


@cache
def _raw() -> dict:
    return json.loads(resources.files("parplan.data").joinpath("areas.json").read_text(encoding="utf-8"))


def clean_heading(heading: str) -> str:
    """Drop list markers and trailing colons, keep the words: `Nội dung 3: Cải cách TTHC:` → `Cải cách TTHC`."""
    text = squash(heading).strip("*_ ")
    while True:
        # `_ENUM.sub("", text, count=1)`: the pattern is anchored at the start, so its one match
        # is `match`'s, and dropping it is a slice
        m = _ENUM.match(text)
        cut = (text[m.end() :] if m else text).strip()
        if cut == text:
            break
        text = cut
    if _ROMAN_ONLY.match(text):
        return ""
    return text.rstrip(" :;.,").strip()


def _plain(text: str) -> str:
    """Folded, punctuation-free, single-spaced: `Chỉ đạo, điều hành` → `chỉ đạo điều hành`."""
    return squash(_PUNCT.sub(" ", fold(text)))


@lru_cache(maxsize=8192)
def _plain_heading(heading: str) -> str:
    """`_plain(clean_heading(heading))`, shared: a heading's role and its area key both start
    from it, and a parse asks both of the same heading."""
    return _plain(clean_heading(heading))


@cache
def _word_pattern(part: str) -> re.Pattern[str]:
    """`part` as a whole-word pattern, compiled once: parts come from the catalogue (abbreviations,
    variants, keywords), and a pattern given as a string is looked up in the regex module's cache
    on every call, which cost more than the search itself."""
    return re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")


def _expand(text: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    for short, full in abbreviations:
        text = _word_pattern(short).sub(full, text)
    return text


def _strip_prefixes(text: str, prefixes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if text.startswith(prefix + " "):
                text = text[len(prefix) + 1 :]
                changed = True
    return text


def _key(text: str, data: _Data | None = None) -> str:
    """Canonical matching form of a heading: no marker, folded, abbreviations expanded, prefixes gone."""
    d = data or _data()
    return _strip_prefixes(_expand(_plain_heading(text), d.abbreviations), d.prefixes)


@cache
def _data() -> _Data:
    raw = _raw()
    abbreviations = tuple(
        sorted(((_plain(k), _plain(v)) for k, v in raw["abbreviations"].items()), key=lambda kv: -len(kv[0]))
    )
    prefixes = tuple(sorted((_plain(p) for p in raw["strip_prefixes"]), key=len, reverse=True))
    partial = _Data((), {}, (), (), {}, prefixes, abbreviations)
    variants: list[_Variant] = []
    keywords: list[tuple[str, str]] = []
    names: dict[str, tuple[str, str]] = {}
    for entry in [*raw["areas"], *raw["others"]]:
        code = entry["code"]
        names[code] = (entry["name_vi"], entry["name_en"])
        for text in [entry["name_vi"], *entry["variants"]]:
            key = _key(text, partial)
            if key:
                variants.append(_Variant(code, key))
        keywords.extend((code, _expand(_plain(k), abbreviations)) for k in entry.get("keywords", []))
    exact: dict[str, str] = {}
    for v in variants:
        exact.setdefault(v.key, v.code)
    roles = sorted(
        ((r["code"], _plain(v)) for r in raw["section_roles"] for v in r["variants"]),
        key=lambda cv: -len(cv[1]),
    )
    ordered = tuple(sorted(variants, key=lambda v: -len(v.key)))
    role_exact: dict[str, str] = {}
    roles_by_word: dict[str, list[tuple[str, str]]] = {}
    for code, variant in roles:
        role_exact.setdefault(variant, code)
        roles_by_word.setdefault(_first_word(variant), []).append((code, variant))
    variants_by_word: dict[str, list[_Variant]] = {}
    for v in ordered:
        variants_by_word.setdefault(_first_word(v.key), []).append(v)
    return _Data(
        ordered,
        exact,
        tuple(keywords),
        tuple(roles),
        names,
        prefixes,
        abbreviations,
        frozenset(_plain(w) for w in raw["slug_stopwords"]),
        role_exact,
        {w: tuple(rs) for w, rs in roles_by_word.items()},
        {w: tuple(vs) for w, vs in variants_by_word.items()},
        tuple(v for v in ordered if len(v.key.split()) >= 3),
    )


def _first_word(text: str) -> str:
    """Up to the first space: equal for `text` and any `prefix` with `_starts_with(text, prefix)`."""
    return text.split(" ", 1)[0]


def area_names() -> dict[str, tuple[str, str]]:
    """Code → (Vietnamese name, English name) for every catalogued area, `other:` groups included."""
    return dict(_data().names)


def _starts_with(text: str, prefix: str) -> bool:
    return text == prefix or text.startswith(prefix + " ")


def _contains(text: str, part: str) -> bool:
    return _word_pattern(part).search(text) is not None


def _by_keywords(key: str) -> str | None:
    scores: dict[str, int] = {}
    for code, cue in _data().keywords:
        if _contains(key, cue):
            scores[code] = scores.get(code, 0) + len(cue)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # a tie is no evidence
    return ranked[0][0]


def _group_slug(key: str) -> str | None:
    stop = _data().slug_stop
    words = [w for w in key.split() if w not in stop and not w.isdigit()][:6]
    slug = slugify(" ".join(words))
    return f"other:{slug}" if slug else None


def other_code(heading: str) -> str:
    """`other:<slug>` for a group heading that names no known area: `I / Đề án số hóa` → `other:de_an_so_hoa`."""
    return _group_slug(_key(heading)) or "other:unspecified"


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def area_code(heading: str) -> str | None:
    """Canonical reform-area code of a heading, or None when it is not a reform area.

    Examples: "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH" → `administrative_procedures`;
    "Nội dung 1. Công tác chỉ đạo, điều hành" → `direction`; "Mục đích, yêu cầu" → None;
    "8. Nhóm nhiệm vụ, giải pháp xây dựng môi trường đầu tư kinh doanh thuận lợi, …" →
    `other:investment_environment`.
    """
    data = _data()
    key = _key(heading)
    if not key or period_milestone(heading) is not None:
        return None
    if key in data.exact:
        return data.exact[key]
    words = len(key.split())
    group = _TASK_GROUP.match(fold(heading)) is not None
    for v in data.variants_by_word.get(_first_word(key), ()):  # longest variant first
        # a long sentence that merely opens like a catalogued group is a solution, not an area
        if _starts_with(key, v.key) and (
            group or words <= CONTAIN_MAX_WORDS or not v.code.startswith("other:")
        ):
            return v.code
    if words <= CONTAIN_MAX_WORDS:
        for v in data.long_variants:
            if v.key in key and _contains(key, v.key):  # the substring first: it spares most searches
                return v.code
    if section_role(heading) is not None:
        return None
    best, best_ratio = None, 0.0
    for v in data.variants:
        if abs(len(v.key) - len(key)) <= 0.2 * len(v.key):
            matcher = SequenceMatcher(None, key, v.key)
            # quick_ratio is an upper bound of ratio: a variant that cannot beat the best so far,
            # or reach FUZZY_MIN, is skipped (ratio costs ~40x more; a decree of thousands of
            # numbered paragraphs asks here for each of them)
            bound = matcher.quick_ratio()
            if bound <= best_ratio or bound < FUZZY_MIN:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = v.code, ratio
    if best is not None and best_ratio >= FUZZY_MIN:
        return best
    if group:
        return _group_slug(key)
    if words <= KEYWORD_MAX_WORDS:
        return _by_keywords(key)
    return None


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def name_area(heading: str) -> str | None:
    """A name for a heading that structure already placed at the reform-area level, however long:
    the area whose catalogue wording (variant or keyword cue) appears first in it.

    Example: "1. Tiếp tục đẩy mạnh cải cách thể chế, nâng cao chất lượng xây dựng và thực thi pháp
    luật trên địa bàn tỉnh" → `institutional` (`area_code` leaves sentences this long unnamed).
    """
    if (code := area_code(heading)) is not None:
        return code
    key = _key(heading)
    if not key:
        return None
    data = _data()
    best: tuple[int, int, str] | None = None  # (position, -length, code)
    cues = [(v.code, v.key) for v in data.long_variants] + [(c, k) for c, k in data.keywords]
    for code, cue in cues:
        if cue in key and (m := _word_pattern(cue).search(key)) is not None:
            cand = (m.start(), -len(cue), code)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def period_milestone(heading: str) -> int | None:
    """Milestone year of a period heading: "2.1. Giai đoạn đến năm 2025" → 2025, "Giai đoạn 2026 - 2030" → 2030."""
    text = clean_heading(heading)
    if _DIGIT.search(text) is None:  # a period names a year; neither fold nor squash makes a digit
        return None
    text = squash(fold(text.replace("\u2013", "-")))
    m = _PERIOD.match(text)
    if m is None:
        return None
    return int(m.group("y") or m.group("b"))


@lru_cache(maxsize=8192)  # keyed by document text: bounded over a corpus
def section_role(heading: str) -> str | None:
    """Role of a non-area plan section, telling whether it holds targets, tasks, or neither.

    Examples: "II. MỤC TIÊU" → `objectives_targets`; "III. NHIỆM VỤ, GIẢI PHÁP" → `tasks_solutions`;
    "III. NỘI DUNG, MỤC TIÊU, NHIỆM VỤ CỤ THỂ" → `content` (both); "VI. TỔ CHỨC THỰC HIỆN" →
    `implementation`; "1. Cải cách thể chế" → None.
    """
    text = _plain_heading(heading)
    if not text or len(text.split()) > ROLE_MAX_WORDS:
        return None
    role = _role_of(text)
    # a programme's task group has no role; tested last (all tests are pure), as most headings have none
    if role is None or _TASK_GROUP.match(fold(heading)):
        return None
    return role


def _role_of(text: str) -> str | None:
    """The role of a plain heading: a variant equal to it, both target and task words, or the
    longest variant it starts with (`roles` in order; only variants opening with its first word)."""
    data = _data()
    code = data.role_exact.get(text)
    if code is not None:
        return code
    targets, tasks = _TARGET_WORDS.search(text), _TASK_WORDS.search(text)
    if targets and tasks:
        return "content"
    if targets and text.startswith(_PURPOSE_WORDS):  # "Mục đích, yêu cầu và mục tiêu": it holds targets
        return "objectives_targets"
    for code, variant in data.roles_by_word.get(_first_word(text), ()):  # longest variant first
        if _starts_with(text, variant):
            return code
    if len(text.split()) <= ROLE_BY_MEANING_MAX_WORDS and (m := _OPENS_WITH.match(text)):
        return "objectives_targets" if m.group("target") else "tasks_solutions"
    return None
