"""How many objects a PDF's form XObjects expand to, counted from the raw file before pdfium sees it.

A form XObject is a content stream that a page (or another form) draws with `/Name Do`. pdfium
expands every use in full when it loads a page: a form that draws itself, or a chain of forms each
drawing the next twice (a DAG: 2^40 copies from 40 small objects), takes gigabytes and then aborts
the whole process from C++, where no Python guard can catch it. So the graph is walked here, on the
bytes: each stream object with `/Subtype /Form`, the names its resources bind to other objects, and
how often its content says `Do`. A cycle, or a page that would expand to more than a limit of
objects, refuses the file with a one-line error before any page is loaded.

The walk reads what a real decree uses (objects at the top level of the file, Flate-compressed
content, resources inline or by reference, object streams for the dictionaries). What it cannot
resolve counts as nothing: the guard is for files built to explode, not a second PDF parser.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import regex

__all__ = ["FormGraph", "expansion"]

_OBJ = regex.compile(rb"(?<![0-9])(\d{1,10})\s+\d{1,5}\s+obj\b")
_REF = regex.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
_NAME_REF = regex.compile(rb"/([^\s/<>\[\]()]+)\s*(\d{1,10})\s+\d{1,5}\s+R\b")
_DO = regex.compile(rb"/([^\s/<>\[\]()]+)\s*Do\b")
_FORM = regex.compile(rb"/Subtype\s*/Form\b")
_PAGE = regex.compile(rb"/Type\s*/Page\b(?!s)")
_MAX_INFLATE = 16 * 1024 * 1024  # one content stream, decompressed (a real page is a few hundred KB)


@dataclass(slots=True)
class _Object:
    head: bytes  # the dictionary (before `stream`), or the whole body of a non-stream object
    raw: bytes | None = None  # a stream's bytes as stored
    _data: bytes | None = None

    @property
    def stream(self) -> bytes | None:
        """The stream decoded, on first use only: images and fonts are never inflated."""
        if self.raw is None:
            return None
        if self._data is None:
            self._data = _inflate(self.head, self.raw)
        return self._data


@dataclass(slots=True)
class FormGraph:
    """Objects of one PDF by number, enough to follow resources and count `Do`s."""

    objects: dict[int, _Object] = field(default_factory=dict)

    @classmethod
    def from_bytes(cls, data: bytes) -> FormGraph:
        graph = cls()
        starts = list(_OBJ.finditer(data))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(data)
            body = data[m.end() : end]
            cut = body.find(b"endobj")
            body = body if cut < 0 else body[:cut]
            at = body.find(b"stream")
            if at >= 0 and b"endstream" in body[at:]:
                head = body[:at]
                raw = body[at + 6 : body.rfind(b"endstream")].lstrip(b"\r\n")
                graph.objects[int(m.group(1))] = _Object(head, raw)
            else:
                graph.objects[int(m.group(1))] = _Object(body)
        for obj in list(graph.objects.values()):  # object streams hold dictionaries (resources, pages)
            if b"/ObjStm" in obj.head and obj.raw:
                graph._unpack(obj)
        return graph

    def _unpack(self, obj: _Object) -> None:
        first = regex.search(rb"/First\s+(\d+)", obj.head)
        if not first or obj.stream is None:
            return
        offset = int(first.group(1))
        numbers = [int(x) for x in obj.stream[:offset].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=False))
        for k, (number, start) in enumerate(pairs):
            end = pairs[k + 1][1] if k + 1 < len(pairs) else len(obj.stream) - offset
            self.objects.setdefault(number, _Object(obj.stream[offset + start : offset + end]))

    def resolve(self, text: bytes, key: bytes) -> bytes:
        """The value of `/key` in a dictionary's text: an inline `<< … >>` or the referenced object."""
        at = text.find(b"/" + key)
        if at < 0:
            return b""
        rest = text[at + len(key) + 1 :].lstrip()
        if rest.startswith(b"<<"):
            return _balanced(rest)
        ref = _REF.match(rest)
        if ref:
            obj = self.objects.get(int(ref.group(1)))
            return obj.head if obj else b""
        return b""

    def bindings(self, head: bytes) -> dict[bytes, int]:
        """XObject names bound in an object's resources → object numbers. A page without its own
        `/Resources` inherits them from its page-tree parents."""
        resources = self.resolve(head, b"Resources")
        for _ in range(32):  # a page tree is a few levels deep; a /Parent cycle must not trap us
            if resources or b"/Parent" not in head:
                break
            parent = _REF.match(head[head.find(b"/Parent") + 7 :].lstrip())
            obj = self.objects.get(int(parent.group(1))) if parent else None
            if obj is None:
                break
            head = obj.head
            resources = self.resolve(head, b"Resources")
        xobjects = self.resolve(resources, b"XObject")
        return {m.group(1): int(m.group(2)) for m in _NAME_REF.finditer(xobjects)}

    def content(self, number: int) -> bytes:
        obj = self.objects.get(number)
        if obj is None:
            return b""
        if obj.raw is not None:
            return obj.stream or b""
        # a page: /Contents is one stream or an array of them
        at = obj.head.find(b"/Contents")
        if at < 0:
            return b""
        rest = obj.head[at + 9 :].lstrip()
        refs = _REF.findall(rest[: rest.find(b"]") + 1] if rest.startswith(b"[") else rest[:40])
        return b"\n".join(self.content(int(r)) for r in refs if int(r) != number)

    def is_form(self, number: int) -> bool:
        obj = self.objects.get(number)
        return obj is not None and obj.raw is not None and bool(_FORM.search(obj.head))

    def pages(self) -> list[int]:
        return [n for n, obj in self.objects.items() if obj.raw is None and _PAGE.search(obj.head)]


def expansion(data: bytes, limit: int) -> tuple[int, str]:
    """The most objects any page's forms expand to (stopping once past `limit`), and why if refused:
    (count, "") for a sound file, (count, reason) for a cycle or an expansion over the limit."""
    if b"/Form" not in data:
        return 0, ""
    graph = FormGraph.from_bytes(data)
    memo: dict[int, int] = {}
    on_path: set[int] = set()

    class Cycle(Exception):
        pass

    def size(number: int) -> int:
        """Objects drawn by one use of form `number`, itself included (capped just past the limit)."""
        if number in memo:
            return memo[number]
        if number in on_path:
            raise Cycle(number)
        on_path.add(number)
        total = 1 + uses(graph.objects[number].head, graph.content(number))
        on_path.discard(number)
        memo[number] = min(total, limit + 1)
        return memo[number]

    def uses(head: bytes, content: bytes) -> int:
        names = graph.bindings(head)
        total = 0
        for m in _DO.finditer(content):
            target = names.get(m.group(1))
            if target is not None and graph.is_form(target):
                total += size(target)
                if total > limit:
                    return total
        return total

    worst = 0
    try:
        for page in graph.pages():
            worst = max(worst, uses(graph.objects[page].head, graph.content(page)))
            if worst > limit:
                return worst, f"its form objects expand to over {limit:,} objects on one page"
        for number in graph.objects:  # a form that explodes alone, whichever page draws it
            if graph.is_form(number) and size(number) > limit:
                return limit + 1, f"its form objects expand to over {limit:,} objects on one page"
    except Cycle as cycle:
        return worst, f"form object {cycle.args[0]} draws itself (a cycle of form objects)"
    except RecursionError:
        return worst, "its form objects nest too deep"
    return worst, ""


def _balanced(text: bytes) -> bytes:
    """The `<< … >>` dictionary at the start of `text`, nested ones included."""
    depth = 0
    i = 0
    while i < len(text) - 1:
        pair = text[i : i + 2]
        if pair == b"<<":
            depth += 1
            i += 2
            continue
        if pair == b">>":
            depth -= 1
            i += 2
            if depth == 0:
                return text[:i]
            continue
        i += 1
    return text


def _inflate(head: bytes, raw: bytes) -> bytes:
    if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl]" not in head:
        return raw
    try:
        out = zlib.decompressobj().decompress(raw, _MAX_INFLATE)
    except zlib.error:
        return b""
    return out
