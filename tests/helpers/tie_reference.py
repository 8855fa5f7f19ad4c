"""A straightforward tie scorer, person by person, to check the vectorized core/ties/score.score_ties against.

It follows DESIGN §3 the plain way: the expert chosen once (``experts.backtest``), three independent
``components`` passes (now, one trend window ago, the bond's half-life), final strengths and tiers as
dicts, then every field, component and reason of each person in a loop. Slow, and meant to be: it shares
only the model, the experts and the components (``core/ties/model.py``, ``experts.py``, ``components.py``)
with the product.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np

from innercircle.core.ties import experts
from innercircle.core.ties.components import components, prepare
from innercircle.core.ties.explain import Explanation
from innercircle.core.ties.model import DAY, Components, Contacts, PersonFacts, TieParams, strength
from innercircle.core.ties.score import LONG_TAIL, MIN_HISTORY, TIER_CAPS, TIER_FLOORS, TIERS, TieScore

NAMES = experts.FEATURES


def rank(tier: str | None) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS) - 1


def assign_tiers(strengths: Mapping[int, float], pins: Mapping[int, str]) -> dict[int, str]:
    """Pinned people keep their pin; the others by rank into what each layer has left, above its floor."""
    tiers = {pid: t for pid, t in pins.items() if t in TIERS and pid in strengths}
    ranked = sorted((pid for pid in strengths if pid not in tiers), key=lambda pid: (-strengths[pid], pid))
    pos, filled = 0, 0
    for name, cap in TIER_CAPS:
        pinned = sum(1 for t in tiers.values() if t == name)
        room = max(0, cap - filled - pinned)
        filled = max(cap, filled + pinned)
        while room > 0 and pos < len(ranked) and strengths[ranked[pos]] >= TIER_FLOORS[name]:
            tiers[ranked[pos]] = name
            pos += 1
            room -= 1
    for pid in ranked[pos:]:
        tiers[pid] = LONG_TAIL
    return tiers


def favour_level(f: PersonFacts) -> float:
    return 1.0 - math.exp(-(f.favours_given + f.favours_received) / 2.0)


def final(
    comp: Components, p: TieParams, facts: Mapping[int, PersonFacts], traces: np.ndarray
) -> dict[int, float]:
    out = dict(zip(comp.keys.tolist(), traces.tolist(), strict=True))
    for pid, f in facts.items():
        s = out.get(pid, 0.0)
        if f.favours_given or f.favours_received:
            s += p.favour_bonus * favour_level(f)
        if f.closeness is not None:
            s = max(s, float(f.closeness))
        if f.closeness is None and not (f.favours_given or f.favours_received):
            out.setdefault(pid, 0.0)
        else:
            out[pid] = min(1.0, max(0.0, s))
    return out


def score_ties(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: datetime, p: TieParams
) -> tuple[dict[int, TieScore], dict[int, Explanation]]:
    """Every tie at ``now`` and its explanation, one person at a time."""
    t_now = now.timestamp()
    t_then = t_now - p.trend_window_days * DAY
    bond_p = replace(p, half_life_days=p.bond_half_life_days)
    choice = experts.backtest(prepare(contacts.before(t_now)), t_now, p)
    comp = components(contacts, t_now, p)
    traces = experts.traces(comp, t_now, choice, p)
    s_now = final(comp, p, facts, traces)
    then = components(contacts, t_then, p)
    s_then = final(then, p, facts, experts.traces(then, t_then, choice, p))
    bond = components(contacts, t_now, bond_p)
    s_bond = final(bond, bond_p, facts, strength(bond, bond_p))
    x = experts.features(comp, t_now)
    mean = x.mean(axis=0) if len(x) else np.zeros(len(NAMES))
    typical = float(experts.chance(mean[None, :], choice)[0])
    pins = {pid: f.tier_pin for pid, f in facts.items() if f.tier_pin}
    tiers_now, tiers_then, tiers_bond = (assign_tiers(s, pins) for s in (s_now, s_then, s_bond))
    row = {k: i for i, k in enumerate(comp.keys.tolist())}
    out, why = {}, {}
    for pid, s in s_now.items():
        f = facts.get(pid, PersonFacts())
        sc = TieScore(person_id=pid, strength=round(s, 4), tier=tiers_now[pid])
        sc.strength_before = round(s_then.get(pid, 0.0), 4)
        sc.tier_before = tiers_then.get(pid)
        sc.bond = round(s_bond.get(pid, 0.0), 4)
        sc.bond_tier = tiers_bond.get(pid, LONG_TAIL)
        i = row.get(pid)
        parts = {n: 0.0 for n in (*NAMES, "reciprocity", "traces")}
        if i is not None:
            w = np.asarray(choice.expert.weights)
            for j, n in enumerate(NAMES):
                parts[n] = float(np.round(choice.scale * (x[i, j] - mean[j]) * w[j], 4))
            parts["reciprocity"] = float(np.round(comp.reciprocity[i], 4))
            parts["traces"] = float(np.round(traces[i], 4))
            _contact_facts(sc, comp, i, t_now, p)
        else:
            sc.trend = "silent"
        parts["favours"] = round(favour_level(f), 4) if f.favours_given or f.favours_received else 0.0
        if f.closeness is not None:
            parts["closeness"] = round(float(f.closeness), 4)
        parts["history"] = sc.bond
        model = [] if i is None else _model_reasons(parts, choice, typical)
        why[pid] = Explanation(parts, _reasons(sc, comp, i, f, p, t_now, model))
        out[pid] = sc
    return out, why


def _contact_facts(sc: TieScore, comp: Components, i: int, t_now: float, p: TieParams) -> None:
    sc.contacts = int(comp.count[i])
    last = float(comp.last[i])
    sc.last_contact = datetime.fromtimestamp(last, UTC)
    gap = float(np.round(comp.usual_gap_days[i], 2))
    sc.usual_gap_days = None if math.isnan(gap) else gap
    silence = (t_now - last) / DAY
    overdue = sc.usual_gap_days is not None and silence > p.cooling_gap_factor * max(sc.usual_gap_days, 1.0)
    before = sc.strength_before or 0.0
    fell = sc.tier_before is not None and sc.tier_before != LONG_TAIL and rank(sc.tier) > rank(sc.tier_before)
    fell = fell and sc.strength < before and sc.contacts >= MIN_HISTORY
    faded = rank(sc.bond_tier) + 1 < rank(sc.tier) and silence > p.trend_window_days
    sc.cooling = bool(overdue or fell or (faded and sc.contacts >= MIN_HISTORY))
    if sc.cooling:
        sc.trend = "cooling"
    elif sc.strength - before > 0.05:
        sc.trend = "warming"
    elif silence > max(p.cooling_gap_factor * p.half_life_days, 365.0):
        sc.trend = "silent"


def _reasons(
    sc: TieScore,
    comp: Components,
    i: int | None,
    f: PersonFacts,
    p: TieParams,
    t_now: float,
    model: list[str],
) -> list[str]:
    out: list[str] = []
    if i is None:
        out.append("no recorded interaction yet")
    else:
        last, first = float(comp.last[i]), float(comp.first[i])
        silence = (t_now - last) / DAY
        out.append(f"last contact {_days(silence)} ago")
        out.append(f"{int(comp.count[i])} interactions over {_days((last - first) / DAY)}")
        out += model
        o, n = float(comp.initiated_out[i]), float(comp.initiated_in[i])
        n_contacts = int(comp.count[i])
        scaled = (
            "; strength scaled down"
            if p.one_way_factor < 1.0 and n_contacts >= p.one_way_min_contacts
            else ""
        )
        if o > 0 and n > 0:
            out.append(f"both sides reach out ({o:g} by you, {n:g} by them)")
        elif o > 0:
            out.append(f"one-way: only you reached out ({o:g} times){scaled}")
        elif n > 0:
            out.append(f"one-way: only they reached out ({n:g} times), never answered{scaled}")
        if sc.cooling and sc.usual_gap_days is not None:
            ratio = silence / max(sc.usual_gap_days, 1.0)
            if ratio > p.cooling_gap_factor:
                out.append(f"cooling: silent {ratio:.0f}× the usual gap of {_days(sc.usual_gap_days)}")
        if rank(sc.bond_tier) < rank(sc.tier):
            out.append(
                f"over the years a {sc.bond_tier} relationship (history {sc.bond:.2f}, "
                f"half-life {p.bond_half_life_days:g} days)"
            )
        if sc.cooling and sc.tier_before and rank(sc.tier) > rank(sc.tier_before):
            out.append(f"cooling: fell from {sc.tier_before} to {sc.tier} in {p.trend_window_days:g} days")
    if f.favours_given or f.favours_received:
        out.append(f"favours: {f.favours_given} given, {f.favours_received} received")
    if f.closeness is not None:
        out.append(f"you rate this tie {f.closeness:g} close; silence does not lower it below that")
    if f.tier_pin:
        out.append(f"pinned to {f.tier_pin} by you")
    return out


def _model_reasons(parts: dict[str, float], c: experts.Choice, typical: float) -> list[str]:
    h = c.backtest_days or experts.BACKTEST_DAYS
    out = [
        f"chance of contact in the next {h:g} days {parts['traces']:.0%} (a typical tie of yours {typical:.0%})"
    ]
    if c.fit:
        others = ", ".join(f"{k} {v:.2f}" for k, v in c.fit.items() if k != c.expert.name)
        best = c.fit[c.expert.name]
        out.append(
            f"weighs {c.expert.says} ({c.expert.name}): of the models it predicted your last {h:g} days "
            f"best (AUC {best:.2f}; {others})"
        )
    else:
        why = (
            f"too few of your ties were in touch, or out of touch, in your last {h:g} days to compare the "
            f"models (at least {experts.MIN_EVIDENCE} of each)"
            if c.backtest_days
            else "too little history yet to compare the models"
        )
        out.append(f"weighs {c.expert.says} ({c.expert.name}): {why}")
    moved = sorted(((parts[n], n) for n in NAMES), reverse=True)
    if moved[0][0] >= 0.005:  # contributions that read as ±0.00 are not named
        out.append(f"raises it most against your typical tie: {moved[0][1]} ({moved[0][0]:+.2f})")
    if moved[-1][0] <= -0.005:
        out.append(f"lowers it most: {moved[-1][1]} ({moved[-1][0]:+.2f})")
    return out


def _days(d: float) -> str:
    if d < 1:
        return "less than a day"
    if d < 2:
        return "1 day"
    return f"{d:.0f} days"


def as_rows(c: Contacts) -> list[tuple[int, float, int, int, int, float]]:
    """The contacts as plain tuples (to check a scoring did not change its input)."""
    return list(
        zip(
            c.key.tolist(),
            c.at.tolist(),
            c.channel.tolist(),
            c.direction.tolist(),
            c.group_size.tolist(),
            np.nan_to_num(c.duration_s, nan=-1.0).tolist(),
            strict=True,
        )
    )
