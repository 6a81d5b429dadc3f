"""Pydantic models of the Plan JSON contract (ANNOTATION.md, schema_version "1").

Every string is normalised to Unicode NFC on the way in, so NFD text from a PDF or a
hand-edited gold file compares equal to the same words typed on a Vietnamese keyboard.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1"


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


NFCStr = Annotated[str, AfterValidator(_nfc)]

DocType = Literal["ke_hoach", "chi_thi", "quyet_dinh", "cong_van", "other"]
DeadlineKind = Literal["date", "month", "quarter", "half_year", "year", "recurring", "as_planned", "immediate", "none"]
TargetOp = Literal[">=", ">", "<=", "<", "="]
Origin = Literal["table", "text"]
Role = Literal["lead", "support"]


class Model(BaseModel):
    """Base for contract models: extra fields allowed (the contract permits them), NFC strings."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=False)


class Source(Model):
    """The file a plan was read from."""

    file: NFCStr
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    pages: int | None = Field(default=None, ge=1)


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
    """A numeric target: value with comparator and unit ("tối thiểu 80%" → >= 80 %)."""

    text: NFCStr
    value: float
    op: TargetOp = "="
    unit: NFCStr = "%"


class AgencyRef(Model):
    """An agency as printed in a task, with its canonical form (extra field, not in gold)."""

    printed: NFCStr
    canonical: NFCStr
    kind: NFCStr | None = None
    role: Role


class Task(Model):
    """One assigned unit of work: a table row or a list item that assigns work."""

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


class Plan(Model):
    """A whole extracted plan: source file, document identity and tasks."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    document: Document = Field(default_factory=Document)
    tasks: list[Task] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="What the extractor could not read, e.g. a refused table and its page."
    )


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of the contract, as committed in schemas/plan.schema.json."""
    return Plan.model_json_schema(mode="serialization")
