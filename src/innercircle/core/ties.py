"""Tie strength: scores, Dunbar tiers, trend and cooling, with the reasons behind each score."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from innercircle.core.tiemath import DAY, Components, Contacts, TieParams, components, strength

# Dunbar's layers, capped: at most this many people per tier, strongest first.
TIER_CAPS: tuple[tuple[str, int], ...] = (("inner", 5), ("close", 15), ("active", 50), ("known", 150))
LONG_TAIL = "tail"
TIERS: tuple[str, ...] = (*(name for name, _ in TIER_CAPS), LONG_TAIL)
# below these strengths a rank alone does not earn the tier (a tiny network is not all "inner")
TIER_FLOORS: dict[str, float] = {"inner": 0.4, "close": 0.25, "active": 0.1, "known": 0.01}


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
    contacts: int = 0


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the user said about a person, and the favours ledger, as the scoring needs them."""

    closeness: float | None = None
    tier_pin: str | None = None
    favours_given: int = 0
    favours_received: int = 0


def tier_rank(tier: str) -> int:
    """0 for inner … 4 for the long tail (unknown names count as the tail)."""
    return TIERS.index(tier) if tier in TIERS else len(TIERS) - 1


def assign_tiers(strengths: Mapping[int, float], pins: Mapping[int, str]) -> dict[int, str]:
    """Tiers by rank: Dunbar's cumulative layers (5, 15, 50, 150) minus pinned people, with floors."""
    tiers: dict[int, str] = {pid: t for pid, t in pins.items() if t in TIERS and pid in strengths}
    ranked = sorted((pid for pid in strengths if pid not in tiers), key=lambda k: (-strengths[k], k))
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


def _final(comp: Components, p: TieParams, facts: Mapping[int, PersonFacts]) -> dict[int, float]:
    """Strength per key: traces + favours, never below what the user says the closeness is."""
    base = strength(comp, p)
    out: dict[int, float] = {int(k): float(v) for k, v in zip(comp.keys, base, strict=True)}
    for pid, f in facts.items():
        s = out.get(pid, 0.0) + p.favour_bonus * _favour_level(f)
        if f.closeness is not None:
            s = max(s, float(f.closeness))
        out[pid] = min(1.0, max(0.0, s))
    return out


def _favour_level(f: PersonFacts) -> float:
    return 1.0 - math.exp(-(f.favours_given + f.favours_received) / 2.0)


def score_ties(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: datetime, p: TieParams | None = None
) -> dict[int, TieScore]:
    """Every tie's score at ``now`` from the contacts strictly before it; keys are person ids."""
    p = p or TieParams()
    t_now = now.timestamp()
    t_then = t_now - p.trend_window_days * DAY
    comp = components(contacts, t_now, p)
    comp_then = components(contacts, t_then, p)
    s_now = _final(comp, p, facts)
    s_then = _final(comp_then, p, facts)
    pins = {pid: f.tier_pin for pid, f in facts.items() if f.tier_pin}
    tiers_now = assign_tiers(s_now, pins)
    tiers_then = assign_tiers(s_then, pins)
    rows = {int(k): i for i, k in enumerate(comp.keys)}
    out: dict[int, TieScore] = {}
    for pid, s in s_now.items():
        f = facts.get(pid, PersonFacts())
        i = rows.get(pid)
        score = TieScore(person_id=pid, strength=round(s, 4), tier=tiers_now[pid])
        score.strength_before = round(s_then.get(pid, 0.0), 4)
        score.tier_before = tiers_then.get(pid)
        score.components = _components_of(comp, i, f, p)
        if i is not None:
            _fill_contact_facts(score, comp, i, t_now, p)
        score.reasons = _reasons(score, comp, i, f, p, t_now)
        out[pid] = score
    return out


def _components_of(comp: Components, i: int | None, f: PersonFacts, p: TieParams) -> dict[str, float]:
    parts: dict[str, float] = {}
    if i is not None:
        for name in ("recency", "intensity", "regularity", "duration", "reciprocity"):
            parts[name] = round(float(getattr(comp, name)[i]), 4)
        parts["traces"] = round(float(strength(_one(comp, i), p)[0]), 4)
    else:
        parts.update(recency=0.0, intensity=0.0, regularity=0.0, duration=0.0, reciprocity=0.0, traces=0.0)
    parts["favours"] = round(_favour_level(f), 4)
    if f.closeness is not None:
        parts["closeness"] = round(float(f.closeness), 4)
    return parts


def _one(comp: Components, i: int) -> Components:
    """The components of one key, as a one-row Components."""
    sl = slice(i, i + 1)
    return Components(
        comp.keys[sl],
        comp.count[sl],
        comp.last[sl],
        comp.first[sl],
        comp.recency[sl],
        comp.intensity[sl],
        comp.regularity[sl],
        comp.duration[sl],
        comp.reciprocity[sl],
        comp.initiated_out[sl],
        comp.initiated_in[sl],
        comp.usual_gap_days[sl],
        comp.decayed_count[sl],
    )


def _fill_contact_facts(score: TieScore, comp: Components, i: int, t_now: float, p: TieParams) -> None:
    """Last contact, usual gap, cooling and trend of a tie with contacts."""
    score.contacts = int(comp.count[i])
    score.last_contact = datetime.fromtimestamp(float(comp.last[i]), UTC)
    gap = float(comp.usual_gap_days[i])
    score.usual_gap_days = None if np.isnan(gap) else round(gap, 2)
    silence = (t_now - float(comp.last[i])) / DAY
    overdue = score.usual_gap_days is not None and silence > p.cooling_gap_factor * max(gap, 1.0)
    fell = score.tier_before is not None and tier_rank(score.tier) > tier_rank(score.tier_before)
    fell = fell and score.tier_before != LONG_TAIL and score.strength < (score.strength_before or 0.0)
    score.cooling = bool(overdue or fell)
    if score.cooling:
        score.trend = "cooling"
    elif score.strength - (score.strength_before or 0.0) > 0.05:
        score.trend = "warming"
    elif silence > max(p.cooling_gap_factor * p.half_life_days, 365.0):
        score.trend = "silent"


def _reasons(
    score: TieScore, comp: Components, i: int | None, f: PersonFacts, p: TieParams, t_now: float
) -> list[str]:
    """Plain sentences explaining the score."""
    out: list[str] = []
    if i is None:
        out.append("no recorded interaction yet")
        score.trend = "silent"
    else:
        silence = (t_now - float(comp.last[i])) / DAY
        out.append(f"last contact {_days(silence)} ago (half-life {p.half_life_days:g} days)")
        out.append(f"{int(comp.count[i])} interactions over {_days((comp.last[i] - comp.first[i]) / DAY)}")
        o, n = float(comp.initiated_out[i]), float(comp.initiated_in[i])
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
