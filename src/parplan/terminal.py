"""Text shown on a terminal, made safe: file names and document text cannot forge lines or colours.

A file name may hold an escape sequence, a newline or a bidi override, and a name read from a
byte path may hold undecodable bytes (`surrogateescape`). `safe_text` writes every such character
as a visible escape (`\\x1b`, `\\n`, `\\u202e`, `\\xff`), so a progress line or an error message is
exactly one line showing what is really there.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that reorder or hide text (bidi embeddings, overrides, isolates and marks;
# zero-width spaces and joiners; the word joiner and BOM): they can make one name look like another.
INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unsafe(ch: str) -> bool:
    return ch in _NAMED or ch in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def safe_text(text: str) -> str:
    """`text` with control, line-separator, bidi, zero-width and undecodable characters escaped;
    a backslash is doubled only when something else was escaped (plain paths stay readable)."""
    if not any(_unsafe(ch) and ch != "\\" for ch in text):
        return text
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in text)


_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def strip_invisible(text: str) -> str:
    """`text` without bidi controls and zero-width characters (for normalised names; it runs on
    every table cell, so the common case is one regex scan)."""
    return _INVISIBLE_RE.sub("", text) if _INVISIBLE_RE.search(text) else text
