"""The Plan schema users see: pydantic v2 models with `extra="forbid"` and field descriptions,
so the generated JSON Schema (`plan.schema.json`, committed) documents itself."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from parplan.schema.enums import AREA_CODES_DOC, DeadlineKind, DocType, ItemKind, Level, Part, Severity

SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=True)


class SourceSpan(Model):
    """Where an item came from; excluded from semantic comparisons (see `parplan.compare_plans`)."""

    file: str = Field(description="File name the text was read from.")
    line: int | None = Field(None, description="First line (1-based) in a text file.")
    end_line: int | None = Field(None, description="Last line (1-based) in a text file.")
    page: int | None = Field(None, description="First page (1-based) in a PDF.")
    end_page: int | None = Field(None, description="Last page (1-based) in a PDF.")
    para: int | None = Field(None, description="Body paragraph index (0-based) in a DOCX.")
    table: int | None = Field(None, description="Table index (0-based) in the document.")
    row: int | None = Field(None, description="Row index (0-based) in the table.")
    col: int | None = Field(None, description="Column index (0-based) in the table.")


class Number(Model):
    """A quantitative target value: `tối thiểu 80%` → value 80, unit %, comparator >=."""

    value: float = Field(description="The number; '1,8%' → 1.8, '10.000' → 10000.")
    unit: str = Field(description="Unit as written: %, phút, doanh nghiệp, tỷ USD …")
    level: Level | None = Field(None, description="Government level the value belongs to, if exactly one.")
    year: int | None = Field(None, description="Year the value is due, when the item states it.")
    comparator: str | None = Field(
        None,
        description="'>=' tối thiểu/từ … trở lên, '>' trên, '<=' tối đa/không quá/xuống còn, '<' dưới, '~' khoảng; "
        "a '+' or '-' prefix marks a relative change ('tăng thêm 20%' → '+', 'giảm tối thiểu 10%' → '->=').",
    )
    indicator: str | None = Field(None, description="Indicator key from the catalogue, if recognised.")
    raw: str = Field(description="The text the value was read from.")


class AgencyRef(Model):
    """An agency mention; the document's wording is kept in `raw`, never rewritten."""

    raw: str = Field(description="The mention as written.")
    id: str | None = Field(None, description="Canonical agency id from the gazetteer, or None if unresolved.")
    name: str | None = Field(None, description="Canonical Vietnamese name.")
    kind: str | None = Field(None, description="department, office, collective, …")
    note: str | None = Field(None, description="Descriptive tail kept from the mention.")
    successor_id: str | None = Field(None, description="Body that took over the functions after the 2025 mergers.")


class Deadline(Model):
    """A deadline as an interval with a precision kind; the raw text is kept."""

    raw: str = Field(description="Deadline as written.")
    kind: DeadlineKind = Field(description="Precision of the interval.")
    start: date | None = Field(None, description="First day of the interval.")
    end: date | None = Field(None, description="Last day of the interval.")


class Item(Model):
    """A target or task: a narrative list item or an appendix table row (same schema)."""

    id: str = Field(description="Stable id within the plan, e.g. 'N12' or 'A7'.")
    part: Part = Field(description="narrative (prose sections) or appendix (table rows).")
    area: str = Field(description=AREA_CODES_DOC)
    section: str = Field(description="Outline path of the enclosing heading, e.g. 'II.2' or 'III.1.b'.")
    kind: ItemKind = Field(description="target under Mục tiêu, task under Nhiệm vụ / giải pháp.")
    marker: str = Field("", description="List marker as written: '(1)', '-', '+', 'a)', or '' when unmarked.")
    ordinal: str = Field("", description="Number of the item/row as written ('' when none or merged down).")
    depth: int = Field(1, description="1 = direct item of the area (or of its Mục tiêu/Nhiệm vụ/agency heading).")
    is_group: bool = Field(False, description="A lead-in whose children carry the content.")
    parent: str | None = Field(None, description="Id of the enclosing item, if nested.")
    milestone_year: int | None = Field(None, description="Year of an 'Đến năm 2025' style milestone above it.")
    text: str = Field(description="Item text without its marker (task text for table rows).")
    agency: str | None = Field(None, description="Responsible agency named by a sub-heading ('b) Sở Tư pháp').")
    numbers: list[Number] = Field(default_factory=list, description="Quantitative target values in the text.")
    group_heading: str | None = Field(None, description="Table group row above this row, as written.")
    target: str | None = Field(None, description="Objective column of a table row.")
    target_inherited: bool = Field(False, description="The objective comes from a cell merged down from above.")
    lead: list[AgencyRef] = Field(default_factory=list, description="Lead agencies (chủ trì).")
    partners: list[AgencyRef] = Field(default_factory=list, description="Partner agencies (phối hợp).")
    products: list[str] = Field(default_factory=list, description="Products / results.")
    start: str | None = Field(None, description="Start time as written (thời gian thực hiện).")
    deadlines: list[Deadline] = Field(default_factory=list, description="Deadlines, paired with products in order.")
    note: str | None = Field(None, description="Note column.")
    source: SourceSpan = Field(description="Where the item came from.")


class Area(Model):
    """A reform-area heading of the plan."""

    code: str = Field(description=AREA_CODES_DOC)
    heading: str = Field(description="Heading as written, with its marker.")
    section: str = Field(description="Outline path, e.g. 'II.1'.")
    part: Part = Field(Part.narrative, description="Where the heading stands.")
    milestone_year: int | None = Field(None, description="For by_period areas: the milestone year.")
    notes: list[str] = Field(
        default_factory=list,
        description="Notes under the area, as written: parenthetical notes, and agency sub-headings that say more "
        "than the agency's name ('b) Sở Nội vụ chủ trì tham mưu, đề xuất:').",
    )
    source: SourceSpan


class Section(Model):
    """A plan section that is not a reform area (purposes, implementation, funding …), kept as such."""

    role: str = Field(
        description="purpose_requirements, implementation, funding, viewpoints, objectives …; front_matter for "
        "the decree's header, preamble, decision articles, recipients and signature."
    )
    heading: str = Field(description="Heading as written.")
    paragraphs: int = Field(description="How many paragraphs the section holds.")
    text: list[str] = Field(default_factory=list, description="The section's paragraphs as written, markers kept.")
    source: SourceSpan


class Reference(Model):
    """A cited instrument: `Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ`."""

    number: str = Field(description="Instrument number without spaces, year kept: 107/2021/NĐ-CP.")
    type: str | None = Field(None, description="Nghị quyết, Quyết định, Chỉ thị, Kế hoạch, Nghị định …")
    issuer: str | None = Field(None, description="Issuing body as written.")
    date: str | None = Field(None, description="Issue date (ISO) when given.")
    raw: str = Field(description="The citation as written.")
    source: SourceSpan


class MetadataEvidence(Model):
    """One statement of a metadata value in the document, and whether it gave the value."""

    field: str = Field(description="number, issued_on, province, issuing_body, doc_type, title, period or signer.")
    value: str = Field(description="The value it states, normalised (ISO date, '2021-2025' period, province name).")
    found_in: str = Field(
        description="Where it stands, most trusted first: header (Số:, place-date, issuer), plan_header "
        "('Ban hành kèm theo …'), title, decision (its subject or Điều 1), caption (appendix), closing "
        "(signature block), portal (a website's metadata cells), body (mentions in running text)."
    )
    used: bool = Field(description="This statement gave the plan's value (the most trusted one).")
    text: str = Field(description="The text it was read from, as written.")
    source: SourceSpan


class Metadata(Model):
    province: str | None = Field(None, description="Province name with diacritics.")
    province_id: str | None = Field(None, description="Province id in the gazetteer (era-specific).")
    province_code: str | None = Field(None, description="Official province code.")
    successor_province: str | None = Field(None, description="Province after the 2025 merger, for older plans.")
    doc_type: DocType = Field(description="Type of the plan text itself.")
    number: str | None = Field(None, description="Number of the instrument issuing the plan, e.g. 1788/QĐ-UBND.")
    issued_on: date | None = Field(None, description="Issue date.")
    signer: str | None = Field(None, description="Name of the signer.")
    title: str | None = Field(None, description="Title in sentence case.")
    period_start: int | None = Field(None, description="First year covered.")
    period_end: int | None = Field(None, description="Last year covered.")
    issuing_body: str | None = Field(None, description="Issuer as written in the header block.")
    legal_bases: list[Reference] = Field(default_factory=list, description="Instruments cited as bases (Căn cứ / Thực hiện).")
    evidence: list[MetadataEvidence] = Field(
        default_factory=list,
        description="Every statement of a metadata value found, in document order; a value no statement gives is null.",
    )
    source: SourceSpan | None = Field(None, description="Where the plan's number was read.")


class Issue(Model):
    """A problem found in the document or in parsing it, reported rather than hidden."""

    code: str = Field(description="Stable rule code, e.g. PP101.")
    severity: Severity
    message: str
    source: SourceSpan | None = None


class Unassigned(Model):
    """Body text no item, heading or metadata field claimed."""

    text: str
    source: SourceSpan


class DroppedText(Model):
    """Layout noise a reader removed (page numbers, running headers), listed so nothing disappears silently."""

    text: str
    reason: str = Field(description="page number, running header, …")
    source: SourceSpan


class Plan(Model):
    """One parsed plan."""

    schema_version: str = Field(SCHEMA_VERSION, description="Version of this schema.")
    file: str = Field(description="Input file name.")
    format: str = Field(description="txt, docx or pdf.")
    profile: str = Field("base", description="Province profile applied on top of the generic parser.")
    metadata: Metadata
    areas: list[Area] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    unassigned: list[Unassigned] = Field(default_factory=list)
    dropped: list[DroppedText] = Field(default_factory=list, description="Layout noise removed by the reader.")
