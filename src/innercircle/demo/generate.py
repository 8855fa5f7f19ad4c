"""The demo network: one professional's realistic year, generated from a seed (no clock, no I/O).

``generate(seed, today)`` returns a ``DemoNetwork`` of plain core objects with temporary ids (see
network.py). Alex Rivera, founder of Tessellate Labs, wants to raise a seed round, hire two engineers
and learn climate tech. Around 1,500 LinkedIn connections, most never contacted; about 150 people in
contact (≈5 inner, ≈15 close, ≈50 regular), bursty contact over mail, meetings, calls and messages.

Planted patterns (``DemoNetwork.planted``; ids are temporary person / event ids, days are dates):

- ``burnout``: four weeks (70 to 42 days before today) of events on 25 of 28 nights, far over the
  budget of ``DemoSettings.hours_per_week`` hours and ``events_per_month`` events; keys ``start``,
  ``end`` (exclusive), ``event_ids``, ``nights``, ``hours``.
- ``silent_tie``: a close friend and former colleague (``closeness`` 0.8, as stated by the owner, who
  states it for the inner circle too), in regular contact for three years, silent since
  ``last_contact`` (80 days before today); keys ``person_id``, ``last_contact``, ``first_contact``.
- ``unfollowed``: five people met at two events 20–30 days before today whom the owner never wrote
  to (some wrote first and got no answer); keys ``person_ids``, ``event_ids``.
- ``one_sided``: an investor the owner keeps writing to, who never answers nor starts anything;
  favours only given; key ``person_id``.
- ``upcoming_birthday``: an inner-circle birthday six days after today; keys ``person_id``, ``on``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from innercircle.core.model import Person
from innercircle.demo import contact
from innercircle.demo.catalog import ORGS, OWNER_ORG, Org
from innercircle.demo.events import BURNOUT_DAYS, BURNOUT_START_DAYS_AGO, EventPlanner
from innercircle.demo.extras import Extras
from innercircle.demo.network import (
    ACTIVE,
    CLOSE,
    INNER,
    KNOWN,
    OWNER_ID,
    TAIL,
    DemoNetwork,
    DemoSettings,
    Plan,
)
from innercircle.demo.people import PersonFactory, day_start
from innercircle.demo.timeline import Timeline

LINKEDIN_CONNECTIONS = 1500
SILENT_DAYS = 80
YEAR = 365

# (archetype, count) per tier below the hand-made inner and close circles
ACTIVE_MIX = (
    ("investor", 6),
    ("engineer", 7),
    ("recruiter", 2),
    ("climate", 6),
    ("founder", 5),
    ("customer", 4),
    ("advisor", 1),
    ("peer", 4),
)
KNOWN_MIX = (
    ("peer", 14),
    ("engineer", 12),
    ("investor", 8),
    ("founder", 9),
    ("climate", 7),
    ("customer", 6),
    ("recruiter", 4),
    ("advisor", 4),
)
TAIL_MIX = (
    ("peer", 40),
    ("engineer", 25),
    ("founder", 10),
    ("investor", 6),
    ("climate", 6),
    ("customer", 8),
    ("recruiter", 5),
)


def _org(name: str) -> Org:
    return next(o for o in (*ORGS, OWNER_ORG) if o.name == name)


class _Cast:
    """Who is in the owner's life, and how contact with them goes."""

    def __init__(self, rng: random.Random, factory: PersonFactory, today: date) -> None:
        self.rng = rng
        self.f = factory
        self.today = today
        self.limit = day_start(today)
        self.plans: list[Plan] = []
        self.roles: dict[str, int] = {}  # named roles other parts use: cofounder, mentor, ...

    def _plan(self, p: Person, tier: str, arche: str, years: float, friend: bool = False) -> Plan:
        start = self.limit - timedelta(days=int(years * YEAR))
        if p.connected_at is not None and p.connected_at > start:
            start = p.connected_at
        assert p.id is not None
        plan = Plan(p.id, tier, arche, start=start, end=self.limit, friend=friend)
        self.plans.append(plan)
        return plan

    def inner(self) -> None:
        """Five people the owner talks to every week or two."""
        f = self.f
        # (role, archetype, organization, title, extra tags, a friend rather than a colleague)
        specs: tuple[tuple[str, str, Org | None, str | None, tuple[str, ...], bool], ...] = (
            ("cofounder", "engineer", OWNER_ORG, "Co-founder & CTO", ("cofounder",), False),
            (
                "mentor",
                "advisor",
                _org("Lattice Angels"),
                "Angel Investor & Mentor",
                ("mentor", "investor", "angel"),
                False,
            ),
            ("best_friend", "peer", None, None, ("friend",), True),
            ("sibling", "peer", None, None, ("family",), True),
            ("climate_friend", "climate", None, None, ("friend",), True),
        )
        for role, arche, org, title, tags, friend in specs:
            connected = role != "sibling"
            when = f.connection_date(4 * YEAR, 12 * YEAR) if connected else None
            p = f.make(
                arche, connected, when, org=org, title=title, tags=tags, phone=True, work_email=not friend
            )
            p.closeness = 1.0 if friend else 0.8  # the owner said how close they are
            self.roles[role] = self._plan(p, INNER, arche, 3, friend).pid

    def close(self) -> None:
        """Ten more people in regular, warm contact; one of them goes silent."""
        f = self.f
        p = f.make(
            "engineer",
            True,
            f.connection_date(5 * YEAR, 9 * YEAR),
            title="Staff Engineer",
            tags=("former-colleague", "friend"),
            phone=True,
            work_email=False,
        )
        silent = self._plan(p, CLOSE, "engineer", 3, friend=True)
        silent.end = self.limit - timedelta(days=SILENT_DAYS)
        p.closeness = 0.8
        self.roles["silent_tie"] = silent.pid
        mix = (
            "investor",
            "investor",
            "engineer",
            "engineer",
            "founder",
            "founder",
            "climate",
            "advisor",
            "peer",
            "peer",
        )
        for i, arche in enumerate(mix):
            recent = i in (3, 6)  # two close ties that grew in the last two years
            when = f.connection_date(YEAR, 2 * YEAR) if recent else f.connection_date(3 * YEAR, 10 * YEAR)
            friend = arche == "peer"
            q = f.make(
                arche, True, when, phone=True, work_email=not friend, tags=("friend",) if friend else ()
            )
            plan = self._plan(q, CLOSE, arche, 3, friend)
            self.roles.setdefault(f"close_{arche}", plan.pid)

    def regular(self, tier: str, mix: tuple[tuple[str, int], ...], years: float, phone: float) -> None:
        """The regular or occasional contacts of one tier."""
        f, rng = self.f, self.rng
        for arche, n in mix:
            for _ in range(n):
                connected = rng.random() < (0.9 if tier == ACTIVE else 0.8)
                when = f.connection_date(60, 8 * YEAR)
                p = f.make(arche, connected, when, phone=rng.random() < phone)
                self._plan(p, tier, arche, years)

    def one_sided(self) -> None:
        """An investor the owner courts, who never answers."""
        p = self.f.make(
            "investor", True, self.f.connection_date(300, 900), org=_org("Gradient Capital"), title="Partner"
        )
        plan = self._plan(p, ACTIVE, "investor", 1)
        plan.one_sided = True
        self.roles["one_sided"] = plan.pid

    def tail(self) -> None:
        """LinkedIn connections never contacted, up to the target number of connections."""
        have = sum(1 for p in self.f.people if p.connected_at is not None)
        names = [a for a, n in TAIL_MIX for _ in range(n)]
        for _ in range(max(0, LINKEDIN_CONNECTIONS - have)):
            arche = self.rng.choice(names)
            when = self.f.connection_date(60, 10 * YEAR)  # recent connections come from events
            p = self.f.make(arche, True, when, email=self.rng.random() < 0.04)
            assert p.id is not None
            self.plans.append(Plan(p.id, TAIL, arche, start=self.limit, end=self.limit))


def generate(seed: int, today: date) -> DemoNetwork:
    """One professional's year up to ``today``, the same for the same seed and day."""
    rng = random.Random(seed)
    f = PersonFactory(rng, today)
    owner = f.owner()
    cast = _Cast(rng, f, today)
    cast.inner()
    cast.close()
    cast.one_sided()
    cast.regular(ACTIVE, ACTIVE_MIX, 1.5, 0.4)
    cast.regular(KNOWN, KNOWN_MIX, 1.0, 0.1)
    tl = Timeline(rng, today, lambda pid: owner if pid == OWNER_ID else f.people[pid - 1])
    planner = EventPlanner(rng, f, tl, cast.plans)
    planner.build()
    extras = Extras(rng, today, f, tl, cast.plans, cast.roles, planner)
    extras.origins()
    _histories(tl, cast.plans, cast.roles)
    extras.group_mails()
    cast.tail()
    network = DemoNetwork(
        seed=seed,
        today=today,
        owner=owner,
        people=f.people,
        interactions=sorted(tl.items, key=lambda it: (it.at, it.source_id or "")),
        details=extras.details(),
        goals=extras.goals(),
        events=planner.events,
        met=planner.met,
        outcomes=[],
        favors=extras.favors(),
        settings=DemoSettings(),
        tiers={p.pid: p.tier for p in cast.plans},
        planted={},
    )
    network.outcomes = extras.outcomes(network.goals)
    network.planted = _planted(network, cast.roles, planner, extras)
    return network


def _histories(tl: Timeline, plans: list[Plan], roles: dict[str, int]) -> None:
    for plan in plans:
        if plan.tier in (INNER, CLOSE, ACTIVE, KNOWN):
            if plan.one_sided:
                contact.one_sided(tl, plan)
            else:
                contact.history(tl, plan)
    silent = next(p for p in plans if p.pid == roles["silent_tie"])
    contact.strong_tie_farewell(tl, silent)


def _planted(
    net: DemoNetwork, roles: dict[str, int], planner: EventPlanner, extras: Extras
) -> dict[str, object]:
    start = net.today - timedelta(days=BURNOUT_START_DAYS_AGO)
    burnout = [net.events[i - 1] for i in planner.burnout_ids]
    silent = roles["silent_tie"]
    times = sorted(it.at for it in net.interactions if any(p.person_id == silent for p in it.participants))
    unfollowed_events = sorted(
        {eid for eid, ids in net.met.items() for pid in ids if pid in planner.unfollowed}
    )
    return {
        "burnout": {
            "start": start,
            "end": start + timedelta(days=BURNOUT_DAYS),
            "event_ids": planner.burnout_ids,
            "nights": len(burnout),
            "hours": round(sum(e.hours_cost or 0 for e in burnout), 1),
        },
        "silent_tie": {
            "person_id": silent,
            "first_contact": times[0].date(),
            "last_contact": times[-1].date(),
        },
        "unfollowed": {"person_ids": sorted(planner.unfollowed), "event_ids": unfollowed_events},
        "one_sided": {"person_id": roles["one_sided"]},
        "upcoming_birthday": extras.upcoming_birthday,
    }
