"""The reciprocity sign: favours and initiative given against received, and one-sided relationships."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from innercircle.core.history import IN, OUT, History
from innercircle.core.model import Favor, Interaction
from innercircle.core.signs import MIN_VOLUME, HealthInput, Sign, person_ref, status_of, weekly, worse


def _initiative(h: HealthInput, s: datetime, e: datetime) -> tuple[int, int]:
    """(given, received): 1:1 interactions the user started or the other side started, plus favours."""
    rows = h.history.rows(s, e)
    small = h.history.group_size[rows] <= 2
    given = int(np.count_nonzero(small & (h.history.direction[rows] == OUT)))
    received = int(np.count_nonzero(small & (h.history.direction[rows] == IN)))
    for f in h.favors:
        if s <= f.at < e:
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
    return initiative_of(History.of(interactions), favors, me_id, start, end)


def initiative_of(
    h: History, favors: Sequence[Favor], me_id: int | None, start: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """``initiative_by_person`` over interactions given as arrays (people in order of appearance)."""
    rows = h.rows(start, end)
    lo, hi = np.searchsorted(h.part_row, [rows.start, rows.stop])
    # each person once per interaction, interactions in time order, each one's people by id
    by = np.lexsort((h.part_person[lo:hi], h.part_row[lo:hi]))
    part_row, people = h.part_row[lo:hi][by], h.part_person[lo:hi][by]
    direction = h.direction[part_row]
    keep = (h.group_size[part_row] <= 2) & np.isin(direction, [OUT, IN])
    if me_id is not None:
        keep &= people != me_id
    repeat = np.zeros(part_row.shape[0], dtype=np.bool_)
    repeat[1:] = (part_row[1:] == part_row[:-1]) & (people[1:] == people[:-1])
    keep &= ~repeat
    who, mine = people[keep], direction[keep] == OUT
    ids, first, inverse = np.unique(who, return_index=True, return_inverse=True)
    gave = np.bincount(inverse, weights=mine, minlength=ids.shape[0])
    got = np.bincount(inverse, weights=~mine, minlength=ids.shape[0])
    out: dict[int, tuple[int, int]] = {}
    for k in np.argsort(first, kind="stable").tolist():
        out[int(ids[k])] = (int(gave[k]), int(got[k]))
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
    start = h.now - timedelta(days=days)
    counts = initiative_of(h.history, h.favors, h.me_id, start, h.now)
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
        f"favours); {_one_sided_count(len(sided))}" + (f": {names}." if sided else ".")
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


def _one_sided_count(n: int) -> str:
    """'no relationship is one-sided', '1 relationship is one-sided', '3 relationships are one-sided'."""
    if n == 0:
        return "no relationship is one-sided"
    return f"{n} relationship{'s are' if n > 1 else ' is'} one-sided"
