"""Time spent networking: attended events, meetings and calls outside the user's organization, logged time."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise

import numpy as np

from innercircle.core.history import CHANNEL_CODE, CHANNELS, EPOCH, F64, I8, I64, B, History, micros
from innercircle.core.model import Channel, Event, Interaction

WEEK = timedelta(days=7)
WEEKS_PER_MONTH = 4.345
DEFAULT_HOURS = {Channel.MEETING: 1.0, Channel.CALL: 0.5, Channel.EVENT: 2.0}
DEFAULT_EVENT_HOURS = 2.5
# the longest look back at single time entries (outcomes per hour: 90 days; burnout: 12 weeks)
LEDGER_LOOKBACK = timedelta(days=91)
# evenings, nights and weekends are judged in the owner's local time (the zone given to build_ledger)
EVENING_HOUR = 18
MORNING_HOUR = 7


@dataclass(frozen=True, slots=True)
class Budget:
    """The user's networking budget."""

    hours_per_week: float = 5.0
    events_per_month: float = 4.0

    @property
    def events_per_week(self) -> float:
        """The monthly event budget spread over weeks."""
        return self.events_per_month / WEEKS_PER_MONTH


@dataclass(frozen=True, slots=True)
class TimeEntry:
    """One block of networking time."""

    at: datetime
    hours: float
    kind: str  # event | meeting | call | logged
    people: tuple[int, ...] = ()
    event_id: int | None = None


def off_hours(at: datetime, zone: tzinfo) -> bool:
    """In the evening, at night or at a weekend, on the clock of ``zone`` (the owner's local time)."""
    local = at.astimezone(zone)
    return local.weekday() >= 5 or local.hour >= EVENING_HOUR or local.hour < MORNING_HOUR


def zone_label(zone: tzinfo) -> str:
    """A zone's name for explanations (the IANA key of a ZoneInfo, else what it calls itself)."""
    return str(getattr(zone, "key", None) or zone.tzname(None) or zone)


def attended(e: Event, now: datetime) -> bool:
    """The event is past and the user went (decided to attend, or rated it)."""
    return e.start < now and (e.decision == "attend" or e.rating is not None)


def event_hours(e: Event) -> float:
    """Hours an event costs: as given, or its length plus an hour of travel, or a default."""
    if e.hours_cost is not None:
        return e.hours_cost
    if e.end is not None and e.end > e.start:
        return (e.end - e.start).total_seconds() / 3600 + 1.0
    return DEFAULT_EVENT_HOURS


@dataclass(frozen=True, slots=True)
class LedgerTotals:
    """The hours of every entry of a ledger as arrays, oldest first (for a ledger that holds only the
    recent entries as objects): sums made in entry order, as a loop over the entries makes them."""

    kind: I8  # 0 meeting (logged time too), 1 call, 2 event
    hours: F64
    share_person: I64  # one row per (entry, person), in entry order
    share: F64  # the entry's hours divided among its people

    def by_kind(self) -> dict[str, float]:
        """Hours per kind of time: meeting (logged time counts as meeting), call, event."""
        return {
            name: float(np.cumsum(self.hours[self.kind == k])[-1])
            for k, name in enumerate(_KINDS)
            if np.any(self.kind == k)
        }

    def by_person(self, people: Iterable[int]) -> dict[int, float]:
        """Hours shared with each of these people (an entry's hours divided among its people)."""
        out = {}
        for p in people:
            mine = self.share[self.share_person == p]
            if mine.size:
                out[p] = float(np.cumsum(mine)[-1])
        return out


_KINDS = ("meeting", "call", "event")


@dataclass(slots=True)
class TimeLedger:
    """Networking time entries, oldest first, and the owner's time zone they are judged in.

    With ``since``, ``entries`` hold the events and only the other entries from ``since`` on; windows
    before it are refused, and ``totals`` hold the hours of every entry.
    """

    entries: list[TimeEntry] = field(default_factory=list)
    zone: tzinfo = UTC
    since: datetime | None = None
    totals: LedgerTotals | None = None
    _times: tuple[list[datetime], bool] | None = field(default=None, init=False, repr=False, compare=False)

    def kind_hours(self) -> dict[str, float]:
        """Hours per kind of time over the whole ledger: meeting (and logged), call, event."""
        if self.totals is not None:
            return self.totals.by_kind()
        hours: dict[str, float] = {}
        for t in self.entries:
            key = {"call": "call", "event": "event"}.get(t.kind, "meeting")
            hours[key] = hours.get(key, 0.0) + t.hours
        return hours

    def person_hours(self, people: Iterable[int]) -> dict[int, float]:
        """Hours shared with each of these people over the whole ledger."""
        if self.totals is not None:
            return self.totals.by_person(people)
        wanted = set(people)
        hours: dict[int, float] = {}
        for t in self.entries:
            for p in t.people:
                if p in wanted:
                    hours[p] = hours.get(p, 0.0) + t.hours / max(1, len(t.people))
        return hours

    def off_hours(self, t: TimeEntry) -> bool:
        """The entry fell in the owner's evening, night or weekend."""
        return off_hours(t.at, self.zone)

    def window(self, start: datetime, end: datetime) -> list[TimeEntry]:
        """Entries in [start, end)."""
        if self.since is not None and start < self.since:
            raise ValueError(f"this ledger holds entries from {self.since:%Y-%m-%d %H:%M} on only")
        times = self._sorted_times()
        if times is None:
            return [t for t in self.entries if start <= t.at < end]
        lo = bisect_left(times, start)
        return self.entries[lo : max(lo, bisect_left(times, end))]

    def _sorted_times(self) -> list[datetime] | None:
        """The entries' times when they are in time order, else None (looked at again when entries are
        added or removed)."""
        if self._times is None or len(self._times[0]) != len(self.entries):
            times = [t.at for t in self.entries]
            self._times = (times, all(a <= b for a, b in pairwise(times)))
        times, in_order = self._times
        return times if in_order else None

    def hours(self, start: datetime, end: datetime) -> float:
        """Hours spent in [start, end)."""
        return sum(t.hours for t in self.window(start, end))

    def weekly_hours(self, now: datetime, weeks: int = 8) -> list[float]:
        """Hours per week, oldest first; the last week ends at ``now``."""
        return [round(self.hours(now - (k + 1) * WEEK, now - k * WEEK), 2) for k in reversed(range(weeks))]

    def events(self, start: datetime, end: datetime) -> list[TimeEntry]:
        """Event entries in [start, end)."""
        return [t for t in self.window(start, end) if t.kind == "event"]


def build_ledger(
    events: Sequence[Event],
    interactions: Sequence[Interaction],
    me_id: int | None,
    orgs: Mapping[int, str | None],
    my_org: str | None,
    now: datetime,
    zone: tzinfo = UTC,
) -> TimeLedger:
    """Networking time from attended events, outside meetings and calls, and anything logged with minutes.

    ``zone`` is the owner's local time zone: evenings, weekends and "the same day" are judged on its clock.
    """
    return ledger_of(
        events, History.of([it for it in interactions if it.at < now]), me_id, orgs, my_org, now, zone
    )


def ledger_of(
    events: Sequence[Event],
    h: History,
    me_id: int | None,
    orgs: Mapping[int, str | None],
    my_org: str | None,
    now: datetime,
    zone: tzinfo = UTC,
    since: datetime | None = None,
) -> TimeLedger:
    """``build_ledger`` over interactions given as arrays (only those before ``now`` count). With
    ``since``, only the entries from then on are made (the events all), the rest are in the totals."""
    entries: list[TimeEntry] = []
    event_days: set[date] = set()
    for e in events:
        if attended(e, now):
            entries.append(TimeEntry(e.start, event_hours(e), "event", tuple(e.attendees), e.id))
            event_days.add(e.start.astimezone(zone).date())
    others = h.others(me_id)
    rows, people = h.part_row[others], h.part_person[others]
    counted = (h.at < micros(now)) & (np.bincount(rows, minlength=len(h)) > 0)
    for row in np.flatnonzero(counted & (h.channel == CHANNEL_CODE[Channel.EVENT])).tolist():
        if _utc(int(h.at[row])).astimezone(zone).date() in event_days:
            counted[row] = False  # the same evening, already counted as the event
    timed = np.isin(h.channel, [CHANNEL_CODE[c] for c in DEFAULT_HOURS]) & counted
    meeting = timed & _outside_rows(h, rows, people, timed, orgs, my_org)
    logged = counted & ~meeting & h.manual & (h.duration_s != 0)
    default = np.array([DEFAULT_HOURS.get(c, 0.0) for c in CHANNELS], dtype=np.float64)
    # logged time has minutes (not 0): its hours are the minutes, as a meeting's with minutes are
    hours = np.where(h.duration_s != 0, h.duration_s / 3600, default[h.channel])
    call = meeting & (h.channel == CHANNEL_CODE[Channel.CALL])
    chosen = np.flatnonzero(meeting | logged)
    lo = np.searchsorted(rows, chosen, side="left")
    hi = np.searchsorted(rows, chosen, side="right")
    totals = None
    if since is not None:
        totals = _totals(
            entries, hours[chosen], call[chosen], h.at[chosen], people[np.isin(rows, chosen)], hi - lo
        )
        recent = h.at[chosen] >= micros(since)
        chosen, lo, hi = chosen[recent], lo[recent], hi[recent]
    pids = people.tolist()
    kinds = np.where(call[chosen], "call", np.where(meeting[chosen], "meeting", "logged")).tolist()
    times = h.at[chosen].astype("datetime64[us]").tolist()  # naive UTC datetimes, made in one go
    for at, hrs, kind, a, b in zip(
        times, hours[chosen].tolist(), kinds, lo.tolist(), hi.tolist(), strict=True
    ):
        entries.append(TimeEntry(at.replace(tzinfo=UTC), hrs, kind, tuple(pids[a:b])))
    entries.sort(key=lambda t: t.at)
    return TimeLedger(entries, zone, since, totals)


def _totals(
    events: list[TimeEntry], hours: F64, call: B, times: I64, people: I64, counts: I64
) -> LedgerTotals:
    """The hours of the event entries and the interactions' entries (their people flat, in order)."""
    n_ev = len(events)
    when = np.concatenate([np.array([micros(t.at) for t in events], dtype=np.int64), times])
    kind = np.concatenate([np.full(n_ev, 2, dtype=np.int8), call.astype(np.int8)])
    hrs = np.concatenate([np.array([t.hours for t in events], dtype=np.float64), hours])
    sizes = np.concatenate([np.array([len(t.people) for t in events], dtype=np.int64), counts])
    flat = np.concatenate([np.array([p for t in events for p in t.people], dtype=np.int64), people])
    order = np.argsort(when, kind="stable")  # as the entries are sorted: by time, events first
    rank = np.empty(order.shape[0], dtype=np.int64)
    rank[order] = np.arange(order.shape[0], dtype=np.int64)
    entry = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
    by_entry = np.argsort(rank[entry], kind="stable")
    share = (hrs / np.maximum(1, sizes))[entry]
    return LedgerTotals(kind[order], hrs[order], flat[by_entry], share[by_entry])


def _outside_rows(
    h: History,
    rows: I64,
    people: I64,
    wanted: B,
    orgs: Mapping[int, str | None],
    my_org: str | None,
) -> B:
    """Per interaction: someone other than the user is outside the user's organization."""
    if not my_org:
        return np.ones(len(h), dtype=np.bool_)
    mine = my_org.strip().lower()
    keep = wanted[rows]
    ids, inverse = np.unique(people[keep], return_inverse=True)
    differs = np.array([(orgs.get(int(p)) or "").strip().lower() != mine for p in ids], dtype=np.bool_)
    return np.bincount(rows[keep][differs[inverse]], minlength=len(h)) > 0


def _utc(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)
