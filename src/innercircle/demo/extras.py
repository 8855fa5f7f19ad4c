"""Goals, remembered details, favours, outcomes, introductions and group mails of the demo."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from innercircle.core.model import Detail, Favor, Goal, Outcome
from innercircle.demo import contact
from innercircle.demo.catalog import ACHIEVEMENTS, ASKS, CHALLENGES, CHILD_NAMES, PASSIONS
from innercircle.demo.events import EventPlanner
from innercircle.demo.network import ACTIVE, CLOSE, INNER, KNOWN, Plan
from innercircle.demo.people import PersonFactory
from innercircle.demo.timeline import Timeline

SEED, HIRE, CLIMATE, DESIGN_PARTNER = 1, 2, 3, 4  # goal ids, in the order goals() returns them

GAVE = (
    "Introduced them to a founder in our network",
    "Reviewed their pitch deck",
    "Wrote a reference letter",
    "Shared our hiring playbook",
    "Referred a candidate to their team",
    "Spoke at their meetup",
)
RECEIVED = (
    "Intro to an investor",
    "Feedback on our pricing",
    "Referred a senior engineer",
    "Lent us a desk for a week",
    "Advice on the term sheet",
    "Reviewed our grid-data architecture",
)
ONE_SIDED_GAVE = (
    "Reviewed a portfolio company's deck for them",
    "Introduced them to a founder they wanted to meet",
    "Sent them our grid market report",
)


class Extras:
    """What the owner remembers, owes and gained, around the generated people and events."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        factory: PersonFactory,
        tl: Timeline,
        plans: list[Plan],
        roles: dict[str, int],
        planner: EventPlanner,
    ) -> None:
        self.rng = rng
        self.today = today
        self.f = factory
        self.tl = tl
        self.plans = plans
        self.roles = roles
        self.planner = planner
        self.upcoming_birthday: dict[str, object] = {}
        self.origin_events: dict[str, int] = {}  # role -> event where the owner first met them
        self.intro_at = tl.limit

    def _tier(self, *tiers: str, arche: str | None = None) -> list[Plan]:
        return [
            p
            for p in self.plans
            if p.tier in tiers
            and not p.one_sided
            and (arche is None or p.archetype == arche)
            and p.pid not in self.roles.values()
        ]

    def _ago(self, days: int) -> datetime:
        """Late morning, ``days`` before today."""
        return self.tl.limit - timedelta(days=days, hours=-11)

    def _plan(self, pid: int) -> Plan:
        return next(p for p in self.plans if p.pid == pid)

    def _during(self, plan: Plan, lo_days: int = 0) -> datetime:
        """A moment inside a plan's contact window (and at least ``lo_days`` before today)."""
        end = min(plan.end, self.tl.limit - timedelta(days=lo_days))
        span = max(0.0, (end - plan.start).total_seconds())
        return plan.start + timedelta(seconds=self.rng.random() * span)

    # ------------------------------------------------------------ relationships that started at events

    def origins(self) -> None:
        """Three regular contacts first met at events: a climate mentor, an investor, the first hire."""
        for role, arche, title in (
            ("climate_mentor", "climate", "Climate Tech Breakfast"),
            ("seed_investor", "investor", "Seed Summit London"),
            ("hire", "engineer", "London Rust Meetup"),
        ):
            plan = self.rng.choice(self._tier(ACTIVE, arche=arche))
            self.roles[role] = plan.pid
            self.origin_events[role] = self.planner.originate(plan, title)

    def group_mails(self) -> None:
        """Investor updates, introductions, friends' dinners, hiring threads with the co-founder in cc."""
        investors = [
            p for p in self.plans if p.tier in (INNER, CLOSE, ACTIVE) and "investor" in self._tags(p)
        ]
        contact.investor_updates(self.tl, investors, 8)
        introducer = self.roles["close_investor"]
        target = self.rng.choice(self._tier(KNOWN, arche="investor"))
        self.roles["intro_target"] = target.pid
        at = self._during(target, lo_days=30)
        contact.introduction(self.tl, self.tl.moment(at.date(), "work"), introducer, target.pid)
        self.intro_at = at
        helpers = [p for p in self._tier(INNER, CLOSE) if "family" not in self._tags(p)]
        for target in self.rng.sample(self._tier(KNOWN), 6):
            who = self.rng.choice(helpers)
            at = self._during(target)
            if at > who.start:
                contact.introduction(
                    self.tl, self.tl.moment(at.date(), "work"), who.pid, target.pid, meet=False
                )
        friends = [p for p in self.plans if p.friend]
        contact.friend_dinners(self.tl, friends, 6)
        recruiters = [p for p in self.plans if p.archetype == "recruiter" and p.tier in (ACTIVE, KNOWN)]
        contact.hiring_threads(self.tl, recruiters, self.roles["cofounder"], 5)

    def _tags(self, plan: Plan) -> list[str]:
        return self.f.people[plan.pid - 1].tags

    # ------------------------------------------------------------ goals, details, favours, outcomes

    def goals(self) -> list[Goal]:
        """What the owner wants this year (ids 1..4; the last one is done)."""
        t, start = self.today, self._ago
        return [
            Goal(
                "Raise a $2M seed round",
                ["investor", "partner", "angel"],
                ["Northstar Ventures", "Harbor Seed Partners", "Evergreen Climate Fund"],
                ["investor", "fundraising"],
                ["funding", "intro"],
                t + timedelta(days=120),
                start(150),
                id=SEED,
            ),
            Goal(
                "Hire two senior engineers",
                ["engineer", "engineering manager", "recruiter"],
                [],
                ["engineering", "hiring"],
                ["job", "referral"],
                t + timedelta(days=90),
                start(120),
                id=HIRE,
            ),
            Goal(
                "Learn climate tech and land a first grid pilot",
                ["energy", "grid", "climate", "sustainability"],
                ["Helio Grid", "Municipal Power Authority"],
                ["climate", "energy"],
                ["mentorship", "collaboration", "client"],
                t + timedelta(days=270),
                start(200),
                id=CLIMATE,
            ),
            Goal(
                "Find a design partner for v1",
                ["operations", "cto"],
                [],
                ["customer"],
                ["client"],
                t - timedelta(days=200),
                start(330),
                done_at=start(210),
                id=DESIGN_PARTNER,
            ),
        ]

    def details(self) -> list[Detail]:
        """Birthdays, children, passions, challenges, achievements and asks the owner remembers."""
        rng, out = self.rng, []
        strong = [p for p in self.plans if p.tier in (INNER, CLOSE)]
        active = [p for p in self.plans if p.tier == ACTIVE]
        friend = self.roles["best_friend"]
        for p in strong + rng.sample(active, len(active) * 2 // 5):
            if p.pid == friend:
                on = self.today + timedelta(days=6)
                born = date(1988, on.month, on.day)  # 1988 is a leap year: 29 February exists
                self.upcoming_birthday = {"person_id": p.pid, "on": on}
            else:
                born = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
            out.append(self._detail(p, "Birthday", "birthday", born))
        for p in rng.sample(strong + active, 20):
            kids = rng.sample(CHILD_NAMES, rng.randint(1, 3))
            ages = sorted((rng.randint(1, 16) for _ in kids), reverse=True)
            text = ", ".join(f"{k} ({a})" for k, a in zip(kids, ages, strict=True))
            out.append(self._detail(p, f"Children: {text}", "family"))
        for kind, texts, n in (("passion", PASSIONS, 15), ("challenge", CHALLENGES, 6), ("ask", ASKS, 5)):
            for p in rng.sample(strong + active, n):
                out.append(self._detail(p, _upper_first(rng.choice(texts)), kind))
        for p in rng.sample([q for q in strong + active if q.pid != self.roles["silent_tie"]], 10):
            on = self.today - timedelta(days=rng.randint(5, 60))
            out.append(self._detail(p, _upper_first(rng.choice(ACHIEVEMENTS)), "achievement", on))
        return out

    def _detail(self, plan: Plan, text: str, kind: str, on: date | None = None) -> Detail:
        return Detail(plan.pid, text, kind, on, created_at=self._during(plan), source="manual")

    def favors(self) -> list[Favor]:
        """The reciprocity ledger: both ways with most people, only given to the one-sided tie."""
        rng, out = self.rng, []
        pool = [p for p in self.plans if p.tier in (INNER, CLOSE, ACTIVE) and not p.one_sided]
        for p in rng.sample(pool, 22):
            for _ in range(rng.randint(1, 2)):
                gave = rng.random() < 0.5
                text = rng.choice(GAVE if gave else RECEIVED)
                out.append(Favor(p.pid, "gave" if gave else "received", text, self._during(p)))
        lonely = self._plan(self.roles["one_sided"])
        for text in ONE_SIDED_GAVE:
            out.append(Favor(lonely.pid, "gave", text, self._during(lonely)))
        return sorted(out, key=lambda f: (f.at, f.person_id))

    def outcomes(self, goals: list[Goal]) -> list[Outcome]:
        """What the network produced, tied to people, goals and events."""
        r, ev = self.roles, self.origin_events
        ago = self._ago
        customers = self._tier(ACTIVE, arche="customer")
        founders = self._tier(ACTIVE, CLOSE, arche="founder")
        engineers = self._tier(CLOSE, arche="engineer")
        return [
            Outcome(
                "client",
                ago(215),
                [customers[0].pid],
                DESIGN_PARTNER,
                None,
                24000.0,
                "Design partner signed for v1",
            ),
            Outcome(
                "mentorship",
                ago(150),
                [r["climate_mentor"]],
                CLIMATE,
                ev["climate_mentor"],
                None,
                "Monthly mentoring on grid markets",
            ),
            Outcome("partnership", ago(100), [founders[0].pid], None, None, None, "Co-marketing webinar"),
            Outcome(
                "referral",
                ago(90),
                [engineers[0].pid],
                HIRE,
                None,
                None,
                "Referred a senior backend engineer",
            ),
            Outcome("collaboration", ago(70), [customers[1].pid], CLIMATE, None, 15000.0, "Grid-data pilot"),
            Outcome("funding", ago(60), [r["mentor"]], SEED, None, 50000.0, "Angel cheque"),
            Outcome(
                "intro",
                self.intro_at + timedelta(days=1),
                [r["close_investor"], r["intro_target"]],
                SEED,
                None,
                None,
                "Warm intro to a partner",
            ),
            Outcome("job", ago(40), [r["hire"]], HIRE, ev["hire"], None, "Signed: senior backend engineer"),
            Outcome(
                "funding",
                ago(25),
                [r["seed_investor"]],
                SEED,
                ev["seed_investor"],
                150000.0,
                "Soft commit for the seed round",
            ),
        ]


def _upper_first(text: str) -> str:
    """Capital first letter, the rest as written ("gave a keynote at GridTech" keeps its GridTech)."""
    return text[:1].upper() + text[1:]
