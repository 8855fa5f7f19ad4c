"""Over-networking health: signs, each one number against two levels it shows, with a trend and a why;
the verdict and three actions that follow from their statuses (docs/RULES.md, "Health signs")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from innercircle.core.history import CHANNEL_CODE, I64, IN, MUTUAL, OUT, fresh, micros, moment, people_of
from innercircle.core.model import Channel
from innercircle.core.reciprocity import one_sided, one_sided_sign, reciprocity
from innercircle.core.signs import (
    FOLLOW_UP_DAYS,
    LOOKBACK_WEEKS,
    MIN_VOLUME,
    NEW_DAYS,
    RANK,
    SIGNS,
    TIME_SIGNS,
    Health,
    HealthInput,
    Sign,
    expected_status,
    person_ref,
    status_of,
    weekly,
    worse,
)
from innercircle.core.ties.tiers import REGULAR_TIERS, STRONG_TIERS
from innercircle.core.timeuse import WEEK, zone_label

__all__ = [
    "SIGNS",
    "Health",
    "HealthInput",
    "Sign",
    "assess",
    "contradictions",
    "expected_status",
    "one_sided",
    "over_budget",
    "status_of",
    "unanswered_new",
]


# ---------------------------------------------------------------- burnout, lost productivity


def _load(h: HealthInput, start: datetime, end: datetime) -> float:
    weeks = (end - start) / WEEK
    hours = h.ledger.hours(start, end) / max(h.budget.hours_per_week * weeks, 0.1)
    events = len(h.ledger.events(start, end)) / max(h.budget.events_per_week * weeks, 0.1)
    return max(hours, events)


def _longest_run(values: Sequence[float], over: float = 1.0) -> int:
    best = run = 0
    for v in values:
        run = run + 1 if v > over else 0
        best = max(best, run)
    return best


def recent_load(h: HealthInput) -> float:
    """The last 4 weeks' networking against the budget: the larger of hours and events, × budget."""
    return _load(h, h.now - 4 * WEEK, h.now)


def over_budget(h: HealthInput) -> bool:
    """The user spent more than the budget over the last 4 weeks (the rounded load above 1.0)."""
    return round(recent_load(h), 2) > 1.0


def burnout(h: HealthInput) -> Sign:
    """The last 4 weeks' load against the budget (hours or events, whichever is heavier).

    The status reads the recent weeks only; the heaviest 4 weeks of the quarter, the runs of weeks over
    budget and the evenings and weekends are named in the explanation, as context.
    """
    weekly = [_load(h, h.now - (k + 1) * WEEK, h.now - k * WEEK) for k in reversed(range(LOOKBACK_WEEKS))]
    windows = [h.now - (LOOKBACK_WEEKS - j) * WEEK for j in range(LOOKBACK_WEEKS - 3)]
    peak_start = max(windows, key=lambda s: (_load(h, s, s + 4 * WEEK), s))
    peak_end = peak_start + 4 * WEEK
    peak = _load(h, peak_start, peak_end)
    value = round(recent_load(h), 2)
    start = h.now - 4 * WEEK
    run = _longest_run(weekly)
    evs = h.ledger.events(start, h.now)
    off = sum(1 for t in evs if h.ledger.off_hours(t))
    hours = h.ledger.hours(start, h.now)
    off_h = sum(t.hours for t in h.ledger.window(start, h.now) if h.ledger.off_hours(t))
    why = (
        f"Last 4 weeks: {hours:.0f} h of networking ({hours / (4 * h.budget.hours_per_week):.1f}× your "
        f"{h.budget.hours_per_week:g} h/week) and {len(evs)} events "
        f"({len(evs) / (4 * h.budget.events_per_week):.1f}× your {h.budget.events_per_month:g} a month); "
        f"{off} of {len(evs)} events and {off_h:.0f} of {hours:.0f} h in the evening or at a weekend "
        f"({zone_label(h.ledger.zone)} time). Heaviest 4 weeks of the last 12 "
        f"({peak_start:%b %d}–{peak_end - timedelta(days=1):%b %d}): {peak:.1f}× the budget; longest run "
        f"over budget: {run} week(s)."
    )
    if value > 1.0:
        action = (
            f"Cut back: at most {h.budget.events_per_month:g} events a month and {h.budget.hours_per_week:g} h "
            f"a week ({value:.1f}× the budget over the last 4 weeks, {off} evening/weekend events)."
        )
    else:
        action = f"Hold your pace: the last 4 weeks were at {value:.1f}× your budget."
    trend = [round(_load(h, h.now - k * WEEK - 4 * WEEK, h.now - k * WEEK), 2) for k in reversed(range(8))]
    return Sign("burnout", value, 1.0, 1.5, trend, why, "× budget", action)


def lost_productivity(h: HealthInput) -> Sign:
    """Networking hours beyond the budget, per week: time taken from other work."""
    budget = h.budget.hours_per_week

    def excess(s: datetime, e: datetime) -> float:
        weeks = (e - s) / WEEK
        return max(0.0, h.ledger.hours(s, e) / weeks - budget)

    # weeks under budget do not pay back weeks over it: sum the weekly excess
    lost = sum(excess(h.now - (k + 1) * WEEK, h.now - k * WEEK) for k in range(LOOKBACK_WEEKS))
    value = lost / LOOKBACK_WEEKS
    alert = max(2.0, budget)
    why = (
        f"{lost:.0f} h beyond your budget of {budget:g} h/week over the last 12 weeks "
        f"({value:.1f} h/week on average), about {lost / 8:.1f} working days taken from other work."
    )
    if over_budget(h):
        action = f"Protect working time: block your calendar and keep networking to {budget:g} h/week."
    else:
        action = (
            f"Keep the last 4 weeks' pace (within your {budget:g} h/week): the weeks over it were earlier."
        )
    trend = weekly(h.now, excess)
    return Sign("lost_productivity", round(value, 2), 1.0, alert, trend, why, "h/week", action)


# ---------------------------------------------------------------- surface relationships


_NONE = np.zeros(0, np.int64)


def _two_way_count(h: HealthInput, pid: int, start: datetime, end: datetime) -> tuple[int, bool, bool]:
    rows = h.by_person.get(pid, _NONE)
    at = h.history.at[rows]
    kept = rows[(at >= micros(start)) & (at < micros(end))]
    d = h.parts(pid, kept)
    return int(d.size), bool(np.any((d == OUT) | (d == MUTUAL))), bool(np.any((d == IN) | (d == MUTUAL)))


def _deepened(h: HealthInput, pid: int, end: datetime) -> bool:
    n, out, inn = _two_way_count(h, pid, h.first_seen[pid], end)
    return n >= 3 and out and inn


def first_real_contact(h: HealthInput, pid: int) -> tuple[datetime, bool] | None:
    """When the user first heard from or met someone (a connection alone is not contact), and by whom."""
    rows = h.by_person.get(pid)
    met = h.met_at.get(pid)
    if rows is None and met is None:
        return None
    first = None if rows is None else moment(int(h.history.at[rows[0]]))
    if met is not None and (first is None or met <= first):
        return met, False
    assert rows is not None and first is not None
    return first, bool(h.parts(pid, rows[:1])[0] == OUT)


def new_contacts(h: HealthInput, start: datetime, end: datetime) -> list[int]:
    """People first seen in [start, end) who were contacts of the user by ``end`` (``HealthInput.contact_by``):
    someone who only wrote, unanswered, is nobody's new contact."""
    return [p for p, f in h.first_seen.items() if start <= f < end and p != h.me_id and h.contact_by(p, end)]


def unanswered_new(h: HealthInput) -> list[int]:
    """Contacts first met or heard from 2 to 8 weeks ago whom the user did not follow up within 14 days
    (someone who only wrote and was never answered is no contact, so not here)."""
    out = []
    for pid in set(h.by_person) | set(h.met_at):
        # first contacted before the interactions held: months ago, not new (whatever the events say)
        if pid == h.me_id or h.seen_before_window(pid) or (first := first_real_contact(h, pid)) is None:
            continue
        at, by_me = first
        if by_me or not (h.now - timedelta(days=NEW_DAYS) <= at <= h.now - timedelta(days=FOLLOW_UP_DAYS)):
            continue
        if not h.contact_by(pid, h.now):
            continue
        # the evening itself (an event record, both "there") is not a follow-up
        rows = h.by_person.get(pid, _NONE)
        t, d = h.history.at[rows], h.parts(pid, rows)
        by_user = (d == OUT) | ((d == MUTUAL) & (h.history.channel[rows] != CHANNEL_CODE[Channel.EVENT]))
        if not np.any((t > micros(at)) & (t <= micros(at + timedelta(days=FOLLOW_UP_DAYS))) & by_user):
            out.append(pid)
    return sorted(out, key=lambda p: (h.names.get(p, ""), p))


def surface_relationships(h: HealthInput) -> Sign:
    """New contacts of the last 8 weeks per contact among them that became two-way."""

    def ratio(s: datetime, e: datetime) -> float:
        new = new_contacts(h, s, e)
        return len(new) / max(1, sum(1 for p in new if _deepened(h, p, e)))

    start = h.now - timedelta(days=NEW_DAYS)
    new = new_contacts(h, start, h.now)
    deep = [p for p in new if _deepened(h, p, h.now)]
    value = len(new) / max(1, len(deep))
    strong = sum(1 for t in h.ties.values() if t.tier in STRONG_TIERS)
    total = max(1, len(h.ties))
    why = (
        f"{len(new)} new contacts in 8 weeks (people you wrote to, answered or met), {len(deep)} of them "
        f"became two-way relationships ({value:.1f} new per deepened); {strong} strong ties of "
        f"{len(h.ties)} ({strong / total:.0%})."
    )
    action = "See the people you met again before adding new ones."
    return Sign(
        "surface_relationships", round(value, 2), 4.0, 8.0, weekly(h.now, ratio), why, "new per deepened",
        action,
    )  # fmt: skip


def unfollowed_new(h: HealthInput) -> Sign:
    """New contacts (met or heard from 2 to 8 weeks ago) the user did not follow up within 14 days."""
    left = unanswered_new(h)
    names = ", ".join(h.names.get(p, f"#{p}") for p in left[:3])
    why = f"{len(left)} new contacts of the last 8 weeks not followed up within {FOLLOW_UP_DAYS} days" + (
        f" ({names}{', …' if len(left) > 3 else ''})." if left else "."
    )
    action = (
        f"Follow up the {len(left)} new contacts you left unanswered before meeting anyone new."
        if left
        else "Follow up within 14 days of meeting someone new."
    )
    people = [person_ref(h, p, "new contact, no follow-up within 14 days") for p in left]
    # no trend: the interactions held reach back 8 weeks, the span of one count
    return Sign("unfollowed_new", float(len(left)), 3.0, 6.0, [], why, "people", action, people)


# ---------------------------------------------------------------- focus, neglect


def lack_of_focus(h: HealthInput) -> Sign:
    """Share of networking time spent with people (or at events) unrelated to any goal."""

    def unfocused(s: datetime, e: datetime) -> float:
        entries = h.ledger.window(s, e)
        total = sum(t.hours for t in entries)
        if total <= 0:
            return 0.0
        rel = sum(t.hours for t in entries if set(t.people) & h.relevant or (t.event_id in h.relevant_events))
        return 1.0 - rel / total

    value = unfocused(h.now - 4 * WEEK, h.now)
    hours = h.ledger.hours(h.now - 4 * WEEK, h.now)
    thin = not h.has_goals or hours <= 0
    if not h.has_goals:
        why = "Too little to judge: you have no active goals, so no networking time can be on target."
        action = "Write down one or two goals ('goal add') so innercircle can tell what matters."
    elif hours <= 0:
        why = "Too little to judge: no networking time in the last 4 weeks."
        action = "Spend the next hours with people who fit your goals (see focus)."
    else:
        why = (
            f"{value:.0%} of {hours:.0f} h of networking in the last 4 weeks was with people "
            f"or at events unrelated to your goals."
        )
        action = "Spend the next hours with people who fit your goals (see focus)."
    return Sign(
        "lack_of_focus", round(value, 3), 0.7, 0.85, weekly(h.now, unfocused), why, "share", action,
        insufficient=thin,
    )  # fmt: skip


def cooling_strong(h: HealthInput) -> list[int]:
    """Ties of the regular circle (inner, close, active) going quiet, strongest first. A cooling tie keeps
    its tier while it cools (core/ties/score), so the tier alone says who belongs to the circle, as the
    follow-ups read it."""
    regular = [t for t in h.ties.values() if t.tier in REGULAR_TIERS]
    hits = [t for t in regular if t.cooling or t.trend == "silent"]
    hits.sort(key=lambda t: -max(t.strength, t.bond))  # bond: how strong it has been over the years
    return [t.person_id for t in hits]


def _contact_pairs(h: HealthInput, s: datetime, e: datetime) -> tuple[I64, I64]:
    """(row, person) of the interactions in [s, e) with people who were contacts of the user by ``e``."""
    rows, people = people_of(h.history, h.history.rows(s, e), h.me_id)
    if not people.size:
        return rows, people
    ids, inverse = np.unique(people, return_inverse=True)
    keep = np.array([h.contact_by(int(p), e) for p in ids.tolist()], dtype=np.bool_)[inverse]
    return rows[keep], people[keep]


def neglected_contacts(h: HealthInput) -> Sign:
    """Share of the last 4 weeks' interactions with contacts that went to new people (met in 8 weeks)."""

    def new_share(s: datetime, e: datetime) -> float:
        rows, people = _contact_pairs(h, s, e)
        new = int(np.count_nonzero(fresh(h.history, rows, people, h.first_seen, NEW_DAYS)))
        return new / rows.size if rows.size else 0.0

    value = new_share(h.now - 4 * WEEK, h.now)
    rows, _people = _contact_pairs(h, h.now - 4 * WEEK, h.now)
    volume = int(np.unique(rows).size)
    thin = volume < MIN_VOLUME
    why = (
        f"Too little to judge: {volume} interactions with your contacts in the last 4 weeks "
        f"(at least {MIN_VOLUME})."
        if thin
        else f"{value:.0%} of your interactions in the last 4 weeks were with people you met in the last "
        f"8 weeks."
    )
    action = "Spend more of your contacts on people you already know well."
    return Sign(
        "neglected_contacts", round(value, 3), 0.5, 0.75, weekly(h.now, new_share), why, "share", action,
        insufficient=thin,
    )  # fmt: skip


def cooling_ties(h: HealthInput) -> Sign:
    """How many ties of the regular circle (inner, close, active) are going quiet."""
    cooling = cooling_strong(h)
    names = ", ".join(h.names.get(p, f"#{p}") for p in cooling[:3])
    why = f"{len(cooling)} ties of your regular circle are cooling" + (f" ({names})." if cooling else ".")
    action = (
        f"Reconnect with {names}: ties of your regular circle going quiet."
        if cooling
        else "Keep in touch with the people you see regularly."
    )
    people = [person_ref(h, p, f"{h.ties[p].tier} tie, {h.ties[p].trend}") for p in cooling]
    # no trend: the tie model is scored at ``now`` only
    return Sign("cooling_ties", float(len(cooling)), 1.0, 3.0, [], why, "ties", action, people)


# ---------------------------------------------------------------- all together

_ORDER = (
    burnout,
    cooling_ties,
    neglected_contacts,
    unfollowed_new,
    surface_relationships,
    one_sided_sign,
    reciprocity,
    lack_of_focus,
    lost_productivity,
)  # the order actions are taken in, within a status


def sign_label(name: str) -> str:
    """A sign's name as people read it ("cooling ties"; the key ``cooling_ties`` stays in the data)."""
    return name.replace("_", " ")


def verdict(signs: Sequence[Sign], under_budget: bool) -> str:
    """The verdict the signs' statuses say (docs/RULES.md, "Health signs"): over-networking only when a
    sign of time against the budget is alert and the last 4 weeks were over budget."""
    bad = [s for s in signs if s.status != "ok"]
    listed = ", ".join(
        f"{sign_label(s.name)} ({s.status})" for s in sorted(bad, key=lambda s: -RANK[s.status])
    )
    time_alert = any(s.name in TIME_SIGNS and s.status == "alert" for s in signs)
    if time_alert and not under_budget:
        return f"Over-networking: {listed}. Slow down and deepen what you have."
    if bad:
        return f"Watch out: {listed}."
    unjudged = [sign_label(s.name) for s in signs if s.insufficient]
    rest = f" (too little to judge: {', '.join(unjudged)})" if unjudged else ""
    return f"Healthy: no sign is at its threshold{rest}."


def assess(h: HealthInput) -> Health:
    """Every sign in the fixed order, an overall verdict and the three most useful actions."""
    computed = [fn(h) for fn in _ORDER]
    signs = {s.name: s for s in computed}
    ordered = [signs[n] for n in SIGNS]
    overall = "ok"
    for s in ordered:
        overall = worse(overall, s.status)
    ranked = sorted((s for s in computed if s.status != "ok"), key=lambda s: -RANK[s.status])
    actions = [s.action for s in ranked][:3]
    under = not over_budget(h)
    for fallback in (
        "Keep your weekly review: 15 minutes to pick the few people that matter.",
        "Follow up within 14 days of meeting someone new.",
        "Give before you ask: share one useful introduction this week.",
    ):
        if len(actions) >= 3:
            break
        if fallback not in actions:
            actions.append(fallback)
    return Health(ordered, verdict(ordered, under), overall, actions)


def contradictions(health: Health, recent_load: float) -> list[str]:
    """Every way ``health`` contradicts its own numbers or the budget (empty: none), per docs/RULES.md:
    a status that is not what its value and levels say, an over-networking verdict or a "slow down" /
    "cut back" action for a user whose last 4 weeks were at or under budget (``recent_load`` ≤ 1.0), or
    an over-networking verdict without an alert sign of time against the budget."""
    out = []
    for s in health.signs:
        if s.status != expected_status(s):
            out.append(
                f"{s.name}: status {s.status}, but {s.value:g} against {s.threshold:g}/{s.alert_at:g} "
                f"({s.worse} is worse) says {expected_status(s)}"
            )
    said = " ".join([health.verdict, *health.actions]).lower()
    if round(recent_load, 2) <= 1.0:
        for words in ("over-networking", "slow down", "cut back"):
            if words in said:
                out.append(f"says {words!r} to a user at {recent_load:.2f}× the budget")
    time_alert = any(s.name in TIME_SIGNS and s.status == "alert" for s in health.signs)
    if "over-networking" in health.verdict.lower() and not time_alert:
        out.append("over-networking verdict without an alert sign of time against the budget")
    worst = max((RANK[s.status] for s in health.signs), default=0)
    if RANK[health.status] != worst:
        out.append(f"overall status {health.status}, but the worst sign is {worst}")
    return out
