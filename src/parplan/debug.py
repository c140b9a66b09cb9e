"""Readable dumps of pipeline intermediates for `parplan parse --stage`."""

from __future__ import annotations

import dataclasses
import json
from typing import Any


def _where(ref: Any) -> str | None:
    """`L12-14`, `p3`, `P40`, `T2:R5`: a node's place, short enough to read down an outline."""
    if ref is None:
        return None
    parts = []
    for key, end, tag in (
        ("page", "end_page", "p"),
        ("line", "end_line", "L"),
        ("para", None, "P"),
        ("table", None, "T"),
        ("row", None, "R"),
    ):
        value = getattr(ref, key, None)
        if value is not None:
            last = getattr(ref, end, None) if end else None
            parts.append(f"{tag}{value}" + (f"-{last}" if last not in (None, value) else ""))
    return ":".join(parts) or None


def _node(node: Any) -> dict[str, Any]:
    """An outline node as its text, kind, place and the reason it stands where it does."""
    out: dict[str, Any] = {"text": node.full_text, "family": node.family}
    if node.style:
        out["style"] = node.style
    out["at"] = _where(node.ref)
    out["reason"] = node.reason
    if node.children:
        out["children"] = [_node(c) for c in node.children]
    return out


def _plain(obj: Any) -> Any:
    from parplan.segment import Node

    if isinstance(obj, Node):
        return _node(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        from parplan.read.source import SourceDoc

        hidden = ("doc", "text") if isinstance(obj, SourceDoc) else ("doc",)  # a txt's whole text: no
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in hidden}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, set):
        return sorted(_plain(x) for x in obj)
    return obj


def dump_stage(result: Any) -> str:
    """JSON of any intermediate (SourceDoc, Outline, Draft)."""
    return json.dumps(_plain(result), ensure_ascii=False, indent=1, default=str) + "\n"
