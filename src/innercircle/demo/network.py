"""What the demo generator returns: plain core objects with temporary ids, and what was planted.

Temporary ids: the owner is person ``OWNER_ID`` (0); ``people[i]`` has ``id == i + 1``; ``goals[i]`` and
``events[i]`` likewise have ``id == i + 1``. Every reference (``Participant.person_id``,
``Detail.person_id``, ``Favor.person_id``, ``Event.attendees``, ``Outcome.people/goal_id/event_id``,
``met``, ``planted``) uses these temporary ids; the loader maps them to database ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from innercircle.core.followups import CADENCE_DAYS
from innercircle.core.model import Detail, Event, Favor, Goal, Interaction, Outcome, Person
from innercircle.core.ties.tiers import TIERS

OWNER_ID = 0

# Dunbar-like tiers the generator aims at (cumulative: 5 inner within 15 close within 50 within 150).
# NEW is the generator's own group (people met lately), not a tier.
INNER, CLOSE, ACTIVE, KNOWN, TAIL = TIERS
NEW = "new"


@dataclass(slots=True)
class DemoSettings:
    """The owner's networking budget and follow-up cadences (stored as settings)."""

    hours_per_week: float = 6.0
    events_per_month: int = 2
    cadences: dict[str, int] = field(default_factory=lambda: dict(CADENCE_DAYS))


@dataclass(slots=True)
class Plan:
    """How the generator treats one person: tier, kind of contact, and when contact is possible."""

    pid: int
    tier: str  # one of INNER, CLOSE, ACTIVE, KNOWN, NEW, TAIL
    archetype: str
    start: datetime  # first moment contact may happen
    end: datetime  # last moment contact may happen (before today, or the silent tie's cutoff)
    one_sided: bool = False
    friend: bool = False


@dataclass(slots=True)
class DemoNetwork:
    """One professional's year, generated: everything the loader stores and the file writer writes."""

    seed: int
    today: date
    owner: Person
    people: list[Person]
    interactions: list[Interaction]
    details: list[Detail]
    goals: list[Goal]
    events: list[Event]
    met: dict[int, list[int]]  # event id -> people the owner met there for the first time
    outcomes: list[Outcome]
    favors: list[Favor]
    settings: DemoSettings
    tiers: dict[int, str]  # person id -> the tier the generator aimed at (ground truth for tests)
    planted: dict[str, Any]  # the patterns a good review must find (see generate.py)

    def person(self, pid: int) -> Person:
        """A person by temporary id (the owner is 0)."""
        return self.owner if pid == OWNER_ID else self.people[pid - 1]

    def connections(self) -> list[Person]:
        """The owner's LinkedIn connections (people with a connection date)."""
        return [p for p in self.people if p.connected_at is not None]

    def in_contact(self) -> set[int]:
        """Ids of people with at least one interaction."""
        return {
            part.person_id
            for it in self.interactions
            for part in it.participants
            if part.person_id != OWNER_ID
        }

    def moment(self) -> datetime:
        """The start of ``today`` (UTC): every past interaction happened before it."""
        return datetime.combine(self.today, time(0), tzinfo=UTC)
