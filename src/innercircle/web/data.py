"""What the pages and the API show, gathered from the services and cached until the data changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from innercircle.results.advice import Followup, FollowupMark
from innercircle.results.health import Health
from innercircle.results.people import PersonRow, Profile
from innercircle.results.review import Review
from innercircle.results.ties import TieRow
from innercircle.services import Workspace, directory
from innercircle.services.eventplan import decide
from innercircle.services.followups import followups_at, mark
from innercircle.services.health import health as health_at
from innercircle.services.review import build_review
from innercircle.services.runtime.workspace import Tx
from innercircle.services.strategy import goal_fit_scores
from innercircle.services.ties import tie_rows


class Cache:
    """Analyses are costly on large networks: each result is kept, in the workspace's one analysis cache
    (services/runtime/cache.py), until the data changes.

    A result is keyed by the database's version (its fingerprint and the data counter, both moved by
    triggers whoever writes: this app, the CLI, an import in another process), the day, and at most
    ``ttl`` seconds. One request makes a missing or stale result while the others wait for a missing
    one, or are served the stale one meanwhile (the dashboard stays quick while an import runs);
    ``clear`` after a write through the app makes its own next page wait for the fresh result.
    """

    def __init__(self, ws: Workspace, ttl: float = 3600.0) -> None:
        self.ws = ws
        self.ttl = ttl
        self._lock = threading.Lock()
        self._making: dict[Any, threading.Lock] = {}

    def version(self) -> Any:
        """The database's version now."""
        with self.ws.read() as tx:
            return self.ws.cache.version(tx.conn)

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        """The cached value for ``key``, made when missing or stale."""
        kept = self.ws.cache
        version = self.version()
        full = ("web", key, time.strftime("%Y-%m-%d"))
        hit = kept.analysis(full)
        if hit is not None and hit[0] == version and time.monotonic() - hit[1][0] < self.ttl:
            return hit[1][1]
        with self._lock:
            making = self._making.setdefault(full, threading.Lock())
        if hit is not None and not making.acquire(blocking=False):
            return hit[1][1]  # someone is making the fresh one: the last one meanwhile
        if hit is None:
            making.acquire()
        try:
            again = kept.analysis(full)
            if again is not None and again[0] == version and again is not hit:
                return again[1][1]
            value = make()
            kept.keep(full, version, (time.monotonic(), value))
            return value
        finally:
            making.release()

    def clear(self) -> None:
        """Forget every result (after a write through the app: its next page shows the write)."""
        self.ws.cache.drop_analyses()


# ---------------------------------------------------------------- ties


def ties(cache: Cache, tx: Tx, now: datetime, as_of: datetime | None = None) -> list[TieRow]:
    """Every person's tie strength with its components, strongest first."""
    return cache.get(("ties", as_of), lambda: tie_rows(tx, as_of or now))  # type: ignore[no-any-return]


def ties_by_person(cache: Cache, tx: Tx, now: datetime) -> dict[int, TieRow]:
    """Tie rows by person id."""
    return cache.get(("ties_by_person",), lambda: {t.person_id: t for t in ties(cache, tx, now)})  # type: ignore[no-any-return]


def followups(cache: Cache, tx: Tx, now: datetime) -> list[Followup]:
    """Follow-ups due, most pressing first, each with its reason and draft."""
    return list(cache.get(("followups",), lambda: followups_at(tx, now)))


def mark_followup(tx: Tx, person_id: int, action: str, now: datetime, days: int = 7) -> FollowupMark:
    """Done (the cadence restarts) or snoozed for ``days``."""
    return mark(tx, str(person_id), action, now, days)


# ---------------------------------------------------------------- people


def goal_fits(cache: Cache, tx: Tx, goal_id: int) -> dict[int, float]:
    """Who fits a goal (position, organization, tags, details, notes) and how well (0–1)."""
    return cache.get(("goal_fits", goal_id), lambda: goal_fit_scores(tx, goal_id))  # type: ignore[no-any-return]


def people(
    cache: Cache,
    tx: Tx,
    now: datetime,
    search: str | None = None,
    tier: str | None = None,
    goal_id: int | None = None,
    archived: bool | None = False,
) -> list[PersonRow]:
    """People with identities, tier and strength, filtered by name, organization or identity, tier and goal,
    and archived or not (``directory.select``: by default only the people still tracked)."""
    rows = directory.select(everyone(cache, tx, now), search, tier, archived)
    if goal_id is not None:
        fits = goal_fits(cache, tx, goal_id)
        rows = [r for r in rows if r.person_id in fits]
    return rows


def everyone(cache: Cache, tx: Tx, now: datetime) -> list[PersonRow]:
    """Every person as a row, strongest tie first (cached: a large network is read once)."""

    def make() -> list[PersonRow]:
        rows = directory.people_rows(tx, now)
        rows.sort(key=lambda r: (-(r.strength or 0.0), r.name.lower()))
        return rows

    return cache.get(("everyone",), make)  # type: ignore[no-any-return]


def person(cache: Cache, tx: Tx, person_id: int, now: datetime, as_of: datetime | None = None) -> Profile:
    """Everything about one person: identities, sources, details, favours, timeline, tie."""
    if as_of is not None:
        return _person(cache, tx, person_id, now, as_of)
    return cache.get(("person", person_id), lambda: _person(cache, tx, person_id, now, None))  # type: ignore[no-any-return]


def _person(cache: Cache, tx: Tx, person_id: int, now: datetime, as_of: datetime | None) -> Profile:
    # today's ties come from the cache (scoring everyone is what a tie costs); other dates are scored
    cached = None if as_of is not None else ties_by_person(cache, tx, now).get(person_id)
    tie = None if cached is None else cached.tie()
    return directory.profile(tx, str(person_id), now, before=as_of, tie=tie)


def review(cache: Cache, tx: Tx, now: datetime, as_of: datetime | None = None) -> Review:
    """The weekly review: focus, follow-ups, event triage, health, outcomes, charts."""
    return cache.get(("review", as_of), lambda: build_review(tx, as_of or now))  # type: ignore[no-any-return]


def health(cache: Cache, tx: Tx, now: datetime, as_of: datetime | None = None) -> Health:
    """The over-networking signs, the verdict and the three actions."""
    return cache.get(("health", as_of), lambda: health_at(tx, as_of or now))  # type: ignore[no-any-return]


def decide_event(tx: Tx, event_id: int, decision: str) -> None:
    """Attend, skip or maybe (the same rules as ``event decide``)."""
    decide(tx, str(event_id), decision)
