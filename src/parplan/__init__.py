"""parplan: Vietnamese provincial PAR plans → one typed schema.

    >>> import parplan
    >>> plan = parplan.parse_file("samples/quang-ninh-2022-ke-hoach.txt")
    >>> plan.metadata.number
    '1788/QĐ-UBND'
"""

from __future__ import annotations

from pathlib import Path

from parplan import export as _export_module  # bound first, so the function below wins the name
from parplan.errors import ParplanError, TimeLimitExceeded, UnreadableInput, UnsupportedFormat
from parplan.schema import Plan

__version__ = "0.1.0"
__all__ = [
    "ParplanError",
    "Plan",
    "TimeLimitExceeded",
    "UnreadableInput",
    "UnsupportedFormat",
    "__version__",
    "export",
    "parse_file",
    "parse_text",
]


def parse_file(path: str | Path) -> Plan:
    """Parse a decree (txt, DOCX or PDF, sniffed from the content) into a Plan. Raises a
    `ParplanError` for bad input, and `TimeLimitExceeded` (not an Exception, like KeyboardInterrupt)
    for a parse that outlasts `PARPLAN_MAX_SECONDS` (default 300 s)."""
    from parplan.pipeline import run

    return run(Path(path))


def parse_text(text: str, name: str = "<text>") -> Plan:
    """Parse decree text that is already in memory (same errors as `parse_file`)."""
    from parplan.pipeline import run_text

    return run_text(text, name)


def export(plans: list[Plan], table: str = "items", fmt: str = "jsonl") -> str:
    """Render plans as a flat table (plans, items or rows) in json, jsonl or csv."""
    return _export_module.export(plans, table, fmt)
