"""The hot-path shortcuts give exactly what the plain definitions give.

Speed work replaced some plain definitions with faster equivalents (a translate table for accent
stripping, `str.split` for whitespace runs, cached break positions, anchors that skip regex
searches, constructors spelled out instead of `dataclasses.replace`). Each test here pins one
shortcut to the definition it replaces, so that a later change to either side cannot make them
drift apart silently (the golden files only cover the samples).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import fields

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.extract import columns
from parplan.normalize import indicators
from parplan.normalize.text import fold, squash_spaces, strip_accents
from parplan.read import text_tables
from parplan.read.lines import is_caps
from parplan.read.source import Cell, Line, Row, SourceRef, Table

# Characters that stress the shortcuts: information separators (whitespace for `str.split`, not for
# `regex`), NBSP and other spaces, combining marks, old-style tones, non-Latin letters, digits.
_ALPHABET = st.sampled_from(
    [
        *"aAoOuUyYđĐ ,.;:-()%0123456789\t\n",
        *["\x1c", "\x1f", "\u00a0", "\u2003", "\u0301", "\u0323", "\u0300", "ß", "ǅ", "Ω", "中", "ʰ", "ª"],
        *["oà", "uỷ", "Ộ", "ứ", "Ệ", "thủ tục", "2022", "Sở Nội vụ", "chỉ số", "Tháng 12/2022", "IV", "3."],
    ]
)
_TEXT = st.lists(_ALPHABET, max_size=40).map("".join)


def _strip_accents_reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_strip_accents_is_nfd_without_marks(text: str) -> None:
    assert strip_accents(text) == _strip_accents_reference(text)


def test_strip_accents_table_covers_every_latin_character() -> None:
    for code in (*range(0x370), *range(0x1E00, 0x1F00)):
        for text in (chr(code), f"a{chr(code)}\u0301", f"{chr(code)}\u0323o"):
            assert strip_accents(text) == _strip_accents_reference(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_squash_spaces_is_the_regex_collapse(text: str) -> None:
    assert squash_spaces(text) == regex.sub(r"\s+", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_label_length_precheck_never_rejects_a_short_key(text: str) -> None:
    if columns.surely_too_long(text):
        assert len(columns._key(text).split()) > columns._MAX_LABEL_WORDS


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_is_caps_by_letter_stats(text: str) -> None:
    letters = regex.findall(r"\p{L}", text)
    assert is_caps(text) == (len(letters) >= 3 and all(ch.isupper() for ch in letters))


def test_break_bounds_by_bisection_match_the_scan() -> None:
    def scan(text: str, start: int, end: int, breaks: regex.Pattern[str]) -> tuple[int, int]:
        lo, hi = 0, len(text)
        for m in breaks.finditer(text):
            if m.end() <= start:
                lo = m.end()
            elif m.start() >= end:
                hi = m.start()
                break
        return lo, hi

    rng = random.Random(3)
    pieces = [*"ab .;:9\n", " để ", " trong đó ", " đồng thời,", "1.000", "9001:2015", "80%"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for breaks in (indicators._CLAUSE_BREAK, indicators._SENTENCE_BREAK):
            assert indicators._bounds(text, start, end, breaks) == scan(text, start, end, breaks)


def test_pattern_anchors_are_required_text() -> None:
    """Every pattern of the catalogue given anchors can only match text holding one of them."""
    rng = random.Random(5)
    words = [w for e in indicators._entries() for p, *_ in (*e.cues, *e.negative, *e.require) for w in p.pattern.split()]
    samples = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(400)]
    for entry in indicators._entries():
        for pattern, *_, anchors in (*entry.cues, *entry.negative, *entry.require):
            if anchors is None:
                continue
            for text in samples:
                if pattern.search(text):
                    assert any(a in text for a in anchors), (pattern.pattern, anchors, text)


def test_required_any_reads_only_safe_patterns() -> None:
    assert indicators._required_any("giảm|rút ngắn") == ("giảm", "rút ngắn")
    assert indicators._required_any("(?:hồ sơ)") == ("hồ sơ",)
    assert indicators._required_any(r"[^;]{0,30}quy định") == ("quy định",)
    assert indicators._required_any("thi tuyển|thi (?:nâng )?ngạch") is None  # an alternative is no literal
    assert indicators._required_any("abc{0,2}def") is None  # a counted repeat on one character
    assert indicators._required_any("abc*?def") is None  # a lazy repeat


def _fit_reference(text: str, role: str | None) -> float:
    """`fit` as it was written before it was split into cached features and a key."""
    t = text.strip()
    if role is None:
        return 0.0
    if not t:
        return text_tables._EMPTY_FIT.get(role, 0.0)
    words = len(t.split())
    if role == "ordinal":
        if text_tables.is_ordinal(t):
            return 3.0
        return 2.0 if text_tables.is_group_ordinal(t) else -4.0
    if text_tables.is_ordinal(t) or text_tables._ROMAN.match(t):
        return -4.0
    agency, time = text_tables.agency_share(t), text_tables.looks_like_time(t)
    if role in ("task", "target"):
        score = 2.0 if words >= 4 else 0.5
        if role == "target":
            score -= 0.5
        if words <= 8 and (agency >= 1.0 or time):
            score -= 2.5
        return score
    if role == "product":
        if agency >= 1.0:
            return -1.0
        return -1.5 if time and words <= 8 else 1.0
    if role in ("lead", "partners"):
        if agency > 0:
            return 2.5 * agency
        if time:
            return -2.0
        return -1.0 if words <= 12 else -2.0
    if role in ("start", "deadline"):
        if time:
            return 2.5
        if agency > 0:
            return -2.0
        return -1.0 if words <= 12 else -2.0
    if role == "note":
        return -0.5 if agency >= 1.0 else 0.0
    return 0.0


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from([None, *columns.ROLES]))
def test_fit_by_key_is_fit(text: str, role: str | None) -> None:
    assert text_tables.fit(text, role) == _fit_reference(text, role)
    assert text_tables._fit_row(text_tables._fit_key(text), (role,)) == (_fit_reference(text, role),)


def test_constructors_spelled_out_follow_the_field_order() -> None:
    """`_in_table`, `_span`, `SourceRef.span` and the txt reader build these positionally."""
    assert [f.name for f in fields(SourceRef)] == [
        "file", "line", "end_line", "page", "end_page", "para", "table", "row", "col",
    ]
    assert [f.name for f in fields(Cell)] == ["text", "ref", "col", "col_span", "continued", "hard_breaks"]
    assert [f.name for f in fields(Row)] == ["cells", "ref", "anomalies"]
    assert [f.name for f in fields(Table)] == ["rows", "ref", "ncols", "header_rows"]
    assert [f.name for f in fields(Line)][:3] == ["text", "ref", "blank_before"]
    ref = SourceRef("f", 3, 4, 1, 2, 5, 6, 7, 8)
    assert text_tables._in_table(ref, 9) == SourceRef("f", 3, 4, 1, 2, 5, 9, 7, 8)
    assert ref.span(SourceRef("f", 1, 9)) == SourceRef("f", 1, 9, 1, 2, 5, 6, 7, 8)


def _candidates_reference(folded_item: str, unit: str) -> tuple[indicators._Entry, ...]:
    """`_candidates` as first written: every entry of the unit whose anchors occur (or that has none)."""
    return tuple(
        e
        for e in indicators._entries()
        if unit in e.ind.units and (e.anchors is None or any(a in folded_item for a in e.anchors))
    )


def test_candidates_by_anchor_masks_match_the_scan() -> None:
    rng = random.Random(7)
    anchors = [a for e in indicators._entries() for a in e.anchors or ()]
    units = [*sorted({u for e in indicators._entries() for u in e.ind.units}), "km"]
    for _ in range(2000):
        text = " ".join(rng.choice(anchors) for _ in range(rng.randint(0, 6)))
        for unit in units:
            indicators._candidates.cache_clear()
            assert indicators._candidates(text, unit) == _candidates_reference(text, unit)


def test_required_texts_reads_groups_and_alternatives() -> None:
    texts = indicators._required_texts
    assert texts("(?:thủ tục hành chính|tthc) (?:được )?(?:cắt giảm|bãi bỏ)") == ("cắt giảm", "bãi bỏ")
    assert texts("(?:dvctt|dịch vụ công)|trực tuyến") == ("dvctt", "dịch vụ công", "trực tuyến")
    assert texts("par ?index") == ("index",)
    assert texts(r"(?:dưới|không quá) \d+ phút") == ("dưới", "không quá")  # first of the longest shortest
    assert texts("abc+d") == ("abc",)  # a repeated character ends the run it closes
    assert texts("abc?def") == ("def",)  # an optional one ends it without being part of it
    for unread in (
        "(?i)abcd",
        r"(abc)\1",
        "(?P<x>abcd)",
        "abcd{e<=1}",
        "[[:alpha:]]abcd",
        r"\x41bcd",
        "ab|c",
    ):
        assert texts(unread) is None, unread


_REGEX_SAMPLES = st.sampled_from(
    [
        "abc",
        "abc+d",
        "a(?:bc|de)+f",
        "(?:xy)?zzz",
        "[^;]{0,3}quy định",
        r"\bab\b",
        r"\d+ phút",
        "(?:ab|cd)?efg",
        "(?:a|bcd)(?:efg|h)",
        "ab?c?def",
        "(?:abc){2}",
        "(?:abc)*def",
        r"ab\.cd",
        "(?=abc)abd|xyz",
        "x(?!y)abcz",
        "hồ sơ (?:được )?(?:nộp|giải quyết)",
        "(?:c[ôổ]ng (?:dịch vụ công|dvc) quốc gia|cổng dvcqg)",
    ]
)


@settings(max_examples=200, deadline=None)
@given(_REGEX_SAMPLES, st.data())
def test_required_texts_are_in_every_match(pattern: str, data: st.DataObject) -> None:
    anchors = indicators._required_texts(pattern)
    if anchors is None:
        return
    text = data.draw(st.from_regex(pattern))
    m = regex.search(pattern, text)
    if m is not None:
        assert any(a in m.group(0) for a in anchors), (pattern, anchors, text)


_ANCHORED = [
    (pattern, anchors)
    for entry in indicators._entries()
    for pattern, *_, anchors in (*entry.cues, *entry.negative, *entry.require)
    if anchors is not None
]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_ANCHORED), st.data())
def test_catalogue_anchors_hold_in_generated_matches(
    anchored: tuple[regex.Pattern[str], tuple[str, ...]], data: st.DataObject
) -> None:
    """Each catalogue pattern's anchors occur in the matches of strings generated to match it."""
    pattern, anchors = anchored
    m = pattern.search(data.draw(st.from_regex(pattern.pattern)))
    assert m is None or any(a in m.group(0) for a in anchors), (pattern.pattern, anchors, m)


_FOLD_ALPHABET = st.sampled_from(
    [
        *"aoquyAOQUYđ ,.;-9%",
        "oà",
        "Oà",
        "uỷ",
        "UỶ",
        "qu",
        "oàn",
        "hoà",
        "quỷ",
        "ß",
        "\u00a0",
        "  ",
        "\t",
        "e\u0301",
        "İ",
        "Ω",
        "“",
        "…",
        "中",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FOLD_ALPHABET, max_size=30).map("".join), st.data())
def test_fold_slice_is_fold_of_the_slice(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    indicators._slice_folding.cache_clear()
    assert indicators._fold_slice(text, lo, hi) == fold(text[lo:hi])


def test_slice_safe_characters_stay_nfc_however_cut() -> None:
    """`_SLICE_SAFE`: every character is NFC on its own, of canonical class 0, and composes with no
    neighbour, so every string of them and every slice of one is NFC."""
    chars = [chr(c) for c in range(0x110000) if indicators._SLICE_SAFE.fullmatch(chr(c))]
    assert all(unicodedata.combining(c) == 0 and unicodedata.is_normalized("NFC", c) for c in chars)
    assert not [c for c in chars if c.isspace() and c != " "]
    for a in chars:
        for b in chars:
            assert unicodedata.is_normalized("NFC", a + b), (a, b)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"ab .;:9\n,",
                " để ",
                " nhằm ",
                "trong đó",
                "Trong số đó",
                "rong đó",
                ", đồng thời,",
                "Đồng thời",
                "\u00a0để\u00a0",
                "1.000",
                "9001:2015",
                "trong\tđó",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_clause_break_variant_finds_the_same_breaks(text: str) -> None:
    full = [m.span() for m in indicators._CLAUSE_BREAK.finditer(text)]
    assert [m.span() for m in indicators._clause_break_for(text).finditer(text)] == full


_CELL_TEXT = st.lists(
    st.sampled_from(
        [
            *"-–•+ \n\t;,",
            "\r\n",
            "\r",
            "\u2028",
            "\x0b",
            "\x85",
            "\x1c",
            "\u00a0",
            "Sở Nội vụ",
            "UBND",
            "cấp xã",
            "Tháng 9/2022",
            "- ",
            "(",
            ")",
            "và",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CELL_TEXT)
def test_cell_guards_match_the_regex_definitions(text: str) -> None:
    from parplan.normalize import cells

    lines = cells._LONE_BULLET.sub(r"\1 ", cells._LINE_BREAKS.sub("\n", text)).split("\n")
    assert cells._lines(text) == lines
    assert cells._strip_bullet(text) == cells._LEADING_BULLET.sub("", text, count=1)
    assert cells._starts_with_bullet(text) == (cells._LEADING_BULLET.match(text) is not None)


@settings(max_examples=300, deadline=None)
@given(_CELL_TEXT)
def test_deadline_shortcuts_match_the_regex_definitions(text: str) -> None:
    from parplan.normalize import deadlines

    masked = deadlines._STANDARD.sub(" § ", deadlines._DOC_NUMBER.sub(" § ", text))
    assert deadlines._mask_references(text) == masked


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Sở",
                "TT&TT",
                "LĐ-TB&XH",
                "Thông tin và Truyền thông",
                "Văn phòng",
                "UBND",
                "Uỷ ban nhân dân",
                "tỉnh",
                "Van phong",
                "UBND tinh",
                "các",
                "huyện",
                "Công an",
                "Nội vụ",
                "Tư pháp",
                "-",
                "&",
                " ",
                ",",
                "PT-TH",
                "2022",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_agency_shortcuts_match_the_plain_definitions(text: str) -> None:
    from parplan.normalize import agencies

    words = [t for m in agencies._TOKEN.finditer(text) for t in agencies._split_token(m.group(0), m.start())]
    assert agencies._words(text) == words
    assert list(agencies._hits(text)) == list(_hits_reference(text))


def _hits_reference(text: str):  # type: ignore[no-untyped-def]
    """`agencies._hits` as first written: every token position tried against every length."""
    from parplan.normalize import agencies

    index = agencies._index()
    for plain in (False, True):
        table = index.ascii if plain else index.exact
        tokens = agencies._canonical(text, plain)
        keys = [t.text for t in tokens]
        found = False
        for i in range(len(keys)):
            for n in range(min(index.longest, len(keys) - i), 1 if plain else 0, -1):
                entry = table.get(tuple(keys[i : i + n]))
                if entry is not None:
                    found = True
                    start, end = tokens[i].start, tokens[i + n - 1].end
                    yield agencies._Hit(entry[0], agencies._alias_for(text, start, end, entry[1]), start, end)
                    break
        if found:
            return


# ---------------------------------------------------------------------------------------------
# Segment and extract shortcuts


def _clean_heading_reference(heading: str) -> str:
    from parplan.normalize import areas
    from parplan.normalize.text import squash

    text = squash(heading).strip("*_ ")
    previous = None
    while previous != text:
        previous = text
        text = areas._ENUM.sub("", text, count=1).strip()
    if areas._ROMAN_ONLY.match(text):
        return ""
    return text.rstrip(" :;.,").strip()


def _section_role_reference(heading: str) -> str | None:
    """`areas.section_role` as first written: every role variant tried, the task-group test first."""
    from parplan.normalize import areas

    text = areas._plain(_clean_heading_reference(heading))
    if not text or len(text.split()) > areas.ROLE_MAX_WORDS or areas._TASK_GROUP.match(fold(heading)):
        return None
    roles = areas._data().roles
    for code, variant in roles:
        if text == variant:
            return code
    targets, tasks = areas._TARGET_WORDS.search(text), areas._TASK_WORDS.search(text)
    if targets and tasks:
        return "content"
    if targets and text.startswith(areas._PURPOSE_WORDS):
        return "objectives_targets"
    for code, variant in roles:
        if areas._starts_with(text, variant):
            return code
    if len(text.split()) <= areas.ROLE_BY_MEANING_MAX_WORDS and (m := areas._OPENS_WITH.match(text)):
        return "objectives_targets" if m.group("target") else "tasks_solutions"
    return None


def _heading_words() -> list[str]:
    from parplan.normalize import areas

    data = areas._data()
    words = {w for _, v in data.roles for w in v.split()} | {w for v in data.variants for w in v.key.split()}
    return sorted(words)


_HEADING = st.tuples(
    st.sampled_from(["", "1. ", "II. ", "a) ", "Nội dung 3: ", "(2) ", "- ", "IV ", "2.1. ", "*", "\x1c"]),
    st.lists(
        st.one_of(
            st.sampled_from(_heading_words()),
            st.sampled_from(["MỤC TIÊU", "NHIỆM VỤ", ",", ":", "-", "2025", "năm", "Giai đoạn", "đến", "\x1f", "UBND"]),
        ),
        max_size=14,
    ).map(" ".join),
    st.sampled_from(["", ":", ".", " ;", "  "]),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_HEADING)
def test_section_role_by_lookup_is_the_scan(heading: str) -> None:
    from parplan.normalize import areas

    areas.section_role.cache_clear()
    assert areas.clean_heading(heading) == _clean_heading_reference(heading)
    assert areas.section_role(heading) == _section_role_reference(heading)


def test_section_role_holds_for_every_catalogued_variant() -> None:
    from parplan.normalize import areas

    data = areas._data()
    for _, variant in data.roles:
        for heading in (variant, variant.upper(), f"II. {variant}", f"{variant} tỉnh năm 2022", f"a) Các {variant}:"):
            areas.section_role.cache_clear()
            assert areas.section_role(heading) == _section_role_reference(heading), heading


def _area_code_reference(heading: str) -> str | None:
    """`areas.area_code` as first written: every variant tried for the prefix and containment tests."""
    from difflib import SequenceMatcher

    from parplan.normalize import areas

    data = areas._data()
    key = areas._strip_prefixes(areas._expand(areas._plain(_clean_heading_reference(heading)), data.abbreviations), data.prefixes)
    if not key or _period_milestone_reference(heading) is not None:
        return None
    if key in data.exact:
        return data.exact[key]
    words = len(key.split())
    group = areas._TASK_GROUP.match(fold(heading)) is not None
    for v in data.variants:
        if areas._starts_with(key, v.key) and (
            group or words <= areas.CONTAIN_MAX_WORDS or not v.code.startswith("other:")
        ):
            return v.code
    if words <= areas.CONTAIN_MAX_WORDS:
        for v in data.variants:
            if len(v.key.split()) >= 3 and areas._contains(key, v.key):
                return v.code
    if _section_role_reference(heading) is not None:
        return None
    best, best_ratio = None, 0.0
    for v in data.variants:
        if abs(len(v.key) - len(key)) <= 0.2 * len(v.key):
            ratio = SequenceMatcher(None, key, v.key).ratio()
            if ratio > best_ratio:
                best, best_ratio = v.code, ratio
    if best is not None and best_ratio >= areas.FUZZY_MIN:
        return best
    if group:
        return areas._group_slug(key)
    if words <= areas.KEYWORD_MAX_WORDS:
        return areas._by_keywords(key)
    return None


def _period_milestone_reference(heading: str) -> int | None:
    from parplan.normalize import areas
    from parplan.normalize.text import squash

    text = squash(fold(_clean_heading_reference(heading).replace("\u2013", "-")))
    m = areas._PERIOD.match(text)
    if m is None:
        return None
    return int(m.group("y") or m.group("b"))


@settings(max_examples=300, deadline=None)
@given(_HEADING)
def test_area_code_by_lookup_is_the_scan(heading: str) -> None:
    from parplan.normalize import areas

    for f in (areas.area_code, areas.section_role, areas.period_milestone, areas._plain_heading):
        f.cache_clear()
    assert areas.period_milestone(heading) == _period_milestone_reference(heading)
    assert areas.area_code(heading) == _area_code_reference(heading)


def test_area_code_holds_for_every_catalogued_variant() -> None:
    from parplan.normalize import areas

    for v in areas._data().variants:
        for heading in (v.key, f"3. {v.key.upper()}", f"Nhóm nhiệm vụ, giải pháp về {v.key}", f"{v.key} và các nhiệm vụ khác"):
            for f in (areas.area_code, areas.section_role, areas.period_milestone, areas._plain_heading):
                f.cache_clear()
            assert areas.area_code(heading) == _area_code_reference(heading), heading


def test_no_digit_from_folding() -> None:
    """`period_milestone` stops at a heading without a digit: NFC, casefold and the tone rewrite of
    `fold` never make one, so the folded text has none either."""
    digit = regex.compile(r"\d")
    for code in range(0x110000):
        ch = chr(code)
        if not digit.search(ch):
            assert not digit.search(unicodedata.normalize("NFC", ch) + ch.casefold()), hex(code)
        else:  # composing makes no digit either: each decomposes to a digit of its own
            assert digit.search(unicodedata.normalize("NFD", ch)), hex(code)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_metadata_literal_prechecks_hold_in_every_match(text: str) -> None:
    from parplan.extract import metadata

    for t in (text, f"Số: {text}", f"Số 12/{text}", f"kèm theo Quyết định số {text}", f"Hà Nội, ngày 1 tháng 2 năm 2022 {text}"):
        if metadata._SO.search(t):
            assert "Số" in t
        if metadata._ATTACHED.search(t):
            assert "èm theo" in t
        if metadata._DATE_AT.search(t):
            assert "ngày" in t
    from parplan.read import lines

    for t in (text, f"Số: {text}", f"12/{text}", f"Hà Nội, ngày {text}", f"{text}, ngày 1 tháng 2 năm 2022"):
        if lines.HEADER_LINE_RE.match(t):
            assert t.startswith("Số") or t[:1].isdigit() or "ngày" in t


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([None, *columns.ROLES]), min_size=1, max_size=10))
def test_row_layout_is_the_column_map(roles: list[str | None]) -> None:
    from parplan.extract import tables

    cmap = columns.ColumnMap(tuple(roles), tuple("" for _ in roles), 1)
    layout = tables._layout(cmap)
    for role in (*columns.ROLES, "ordinal"):
        assert layout.index.get(role) == cmap.index(role)
    main = cmap.index("task")
    assert layout.main == (cmap.index("target") if main is None else main)
    assert layout.ref_roles == tuple(dict.fromkeys(("ordinal", *[r for r in roles if r])))
