"""Legacy Vietnamese 8-bit text: TCVN3 (ABC), VNI-Windows and cp1258 → Unicode NFC.

Older decrees were typed in `.VnTime` (TCVN3) or `VNI-Times` (VNI) fonts. Read as Latin-1 / cp1252 they
look like `Céng hoµ x· héi chñ nghÜa ViÖt Nam` (TCVN3) or `Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam`
(VNI). The code tables are built below from the published mappings:

* TCVN3 (TCVN 5712:1993, VN3): one byte per letter; the 60 toned lower-case vowels sit in 0xB5–0xFE
  in rows of five tones (huyền, hỏi, ngã, sắc, nặng), ă â ê ô ơ ư đ in 0xA8–0xAE and their capitals
  in 0xA1–0xA7. VN3 has no capital toned vowels: capitals were shown with separate `.VnTimeH` fonts
  that reuse the lower-case codes, so they decode to lower case.
* VNI-Windows: a base letter followed by one mark byte (`a` + `ù` → á, `a` + `á` → ấ, `a` + `é` → ắ);
  ơ ư đ and the toned i's and ỵ are single bytes; capitals use the mark byte 0x20 lower (`Ù` for `ù`).
* cp1258: base letters (with â ă ê ô ơ ư precomposed) followed by a combining tone mark; NFC composes it.

`tone_fold` normalises old-style tone placement (hoà → hòa, Uỷ → Ủy) case-preservingly.
"""

from __future__ import annotations

import contextlib
import unicodedata
from functools import cache

import regex as re

from parplan.normalize.text import fold, nfc

__all__ = [
    "VIETNAMESE_LETTERS",
    "decode_legacy_bytes",
    "detect_legacy",
    "legacy_to_unicode",
    "same_word",
    "syllable_score",
    "tcvn3_to_unicode",
    "tone_fold",
    "unicode_to_cp1258",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]

# Tones in the order the TCVN3 rows use: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_BASES = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _all_letters() -> tuple[str, ...]:
    lower = [b for b in "ăâêôơưđ"] + [_toned(b, t) for b in _BASES for t in _TONES]
    return tuple(lower + [c.upper() for c in lower])


VIETNAMESE_LETTERS: tuple[str, ...] = _all_letters()
"""The 134 letters with diacritics (67 lower case, then their capitals)."""

# ------------------------------------------------------------------------------------------------ TCVN3

_TCVN3_ROWS: dict[str, tuple[int, int, int, int, int]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
                "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


@cache
def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter → Latin-1 char of its TCVN3 byte, and the reverse)."""
    enc: dict[str, str] = {k: chr(v) for k, v in _TCVN3_PLAIN.items()}
    for base, codes in _TCVN3_ROWS.items():
        for tone, code in zip(_TONES, codes, strict=True):
            enc[_toned(base, tone)] = chr(code)
    dec = {v: k for k, v in enc.items()}
    return enc, dec


def tcvn3_to_unicode(s: str) -> str:
    """TCVN3 text read as Latin-1 → Unicode NFC: `Céng hoµ` → `Cộng hoà`."""
    _, dec = _tcvn3_tables()
    return nfc("".join(dec.get(ch, ch) for ch in s))


def unicode_to_tcvn3(s: str) -> str:
    """Unicode → TCVN3 as Latin-1 chars (capital toned vowels become lower case: VN3 has none)."""
    enc, _ = _tcvn3_tables()
    out = []
    for ch in nfc(s):
        code = enc.get(ch)
        if code is None and ch.lower() != ch:
            code = enc.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


# -------------------------------------------------------------------------------------------------- VNI

# Mark bytes after a plain vowel (a e o u y, and ơ ư which are single bytes): sắc huyền hỏi ngã nặng.
_VNI_TONE = {"\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF}
# After a/e/o for â ê ô: circumflex alone, then with each tone; after a for ă: breve alone, then tones.
_VNI_CIRC = {"": 0xE2, "\u0301": 0xE1, "\u0300": 0xE0, "\u0309": 0xE5, "\u0303": 0xE3, "\u0323": 0xE4}
_VNI_BREVE = {"": 0xEA, "\u0301": 0xE9, "\u0300": 0xE8, "\u0309": 0xFA, "\u0303": 0xFC, "\u0323": 0xEB}
# Single bytes: ơ ư đ, the toned i's, and ỵ.
_VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1, "í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE}


@cache
def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter → VNI chars as Latin-1, and VNI sequence → letter, both cases)."""
    lower: dict[str, str] = {k: chr(v) for k, v in _VNI_SINGLE.items()}
    for base in "aeouy":
        for tone, code in _VNI_TONE.items():
            letter = _toned(base, tone)
            lower.setdefault(letter, base + chr(code))
    for base, plain in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for tone, code in _VNI_CIRC.items():
            lower[_toned(plain, tone)] = base + chr(code)
    for tone, code in _VNI_BREVE.items():
        lower[_toned("ă", tone)] = "a" + chr(code)
    for base in ("ơ", "ư"):
        for tone, code in _VNI_TONE.items():
            lower[_toned(base, tone)] = chr(_VNI_SINGLE[base]) + chr(code)
    enc = dict(lower)
    for letter, seq in lower.items():
        # Capitals: upper-case base, mark byte 0x20 lower (ù 0xF9 → Ù 0xD9).
        enc[letter.upper()] = "".join(chr(ord(c) - 0x20) if ord(c) >= 0xE0 else c.upper() for c in seq)
    dec = {v: k for k, v in enc.items()}
    # Title case mixes an upper-case base with a lower-case mark (`Uû` for Ủ): decode by the base's case.
    for letter, seq in lower.items():
        if len(seq) == 2:
            dec.setdefault(seq[0].upper() + seq[1], letter.upper())
            dec.setdefault(seq[0] + chr(ord(seq[1]) - 0x20), letter)
    return enc, dec


def vni_to_unicode(s: str) -> str:
    """VNI-Windows text read as Latin-1 → Unicode NFC: `Coäng hoøa` → `Cộng hòa`."""
    _, dec = _vni_tables()
    out, i = [], 0
    while i < len(s):
        pair = s[i : i + 2]
        if len(pair) == 2 and pair in dec:
            out.append(dec[pair])
            i += 2
            continue
        out.append(dec.get(s[i], s[i]))
        i += 1
    return nfc("".join(out))


def unicode_to_vni(s: str) -> str:
    """Unicode → VNI-Windows as Latin-1 chars (for fixtures and tests)."""
    enc, _ = _vni_tables()
    return "".join(enc.get(ch, ch) for ch in nfc(s))


# ----------------------------------------------------------------------------------------------- cp1258

_CP1258_TONES = frozenset(_TONES)


def unicode_to_cp1258(s: str) -> bytes:
    """Unicode → cp1258 bytes: a precomposed letter when the code page has one, else the base letter
    (â ă ê ô ơ ư kept whole) followed by a combining tone mark, as Windows writes it."""
    out = bytearray()
    for ch in nfc(s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _CP1258_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


# -------------------------------------------------------------------------------------------- detection

# A Vietnamese syllable: onset, a vowel nucleus from the closed list below, optional coda, at most one
# tone (`nghiêng`, `khuyến`, `đường`, `quốc`). `Coọng` (VNI bytes read as TCVN3) fails on its nucleus.
_NUCLEI = (
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo",
    "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
    "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")(?:ng|nh|ch|[cmnpt])?"
)
_TONE_MARKS = frozenset(_TONES)
_WORDS = re.compile(r"[\p{L}\u00a8-\u00fe]+")  # words incl. TCVN3 non-letters: `ng\u00adêi` (soft hyphen = ư), `g×`


def _valid_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", nfc(word).lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and bool(_SYLLABLE.fullmatch(bare))


def syllable_score(text: str) -> float:
    """Share of the words holding non-ASCII letters that are valid Vietnamese syllables (0 when none)."""
    words = [w for w in _WORDS.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    return sum(_valid_syllable(w) for w in words) / len(words)


_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}
# Real Unicode Vietnamese (`ă đ ơ ư`, `ạ … ỹ`), which legacy text read as Latin-1 never contains.
_UNICODE_VIET = re.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
# Latin-1 upper half: `µ ¸ Ö ­ ®` (TCVN3 `hµnh`, `®­îc`), `ø ù ä û ñ` (VNI `hoøa`, `ñöôïc`).
_HIGH_LATIN = re.compile(r"[\u00a1-\u00ff]")


def detect_legacy(text: str, min_score: float = 0.8) -> str | None:
    """`tcvn3`, `vni` or None for text decoded as Latin-1/cp1252 from legacy bytes.

    Tell-tales first: Latin-1 letters (µ ¸ Ö ­ for TCVN3, ø ù ä û after a vowel for VNI) make up a
    share of the letters and no real Unicode Vietnamese is present; then each table's conversion must
    read as Vietnamese syllables (score ≥ `min_score`) clearly better than the text as it stands."""
    sample = text[:200_000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    high = len(_HIGH_LATIN.findall(sample))
    if high / letters < 0.03 or len(_UNICODE_VIET.findall(sample)) > high / 10:
        return None
    base = syllable_score(sample)
    scores = {name: syllable_score(conv(sample)) for name, conv in _CONVERTERS.items()}
    name = max(scores, key=lambda k: scores[k])
    if scores[name] >= min_score and scores[name] > base + 0.2:
        return name
    return None


def legacy_to_unicode(text: str, encoding: str) -> str:
    """Convert text read as Latin-1 from `encoding` (`tcvn3` or `vni`) to Unicode NFC."""
    return _CONVERTERS[encoding](text)


def decode_legacy_bytes(data: bytes, min_score: float = 0.8) -> tuple[str, str] | None:
    """(Unicode NFC text, `tcvn3` | `vni` | `cp1258`) for bytes in a legacy Vietnamese 8-bit encoding,
    the one whose decoding reads best as Vietnamese syllables; None for UTF-8, ASCII or other text."""
    try:
        data.decode("utf-8")
        return None  # valid UTF-8 (ASCII included) is never legacy
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    candidates: dict[str, str] = {name: conv(latin) for name, conv in _CONVERTERS.items()}
    with contextlib.suppress(UnicodeDecodeError):  # cp1258 leaves a few bytes undefined
        candidates["cp1258"] = nfc(data.decode("cp1258"))
    scores = {name: syllable_score(text[:200_000]) for name, text in candidates.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < min_score:
        return None
    return candidates[best], best


# ---------------------------------------------------------------------------------------- tone placement

# Old style puts the tone on the second vowel of an open `oa`, `oe`, `uy` (hoà, khoẻ, thuý, Uỷ); new
# style on the first (hòa, khỏe, thúy, Ủy). Only word-final pairs differ (`hoàn`, `hoạch` agree), and `qu`
# is a consonant (`quý` is the same in both).
_OLD_PAIRS = {
    first + _toned(second, tone): _toned(first, tone) + second
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_OLD_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted({k for k in _OLD_PAIRS} | {k.upper() for k in _OLD_PAIRS}
                                    | {k[0].upper() + k[1] for k in _OLD_PAIRS})) + r")(?!\p{L})"
)


def _new_style(pair: str) -> str:
    new = _OLD_PAIRS[pair.lower()]
    return "".join(n.upper() if o.isupper() else n for o, n in zip(pair, new, strict=True))


def tone_fold(s: str) -> str:
    """Old → new tone placement, keeping case and everything else: `Uỷ ban`, `hoà` → `Ủy ban`, `hòa`.

    For matching, `text.fold` already folds tone placement (together with case and spaces), so
    `fold(tone_fold(x)) == fold(x)`; use this where the text is shown or compared case-sensitively.
    Unlike `fold` it leaves closed syllables alone (`hoàn`, `đoạn` stay as written)."""
    return _OLD_TONE_RE.sub(lambda m: _new_style(m.group(1)), nfc(s))


def same_word(a: str, b: str) -> bool:
    """Equal up to case, spacing, Unicode form and tone placement (`Uỷ ban` ~ `ủy  ban`)."""
    return fold(a) == fold(b)
