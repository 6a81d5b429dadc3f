"""The one place that decides which stored agency a printed name is (swap the rule here only)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from extractor.tagging.agencies import agency_kind, canonical_agency
from extractor.text import fold


class AgencyKey(BaseModel):
    """An agency's identity in the store: canonical name, its folded key, kind, province ('' if none)."""

    model_config = ConfigDict(frozen=True)

    canonical: str
    canonical_key: str
    kind: str
    province: str


@lru_cache(maxsize=8192)
def agency_canonical(printed: str, province: str | None) -> AgencyKey:
    """The stored agency a printed name refers to in a plan of this province.

    Computed from the printed form by the extractor's `canonical_agency` (abbreviations spelled out,
    new tone placement), not taken from the task's own AgencyRef, so a gold-file plan and an extracted
    plan name the same body alike; the province keeps "Sở Tư pháp" of two provinces apart.
    Cached: a batch meets the same names in every plan."""
    canonical = canonical_agency(printed, province)
    return AgencyKey(
        canonical=canonical, canonical_key=fold(canonical), kind=agency_kind(printed), province=province or ""
    )
