"""The JSON contract of kehoach: pydantic models of a Plan (see ANNOTATION.md)."""

from schemas.plan import (
    SCHEMA_VERSION,
    AgencyRef,
    Deadline,
    DeadlineKind,
    DocType,
    Document,
    LegalReference,
    Plan,
    Source,
    Target,
    TargetOp,
    Task,
    plan_json_schema,
)

__all__ = [
    "SCHEMA_VERSION",
    "AgencyRef",
    "Deadline",
    "DeadlineKind",
    "DocType",
    "Document",
    "LegalReference",
    "Plan",
    "Source",
    "Target",
    "TargetOp",
    "Task",
    "plan_json_schema",
]
