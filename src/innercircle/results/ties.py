"""Tie strength as the use cases answer it: one person's tie, and the rows of ``ties``."""

from __future__ import annotations

from pydantic import Field

from innercircle.core.ties.tiers import TIERS
from innercircle.results import Page, Result, choices
from innercircle.results.moments import Moment


class Tie(Result):
    """How strong a tie is now, where it is heading, and why."""

    strength: float
    """How strong the tie is, from 0 (no tie) to 1 (among your strongest)."""
    tier: str = Field(json_schema_extra=choices(TIERS))
    """The layer of your network the person is in, from the closest (inner) to the long tail."""
    trend: str
    """Where the tie is heading: warming, steady, cooling, or silent (no contact to go by)."""
    cooling: bool
    """Whether the silence is already well past the usual gap between your contacts."""
    last_contact: Moment | None
    """The latest contact before the moment of the analysis (null: never in contact)."""
    usual_gap_days: float | None
    """The usual number of days between two contacts (null: too few contacts to say)."""
    contacts: int
    """How many contacts (mails, calls, meetings, messages) the tie is made of."""
    engaged: bool
    """Whether you took part yourself (wrote, called, met, or said something of them), rather than only
    receiving their mail."""
    half_life_days: float
    """After how many days the weight of a contact is halved in the recency of the tie."""
    components: dict[str, float]
    """What the strength is made of, by name: each feature's pull against your typical tie (contacts,
    recency, duration, weekly rate, reciprocity…), the traces, favours, history, and the closeness you
    stated when you did."""
    reasons: list[str]
    """Why, in plain sentences: what the contact has been, then why this tier."""
    details: list[str]
    """The model behind the number: the chance of contact, the expert used, what moved it most."""


class Who(Result):
    """Who a row is about."""

    person_id: int
    """The person's id (for ``show``, ``pin`` and ``/api/people/{person_id}``)."""
    name: str
    """The person's name."""
    identities: list[str]
    """Every email, phone and profile they are known by, as normalized and as imported."""


class TieRow(Tie, Who):
    """One person's tie, with who they are: a row of ``ties`` and ``/api/ties``."""

    def tie(self) -> Tie:
        """The tie alone, without who it is with."""
        return Tie(**self.model_dump(include=set(Tie.model_fields)))


class TiesPage(Page):
    """One page of everyone's ties (``/api/ties``)."""

    items: list[TieRow]
    """The ties on this page, strongest first."""
