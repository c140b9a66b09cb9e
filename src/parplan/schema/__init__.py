"""Public schema: the `Plan` and its parts."""

from parplan.schema.plan import (
    SCHEMA_VERSION,
    AgencyRef,
    Area,
    Deadline,
    DroppedText,
    Issue,
    Item,
    Metadata,
    MetadataEvidence,
    Number,
    Plan,
    Reference,
    Section,
    SourceSpan,
    Unassigned,
)

__all__ = [
    "SCHEMA_VERSION", "AgencyRef", "Area", "Deadline", "DroppedText", "Issue", "Item", "Metadata", "MetadataEvidence",
    "Number", "Plan",
    "Reference", "Section", "SourceSpan", "Unassigned",
]
