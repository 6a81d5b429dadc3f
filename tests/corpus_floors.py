"""Per-plan floors for corpus checks: the plans the rules were built on are held to a perfect score,
plans added later (never seen while the rules were written) to the score they reach today, so a
floor only ever rises as the extractor learns to read them."""

from __future__ import annotations

from collections.abc import Mapping


def below_floor(scores: Mapping[str, float], floors: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Plans whose score is under their floor (1.0 for a plan without one), with (score, floor)."""
    return {
        plan: (round(score, 3), floors.get(plan, 1.0))
        for plan, score in scores.items()
        if score < floors.get(plan, 1.0) - 1e-9
    }
