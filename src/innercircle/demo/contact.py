"""Bursty, tier-dependent contact histories, group mails and introductions."""

from __future__ import annotations

from datetime import datetime, timedelta

from innercircle.core.model import Channel, Person
from innercircle.demo.catalog import ARCHETYPES, FRIEND_SUBJECTS
from innercircle.demo.network import ACTIVE, CLOSE, INNER, KNOWN, OWNER_ID, Plan
from innercircle.demo.people import phone_of, url_of
from innercircle.demo.timeline import MANUAL, Timeline

# Mean days between episodes of contact; gaps are gamma-distributed with shape < 1, so contact comes
# in bursts with long quiet stretches between them, as it does in real logs.
MEAN_GAP = {INNER: 5.0, CLOSE: 17.0, ACTIVE: 45.0, KNOWN: 130.0}
BURSTINESS = 0.55
EPISODES = {
    INNER: (("chat", 0.48), ("call", 0.32), ("meet", 0.05), ("mail", 0.15)),
    CLOSE: (("meet", 0.14), ("call", 0.24), ("mail", 0.38), ("chat", 0.12), ("linkedin", 0.12)),
    ACTIVE: (("mail", 0.58), ("meet", 0.11), ("linkedin", 0.19), ("call", 0.12)),
    KNOWN: (("mail", 0.55), ("linkedin", 0.33), ("meet", 0.08), ("call", 0.04)),
}
MEETING = {INNER: ("Dinner", 120), CLOSE: ("Coffee", 45), ACTIVE: ("Coffee", 45), KNOWN: ("Intro call", 30)}


def _pick(tl: Timeline, weighted: tuple[tuple[str, float], ...]) -> str:
    names = [n for n, _ in weighted]
    return tl.rng.choices(names, weights=[w for _, w in weighted])[0]


def history(tl: Timeline, plan: Plan) -> None:
    """Every episode of contact between the owner and one person, within the plan's window."""
    rng = tl.rng
    mean = MEAN_GAP[plan.tier]
    at = plan.start + timedelta(days=rng.random() * min(mean, 30))
    episodes = 0
    lean = 0.5 + rng.uniform(-0.15, 0.15)  # how often the owner starts things with this person
    while at < plan.end:
        _episode(tl, plan, at, rng.random() < lean)
        episodes += 1
        at += timedelta(days=max(0.3, rng.gammavariate(BURSTINESS, mean / BURSTINESS)))
    if episodes == 0 and plan.start < plan.end:
        span = (plan.end - plan.start).total_seconds()
        _episode(tl, plan, plan.start + timedelta(seconds=rng.random() * span), rng.random() < lean)


def _episode(tl: Timeline, plan: Plan, at: datetime, me_first: bool) -> None:
    person = tl.person(plan.pid)
    kind = _pick(tl, EPISODES[plan.tier])
    if kind in ("chat", "call") and phone_of(person) is None:
        kind = "mail"
    if kind == "linkedin" and url_of(person) is None:
        kind = "mail"
    rng = tl.rng
    day = at.date()
    if kind == "chat":
        tl.chat(tl.moment(day, "any"), me_first, plan.pid, rng.randint(2, 6), Channel.SMS, MANUAL)
    elif kind == "call":
        tl.call(tl.moment(day, "any"), me_first, plan.pid, rng.randint(4, 50 if plan.tier == INNER else 30))
    elif kind == "meet":
        what, minutes = MEETING[plan.tier]
        moment = tl.moment(day, "evening" if what == "Dinner" else "work")
        _meet(tl, moment, plan, me_first, minutes, f"{what}: {_first(person)} / Alex")
    elif kind == "linkedin":
        n = rng.randint(1, 3)
        sender, receiver = (OWNER_ID, plan.pid) if me_first else (plan.pid, OWNER_ID)
        moment = tl.moment(day, "any")
        for _ in range(n):
            tl.linkedin(moment, sender, receiver, _subject(tl, plan))
            sender, receiver = receiver, sender
            moment += timedelta(hours=rng.randint(1, 40))
    else:
        replies = min(4, int(rng.expovariate(0.7)) + (1 if rng.random() < 0.7 else 0))
        mails = tl.thread(tl.moment(day, "work"), me_first, plan.pid, _subject(tl, plan), replies)
        if mails and plan.tier in (CLOSE, ACTIVE) and rng.random() < 0.1:
            what, minutes = MEETING[plan.tier]
            later = tl.moment(day + timedelta(days=rng.randint(2, 8)), "work")
            _meet(tl, later, plan, me_first, minutes, f"{what}: {_first(person)} / Alex")


def _meet(tl: Timeline, at: datetime, plan: Plan, me_first: bool, minutes: int, subject: str) -> None:
    if me_first:
        tl.meeting(at, OWNER_ID, [plan.pid], minutes, subject)
    else:
        tl.meeting(at, plan.pid, [OWNER_ID], minutes, subject)


def _first(person: Person) -> str:
    return person.name.split()[0]


def _subject(tl: Timeline, plan: Plan) -> str:
    if plan.friend and tl.rng.random() < 0.5:
        return tl.rng.choice(FRIEND_SUBJECTS)
    return tl.rng.choice(ARCHETYPES[plan.archetype].subjects)


def one_sided(tl: Timeline, plan: Plan) -> None:
    """The owner keeps writing; the other side never answers nor starts anything."""
    rng = tl.rng
    at = plan.start + timedelta(days=rng.randint(3, 20))
    subjects = ARCHETYPES[plan.archetype].subjects
    while at < plan.end:
        day = at.date()
        if url_of(tl.person(plan.pid)) and rng.random() < 0.3:
            tl.linkedin(
                tl.moment(day, "work"),
                OWNER_ID,
                plan.pid,
                "Hi! Would love to get your view on our seed round",
            )
        else:
            tl.nudges(tl.moment(day, "work"), plan.pid, rng.choice(subjects), rng.randint(1, 3))
        at += timedelta(days=rng.randint(20, 45))


def strong_tie_farewell(tl: Timeline, plan: Plan) -> None:
    """The last contact of the tie that goes silent: a warm dinner right before the cutoff."""
    at = tl.moment((plan.end - timedelta(days=1)).date(), "evening")
    tl.meeting(at, OWNER_ID, [plan.pid], 150, f"Dinner: {_first(tl.person(plan.pid))} / Alex")


def _alive(plans: list[Plan], at: datetime) -> list[Plan]:
    return [p for p in plans if p.start <= at < p.end and not p.one_sided]


def investor_updates(tl: Timeline, investors: list[Plan], months: int) -> None:
    """A monthly update mail from the owner to the investors they know; sometimes one replies."""
    rng = tl.rng
    for m in range(months, 0, -1):
        day = (tl.limit - timedelta(days=30 * m - rng.randint(0, 4))).date()
        at = tl.moment(day, "work")
        to = [p.pid for p in investors if p.start <= at < p.end]
        if len(to) < 2:
            continue
        first = tl.mail(at, OWNER_ID, sorted(to), f"Tessellate investor update #{months - m + 1}")
        repliers = [p.pid for p in investors if p.pid in to and not p.one_sided]
        if first is not None and repliers and rng.random() < 0.5:
            later = at + timedelta(hours=rng.randint(2, 30))
            tl.mail(later, rng.choice(repliers), [OWNER_ID], f"Re: {first.subject}", (), first.message_id)


def introduction(tl: Timeline, at: datetime, introducer: int, target: int, meet: bool = True) -> None:
    """Someone introduces the owner to a target by mail; owner and target answer; they meet."""
    rng = tl.rng
    subject = f"Intro: Alex (Tessellate) <> {_first(tl.person(target))}"
    first = tl.mail(at, introducer, [OWNER_ID, target], subject)
    if first is None:
        return
    reply = tl.mail(
        at + timedelta(hours=rng.randint(1, 6)),
        OWNER_ID,
        [target],
        f"Re: {subject}",
        (introducer,),
        first.message_id,
    )
    if reply is None:
        return
    answer = tl.mail(
        reply.at + timedelta(hours=rng.randint(2, 30)),
        target,
        [OWNER_ID],
        f"Re: {subject}",
        (),
        reply.message_id,
    )
    if answer is not None and meet:
        later = tl.moment((answer.at + timedelta(days=rng.randint(3, 9))).date(), "work")
        tl.meeting(later, target, [OWNER_ID], 45, f"Intro call: {_first(tl.person(target))} / Alex")


def friend_dinners(tl: Timeline, friends: list[Plan], count: int) -> None:
    """A friend invites the owner and a few others to dinner; a couple reply to all."""
    rng = tl.rng
    for _ in range(count):
        at = tl.limit - timedelta(days=rng.randint(5, 360))
        alive = _alive(friends, at)
        if len(alive) < 3:
            continue
        host, *guests = rng.sample(alive, min(len(alive), rng.randint(3, 4)))
        to = [OWNER_ID] + [g.pid for g in guests]
        first = tl.mail(
            tl.moment(at.date(), "evening"),
            host.pid,
            to,
            rng.choice(("Dinner at ours?", "Birthday drinks", "Summer BBQ")),
        )
        if first is None:
            continue
        for g in [*guests[:1], None]:
            sender = OWNER_ID if g is None else g.pid
            rest = [p for p in [host.pid, *to] if p != sender]
            tl.mail(
                first.at + timedelta(hours=rng.randint(1, 20)),
                sender,
                rest,
                f"Re: {first.subject}",
                (),
                first.message_id,
            )


def hiring_threads(tl: Timeline, recruiters: list[Plan], cofounder: int, count: int) -> None:
    """The owner writes to recruiters about the engineering roles, the co-founder in cc."""
    rng = tl.rng
    for _ in range(count):
        at = tl.limit - timedelta(days=rng.randint(10, 120))
        alive = _alive(recruiters, at)
        if not alive:
            continue
        who = rng.choice(alive)
        tl.thread(
            tl.moment(at.date(), "work"),
            True,
            who.pid,
            rng.choice(ARCHETYPES["recruiter"].subjects),
            rng.randint(1, 3),
            (cofounder,),
        )
