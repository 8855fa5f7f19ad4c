"""Tie strength: scores, Dunbar tiers, trend and cooling, with the reasons behind each score."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Generic, Protocol, Self, TypeVar, overload

import numpy as np

from innercircle.core.tiemath import (
    DAY,
    F64,
    I64,
    Components,
    Contacts,
    TieParams,
    components,
    components_of,
    prepare,
    strength,
)

# Dunbar's layers, capped: at most this many people per tier, strongest first.
TIER_CAPS: tuple[tuple[str, int], ...] = (("inner", 5), ("close", 15), ("active", 50), ("known", 150))
LONG_TAIL = "tail"
TIERS: tuple[str, ...] = (*(name for name, _ in TIER_CAPS), LONG_TAIL)
MIN_HISTORY = 3  # contacts before a tie counts as established (for cooling)
# below these strengths a rank alone does not earn the tier (a tiny network is not all "inner")
TIER_FLOORS: dict[str, float] = {"inner": 0.12, "close": 0.06, "active": 0.02, "known": 0.001}

_T = TypeVar("_T")


class Pending:
    """Where the components and reasons of one tie of a rescore are, until someone reads them."""

    __slots__ = ("pos", "table")

    def __init__(self, table: Explainer, pos: int) -> None:
        self.table, self.pos = table, pos

    def components(self) -> dict[str, float]:
        """The components behind the score."""
        return self.table.components(self.pos)

    def reasons(self) -> list[str]:
        """Plain sentences explaining the score."""
        return self.table.reasons(self.pos)


class Explainer(Protocol):
    """Builds one tie's components and reasons from the arrays of a rescore (core/rescore.py)."""

    def components(self, pos: int) -> dict[str, float]:
        """The components of the tie at ``pos``."""
        ...

    def reasons(self, pos: int) -> list[str]:
        """The reasons of the tie at ``pos``."""
        ...


class _Deferred(Generic[_T]):
    """A :class:`TieScore` field a rescore may leave :class:`Pending`: built on first read, then kept.

    A full rescore scores everyone, but a view reads the components and reasons of a few; reading gives
    exactly what building them at once would have given (they depend only on the rescore's data).
    """

    def __init__(self, empty: Callable[[], _T], build: Callable[[Pending], _T]) -> None:
        self.empty, self.build, self.name = empty, build, ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> _T | Self:
        if obj is None:
            return self  # the dataclass default: a fresh empty value (see __set__)
        value = obj.__dict__[self.name]
        if isinstance(value, Pending):
            value = obj.__dict__[self.name] = self.build(value)
        return value  # type: ignore[no-any-return]

    def __set__(self, obj: object, value: _T) -> None:
        unset = value is self
        obj.__dict__[self.name] = self.empty() if unset else value


@dataclass
class TieScore:
    """How strong one tie is, and what made it so."""

    person_id: int
    strength: float  # in [0, 1]
    tier: str  # one of TIERS
    last_contact: datetime | None = None
    trend: str = "steady"  # warming | steady | cooling | silent
    cooling: bool = False
    usual_gap_days: float | None = None
    components: _Deferred[dict[str, float]] = _Deferred(dict, Pending.components)
    reasons: _Deferred[list[str]] = _Deferred(list, Pending.reasons)
    strength_before: float | None = None  # strength one trend window ago
    tier_before: str | None = None
    bond: float = 0.0  # long-run strength (a one-year half-life): how strong the relationship has been
    bond_tier: str = LONG_TAIL
    contacts: int = 0


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the user said about a person, and the favours ledger, as the scoring needs them."""

    closeness: float | None = None
    tier_pin: str | None = None
    favours_given: int = 0
    favours_received: int = 0


_RANKS = {name: i for i, name in enumerate(TIERS)}


def tier_rank(tier: str | None) -> int:
    """0 for inner … 4 for the long tail (unknown names count as the tail)."""
    return _RANKS.get(tier or LONG_TAIL, len(TIERS) - 1)


def assign_tiers(strengths: Mapping[int, float], pins: Mapping[int, str]) -> dict[int, str]:
    """Tiers by rank: Dunbar's cumulative layers (5, 15, 50, 150) minus pinned people, with floors."""
    keys = np.fromiter(strengths.keys(), np.int64, len(strengths))
    values = np.fromiter(strengths.values(), np.float64, len(strengths))
    pinned = np.array([_RANKS.get(pins.get(pid, ""), -1) for pid in keys.tolist()], np.int64)
    codes = tier_codes(keys, values, pinned)
    return dict(zip(keys.tolist(), [TIERS[c] for c in codes.tolist()], strict=True))


def tier_codes(keys: I64, values: F64, pinned: I64) -> I64:
    """:func:`assign_tiers` on arrays: each key's tier as its index in TIERS; ``pinned`` -1 when free."""
    codes = np.where(pinned >= 0, pinned, len(TIERS) - 1).astype(np.int64)
    free = np.flatnonzero(pinned < 0)
    ranked = free[np.lexsort((keys[free], -values[free]))]
    ordered = values[ranked]  # strongest first
    pinned_per_tier = np.bincount(pinned[pinned >= 0], minlength=len(TIERS)).tolist()
    pos, filled = 0, 0
    for code, (name, cap) in enumerate(TIER_CAPS):
        room = max(0, cap - filled - pinned_per_tier[code])
        filled = max(cap, filled + pinned_per_tier[code])
        take = int(np.count_nonzero(ordered[pos : pos + room] >= TIER_FLOORS[name]))
        codes[ranked[pos : pos + take]] = code
        pos += take
    return codes


def strengths_at(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: float, p: TieParams
) -> tuple[Components, dict[int, float]]:
    """Components and final strength per key at ``now`` (Unix seconds): what every view and the eval use."""
    comp = components(contacts, now, p)
    return comp, _final(comp, p, facts)


def _final(comp: Components, p: TieParams, facts: Mapping[int, PersonFacts]) -> dict[int, float]:
    """Strength per key: traces + favours, never below what the user says the closeness is."""
    base = strength(comp, p)
    out: dict[int, float] = dict(zip(comp.keys.tolist(), base.tolist(), strict=True))
    for pid, f in facts.items():
        if f.closeness is None and not (f.favours_given or f.favours_received):
            out.setdefault(pid, 0.0)  # nothing said about them: the traces alone (already in [0, 1])
            continue
        out[pid] = adjusted(out.get(pid, 0.0), f, p)
    return out


def adjusted(s: float, f: PersonFacts, p: TieParams) -> float:
    """A strength from the traces with favours added and the user's closeness as a floor, in [0, 1]."""
    if f.favours_given or f.favours_received:
        s += p.favour_bonus * favour_level(f)
    if f.closeness is not None:
        s = max(s, float(f.closeness))
    return min(1.0, max(0.0, s))


def favour_level(f: PersonFacts) -> float:
    """How much the favours given and received weigh, in [0, 1)."""
    return 1.0 - math.exp(-(f.favours_given + f.favours_received) / 2.0)


def score_ties(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: datetime, p: TieParams | None = None
) -> dict[int, TieScore]:
    """Every tie's score at ``now`` from the contacts strictly before it; keys are person ids.

    The contacts are prepared once for three passes: now, one trend window ago, and the long-run bond
    (another half-life); strengths, tiers, trend and cooling are computed for everyone at once, and each
    tie's components and reasons are built when first read (core/rescore.py).
    """
    from innercircle.core.rescore import rescore

    p = p or TieParams()
    t_now = now.timestamp()
    prepared = prepare(contacts.before(t_now))
    bond_p = replace(p, half_life_days=p.bond_half_life_days)
    passes = [
        components_of(prepared, t_now, p),
        components_of(prepared, t_now - p.trend_window_days * DAY, p),
        components_of(prepared, t_now, bond_p),
    ]
    return rescore(passes, (p, p, bond_p), facts, t_now)
