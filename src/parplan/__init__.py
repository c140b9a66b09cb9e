"""parplan: Vietnamese provincial PAR plans → one typed schema.

    >>> import parplan
    >>> plan = parplan.parse_file("samples/quang-ninh-2022-ke-hoach.txt")
    >>> plan.metadata.number
    '1788/QĐ-UBND'

The public API: `parse_file`, `parse_text`, `export_plans` and the `Plan` model here, and the
modules `parplan.export` (flat tables), `parplan.validate` (the rule catalogue), `parplan.diff` (two
plans), `parplan.compare` (matrices over many plans), `parplan.report` (an HTML page to audit and
compare plans) and `parplan.stats` (normalization coverage).
Importing `parplan` is cheap: the schema and the modules load when first used, so `parplan --help`
starts quickly.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.errors import ParplanError, TimeLimitExceeded, UnreadableInput, UnsupportedFormat

if TYPE_CHECKING:  # pragma: no cover
    from parplan import compare, diff, export, report, stats, validate
    from parplan.schema import Plan

__version__ = "0.1.0"
__all__ = [
    "ParplanError",
    "Plan",
    "TimeLimitExceeded",
    "UnreadableInput",
    "UnsupportedFormat",
    "__version__",
    "compare",
    "diff",
    "export",
    "export_plans",
    "parse_file",
    "parse_text",
    "report",
    "stats",
    "validate",
]
_MODULES = frozenset({"compare", "diff", "export", "report", "stats", "validate"})


def __getattr__(name: str) -> Any:
    """`parplan.Plan` and the public modules, loaded on first use."""
    if name == "Plan":
        from parplan.schema import Plan

        return Plan
    if name in _MODULES:
        return importlib.import_module(f"parplan.{name}")
    raise AttributeError(f"module 'parplan' has no attribute {name!r}")


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


def export_plans(plans: list[Plan], table: str = "items", fmt: str = "jsonl") -> str | bytes:
    """Render plans as one flat table (plans, items, rows, agencies, indicators) in json, jsonl, csv,
    tsv (text) or xlsx (bytes); see `parplan.export`."""
    from parplan.export import export as render

    return render(plans, table, fmt)
