"""Readable dumps of pipeline intermediates for `parplan parse --stage`."""

from __future__ import annotations

import dataclasses
import json
from typing import Any


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name != "doc"}
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
