"""Pydantic models of the Plan JSON contract (docs/ANNOTATION.md, schema_version "1").

Every field is declared here: the contract's own and the extra ones the extractor adds (agencies
with canonical names, quantities, bbox, provenance, sections, warnings, target indicators). Unknown
fields in a file read in are ignored, not carried. Every string is normalised to Unicode NFC on
the way in, so NFD text from a PDF or a hand-edited gold file compares equal to the same words
typed on a Vietnamese keyboard.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from schemas.text import nfc

SCHEMA_VERSION: Literal["1"] = "1"

NFCStr = Annotated[str, AfterValidator(nfc)]

DocType = Literal["ke_hoach", "chi_thi", "quyet_dinh", "cong_van", "other"]
DeadlineKind = Literal["date", "month", "quarter", "half_year", "year", "recurring", "as_planned", "immediate", "none"]
TargetOp = Literal[">=", ">", "<=", "<", "="]
Origin = Literal["table", "text"]
Role = Literal["lead", "support"]
Reader = Literal["pdf", "ocr", "docx"]
#: how a table was found: ruled both ways, horizontal rules only, word alignment without rules, a Word table
TableStrategy = Literal["lattice", "rules", "aligned", "docx"]
AdminLevel = Literal["tinh", "huyen", "xa"]


class Model(BaseModel):
    """Base for contract models: every field declared; unknown fields of a file read in are dropped."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False, defer_build=True)


class Box(Model):
    """A rectangle in PDF points, origin top-left (pdfplumber's convention)."""

    model_config = ConfigDict(frozen=True)

    x0: float
    top: float
    x1: float
    bottom: float


class Source(Model):
    """The file a plan was read from."""

    file: NFCStr
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    pages: int | None = Field(default=None, ge=1)
    format: Literal["pdf", "docx", "doc"] = Field(default="pdf", description="The kind of file the plan was read from.")
    ocr_pages: list[int] = Field(
        default_factory=list, description="Pages read by OCR (scanned, or a text layer that was not Vietnamese)."
    )
    ocr_confidence: float | None = Field(
        default=None, ge=0, le=1, description="Mean OCR word confidence over the OCR'd pages (0-1); null without OCR."
    )
    recoded_pages: list[int] = Field(
        default_factory=list, description="Pages whose text layer was converted from TCVN3 or VNI to Unicode."
    )


class LegalReference(Model):
    """A legal basis the plan cites (Nghị quyết số 57-NQ/TW ngày 22/12/2024 …)."""

    text: NFCStr
    doc_type: NFCStr | None = None
    number: NFCStr | None = None
    issued_on: dt.date | None = None


class Document(Model):
    """The document's identity as printed on its first page and signature block."""

    doc_type: DocType = "other"
    number: NFCStr | None = None
    issuer: NFCStr | None = None
    province: NFCStr | None = None
    issued_on: dt.date | None = None
    title: NFCStr | None = None
    signer: NFCStr | None = None
    references: list[LegalReference] = Field(default_factory=list)
    year: int | None = Field(default=None, description="The year the plan is for (derived, not in gold files).")


class Deadline(Model):
    """A deadline as printed plus its normalised kind and last allowed day."""

    text: NFCStr | None = None
    kind: DeadlineKind = "none"
    due: dt.date | None = None

    @field_validator("due")
    @classmethod
    def _due_needs_dated_kind(cls, due: dt.date | None, info: Any) -> dt.date | None:
        kind = info.data.get("kind")
        if due is not None and kind in {"recurring", "as_planned", "none"}:
            raise ValueError(f"deadline kind {kind!r} has no due date")
        return due


class Target(Model):
    """A numeric target: value with comparator and unit ("tối thiểu 80%" → >= 80 %).

    `indicator` (the clause of the task that the target measures) and `year` (when it is due) are
    derived by the extractor's enrich step; gold files leave them out."""

    text: NFCStr
    value: float
    op: TargetOp = "="
    unit: NFCStr = "%"
    indicator: NFCStr | None = None
    year: int | None = None


class AgencyRef(Model):
    """An agency as printed in a task's lead or support, with its canonical name, kind and the name of
    the body it is now after the 2025 mergers and renames (derived; `current` equals `canonical` when
    nothing changed)."""

    printed: NFCStr
    canonical: NFCStr
    kind: NFCStr | None = None
    role: Role
    current: NFCStr | None = None


class Provenance(Model):
    """How and where in the file a task was read: the reader (PDF text layer, OCR, DOCX) and, where
    pages do not say it, the part of the file (the page itself is `Task.page`)."""

    reader: Reader = "pdf"
    part: NFCStr | None = Field(
        default=None, description="Where in a DOCX the task is: 'table 2, row 5', 'paragraph 31'."
    )
    ocr_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="OCR confidence (0-1) of the page the task was read from; null if not OCR'd.",
    )
    table_strategy: TableStrategy | None = Field(
        default=None,
        description="How the table of a table task was found on its page: 'lattice' (ruled both ways), 'rules'"
        " (horizontal rules only), 'aligned' (no rules: columns from a header row and the white between words),"
        " 'docx' (a Word table); null for a text task.",
    )
    table_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="How sure the table finder is of that table (0-1): the mean of the share of its rows with text"
        " in two cells or more and the share of its text lying within one column; null for a text task.",
    )


class SectionSummary(Model):
    """A heading or labelled item of the plan's numbering tree, without its text."""

    index: int
    parent: int | None = None
    level: int = 0
    label: NFCStr | None = None
    title: NFCStr = ""
    page: int | None = Field(default=None, ge=1)
    paragraphs: int = 0


class Task(Model):
    """One assigned unit of work: a table row or a list item that assigns work.

    `key` is given by the store (stable across re-extraction, see kehoach.clerk.keys); None when extracted."""

    key: str | None = None
    ref: NFCStr | None = None
    group: list[NFCStr] = Field(default_factory=list)
    origin: Origin = "table"
    content: NFCStr
    lead: list[NFCStr] = Field(default_factory=list)
    support: list[NFCStr] = Field(default_factory=list)
    deadline: Deadline = Field(default_factory=Deadline)
    targets: list[Target] = Field(default_factory=list)
    output: NFCStr | None = None
    note: NFCStr | None = None
    page: int | None = Field(default=None, ge=1)
    criterion: NFCStr | None = Field(default=None, description="The Lĩnh vực / Tiêu chí cell of the row.")
    agencies: list[AgencyRef] = Field(default_factory=list)
    quantities: list[Target] = Field(default_factory=list, description="Numeric targets in units other than %.")
    bbox: Box | None = None
    provenance: Provenance = Field(default_factory=Provenance)

    def assigned(self) -> list[tuple[Role, str]]:
        """Every lead and support name with its role, leads first, in printed order."""
        return [*(("lead", name) for name in self.lead), *(("support", name) for name in self.support)]


class Objective(Model):
    """A quantified objective of the plan: what is measured, the target value, when, where, for which task.

    `indicator` is the clause measured, whole; `indicator_id` the canonical indicator it maps to
    (extractor/vocab/indicators.toml) or None; `text` the target as printed ("tối thiểu 80%");
    `levels` the administrative levels named (tinh, huyen, xa); `scope` the qualifier after the number;
    `section` the heading (or task group) it is listed under; `task` the index in `tasks` of the task
    it is part of, None for an item of an objectives section.
    """

    indicator: NFCStr
    indicator_id: str | None = None
    text: NFCStr
    value: float
    op: TargetOp = "="
    unit: NFCStr = "%"
    year: int | None = None
    period: NFCStr | None = None
    levels: list[AdminLevel] = Field(default_factory=list)
    scope: NFCStr | None = None
    section: NFCStr | None = None
    task: int | None = Field(default=None, ge=0)
    page: int | None = Field(default=None, ge=1)


class Plan(Model):
    """A whole extracted plan: source file, document identity, tasks, and the extractor's extras."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    document: Document = Field(default_factory=Document)
    tasks: list[Task] = Field(default_factory=list)
    sections: list[SectionSummary] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    warnings: list[NFCStr] = Field(
        default_factory=list, description="What the extractor could not read, e.g. a refused table and its page."
    )


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of the contract, as committed in schemas/plan.schema.json."""
    return Plan.model_json_schema(mode="serialization")
