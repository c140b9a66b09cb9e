"""Metadata as evidence: each value with the text that gave it, where that text stood, and its rank.

A decree states its number, date and province in several places: the national header block, the
plan's own header `(Ban hành kèm theo Quyết định số …)`, its title, the decision's subject, the
appendix caption, the signature block, a portal's metadata cells, sentences of the body. Each place
is a *source* with a rank; the most trusted source that states a value gives it. The others stay as
evidence (shown in the Plan, compared by `validate`), so an analyst can see why a value is what it
is, and a value no source states stays None: it is never guessed from a file name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parplan.read.source import SourceRef

# Most trusted first: the document's own header, its title, the decision around it, captions, the
# signature block, then what a website added (portal cells), then mentions in running text.
SOURCES = ("header", "plan_header", "title", "decision", "caption", "closing", "portal", "body")
SOURCE_RANK = {name: rank for rank, name in enumerate(SOURCES)}
FIELDS = ("number", "issued_on", "province", "issuing_body", "doc_type", "title", "period", "signer")


@dataclass(frozen=True)
class Evidence:
    """One statement of one metadata field: `value` (normalised, as a string) read from `text` at `ref`."""

    field: str
    value: str
    found_in: str  # one of SOURCES
    text: str
    ref: SourceRef
    order: int = 0  # paragraph index, to keep document order among equals

    @property
    def rank(self) -> tuple[int, int]:
        return SOURCE_RANK[self.found_in], self.order


def best(evidence: Iterable[Evidence], field: str) -> Evidence | None:
    """The most trusted statement of `field`, earliest in the document among equals."""
    return min((e for e in evidence if e.field == field), key=lambda e: e.rank, default=None)
