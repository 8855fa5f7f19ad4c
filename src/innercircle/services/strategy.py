"""The strategic context every view reads (core.context), loaded from the database; budget, focus, prune."""

from __future__ import annotations

from datetime import datetime

from innercircle.core.context import Context, fits_for
from innercircle.core.errors import UserInputError
from innercircle.core.focus import DEFAULT_LIMIT, focus, prune_candidates
from innercircle.core.history import contacted as history_contacted
from innercircle.core.history import first_seen
from innercircle.core.onesided import contacts_from, reach_at
from innercircle.core.replies import unanswered
from innercircle.core.signs import LOOKBACK
from innercircle.core.ties.score import Ties
from innercircle.core.timeuse import LEDGER_LOOKBACK, Budget, ledger_of
from innercircle.results import advice
from innercircle.services.runtime.localzone import get_zone, zone_name
from innercircle.services.runtime.workspace import Tx
from innercircle.services.ties import compute_ties
from innercircle.store import details as details_store
from innercircle.store import events as events_store
from innercircle.store import favors as favors_store
from innercircle.store import goals as goals_store
from innercircle.store import journal, settings
from innercircle.store import outcomes as outcomes_store
from innercircle.store import people as people_store

# the same key and shape the demo writes: {"hours_per_week": float, "events_per_month": number}
BUDGET_KEY = "budget"


def get_budget(tx: Tx) -> Budget:
    """The user's networking budget (defaults: 5 h/week, 4 events/month)."""
    d = Budget()
    stored = settings.get_setting(tx.conn, BUDGET_KEY) or {}
    if not isinstance(stored, dict):
        return d
    return Budget(
        float(stored.get("hours_per_week", d.hours_per_week)),
        float(stored.get("events_per_month", d.events_per_month)),
    )


def set_budget(tx: Tx, hours_per_week: float | None, events_per_month: float | None) -> Budget:
    """Change the budget; returns the new one."""
    if hours_per_week is None and events_per_month is None:
        raise UserInputError("give --hours-per-week, --events-per-month and/or --timezone")
    for v, what in ((hours_per_week, "--hours-per-week"), (events_per_month, "--events-per-month")):
        if v is not None and not 0 <= v <= 168:
            raise UserInputError(f"{what} must be between 0 and 168, not {v:g}")
    old = get_budget(tx)
    new = Budget(
        old.hours_per_week if hours_per_week is None else hours_per_week,
        old.events_per_month if events_per_month is None else events_per_month,
    )
    settings.set_setting(
        tx.conn, BUDGET_KEY, {"hours_per_week": new.hours_per_week, "events_per_month": new.events_per_month}
    )
    return new


def budget_setting(tx: Tx) -> advice.BudgetSetting:
    """The budget and the owner's time zone, as ``budget show`` prints them."""
    b = get_budget(tx)
    return advice.BudgetSetting(
        hours_per_week=b.hours_per_week, events_per_month=b.events_per_month, timezone=zone_name(tx)
    )


def ties_as_of(tx: Tx, now: datetime) -> Ties:
    """Tie strength for everyone, from the tie-strength analysis."""
    return compute_ties(tx, now)


def goal_fit_scores(tx: Tx, goal_id: int) -> dict[int, float]:
    """Who fits goal ``goal_id`` (position, organization, tags, details, notes) and how well (0–1];
    empty when there is no such goal."""
    goal = next((g for g in goals_store.list_goals(tx.conn) if g.id == goal_id), None)
    if goal is None:
        return {}
    fits = fits_for(people_store.list_people(tx.conn), details_store.all_details(tx.conn), [goal])
    return {pid: f.score for pid, f in fits.items() if f.score > 0}


def load_context(tx: Tx, now: datetime) -> Context:
    """Read the database once for the strategic views."""
    people = people_store.list_people(tx.conn, include_archived=True)
    owner = people_store.get_owner(tx.conn)
    # goals are the user's intent today: an as-of analysis still judges by them
    goals = goals_store.list_goals(tx.conn, include_done=False)
    snap = tx.whole()  # the contacts and the whole history, as arrays
    assert snap.history is not None  # whole: read when missing
    history = snap.history.before(now)
    events = events_store.list_events(tx.conn)
    me_id = None if owner is None else owner.id
    orgs = {p.id: p.org for p in people if p.id is not None}
    budget = get_budget(tx)
    zone = get_zone(tx)
    return Context(
        now=now,
        people=people,
        me=owner,
        goals=goals,
        ties=ties_as_of(tx, now),
        fits=fits_for([p for p in people if not p.archived], details_store.all_details(tx.conn), goals),
        events=events,
        outcomes=[o for o in outcomes_store.list_outcomes(tx.conn) if o.at < now],
        favors=[f for f in favors_store.all_favors(tx.conn) if f.at < now],
        budget=budget,
        ledger=ledger_of(
            events, history, me_id, orgs, owner.org if owner else None, now, zone, now - LEDGER_LOOKBACK
        ),
        first_seen=first_seen(history, me_id, {p.id: p.connected_at for p in people if p.id is not None}),
        met=journal.met_at_events(tx.conn),
        names={p.id: p.name for p in people if p.id is not None},
        orgs=orgs,
        zone=zone,
        history=history,
        since=now - LOOKBACK,
        # a reply is owed while it is due, as the follow-ups say it (one rule for both views)
        waiting={k: u for k, u in unanswered(snap.contacts, now).items() if u.due(now)},
    )


def focus_list(ctx: Context, limit: int = DEFAULT_LIMIT) -> list[advice.FocusItem]:
    """The people worth investing in now."""
    if limit < 1:
        raise UserInputError("--limit must be at least 1")
    reach = reach_at(contacts_from(ctx.history, [ctx.me_id]), ctx.now)
    items = focus(ctx.people, ctx.ties, ctx.fits, bool(ctx.goals), limit, reach, ctx.waiting)
    return [advice.FocusItem.model_validate(i, from_attributes=True) for i in items]


def prune(tx: Tx, now: datetime, apply: bool = False) -> list[advice.PruneItem]:
    """Contacts with no contact and no goal fit; archived (never deleted) when ``apply``."""
    ctx = load_context(tx, now)
    contacted = history_contacted(ctx.history)
    contacted |= {pid for e in ctx.events for pid in e.attendees}
    contacted |= {pid for o in ctx.outcomes for pid in o.people} | {f.person_id for f in ctx.favors}
    items = prune_candidates(ctx.people, ctx.ties, ctx.fits, contacted, now)
    if apply:
        for item in items:
            people_store.update_person(tx.conn, item.person_id, archived=True)
    return [advice.PruneItem.model_validate(i, from_attributes=True) for i in items]
