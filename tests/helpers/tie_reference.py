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
from innercircle.core.ties.model import (
    DAY,
    IN,
    MUTUAL,
    OUT,
    PRESENT,
    Components,
    Contacts,
    PersonFacts,
    TieParams,
    channel_code,
    strength,
)
from innercircle.core.ties.score import (
    CLOSE_DAYS,
    CLOSE_SPAN_DAYS,
    INNER_DAYS,
    INNER_SPAN_DAYS,
    MIN_HISTORY,
    STATED_CLOSE,
    TieScore,
)
from innercircle.core.ties.tiers import LONG_TAIL, TIER_CAPS, TIER_FLOORS, TIERS

NAMES = experts.FEATURES


def rank(tier: str | None) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS) - 1


def assign_tiers(
    strengths: Mapping[int, float],
    pins: Mapping[int, str],
    earned: Mapping[int, str],
    held: Mapping[int, str] | None = None,
) -> dict[int, str]:
    """Pinned people keep their pin; then layer by layer, the cooling ties held at that layer (strongest
    first, floor aside), then the others by rank, into what the layer has left, above its floor, and only
    people whose evidence earns the layer."""
    held = held or {}
    tiers = {pid: t for pid, t in pins.items() if t in TIERS and pid in strengths}
    ranked = sorted((pid for pid in strengths if pid not in tiers), key=lambda pid: (-strengths[pid], pid))
    filled = 0
    for name, cap in TIER_CAPS:
        pinned = sum(1 for t in tiers.values() if t == name)
        room = max(0, cap - filled - pinned)
        filled = max(cap, filled + pinned)
        open_ = [pid for pid in ranked if pid not in tiers and rank(earned.get(pid)) <= rank(name)]
        first = [pid for pid in open_ if held.get(pid) == name]
        rest = [pid for pid in open_ if held.get(pid) != name and strengths[pid] >= TIER_FLOORS[name]]
        for pid in (first + rest)[:room]:
            tiers[pid] = name
    for pid in ranked:
        tiers.setdefault(pid, LONG_TAIL)
    return tiers


def earned_tier(comp: Components | None, contacts: Contacts, pid: int, moment: float, f: PersonFacts) -> str:
    """The closest tier the contacts before ``moment`` and the user's word earn, one person at a time."""
    best = LONG_TAIL
    if f.tier_pin in TIERS:
        best = f.tier_pin
    elif f.closeness is not None and f.closeness >= STATED_CLOSE:
        best = "inner"
    elif f.closeness is not None or f.favours_given or f.favours_received:
        best = "active"
    if comp is None or pid not in comp.keys.tolist():
        return best
    i = comp.keys.tolist().index(pid)
    mine = (contacts.key == pid) & (contacts.at < moment) & (contacts.direction != PRESENT)
    days = len({math.floor(t / DAY) for t in contacts.at[mine].tolist()})
    span = (float(comp.last[i]) - float(comp.first[i])) / DAY
    two_way = comp.initiated_out[i] > 0 and comp.initiated_in[i] > 0
    if two_way and days >= INNER_DAYS and span >= INNER_SPAN_DAYS:
        mine_tier = "inner"
    elif two_way and days >= CLOSE_DAYS and span >= CLOSE_SPAN_DAYS:
        mine_tier = "close"
    elif comp.initiated_out[i] > 0:
        mine_tier = "active"
    else:
        mine_tier = "known"
    return mine_tier if rank(mine_tier) < rank(best) else best


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
    by_key: dict[int, list[tuple[float, int, int, int]]] = {}
    for key, at, ch, d, size, _dur in as_rows(contacts):
        by_key.setdefault(key, []).append((at, ch, d, size))
    pins = {pid: f.tier_pin for pid, f in facts.items() if f.tier_pin}
    nothing = PersonFacts()
    earned_now = {pid: earned_tier(comp, contacts, pid, t_now, facts.get(pid, nothing)) for pid in s_now}
    earned_then = {pid: earned_tier(then, contacts, pid, t_then, facts.get(pid, nothing)) for pid in s_then}
    tiers_now = assign_tiers(s_now, pins, earned_now)
    tiers_then = assign_tiers(s_then, pins, earned_then)
    tiers_bond = assign_tiers(s_bond, pins, earned_now)
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
        why[pid] = Explanation(parts, [], [] if i is None else _model_reasons(parts, choice, typical))
        out[pid] = sc
    # a cooling tie keeps the closer of its tier a trend window ago and its long-run tier, if it earns it
    held = {}
    for pid, sc in out.items():
        was = min(rank(sc.tier_before), rank(sc.bond_tier))
        if sc.cooling and was < rank(sc.tier) and rank(earned_now[pid]) <= was:
            held[pid] = TIERS[was]
    for pid, sc in out.items():
        sc.engaged = rank(earned_now[pid]) <= rank("active")
    unheld = {pid: sc.tier for pid, sc in out.items()}
    if held:
        final_tiers = assign_tiers(s_now, pins, earned_now, held)
        for pid, sc in out.items():
            sc.tier = final_tiers[pid]
    for pid, sc in out.items():
        f = facts.get(pid, PersonFacts())
        i = row.get(pid)
        days = (
            0
            if i is None
            else len(
                {
                    math.floor(t / DAY)
                    for t in contacts.at[
                        (contacts.key == pid) & (contacts.at < t_now) & (contacts.direction != PRESENT)
                    ].tolist()
                }
            )
        )
        tier_why = _tier_reason(sc, comp, i, f, unheld[pid], earned_now[pid], days)
        why[pid].reasons.extend(
            _reasons(
                sc,
                comp,
                i,
                f,
                p,
                t_now,
                unheld[pid],
                days,
                tier_why,
                by_key.get(pid, []),
                choice.expert.one_way,
            )
        )
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
    unheld: str,
    days: int,
    tier_why: str,
    rows: list[tuple[float, int, int, int]],
    scales_one_way: bool,
) -> list[str]:
    out: list[str] = []
    if i is None:
        out.append("no recorded interaction yet")
    else:
        last, first = float(comp.last[i]), float(comp.first[i])
        silence = (t_now - last) / DAY
        o, n = float(comp.initiated_out[i]), float(comp.initiated_in[i])
        you, them = _window(rows, t_now)

        def who(a: float, b: float) -> str:
            if a > 0 and b > 0:
                return "both of you reach out"
            return (
                "only you reach out"
                if a > 0
                else "only they reach out"
                if b > 0
                else "you were only copied together"
            )

        sides = who(o, n)
        if (you or them) and who(you, them) != sides:
            sides = who(you, them).replace("reach out", "reach out lately")
        elif sides == "only they reach out" and o == 0:
            sides = "only they reach out, you never answered"
        count = int(comp.count[i])
        rhythm = "" if sc.usual_gap_days is None else f" — usually every {_days(sc.usual_gap_days)}"
        out.append(
            f"{count} contact{'s' if count != 1 else ''}{f' on {days} days' if 0 < days < count else ''} over "
            f"{_span((last - first) / DAY)}, {sides}, silent {_days(silence)}{rhythm}"
        )
        if not f.tier_pin:
            out.append(tier_why)
        out += _reach_reasons(rows, t_now)
        n_contacts = int(comp.count[i])
        one_way = (o > 0) != (n > 0) and n_contacts >= p.one_way_min_contacts
        if p.one_way_factor < 1.0 and scales_one_way and one_way:
            out.append(f"strength scaled down: one-way over all {n_contacts} interactions")
        if sc.cooling and sc.usual_gap_days is not None:
            ratio = silence / max(sc.usual_gap_days, 1.0)
            if ratio > p.cooling_gap_factor:
                out.append(f"cooling: silent {ratio:.0f}× the usual gap of {_days(sc.usual_gap_days)}")
        if rank(sc.bond_tier) < rank(sc.tier):
            out.append(
                f"over the years a {sc.bond_tier} relationship (history {sc.bond:.2f}, "
                f"half-life {p.bond_half_life_days:g} days)"
            )
        if sc.cooling and sc.tier_before and rank(unheld) > rank(sc.tier_before):
            out.append(f"cooling: fell from {sc.tier_before} to {unheld} in {p.trend_window_days:g} days")
    if f.favours_given or f.favours_received:
        out.append(f"favours: {f.favours_given} given, {f.favours_received} received")
    if f.closeness is not None:
        out.append(f"you rate this tie {f.closeness:g} close; silence does not lower it below that")
    if f.tier_pin:
        out.append(f"pinned to {f.tier_pin} by you")
    return out


def _tier_reason(
    sc: TieScore, comp: Components, i: int | None, f: PersonFacts, unheld: str, earned: str, days: int
) -> str:
    if i is None:
        return ""
    if rank(unheld) > rank(sc.tier):
        return f"{sc.tier}: keeps its {sc.tier} tier while it cools (by recent contact alone: {unheld})"
    if f.closeness is not None and f.closeness >= STATED_CLOSE and sc.tier in ("inner", "close"):
        return f"{sc.tier}: you rate them {f.closeness:g} close"
    span = (float(comp.last[i]) - float(comp.first[i])) / DAY
    if sc.tier == "inner":
        return f"inner: among your 5 strongest ties, in touch both ways on {days} days"
    if sc.tier == "close":
        return f"close: among your 15 strongest ties, in touch both ways on {days} days"
    if sc.tier == "known" and rank(earned) >= 3:
        if comp.initiated_in[i] > 0:
            return "known, not active: they wrote to you, but you never wrote, called or met them"
        return "known, not active: you were only copied on the same mail"
    if sc.tier == "active" and earned == "active":
        return (
            f"active: not close yet — that needs contact from both sides on at least {CLOSE_DAYS} days "
            f"over {CLOSE_SPAN_DAYS // 7} weeks (so far {days} day{'s' if days != 1 else ''} over {_span(span)})"
        )
    if sc.tier == "active":
        return "active: in touch, but weaker than your closest ties"
    if sc.tier == "known":
        return "known: too little recent contact for your 50 active ties"
    return "tail: beyond the 150 people you know best"


def _span(d: float) -> str:
    if d < 14:
        return _days(d)
    if d < 60:
        return f"{d / 7:.0f} weeks"
    if d < 730:
        return f"{d / 30.4:.0f} months"
    return f"{d / 365.25:.0f} years"


def _window(rows: list[tuple[float, int, int, int]], t_now: float) -> tuple[int, int]:
    """core/onesided's counts (by you, by them), one contact (at, channel, direction, group size) at a time."""
    you = them = 0
    face = (channel_code("meeting"), channel_code("event"))
    for at, ch, d, size in rows:
        if not t_now - 180 * DAY <= at < t_now:
            continue
        both = ch in face
        you += both or d == MUTUAL or (d == OUT and size <= 2)
        them += both or d in (MUTUAL, IN)
    return you, them


def _reach_reasons(rows: list[tuple[float, int, int, int]], t_now: float) -> list[str]:
    you, them = _window(rows, t_now)
    said = f"in the last 6 months: {you} by you, {them} by them"
    if you >= 3 and them == 0:
        return [f"one-sided: only you reached out ({said})"]
    if you and them:
        return [f"both sides reach out ({said})"]
    if you:
        return [f"only you reached out, too few times to call it one-sided ({said})"]
    if them:
        return [f"only they reached out ({said})"]
    return ["nobody reached out in the last 6 months"]


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
