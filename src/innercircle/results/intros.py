"""Warm introductions: paths from the user to a person or an organization, with the evidence."""

from __future__ import annotations

from pydantic import Field

from innercircle.core.ties.tiers import TIERS
from innercircle.results import Result, choices
from innercircle.results.moments import Moment


class IntroHop(Result):
    """One step of a path: who introduces whom, how strong the tie, why we think they know each other."""

    from_id: int
    """The id of the person who would introduce."""
    from_name: str
    """Their name."""
    to_id: int
    """The id of the person introduced to."""
    to_name: str
    """Their name."""
    strength: float
    """The hop's tie strength, 0–1."""
    evidence: list[str] = Field(default_factory=list)
    """Why we think they know each other (mails, meetings, the same organization)."""
    warm: bool = True
    """Strong enough to lean on."""
    tier: str | None = Field(default=None, json_schema_extra=choices(TIERS, optional=True))
    """The user's own hop: the tie's tier."""
    trend: str | None = None
    """The user's own hop: the tie's trend."""
    last_contact: Moment | None = None
    """The user's own hop: the last contact."""
    days_silent: int | None = None
    """The user's own hop: days since the last contact."""
    note: str | None = None
    """A stated-close tie going quiet: "cooling: … — reconnect before asking"."""


class IntroPath(Result):
    """A chain of people from the user to the target; warm when every hop is."""

    ids: list[int]
    """The people's ids, the user first."""
    names: list[str]
    """Their names."""
    strength: float
    """The path's strength: the product of its hops' strengths."""
    hops: list[IntroHop]
    """Each hop, in order."""
    text: str
    """The path in words: ``A →(0.80) B →(0.40) C``."""
    warm: bool = True
    """Every hop is warm."""


class Closest(Result):
    """Someone at the target's organization, and the user's tie to them."""

    person_id: int
    """The person's id."""
    name: str
    """The person's name."""
    strength: float
    """The user's tie strength to them, 0–1."""
    tier: str = Field(json_schema_extra=choices(TIERS))
    """That tie's tier."""


class IntroResult(Result):
    """The answer to ``intro``: the user's own tie when they know the target directly, else the warm paths,
    or honestly none (then a cold path to warm up first, if any) and who is closest at the organization."""

    target: str
    """The person's or the organization's name."""
    target_ids: list[int]
    """The ids of the people reached for."""
    found: bool
    """Some path exists."""
    summary: str
    """The answer in one paragraph."""
    path: str
    """The best path in words (empty when there is none)."""
    paths: list[IntroPath] = Field(default_factory=list)
    """The paths found, best first: warm ones, else one cold path to warm up."""
    closest: list[Closest] = Field(default_factory=list)
    """The people at that organization the user is closest to."""
    warm: bool = False
    """The paths shown are warm (every hop strong enough to lean on)."""
    direct: IntroPath | None = None
    """The user's strongest own tie to the target (to anyone there, for an organization), as a one-hop
    path; none when they have none. When warm it is the answer: no introduction is needed."""


class GoalIntro(Result):
    """Warm paths to one organization an active goal names (the weekly review's intros)."""

    goal: str
    """The goal's text."""
    target: str
    """The organization."""
    people: int
    """People in the user's network at that organization."""
    found: bool
    """Some path exists."""
    summary: str
    """The answer in one paragraph."""
    path: str
    """The best path in words."""
    paths: list[IntroPath] = Field(default_factory=list)
    """The paths found, best first."""
    closest: list[Closest] = Field(default_factory=list)
    """The people there the user is closest to."""
    warm: bool = False
    """The paths shown are warm."""
    direct: IntroPath | None = None
    """The user's own strongest tie to someone there, as a one-hop path."""
