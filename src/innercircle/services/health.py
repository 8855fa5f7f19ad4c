"""Over-networking health and outcomes, as typed results for the CLI, the review and the web."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from innercircle.core.context import Context
from innercircle.core.events import returns_of
from innercircle.core.health import HealthInput, assess
from innercircle.core.outcomes import engagement, goal_progress, per_channel, per_hour, per_relationship
from innercircle.results.advice import Budget
from innercircle.results.health import (
    Engagement,
    EventReturn,
    GoalProgress,
    Health,
    Outcomes,
    PerHour,
    Return,
    Sign,
)
from innercircle.services.runtime.workspace import Tx
from innercircle.services.strategy import load_context
from innercircle.store import journal


def health_of(ctx: Context) -> Health:
    """The health signs, the verdict and the three actions, from a loaded context."""
    h = assess(
        HealthInput(
            now=ctx.now,
            budget=ctx.budget,
            ledger=ctx.ledger,
            history=ctx.history,
            first_seen=ctx.first_seen,
            ties=ctx.ties,
            relevant=ctx.relevant(),
            relevant_events=ctx.relevant_events(),
            favors=ctx.favors,
            me_id=ctx.me_id,
            names=ctx.names,
            has_goals=bool(ctx.goals),
            met_at=ctx.met_at(),
            since=ctx.since,
            connected={p.id: p.connected_at for p in ctx.people if p.id is not None and p.connected_at},
        )
    )
    return Health(
        signs=[Sign.model_validate(s, from_attributes=True) for s in h.signs],
        verdict=h.verdict,
        status=h.status,
        actions=h.actions,
        budget=Budget.model_validate(ctx.budget, from_attributes=True),
        hours_per_week=ctx.ledger.weekly_hours(ctx.now),
    )


def health(tx: Tx, now: datetime) -> Health:
    """Health as of ``now``."""
    return health_of(load_context(tx, now))


def outcomes_of(ctx: Context, tx: Tx) -> Outcomes:
    """Progress per goal; return per event, channel, relationship and hour; online engagement."""
    returns = returns_of(ctx.events, ctx.met, ctx.outcomes, ctx.out_contacts(), ctx.now)
    goals = goal_progress(ctx.goals, ctx.outcomes, ctx.now, ctx.zone)
    # the people a goal's outcomes came through, by name
    progress = [
        GoalProgress.model_validate(asdict(g) | {"people": [ctx.names.get(p, f"#{p}") for p in g.people]})
        for g in goals
    ]
    events = sorted(returns.values(), key=lambda r: r.start, reverse=True)
    eng = engagement(journal.list_activities(tx.conn, before=ctx.now), ctx.goals, ctx.now)
    relationships = per_relationship(ctx.outcomes, ctx.history, ctx.ledger, ctx.me_id, ctx.names)
    return Outcomes(
        total=len(ctx.outcomes),
        goals=progress,
        events=[EventReturn.model_validate(r, from_attributes=True) for r in events[:20]],
        channels=[
            Return.model_validate(r, from_attributes=True)
            for r in per_channel(ctx.outcomes, ctx.history, ctx.ledger, ctx.me_id)
        ],
        relationships=[Return.model_validate(r, from_attributes=True) for r in relationships[:15]],
        per_hour=PerHour.model_validate(per_hour(ctx.outcomes, ctx.ledger, ctx.now)),
        engagement=Engagement.model_validate(eng, from_attributes=True),
    )
