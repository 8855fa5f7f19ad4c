"""The shape of a health sign and what the signs are computed from (shared by health and reciprocity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from innercircle.core.history import I64, History, people_of
from innercircle.core.model import Favor
from innercircle.core.ties.score import TieScore
from innercircle.core.timeuse import WEEK, Budget, TimeLedger

SIGNS = (
    "burnout",
    "surface_relationships",
    "lack_of_focus",
    "lost_productivity",
    "neglected_contacts",
    "reciprocity",
)
STRONG_TIERS = ("inner", "close")
REGULAR_TIERS = ("inner", "close", "active")  # the people in regular contact
NEW_DAYS = 56  # a contact is new for eight weeks
FOLLOW_UP_DAYS = 14
RANK = {"alert": 2, "warning": 1, "ok": 0}
MIN_VOLUME = 8  # fewer interactions than this are too few to judge a share
LOOKBACK_WEEKS = 12  # burnout and lost productivity look back a quarter
# the longest look back of any sign that follows people one by one (new contacts: eight weeks): a
# HealthInput's ``since`` may be there, no later
LOOKBACK = timedelta(days=NEW_DAYS)


@dataclass(slots=True)
class Sign:
    """One sign of over-networking (higher values are worse)."""

    name: str
    value: float
    threshold: float  # warning from here
    alert_at: float
    status: str  # ok | warning | alert
    trend: list[float]  # 8 weekly values, oldest first
    explanation: str
    unit: str = ""
    action: str = ""
    people: list[dict[str, object]] = field(default_factory=list)


@dataclass(slots=True)
class HealthInput:
    """Everything the signs are computed from (plain data; ``now`` given)."""

    now: datetime
    budget: Budget
    ledger: TimeLedger
    history: History  # the interactions before ``now``, as arrays
    first_seen: Mapping[int, datetime]
    ties: Mapping[int, TieScore]
    relevant: set[int]  # people who fit an active goal
    relevant_events: set[int]  # events whose topics fit an active goal
    favors: Sequence[Favor]
    me_id: int | None
    names: Mapping[int, str]
    has_goals: bool = True
    met_at: Mapping[int, datetime] = field(default_factory=dict)  # first event where the user met them
    # the signs that follow people one by one read the interactions from ``since`` on (at most LOOKBACK
    # before ``now``; None: all of them); someone seen before it is not new, whatever came since
    since: datetime | None = None
    by_person: dict[int, I64] = field(init=False, default_factory=dict)  # rows from ``since``, oldest first
    _before: set[int] = field(init=False, default_factory=set)  # people with an interaction before ``since``

    def __post_init__(self) -> None:
        if self.since is not None and self.since > self.now - LOOKBACK:
            raise ValueError("the interactions of a health input must reach back LOOKBACK")
        h = self.history
        start = 0 if self.since is None else h.start_of(self.since)
        rows, people = people_of(h, slice(start, len(h)), None)
        order = np.lexsort((rows, people))
        rows, people = rows[order], people[order]
        cut = np.flatnonzero(np.r_[True, people[1:] != people[:-1]]) if people.size else np.zeros(0, np.int64)
        ends = np.r_[cut[1:], people.size] if people.size else cut
        self.by_person = {int(pid): rows[a:b] for pid, a, b in zip(people[cut], cut, ends, strict=True)}
        lo = int(np.searchsorted(h.part_row, start, side="left"))
        self._before = {int(p) for p in np.unique(h.part_person[:lo])}

    def seen_before_window(self, pid: int) -> bool:
        """The person took part in an interaction before ``since``."""
        return pid in self._before


@dataclass(slots=True)
class Health:
    """The signs, an overall verdict and the three most useful actions."""

    signs: list[Sign]
    verdict: str
    status: str
    actions: list[str]


def status_of(value: float, warn: float, alert: float) -> str:
    """ok below the threshold, warning from it, alert from the alert level."""
    return "alert" if value >= alert else "warning" if value >= warn else "ok"


def worse(a: str, b: str) -> str:
    """The worse of two statuses."""
    return a if RANK[a] >= RANK[b] else b


def weekly(now: datetime, fn: Callable[[datetime, datetime], float]) -> list[float]:
    """A measure over each of the last 8 weeks, oldest first (the trend of a sign)."""
    return [round(fn(now - (k + 1) * WEEK, now - k * WEEK), 3) for k in reversed(range(8))]


def person_ref(h: HealthInput, pid: int, why: str) -> dict[str, object]:
    """A person a sign points at, with why."""
    return {"person_id": pid, "name": h.names.get(pid, f"#{pid}"), "why": why}
