"""The tiers a tie falls in, closest first, and the groups of them the views talk about.

Every other module names tiers through these (score.py assigns them, the views and front ends list
them); nothing here imports numpy, so the CLI's ``--help`` can list them.
"""

from __future__ import annotations

# Dunbar's layers, capped: at most this many people per tier, strongest first.
TIER_CAPS: tuple[tuple[str, int], ...] = (("inner", 5), ("close", 15), ("active", 50), ("known", 150))
LONG_TAIL = "tail"  # everyone beyond the capped layers
TIERS: tuple[str, ...] = (*(name for name, _ in TIER_CAPS), LONG_TAIL)
# below these strengths a rank alone does not earn the tier (a tiny network is not all "inner")
TIER_FLOORS: dict[str, float] = {"inner": 0.12, "close": 0.06, "active": 0.02, "known": 0.001}
STRONG_TIERS: tuple[str, ...] = TIERS[:2]  # inner and close: the only tiers called a "strong tie"
REGULAR_TIERS: tuple[str, ...] = TIERS[:3]  # inner, close and active: the people in regular contact

_RANKS = {name: i for i, name in enumerate(TIERS)}


def tier_rank(tier: str | None) -> int:
    """0 for inner … 4 for the long tail (unknown names count as the tail)."""
    return _RANKS.get(tier or LONG_TAIL, len(TIERS) - 1)
