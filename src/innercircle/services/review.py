"""The weekly review: focus, follow-ups, event triage, health, outcomes, warm intros, reflection."""

from __future__ import annotations

from datetime import datetime

from innercircle.core.context import Context
from innercircle.core.errors import UserInputError
from innercircle.core.review import iso_week, new_vs_nurtured, reflection_questions, tiers_chart, week_labels
from innercircle.results.advice import Budget, Followup
from innercircle.results.health import Health, Outcomes
from innercircle.results.intros import GoalIntro
from innercircle.results.review import (
    Answer,
    Charts,
    GoalOutcomes,
    HoursChart,
    InteractionsChart,
    Reflection,
    Review,
    ReviewGoal,
    TierCount,
)
from innercircle.services.eventplan import triage_context
from innercircle.services.followups import followups_at
from innercircle.services.health import health_of, outcomes_of
from innercircle.services.intros import goal_intros
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.services.strategy import focus_list, load_context
from innercircle.store import journal

FOCUS_LIMIT = 15


def _followups(tx: Tx, ctx: Context) -> list[Followup]:
    """Due and overdue follow-ups, each with a draft (from the tie-strength analysis)."""
    return followups_at(tx, ctx.now, ctx.ties)


def _intros(tx: Tx, ctx: Context) -> list[GoalIntro]:
    """Warm paths to the organizations named in active goals (the ``intro --org`` path-finding)."""
    return goal_intros(tx, ctx.goals, ctx.ties, ctx.now)


def _charts(ctx: Context, health: Health, outcomes: Outcomes) -> Charts:
    return Charts(
        weeks=week_labels(ctx.now, zone=ctx.zone),
        tiers=[TierCount.model_validate(t) for t in tiers_chart(ctx.ties)],
        hours=HoursChart(hours=health.hours_per_week, budget=ctx.budget.hours_per_week),
        interactions=InteractionsChart.model_validate(
            new_vs_nurtured(ctx.history, ctx.first_seen, ctx.me_id, ctx.now)
        ),
        outcomes_per_goal=[GoalOutcomes(goal=g.goal, outcomes=g.outcomes) for g in outcomes.goals],
    )


def build_review(tx: Tx, now: datetime, focus_limit: int = FOCUS_LIMIT) -> Review:
    """Everything of the week (the terminal, HTML and web render it)."""
    ctx = load_context(tx, now)
    health = health_of(ctx)
    outcomes = outcomes_of(ctx, tx)
    week = iso_week(now, ctx.zone)
    questions = reflection_questions([{"name": s.name, "status": s.status} for s in health.signs])
    return Review(
        as_of=now,
        timezone=str(ctx.zone),  # the owner's clock, which every view shows the review's times on
        week=week,
        owner=ctx.me.name if ctx.me else None,
        goals=[ReviewGoal(id=g.id, text=g.text, due=g.due) for g in ctx.goals if g.id is not None],
        budget=Budget.model_validate(ctx.budget, from_attributes=True),
        focus=focus_list(ctx, focus_limit),
        followups=_followups(tx, ctx),
        events=triage_context(ctx),
        health=health,
        outcomes=outcomes,
        intros=_intros(tx, ctx),
        reflection=Reflection(
            questions=questions,
            answers=[Answer.model_validate(a) for a in journal.list_reflections(tx.conn, week)],
        ),
        charts=_charts(ctx, health, outcomes),
        people=len([p for p in ctx.people if not p.archived]),
    )


def review_week(tx: Tx, now: datetime) -> str:
    """The ISO week reflections are kept under: the week of ``now`` on the owner's clock."""
    return iso_week(now, get_zone(tx))


def save_reflections(tx: Tx, week: str, answers: list[tuple[str, str]], now: datetime) -> int:
    """Store the answers to the week's reflection questions; returns how many were stored."""
    stored = 0
    for question, answer in answers:
        if answer.strip():
            journal.add_reflection(tx.conn, week, question, answer.strip(), now)
            stored += 1
    if not stored:
        raise UserInputError("no answers given: nothing stored")
    return stored
