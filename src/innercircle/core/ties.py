"""Tie strength: scores, Dunbar tiers, trend and cooling, with the reasons behind each score."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np

from innercircle.core.tiemath import DAY, Components, Contacts, TieParams, components, strength

# Dunbar's layers, capped: at most this many people per tier, strongest first.
TIER_CAPS: tuple[tuple[str, int], ...] = (("inner", 5), ("close", 15), ("active", 50), ("known", 150))
LONG_TAIL = "tail"
TIERS: tuple[str, ...] = (*(name for name, _ in TIER_CAPS), LONG_TAIL)
MIN_HISTORY = 3  # contacts before a tie counts as established (for cooling)
# below these strengths a rank alone does not earn the tier (a tiny network is not all "inner")
TIER_FLOORS: dict[str, float] = {"inner": 0.12, "close": 0.06, "active": 0.02, "known": 0.001}


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
    tiers: dict[int, str] = {pid: t for pid, t in pins.items() if t in TIERS and pid in strengths}
    free = np.array([pid for pid in strengths if pid not in tiers], dtype=np.int64)
    values = np.array([strengths[pid] for pid in free.tolist()], dtype=np.float64)
    ranked: list[int] = free[np.lexsort((free, -values))].tolist() if free.size else []
    pinned_per_tier = {name: sum(1 for t in tiers.values() if t == name) for name in TIERS}
    pos, filled = 0, 0
    for name, cap in TIER_CAPS:
        room = max(0, cap - filled - pinned_per_tier[name])
        filled = max(cap, filled + pinned_per_tier[name])
        while room > 0 and pos < len(ranked) and strengths[ranked[pos]] >= TIER_FLOORS[name]:
            tiers[ranked[pos]] = name
            pos += 1
            room -= 1
    for pid in ranked[pos:]:
        tiers[pid] = LONG_TAIL
    return tiers


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
        s = out.get(pid, 0.0)
        if f.favours_given or f.favours_received:
            s += p.favour_bonus * _favour_level(f)
        if f.closeness is not None:
            s = max(s, float(f.closeness))
        out[pid] = min(1.0, max(0.0, s))
    return out


def _favour_level(f: PersonFacts) -> float:
    return 1.0 - math.exp(-(f.favours_given + f.favours_received) / 2.0)


_NAMES = ("recency", "intensity", "regularity", "duration", "reciprocity")
_ZERO = dict.fromkeys((*_NAMES, "traces"), 0.0)


class _Rows:
    """The components as plain Python lists (per-person access without numpy scalar overhead)."""

    def __init__(self, comp: Components, p: TieParams) -> None:
        self.index = {k: i for i, k in enumerate(comp.keys.tolist())}
        self.parts = {name: np.round(getattr(comp, name), 4).tolist() for name in _NAMES}
        self.traces = np.round(strength(comp, p), 4).tolist()
        self.count = comp.count.astype(np.int64).tolist()
        self.first = comp.first.tolist()
        self.last = comp.last.tolist()
        self.gap = np.round(comp.usual_gap_days, 2).tolist()
        self.out = comp.initiated_out.tolist()
        self.inn = comp.initiated_in.tolist()


def score_ties(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: datetime, p: TieParams | None = None
) -> dict[int, TieScore]:
    """Every tie's score at ``now`` from the contacts strictly before it; keys are person ids."""
    p = p or TieParams()
    t_now = now.timestamp()
    t_then = t_now - p.trend_window_days * DAY
    contacts = contacts.before(t_now).sorted()
    comp, s_now = strengths_at(contacts, facts, t_now, p)
    _, s_then = strengths_at(contacts, facts, t_then, p)
    _, s_bond = strengths_at(contacts, facts, t_now, replace(p, half_life_days=p.bond_half_life_days))
    pins = {pid: f.tier_pin for pid, f in facts.items() if f.tier_pin}
    tiers_now = assign_tiers(s_now, pins)
    tiers_then = assign_tiers(s_then, pins)
    tiers_bond = assign_tiers(s_bond, pins)
    rows = _Rows(comp, p)
    none = PersonFacts()
    out: dict[int, TieScore] = {}
    for pid, s in s_now.items():
        f = facts.get(pid, none)
        i = rows.index.get(pid)
        if i is None and f == none:  # most of a big address book: never in contact, nothing said
            out[pid] = _untouched(pid, s, tiers_now[pid], s_then, tiers_then, s_bond, tiers_bond)
            continue
        score = TieScore(person_id=pid, strength=round(s, 4), tier=tiers_now[pid])
        score.strength_before = round(s_then.get(pid, 0.0), 4)
        score.tier_before = tiers_then.get(pid)
        score.bond = round(s_bond.get(pid, 0.0), 4)
        score.bond_tier = tiers_bond.get(pid, LONG_TAIL)
        score.components = _components_of(rows, i, f)
        score.components["history"] = score.bond
        if i is not None:
            _fill_contact_facts(score, rows, i, t_now, p)
        score.reasons = _reasons(score, rows, i, f, p, t_now)
        out[pid] = score
    return out


def _untouched(
    pid: int,
    s: float,
    tier: str,
    s_then: Mapping[int, float],
    tiers_then: Mapping[int, str],
    s_bond: Mapping[int, float],
    tiers_bond: Mapping[int, str],
) -> TieScore:
    """The score of someone never in contact, about whom the user said nothing (the same as the long way)."""
    bond = round(s_bond.get(pid, 0.0), 4)
    return TieScore(
        person_id=pid,
        strength=round(s, 4),
        tier=tier,
        trend="silent",
        components={**_ZERO, "favours": 0.0, "history": bond},
        reasons=["no recorded interaction yet"],
        strength_before=round(s_then.get(pid, 0.0), 4),
        tier_before=tiers_then.get(pid),
        bond=bond,
        bond_tier=tiers_bond.get(pid, LONG_TAIL),
    )


def _components_of(rows: _Rows, i: int | None, f: PersonFacts) -> dict[str, float]:
    if i is not None:
        parts = {name: rows.parts[name][i] for name in _NAMES}
        parts["traces"] = rows.traces[i]
    else:
        parts = _ZERO.copy()
    parts["favours"] = round(_favour_level(f), 4) if f.favours_given or f.favours_received else 0.0
    if f.closeness is not None:
        parts["closeness"] = round(float(f.closeness), 4)
    return parts


def _fill_contact_facts(score: TieScore, rows: _Rows, i: int, t_now: float, p: TieParams) -> None:
    """Last contact, usual gap, cooling and trend of a tie with contacts."""
    score.contacts = rows.count[i]
    score.last_contact = datetime.fromtimestamp(rows.last[i], UTC)
    gap = rows.gap[i]
    score.usual_gap_days = None if math.isnan(gap) else gap
    silence = (t_now - rows.last[i]) / DAY
    overdue = score.usual_gap_days is not None and silence > p.cooling_gap_factor * max(gap, 1.0)
    fell = score.tier_before is not None and tier_rank(score.tier) > tier_rank(score.tier_before)
    fell = fell and score.tier_before != LONG_TAIL and score.strength < (score.strength_before or 0.0)
    fell = fell and score.contacts >= MIN_HISTORY  # one mail that ages is not a relationship cooling
    # a relationship strong over the years but weak right now has cooled (silence past its rhythm)
    faded = tier_rank(score.bond_tier) + 1 < tier_rank(score.tier) and silence > p.trend_window_days
    fell = fell or (faded and score.contacts >= MIN_HISTORY)
    score.cooling = bool(overdue or fell)
    if score.cooling:
        score.trend = "cooling"
    elif score.strength - (score.strength_before or 0.0) > 0.05:
        score.trend = "warming"
    elif silence > max(p.cooling_gap_factor * p.half_life_days, 365.0):
        score.trend = "silent"


def _reasons(
    score: TieScore, rows: _Rows, i: int | None, f: PersonFacts, p: TieParams, t_now: float
) -> list[str]:
    """Plain sentences explaining the score."""
    out: list[str] = []
    if i is None:
        out.append("no recorded interaction yet")
        score.trend = "silent"
    else:
        silence = (t_now - rows.last[i]) / DAY
        out.append(f"last contact {_days(silence)} ago (half-life {p.half_life_days:g} days)")
        out.append(f"{rows.count[i]} interactions over {_days((rows.last[i] - rows.first[i]) / DAY)}")
        o, n = rows.out[i], rows.inn[i]
        if o > 0 and n > 0:
            out.append(f"both sides reach out ({o:g} by you, {n:g} by them)")
        elif o > 0:
            out.append(f"one-way: only you reached out ({o:g} times); strength scaled down")
        elif n > 0:
            out.append(f"one-way: only they reached out ({n:g} times), never answered; strength scaled down")
        if score.cooling and score.usual_gap_days is not None:
            ratio = silence / max(score.usual_gap_days, 1.0)
            if ratio > p.cooling_gap_factor:
                out.append(f"cooling: silent {ratio:.0f}× the usual gap of {_days(score.usual_gap_days)}")
        if tier_rank(score.bond_tier) < tier_rank(score.tier):
            out.append(
                f"over the years a {score.bond_tier} relationship (history {score.bond:.2f}, "
                f"half-life {p.bond_half_life_days:g} days)"
            )
        if score.cooling and score.tier_before and tier_rank(score.tier) > tier_rank(score.tier_before):
            out.append(
                f"cooling: fell from {score.tier_before} to {score.tier} in {p.trend_window_days:g} days"
            )
    if f.favours_given or f.favours_received:
        out.append(f"favours: {f.favours_given} given, {f.favours_received} received")
    if f.closeness is not None:
        out.append(f"you rate this tie {f.closeness:g} close; silence does not lower it below that")
    if f.tier_pin:
        out.append(f"pinned to {f.tier_pin} by you")
    return out


def _days(d: float) -> str:
    d = float(d)
    if d < 1:
        return "less than a day"
    if d < 2:
        return "1 day"
    return f"{d:.0f} days"
