"""Why a tie scores what it does: its components and plain sentences, read from the rescore's arrays."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from innercircle.core.onesided import WINDOW_DAYS, Reach
from innercircle.core.ties.experts import BACKTEST_DAYS, FEATURES, MIN_EVIDENCE
from innercircle.core.ties.model import DAY, PersonFacts, favour_level
from innercircle.core.ties.score import (
    CLOSE_DAYS,
    CLOSE_SPAN_DAYS,
    COMPONENTS,
    STATED_CLOSE,
    Table,
    Ties,
)
from innercircle.core.ties.tiers import TIER_CAPS, TIERS

_NOTHING = PersonFacts()


@dataclass(frozen=True, slots=True)
class Explanation:
    """The components behind one score (each feature's contribution to the log-odds against the typical
    tie, reciprocity, traces, favours, closeness, history); the reasons in a person's words, in the order
    a view shows them (what the contact has been, then why this tier); and the model's details (the
    chance, the expert, what moved it most) for a details toggle and ``--json``."""

    components: dict[str, float]
    reasons: list[str]
    details: list[str] = field(default_factory=list)


def explain(ties: Ties, person_id: int) -> Explanation:
    """Why ``person_id`` has the tie it has (KeyError when not among ``ties``; nothing for hand-made ties)."""
    if person_id not in ties:
        raise KeyError(person_id)
    if ties.table is None:
        return Explanation({}, [])
    t = ties.table
    row = t.row(person_id)
    f = t.said.get(row, _NOTHING)
    details: list[str] = []
    if row < t.n:
        parts = {name: t.parts[name].item(row) for name in (*COMPONENTS, "traces")}
        reasons = _contact_reasons(t, row)
        details = _model_reasons(t, row)
    else:
        parts = dict.fromkeys((*COMPONENTS, "traces"), 0.0)
        reasons = ["no recorded interaction yet"]
    parts["favours"] = round(favour_level(f), 4) if f.favours_given or f.favours_received else 0.0
    if f.closeness is not None:
        parts["closeness"] = round(float(f.closeness), 4)
    parts["history"] = t.bond.item(row)
    if f.favours_given or f.favours_received:
        reasons.append(f"favours: {f.favours_given} given, {f.favours_received} received")
    if f.closeness is not None:
        reasons.append(f"you rate this tie {f.closeness:g} close; silence does not lower it below that")
    if f.tier_pin:
        reasons.append(f"pinned to {f.tier_pin} by you")
    elif row < t.n:
        reasons.insert(1, _tier_reason(t, row, f.closeness))
    return Explanation(parts, reasons, details)


def _contact_reasons(t: Table, i: int) -> list[str]:
    """The reasons of a tie with contacts, in a person's words: what the contact has been (how much, over
    how long, who reaches out, the silence against the usual rhythm), then cooling and the long run."""
    p, comp = t.params, t.comp
    last, first, count = comp.last.item(i), comp.first.item(i), int(comp.count.item(i))
    silence = (t.t_now - last) / DAY
    gap = t.gap.item(i)
    o, n = comp.initiated_out.item(i), comp.initiated_in.item(i)
    sides = _sides(t, i, o, n)
    rhythm = f" — usually every {_days(gap)}" if not math.isnan(gap) else ""
    days = int(t.days.item(i))
    on_days = f" on {days} days" if 0 < days < count else ""
    out = [
        f"{_contacts(count)}{on_days} over {_span((last - first) / DAY)}, {sides}, silent {_days(silence)}{rhythm}"
    ]
    out.extend(_reach_reason(t, i))
    # as experts.traces: one side wrote and was never answered (not a tie only ever copied), and the
    # chosen expert is one that scales such a tie
    one_way = (o > 0) != (n > 0) and count >= p.one_way_min_contacts
    if p.one_way_factor < 1.0 and t.choice.expert.one_way and one_way:
        out.append(f"strength scaled down: one-way over all {count} interactions")
    cooling = bool(t.cooling[i])
    rank, rank_before, rank_bond = (int(c[i]) for c in t.codes)
    unheld = int(t.unheld[i])
    if cooling and not math.isnan(gap):
        ratio = silence / max(gap, 1.0)
        if ratio > p.cooling_gap_factor:
            out.append(f"cooling: silent {ratio:.0f}× the usual gap of {_days(gap)}")
    if rank_bond < rank:
        out.append(
            f"over the years a {TIERS[rank_bond]} relationship (history {t.bond.item(i):.2f}, "
            f"half-life {p.bond_half_life_days:g} days)"
        )
    if cooling and rank_before >= 0 and unheld > rank_before:
        out.append(
            f"cooling: fell from {TIERS[rank_before]} to {TIERS[unheld]} in {p.trend_window_days:g} days"
        )
    return out


def _tier_reason(t: Table, i: int, closeness: float | None) -> str:
    """Why the tie sits in its tier, in the terms of docs/RULES.md: what it earned, or what it lacks."""
    rank, earned, unheld = int(t.codes[0][i]), int(t.earned[i]), int(t.unheld[i])
    tier = TIERS[rank]
    if unheld > rank:
        return f"{tier}: keeps its {tier} tier while it cools (by recent contact alone: {TIERS[unheld]})"
    if closeness is not None and closeness >= STATED_CLOSE and rank <= 1:
        return f"{tier}: you rate them {closeness:g} close"
    days = int(t.days.item(i))
    span = (t.comp.last.item(i) - t.comp.first.item(i)) / DAY
    if rank == 0:
        return f"inner: among your {TIER_CAPS[0][1]} strongest ties, in touch both ways on {days} days"
    if rank == 1:
        return f"close: among your {TIER_CAPS[1][1]} strongest ties, in touch both ways on {days} days"
    if earned >= 3 and rank == 3:
        return (
            "known, not active: they wrote to you, but you never wrote, called or met them"
            if t.comp.initiated_in.item(i) > 0
            else "known, not active: you were only copied on the same mail"
        )
    if earned == 2 and rank == 2:
        return (
            f"active: not close yet — that needs contact from both sides on at least {CLOSE_DAYS} days "
            f"over {CLOSE_SPAN_DAYS // 7} weeks (so far {days} day{'s' * (days != 1)} over {_span(span)})"
        )
    if rank == 2:
        return "active: in touch, but weaker than your closest ties"
    if rank == 3:
        return f"known: too little recent contact for your {TIER_CAPS[2][1]} active ties"
    return f"tail: beyond the {TIER_CAPS[3][1]} people you know best"


def _sides(t: Table, i: int, out: float, inn: float) -> str:
    """Who reaches out, in the summary's words: over the whole history (``out``, ``inn``: the contacts
    started by the user and by them), unless the one-sided window's counts say otherwise, then those
    with "lately" (so the summary and the one-sided line never disagree)."""
    ever = _who(out, inn)
    if i < t.reach[0].shape[0] and (t.reach[0][i] or t.reach[1][i]):
        now = _who(float(t.reach[0][i]), float(t.reach[1][i]))
        if now != ever:
            return now.replace("reach out", "reach out lately")
    if ever == "only they reach out" and out == 0:
        return "only they reach out, you never answered"
    return ever


def _who(by_you: float, by_them: float) -> str:
    if by_you > 0 and by_them > 0:
        return "both of you reach out"
    if by_you > 0:
        return "only you reach out"
    if by_them > 0:
        return "only they reach out"
    return "you were only copied together"


def _reach_reason(t: Table, i: int) -> list[str]:
    """Who reached out in core/onesided's window, with its counts; "one-sided" exactly when it says so."""
    if i >= t.reach[0].shape[0]:
        return []
    r = Reach(int(t.reach[0][i]), int(t.reach[1][i]))
    if r.one_sided:
        return [f"one-sided: only you reached out ({r.said()})"]
    if r.by_you and r.by_them:
        return [f"both sides reach out ({r.said()})"]
    if r.by_you:
        return [f"only you reached out, too few times to call it one-sided ({r.said()})"]
    if r.by_them:
        return [f"only they reached out ({r.said()})"]
    return [f"nobody reached out in the last {WINDOW_DAYS // 30} months"]


def _model_reasons(t: Table, i: int) -> list[str]:
    """How the number was made: the chance, the expert and why it was chosen, the inputs that moved it most."""
    c = t.choice
    h = round(c.backtest_days or BACKTEST_DAYS)  # whole days: "the next 18 days", not 17.6167
    out = [
        f"chance of contact in the next {h:g} days {t.parts['traces'].item(i):.0%} (a typical tie of yours "
        f"{t.typical:.0%})"
    ]
    if c.fit:
        others = ", ".join(f"{k} {v:.2f}" for k, v in c.fit.items() if k != c.expert.name)
        out.append(
            f"weighs {c.expert.says} ({c.expert.name}): of the models it predicted your last {h:g} days "
            f"best (AUC {c.fit[c.expert.name]:.2f}; {others})"
        )
    else:
        why = (
            f"too few of your ties were in touch, or out of touch, in your last {h:g} days to compare the "
            f"models (at least {MIN_EVIDENCE} of each)"
            if c.backtest_days
            else "too little history yet to compare the models"
        )
        out.append(f"weighs {c.expert.says} ({c.expert.name}): {why}")
    moved = sorted(((t.parts[name].item(i), name) for name in FEATURES), reverse=True)
    up, down = moved[0], moved[-1]
    if up[0] >= SHOWN:  # what would read +0.00 or -0.00 moved nothing worth a line
        out.append(f"raises it most against your typical tie: {up[1]} ({up[0]:+.2f})")
    if down[0] <= -SHOWN:
        out.append(f"lowers it most: {down[1]} ({down[0]:+.2f})")
    return out


SHOWN = 0.005  # the smallest contribution a reason names (it reads as ±0.01)


def _contacts(n: int) -> str:
    return f"{n} contact{'s' * (n != 1)}"


def _span(d: float) -> str:
    """A stretch of days as a person says it: days, weeks, months or years."""
    d = float(d)
    if d < 14:
        return _days(d)
    if d < 60:
        return f"{d / 7:.0f} weeks"
    if d < 730:
        return f"{d / 30.4:.0f} months"
    return f"{d / 365.25:.0f} years"


def _days(d: float) -> str:
    d = float(d)
    if d < 1:
        return "less than a day"
    if d < 2:
        return "1 day"
    return f"{d:.0f} days"
