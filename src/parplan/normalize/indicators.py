"""Indicator catalogue: which quantitative target a value in a plan sentence measures.

Plans word the same 76/NQ-CP target many ways: `tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến
mức độ 3, 4 … đạt tối thiểu 70%` and `tỷ lệ hồ sơ nộp qua mạng … đạt từ 50% trở lên` are one
indicator (`online_dossier_share`). The catalogue (`data/indicators.json`) lists each indicator with
cue phrases, required words and ruling-out words; `match_indicator` judges a value from the words
around it, narrowest context first:

1. its own noun phrase: the text between the neighbouring values inside its clause (a run of values
   such as `80%, 70%, 60%` or `25% - 35%` shares one phrase); words right after the value weigh most
   (`20% số quy định và … 20% chi phí tuân thủ` → two indicators);
2. its clause (split at `;`, `:`, sentence ends, `trong (số) đó`, `đồng thời`, `để`/`nhằm`);
3. its sentence; 4. the whole item text (`… tối đa 25 phút. Phấn đấu … dưới 10 phút` → waiting time).

`comparator_of` reads the bound in front of or after a value, and marks relative changes.
"""

from __future__ import annotations

import json
import re as std_re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex as re

from parplan.extract.numbers import VALUE_RE
from parplan.normalize.text import _OLD_TONE_PAIR, fold

__all__ = [
    "Indicator",
    "comparator_of",
    "indicator",
    "indicators",
    "match_indicator",
    "rank_indicators",
]


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry; `meta` keeps targets, instrument, verification and notes as written."""

    key: str
    name_vi: str
    name_en: str
    area: str
    units: tuple[str, ...]
    cues: tuple[tuple[re.Pattern[str], float], ...]
    require: tuple[re.Pattern[str], ...] = ()
    negative: tuple[re.Pattern[str], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


# An escape (`\d`, `\b`, `\p{L}`) is kept as is; a run of letters is folded like the text it meets.
_PATTERN_PART = re.compile(r"\\p\{[^}]*\}|\\.|\p{L}+")
_MACRO = re.compile(r"\{([A-Z_]+)\}")
_WORD = re.compile(r"\p{L}+|\d+")


def _fold_pattern(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    """`{TTHC} nội bộ` → `(?:thủ tục hành chính|tthc) nội bộ`, letters folded (`hoà` → `hòa`)."""
    expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
    folded = _PATTERN_PART.sub(lambda m: m.group(0) if m.group(0).startswith("\\") else fold(m.group(0)), expanded)
    return re.compile(folded)


def _cue(entry: str | list[Any], macros: dict[str, str]) -> tuple[re.Pattern[str], float]:
    """A cue is `pattern` (weight = its word count) or `[pattern, weight]`."""
    if isinstance(entry, str):
        words = _WORD.findall(_MACRO.sub("x", entry))
        return _fold_pattern(entry, macros), float(max(1, len(words)))
    return _fold_pattern(entry[0], macros), float(entry[1])


@cache
def indicators() -> tuple[Indicator, ...]:
    """The catalogue, loaded once, patterns compiled against folded text."""
    raw = json.loads(resources.files("parplan").joinpath("data/indicators.json").read_text(encoding="utf-8"))
    macros: dict[str, str] = raw.get("macros", {})
    out = []
    for d in raw["indicators"]:
        out.append(
            Indicator(
                key=d["key"], name_vi=d["name_vi"], name_en=d["name_en"], area=d["area"],
                units=tuple(d["units"]),
                cues=tuple(_cue(c, macros) for c in d["cues"]),
                require=tuple(_fold_pattern(p, macros) for p in d.get("require", [])),
                negative=tuple(_fold_pattern(p, macros) for p in d.get("negative", [])),
                meta={k: v for k, v in d.items() if k in ("targets", "instrument", "verified", "note")},
            )
        )
    return tuple(out)


def indicator(key: str) -> Indicator | None:
    """The catalogue entry for a key, or None."""
    return next((i for i in indicators() if i.key == key), None)


# ------------------------------------------------------------------------------------------- contexts

# Clause breaks: `;`, `:` (not `9001:2015`), a full stop (not `1.000`), `trong (số) đó`, `đồng thời`,
# and a purpose tail `để …`/`nhằm …` (`… đạt tỷ lệ 100% để đảm bảo việc kết nối` names no indicator).
_CLAUSE_PUNCT = r";|(?<!\d):|\.(?!\d)"
# Every match of this holds `rong đó`, `rong số đó` or `ồng thời`; of the next, `để` or `nhằm`.
_CLAUSE_WORDS = r",?\s*\b(?:[Tt]rong (?:số )?đó|[Đđ]ồng thời)\b,?"
_CLAUSE_PURPOSE = r"\s(?:để|nhằm)\s"
_CLAUSE_BREAK = re.compile(f"{_CLAUSE_PUNCT}|{_CLAUSE_WORDS}|{_CLAUSE_PURPOSE}")
# `_CLAUSE_BREAK` without the alternatives whose words a text lacks, by (words, purpose): an
# alternative that matches nowhere changes no match, and the word alternatives, tried at every
# position, cost most of the scan.
_CLAUSE_BREAK_VARIANTS = {
    (True, True): _CLAUSE_BREAK,
    (True, False): re.compile(f"{_CLAUSE_PUNCT}|{_CLAUSE_WORDS}"),
    (False, True): re.compile(f"{_CLAUSE_PUNCT}|{_CLAUSE_PURPOSE}"),
    (False, False): re.compile(_CLAUSE_PUNCT),
}


def _clause_break_for(text: str) -> re.Pattern[str]:
    """The variant of `_CLAUSE_BREAK` that finds the same breaks in `text`."""
    words = "rong đó" in text or "ồng thời" in text or "rong số đó" in text
    purpose = "để" in text or "nhằm" in text
    return _CLAUSE_BREAK_VARIANTS[words, purpose]


_SENTENCE_BREAK = re.compile(r"\.(?!\d)|\n")
# What may stand between two values of one run: `80%, 70%`, `25% - 35%`, `30% và 20%`.
_LIST_GAP = re.compile(r"\s*(?:,|và|hoặc|-|–|đến)?\s*")


@lru_cache(maxsize=1024)
def _break_spans(text: str, breaks: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Starts and ends of the breaks in `text`: asked again for every value of an item."""
    if breaks is _CLAUSE_BREAK:
        breaks = _clause_break_for(text)
    spans = [m.span() for m in breaks.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _bounds(text: str, start: int, end: int, breaks: re.Pattern[str]) -> tuple[int, int]:
    """Start and end of the span between the breaks around [start, end): the end of the last break
    ending at or before `start`, the start of the first break starting at or after `end`. Breaks
    never overlap nor are empty, so both lists are sorted and a bisection finds them."""
    starts, ends = _break_spans(text, breaks)
    k = bisect_right(ends, start)
    h = bisect_left(starts, end)
    return (ends[k - 1] if k else 0), (starts[h] if h < len(starts) else len(text))


# Characters whose every string is NFC and stays NFC however it is cut: ASCII, Latin-1, Latin
# Extended-A/B, the precomposed Vietnamese letters, dashes, quotes and ellipsis (all canonical class
# 0, none composing with its neighbour; pinned in tests/test_fast_paths.py).
_SLICE_SAFE = std_re.compile("[\x20-\x7e\u00a1-\u024f\u1e00-\u1eff\u2010-\u2027]*")


@lru_cache(maxsize=1024)
def _slice_folding(text: str) -> tuple[str, list[int]] | None:
    """`fold(text)` and where `text.casefold()` holds an old-style tone pair (`oà`, `uỷ`), when a
    slice of `fold(text)` can stand for `fold` of the same slice of `text` (`_fold_slice`); None
    when it cannot: other whitespace than single inner spaces, characters outside `_SLICE_SAFE`,
    or a case folding that changes the length (`ß` → `ss`)."""
    folded = fold(text)
    if len(folded) != len(text) or not _SLICE_SAFE.fullmatch(text):
        return None
    if "  " in text or text.startswith(" ") or text.endswith(" "):  # the only whitespace it may hold is " "
        return None
    return folded, [m.start() for m in _OLD_TONE_PAIR.finditer(text.casefold())]


def _fold_slice(text: str, lo: int, hi: int) -> str:
    """`fold(text[lo:hi])`, sliced from `fold(text)` when that is the same thing.

    Under `_slice_folding`'s conditions folding is, character by character, casefolding; trimming
    the slice's outer space is what `squash` does. Only the old-tone rewrite (`hoà` → `hòa`) reads
    neighbours: a tone pair cut by the slice or whose neighbour lies outside it (a `q` before it,
    a letter after it) may fold differently, so such a slice is folded on its own."""
    fast = _slice_folding(text)
    if fast is not None:
        folded, pairs = fast
        if not pairs or not _cuts_a_pair(pairs, lo, hi):
            return folded[lo:hi].strip(" ")
    return fold(text[lo:hi])


def _cuts_a_pair(pairs: list[int], lo: int, hi: int) -> bool:
    """Whether a two-character pair starts at lo - 1, lo, hi - 2 or hi - 1 (`pairs` sorted)."""
    k = bisect_left(pairs, lo - 1)
    if k < len(pairs) and pairs[k] <= lo:
        return True
    k = bisect_left(pairs, hi - 2)
    return k < len(pairs) and pairs[k] <= hi - 1


def _own_zone(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The value's noun phrase: from the value before its run to the value after it (within the clause)."""
    spans = [(m.start(), m.end()) for m in VALUE_RE.finditer(text, lo, hi) if m.end() <= start or m.start() >= end]
    before = [s for s in spans if s[1] <= start]
    after = [s for s in spans if s[0] >= end]
    head, zone_lo = start, lo
    for s, e in reversed(before):
        if _LIST_GAP.fullmatch(text, e, head):
            head = s
            continue
        zone_lo = e
        break
    tail, zone_hi = end, hi
    for s, e in after:
        if _LIST_GAP.fullmatch(text, tail, s):
            tail = e
            continue
        zone_hi = s
        break
    return zone_lo, zone_hi


def _literal_anchor(pattern: str) -> str | None:
    """The longest piece of plain text every match of a cue must contain, for a substring pre-test:
    `(?:cắt giảm|đơn giản hóa)[^;]{0,30}quy định` → `quy định`. None when there is none to rely on."""
    text = pattern
    previous = None
    while previous != text:  # drop groups (innermost first), classes and counted repeats
        previous = text
        text = re.sub(r"\((?:[^()\\]|\\.)*\)[?*]?", "\x00", text)
    text = re.sub(r"\[(?:[^\]\\]|\\.)*\][?*+]?|\{\d*,?\d*\}|\\[bBdDsSwW]|[.^$|]", "\x00", text)
    chunks = []
    for chunk in text.split("\x00"):
        # a character followed by ? or * is optional: cut there
        for part in re.split(r".[?*]", chunk):
            if not re.search(r"[\\+()\[\]{}]", part):
                chunks.append(part.strip())
    best = max(chunks, key=len, default="")
    return best if len(best) >= 3 else None


_QUANTIFIED_LITERAL = re.compile(r"[^\])]\{|[*+?]\?")  # `a{0,2}`, lazy `*?` / `??`: not read by _literal_anchor
_PLAIN = re.compile(r"[^\\.^$*+?{}\[\]()|]+")  # text without regex syntax: matches only itself


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth after it) for the characters of a pattern that are regex
    syntax: outside escapes and character classes."""
    depth, escaped, in_class = 0, False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth


def _top_level_alternatives(pattern: str) -> list[str]:
    """`a|(?:b|c)|d` → ["a", "(?:b|c)", "d"]: the pattern split at the `|` outside groups and classes."""
    parts, start = [], 0
    for i, ch, depth in _syntax(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _required_any(pattern: str) -> tuple[str, ...] | None:
    """Texts of which every match of `pattern` contains one, or None when that is not certain; a
    pattern whose anchors are all absent from a text cannot match it, so its search is skipped.

    - `giảm|rút ngắn`, `(?:hồ sơ)`: a choice of plain words → those words;
    - `(?:cắt giảm|đơn giản hóa)[^;]{0,30}quy định` → its `_literal_anchor`, `quy định`, provided the
      pattern has no top-level `|` and no counted or lazy repeat on a single character (which
      `_literal_anchor` would misread as required text): a pattern is only skipped on a certainty.
    """
    body = pattern
    if body.startswith("(?:") and body.endswith(")") and len(_top_level_alternatives(body)) == 1:
        inner = body[3:-1]
        if _balanced(inner):
            body = inner
    alternatives = _top_level_alternatives(body)
    if all(_PLAIN.fullmatch(a) for a in alternatives):
        return tuple(alternatives)
    if len(_top_level_alternatives(pattern)) > 1 or _QUANTIFIED_LITERAL.search(pattern) or "(?i" in pattern:
        return None
    anchor = _literal_anchor(pattern)
    return None if anchor is None else (anchor,)


def _balanced(pattern: str) -> bool:
    """Whether the groups of `pattern` (outside classes and escapes) open and close in order."""
    depth = 0
    for _, _, depth in _syntax(pattern):
        if depth < 0:
            return False
    return depth == 0


_QUANTIFIER = re.compile(r"(?:[?*+]|\{(\d*)(?:,\d*)?\})[?+]?")  # `?`, `+`, `{0,30}`, lazy or possessive
_ZERO_WIDTH_ESCAPES = "bBAZ"  # assertions: they match no text
_CLASS_ESCAPES = "dDsSwW"  # one character of a class: never a known letter


def _required_texts(pattern: str) -> tuple[str, ...] | None:
    """Texts every match of `pattern` contains one of, read from its syntax, or None when unsure:
    `(?:thủ tục hành chính|tthc) (?:được )?(?:cắt giảm|bãi bỏ)` → ("cắt giảm", "bãi bỏ");
    `a|b` → the texts of `a` and of `b`. Finer than `_required_any`, which gives up on such
    patterns; `_rank` tests these before a search, so a pattern that cannot match is not run."""
    texts: list[str] = []
    for alternative in _top_level_alternatives(pattern):
        options = _sequence_requirements(alternative)
        if options is None:
            return None
        usable = [o for o in options if all(len(t) >= 3 for t in o)]
        if not usable:
            return None
        best = max(usable, key=lambda o: min(len(t) for t in o))  # the first of the longest shortest text
        texts.extend(t for t in best if t not in texts)
    return tuple(texts)


def _sequence_requirements(pattern: str) -> list[tuple[str, ...]] | None:
    """Each a choice of texts one of which every match of `pattern` (no top-level `|`) contains:
    its runs of plain characters and its groups that must occur. None on syntax not read here
    (inline flags, back references, named groups, nested classes, fuzzy matching)."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            options.append((text,))
        run.clear()

    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        literal: str | None = None
        group: str | None = None
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            if not nxt.isalnum():
                literal, i = nxt, i + 2
            elif nxt in _ZERO_WIDTH_ESCAPES or nxt in _CLASS_ESCAPES:
                i += 2
            elif nxt in "pP" and pattern.startswith("{", i + 2) and "}" in pattern[i + 2 :]:
                i = pattern.index("}", i + 2) + 1
            else:
                return None
        elif ch == "[":
            j = i + 1 + (pattern.startswith("^", i + 1))
            if pattern.startswith("]", j):
                return None
            while j < n and pattern[j] != "]":
                if pattern[j] == "[":
                    return None
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                return None
            i = j + 1
        elif ch == "(":
            end = _group_end(pattern, i)
            if end is None:
                return None
            inner = pattern[i + 1 : end]
            if inner.startswith("?:"):
                group = inner[2:]
            elif inner.startswith(("?=", "?!", "?<=", "?<!")):
                pass  # a lookaround matches no text
            elif inner.startswith("?"):
                return None
            else:
                group = inner
            i = end + 1
        elif ch in ".^$":
            i += 1
        elif ch in "*+?{}])|":
            return None
        else:
            literal, i = ch, i + 1
        q = _QUANTIFIER.match(pattern, i)
        if q:
            i = q.end()
        elif pattern.startswith("{", i):
            return None  # not a counted repeat: fuzzy matching or a literal brace, not read here
        least = 1  # how many times the atom must occur
        if q is not None and q.group(0)[0] in "?*":
            least = 0
        elif q is not None and q.group(0)[0] == "{":
            least = int(q.group(1) or 0)
        if literal is not None and least >= 1:
            run.append(literal)
            if q is not None:
                flush()  # a repeat: what follows may not stand right after this one character
            continue
        flush()
        if group is not None and least >= 1:
            inner_texts = _required_texts(group)
            if inner_texts is None and not _group_is_readable(group):
                return None
            if inner_texts is not None:
                options.append(inner_texts)
    flush()
    return options


def _group_is_readable(pattern: str) -> bool:
    """Whether every alternative of a group parses (it may just have no usable text)."""
    return all(_sequence_requirements(a) is not None for a in _top_level_alternatives(pattern))


def _group_end(pattern: str, start: int) -> int | None:
    """Index of the `)` closing the group opened at `start`, or None."""
    for i, ch, depth in _syntax(pattern[start:]):
        if ch == ")" and depth == 0:
            return start + i
        if depth < 0:
            return None
    return None


@dataclass(frozen=True, slots=True)
class _Entry:
    """An indicator with what the matcher tests on it, worked out once: per pattern its anchors
    (`_pattern_anchors`), and `anchors`, the union of its cues' anchors: no cue can match a text
    holding none of them (None: some cue has no anchor to rely on)."""

    ind: Indicator
    anchors: tuple[str, ...] | None
    cues: tuple[tuple[re.Pattern[str], float, tuple[str, ...] | None], ...]
    negative: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...]  # (pattern, `_required_any`)
    require: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...]

    def ruled_out(self, zone: str, gate: str) -> bool:
        """A negative pattern occurs in `zone` or a required one is missing from `gate` (a pattern
        none of whose anchors occurs cannot match, so its search is skipped)."""
        for pattern, anchors in self.negative:  # loops written out: this runs tens of times per value
            if anchors is not None:
                for anchor in anchors:
                    if anchor in zone:
                        break
                else:
                    continue  # none of its anchors: it cannot occur
            if pattern.search(zone):
                return True
        for pattern, anchors in self.require:
            if anchors is not None:
                for anchor in anchors:
                    if anchor in gate:
                        break
                else:
                    return True  # none of its anchors: it cannot occur
            if not pattern.search(gate):
                return True
        return False


def _pattern_anchors(pattern: str) -> tuple[str, ...] | None:
    """`_required_any`, else the finer `_required_texts`: both only name text every match holds."""
    anchors = _required_any(pattern)
    return anchors if anchors is not None else _required_texts(pattern)


def _union(choices: list[tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """The texts of all choices, once each; None when any choice is None (or there is none)."""
    if not choices or any(c is None for c in choices):
        return None
    return tuple(dict.fromkeys(t for c in choices if c is not None for t in c))


@cache
def _entries() -> tuple[_Entry, ...]:
    out = []
    for ind in indicators():
        cues = tuple((p, w, _pattern_anchors(p.pattern)) for p, w in ind.cues)
        out.append(
            _Entry(
                ind,
                _union([a for _, _, a in cues]),
                cues,
                tuple((p, _pattern_anchors(p.pattern)) for p in ind.negative),
                tuple((p, _pattern_anchors(p.pattern)) for p in ind.require),
            )
        )
    return tuple(out)


@cache
def _unit_tables() -> dict[str, tuple[tuple[_Entry, ...], int, tuple[tuple[str, int], ...]]]:
    """Per unit: its entries in catalogue order, the bit mask of those without anchors (always
    candidates), and each distinct anchor with the mask of the entries it lets in."""
    tables = {}
    for unit in dict.fromkeys(u for e in _entries() for u in e.ind.units):
        entries = tuple(e for e in _entries() if unit in e.ind.units)
        always = 0
        admits: dict[str, int] = {}
        for i, e in enumerate(entries):
            if e.anchors is None:
                always |= 1 << i
            else:
                for anchor in e.anchors:
                    admits[anchor] = admits.get(anchor, 0) | 1 << i
        tables[unit] = (entries, always, tuple(admits.items()))
    return tables


@lru_cache(maxsize=2048)
def _candidates(folded_item: str, unit: str) -> tuple[_Entry, ...]:
    """Indicators that can match anywhere in an item: every context of a value is part of the item,
    so an indicator none of whose cue anchors occur in the item is never tried for its values.
    Each distinct anchor is looked for once, in one comprehension."""
    table = _unit_tables().get(unit)
    if table is None:
        return ()
    entries, mask, admits = table
    for bits in [bits for anchor, bits in admits if anchor in folded_item]:
        mask |= bits
    return tuple(e for i, e in enumerate(entries) if mask >> i & 1)


def _rank(
    before: str, after: str, gate: str, unit: str, head: bool, pool: tuple[_Entry, ...] | None = None
) -> list[tuple[str, float]]:
    """Indicators whose cues occur around a value, with their scores, best first.

    A cue weighs by its distance to the value: after it counts more, right after it (`80% hồ sơ …`,
    within 14 characters of a value heading its own phrase) twice; before it, the nearest match at
    0.8. An indicator scores the sum over its cues, in cue order. One flat loop, as it runs for every
    value and scope; a pattern none of whose anchors (`_pattern_anchors`) occurs in the text searched
    cannot match there, so its search is skipped."""
    zone = f"{before} {after}"
    n_before = len(before)
    scored = []
    for entry in pool if pool is not None else [e for e in _entries() if unit in e.ind.units]:
        # (a pool is `_candidates` for this unit: all its entries measure in it)
        anchors = entry.anchors  # a cue can only match where one of its anchors stands
        if anchors is not None:
            for anchor in anchors:
                if anchor in zone:
                    break
            else:
                continue
        if entry.ruled_out(zone, gate):
            continue
        parts = []
        for pattern, weight, anchors in entry.cues:
            best = 0.0
            in_after = in_before = anchors is None
            if not in_after:  # which side holds one of its anchors: loops written out: they run for every value
                for anchor in anchors:
                    if anchor in after:
                        in_after = True
                        break
                for anchor in anchors:
                    if anchor in before:
                        in_before = True
                        break
            if in_after:
                m = pattern.search(after)
                if m:
                    factor = 1.0 / (1.0 + m.start() / 60.0)
                    if head and m.start() <= 14:
                        factor *= 2.0
                    best = weight * factor
            if in_before:
                last = None
                for last in pattern.finditer(before):  # noqa: B007 - the nearest is the last
                    pass
                if last is not None:
                    best = max(best, weight * 0.8 / (1.0 + (n_before - last.end()) / 60.0))
            parts.append(best)
        score = sum(parts)
        if score > 0:
            scored.append((entry.ind.key, round(score, 3)))
    scored.sort(key=lambda kv: -kv[1])
    return scored


# What may follow a value that does not name its own subject, so the sentence or the item may supply it:
# nothing, punctuation or a unit tail (`25 phút/01 lần`), a preposition (`20% đối với mỗi cấp`), a verb
# (`trong đó 90% có trình độ đại học`).
_NO_HEAD = re.compile(
    r"\s*(?:[^\p{L}]|(?:đối với|so với|trở lên|trở xuống|cho đến|mỗi|hằng năm|hàng năm|trong|tại|trên|của|và|"
    r"hoặc|lần|trung bình|bình quân|có|được|đã|đạt|là)\b)"
)


def rank_indicators(text: str, value_start: int, value_end: int, unit: str) -> tuple[str, list[tuple[str, float]]]:
    """Candidates for a value with their scores, from the narrowest context that has any, and the name
    of that context (`phrase`, `clause`, `sentence`, `item`, or `none`). For debugging and reports."""
    pool = _candidates(fold(text), unit)
    if not pool:
        return "none", []  # no indicator can match anywhere in the item: no context needs reading
    c_lo, c_hi = _bounds(text, value_start, value_end, _CLAUSE_BREAK)
    s_lo, s_hi = _bounds(text, value_start, value_end, _SENTENCE_BREAK)
    z_lo, z_hi = _own_zone(text, value_start, value_end, c_lo, c_hi)
    # Required words may stand anywhere in the sentence: `cán bộ … có trình độ đại học, trong đó 90% có …`.
    sentence = _fold_slice(text, min(s_lo, c_lo), max(s_hi, c_hi))
    scopes = (
        ("phrase", z_lo, z_hi, sentence, True),
        ("clause", c_lo, c_hi, sentence, False),
        ("sentence", min(s_lo, c_lo), max(s_hi, c_hi), None, False),
        ("item", 0, len(text), None, False),
    )
    own_head = not _NO_HEAD.match(_fold_slice(text, value_end, z_hi) + " ")
    for name, lo, hi, gate, head in scopes:
        if own_head and name in ("sentence", "item"):
            break  # `100% nhiệm vụ …`: the value names its own (uncatalogued) subject
        before, after = _fold_slice(text, lo, value_start), _fold_slice(text, value_end, hi)
        ranked = _rank(before, after, gate if gate is not None else f"{before} {after}", unit, head, pool)
        if ranked:
            return name, ranked
    return "none", []


def match_indicator(text: str, value_start: int, value_end: int, unit: str) -> str | None:
    """The indicator key the value at text[value_start:value_end] measures, or None.

    `Giảm thời gian chờ đợi … xuống trung bình còn tối đa 25 phút` (value `25 phút`) → `waiting_time_one_stop`.
    """
    _, ranked = rank_indicators(text, value_start, value_end, unit)
    return ranked[0][0] if ranked else None


# ----------------------------------------------------------------------------------------- comparators

# Bounds right in front of a value: `tối thiểu (bình quân) (tương ứng) (là) 80%`, `trên 30%`, `tối đa 25 phút`.
_BOUND_BEFORE = (
    (re.compile(r"(?:tối thiểu|ít nhất|không dưới|không thấp hơn|không ít hơn)\s*(?:bình quân\s*)?"
                r"(?:tương ứng\s*)?(?:là\s*)?(?:đạt\s*)?(?:bình quân\s*)?$"), ">="),
    (re.compile(r"(?:tối đa|không quá|không vượt quá|không nhiều hơn|không cao hơn)\s*(?:là\s*)?$"), "<="),
    (re.compile(r"(?:trên|hơn|vượt)\s*$"), ">"),
    (re.compile(r"(?:dưới|ít hơn|thấp hơn)\s*$"), "<"),
    (re.compile(r"(?:khoảng|xấp xỉ|gần)\s*$"), "~"),
)
_FROM = re.compile(r"\btừ\s*$")  # `đạt từ ` before `50% trở lên`
_AT_LEAST_LATER = re.compile(r"\btrở lên\b")  # `50% trở lên`, `từ 1,7% đơn vị … trở lên`
_AT_MOST_LATER = re.compile(r"\btrở xuống\b")  # `30 phút trở xuống`
_RANGE_START = re.compile(r"\s*[-–]\s*\d")  # ` - 35%` after `25%`
_RANGE_GAP = re.compile(r"\s*[-–]\s*")  # the ` - ` between `25%` and `35%`
# A change verb makes the value relative (`giảm 10% … so với năm 2021`) unless the sentence states the
# level reached (`giảm … xuống (trung bình) còn 25 phút`, `tăng … đạt 100%`).
_CHANGE = re.compile(r"\b(?:(tăng)(?!\s+cường)|(giảm)(?!\s+thiểu)|(cắt giảm|tinh giản|rút ngắn))\b")
_ABSOLUTE = re.compile(r"\b(?:xuống|còn|đạt|lên mức|lên)\b")  # `giảm … xuống còn`, `tăng … đạt`
_AND = re.compile(r"\bvà\b")  # `10% đơn vị … và 10% biên chế`
_DOWN_TO = re.compile(r"\bxuống\b|\bcòn\b")  # `giảm … xuống còn 25 phút`
_NUMBER_AT = re.compile(r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?")  # `10.000`, `1,8` without a unit


def comparator_of(text: str, start: int) -> str | None:
    """Comparator of the value starting at `start`.

    Plain bounds: `>=` (tối thiểu, ít nhất, không dưới, từ … trở lên, … trở lên), `>` (trên, hơn), `<=`
    (tối đa, không quá, … trở xuống, `giảm … xuống còn 25 phút`), `<` (dưới), `~` (khoảng). A range
    `25% - 35%` gives `>=` then `<=`. A relative change is prefixed `+` (increase by: `tăng thêm 20% so
    với năm 2021` → `+`, `tăng bình quân trên 10%` → `+>`) or `-` (decrease by: `giảm tối thiểu bình
    quân 10%` → `->=`, `tinh giản 1,8%` → `-`). Values in a run (`tương ứng là 80%, 70%, 60%`) share the
    comparator of the first. None when the text states none.
    """
    low = text.lower()
    if len(low) != len(text):
        low = text  # offsets must stay those of `text`
    m = VALUE_RE.match(text, start) or _NUMBER_AT.match(text, start)
    end = m.end() if m else start
    c_lo, c_hi = _bounds(text, start, end, _CLAUSE_BREAK)
    prev = [v for v in VALUE_RE.finditer(text, c_lo, start) if v.end() <= start]
    nxt = next((v for v in VALUE_RE.finditer(text, end, c_hi)), None)
    w_lo = prev[-1].end() if prev else c_lo
    window = low[w_lo:start]
    later = low[end : nxt.start() if nxt else c_hi]

    bound = next((op for rx, op in _BOUND_BEFORE if rx.search(window)), None)
    if bound is None and _RANGE_START.match(text, end):
        bound = ">="
    if bound is None and prev and _RANGE_GAP.fullmatch(text, prev[-1].end(), start):
        bound = "<="
    # `50% trở lên`; `từ 1,7% đơn vị … trở lên`; but not `100% … có trình độ từ đại học trở lên`.
    from_before = bool(_FROM.search(window))
    if bound is None and (m := _AT_LEAST_LATER.search(later)) and (m.start() <= 12 or from_before):
        bound = ">="
    if bound is None and (m := _AT_MOST_LATER.search(later)) and (m.start() <= 12 or from_before):
        bound = "<="
    if bound is None and from_before:
        bound = ">="

    rel = ""
    verbs = list(_CHANGE.finditer(window))
    if verbs:
        verb = verbs[-1]
        if not _ABSOLUTE.search(window, verb.end()):
            rel = "+" if verb.group(1) else "-"
        elif bound is None and _DOWN_TO.search(window[verb.end() :]):
            bound = "<="
    if not rel and prev:
        # A run shares its first value's comparator (`tương ứng là 80%, 70%, 60%`); a coordinated phrase
        # shares its change (`giảm tối thiểu 10% đơn vị … và 10% biên chế` → both `->=`).
        gap = text[prev[-1].end() : start]
        listed = bool(_LIST_GAP.fullmatch(gap))
        if listed or (len(gap) <= 60 and _AND.search(gap)):
            inherited = comparator_of(text, prev[-1].start()) or ""
            if listed and bound is None:
                return inherited or None
            if inherited[:1] in ("+", "-"):
                rel = inherited[0]
                bound = bound or (inherited[1:] or None)
    return (rel + (bound or "")) or None
