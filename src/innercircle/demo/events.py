"""Networking events: series, conferences, the month of nightly events, and the people met there."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from innercircle.core.model import Event
from innercircle.demo.catalog import BURNOUT_EVENT_TITLES, PLACES, TOPICS_OFF_GOAL
from innercircle.demo.network import ACTIVE, CLOSE, KNOWN, NEW, OWNER_ID, Plan
from innercircle.demo.people import PersonFactory, url_of
from innercircle.demo.timeline import CALENDAR, Timeline, at_time

BURNOUT_START_DAYS_AGO = 70  # the month of nightly events runs from 70 to 42 days before today
BURNOUT_DAYS = 28
UNFOLLOWED_DAYS_AGO = (27, 20)  # the two events where the never-followed-up contacts were met


@dataclass(frozen=True, slots=True)
class Series:
    """A recurring event the owner goes to now and then."""

    title: str
    organizer: str
    topics: tuple[str, ...]
    hours: float  # cost including travel
    minutes: int
    hour: int
    period: int  # days between instances
    offset: int  # days before today of one instance
    archetypes: tuple[str, ...]  # who is likely there
    ratings: tuple[int, int]
    place: str
    attend: float  # share of past instances the owner went to


SERIES = (
    Series(
        "Climate Tech Breakfast",
        "Climate Founders Guild",
        ("climate", "energy", "startups"),
        2.5,
        120,
        8,
        28,
        UNFOLLOWED_DAYS_AGO[0],
        ("climate", "founder"),
        (4, 5),
        "Impact Hub Islington",
        0.4,
    ),
    Series(
        "Founders & Funders",
        "Northstar Ventures",
        ("fundraising", "seed", "investors"),
        3.5,
        150,
        18,
        42,
        UNFOLLOWED_DAYS_AGO[1],
        ("investor", "founder"),
        (4, 5),
        "Second Home, Spitalfields",
        0.5,
    ),
    Series(
        "London Rust Meetup",
        "Rust London User Group",
        ("engineering", "rust", "hiring"),
        3.0,
        150,
        18,
        28,
        33,
        ("engineer",),
        (3, 4),
        "The Trampery, Old Street",
        0.25,
    ),
)

# (days from today, title, organizer, topics, hours incl. travel, cost, minutes, archetypes likely there)
ONE_OFFS = (
    (
        -240,
        "Seed Summit London",
        "Harbor Seed Partners",
        ("fundraising", "seed", "investors"),
        8.0,
        120.0,
        420,
        ("investor",),
    ),
    (
        -200,
        "GridTech Conference 2025",
        "Institute for Energy Systems",
        ("climate", "energy", "grid"),
        9.0,
        350.0,
        480,
        ("climate",),
    ),
    (-150, "DevTools Day", "Stackhaus", ("engineering", "devtools"), 7.0, 80.0, 360, ("engineer", "founder")),
    (3, "Crypto Growth Mixer", "Web3 London", ("crypto", "web3", "growth"), 3.5, 0.0, 180, ("peer",)),
    (
        5,
        "Startup Drinks",
        "Startup Drinks Crew",
        ("startups", "networking"),
        3.0,
        10.0,
        180,
        ("peer", "founder"),
    ),
    (8, "AI Product Night", "Product Tank", ("ai", "product"), 3.0, 0.0, 150, ("peer",)),
    (
        12,
        "GridTech Europe 2026 (2 days)",
        "Institute for Energy Systems",
        ("climate", "energy", "grid"),
        18.0,
        950.0,
        960,
        ("climate",),
    ),
    (
        16,
        "Climate Investors Roundtable",
        "Evergreen Climate Fund",
        ("climate", "fundraising", "investors"),
        3.0,
        0.0,
        150,
        ("investor", "climate"),
    ),
)


class EventPlanner:
    """Builds the owner's events and the first meetings that happen there."""

    def __init__(self, rng: random.Random, factory: PersonFactory, tl: Timeline, plans: list[Plan]) -> None:
        self.rng = rng
        self.factory = factory
        self.tl = tl
        self.plans = plans
        self.today: date = tl.limit.date()
        self.events: list[Event] = []
        self.met: dict[int, list[int]] = {}
        self.burnout_ids: list[int] = []
        self.unfollowed: list[int] = []
        self.named: dict[str, int] = {}  # a few events other parts refer to (outcomes)

    def build(self) -> None:
        """Series, one-off events and the burnout month, in time order."""
        for s in SERIES:
            self._series(s)
        for spec in ONE_OFFS:
            self._one_off(*spec)
        self._burnout()
        order = sorted(self.events, key=lambda e: e.start)
        remap = {e.id: i for i, e in enumerate(order, start=1)}
        for e in order:
            e.id = remap[e.id]
        self.events = order
        self.met = {remap[k]: v for k, v in self.met.items()}
        self.burnout_ids = sorted(remap[k] for k in self.burnout_ids)
        self.named = {k: remap[v] for k, v in self.named.items()}

    # ------------------------------------------------------------ building blocks

    def _add(self, e: Event) -> int:
        e.id = len(self.events) + 1
        e.source, e.source_id = CALENDAR, f"demo-event-{e.id}@tessellate.example"
        self.events.append(e)
        return e.id

    def _pool(self, archetypes: tuple[str, ...], at: datetime) -> list[Plan]:
        return [
            p
            for p in self.plans
            if p.archetype in archetypes
            and p.tier in (CLOSE, ACTIVE, KNOWN)
            and p.start <= at
            and not p.one_sided
        ]

    def _attendees(self, archetypes: tuple[str, ...], at: datetime, k: tuple[int, int]) -> list[int]:
        pool = self._pool(archetypes, at)
        n = min(len(pool), self.rng.randint(*k))
        return sorted(p.pid for p in self.rng.sample(pool, n))

    def _series(self, s: Series) -> None:
        anchor = self.today - timedelta(days=s.offset)
        while anchor.weekday() >= 5:  # series meet on weekdays
            anchor -= timedelta(days=1)
        first = anchor - timedelta(days=s.period * (365 // s.period))
        n = 30
        day = first
        while day <= self.today + timedelta(days=45):
            n += 1
            start = at_time(day, s.hour, 30 if s.hour >= 18 else 0)
            past = day < self.today
            planted = day == anchor and s.offset in UNFOLLOWED_DAYS_AGO
            burnout = self._in_burnout(day)
            if past and not planted and (burnout or self.rng.random() > s.attend):
                day += timedelta(days=s.period)
                continue
            e = Event(
                title=f"{s.title} #{n}",
                start=start,
                end=start + timedelta(minutes=s.minutes),
                place=s.place,
                hours_cost=s.hours,
                topics=list(s.topics),
                organizer=s.organizer,
                series=s.title,
                cost=0.0,
                rating=self.rng.randint(*s.ratings) if past else None,
                decision="attend" if past else None,
                attendees=self._attendees(s.archetypes, start, (2, 6) if past else (1, 3)),
            )
            eid = self._add(e)
            if planted:
                self._newcomers(
                    eid, s.archetypes, unfollowed=3 if s.offset == UNFOLLOWED_DAYS_AGO[0] else 2, followed=1
                )
            elif past and self.rng.random() < 0.3:
                self._newcomers(eid, s.archetypes, unfollowed=0, followed=1)
            day += timedelta(days=s.period)

    def _one_off(
        self,
        days: int,
        title: str,
        organizer: str,
        topics: tuple[str, ...],
        hours: float,
        cost: float,
        minutes: int,
        archetypes: tuple[str, ...],
    ) -> None:
        day = self.today + timedelta(days=days)
        start = at_time(day, 9 if minutes >= 360 else 18, 0 if minutes >= 360 else 30)
        past = days < 0
        eid = self._add(
            Event(
                title=title,
                start=start,
                end=start + timedelta(minutes=minutes),
                place=self.rng.choice(PLACES),
                hours_cost=hours,
                topics=list(topics),
                organizer=organizer,
                cost=cost,
                rating=self.rng.randint(3, 5) if past else None,
                decision="attend" if past else None,
                attendees=self._attendees(archetypes, start, (3, 8) if past else (1, 4)),
            )
        )
        self.named[title] = eid

    def _in_burnout(self, day: date) -> bool:
        start = self.today - timedelta(days=BURNOUT_START_DAYS_AGO)
        return start <= day < start + timedelta(days=BURNOUT_DAYS)

    def _burnout(self) -> None:
        """Nearly every night for four weeks: off-goal meetups, low ratings, many shallow new contacts."""
        start = self.today - timedelta(days=BURNOUT_START_DAYS_AGO)
        days = [d for d in range(BURNOUT_DAYS) if _holiday(start + timedelta(days=d)) is False]
        nights = sorted(self.rng.sample(days, min(len(days), BURNOUT_DAYS - 3)))
        titles = list(BURNOUT_EVENT_TITLES)
        self.rng.shuffle(titles)
        for i, offset in enumerate(nights):
            title = titles[i % len(titles)]
            begin = at_time(start + timedelta(days=offset), 18, 30)
            eid = self._add(
                Event(
                    title=title,
                    start=begin,
                    end=begin + timedelta(minutes=180),
                    place=self.rng.choice(PLACES),
                    hours_cost=round(self.rng.uniform(3.0, 4.0), 1),
                    topics=list(self.rng.choice(TOPICS_OFF_GOAL)),
                    organizer=f"{title} Crew",
                    cost=float(self.rng.choice((0, 0, 10, 15))),
                    rating=self.rng.choice((1, 2, 2, 3)),
                    decision="attend",
                    notes="Tired. Lots of pitches, few real conversations." if i % 5 == 4 else None,
                    attendees=self._attendees(("peer", "founder"), begin, (0, 2)),
                )
            )
            self.burnout_ids.append(eid)
            self._newcomers(
                eid,
                ("peer", "founder", "engineer"),
                unfollowed=0,
                followed=1 + (self.rng.random() < 0.3),
                shallow=True,
            )

    # ------------------------------------------------------------ people met at events

    def _newcomers(
        self, eid: int, archetypes: tuple[str, ...], unfollowed: int, followed: int, shallow: bool = False
    ) -> None:
        """People met for the first time at an event; the ``unfollowed`` ones never hear back."""
        event = self.events[eid - 1]
        for k in range(unfollowed + followed):
            arche = (
                self.rng.choice([a for a in archetypes if a != "investor"] or archetypes)
                if shallow
                else self.rng.choice(archetypes)
            )
            when = event.start + timedelta(hours=2, minutes=self.rng.randint(0, 50))
            person = self.factory.make(arche, connected=True, connected_at=when, phone=False)
            assert person.id is not None
            plan = Plan(person.id, NEW, arche, start=event.start, end=self.tl.limit)
            self.plans.append(plan)
            event.attendees.append(person.id)
            self.met.setdefault(eid, []).append(person.id)
            self.tl.met_at_event(event.start + timedelta(minutes=45), person.id, event.title)
            if k < unfollowed:
                self.unfollowed.append(person.id)
                if k < 3 and self.rng.random() < 0.8:
                    later = self.tl.moment(
                        (event.start + timedelta(days=self.rng.randint(1, 3))).date(), "any"
                    )
                    self.tl.linkedin(
                        later,
                        person.id,
                        OWNER_ID,
                        f"Great to meet you at {event.title}! Let's stay in touch.",
                    )
            elif not shallow or self.rng.random() < 0.7:
                self._follow_up(event, person.id)

    def _follow_up(self, event: Event, pid: int) -> None:
        later = self.tl.moment((event.start + timedelta(days=self.rng.randint(1, 3))).date(), "work")
        text = f"Great meeting you at {event.title}"
        if url_of(self.factory.people[pid - 1]) and self.rng.random() < 0.5:
            self.tl.linkedin(later, OWNER_ID, pid, text + " - let's keep in touch!")
            if self.rng.random() < 0.4:
                self.tl.linkedin(
                    later + timedelta(hours=self.rng.randint(2, 48)), pid, OWNER_ID, "Likewise, thanks!"
                )
        else:
            self.tl.thread(later, True, pid, text, 1 if self.rng.random() < 0.5 else 0)

    def originate(self, plan: Plan, title: str) -> int:
        """Make an existing contact someone the owner first met at the named event."""
        eid = self.named[title] if title in self.named else self._first_of_series(title)
        event = self.events[eid - 1]
        plan.start = event.start
        person = self.factory.people[plan.pid - 1]
        if person.connected_at is not None:
            person.connected_at = person.created_at = event.start + timedelta(hours=3)
        if plan.pid not in event.attendees:
            event.attendees.append(plan.pid)
        self.met.setdefault(eid, []).append(plan.pid)
        self.tl.met_at_event(event.start + timedelta(minutes=40), plan.pid, event.title)
        return eid

    def _first_of_series(self, series: str) -> int:
        past = [e for e in self.events if e.series == series and e.decision == "attend"]
        return (past[len(past) // 3] if past else self.events[0]).id or 0


def _holiday(day: date) -> bool:
    """Christmas and New Year: no meetups then."""
    return (day.month, day.day) in ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))
