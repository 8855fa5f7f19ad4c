"""Events as decisions: the triage of upcoming ones and the review of a past one."""

from __future__ import annotations

from pydantic import Field

from innercircle.results import Result
from innercircle.results.health import EventReturn
from innercircle.results.moments import Moment


class TriageItem(Result):
    """An upcoming event judged attend, skip or maybe, with its reasons."""

    event_id: int
    """The event's id."""
    title: str
    """The event's title."""
    start: Moment
    """When it starts."""
    hours: float
    """What it costs, in hours, travel included."""
    decision: str
    """The advice: attend, skip or maybe."""
    score: float
    """The score the advice is made from (goal fit of the topic and the people, past return)."""
    reasons: list[str] = Field(default_factory=list)
    """The reasons, the cost first."""
    people: list[str] = Field(default_factory=list)
    """Known people going who matter for a goal or are strong ties."""
    user_decision: str | None = None
    """The user's own call, if made: attend, skip or maybe."""
    travel_hours: float = 0.0
    """The part of ``hours`` that is travel."""
    week_hours_left: float = 0.0
    """Hours of the weekly budget left after this event (negative: over budget)."""
    month_events_left: float = 0.0
    """Events of the monthly budget left after this event."""


class EventReview(EventReturn):
    """A past event rated and its people recorded (``event review``): its return, with names."""

    met_names: list[str]
    """The names of the people met there."""
    followed_up_names: list[str]
    """The names of those followed up within 14 days."""
    recorded: list[str]
    """The names given with ``--met`` this time (created when new)."""
