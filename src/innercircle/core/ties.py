"""Tie strength: the contract every view builds on (scoring lands with the tie-strength work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Dunbar's layers, capped: at most this many people per tier, strongest first.
TIER_CAPS: tuple[tuple[str, int], ...] = (("inner", 5), ("close", 15), ("active", 50), ("known", 150))
LONG_TAIL = "tail"
TIERS: tuple[str, ...] = (*(name for name, _ in TIER_CAPS), LONG_TAIL)


@dataclass(slots=True)
class TieScore:
    """How strong one tie is, and what made it so."""

    person_id: int
    strength: float  # in [0, 1]
    tier: str  # one of TIERS
    last_contact: datetime | None = None
    trend: str = "steady"  # warming | steady | cooling | silent
    cooling: bool = False
    usual_gap_days: float | None = None
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
