"""The weekly review: everything of the week in one result."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from innercircle.core.ties.tiers import TIERS
from innercircle.results import Result, choices
from innercircle.results.advice import Budget, FocusItem, Followup
from innercircle.results.events import TriageItem
from innercircle.results.health import Health, Outcomes
from innercircle.results.intros import GoalIntro
from innercircle.results.moments import Moment


class ReviewGoal(Result):
    """An active goal."""

    id: int
    """The goal's id."""
    text: str
    """The goal's text."""
    due: date | None
    """Its due day, if any."""


class Answer(Result):
    """A reflection kept for the week."""

    week: str
    """The ISO week (``2026-W48``)."""
    question: str
    """The question answered."""
    answer: str
    """The user's answer."""
    at: Moment
    """When it was kept."""


class Reflection(Result):
    """The week's three reflection questions, and the answers kept so far."""

    questions: list[str]
    """What moved a goal, the worst sign's question, whom to follow up first."""
    answers: list[Answer]
    """The answers kept this week, oldest first."""


class TierCount(Result):
    """People in one tier against Dunbar's cap for it."""

    tier: str = Field(json_schema_extra=choices(TIERS))
    """The tier."""
    count: int
    """People in it."""
    cap: int | None
    """Dunbar's cap (none for the tail)."""


class HoursChart(Result):
    """Networking hours per week against the budget."""

    hours: list[float]
    """Hours per week over the last 8 weeks, oldest first."""
    budget: float
    """The weekly budget in hours."""


class InteractionsChart(Result):
    """Interactions per week with new people against established ones."""

    new: list[int]
    """Per week: contacts with people first seen in the 8 weeks before."""
    nurtured: list[int]
    """Per week: contacts with established people."""


class GoalOutcomes(Result):
    """Outcomes toward one goal."""

    goal: str
    """The goal's text."""
    outcomes: int
    """Outcomes recorded toward it."""


class Charts(Result):
    """The review's charts, as data."""

    weeks: list[str]
    """The labels of the last 8 weeks (their first day on the owner's calendar), oldest first."""
    tiers: list[TierCount]
    """People per tier against Dunbar's caps."""
    hours: HoursChart
    """The hours chart: networking hours per week, and the weekly budget as a line."""
    interactions: InteractionsChart
    """New against nurtured interactions per week."""
    outcomes_per_goal: list[GoalOutcomes]
    """Outcomes per active goal."""


class Review(Result):
    """The weekly review: focus, follow-ups, event triage, health, outcomes, warm intros, reflection."""

    as_of: Moment
    """The moment the review is made as of."""
    timezone: str
    """The owner's time zone, which every view shows the review's times on."""
    week: str
    """The ISO week on the owner's calendar (``2026-W48``)."""
    owner: str | None
    """The owner's name."""
    goals: list[ReviewGoal]
    """The active goals."""
    budget: Budget
    """The networking budget."""
    focus: list[FocusItem]
    """Who to invest in now."""
    followups: list[Followup]
    """Follow-ups due, most pressing first, each with a draft."""
    events: list[TriageItem]
    """Upcoming events: attend, skip or maybe."""
    health: Health
    """The signs of over-networking and the verdict."""
    outcomes: Outcomes
    """What the networking produced."""
    intros: list[GoalIntro]
    """Warm paths to the organizations the goals name."""
    reflection: Reflection
    """The week's questions and answers."""
    charts: Charts
    """The charts' data."""
    people: int
    """People tracked (not archived)."""
