"""Word's "alternative format chunks" (`w:altChunk`) turned into WordprocessingML the reader knows.

A DOCX made by a web portal or a mail merge often holds its whole text as an embedded HTML (or MHT,
plain-text, nested DOCX) part that Word imports when it opens the file; `document.xml` has only a
`<w:altChunk r:id=…/>` where it goes. Read as it stands, such a decree is empty. Here each chunk
becomes the paragraphs (`w:p`, with bold runs and line breaks) and tables (`w:tbl`, colspan as
`w:gridSpan`, rowspan as `w:vMerge`) it shows, spliced in where the chunk sits, so that numbering,
tables and the joiner treat it like any body text. HTML list items get the marker a browser draws
("1.", "a)", "-"), since a list's structure is in its markers. An RTF chunk is not read: a note says so.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

__all__ = ["Budget", "expand_alt_chunks"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{" + W_NS + "}"
MAX_CHUNK = 8 * 1024 * 1024  # all chunks of one document; a decree as HTML is well under 1 MB
MAX_CHUNK_BLOCKS = 20_000  # paragraphs and tables from all chunks (a long decree has ~2,000)
MAX_NESTING = 3  # a DOCX chunk holding a DOCX chunk …

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "address",
        "center",
        "dd",
        "dt",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "caption",
        "form",
        "fieldset",
    ]
)
_SKIP = frozenset(
    ["head", "script", "style", "title", "meta", "link", "noscript", "template", "object", "iframe"]
)
_BOLD = frozenset(["b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"])
_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", regex.IGNORECASE)
_SPACE = regex.compile(r"\s+")
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE = regex.compile(
    r"<!--.*?(?:-->|$)|<(script|style|head|title|template|noscript)\b.*?(?:</\1\s*>|$)", regex.S | regex.I
)
_BLOCK_TAG = regex.compile(
    r"</?(?:p|div|h[1-6]|li|tr|td|th|br|hr|table|ol|ul|blockquote|pre|section|article)\b[^>]*>", regex.I
)
_TAG = regex.compile(r"<[^>]*>")
# what XML 1.0 cannot hold (C0 controls but tab and line ends, U+FFFE/FFFF, lone surrogates)
_NOT_XML = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Loader = Callable[[str], bytes | None]


@dataclass(slots=True)
class Budget:
    """What one document's chunks may still take, in bytes read and in blocks made: ten thousand
    `w:altChunk`s naming one part, or chunks nested in chunks, must not multiply the work."""

    left: int = MAX_CHUNK
    blocks: int = MAX_CHUNK_BLOCKS


def expand_alt_chunks(
    body: Any, load: Loader, notes: list[str], depth: int = 0, budget: Budget | None = None
) -> None:
    """Replace each `w:altChunk` in `body` (any depth: a table cell may hold one) by its content.

    `load(rid)` gives the bytes of the part a relationship id names, or None. Each part is loaded
    once, and each parent's children are rebuilt once (splicing chunk by chunk is quadratic)."""
    budget = Budget() if budget is None else budget
    chunks = list(body.iter(W + "altChunk"))
    if not chunks:
        return
    parts: dict[str, bytes | None] = {}
    over: list[str] = []
    expansions: dict[Any, list[Any]] = {}
    for chunk in chunks:
        rid = chunk.get("{" + R_NS + "}id", "")
        if rid not in parts:
            parts[rid] = load(rid)
        data = parts[rid]
        new: list[Any] = []
        if data is None:
            notes.append(f"an embedded chunk ({rid or 'no id'}) names no part of the package; not read")
        elif len(data) > budget.left or budget.blocks <= 0:
            over.append(rid)
        else:
            budget.left -= len(data)
            try:
                new = _chunk_elements(data, rid, notes, depth, budget)
            except (ValueError, LookupError, UnicodeError, TypeError, RecursionError) as exc:
                notes.append(f"an embedded chunk ({rid}) could not be read ({type(exc).__name__})")
            if len(new) > budget.blocks:
                over.append(rid)
                new = new[: budget.blocks]
            budget.blocks -= len(new)
        expansions[chunk] = new
    if over:
        notes.append(
            f"{len(over)} embedded chunk(s) ({', '.join(sorted(set(over))[:5])}) are past what this "
            f"document's chunks may take ({MAX_CHUNK // 2**20} MB, {MAX_CHUNK_BLOCKS:,} paragraphs); "
            "not read, or read in part"
        )
    for parent in {chunk.getparent() for chunk in chunks} - {None}:
        children: list[Any] = []
        for child in parent:
            children.extend(expansions.get(child, [child]))
        parent[:] = children


def _chunk_elements(data: bytes, rid: str, notes: list[str], depth: int, budget: Budget) -> list[Any]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: sniff the decoded start
        head = data[:4096].decode("utf-16", "replace").encode("utf-8").lstrip().lower()
    else:
        head = data[:2048].lstrip().lower()
    if data.startswith(b"PK"):
        return _docx_chunk(data, rid, notes, depth, budget)
    if head.startswith(b"{\\rtf"):
        notes.append(f"an embedded RTF chunk ({rid}) is not read; open and save the file in Word first")
        return []
    if b"mime-version" in head or b"content-type: multipart" in head:
        html = _mht_html(data)
        if html is None:
            notes.append(f"an embedded MHT chunk ({rid}) holds no HTML part; not read")
            return []
        return html_to_blocks(html, notes)
    if b"<html" in head or b"<!doctype html" in head or b"<body" in head or b"<p" in head:
        return html_to_blocks(_decode_html(data), notes)
    text = _decode(data, "utf-8")
    return [_para([(line, False)]) for line in text.splitlines() if line.strip()]


def _docx_chunk(data: bytes, rid: str, notes: list[str], depth: int, budget: Budget) -> list[Any]:
    from parplan.read.docx import _light_parts  # a nested package: its body, chunks and all

    if depth >= MAX_NESTING:
        notes.append(f"an embedded DOCX chunk ({rid}) is nested more than {MAX_NESTING} deep; not read")
        return []
    light = _light_parts(data, notes, depth + 1, budget)
    if light is None:
        notes.append(f"an embedded DOCX chunk ({rid}) is damaged; not read")
        return []
    return [child for child in light[0] if child.tag != W + "sectPr"]


def _mht_html(data: bytes) -> str | None:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return _decode(payload, part.get_content_charset() or "utf-8")
    return None


def _decode_html(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = _CHARSET.search(data[:4096])
    return _decode(data, m.group(1).decode("ascii") if m else "utf-8")


def _decode(data: bytes, charset: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# HTML → w:p / w:tbl


def html_to_blocks(html: str, notes: list[str] | None = None) -> list[Any]:
    """The paragraphs and tables an HTML page shows, as WordprocessingML elements.

    libxml2's HTML parser drops whatever is nested deeper than 256 elements; when the parsed page
    holds clearly less text than its source, the page is read as plain paragraphs instead (block
    tags end a paragraph, other tags are dropped) and a note says so: text is never lost silently."""
    import lxml.html

    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares its encoding
    if not html.strip():
        return []
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # an empty document, or only a comment
        root = None
    body = None if root is None else root.find("body")
    blocks = [] if root is None else _blocks_of(body if body is not None else root)
    plain = _plain_paragraphs(html)
    shown = sum(len(_SPACE.sub("", "".join(b.itertext()))) for b in blocks)
    if shown < 0.9 * sum(len(_SPACE.sub("", p)) for p in plain):
        if notes is not None:
            notes.append(
                "an embedded HTML chunk could not be laid out (nested too deep?); read as plain paragraphs"
            )
        return [_para([(p, False)]) for p in plain]
    return blocks


def _plain_paragraphs(html: str) -> list[str]:
    """The text of an HTML page without a parser: scripts, styles and comments out, a block tag or
    `<br>` ends a paragraph, other tags dropped, entities decoded."""
    import html as html_lib

    text = _INVISIBLE.sub(" ", html)
    text = _BLOCK_TAG.sub("\n", text)
    text = html_lib.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _blocks_of(top: Any) -> list[Any]:
    """The blocks inside one HTML element: a block element or `<br>` ends a paragraph's line.

    Walked with an explicit stack, not recursion: a page may nest elements thousands deep."""
    out: list[Any] = []
    runs: list[tuple[str, bool]] = []
    stack: list[tuple[str, Any, bool]] = []

    def flush() -> None:
        if any(text.strip() for text, _ in runs):
            out.append(_para(runs))
        runs.clear()

    def push_children(el: Any, bold: bool) -> None:
        todo = []
        for child in el:
            todo += [("enter", child, bold), ("tail", child, bold)]
        stack.extend(reversed(todo))

    top_bold = top.tag in _BOLD
    if top.text:
        runs.append((top.text, top_bold))
    push_children(top, top_bold)
    while stack:
        op, el, bold = stack.pop()
        if op == "tail":
            if el.tail:
                runs.append((el.tail, bold))
            continue
        if op == "flush":
            flush()
            continue
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and PIs have no string tag
        if tag in _SKIP:
            continue
        if tag == "table":
            flush()
            out.append(_table(el))
            continue
        block = tag in _BLOCKS or tag in ("ol", "ul", "tr", "hr", "td", "th")
        if block:
            flush()
        if tag == "br":
            runs.append(("\n", bold))
        if tag == "li":
            runs.append((_marker(el), bold))
        inner = bold or tag in _BOLD
        if el.text and tag:
            runs.append((el.text, inner))
        if block:
            stack.append(("flush", el, inner))
        push_children(el, inner)
    flush()
    return out


def _marker(li: Any) -> str:
    """The marker a browser draws before a list item: "3. ", "c) ", "iv. ", "- "."""
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    items = [child for child in parent if child.tag == "li"]
    try:
        start = int(parent.get("start", "1"))
    except ValueError:
        start = 1
    number = start + items.index(li) if li in items else start
    if li.get("value", "").strip().isdigit():
        number = int(li.get("value"))
    kind = parent.get("type", "1")
    if kind in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return f"{letter.upper() if kind == 'A' else letter}) "
    if kind in ("i", "I") and 1 <= number <= 3999:
        from parplan.read.docx import _roman  # Word's own numbering renders Roman markers the same way

        roman = _roman(number)
        return f"{roman if kind == 'I' else roman.lower()}. "
    return f"{number}. "


def _rows(table: Any) -> Iterator[Any]:
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 64))
    except ValueError:
        return 1


def _table(table: Any) -> Any:
    from lxml import etree

    tbl = etree.Element(W + "tbl", nsmap={"w": W_NS})
    pending: dict[int, tuple[int, int]] = {}  # grid column → (rows still merged, span)
    for tr in _rows(table):
        row = etree.SubElement(tbl, W + "tr")
        col = 0
        for cell in (c for c in tr if c.tag in ("td", "th")):
            col = _continue_merges(row, col, pending)
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            _cell(row, _flat(_blocks_of(cell)), span, merge="restart" if down > 1 else None)
            if down > 1:
                pending[col] = (down - 1, span)
            col += span
        for start in sorted(c for c in pending if c >= col):  # merges to the right of the last cell
            _continue_merges(row, start, pending)
    return tbl


def _continue_merges(row: Any, col: int, pending: dict[int, tuple[int, int]]) -> int:
    """Add the continuation cells of merges from above that sit at `col`; the next free column."""
    while col in pending:
        left, span = pending.pop(col)
        _cell(row, [], span, merge="continue")
        if left > 1:
            pending[col] = (left - 1, span)
        col += span
    return col


def _cell(row: Any, paragraphs: list[Any], span: int, merge: str | None) -> None:
    from lxml import etree

    tc = etree.SubElement(row, W + "tc")
    pr = etree.SubElement(tc, W + "tcPr")
    if span > 1:
        etree.SubElement(pr, W + "gridSpan").set(W + "val", str(span))
    if merge == "restart":
        etree.SubElement(pr, W + "vMerge").set(W + "val", "restart")
    elif merge == "continue":
        etree.SubElement(pr, W + "vMerge")
    for p in paragraphs or [etree.Element(W + "p")]:
        tc.append(p)


def _flat(blocks: list[Any]) -> list[Any]:
    """A cell's blocks as paragraphs only: a table nested in the cell gives its paragraphs in order."""
    return [p for block in blocks for p in ([block] if block.tag == W + "p" else block.iter(W + "p"))]


def _para(runs: list[tuple[str, bool]]) -> Any:
    """One w:p: whitespace collapsed as a browser does, "\\n" (from <br>) as w:br."""
    from lxml import etree

    p = etree.Element(W + "p", nsmap={"w": W_NS})
    text = "".join(("\x00" if t == "\n" else t) for t, _ in runs)
    if not text.replace("\x00", "").strip():
        return p
    pieces: list[tuple[str, bool]] = []
    for t, bold in runs:
        piece = "\x00" if t == "\n" else _SPACE.sub(" ", _NOT_XML.sub("", t))
        if pieces and pieces[-1][1] == bold:
            pieces[-1] = (pieces[-1][0] + piece, bold)
        else:
            pieces.append((piece, bold))
    first = True
    for piece, bold in pieces:
        if first:
            piece = piece.lstrip(" ")
        first = first and not piece
        for k, part in enumerate(piece.split("\x00")):
            r = etree.SubElement(p, W + "r")
            if bold:
                etree.SubElement(etree.SubElement(r, W + "rPr"), W + "b")
            if k:
                etree.SubElement(r, W + "br")
            t = etree.SubElement(r, W + "t")
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p
