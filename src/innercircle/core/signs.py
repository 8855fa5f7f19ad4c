"""The shape of a health sign and what the signs are computed from (shared by health and reciprocity)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from innercircle.core.history import History
from innercircle.core.model import Favor, Interaction
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
# the longest look back of any sign over interaction objects (new contacts: eight weeks); the
# interactions of a HealthInput may begin there (``since``), longer looks use the arrays of all of them
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
    interactions: Sequence[Interaction]
    first_seen: Mapping[int, datetime]
    ties: Mapping[int, TieScore]
    relevant: set[int]  # people who fit an active goal
    relevant_events: set[int]  # events whose topics fit an active goal
    favors: Sequence[Favor]
    me_id: int | None
    names: Mapping[int, str]
    has_goals: bool = True
    met_at: Mapping[int, datetime] = field(default_factory=dict)  # first event where the user met them
    # ``interactions`` may hold only those at or after ``since`` (at most LOOKBACK before ``now``); then
    # ``first_contact`` gives each person's first interaction and ``history`` all of them as arrays
    since: datetime | None = None
    first_contact: Mapping[int, datetime] = field(default_factory=dict)
    history: History | None = None  # every interaction as arrays (made from ``interactions`` when None)
    by_person: dict[int, list[Interaction]] = field(init=False, default_factory=dict)
    _ordered: list[Interaction] = field(init=False, default_factory=list)
    _times: list[datetime] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        if self.since is not None and self.since > self.now - LOOKBACK:
            raise ValueError("the interactions of a health input must reach back LOOKBACK")
        if self.history is None:
            if self.since is not None:
                raise ValueError("a health input of recent interactions needs the history of all")
            self.history = History.of(self.interactions)
        self._ordered = sorted(self.interactions, key=lambda i: i.at)
        self._times = [it.at for it in self._ordered]
        for it in self._ordered:
            for p in {p.person_id for p in it.participants}:
                self.by_person.setdefault(p, []).append(it)

    @property
    def full(self) -> History:
        """Every interaction as arrays."""
        assert self.history is not None  # made in __post_init__ when not given
        return self.history

    def between(self, start: datetime, end: datetime) -> list[Interaction]:
        """The interactions in [start, end), oldest first."""
        lo = bisect_left(self._times, start)
        return self._ordered[lo : max(lo, bisect_left(self._times, end))]

    def seen_before_window(self, pid: int) -> bool:
        """The person's first interaction is older than the interactions held."""
        first = self.first_contact.get(pid)
        return self.since is not None and first is not None and first < self.since


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


def others(it: Interaction, me_id: int | None) -> list[int]:
    """The people of an interaction other than the user."""
    return sorted({p.person_id for p in it.participants if p.person_id != me_id})


def person_ref(h: HealthInput, pid: int, why: str) -> dict[str, object]:
    """A person a sign points at, with why."""
    return {"person_id": pid, "name": h.names.get(pid, f"#{pid}"), "why": why}
