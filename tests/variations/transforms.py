"""Layout transformations of decree text that keep its content: the inputs of the variation suite.

A sample is cut once into blocks, spans of physical lines with a role (area heading, sub-heading,
Roman section heading, list item, …) read off the parse of the ORIGINAL text (the oracle). A
transformation maps blocks to blocks and rendering applies the line options (hard wrap, blank-line
removal, CRLF). Composing two transformations is applying both to the blocks, so the second still
knows which lines are which however the first rewrote them: no re-parse, no line mapping.

Choices worth knowing when reading a loss:

- `area_roman` numbers the areas I., II., … and turns every Roman heading (the areas' umbrella and the
  other parts: `IV. GIẢI PHÁP THỰC HIỆN`, `V. KINH PHÍ` …) into an unnumbered ALL-CAPS line, as decrees
  whose areas are Roman do. Unnumbering the umbrella only would leave `IV. GIẢI PHÁP` right after area
  `VI.`, a clash no decree has. Only areas directly under a Roman heading with a one-level marker
  (`4.`) are renumbered; nested `2.1.` areas stay as written.
- `area_decimal` numbers every area `N.`, counting within its umbrella. The samples already write
  `1.`, so it changes only nested areas (131: `2.1. Giai đoạn …` → `1. Giai đoạn …` right under
  `2. Mục tiêu cụ thể`, the numbering restart a reader takes for nesting).
- Bullets are re-marked on item lines only (the parse's items), not on `-` lines of other sections;
  the markdown export does the same for its `* ` bullets.
- The tail (signature block and appendix after the last area) and table lines (a tab or a leading
  `|`) are never touched, not even by wrap or blank-line removal: blank lines separate the cells of
  the cell-per-line appendix of 131, and the suite measures narrative items only.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from parplan import Plan
    from parplan.read.source import Table

Role = Literal["header", "roman", "area", "subheading", "item", "other", "blank", "table", "tail"]

# `III.`, `4.`, `2.1.`, `a)` at the start of a heading line (the marker may stand alone: `IV.`).
_MARKER = re.compile(r"^(\s*)([IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\))(?=\s|$)\s*")
_ROMAN_LINE = re.compile(r"^\s*[IVXLC]+\.(?:\s|$)")
# `a) Mục tiêu`, `b) Nhiệm vụ`, `2. Chỉ tiêu`, `**Giải pháp**` (tested on the folded line).
_SUBHEADING = re.compile(r"^(?:[a-zđ]\)|\d+(?:\.\d+)*\.?)?\s*(mục tiêu|nhiệm vụ|chỉ tiêu|giải pháp)\b")
_TITLE = re.compile(r"^(kế hoạch|chương trình)\b")
_DASH = re.compile(r"^(\s*)[-–—−]\s*")
_PLUS = re.compile(r"^(\s*)\+\s*")
_TAIL_START = re.compile(r"^\s*(nơi nhận\b|phụ lục\s*$)")
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"

# One long, verb-led wording per canonical area, each naming the area's key phrase.
LONG_HEADINGS: dict[str, str] = {
    "institutional": "Tiếp tục đẩy mạnh cải cách thể chế, nâng cao chất lượng xây dựng và thực thi pháp luật "
    "trên địa bàn tỉnh",
    "administrative_procedures": "Đẩy mạnh cải cách thủ tục hành chính, tạo thuận lợi tối đa cho người dân và "
    "doanh nghiệp khi giải quyết công việc",
    "apparatus": "Tiếp tục sắp xếp, kiện toàn tổ chức bộ máy hành chính nhà nước theo hướng tinh gọn, hoạt động "
    "hiệu lực, hiệu quả",
    "civil_service": "Cải cách chế độ công vụ, xây dựng đội ngũ cán bộ công chức, viên chức chuyên nghiệp, có đủ "
    "phẩm chất và năng lực",
    "public_finance": "Đổi mới cơ chế quản lý tài chính công, nâng cao hiệu quả sử dụng ngân sách nhà nước và các "
    "nguồn lực công",
    "digital_government": "Đẩy mạnh xây dựng chính quyền điện tử, chuyển đổi số, hướng tới chính quyền số và nền "
    "kinh tế số của tỉnh",
    "direction": "Tăng cường công tác chỉ đạo, điều hành cải cách hành chính, nâng cao trách nhiệm của người đứng "
    "đầu các cơ quan, đơn vị",
}

# Name and one-sentence summary per canonical area, for the lead-in list of `summary_list`.
SUMMARIES: dict[str, tuple[str, str]] = {
    "institutional": (
        "Cải cách thể chế",
        "hoàn thiện văn bản quy phạm pháp luật và nâng cao hiệu quả thi hành.",
    ),
    "administrative_procedures": (
        "Cải cách thủ tục hành chính",
        "cắt giảm, đơn giản hóa thủ tục và đẩy mạnh giải quyết trên môi trường mạng.",
    ),
    "apparatus": ("Cải cách tổ chức bộ máy", "sắp xếp bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả."),
    "civil_service": ("Cải cách chế độ công vụ", "nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức."),
    "public_finance": ("Cải cách tài chính công", "đổi mới cơ chế tài chính và tự chủ của đơn vị sự nghiệp."),
    "digital_government": (
        "Xây dựng chính quyền điện tử, chính quyền số",
        "ứng dụng công nghệ thông tin và chuyển đổi số trong cơ quan nhà nước.",
    ),
    "direction": (
        "Công tác chỉ đạo, điều hành",
        "tăng cường trách nhiệm người đứng đầu, kiểm tra và tuyên truyền.",
    ),
}
SUMMARY_LEAD_IN = "Kế hoạch tập trung vào các nội dung trọng tâm sau:"
SUMMARY_DEFAULT = "triển khai đồng bộ các nhiệm vụ nêu tại mục này."


@dataclass(frozen=True)
class AreaSpan:
    line: int  # first physical line, 1-based
    end: int  # last physical line, inclusive
    code: str


@dataclass(frozen=True)
class ItemSpan:
    line: int
    end: int
    marker: str  # marker as the parser read it ('-', '+', '(1)', '')


@dataclass(frozen=True)
class Oracle:
    """Which physical lines of a sample are what, from the parse of the original text."""

    areas: tuple[AreaSpan, ...]
    items: tuple[ItemSpan, ...]
    subheadings: tuple[int, ...]
    romans: tuple[tuple[int, int], ...]  # (line, end): a lone `IV.` takes the next line with it
    title_line: int  # first line of the plan proper; the lines above are the header block
    tail_line: int  # first line of the tail (signature, appendix); len(lines) + 1 when none


@dataclass(frozen=True)
class Block:
    """A span of physical lines with one role; `lines` is what renders."""

    role: Role
    lines: tuple[str, ...]
    start: int = 0  # first physical line in the original (0: inserted by a transformation)
    marker: str = ""  # item: marker from the parse; heading: marker as currently written
    code: str = ""  # area: area code
    number: int = 0  # area: ordinal under its umbrella; subheading: ordinal within its area
    area_number: str = ""  # subheading: number of its area as first written ('4', '2.1')
    group: int = 0  # area: start line of its Roman umbrella (0: none)
    nested: bool = False  # area: multi-level marker ('2.1.')


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    gap: bool  # the source separates paragraphs by blank lines (inserted text does the same)
    wrap: int = 0  # hard-wrap body lines longer than this (0: never)
    blank_lines: bool = True
    newline: str = "\n"


Step = Callable[[Layout], Layout]


def _fold(line: str) -> str:
    return " ".join(line.replace("*", " ").split()).casefold()


def _is_caps(line: str) -> bool:
    text = line.replace("*", "").strip()
    return bool(text) and text == text.upper() and any(ch.isalpha() for ch in text)


def build_oracle(text: str, plan: Plan) -> Oracle:
    """Line roles of `text` from `plan`, its own parse (txt: `source.line` is a physical line)."""
    lines = text.split("\n")
    n = len(lines)
    areas = tuple(
        AreaSpan(a.source.line, a.source.end_line or a.source.line, a.code)
        for a in plan.areas
        if a.part == "narrative" and a.source.line is not None
    )
    items = tuple(
        ItemSpan(i.source.line, i.source.end_line or i.source.line, i.marker)
        for i in plan.items
        if i.part == "narrative" and i.source.line is not None
    )
    covered = {ln for span in (*areas, *items) for ln in range(span.line, span.end + 1)}
    first_roman = next((k for k in range(1, n + 1) if _ROMAN_LINE.match(lines[k - 1])), n + 1)
    title_line = max(
        (k for k in range(1, first_roman) if _is_caps(lines[k - 1]) and _TITLE.match(_fold(lines[k - 1]))),
        default=1,
    )
    body_end = max((span.end for span in (*areas, *items)), default=0)
    tail_line = next(
        (k for k in range(body_end + 1, n + 1) if _TAIL_START.match(_fold(lines[k - 1]))),
        n + 1,
    )
    romans: list[tuple[int, int]] = []
    for k in range(title_line, tail_line):
        if k in covered or not _ROMAN_LINE.match(lines[k - 1]):
            continue
        alone = not _MARKER.sub("", lines[k - 1]).strip()
        end = k + 1 if alone and k + 1 < tail_line and lines[k].strip() and k + 1 not in covered else k
        romans.append((k, end))
    boundaries = sorted({a.line for a in areas} | {r for r, _ in romans} | {tail_line})
    subheadings: list[int] = []
    for area in areas:
        stop = next((b for b in boundaries if b > area.line), tail_line)
        for k in range(area.end + 1, stop):
            line = lines[k - 1]
            if k not in covered and _SUBHEADING.match(_fold(line)) and len(line.split()) <= 8:
                subheadings.append(k)
    return Oracle(areas, items, tuple(subheadings), tuple(romans), title_line, tail_line)


def _split_marker(line: str) -> tuple[str, str, str]:
    """`'  4. Cải cách'` → `('  ', '4.', 'Cải cách')`; no marker → `('', '', line)`."""
    bold = line.lstrip().startswith("**")
    probe = line.replace("**", "", 1) if bold else line
    m = _MARKER.match(probe)
    if m is None:
        return "", "", line
    rest = probe[m.end() :]
    return m.group(1), m.group(2), ("**" + rest if bold else rest)


def _heading_text(block: Block) -> str:
    """The heading without its marker or markdown, on one line."""
    joined = " ".join(line.strip() for line in block.lines if line.strip())
    return " ".join(_split_marker(joined)[2].replace("**", "").split())


def _roman(number: int) -> str:
    """`14` → `XIV` (a plan has fewer than 40 areas)."""
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + digits, number - value
    return out


def cut(text: str, oracle: Oracle) -> Layout:
    """Cut `text` into role blocks by the oracle; `render(cut(text, o)) == text`."""
    lines = text.split("\n")
    spans: dict[int, tuple[Role, int, str, str]] = {}  # start → (role, end, marker, code)
    taken: set[int] = set()

    def claim(role: Role, line: int, end: int, marker: str = "", code: str = "") -> None:
        if line in taken or line < oracle.title_line or line >= oracle.tail_line:
            return
        end = min(end, oracle.tail_line - 1)
        while end > line and end in taken:
            end -= 1
        spans[line] = (role, end, marker, code)
        taken.update(range(line, end + 1))

    for area in oracle.areas:
        claim("area", area.line, area.end, code=area.code)
    for item in oracle.items:
        claim("item", item.line, item.end, marker=item.marker)
    for line, end in oracle.romans:
        claim("roman", line, end)
    for line in oracle.subheadings:
        claim("subheading", line, line)

    blocks: list[Block] = []
    umbrella = 0
    area_count: dict[int, int] = {}
    area_number = ""
    sub_count = 0
    k = 1
    while k <= len(lines):
        line = lines[k - 1]
        if k in spans:
            kind, end, marker, code = spans[k]
            chunk = tuple(lines[k - 1 : end])
            if kind == "item":
                blocks.append(Block("item", chunk, k, marker=marker))
            elif kind == "roman":
                umbrella = k
                blocks.append(Block("roman", chunk, k, marker=_split_marker(line)[1]))
            elif kind == "area":
                written = _split_marker(line)[1]
                area_count[umbrella] = area_count.get(umbrella, 0) + 1
                area_number, sub_count = written.rstrip("."), 0
                blocks.append(
                    Block(
                        "area",
                        chunk,
                        k,
                        marker=written,
                        code=code,
                        number=area_count[umbrella],
                        group=umbrella,
                        nested=written.rstrip(".").count(".") > 0,
                    )
                )
            else:
                sub_count += 1
                blocks.append(
                    Block(
                        "subheading",
                        chunk,
                        k,
                        marker=_split_marker(line)[1],
                        number=sub_count,
                        area_number=area_number,
                    )
                )
            k = end + 1
            continue
        role: Role
        if k >= oracle.tail_line:
            role = "tail"
        elif k < oracle.title_line:
            role = "header"
        elif "\t" in line or line.lstrip().startswith("|"):
            role = "table"
        elif not line.strip():
            role = "blank"
        else:
            role = "other"
        blocks.append(Block(role, (line,), k))
        k += 1
    body = [b for b in blocks if b.role not in ("header", "tail", "table")]
    blank = sum(1 for b in body if b.role == "blank")
    return Layout(tuple(blocks), gap=blank >= 0.3 * max(1, len(body)))


def render(layout: Layout) -> str:
    """Join the blocks' lines, applying the line options outside the header, tail and tables."""
    out: list[str] = []
    for block in layout.blocks:
        if block.role in ("tail", "table"):
            out.extend(block.lines)
            continue
        for line in block.lines:
            if not line.strip():
                if layout.blank_lines:
                    out.append(line)
            elif layout.wrap and block.role != "header" and len(line) > layout.wrap:
                out.extend(textwrap.wrap(line, layout.wrap, break_long_words=False, break_on_hyphens=False))
            else:
                out.append(line)
    return layout.newline.join(out)


def _map(layout: Layout, fn: Callable[[Block], Block | Sequence[Block] | None]) -> Layout:
    """Apply `fn` to every block: a block, several blocks, or None to drop it."""
    blocks: list[Block] = []
    for block in layout.blocks:
        result = fn(block)
        if isinstance(result, Block):
            blocks.append(result)
        elif result is not None:
            blocks.extend(result)
    return replace(layout, blocks=tuple(blocks))


def _remark(block: Block, marker: str) -> Block:
    """The block with its first line's heading marker replaced by `marker` ('' removes it)."""
    indent, written, rest = _split_marker(block.lines[0])
    if written == marker:
        return block
    first = (f"{indent}{marker} {rest}" if rest else f"{indent}{marker}") if marker else f"{indent}{rest}"
    lines = (first, *block.lines[1:]) if first.strip() else block.lines[1:]
    return replace(block, lines=lines, marker=marker)


# --- sub-headings (a) Mục tiêu / b) Nhiệm vụ) --------------------------------------------------


def _subheadings(fmt: Callable[[Block, str], str]) -> Step:
    def step(layout: Layout) -> Layout:
        return _map(
            layout,
            lambda b: replace(b, lines=(fmt(b, _heading_text(b)),)) if b.role == "subheading" else b,
        )

    return step


sub_letter = _subheadings(lambda b, text: f"{_VI_LETTERS[b.number - 1]}) {text}")
sub_decimal = _subheadings(lambda b, text: f"{b.number}. {text}")
sub_decimal2 = _subheadings(lambda b, text: f"{b.area_number}.{b.number}. {text}")
sub_plain = _subheadings(lambda b, text: text)
sub_bold_md = _subheadings(lambda b, text: f"**{text}**")


# --- area headings ------------------------------------------------------------------------------


def area_roman(layout: Layout) -> Layout:
    """Areas as I., II., …; every Roman heading becomes an unnumbered ALL-CAPS line."""
    converted = {b.group for b in layout.blocks if b.role == "area" and b.group and not b.nested}

    def fn(b: Block) -> Block:
        if b.role == "area" and b.group in converted and not b.nested:
            return _remark(b, f"{_roman(b.number)}.")
        if b.role == "roman" and converted:
            unnumbered = _remark(b, "")
            return replace(unnumbered, lines=tuple(line.upper() for line in unnumbered.lines))
        return b

    return _map(layout, fn)


def area_decimal(layout: Layout) -> Layout:
    return _map(layout, lambda b: _remark(b, f"{b.number}.") if b.role == "area" else b)


def area_plain(layout: Layout) -> Layout:
    return _map(layout, lambda b: _remark(b, "") if b.role == "area" else b)


def area_caps(layout: Layout) -> Layout:
    def fn(b: Block) -> Block:
        if b.role != "area":
            return b
        indent, marker, rest = _split_marker(b.lines[0])
        first = f"{indent}{marker} {rest.upper()}" if marker else f"{indent}{rest.upper()}"
        return replace(b, lines=(first, *(line.upper() for line in b.lines[1:])))

    return _map(layout, fn)


def area_long(layout: Layout) -> Layout:
    def fn(b: Block) -> Block:
        if b.role != "area" or b.code not in LONG_HEADINGS:
            return b
        wording = LONG_HEADINGS[b.code]
        return replace(b, lines=(f"{b.marker} {wording}" if b.marker else wording,))

    return _map(layout, fn)


def summary_list(layout: Layout) -> Layout:
    """Before the first area of each umbrella: a lead-in line and one `- name: summary` per area."""
    groups: dict[int, list[Block]] = {}
    for b in layout.blocks:
        if b.role == "area":
            groups.setdefault(b.group, []).append(b)
    first = {areas[0].start: areas for areas in groups.values()}

    def fn(b: Block) -> Sequence[Block]:
        if b.role != "area" or b.start not in first:
            return [b]
        texts = [SUMMARY_LEAD_IN]
        for area in first[b.start]:
            name, summary = SUMMARIES.get(area.code, (_heading_text(area).split(",")[0], SUMMARY_DEFAULT))
            texts.append(f"- {name}: {summary}")
        inserted: list[Block] = []
        for text in texts:
            inserted.append(Block("other", (text,)))
            if layout.gap:
                inserted.append(Block("blank", ("",)))
        return [*inserted, b]

    return _map(layout, fn)


# --- bullets ------------------------------------------------------------------------------------


def _rebullet(old: str, pattern: re.Pattern[str], glyph: str) -> Step:
    def fn(b: Block) -> Block:
        if b.role != "item" or b.marker != old or not pattern.match(b.lines[0]):
            return b
        return replace(b, lines=(pattern.sub(rf"\g<1>{glyph} ", b.lines[0], count=1), *b.lines[1:]))

    return lambda layout: _map(layout, fn)


BULLET_GLYPHS = ("•", "●", "–", "*", "◦", "o")
_PAREN_NUMBER = re.compile(r"^(\s*)\((\d+)\)\s*")


def paren_close(layout: Layout) -> Layout:
    """`(3) Thực hiện …` items as `3) Thực hiện …` (close-paren numbers, next to the areas' `3.`)."""

    def fn(b: Block) -> Block:
        if b.role != "item" or not _PAREN_NUMBER.match(b.lines[0]):
            return b
        return replace(b, lines=(_PAREN_NUMBER.sub(r"\g<1>\g<2>) ", b.lines[0], count=1), *b.lines[1:]))

    return _map(layout, fn)


# --- whole-document layouts ---------------------------------------------------------------------


def markdown(layout: Layout) -> Layout:
    """A markdown export: `## ` Roman sections, `### **area**`, `**sub-heading**`, `* ` bullets."""

    def fn(b: Block) -> Block:
        one_line = " ".join(line.strip() for line in b.lines if line.strip())
        if b.role == "roman":
            return replace(b, lines=(f"## {one_line}",))
        if b.role == "area":
            return replace(b, lines=(f"### **{one_line.replace('**', '')}**",))
        if b.role == "subheading":
            return replace(b, lines=(f"**{one_line.replace('**', '')}**",))
        if b.role == "item" and b.marker == "-" and _DASH.match(b.lines[0]):
            return replace(b, lines=(_DASH.sub(r"\g<1>* ", b.lines[0], count=1), *b.lines[1:]))
        return b

    return _map(layout, fn)


def no_header(layout: Layout) -> Layout:
    return _map(layout, lambda b: None if b.role == "header" else b)


# A website's additions: its name above the decree and its metadata block below it. The cells state
# other values on purpose: the decree's own header, title, caption and signature outrank them.
_PORTAL_TOP = ("Hệ thống pháp luật",)
_PORTAL_END = (
    "HIỆU LỰC VĂN BẢN",
    "• Số hiệu: 9999/KH-UBND • Loại văn bản: Văn bản khác • Ngày ban hành: 01/01/2000",
    "• Nơi ban hành: Tỉnh Cà Mau • Người ký: Trần Văn Cổng • Tình trạng hiệu lực: Đã biết",
    "Tải văn bản",
)


def portal_copy(layout: Layout) -> Layout:
    top = Block("other", _PORTAL_TOP)
    end = Block("tail", _PORTAL_END)
    return replace(layout, blocks=(top, *layout.blocks, end))


_SO = re.compile(r"^\s*\**Số\b")
_PLACE_DATE = re.compile(r"^\s*\**[^\s,]+(?:\s[^\s,]+){0,4},\s*ngày\b")


_ISSUER_LINE = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|TỈNH\s)")
_MOTTO_LINE = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|HỘI CHỦ NGHĨA|Độc lập)")


def header_tabs(layout: Layout) -> Layout:
    """The national header's two columns side by side with tabs, as Word's "save as text" writes a
    header table: issuer | motto, …, `Số:` | place-date (rules and blank lines between them dropped)."""
    blocks = list(layout.blocks)
    texts = [" ".join(b.lines).strip() for b in blocks]
    first = next(
        (k for k, t in enumerate(texts) if blocks[k].role == "header" and _ISSUER_LINE.match(t.strip("* "))),
        None,
    )
    if first is None:
        return layout
    left: list[str] = []
    right: list[str] = []
    k = first
    while k < len(blocks) and blocks[k].role == "header":
        text, bare = texts[k], texts[k].strip("* ")
        if bare and not set(bare) <= set("-_–—| "):
            if _ISSUER_LINE.match(bare) or _SO.match(text):
                left.append(text)
            elif _MOTTO_LINE.match(bare) or _PLACE_DATE.match(text):
                right.append(text)
            else:
                break
        k += 1
    if not left or not right:
        return layout
    rows = tuple(f"{a}\t{b}".strip("\t") for a, b in zip_longest(left, right, fillvalue=""))
    return replace(
        layout, blocks=(*blocks[:first], Block("header", rows), Block("header", ("",)), *blocks[k:])
    )


# --- appendix tables in other layouts -------------------------------------------------------------------
# The sample's task tables as the reader found them (rows of cells on a column grid), written again in
# another text layout over the same lines. A table transformation is applied alone: it renders the
# layout first and returns the whole text as one untouched block.


def _grid_rows(table: Table) -> list[list[str]]:
    """The table's rows as full-width lists of cell texts (a merged-down cell is empty below its top)."""
    out = []
    for row in table.rows:
        cells = [""] * table.ncols
        for cell in row.cells:
            if not cell.continued and cell.col < table.ncols:
                # a typed line break (a list of agencies, products) stays one; wrapped lines are joined
                lines = [" ".join(line.split()) for line in cell.text.split("\n") if line.strip()]
                cells[cell.col] = ("\n" if cell.hard_breaks else " ").join(lines)
        out.append(cells)
    return out


def _br(rows: list[list[str]], mark: str) -> list[list[str]]:
    """Line breaks inside cells as `<br>` (markup tables) or a space (tab rows cannot hold one)."""
    return [[t.replace("\n", mark) for t in r] for r in rows]


def _render_md(rows: list[list[str]], nhead: int) -> list[str]:
    lines = ["| " + " | ".join(r) + " |" for r in _br(rows, "<br>")]
    rule = "|" + "---|" * len(rows[0])
    return [lines[0], rule, *lines[1:]]  # markdown knows one header row: a second one is a body row


def _render_grid(rows: list[list[str]], nhead: int) -> list[str]:
    rows = _br(rows, "<br>")
    widths = [max(3, *(len(r[c]) for r in rows)) for c in range(len(rows[0]))]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    head_rule = "+" + "+".join("=" * (w + 2) for w in widths) + "+"
    out = [rule]
    for k, r in enumerate(rows):
        out.append("| " + " | ".join(t.ljust(w) for t, w in zip(r, widths, strict=True)) + " |")
        out.append(head_rule if nhead and k == nhead - 1 else rule)
    return out


def _render_tabs(rows: list[list[str]], nhead: int) -> list[str]:
    rows = _br(rows, " ")
    return ["\t".join(r) if any(r[1:]) else r[0] for r in rows]


def _render_spaces(rows: list[list[str]], nhead: int) -> list[str]:
    """Columns padded with spaces to a common start (group rows as one cell at the left)."""
    rows = _br(rows, " ")
    widths = [max(3, *(len(r[c]) for r in rows if any(r[1:]))) for c in range(len(rows[0]))]
    return [
        "  ".join(t.ljust(w) for t, w in zip(r, widths, strict=True)).rstrip() if any(r[1:]) else r[0]
        for r in rows
    ]


def _render_pipes(rows: list[list[str]], nhead: int) -> list[str]:
    """Every cell its lines, then a line holding only `|` (an empty cell: the `|` alone)."""
    return [line for r in rows for t in r for line in (*t.split("\n"), "|") if t or line == "|"]


def _render_paragraphs(rows: list[list[str]], nhead: int) -> list[str]:
    """Every cell a blank-line separated paragraph (an empty cell: a no-break space)."""
    return ["", *(line for r in _br(rows, " ") for t in r for line in (t or "\u00a0", "")), ""]


def _repeat_header(rows: list[list[str]], nhead: int) -> list[list[str]]:
    """The header again in the middle of the body, as a page break repeats it."""
    if not nhead or len(rows) < nhead + 4:
        return rows
    mid = nhead + (len(rows) - nhead) // 2
    return [*rows[:mid], *(list(r) for r in rows[:nhead]), *rows[mid:]]


def _reorder(rows: list[list[str]], nhead: int) -> list[list[str]]:
    """Columns after the first in reverse order (the deadline first, the task last)."""
    return [[r[0], *reversed(r[1:])] if any(r[1:]) else r for r in rows]


def retable(
    render_rows: Callable[[list[list[str]], int], list[str]], *edits: Callable[..., list[list[str]]]
) -> Step:
    def step(layout: Layout) -> Layout:
        from parplan.read.source import Table
        from parplan.read.txt import read_text

        text = render(layout)
        lines = text.split("\n")
        tables = [b for b in read_text(text, "t.txt").blocks if isinstance(b, Table) and b.header_rows]
        for table in sorted(tables, key=lambda t: -(t.ref.line or 0)):
            rows = _grid_rows(table)
            for edit in edits:
                rows = edit(rows, table.header_rows)
            first, last = table.ref.line or 1, table.ref.end_line or table.ref.line or 1
            lines[first - 1 : last] = render_rows(rows, table.header_rows)
        return replace(layout, blocks=(Block("tail", tuple(lines)),))

    return step


def wrap70(layout: Layout) -> Layout:
    return replace(layout, wrap=70)


def wrap90_noblank(layout: Layout) -> Layout:
    return replace(layout, wrap=90, blank_lines=False)


def crlf(layout: Layout) -> Layout:
    return replace(layout, newline="\r\n")


# --- registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transform:
    name: str
    description: str
    steps: tuple[Step, ...]

    def __call__(self, text: str, oracle: Oracle) -> str:
        """The transformed text: `(text, oracle) -> text`."""
        layout = cut(text, oracle)
        for step in self.steps:
            layout = step(layout)
        return render(layout)


_BASE: list[tuple[str, Step, str]] = [
    ("sub_letter", sub_letter, "Mục tiêu / Nhiệm vụ sub-headings as a), b) …"),
    ("sub_decimal", sub_decimal, "sub-headings as 1., 2. (the family of the area markers)"),
    ("sub_decimal2", sub_decimal2, "sub-headings as 4.1., 4.2. under area 4"),
    ("sub_plain", sub_plain, "sub-headings without a marker"),
    ("sub_bold_md", sub_bold_md, "sub-headings as **Mục tiêu**"),
    ("area_roman", area_roman, "areas as I., II. …; the Roman part headings unnumbered in capitals"),
    ("area_decimal", area_decimal, "areas as N., counting within their umbrella"),
    ("area_plain", area_plain, "area headings without a marker"),
    ("area_caps", area_caps, "area heading text in capitals"),
    ("area_long", area_long, "area headings as a long verb-led wording of the same area"),
    ("summary_list", summary_list, "a lead-in and '- area: summary' bullets before the first area"),
    *(
        (f"bullet_{glyph}", _rebullet("-", _DASH, glyph), f"'-' item markers as '{glyph}'")
        for glyph in BULLET_GLYPHS
    ),
    ("plus_circle", _rebullet("+", _PLUS, "◦"), "'+' item markers as '◦'"),
    ("paren_close", paren_close, "'(3)' item numbers as '3)'"),
    ("wrap70", wrap70, "body lines hard-wrapped at 70 characters"),
    ("wrap90_noblank", wrap90_noblank, "body lines wrapped at 90, no blank lines at all"),
    ("crlf", crlf, "CRLF line endings"),
    ("markdown", markdown, "a markdown export (##, ### **area**, **sub**, * bullets)"),
    ("no_header", no_header, "the decision wrapper and motto above the plan title removed"),
    ("portal_copy", portal_copy, "a website's name above and its metadata block below (other values)"),
    ("table_markdown", retable(_render_md), "appendix tables as markdown pipe tables"),
    ("table_grid", retable(_render_grid), "appendix tables as grid tables (+---+)"),
    ("table_tabs", retable(_render_tabs), "appendix tables as tab-separated rows"),
    ("table_spaces", retable(_render_spaces), "appendix tables as columns aligned with spaces"),
    ("table_pipes", retable(_render_pipes), "appendix tables as cells ended by `|` lines"),
    ("table_paragraphs", retable(_render_paragraphs), "appendix tables as one cell per paragraph"),
    (
        "table_markdown_repeat",
        retable(_render_md, _repeat_header),
        "markdown tables, header repeated mid-table",
    ),
    ("table_tabs_repeat", retable(_render_tabs, _repeat_header), "tab tables, header repeated mid-table"),
    ("table_markdown_reorder", retable(_render_md, _reorder), "markdown tables, columns in another order"),
    ("table_tabs_reorder", retable(_render_tabs, _reorder), "tab tables, columns in another order"),
    ("table_pipes_repeat", retable(_render_pipes, _repeat_header), "`|` cells, header repeated mid-table"),
    ("table_paragraphs_reorder", retable(_render_paragraphs, _reorder), "cell paragraphs, columns reordered"),
    (
        "header_tabs",
        header_tabs,
        "the header's two columns side by side with tabs (issuer | motto, Số | date)",
    ),
]
COMBINATIONS = (
    ("wrap70", "bullet_•"),
    ("area_plain", "sub_decimal"),
    ("summary_list", "area_long"),
    ("markdown", "wrap90_noblank"),
    ("crlf", "sub_letter"),
    ("no_header", "area_caps"),
    ("area_roman", "sub_decimal"),
    ("wrap70", "markdown"),
    ("portal_copy", "wrap90_noblank"),
    ("header_tabs", "no_header"),
)

TRANSFORMS: dict[str, Transform] = {name: Transform(name, text, (step,)) for name, step, text in _BASE}
for _pair in COMBINATIONS:
    TRANSFORMS["+".join(_pair)] = Transform(
        "+".join(_pair),
        " + ".join(TRANSFORMS[name].description for name in _pair),
        tuple(step for name in _pair for step in TRANSFORMS[name].steps),
    )
