"""The reciprocity sign: favours and initiative given against received, and one-sided relationships."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from innercircle.core.model import Direction, Favor, Interaction
from innercircle.core.signs import MIN_VOLUME, HealthInput, Sign, others, person_ref, status_of, weekly, worse


def _initiative(h: HealthInput, s: datetime, e: datetime, pid: int | None = None) -> tuple[int, int]:
    """(given, received): interactions the user started or the other side started, plus favours."""
    given = received = 0
    source = h.interactions if pid is None else h.by_person.get(pid, [])
    for it in source:
        if s <= it.at < e and it.group_size <= 2:
            given += it.direction is Direction.OUT
            received += it.direction is Direction.IN
    for f in h.favors:
        if s <= f.at < e and (pid is None or f.person_id == pid):
            given += 2 * (f.direction == "gave")
            received += 2 * (f.direction == "received")
    return given, received


ONE_SIDED_DAYS = 180  # the window in which reaching out and favours are weighed


def initiative_by_person(
    interactions: Sequence[Interaction],
    favors: Sequence[Favor],
    me_id: int | None,
    start: datetime,
    end: datetime,
) -> dict[int, tuple[int, int]]:
    """Person → (given, received) in [start, end): 1:1 contacts each side started; a favour counts twice."""
    out: dict[int, tuple[int, int]] = {}
    for it in interactions:
        if start <= it.at < end and it.group_size <= 2 and it.direction in (Direction.OUT, Direction.IN):
            mine = it.direction is Direction.OUT
            for pid in others(it, me_id):
                g, r = out.get(pid, (0, 0))
                out[pid] = (g + mine, r + (not mine))
    for f in favors:
        if start <= f.at < end:
            g, r = out.get(f.person_id, (0, 0))
            out[f.person_id] = (g + 2 * (f.direction == "gave"), r + 2 * (f.direction == "received"))
    return out


def is_one_sided(given: int, received: int) -> bool:
    """The user does nearly all the giving and reaching out (at least 4 to 1, and at least 4 times)."""
    return given >= 4 and given >= 4 * max(received, 0.5)


def one_sided(h: HealthInput, days: int = ONE_SIDED_DAYS) -> list[tuple[int, int, int]]:
    """(person, given, received) where the user does nearly all the giving and reaching out."""
    counts = initiative_by_person(h.interactions, h.favors, h.me_id, h.now - timedelta(days=days), h.now)
    out = [(pid, g, r) for pid, (g, r) in counts.items() if is_one_sided(g, r)]
    out.sort(key=lambda r: (-(r[1] - r[2]), h.names.get(r[0], "")))
    return out


def reciprocity(h: HealthInput) -> Sign:
    """Favours and initiative given against received: the user always reaching out is a warning."""

    def share(s: datetime, e: datetime) -> float:
        given, received = _initiative(h, s, e)
        return given / (given + received) if given + received else 0.5

    value = share(h.now - timedelta(days=ONE_SIDED_DAYS), h.now)
    sided = one_sided(h)
    volume = sum(_initiative(h, h.now - timedelta(days=ONE_SIDED_DAYS), h.now))
    status = status_of(value, 0.7, 0.85) if volume >= MIN_VOLUME else "ok"
    if sided:
        status = worse(status, "warning")
    names = ", ".join(h.names.get(p, f"#{p}") for p, _, _ in sided[:3])
    why = (
        f"You started or gave {value:.0%} of the exchanges of the last 6 months (1:1 contacts and "
        f"favours); {len(sided)} relationships are one-sided" + (f": {names}." if sided else ".")
    )
    action = (
        f"Stop chasing one-sided relationships ({names}): give them room to reciprocate, or let go."
        if sided
        else "Ask for help as well as giving it: relationships live on both sides."
    )
    people = [person_ref(h, p, f"you gave/initiated {g}, received {r}") for p, g, r in sided]
    return Sign(
        "reciprocity", round(value, 3), 0.7, 0.85, status, weekly(h.now, share), why, "share", action, people
    )
