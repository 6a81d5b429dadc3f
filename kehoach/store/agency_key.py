"""The one place that decides which stored agency a task's agency is (swap the rule here only)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas import AgencyRef
from schemas.text import fold


class AgencyKey(BaseModel):
    """An agency's identity in the store: canonical name, its folded key, kind, province ('' if none),
    and the name it has now (with its key)."""

    model_config = ConfigDict(frozen=True)

    canonical: str
    canonical_key: str
    kind: str
    province: str
    current: str
    current_key: str


def agency_key(agency: AgencyRef, province: str | None) -> AgencyKey:
    """The stored agency of an enriched AgencyRef in a plan of this province.

    The canonical name comes from the extractor's enrich step (from the printed form, so a gold plan
    and an extracted plan name a body alike); the province keeps "Sở Tư pháp" of two provinces apart.
    The current name is the enrich step's too (the canonical name where it gave none)."""
    current = agency.current or agency.canonical
    return AgencyKey(
        canonical=agency.canonical,
        canonical_key=fold(agency.canonical),
        kind=agency.kind or "other",
        province=province or "",
        current=current,
        current_key=fold(current),
    )
