"""Segment stage: ordered blocks → an outline tree of headings and list items.

The Vietnamese ladder is `I.` → `1.` / `1.1.` → `a)` → `(1)` → `-` → `+`, but provinces reorder and
skip rungs, so the outline is built relatively: a marker family already open on the stack closes
everything below it and becomes a sibling; a family not yet open nests under the current node.
Roman numerals and ALL-CAPS title lines always start at the top. Unmarked paragraphs nest under the
deepest open node (a lead-in "Đến năm 2030:" owns the paragraph after it) but never take children.
Task tables stay whole; layout tables (header block, signature) are flattened into paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from parplan.read.lines import MARKER_RE, is_caps, lines_to_paragraphs
from parplan.read.source import Block, Line, Para, SourceDoc, SourceRef, Table

_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})[.:/]?$")
_CLOSING = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?")
_PAREN_NOTE = re.compile(r"^\(.*\)\.?$", re.S)
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+[IVX\d]+)?\s*[:.]?$")


@dataclass
class Node:
    """One outline node: a heading or list item (marker + text) or an unmarked paragraph."""

    family: str  # roman, decimal, decimal2, decimal3, letter, paren, dash, plus, content, article,
    #              plain, title, closing, note, root
    marker: str
    text: str
    ref: SourceRef | None
    children: list[Node] = field(default_factory=list)
    bold: bool = False

    @property
    def full_text(self) -> str:
        return f"{self.marker} {self.text}".strip()

    def walk(self):  # type: ignore[no-untyped-def]
        """Depth-first, document order (self first)."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    """The narrative as a tree plus the appendix blocks (captions, group lines, task tables)."""

    root: Node
    appendix: list[Block]
    tables: list[Table]


def split_marker(text: str) -> tuple[str, str, str]:
    """`(1) Tiếp tục …` → ("paren", "(1)", "Tiếp tục …"); unmarked text → ("plain", "", text)."""
    m = MARKER_RE.match(text)
    if not m:
        return "plain", "", text
    marker = m.group(0).strip()
    rest = text[m.end() :].strip()
    if _ROMAN.match(marker):
        family = "roman"
    elif marker[0].isdigit():
        family = {0: "decimal", 1: "decimal2"}.get(marker.rstrip(".").count("."), "decimal3")
    elif marker.endswith(")") and marker.startswith("("):
        family = "paren"
    elif marker.endswith(")"):
        family = "letter"
    elif marker in "-–—•*":
        family, marker = "dash", "-"
    elif marker == "+":
        family = "plus"
    elif marker.startswith("Nội dung"):
        family = "content"
    else:
        family = "article"
    return family, marker, rest


def flatten_layout_table(table: Table) -> list[Para]:
    """Cells of a non-task table (header block, signature) as paragraphs, row by row."""
    paras: list[Para] = []
    for row in table.rows:
        for cell in row.cells:
            if cell.continued or not cell.text.strip():
                continue
            lines = [Line(t, cell.ref) for t in cell.text.split("\n") if t.strip()]
            paras.extend(lines_to_paragraphs(lines))
    return paras


def _is_task_table(table: Table) -> bool:
    from parplan.extract.columns import column_roles

    return column_roles(table) is not None


def blocks_to_outline(doc: SourceDoc) -> Outline:
    """Build the outline; the appendix starts at a `PHỤ LỤC` line or at the first task table."""
    flat: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Table) and not _is_task_table(block):
            flat.extend(flatten_layout_table(block))
        else:
            flat.append(block)
    start = _appendix_start(flat)
    narrative, appendix = flat[:start], flat[start:]
    tables = [b for b in flat if isinstance(b, Table)]
    return Outline(paras_to_tree([b for b in narrative if isinstance(b, Para)]), appendix, tables)


def _appendix_start(blocks: list[Block]) -> int:
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table)), len(blocks))
    for i, b in enumerate(blocks[:first_table]):
        if isinstance(b, Para) and _APPENDIX.match(b.text.strip()):
            return i
    # captions right before the first table ("NỘI DUNG, PHÂN CÔNG…", "(Kèm theo …)") belong to it
    i = first_table
    while i > 0:
        prev = blocks[i - 1]
        if isinstance(prev, Para) and (is_caps(prev.text) or _PAREN_NOTE.match(prev.text.strip())):
            if split_marker(prev.text)[0] != "plain":
                break
            i -= 1
            continue
        break
    return i


def paras_to_tree(paras: list[Para]) -> Node:
    """The relative-ladder outline over narrative paragraphs."""
    root = Node("root", "", "", None)
    stack: list[Node] = [root]
    for para in paras:
        text = para.text.strip()
        family, marker, rest = split_marker(text)
        if family == "plain":
            if _CLOSING.match(text):
                node = Node("closing", "", text, para.ref, bold=para.bold)
                root.children.append(node)
                stack = [root, node]
                continue
            if len(text) < 200 and is_caps(text):  # the length first: it spares scanning long paragraphs
                node = Node("title", "", text, para.ref, bold=para.bold)
                root.children.append(node)
                stack = [root, node]
                continue
            kind = "note" if _PAREN_NOTE.match(text) else "plain"
            stack[-1].children.append(Node(kind, "", text, para.ref, bold=para.bold))
            continue
        node = Node(family, marker, rest, para.ref, bold=para.bold)
        if family == "roman":
            stack = [root]
        else:
            families = [n.family for n in stack]
            if family in families:
                stack = stack[: families.index(family)]
        stack[-1].children.append(node)
        stack.append(node)
    return root
