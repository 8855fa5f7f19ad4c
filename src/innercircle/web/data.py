"""What the pages and the API show, gathered from the services and kept in the workspace's one analysis
cache (``Tx.served``: made again after any write, on the owner's next day, served stale meanwhile)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from innercircle.results.advice import Followup, FollowupMark
from innercircle.results.health import Health
from innercircle.results.people import PersonRow, Profile
from innercircle.results.review import Review
from innercircle.results.ties import TieRow
from innercircle.services import directory
from innercircle.services.eventplan import decide
from innercircle.services.followups import followups_at, mark
from innercircle.services.health import health as health_at
from innercircle.services.review import build_review
from innercircle.services.runtime.localzone import get_zone
from innercircle.services.runtime.workspace import Tx
from innercircle.services.strategy import goal_fit_scores
from innercircle.services.ties import tie_rows

T = TypeVar("T")


def served(tx: Tx, now: datetime, what: Any, make: Callable[[], T]) -> T:
    """``make()`` as the workspace's cache keeps it for ``what`` on the owner's calendar day of ``now``
    (the app's clock, so a demo's pages live on its story day)."""
    return tx.served(what, now.astimezone(get_zone(tx)).date(), make)


# ---------------------------------------------------------------- ties


def ties(tx: Tx, now: datetime, as_of: datetime | None = None) -> list[TieRow]:
    """Every person's tie strength with its components, strongest first."""
    return served(tx, now, ("ties", as_of), lambda: tie_rows(tx, as_of or now))


def ties_by_person(tx: Tx, now: datetime) -> dict[int, TieRow]:
    """Tie rows by person id."""
    return served(tx, now, ("ties_by_person",), lambda: {t.person_id: t for t in ties(tx, now)})


def followups(tx: Tx, now: datetime) -> list[Followup]:
    """Follow-ups due, most pressing first, each with its reason and draft."""
    return list(served(tx, now, ("followups",), lambda: followups_at(tx, now)))


def mark_followup(tx: Tx, person_id: int, action: str, now: datetime, days: int = 7) -> FollowupMark:
    """Done (the cadence restarts) or snoozed for ``days``."""
    return mark(tx, str(person_id), action, now, days)


# ---------------------------------------------------------------- people


def goal_fits(tx: Tx, now: datetime, goal_id: int) -> dict[int, float]:
    """Who fits a goal (position, organization, tags, details, notes) and how well (0–1)."""
    return served(tx, now, ("goal_fits", goal_id), lambda: goal_fit_scores(tx, goal_id))


def people(
    tx: Tx,
    now: datetime,
    search: str | None = None,
    tier: str | None = None,
    goal_id: int | None = None,
    archived: bool | None = False,
) -> list[PersonRow]:
    """People with identities, tier and strength, filtered by name, organization or identity, tier and goal,
    and archived or not (``directory.select``: by default only the people still tracked)."""
    rows = directory.select(everyone(tx, now), search, tier, archived)
    if goal_id is not None:
        fits = goal_fits(tx, now, goal_id)
        rows = [r for r in rows if r.person_id in fits]
    return rows


def everyone(tx: Tx, now: datetime) -> list[PersonRow]:
    """Every person as a row, strongest tie first (cached: a large network is read once)."""

    def make() -> list[PersonRow]:
        rows = directory.people_rows(tx, now)
        rows.sort(key=lambda r: (-(r.strength or 0.0), r.name.lower()))
        return rows

    return served(tx, now, ("everyone",), make)


def person(tx: Tx, person_id: int, now: datetime, as_of: datetime | None = None) -> Profile:
    """Everything about one person: identities, sources, details, favours, timeline, tie."""
    if as_of is not None:
        return _person(tx, person_id, now, as_of)
    return served(tx, now, ("person", person_id), lambda: _person(tx, person_id, now, None))


def _person(tx: Tx, person_id: int, now: datetime, as_of: datetime | None) -> Profile:
    # today's ties come from the cache (scoring everyone is what a tie costs); other dates are scored
    cached = None if as_of is not None else ties_by_person(tx, now).get(person_id)
    tie = None if cached is None else cached.tie()
    return directory.profile(tx, str(person_id), now, before=as_of, tie=tie)


def review(tx: Tx, now: datetime, as_of: datetime | None = None) -> Review:
    """The weekly review: focus, follow-ups, event triage, health, outcomes, charts."""
    return served(tx, now, ("review", as_of), lambda: build_review(tx, as_of or now))


def health(tx: Tx, now: datetime, as_of: datetime | None = None) -> Health:
    """The over-networking signs, the verdict and the three actions."""
    return served(tx, now, ("health", as_of), lambda: health_at(tx, as_of or now))


def decide_event(tx: Tx, event_id: int, decision: str) -> None:
    """Attend, skip or maybe (the same rules as ``event decide``)."""
    decide(tx, str(event_id), decision)
