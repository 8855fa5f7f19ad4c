"""The reciprocity signs: the share of the exchanges the user started or gave, and the one-sided ties.

Both read the counts of ``core/onesided`` (by you, by them, over the last six months), the very counts
``show`` prints; the share adds the favours given and received.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from innercircle.core.onesided import WINDOW_DAYS, Reach, reach_arrays
from innercircle.core.signs import MIN_VOLUME, HealthInput, Sign, person_ref, weekly

ONE_SIDED_DAYS = WINDOW_DAYS  # the window in which reaching out and favours are weighed


def reach(h: HealthInput, end: datetime) -> dict[int, Reach]:
    """Person → what each side did in the ``WINDOW_DAYS`` before ``end`` (the user left out)."""
    e = end.timestamp()
    keys, you, them = reach_arrays(h.contacts, e - WINDOW_DAYS * 86400.0, e)
    return {k: Reach(y, t) for k, y, t in zip(keys.tolist(), you.tolist(), them.tolist(), strict=True)}


def _exchanges(h: HealthInput, s: datetime, e: datetime) -> tuple[int, int]:
    """(by you, by them) summed over everyone in [s, e), plus the favours given and received."""
    a, b = s.timestamp(), e.timestamp()
    _keys, you, them = reach_arrays(h.contacts, a, b)
    given, received = int(you.sum()), int(them.sum())
    for f in h.favors:
        if s <= f.at < e:
            given += f.direction == "gave"
            received += f.direction == "received"
    return given, received


def one_sided(h: HealthInput, end: datetime | None = None) -> list[tuple[int, Reach]]:
    """(person, counts) of the one-sided ties at ``end`` (default: now), most reached out to first."""
    counts = reach(h, h.now if end is None else end)
    out = [(pid, r) for pid, r in counts.items() if r.one_sided and pid != h.me_id]
    out.sort(key=lambda x: (-x[1].by_you, h.names.get(x[0], ""), x[0]))
    return out


def reciprocity(h: HealthInput) -> Sign:
    """The share of the last six months' exchanges (by you, by them, favours) that the user started."""

    def share(s: datetime, e: datetime) -> float:
        given, received = _exchanges(h, s, e)
        return given / (given + received) if given + received else 0.5

    start = h.now - timedelta(days=ONE_SIDED_DAYS)
    given, received = _exchanges(h, start, h.now)
    value = share(start, h.now)
    thin = given + received < MIN_VOLUME
    why = (
        f"Too little to judge: {given + received} exchanges in the last 6 months (at least {MIN_VOLUME})."
        if thin
        else f"You started or gave {value:.0%} of the exchanges of the last 6 months: {given} by you, "
        f"{received} by them (mails, calls and meetings, favours)."
    )
    action = "Ask for help as well as giving it: relationships live on both sides."
    return Sign(
        "reciprocity", round(value, 3), 0.7, 0.85, weekly(h.now, share), why, "share", action,
        insufficient=thin,
    )  # fmt: skip


def one_sided_sign(h: HealthInput) -> Sign:
    """How many ties are one-sided (``core/onesided``): the user keeps reaching out, they never do."""
    sided = one_sided(h)
    names = ", ".join(h.names.get(p, f"#{p}") for p, _ in sided[:3])
    why = f"{_one_sided_count(len(sided))} (you reached out at least 3 times in 6 months, they never did)" + (
        f": {names}." if sided else "."
    )
    action = (
        f"Stop chasing one-sided relationships ({names}): give them room to reciprocate, or let go."
        if sided
        else "Keep giving people room to answer."
    )
    people = [person_ref(h, p, f"one-sided: {r.said()}") for p, r in sided]
    trend = [float(len(one_sided(h, h.now - k * _WEEK))) for k in reversed(range(8))]
    return Sign(
        "one_sided", float(len(sided)), 1.0, 3.0, trend, why, "ties", action, people
    )  # fmt: skip


_WEEK = timedelta(days=7)


def _one_sided_count(n: int) -> str:
    """'no relationship is one-sided', '1 relationship is one-sided', '3 relationships are one-sided'."""
    if n == 0:
        return "no relationship is one-sided"
    return f"{n} relationship{'s are' if n > 1 else ' is'} one-sided"
