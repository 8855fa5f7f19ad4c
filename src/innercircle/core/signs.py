"""The shape of a health sign and what the signs are computed from (shared by health and reciprocity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from innercircle.core.history import (
    CHANNEL_CODE,
    I64,
    IN,
    MUTUAL,
    OUT,
    ROLE_CODE,
    History,
    moment,
    people_of,
)
from innercircle.core.model import Channel, Favor, Role
from innercircle.core.onesided import contacts_from
from innercircle.core.ties.model import PRESENT, Contacts
from innercircle.core.ties.score import TieScore
from innercircle.core.timeuse import WEEK, Budget, TimeLedger

SIGNS = (
    "burnout",
    "surface_relationships",
    "unfollowed_new",
    "lack_of_focus",
    "lost_productivity",
    "neglected_contacts",
    "cooling_ties",
    "reciprocity",
    "one_sided",
)
TIME_SIGNS = ("burnout", "lost_productivity")  # the signs of time and volume against the budget
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
    """One sign of over-networking: one value against the two levels it shows.

    The status is made from the value, never given: ``status_of(value, threshold, alert_at, worse)``, or
    ok when the sign has too little data to judge (``insufficient``, said in the explanation). ``worse``
    states the direction: "higher" (the value is worse the higher it is) or "lower".
    """

    name: str
    value: float  # as shown (rounded): the status is judged on this very number
    threshold: float  # warning from here
    alert_at: float
    trend: list[float]  # what the value measures, week by week over the last 8, oldest first (empty: none)
    explanation: str
    unit: str = ""
    action: str = ""
    people: list[dict[str, object]] = field(default_factory=list)
    worse: str = "higher"  # higher | lower: which way the value is worse
    insufficient: bool = False  # too little data to judge: status ok whatever the value
    status: str = field(init=False)  # ok | warning | alert

    def __post_init__(self) -> None:
        if self.worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {self.worse!r}")
        self.status = expected_status(self)


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
    connected: Mapping[int, datetime] = field(default_factory=dict)  # when the user connected with them
    by_person: dict[int, I64] = field(init=False, default_factory=dict)  # rows from ``since``, oldest first
    _before: set[int] = field(init=False, default_factory=set)  # people with an interaction before ``since``
    contacts: Contacts = field(init=False)  # the tie model's contacts of ``history`` (core/onesided)
    contact_since: dict[int, datetime] = field(init=False, default_factory=dict)  # see contact_times
    _sender: I64 = field(init=False)  # each interaction's writer (role from), -1 when none is listed

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
        self.contacts = contacts_from(h, [self.me_id])
        self.contact_since = contact_times(h, self.me_id, self.met_at, self.connected)
        self._sender = np.full(len(h), -1, np.int64)
        wrote = h.part_role == ROLE_CODE[Role.FROM.value]
        self._sender[h.part_row[wrote]] = h.part_person[wrote]

    def parts(self, pid: int, rows: I64) -> npt.NDArray[np.int8]:
        """The person's part in each of ``rows`` (core.history.part_direction): ``in`` only where they wrote
        it; a co-recipient of mail someone else wrote is PRESENT, never heard from."""
        d = self.history.direction[rows]
        return np.where((d == IN) & (self._sender[rows] != pid), np.int8(PRESENT), d).astype(np.int8)

    def contact_by(self, pid: int, end: datetime) -> bool:
        """The person was a contact of the user before ``end`` (see :func:`contact_times`)."""
        at = self.contact_since.get(pid)
        return at is not None and at < end

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


def contact_times(
    h: History, me_id: int | None, met_at: Mapping[int, datetime], connected: Mapping[int, datetime]
) -> dict[int, datetime]:
    """When each person became a contact of the user: the first interaction the user took part in as
    more than a recipient (one they started, a reply, a meeting, call or event with them), the first
    event where the user met them, or the day they connected; whichever came first. Mail the user never
    answered, from someone they never wrote to, makes nobody a contact."""
    mask = h.others(me_id)
    rows, people = h.part_row[mask], h.part_person[mask]
    d, ch = h.direction[rows], h.channel[rows]
    talked = np.isin(ch, [CHANNEL_CODE[c] for c in (Channel.MEETING, Channel.CALL, Channel.EVENT)])
    took_part = (d == OUT) | (d == MUTUAL) | (talked & (d == IN))
    ids, first = np.unique(people[took_part], return_index=True)
    ats = h.at[rows[took_part][first]]
    out = {int(p): moment(int(a)) for p, a in zip(ids.tolist(), ats.tolist(), strict=True)}
    for extra in (met_at, connected):
        for pid, at in extra.items():
            if pid != me_id and (pid not in out or at < out[pid]):
                out[pid] = at
    return out


def status_of(value: float, warn: float, alert: float, worse: str = "higher") -> str:
    """ok short of the threshold, warning from it, alert from the alert level; ``worse="lower"``: the
    same downwards (warning at or below the threshold, alert at or below the alert level)."""
    if worse == "lower":
        return "alert" if value <= alert else "warning" if value <= warn else "ok"
    return "alert" if value >= alert else "warning" if value >= warn else "ok"


def expected_status(s: Sign) -> str:
    """The status a sign's value and levels say: ok when it has too little data to judge."""
    return "ok" if s.insufficient else status_of(s.value, s.threshold, s.alert_at, s.worse)


def worse(a: str, b: str) -> str:
    """The worse of two statuses."""
    return a if RANK[a] >= RANK[b] else b


def weekly(now: datetime, fn: Callable[[datetime, datetime], float]) -> list[float]:
    """A measure over each of the last 8 weeks, oldest first (the trend of a sign)."""
    return [round(fn(now - (k + 1) * WEEK, now - k * WEEK), 3) for k in reversed(range(8))]


def person_ref(h: HealthInput, pid: int, why: str) -> dict[str, object]:
    """A person a sign points at, with why."""
    return {"person_id": pid, "name": h.names.get(pid, f"#{pid}"), "why": why}
