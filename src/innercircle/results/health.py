"""Networking health (the signs of over-networking) and outcomes (what the networking produced)."""

from __future__ import annotations

from pydantic import Field

from innercircle.core.signs import RANK, SIGNS
from innercircle.results import Result, choices
from innercircle.results.advice import Budget
from innercircle.results.moments import Moment

STATUSES = tuple(sorted(RANK, key=RANK.__getitem__))  # ok, warning, alert: from the mildest


class SignPerson(Result):
    """Someone a sign is about (an unfollowed new contact, a cooling tie)."""

    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    why: str
    """Why the sign names them."""


class Sign(Result):
    """One sign of over-networking: a value against the two levels it is judged by."""

    name: str = Field(json_schema_extra=choices(SIGNS))
    """Which sign it is."""
    value: float
    """The value, as shown (rounded): the status is judged on this very number."""
    threshold: float
    """A warning from this value on."""
    alert_at: float
    """An alert from this value on."""
    trend: list[float]
    """What the value measures, week by week over the last 8, oldest first (empty: none)."""
    explanation: str
    """What the value means, in words, with the figures behind it."""
    unit: str = ""
    """The value's unit ("× budget", "people", …)."""
    action: str = ""
    """What to do about it."""
    people: list[SignPerson] = Field(default_factory=list)
    """The people the sign is about."""
    worse: str = "higher"
    """Which way the value is worse: ``higher`` or ``lower``."""
    insufficient: bool = False
    """Too little data to judge: the status is ok whatever the value."""
    status: str = Field(json_schema_extra=choices(STATUSES))
    """ok, warning or alert: judged on the value against the two levels."""


class Health(Result):
    """The signs of over-networking, an overall verdict and the three most useful actions."""

    signs: list[Sign]
    """Every sign, in a fixed order."""
    verdict: str
    """The overall verdict in words."""
    status: str = Field(json_schema_extra=choices(STATUSES))
    """The worst status of any sign."""
    actions: list[str]
    """The three most useful actions, the worst sign's first."""
    budget: Budget
    """The budget the signs are judged against."""
    hours_per_week: list[float]
    """Networking hours per week over the last 8 weeks, oldest first."""


class GoalProgress(Result):
    """What the network produced toward one goal."""

    goal_id: int
    """The goal's id."""
    goal: str
    """The goal's text."""
    due: str | None
    """Its due day (YYYY-MM-DD), if any."""
    days_left: int | None
    """Days left until it is due."""
    outcomes: int
    """Outcomes recorded toward it."""
    kinds: list[str]
    """The kinds of those outcomes."""
    wanted: list[str]
    """The outcome kinds that would count."""
    progress: float
    """Share of the wanted outcome kinds reached, 0–1 (1 when done)."""
    done: bool
    """Whether the goal is done."""
    people: list[str] = Field(default_factory=list)
    """The names of the people the outcomes came through."""


class EventReturn(Result):
    """What a past event produced, and per hour spent."""

    event_id: int
    """The event's id."""
    title: str
    """The event's title."""
    start: Moment
    """When it started."""
    hours: float
    """What it cost, in hours (travel included)."""
    rating: int | None
    """The user's rating, 1–5."""
    met: list[int]
    """Ids of the people met there."""
    followed_up: list[int]
    """Ids of those the user followed up within 14 days."""
    outcomes: int
    """Outcomes attributed to it."""
    outcome_kinds: list[str]
    """Their kinds."""
    value: float
    """Points: 3 per outcome, 1 per person followed up; a rating above 3 adds."""
    per_hour: float
    """Points per hour."""


class Return(Result):
    """Outcomes against effort for one channel or one relationship."""

    key: str
    """The channel, or the person's name."""
    interactions: int
    """Interactions through it."""
    hours: float
    """Hours spent on it."""
    outcomes: int
    """Outcomes credited to it."""
    per_hour: float | None
    """Outcomes per hour (none without hours)."""


class PerHour(Result):
    """Outcomes per networking hour over a recent window."""

    days: int
    """The window, in days back from today."""
    outcomes: int
    """Outcomes in the window."""
    hours: float
    """Networking hours in the window."""
    per_hour: float
    """Outcomes per hour."""


class Engagement(Result):
    """The user's own online activity against the goals."""

    posts: int
    """Posts, comments and reactions over the last 90 days."""
    posts_on_goals: int
    """Those on a goal's topics."""
    share_on_goals: float
    """Their share, 0–1."""
    by_kind: dict[str, int]
    """Activity per kind."""
    topics: list[str]
    """The goal topics the posts touched."""
    people_engaged: list[str]
    """People the user engaged with online."""
    note: str
    """What to make of it, in words."""


class Outcomes(Result):
    """Progress per goal; return per event, channel, relationship and hour; online engagement."""

    total: int
    """Outcomes recorded in all."""
    goals: list[GoalProgress]
    """Progress toward each active goal."""
    events: list[EventReturn]
    """The return of the latest past events (at most 20), newest first."""
    channels: list[Return]
    """Return per channel."""
    relationships: list[Return]
    """Return per relationship (at most 15)."""
    per_hour: PerHour
    """Outcomes per networking hour over the last 90 days."""
    engagement: Engagement
    """Online engagement against the goals."""
