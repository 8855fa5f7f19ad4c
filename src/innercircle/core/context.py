"""The strategic context: everything the strategic views (focus, health, outcomes, event triage, the
weekly review) read, as of one moment, and what follows from it alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from innercircle.core.goals import GoalFit, Profile, goal_fit, topic_fit
from innercircle.core.history import History, out_times
from innercircle.core.model import Detail, Event, Favor, Goal, Outcome, Person
from innercircle.core.replies import Unanswered
from innercircle.core.ties.score import Ties
from innercircle.core.timeuse import Budget, TimeLedger


@dataclass(slots=True)
class Context:
    """Everything the strategic views read, as of ``now`` (later data ignored)."""

    now: datetime
    people: list[Person]
    me: Person | None
    goals: list[Goal]
    ties: Ties
    fits: dict[int, GoalFit]
    events: list[Event]
    outcomes: list[Outcome]
    favors: list[Favor]
    budget: Budget
    ledger: TimeLedger
    first_seen: dict[int, datetime]
    met: dict[int, list[int]]
    names: dict[int, str] = field(default_factory=dict)
    orgs: dict[int, str | None] = field(default_factory=dict)
    zone: tzinfo = UTC  # the owner's local time zone (evenings and weekends)
    history: History = field(default_factory=lambda: History.of([]))  # every interaction, as arrays
    since: datetime | None = None  # where the signs that follow people one by one begin (None: at the start)
    waiting: dict[int, Unanswered] = field(default_factory=dict)  # they wrote, the user never answered

    @property
    def me_id(self) -> int | None:
        """The owner's person id."""
        return None if self.me is None else self.me.id

    def relevant(self) -> set[int]:
        """People who fit an active goal."""
        return {pid for pid, f in self.fits.items() if f.score > 0}

    def relevant_events(self) -> set[int]:
        """Events whose topics fit an active goal."""
        return {
            e.id for e in self.events if e.id is not None and topic_fit(e.topics, e.title, self.goals).score
        }

    def met_at(self) -> dict[int, datetime]:
        """Person → the first past event where the user met them."""
        starts = {e.id: e.start for e in self.events if e.id is not None and e.start < self.now}
        out: dict[int, datetime] = {}
        for eid, people in self.met.items():
            if eid in starts:
                for pid in people:
                    if pid not in out or starts[eid] < out[pid]:
                        out[pid] = starts[eid]
        return out

    def out_contacts(self) -> dict[int, list[datetime]]:
        """Person → times the user reached out to them (or met them): for the people of past events."""
        people = {pid for ids in self.met.values() for pid in ids}
        people |= {pid for e in self.events for pid in e.attendees}
        return out_times(self.history, people, self.me_id)


def fits_for(people: list[Person], details: list[Detail], goals: list[Goal]) -> dict[int, GoalFit]:
    """Goal fit of every person from position, organization, tags, details and notes."""
    by: dict[int, list[Detail]] = {}
    for d in details:
        by.setdefault(d.person_id, []).append(d)
    return {p.id: goal_fit(p.id, Profile.of(p, by.get(p.id, [])), goals) for p in people if p.id is not None}
