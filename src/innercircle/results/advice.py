"""Advice on people: whom to focus on, whom to stop tracking, who is due a follow-up; the budget."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from innercircle.core.ties.tiers import TIERS
from innercircle.results import Page, Result, choices
from innercircle.results.moments import Moment


class Budget(Result):
    """The time the user means to give networking."""

    hours_per_week: float
    """Networking hours a week (meetings, calls, events, messages)."""
    events_per_month: float
    """Events a month."""


class BudgetSetting(Budget):
    """The budget and the owner's time zone, as ``budget show`` and ``budget set`` print them."""

    timezone: str
    """The owner's IANA time zone: evenings, weekends and every day boundary are judged on it."""


class FocusItem(Result):
    """One person worth investing in now, and why."""

    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    score: float
    """The focus score: tie strength × goal fit × opportunity; the list is ranked on it."""
    strength: float
    """Tie strength, 0–1."""
    tier: str = Field(json_schema_extra=choices(TIERS))
    """The tie's tier, from the closest (inner) to the long tail."""
    fit: float
    """How well the person fits an active goal, 0–1."""
    opportunity: float
    """Room to grow (a weak tie can deepen) or risk of cooling (a strong tie going quiet), 0–1."""
    why_now: str
    """Why now: ``grow``, ``cooling``, ``one-sided`` (wait for a reply) or ``reply`` (they wait on one)."""
    reasons: list[str]
    """The reasons behind the score, most telling first."""


class PruneItem(Result):
    """A contact the user can stop tracking (archived by ``prune --apply``, never deleted)."""

    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    reasons: list[str]
    """Why they can go: no contact, no goal fit, …"""


class Followup(Result):
    """One follow-up to do, with the reason and a draft message."""

    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    kind: str
    """What kind: overdue, due, cooling, new, reply, birthday, anniversary, achievement or ask."""
    reason: str
    """Why it is due, in words."""
    draft: str
    """A draft message to send or adapt."""
    priority: float
    """How pressing it is; the list is sorted on it, highest first."""
    tier: str = Field(json_schema_extra=choices(TIERS))
    """The tie's tier."""
    strength: float
    """Tie strength, 0–1."""
    due: date | None = None
    """The day it fell due on the owner's calendar, when it has one."""
    reasons: list[str] = Field(default_factory=list)
    """The tie's reasons, for the draft's context."""


class FollowupsPage(Page):
    """One page of the follow-ups due (``/api/followups``)."""

    items: list[Followup]
    """The follow-ups on this page, most pressing first."""


class FollowupMark(Result):
    """A follow-up marked done (the person's cadence starts again) or snoozed."""

    id: int
    """The mark's id."""
    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    action: str
    """``done`` or ``snooze``."""
    at: Moment
    """When it was marked."""
    until: Moment | None
    """A snooze's end (none for done)."""
