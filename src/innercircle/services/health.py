"""Over-networking health and outcomes, as plain data for the CLI, the review and the web."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from innercircle.core.events import returns_of
from innercircle.core.health import HealthInput, assess
from innercircle.core.outcomes import engagement, goal_progress, per_channel, per_hour, per_relationship
from innercircle.services.strategy import Context, load_context, plain
from innercircle.store import journal


def health_of(ctx: Context) -> dict[str, Any]:
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
    data: dict[str, Any] = plain(h)
    data["budget"] = plain(ctx.budget)
    data["hours_per_week"] = ctx.ledger.weekly_hours(ctx.now)
    return data


def health(conn: Connection, now: datetime) -> dict[str, Any]:
    """Health as of ``now``."""
    return health_of(load_context(conn, now))


def outcomes_of(ctx: Context, conn: Connection) -> dict[str, Any]:
    """Progress per goal; return per event, channel, relationship and hour; online engagement."""
    returns = returns_of(ctx.events, ctx.met, ctx.outcomes, ctx.out_contacts(), ctx.now)
    goals = goal_progress(ctx.goals, ctx.outcomes, ctx.now, ctx.zone)
    progress = []
    for g in goals:
        row = plain(g)
        row["people"] = [ctx.names.get(p, f"#{p}") for p in g.people]
        progress.append(row)
    events = sorted(returns.values(), key=lambda r: r.start, reverse=True)
    eng = engagement(journal.list_activities(conn, before=ctx.now), ctx.goals, ctx.now)
    return {
        "total": len(ctx.outcomes),
        "goals": progress,
        "events": [plain(r) for r in events[:20]],
        "channels": [plain(r) for r in per_channel(ctx.outcomes, ctx.history, ctx.ledger, ctx.me_id)],
        "relationships": [
            plain(r) for r in per_relationship(ctx.outcomes, ctx.history, ctx.ledger, ctx.me_id, ctx.names)
        ][:15],
        "per_hour": per_hour(ctx.outcomes, ctx.ledger, ctx.now),
        "engagement": plain(eng),
    }


def outcomes(conn: Connection, now: datetime) -> dict[str, Any]:
    """Outcomes and return as of ``now``."""
    return outcomes_of(load_context(conn, now), conn)
