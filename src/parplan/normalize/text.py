"""Text folding for matching: compare folded forms, always output the original text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

_SPACES = re.compile(r"\s+")
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
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFC, casefold, new-style tone marks, single spaces: `Uỷ  ban` → `ủy ban`."""
    text = squash(nfc(text)).casefold()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0)], text)


def strip_accents(text: str) -> str:
    """Accent-free folded form with an explicit đ→d: `Sở Nội vụ` → `so noi vu`."""
    text = fold(text).replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slugify(text: str) -> str:
    """ASCII slug for codes: `Môi trường đầu tư` → `moi_truong_dau_tu`."""
    return re.sub(r"[^a-z0-9]+", "_", strip_accents(text)).strip("_")
