"""Segment stage: ordered blocks → an outline tree of headings and list items.

Structure is decided from structure, never from wording. The conventional ladder of Vietnamese
administrative documents is the prior:

    I.  →  1.  →  1.1.  →  1.1.1.  →  a) / (1)  →  - / •  →  + / ◦

and document-local evidence decides where a document deviates from it:

- **numbering continuity**: a marker whose family is already open continues the open list whose
  next number it is (`1.` `2.` `3.` stay siblings, however deep the lists between them); a first
  number (`1.`, `a)`, `(1)`) under an open list of its own family starts a nested list (`1. Mục tiêu`
  under `4. Cải cách chế độ công vụ`);
- **rank**: a marker of a higher rung closes the lower rungs open below it (a numbered heading after a
  bullet list closes the list); a lower rung nests under the deepest open node above it; a lead-in
  ending with ":" may own a list one rung higher (`- Các nội dung sau:` → `a) …`);
- **heading-likeness**: an unnumbered line that is short, ends without `.`/`;`/`,` and is ALL CAPS,
  bold, or a few words is a heading: it owns what follows it, like a numbered one. Two such lines of
  the same style are siblings.

Every placement records its reason (`Node.reason`), shown by `parplan parse --stage segment`.
Roman numerals start at the top (or under an unnumbered umbrella heading that the document puts
above them); ALL-CAPS boilerplate (national motto, issuer, document type, signature) is a title at the
top. Task tables stay whole; layout tables (header block, signature) are flattened into paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import regex as re

from parplan.read.lines import (
    CAPS_NAME_RE,
    HEADER_LINE_RE,
    MARKER_RE,
    SIGN_ROLE_RE,
    SITE_LINE_RE,
    is_caps,
    is_header_line,
    lines_to_paragraphs,
)
from parplan.read.lines import FRAME_RE as _BOILERPLATE
from parplan.read.source import Block, Line, Para, SourceDoc, SourceRef, Table

_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})[.:/]?$")
_ROMAN_DECIMAL = re.compile(r"^[IVX]+\.\d")
_ORDINALS = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
# ALL-CAPS lines that frame a decree rather than structure its body (motto, issuer, document type,
# signature) stand at the top of the tree; any other ALL-CAPS line is a heading (`read.lines.FRAME_RE`).
_CLOSING = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?")
_PAREN_NOTE = re.compile(r"^\(.*\)\.?$", re.S)
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+[IVX\d]+)?\s*[:.]?$")
# ALL-CAPS lines that frame a decree rather than structure its body: motto, issuer, document type,
# signature. They stand at the top of the tree; any other ALL-CAPS line is a heading.
_SENTENCE_BREAK = re.compile(r"[.;!?]\s+\p{Lu}")
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"  # list letters run a b c d đ e g h i k …

# Rungs of the ladder (smaller = higher). Unnumbered headings take the rung of where they stand.
RANKS = {
    "title": 0.0,
    "closing": 0.0,
    "part": 0.8,  # Phần / Chương: above Roman sections
    "upper": 0.9,  # A. B. Đ.: groups, above Roman sections where both are used
    "article": 1.0,
    "roman": 1.0,
    "section": 1.5,  # Mục N: between Roman and decimal
    "decimal": 2.0,
    "content": 2.0,
    "decimal2": 3.0,
    "decimal3": 4.0,
    "letter": 5.0,
    "paren": 5.0,
    "dash": 6.0,
    "bullet": 6.0,
    "plus": 7.0,
    "circle": 7.0,
}
_BULLETS = frozenset({"dash", "bullet", "plus", "circle"})
_LIST_RUNG = 4.0  # rungs at or below this may hang under a lead-in ending with ":"
HEADING_MAX_WORDS = 20  # a heading line is short
PLAIN_HEADING_MAX_WORDS = 12
CAPS_HEADING_MAX_WORDS = 40  # ALL CAPS is strong evidence: a long verb-led area title is still a heading
LIST_HEAD_MAX_WORDS = 60
LEAD_IN_HEADING_MAX_WORDS = 5  # an unnumbered heading with no style to show it is shorter still


@dataclass
class Node:
    """One outline node: a heading or list item (marker + text) or an unmarked paragraph."""

    family: str  # roman, decimal, decimal2, decimal3, letter, paren, dash, bullet, plus, circle, content,
    #              article, heading (unnumbered heading), plain, title, closing, note, root
    marker: str
    text: str
    ref: SourceRef | None
    children: list[Node] = field(default_factory=list)
    bold: bool = False
    reason: str = ""  # why the node stands where it does
    seq: int = -1  # paragraph index in document order
    style: str = ""  # for unnumbered headings: caps, bold or plain (same style → siblings)
    rank: float = 0.0  # rung of the ladder the node stands on
    ordinal: int = 0  # 1-based place among the siblings of its family and style (unnumbered headings' label)

    @property
    def full_text(self) -> str:
        return f"{self.marker} {self.text}".strip()

    def walk(self) -> Iterator[Node]:
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
    elif _ROMAN_DECIMAL.match(marker):  # "II.1." is the first rung under "II.", "II.1.2." the next
        family = "decimal" if marker.rstrip(".").count(".") == 1 else "decimal2"
    elif marker.startswith(("Phần", "PHẦN", "Chương", "CHƯƠNG")):
        family = "part"
    elif marker.startswith(("Mục", "MỤC")):
        family = "section"
    elif len(marker) == 2 and marker[0].isupper() and marker[1] == ".":
        family = "upper"  # "A.", "Đ."
    elif marker[0].isdigit() and marker.endswith(")"):
        family = "paren"  # "3)": the rung of "(3)"
    elif marker[0].isdigit():
        family = {0: "decimal", 1: "decimal2"}.get(marker.rstrip(".").count("."), "decimal3")
    elif marker.endswith(")") and marker.startswith("("):
        family = "paren"
    elif marker.endswith(")"):
        family = "letter"
    elif marker in "-–—":
        family, marker = "dash", "-"
    elif marker == "+":
        family = "plus"
    elif marker in "◦○o":
        family = "circle"
    elif marker.startswith("Nội dung"):
        family = "content"
    elif len(marker) == 1:
        family = "bullet"
    else:
        family = "article"
    return family, marker, rest


def marker_value(family: str, marker: str) -> int | None:
    """The number a marker stands for, for continuity: `IV.` → 4, `2.3.` → 3, `đ)` → 5, `(7)` → 7."""
    label = marker.strip().rstrip(".:/)").lstrip("(")
    if family in {"part", "section"}:  # "Phần thứ hai" → 2, "PHẦN II" → 2, "Mục 3" → 3
        word = label.split()[-1]
        if word.isdigit():
            return int(word)
        if word.casefold() in _ORDINALS:
            return _ORDINALS[word.casefold()]
        family, label = "roman", word.upper()
    if family == "roman":
        return roman_value(label)
    if family in {"decimal", "decimal2", "decimal3", "paren"}:
        last = label.rsplit(".", 1)[-1]
        return int(last) if last.isdigit() else None
    if family == "content":
        digits = re.sub(r"\D", "", label)
        return int(digits) if digits else None
    if family in {"letter", "upper"}:
        label = label.lower()
        return VIETNAMESE_LETTERS.index(label) + 1 if label in VIETNAMESE_LETTERS else None
    return None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int:
    """`IV` → 4, `XII` → 12 (letters other than I V X L C count for nothing)."""
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES.get(ch, 0)
        total += -v if i + 1 < len(text) and _ROMAN_VALUES.get(text[i + 1], 0) > v else v
    return total


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


def _is_task_table(table: Table, synonyms: Mapping[str, Sequence[str]] | None = None) -> bool:
    from parplan.extract.columns import column_roles, inferred_roles

    return column_roles(table, synonyms or None) is not None or inferred_roles(table) is not None


def blocks_to_outline(doc: SourceDoc, synonyms: Mapping[str, Sequence[str]] | None = None) -> Outline:
    """Build the outline; the appendix starts at a `PHỤ LỤC` line or at the first task table (told by
    its header, with a province profile's column `synonyms`)."""
    flat: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Table) and not _is_task_table(block, synonyms):
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
    if first_table == len(blocks):
        return first_table  # no table: trailing caps lines are a signature, not a table's captions
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


# --- heading-likeness -------------------------------------------------------------------------------


def heading_like(text: str, max_words: int = HEADING_MAX_WORDS) -> bool:
    """A line that reads as a heading: short, one clause, not ending like a sentence or a list entry.

    `Cải cách thể chế` → True; `Rà soát văn bản quy phạm pháp luật.` → False; `Sở Nội vụ:` → True.
    """
    text = text.strip()
    if not text or len(text.split()) > max_words:
        return False
    if text.endswith((".", ";", ",")) and not text.endswith("..."):
        return False
    return _SENTENCE_BREAK.search(text) is None


def _container(node: Node) -> bool:
    """A node that may own a list below it: a heading, or a lead-in ending with ':'."""
    text = node.text.rstrip()
    return node.family in {"root", "title", "heading"} or text.endswith(":") or heading_like(node.text)


def _plain_style(para: Para, text: str, opens_list: bool = False) -> str | None:
    """The style of an unnumbered heading line (caps, bold, plain), or None for body text. A line
    that heads a numbered list (`opens_list`) may be as long as a heading gets."""
    if text[:1].islower() or _PAREN_NOTE.match(text):
        return None
    if text.endswith(":"):  # a lead-in; only a short one ("Mục tiêu:", "Nhiệm vụ cụ thể:") heads what follows
        return "plain" if len(text.split()) <= LEAD_IN_HEADING_MAX_WORDS and heading_like(text) else None
    if opens_list and heading_like(text, LIST_HEAD_MAX_WORDS) and not (is_caps(text) or para.bold):
        return "plain"
    if is_caps(text) and heading_like(text, CAPS_HEADING_MAX_WORDS):
        return "caps"
    if para.bold and heading_like(text):
        return "bold"
    if heading_like(text, PLAIN_HEADING_MAX_WORDS) and not text.endswith(("!", "?")):
        return "plain"
    return None


# --- the tree -----------------------------------------------------------------------------------------


def paras_to_tree(paras: list[Para]) -> Node:
    """The outline over narrative paragraphs (see the module docstring for the rules)."""
    shapes = [split_marker(p.text.strip()) for p in paras]  # (family, marker, rest) of each, read once
    builder = _Builder(_umbrellas(paras, shapes), _list_openers(shapes))
    for seq, para in enumerate(paras):
        builder.add(para, seq, shapes[seq])
    return builder.root


Shape = tuple[str, str, str]


def _list_openers(shapes: list[Shape]) -> set[int]:
    """Indexes of paragraphs followed by the first entry of a numbered list (`1.`, `a)`, `(1)`):
    whatever their length, unnumbered lines standing there head that list."""
    out: set[int] = set()
    for i in range(len(shapes) - 1):
        family, marker, _ = shapes[i + 1]
        if family not in {"plain", "roman", "article", *_BULLETS} and marker_value(family, marker) == 1:
            out.add(i)
    return out


def _umbrellas(paras: list[Para], shapes: list[Shape]) -> set[int]:
    """Indexes of unnumbered ALL-CAPS headings whose next numbered heading is Roman: the document puts
    them above its Roman sections ("MỤC TIÊU" then "I. Cải cách thể chế …"), so they outrank Roman."""
    out: set[int] = set()
    pending: int | None = None
    for i, para in enumerate(paras):
        family = shapes[i][0]
        if family == "plain":
            text = para.text.strip()
            if is_caps(text) and heading_like(text, CAPS_HEADING_MAX_WORDS) and not _BOILERPLATE.match(text):
                pending = i
            continue
        if pending is not None and family == "roman":
            out.add(pending)
        pending = None
    return out


class _Builder:
    """Places paragraphs one by one on a stack of open nodes."""

    def __init__(self, umbrellas: set[int], openers: set[int]) -> None:
        self.umbrellas = umbrellas  # see `_umbrellas`
        self.openers = openers  # see `_list_openers`
        self.root = Node("root", "", "", None, rank=-1.0)
        self.stack: list[Node] = [self.root]
        self.body = False  # a body heading (not title, closing or article) has been placed
        self.signing = (
            False  # the last frame line was a signature role ("PHÓ CHỦ TỊCH"): a caps name may follow
        )

    # where a node goes ---------------------------------------------------------------------------

    def _attach(self, parent: Node, node: Node, reason: str) -> None:
        self.stack = self.stack[: self.stack.index(parent) + 1]
        node.ordinal = 1 + sum(c.family == node.family and c.style == node.style for c in parent.children)
        parent.children.append(node)
        node.reason = reason
        self.stack.append(node)

    def _under_rank(self, node: Node, lead_in_ok: bool) -> tuple[Node, str]:
        """The deepest open node on a higher rung than `node` (or a lead-in, for list rungs)."""
        for open_node in reversed(self.stack):
            if open_node.rank < node.rank:
                return open_node, f"under {_label(open_node)}: {node.family} ranks below {open_node.family}"
            if lead_in_ok and open_node.text.rstrip().endswith(":"):
                return open_node, f"under {_label(open_node)}: a lead-in ending with ':' owns the list"
        return self.root, "at the top"

    def add(self, para: Para, seq: int, shape: Shape) -> None:
        text = para.text.strip()
        family, marker, rest = shape
        if family == "plain":
            self._add_plain(para, text, seq)
            return
        node = Node(family, marker, rest, para.ref, bold=para.bold, seq=seq, rank=RANKS[family])
        if family == "roman":
            umbrella = next(
                (n for n in reversed(self.stack) if n.family in {"heading", "part", "upper"} and n.rank < 1),
                None,
            )
            if umbrella is not None:
                self._attach(
                    umbrella, node, f"under {_label(umbrella)}: an unnumbered heading above Roman sections"
                )
            else:
                self._attach(self.root, node, "Roman numerals start at the top")
            self.body = True
            return
        if family == "article":
            parent, reason = self._under_rank(node, False)
            self._attach(parent, node, reason)
            return
        open_same = [n for n in self.stack if n.family == family]
        top = self.stack[-1]
        if open_same:
            parent, reason = self._continue(node, open_same)
        elif family in _BULLETS and not (top.family in _BULLETS and top.rank > node.rank):
            # which bullet glyph nests in which is the document's choice: a new glyph opens a level
            parent, reason = top, f"under {_label(top)}: a bullet of a new kind nests"
        else:
            parent, reason = self._under_rank(node, node.rank > _LIST_RUNG)
        self._attach(parent, node, reason)
        self.body = self.body or family in {
            "decimal",
            "decimal2",
            "decimal3",
            "content",
            "letter",
            "part",
            "section",
        }

    def _continue(self, node: Node, open_same: list[Node]) -> tuple[Node, str]:
        """Place a marker whose family is open: continue a list, or start a nested one."""
        value = marker_value(node.family, node.marker)
        label = f"{node.marker!r}"
        if value is None:  # bullets: a bullet of an open kind continues its list
            sibling = open_same[-1]
            return self._parent_of(sibling), f"continues the {node.marker!r} list of {_label(sibling)}"
        following = [n for n in open_same if marker_value(n.family, n.marker) == value - 1]
        if following:
            sibling = following[-1]
            if len(following) > 1:  # equal evidence from numbering: the list it reads most like wins
                sibling = max(reversed(following), key=lambda n: self._likeness(node, n))
                return self._parent_of(sibling), (
                    f"{label} follows {sibling.marker!r} of {_label(sibling)} "
                    f"(of {len(following)} open lists it could continue, the one whose entries it reads like)"
                )
            return self._parent_of(sibling), f"{label} follows {sibling.marker!r} of {_label(sibling)}"
        deepest = open_same[-1]
        if value == 1:
            below = self.stack[self.stack.index(deepest) :]
            owner = next((n for n in reversed(below) if _container(n)), None)
            if owner is not None:
                return owner, f"{label} restarts the numbering under {_label(owner)}: a nested list"
        return self._parent_of(
            deepest
        ), f"{label} after {deepest.marker!r}: numbering gap, read as its sibling"

    def _likeness(self, node: Node, sibling: Node) -> float:
        """How much `node` reads like the entries of `sibling`'s list: parallel entries share their
        style (heading or sentence), opening words and length ("3. Cải cách tổ chức bộ máy" continues
        "1. Cải cách thể chế, 2. Cải cách thủ tục hành chính", not "1. Mục tiêu, 2. Nhiệm vụ")."""
        entries = [c for c in self._parent_of(sibling).children if c.family == sibling.family]
        words = set(_words(node.text))
        score = 0.0
        for entry in entries:
            other = set(_words(entry.text))
            overlap = len(words & other) / len(words | other) if words | other else 0.0
            size = min(len(words), len(other)) / max(len(words), len(other), 1)
            score = max(score, overlap + 0.3 * size)
        return score + (heading_like(node.text) == heading_like(sibling.text))

    def _parent_of(self, node: Node) -> Node:
        return self.stack[self.stack.index(node) - 1]

    def _add_plain(self, para: Para, text: str, seq: int) -> None:
        if _CLOSING.match(text):
            node = Node("closing", "", text, para.ref, bold=para.bold, seq=seq)
            self._attach(self.root, node, "recipients list ('Nơi nhận') closes the body")
            self.body = False
            return
        if SITE_LINE_RE.match(text.strip()):
            node = Node("closing", "", text, para.ref, bold=para.bold, seq=seq)
            self._attach(
                self.root, node, "a website's block ('HIỆU LỰC VĂN BẢN', 'Tải văn bản') closes the body"
            )
            self.body = False
            return
        top = self.stack[-1]
        caps = len(text) < 200 and is_caps(text)  # the length first: it spares scanning long paragraphs
        # (the motto's second half stands alone when a header's columns are interleaved)
        frame = caps and (_BOILERPLATE.match(text) is not None or text.startswith("HỘI CHỦ NGHĨA VIỆT NAM"))
        if caps and not frame and top.family == "title" and not top.children:  # "KẾ HOẠCH" / "CẢI CÁCH …"
            top.children.append(
                Node("plain", "", text, para.ref, bold=para.bold, seq=seq, reason="title continued")
            )
            return
        if frame:
            node = Node("title", "", text, para.ref, bold=para.bold, seq=seq)
            self._attach(self.root, node, "ALL-CAPS frame of the decree (motto, issuer, type, signature)")
            self.body = False
            role = SIGN_ROLE_RE.search(text)  # a line that ends with a role: the name comes next
            self.signing = role is not None and role.end() == len(text.rstrip())
            return
        if caps and self.signing and not self.body and CAPS_NAME_RE.match(text):
            node = Node("plain", "", text, para.ref, bold=para.bold, seq=seq, rank=9.0)
            top.children.append(node)
            node.reason = f"the signer's name under {_label(top)}"
            self.signing = False
            return
        if not self.body and _header_line(text):
            node = Node("title", "", text, para.ref, bold=para.bold, seq=seq)
            self._attach(self.root, node, "header line of the decree (issuer, number, place and date)")
            return
        style = _plain_style(para, text, seq in self.openers) if (self.body or caps) else None
        if style is not None:
            self._add_heading(para, text, seq, style)
            return
        kind = "note" if _PAREN_NOTE.match(text) else "plain"
        node = Node(kind, "", text, para.ref, bold=para.bold, seq=seq, rank=9.0)
        top.children.append(node)
        node.reason = f"text under {_label(top)}"

    def _add_heading(self, para: Para, text: str, seq: int, style: str) -> None:
        """An unnumbered heading: sibling of an open one of its style, else under the nearest heading."""
        node = Node("heading", "", text, para.ref, bold=para.bold, seq=seq, style=style)
        same = [n for n in self.stack if n.family == "heading" and n.style == style]
        if same:
            sibling = same[-1]
            node.rank = sibling.rank
            self._attach(
                self._parent_of(sibling), node, f"unnumbered {style} heading, sibling of {_label(sibling)}"
            )
            self.body = True
            return
        if style == "caps" and seq in self.umbrellas:
            node.rank = 0.5
            self._attach(self.root, node, "unnumbered ALL-CAPS heading above Roman sections")
            self.body = True
            return
        parent = next(
            n
            for n in reversed(self.stack)
            if n.family in {"root", "title", "closing", "heading"}
            or (
                n.family not in {"plain", "note"}
                and (heading_like(n.text) and not n.text.rstrip().endswith(":"))
                and n.rank < RANKS["dash"]
            )
        )
        node.rank = parent.rank + 0.5
        self._attach(parent, node, f"unnumbered {style} heading under {_label(parent)}")
        self.body = True


def _header_line(text: str) -> bool:
    """A line of the decree's header block: `Số: 1234/KH-UBND`, `Gia Lai, ngày 15 tháng 01 năm 2022`,
    or a header row copied with its cell borders (`| ỦY BAN NHÂN DÂN TỈNH X | CỘNG HÒA … |`)."""
    if len(text) < 80 and is_header_line(text):
        return True
    if not (text.startswith("|") and text.rstrip().endswith("|")):
        return False
    cells = [c.strip() for c in text.strip().strip("|").split("|") if c.strip()]
    return bool(cells) and all(
        HEADER_LINE_RE.match(c) or (_BOILERPLATE.match(c) and is_caps(c)) or c.startswith("Độc lập")
        for c in cells
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _label(node: Node) -> str:
    if node.family == "root":
        return "the top"
    text = node.full_text
    return repr(text if len(text) <= 40 else text[:39] + "…")
