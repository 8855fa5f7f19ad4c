"""A full rescore at once: everyone's strength, tier, trend and cooling as arrays (core/ties.score_ties).

The components and reasons of one tie are plain Python built from those arrays when first read
(:class:`Table`), so scoring 50,000 people does not write 50,000 explanations nobody reads.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from innercircle.core.tiemath import DAY, F64, I64, Components, TieParams, strength
from innercircle.core.ties import (
    MIN_HISTORY,
    TIERS,
    Pending,
    PersonFacts,
    TieScore,
    adjusted,
    favour_level,
    tier_codes,
)

_NAMES = ("recency", "intensity", "regularity", "duration", "reciprocity")
_ZERO = dict.fromkeys((*_NAMES, "traces"), 0.0)
_TAIL = len(TIERS) - 1
_BY_CODE: tuple[str | None, ...] = (*TIERS, None)  # code -1: not scored at that moment
_TRENDS = ("steady", "warming", "silent", "cooling")
_NOTHING = PersonFacts()


@dataclass(slots=True)
class _People:
    """Everyone scored: the keys with contacts (ascending), then the others the facts name (their order)."""

    keys: I64
    n: int  # the first n have contacts
    facts_at: I64  # the position of every key of the facts
    said: dict[int, PersonFacts]  # position -> facts, for the people the user said something about
    pinned: I64  # each position's pinned tier code, -1 when free


def _people(keys: I64, facts: Mapping[int, PersonFacts]) -> _People:
    fk = np.fromiter(facts.keys(), np.int64, len(facts))
    inside = np.isin(fk, keys)
    extra = fk[~inside]
    at = np.empty(fk.shape[0], np.int64)
    at[inside] = np.searchsorted(keys, fk[inside])
    at[~inside] = keys.shape[0] + np.arange(extra.shape[0])
    said: dict[int, PersonFacts] = {}
    nothing = _NOTHING  # callers share one empty PersonFacts: compare by identity first
    for q, f in zip(at.tolist(), facts.values(), strict=True):
        if f is not nothing:
            if f == _NOTHING:
                nothing = f
            else:
                said[q] = f
    pinned = np.full(keys.shape[0] + extra.shape[0], -1, np.int64)
    for q, f in said.items():
        if f.tier_pin in TIERS:
            pinned[q] = TIERS.index(f.tier_pin)
    return _People(np.concatenate([keys, extra]), int(keys.shape[0]), at, said, pinned)


def _strengths(people: _People, comp: Components, p: TieParams) -> tuple[F64, I64]:
    """Everyone's final strength from one pass, and tier code (-1: not scored at that moment)."""
    m = people.keys.shape[0]
    s = np.zeros(m)
    scored_then = np.zeros(m, dtype=bool)
    if comp.keys.shape[0] == people.n:  # the same keys (the passes are cuts of one preparation)
        at: I64 = np.arange(people.n, dtype=np.int64)
    else:
        at = np.searchsorted(people.keys[: people.n], comp.keys).astype(np.int64)
    s[at] = strength(comp, p)
    scored_then[at] = True
    scored_then[people.facts_at] = True
    for q, f in people.said.items():
        s[q] = adjusted(float(s[q]), f, p)
    codes = np.full(m, -1, np.int64)
    idx = np.flatnonzero(scored_then)
    codes[idx] = tier_codes(people.keys[idx], s[idx], people.pinned[idx])
    return s, codes


def _round4(a: F64) -> F64:
    """``round(x, 4)`` of every value, exactly as Python rounds (numpy's rint(x * 1e4) / 1e4 differs when
    x * 1e4 lands within an ulp of a half); the few values that close are rounded by Python."""
    scaled = a * 1e4
    out: F64 = np.rint(scaled) / 1e4
    for i in np.flatnonzero(np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6).tolist():
        out[i] = round(float(a[i]), 4)
    return out


def rescore(
    passes: list[Components], params: tuple[TieParams, ...], facts: Mapping[int, PersonFacts], t_now: float
) -> dict[int, TieScore]:
    """Every tie from the three passes of score_ties (now, a trend window ago, the bond), in their order."""
    comp, p = passes[0], params[0]
    people = _people(comp.keys, facts)
    (s_now, c_now), (s_then, c_then), (s_bond, c_bond) = (
        _strengths(people, c, q) for c, q in zip(passes, params, strict=True)
    )
    strengths, before, bond = _round4(s_now), _round4(s_then), _round4(s_bond)
    n = people.n
    table = Table(comp, people, p, t_now, (c_now, c_then, c_bond), bond.tolist(), (strengths[:n], before[:n]))
    was = gc.isenabled()
    gc.disable()  # 50,000 new objects, none in a cycle: no collection needed while they are made
    try:
        return _scores(people, table, strengths.tolist(), before.tolist())
    finally:
        if was:
            gc.enable()


def _scores(
    people: _People, table: Table, strengths: list[float], before: list[float]
) -> dict[int, TieScore]:
    """The TieScore objects (their fields set directly: the fast way), components and reasons pending."""
    rest = people.keys.shape[0] - people.n  # no contacts: silent, never cooling
    columns = (
        people.keys.tolist(),
        strengths,
        [TIERS[c] for c in table.codes[0].tolist()],
        [datetime.fromtimestamp(t, UTC) for t in table.last.tolist()] + [None] * rest,
        [_TRENDS[t] for t in table.trend.tolist()] + ["silent"] * rest,
        table.cooling.tolist() + [False] * rest,
        [None if math.isnan(g) else g for g in table.gap.tolist()] + [None] * rest,
        before,
        [_BY_CODE[c] for c in table.codes[1].tolist()],
        table.bond,
        [TIERS[c] for c in table.codes[2].tolist()],  # everyone is scored for the bond
        table.count.tolist() + [0] * rest,
    )
    out: dict[int, TieScore] = {}
    new = TieScore.__new__
    for q, (pid, s, tier, last, trend, cooling, gap, s_before, t_before, bond, t_bond, count) in enumerate(
        zip(*columns, strict=True)
    ):
        pending = Pending(table, q)
        score = new(TieScore)
        score.__dict__ = {
            "person_id": pid,
            "strength": s,
            "tier": tier,
            "last_contact": last,
            "trend": trend,
            "cooling": cooling,
            "usual_gap_days": gap,
            "components": pending,
            "reasons": pending,
            "strength_before": s_before,
            "tier_before": t_before,
            "bond": bond,
            "bond_tier": t_bond,
            "contacts": count,
        }
        out[pid] = score
    return out


class Table:
    """One rescore's arrays: trend and cooling of the ties with contacts, every tie's components and reasons."""

    def __init__(
        self,
        comp: Components,
        people: _People,
        p: TieParams,
        t_now: float,
        codes: tuple[I64, I64, I64],
        bond: list[float],
        rounded: tuple[F64, F64],
    ) -> None:
        """``codes``: tiers now, a window ago, of the bond; ``rounded``: strengths now and a window ago
        of the ties with contacts, rounded as in TieScore."""
        self.comp, self.people, self.p, self.t_now = comp, people, p, t_now
        self.codes, self.bond = codes, bond
        self.last, self.count = comp.last, comp.count.astype(np.int64)
        self.gap = np.round(comp.usual_gap_days, 2)  # as TieScore.usual_gap_days (NaN: None)
        self.trend, self.cooling = self._trends(*rounded)
        self._rows: dict[str, list[Any]] | None = None

    def _trends(self, st: F64, sb: F64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """Trend (index into _TRENDS) and cooling of the ties with contacts."""
        p, n = self.p, self.people.n
        rn, rb, rbond = (c[:n] for c in self.codes)
        silence = (self.t_now - self.last) / DAY
        gap, count = self.gap, self.count
        with np.errstate(invalid="ignore"):
            overdue = ~np.isnan(gap) & (silence > p.cooling_gap_factor * np.maximum(gap, 1.0))
        established = count >= MIN_HISTORY  # one mail that ages is not a relationship cooling
        fell = (rb >= 0) & (rn > rb) & (rb != _TAIL) & (st < sb) & established
        # a relationship strong over the years but weak right now has cooled (silence past its rhythm)
        faded = (rbond + 1 < rn) & (silence > p.trend_window_days) & established
        cooling = overdue | fell | faded
        silent = silence > max(p.cooling_gap_factor * p.half_life_days, 365.0)
        warming = st - sb > 0.05
        trend = np.where(cooling, 3, np.where(warming, 1, np.where(silent, 2, 0))).astype(np.int64)
        return trend, cooling

    def _lists(self) -> dict[str, list[Any]]:
        """The per-tie values an explanation reads, as plain lists (made once, on the first read)."""
        if self._rows is None:
            comp = self.comp
            rows = {name: np.round(getattr(comp, name), 4).tolist() for name in _NAMES}
            rows["traces"] = np.round(strength(comp, self.p), 4).tolist()
            for name in ("first", "last", "initiated_out", "initiated_in"):
                rows[name] = getattr(comp, name).tolist()
            rows["count"], rows["gap"] = self.count.tolist(), self.gap.tolist()
            rows["cooling"] = self.cooling.tolist()
            rows["codes"] = list(zip(*(c.tolist() for c in self.codes), strict=True))
            self._rows = rows
        return self._rows

    def components(self, pos: int) -> dict[str, float]:
        """The components behind the score at ``pos`` (``TieScore.components``)."""
        f = self.people.said.get(pos, _NOTHING)
        if pos < self.people.n:
            rows = self._lists()
            parts = {name: rows[name][pos] for name in _NAMES}
            parts["traces"] = rows["traces"][pos]
        else:
            parts = _ZERO.copy()
        parts["favours"] = round(favour_level(f), 4) if f.favours_given or f.favours_received else 0.0
        if f.closeness is not None:
            parts["closeness"] = round(float(f.closeness), 4)
        parts["history"] = self.bond[pos]
        return parts

    def reasons(self, pos: int) -> list[str]:
        """Plain sentences explaining the score at ``pos`` (``TieScore.reasons``)."""
        out = self._contact_reasons(pos) if pos < self.people.n else ["no recorded interaction yet"]
        f = self.people.said.get(pos, _NOTHING)
        if f.favours_given or f.favours_received:
            out.append(f"favours: {f.favours_given} given, {f.favours_received} received")
        if f.closeness is not None:
            out.append(f"you rate this tie {f.closeness:g} close; silence does not lower it below that")
        if f.tier_pin:
            out.append(f"pinned to {f.tier_pin} by you")
        return out

    def _contact_reasons(self, i: int) -> list[str]:
        p, rows = self.p, self._lists()
        last, first, count = rows["last"][i], rows["first"][i], rows["count"][i]
        silence = (self.t_now - last) / DAY
        out = [
            f"last contact {_days(silence)} ago (half-life {p.half_life_days:g} days)",
            f"{count} interactions over {_days((last - first) / DAY)}",
        ]
        o, n = rows["initiated_out"][i], rows["initiated_in"][i]
        if o > 0 and n > 0:
            out.append(f"both sides reach out ({o:g} by you, {n:g} by them)")
        elif o > 0:
            out.append(f"one-way: only you reached out ({o:g} times); strength scaled down")
        elif n > 0:
            out.append(f"one-way: only they reached out ({n:g} times), never answered; strength scaled down")
        cooling, gap = rows["cooling"][i], rows["gap"][i]
        rank, rank_before, rank_bond = rows["codes"][i]
        if cooling and not math.isnan(gap):
            ratio = silence / max(gap, 1.0)
            if ratio > p.cooling_gap_factor:
                out.append(f"cooling: silent {ratio:.0f}× the usual gap of {_days(gap)}")
        if rank_bond < rank:
            out.append(
                f"over the years a {TIERS[rank_bond]} relationship (history {self.bond[i]:.2f}, "
                f"half-life {p.bond_half_life_days:g} days)"
            )
        if cooling and rank_before >= 0 and rank > rank_before:
            out.append(
                f"cooling: fell from {TIERS[rank_before]} to {TIERS[rank]} in {p.trend_window_days:g} days"
            )
        return out


def _days(d: float) -> str:
    d = float(d)
    if d < 1:
        return "less than a day"
    if d < 2:
        return "1 day"
    return f"{d:.0f} days"
