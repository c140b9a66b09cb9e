"""Closed vocabularies of the Plan schema (str enums, so JSON holds plain strings)."""

from __future__ import annotations

from enum import StrEnum


class Part(StrEnum):
    narrative = "narrative"
    appendix = "appendix"


class ItemKind(StrEnum):
    target = "target"
    task = "task"


class DocType(StrEnum):
    ke_hoach = "ke_hoach"
    chuong_trinh = "chuong_trinh"
    quyet_dinh = "quyet_dinh"
    other = "other"


class Level(StrEnum):
    """Government level a value belongs to (cấp tỉnh / huyện / xã)."""

    province = "province"
    district = "district"
    commune = "commune"


class DeadlineKind(StrEnum):
    date = "date"
    month = "month"
    quarter = "quarter"
    half_year = "half_year"
    year = "year"
    year_range = "year_range"
    recurring = "recurring"
    event = "event"
    relative = "relative"
    unknown = "unknown"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


CORE_AREAS = (
    "institutional",
    "administrative_procedures",
    "apparatus",
    "civil_service",
    "public_finance",
    "digital_government",
)
# The six areas plus direction: the canonical codes of a reform area heading.
AREA_CODES = (*CORE_AREAS, "direction")
# Display order of area codes in reports (grouping codes last).
AREA_ORDER = (*AREA_CODES, "by_period", "summary")
AREA_CODES_DOC = (
    "Canonical reform-area code: one of institutional, administrative_procedures, apparatus, civil_service, "
    "public_finance, digital_government, direction, by_period (targets grouped by milestone), summary "
    "(overview list), or other:<slug> for programme-specific groups."
)
