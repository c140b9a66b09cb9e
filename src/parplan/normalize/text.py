"""Text folding for matching: compare folded forms, always output the original text."""

from __future__ import annotations

import re as std_re
import unicodedata
from functools import lru_cache

import regex as re

_SPACES = re.compile(r"\s+")
_INFO_SEPARATORS = std_re.compile("[\x1c-\x1f]")  # stdlib `re`: a plain class scans faster there
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Old-style tone placement (hoà, uỷ) vs new (hòa, ủy): fold both to one form for matching only.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Only at the end of a syllable ("hoà" → "hòa" but "hoàn" stays) and never after q ("quý").
_OLD_TONE_RE = re.compile(r"(?<!q)(?:" + "|".join(_OLD_TONES) + r")(?!\p{L})")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Collapse all whitespace (including NBSP) to single spaces and strip."""
    return squash_spaces(text.replace("\u00a0", " "))


def squash_spaces(text: str) -> str:
    """`_SPACES.sub(" ", text).strip()`, by `str.split` when that is the same thing.

    The `regex` module's `\\s` is Python's whitespace less the four information separators
    (U+001C–U+001F), which `str.split` and `strip` do treat as spaces: without them in the text,
    collapsing runs and stripping the ends is `" ".join(text.split())`, which runs several times
    faster and is called for every cell, heading and folded phrase."""
    if _INFO_SEPARATORS.search(text) is None:
        return " ".join(text.split())
    return _SPACES.sub(" ", text).strip()


# Every match of _OLD_TONE_RE holds one of these pairs; the stdlib `re` finds a plain alternation of
# literals faster than `regex` runs the full pattern, and most text has none.
_OLD_TONE_PAIR = std_re.compile("|".join(_OLD_TONES))


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFC, casefold, new-style tone marks, single spaces: `Uỷ  ban` → `ủy ban`."""
    text = squash(nfc(text)).casefold()
    if _OLD_TONE_PAIR.search(text) is None:
        return text
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0)], text)


class _MarkDeleter(dict[int, int | None]):
    """`str.translate` table deleting every non-spacing mark (category Mn), filled on first sight.

    Filtering characters one by one in Python was the hottest line of a parse (table cells and
    header labels are folded thousands of times); `translate` walks the string in C and asks
    `unicodedata.category` once per distinct code point (of the BMP), so the result is the same.
    """

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) == "Mn" else code
        if code < 0x10000:  # bounded: hostile text full of rare code points must not grow it unchecked
            self[code] = value
        return value


_DELETE_MARKS = _MarkDeleter()


def _latin_table() -> dict[int, str]:
    """`strip_accents` of each character of U+0000–U+036F and U+1E00–U+1EFF (Latin, its combining
    marks, and the precomposed Vietnamese letters) that it changes: `ộ` → `o`, U+0301 → ``."""
    table = {}
    for code in (*range(0x370), *range(0x1E00, 0x1F00)):
        char = chr(code)
        plain = unicodedata.normalize("NFD", char).translate(_DELETE_MARKS)
        if plain != char:
            table[code] = plain
    return table


# A text made only of these characters is stripped one character at a time: their decompositions
# are base letters (canonical class 0) and marks of U+0300–U+036F (all Mn, so all deleted), so the
# canonical reordering of NFD never moves a character that survives.
_LATIN_ONLY = std_re.compile("[\x00-\u036f\u1e00-\u1eff]*")
_LATIN_TABLE = _latin_table()


@lru_cache(maxsize=8192)
def strip_accents(text: str) -> str:
    """Accent-free folded form with an explicit đ→d: `Sở Nội vụ` → `so noi vu`.

    Cached like `fold`: the table reader asks for the same cells and labels over and over."""
    text = fold(text).replace("đ", "d")
    if _LATIN_ONLY.fullmatch(text):
        return text.translate(_LATIN_TABLE)
    return unicodedata.normalize("NFD", text).translate(_DELETE_MARKS)


def slugify(text: str) -> str:
    """ASCII slug for codes: `Môi trường đầu tư` → `moi_truong_dau_tu`."""
    return _NON_SLUG.sub("_", strip_accents(text)).strip("_")
