"""Over-networking health: six signs, each a number against a threshold, with an 8-week trend and a why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from innercircle.core.history import CHANNEL_CODE, IN, MUTUAL, OUT, fresh, micros, moment, people_of
from innercircle.core.model import Channel
from innercircle.core.reciprocity import one_sided, reciprocity
from innercircle.core.signs import (
    FOLLOW_UP_DAYS,
    LOOKBACK_WEEKS,
    MIN_VOLUME,
    NEW_DAYS,
    RANK,
    REGULAR_TIERS,
    SIGNS,
    STRONG_TIERS,
    Health,
    HealthInput,
    Sign,
    person_ref,
    status_of,
    weekly,
    worse,
)
from innercircle.core.timeuse import WEEK, zone_label

__all__ = ["SIGNS", "Health", "HealthInput", "Sign", "assess", "one_sided", "status_of", "unanswered_new"]


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


def burnout(h: HealthInput) -> Sign:
    """The heaviest 4 weeks of the last 12 against the budget, runs of weeks over it, nights and weekends.

    Burnout lags: a month far over budget still weighs weeks after it ended, so the sign looks back
    a quarter (12 weeks) and names the heaviest stretch; the current 4 weeks are in the explanation.
    """
    weekly = [_load(h, h.now - (k + 1) * WEEK, h.now - k * WEEK) for k in reversed(range(LOOKBACK_WEEKS))]
    windows = [h.now - (LOOKBACK_WEEKS - j) * WEEK for j in range(LOOKBACK_WEEKS - 3)]
    peak_start = max(windows, key=lambda s: (_load(h, s, s + 4 * WEEK), s))
    peak_end = peak_start + 4 * WEEK
    value = _load(h, peak_start, peak_end)
    current = _load(h, h.now - 4 * WEEK, h.now)
    run = _longest_run(weekly)
    evs = h.ledger.events(peak_start, peak_end)
    off = sum(1 for t in evs if h.ledger.off_hours(t))
    off_h = sum(t.hours for t in h.ledger.window(peak_start, peak_end) if h.ledger.off_hours(t))
    status = status_of(value, 1.0, 1.5)
    if run >= 3:
        status = "alert"
    elif run >= 2 or (len(evs) >= 4 and off / len(evs) > 0.6 and value > 0.8):
        status = worse(status, "warning")
    hours = h.ledger.hours(peak_start, peak_end)
    why = (
        f"Heaviest 4 weeks of the last 12 ({peak_start:%b %d}–{peak_end - timedelta(days=1):%b %d}): "
        f"{hours:.0f} h of networking ({hours / (4 * h.budget.hours_per_week):.1f}× your "
        f"{h.budget.hours_per_week:g} h/week) and {len(evs)} events "
        f"({len(evs) / (4 * h.budget.events_per_week):.1f}× your {h.budget.events_per_month:g} a month); "
        f"longest run over budget: {run} week(s); "
        f"{off} of {len(evs)} events and {off_h:.0f} of {hours:.0f} h in the evening or at a weekend "
        f"({zone_label(h.ledger.zone)} time). Last 4 weeks: {current:.1f}× the budget."
    )
    action = (
        f"Cut back: at most {h.budget.events_per_month:g} events a month and {h.budget.hours_per_week:g} h "
        f"a week ({run} weeks in a row over budget, {off} evening/weekend events)."
    )
    return Sign("burnout", round(value, 2), 1.0, 1.5, status, weekly[-8:], why, "× budget", action)


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
    action = f"Protect working time: block your calendar and keep networking to {budget:g} h/week."
    trend = weekly(h.now, excess)
    return Sign(
        "lost_productivity",
        round(value, 2),
        1.0,
        alert,
        status_of(value, 1.0, alert),
        trend,
        why,
        "h/week",
        action,
    )


# ---------------------------------------------------------------- surface relationships


_NONE = np.zeros(0, np.int64)


def _two_way_count(h: HealthInput, pid: int, start: datetime, end: datetime) -> tuple[int, bool, bool]:
    rows = h.by_person.get(pid, _NONE)
    at = h.history.at[rows]
    d = h.history.direction[rows[(at >= micros(start)) & (at < micros(end))]]
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
    return first, bool(h.history.direction[rows[0]] == OUT)


def unanswered_new(h: HealthInput) -> list[int]:
    """People first met or heard from 2 to 8 weeks ago whom the user did not follow up within 14 days."""
    out = []
    for pid in set(h.by_person) | set(h.met_at):
        # first contacted before the interactions held: months ago, not new (whatever the events say)
        if pid == h.me_id or h.seen_before_window(pid) or (first := first_real_contact(h, pid)) is None:
            continue
        at, by_me = first
        if by_me or not (h.now - timedelta(days=NEW_DAYS) <= at <= h.now - timedelta(days=FOLLOW_UP_DAYS)):
            continue
        # the evening itself (an event record, both "there") is not a follow-up
        rows = h.by_person.get(pid, _NONE)
        t, d = h.history.at[rows], h.history.direction[rows]
        by_user = (d == OUT) | ((d == MUTUAL) & (h.history.channel[rows] != CHANNEL_CODE[Channel.EVENT]))
        if not np.any((t > micros(at)) & (t <= micros(at + timedelta(days=FOLLOW_UP_DAYS))) & by_user):
            out.append(pid)
    return sorted(out, key=lambda p: (h.names.get(p, ""), p))


def surface_relationships(h: HealthInput) -> Sign:
    """New contacts against contacts that deepened; strong ties against all; new contacts left unanswered."""

    def ratio(s: datetime, e: datetime) -> float:
        new = [p for p, f in h.first_seen.items() if s <= f < e]
        return len(new) / max(1, sum(1 for p in new if _deepened(h, p, e)))

    start = h.now - timedelta(days=NEW_DAYS)
    new = [p for p, f in h.first_seen.items() if start <= f < h.now]
    deep = [p for p in new if _deepened(h, p, h.now)]
    value = len(new) / max(1, len(deep))
    strong = sum(1 for t in h.ties.values() if t.tier in STRONG_TIERS)
    total = max(1, len(h.ties))
    left = unanswered_new(h)
    status = status_of(value, 4.0, 8.0)
    if len(left) >= 3:
        status = worse(status, "warning")
    why = (
        f"{len(new)} new contacts in 8 weeks, {len(deep)} of them became two-way relationships "
        f"({value:.1f} new per deepened); {strong} strong ties of {len(h.ties)} ({strong / total:.0%}); "
        f"{len(left)} new contacts not followed up within {FOLLOW_UP_DAYS} days."
    )
    action = (
        f"Follow up the {len(left)} new contacts you left unanswered before meeting anyone new."
        if left
        else "Meet fewer new people; see the ones you met again."
    )
    people = [person_ref(h, p, "new contact, no follow-up within 14 days") for p in left]
    return Sign(
        "surface_relationships",
        round(value, 2),
        4.0,
        8.0,
        status,
        weekly(h.now, ratio),
        why,
        "new per deepened",
        action,
        people,
    )


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
    if not h.has_goals:
        why = "You have no active goals, so no networking time can be on target."
        action = "Write down one or two goals ('goal add') so innercircle can tell what matters."
        status = "warning"
    else:
        why = (
            f"{value:.0%} of {hours:.0f} h of networking in the last 4 weeks was with people "
            f"or at events unrelated to your goals."
        )
        action = "Spend the next hours with people who fit your goals (see focus)."
        status = status_of(value, 0.7, 0.85)
    return Sign(
        "lack_of_focus", round(value, 3), 0.7, 0.85, status, weekly(h.now, unfocused), why, "share", action
    )


def cooling_strong(h: HealthInput) -> list[int]:
    """Ties of the regular circle (inner, close, active) going quiet, strongest first."""
    regular = [t for t in h.ties.values() if t.tier in REGULAR_TIERS or t.bond_tier in REGULAR_TIERS]
    hits = [t for t in regular if t.cooling or t.trend == "silent"]
    hits.sort(key=lambda t: -max(t.strength, t.bond))  # bond: how strong it has been over the years
    return [t.person_id for t in hits]


def neglected_contacts(h: HealthInput) -> Sign:
    """Share of interactions with new people against established ones; strong ties cooling."""

    def new_share(s: datetime, e: datetime) -> float:
        rows, people = people_of(h.history, h.history.rows(s, e), h.me_id)
        new = int(np.count_nonzero(fresh(h.history, rows, people, h.first_seen, NEW_DAYS)))
        return new / rows.size if rows.size else 0.0

    value = new_share(h.now - 4 * WEEK, h.now)
    cooling = cooling_strong(h)
    last4 = h.history.rows(h.now - 4 * WEEK, h.now)
    volume = last4.stop - last4.start
    status = status_of(value, 0.5, 0.75) if volume >= MIN_VOLUME else "ok"
    if len(cooling) >= 3:
        status = "alert"
    elif cooling:
        status = worse(status, "warning")
    names = ", ".join(h.names.get(p, f"#{p}") for p in cooling[:3])
    why = (
        f"{value:.0%} of your interactions in the last 4 weeks were with people you met in the last "
        f"8 weeks; {len(cooling)} ties of your regular circle are cooling"
        + (f" ({names})." if cooling else ".")
    )
    action = (
        f"Reconnect with {names}: strong ties going quiet."
        if cooling
        else "Spend more of your contacts on people you already know well."
    )
    people = [person_ref(h, p, f"{h.ties[p].tier} tie, {h.ties[p].trend}") for p in cooling]
    return Sign(
        "neglected_contacts",
        round(value, 3),
        0.5,
        0.75,
        status,
        weekly(h.now, new_share),
        why,
        "share",
        action,
        people,
    )


# ---------------------------------------------------------------- all together

_ORDER = (burnout, neglected_contacts, surface_relationships, reciprocity, lack_of_focus, lost_productivity)


def assess(h: HealthInput) -> Health:
    """Every sign in the fixed order, an overall verdict and the three most useful actions."""
    signs = {s.name: s for s in (fn(h) for fn in _ORDER)}
    ordered = [signs[n] for n in SIGNS]
    overall = "ok"
    for s in ordered:
        overall = worse(overall, s.status)
    ranked = sorted(
        (s for s in (signs[fn.__name__] for fn in _ORDER) if s.status != "ok"),
        key=lambda s: -RANK[s.status],
    )
    actions = [s.action for s in ranked][:3]
    bad = [f"{s.name} ({s.status})" for s in ranked]
    if overall == "alert":
        verdict = "Over-networking: " + ", ".join(bad) + ". Slow down and deepen what you have."
    elif overall == "warning":
        verdict = "Watch out: " + ", ".join(bad) + "."
    else:
        verdict = "Healthy: your networking is within budget, focused and reciprocal."
    for fallback in (
        "Keep your weekly review: 15 minutes to pick the few people that matter.",
        "Follow up within 14 days of meeting someone new.",
        "Give before you ask: share one useful introduction this week.",
    ):
        if len(actions) >= 3:
            break
        actions.append(fallback)
    return Health(ordered, verdict, overall, actions)
