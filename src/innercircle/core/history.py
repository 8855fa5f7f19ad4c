"""Every interaction of the database as flat arrays, and the figures the strategic views take from them.

The weekly review and the health signs read the interactions only as these arrays: when each person first
appeared, who took part in what and when (each person once per interaction), how many interactions there
were per channel and per person, the channel of the last contact before each outcome, the user's reaching
out to people met at events, and the networking time of every week. An object per interaction is slow to
build and large at a million interactions; these arrays hold the same facts in a few megabytes, and the
functions below compute from them exactly what loops over the objects computed
(tests/services/test_review_history.py holds such loops).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from innercircle.core.model import Channel, Direction, Interaction, Outcome, Role

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]

CHANNELS: tuple[Channel, ...] = tuple(Channel)
DIRECTIONS: tuple[Direction, ...] = tuple(Direction)
CHANNEL_CODE = {c.value: k for k, c in enumerate(CHANNELS)}
DIRECTION_CODE = {d.value: k for k, d in enumerate(DIRECTIONS)}
OUT, IN, MUTUAL = DIRECTION_CODE["out"], DIRECTION_CODE["in"], DIRECTION_CODE["mutual"]
# One code more than the interactions have, for one participant's part: PRESENT is someone listed on an
# interaction the other side started who did not start it (a co-recipient of another person's mail)
PRESENT = len(DIRECTIONS)
ROLES: tuple[Role, ...] = tuple(Role)
ROLE_CODE = {r.value: k for k, r in enumerate(ROLES)}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(at: datetime) -> int:
    """A timezone-aware moment as whole microseconds since the Unix epoch (exact)."""
    return (at - EPOCH) // timedelta(microseconds=1)


def moment(us: int) -> datetime:
    """Microseconds since the epoch as a timezone-aware UTC datetime (exact)."""
    return EPOCH + timedelta(microseconds=int(us))


@dataclass(slots=True)
class History:
    """Interactions as arrays, oldest first (equal times by id), and their participants.

    ``part_row`` indexes the interaction arrays; participants are grouped by interaction, each group in
    the order an interaction's participants are listed (person, then role).
    """

    iid: I64
    at: I64  # microseconds since the epoch, UTC
    channel: I8  # index into CHANNELS
    direction: I8  # index into DIRECTIONS
    group_size: I64
    duration_s: I64  # 0 when unknown
    duration_known: B  # False: no duration was recorded (0 above)
    manual: B  # logged by hand (source "manual")
    part_row: I64
    part_person: I64
    part_role: I8  # index into ROLES

    def __len__(self) -> int:
        return int(self.iid.shape[0])

    @classmethod
    def of(cls, interactions: Sequence[Interaction]) -> History:
        """The arrays of interaction objects (ordered by time, then id, then as given)."""
        order = sorted(range(len(interactions)), key=lambda k: interactions[k].at)
        its = [interactions[k] for k in order]
        parts = [(r, p) for r, it in enumerate(its) for p in it.participants]
        return cls(
            np.array([it.id or 0 for it in its], dtype=np.int64),
            np.array([micros(it.at) for it in its], dtype=np.int64),
            np.array([CHANNEL_CODE[it.channel.value] for it in its], dtype=np.int8),
            np.array([DIRECTION_CODE[it.direction.value] for it in its], dtype=np.int8),
            np.array([it.group_size for it in its], dtype=np.int64),
            np.array([it.duration_s or 0 for it in its], dtype=np.int64),
            np.array([it.duration_s is not None for it in its], dtype=np.bool_),
            np.array([it.source == "manual" for it in its], dtype=np.bool_),
            np.array([r for r, _p in parts], dtype=np.int64),
            np.array([p.person_id for _r, p in parts], dtype=np.int64),
            np.array([ROLE_CODE[p.role.value] for _r, p in parts], dtype=np.int8),
        )

    def before(self, end: datetime) -> History:
        """Only the interactions strictly before ``end`` (views, no copies)."""
        n = self.start_of(end)
        if n == len(self):
            return self
        k = int(np.searchsorted(self.part_row, n, side="left"))
        return History(
            **{f: getattr(self, f)[:n] for f in ROW_FIELDS},
            **{f: getattr(self, f)[:k] for f in PART_FIELDS},
        )

    def merged(self, newer: History) -> History:
        """These interactions and ``newer`` ones (other ids) together, in order."""
        if len(newer) == 0:
            return self
        n = len(self)
        if n == 0 or (newer.at[0], newer.iid[0]) > (self.at[-1], self.iid[-1]):
            return _concat(self, newer)  # the usual case: what was added happened after the rest
        if int(newer.iid.min()) > int(self.iid.max()):
            return _inserted(self, newer)  # added later, with larger ids: put in place, no sort
        iid = np.concatenate([self.iid, newer.iid])
        at = np.concatenate([self.at, newer.at])
        order = np.lexsort((iid, at))
        row_of = np.empty(order.shape[0], np.int64)
        row_of[order] = np.arange(order.shape[0], dtype=np.int64)
        part_row = row_of[np.concatenate([self.part_row, newer.part_row + n])]
        grouped = np.argsort(part_row, kind="stable")
        both = _concat(self, newer)
        return History(
            **{f: getattr(both, f)[order] for f in ROW_FIELDS},
            part_row=part_row[grouped],
            **{f: getattr(both, f)[grouped] for f in PART_FIELDS if f != "part_row"},
        )

    def start_of(self, since: datetime) -> int:
        """The first row at or after ``since``."""
        return int(np.searchsorted(self.at, micros(since), side="left"))

    def rows(self, start: datetime, end: datetime) -> slice:
        """The rows in [start, end)."""
        lo = self.start_of(start)
        return slice(lo, max(lo, self.start_of(end)))

    def others(self, me_id: int | None) -> B:
        """Participant rows that are not the user."""
        if me_id is None:
            return np.ones(self.part_person.shape[0], dtype=np.bool_)
        return self.part_person != me_id  # type: ignore[no-any-return]


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclass_fields(History))
PART_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f.startswith("part_"))
ROW_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in PART_FIELDS)


def _inserted(a: History, b: History) -> History:
    """``b`` (ids above all of ``a``'s) put in its places in ``a``: after the rows of the same time."""
    pos = np.searchsorted(a.at, b.at, side="right")
    new_row = pos + np.arange(len(b), dtype=np.int64)
    old_row = np.arange(len(a), dtype=np.int64) + np.searchsorted(pos, np.arange(len(a)), side="right")
    part_row = old_row[a.part_row]
    b_part_row = new_row[b.part_row]
    ppos = np.searchsorted(part_row, b_part_row, side="left")
    return History(
        **{f: np.insert(getattr(a, f), pos, getattr(b, f)) for f in ROW_FIELDS},
        part_row=np.insert(part_row, ppos, b_part_row),
        **{f: np.insert(getattr(a, f), ppos, getattr(b, f)) for f in PART_FIELDS if f != "part_row"},
    )


def _concat(a: History, b: History) -> History:
    """``b`` after ``a``, as they are."""
    return History(
        **{f: np.concatenate([getattr(a, f), getattr(b, f)]) for f in FIELDS if f != "part_row"},
        part_row=np.concatenate([a.part_row, b.part_row + len(a)]),
    )


# the channels someone writes: on these a co-recipient of the other side's message did not write to the user;
# at a meeting, call or event everyone listed was there, whoever organised it
WRITTEN: tuple[Channel, ...] = (Channel.EMAIL, Channel.MESSAGE, Channel.SMS)
_WRITTEN_CODES = [CHANNEL_CODE[c.value] for c in WRITTEN]


def part_directions(h: History) -> I8:
    """Each participant row's part, seen from the user (``part_direction`` on the arrays)."""
    direction = h.direction[h.part_row]
    sender = h.part_role == ROLE_CODE[Role.FROM.value]
    written = np.isin(h.channel[h.part_row], _WRITTEN_CODES)
    return np.where((direction == IN) & ~sender & written, np.int8(PRESENT), direction).astype(np.int8)


def part_direction(it: Interaction, person_id: int) -> str:
    """One person's part in an interaction, seen from the user: ``out`` (the user wrote or called them),
    ``mutual`` (both were there), ``in`` on a mail or message only for the person who wrote it (role
    ``from``), and ``present`` for everyone else listed on it (a co-recipient, who did not write to the
    user); ``unknown`` when the user was not a party. So a reply-all from X with Y in Cc is ``in`` from X
    and ``present`` for Y, while a meeting X organised is ``in`` for everyone at it."""
    if it.direction is not Direction.IN or it.channel not in WRITTEN:
        return it.direction.value
    roles = {p.role for p in it.participants if p.person_id == person_id}
    return Direction.IN.value if Role.FROM in roles else "present"


def sender_of(it: Interaction) -> int | None:
    """Who wrote the interaction (the participant listed as ``from``), None when nobody is."""
    return next((p.person_id for p in it.participants if p.role is Role.FROM), None)


def people_of(h: History, rows: slice, me_id: int | None) -> tuple[I64, I64]:
    """(row, person) of the interactions in ``rows``: each person once per interaction (the user left out
    when ``me_id`` is given), by row, then person."""
    lo, hi = np.searchsorted(h.part_row, [rows.start, rows.stop])
    row, person = h.part_row[lo:hi], h.part_person[lo:hi]
    if me_id is not None:
        keep = person != me_id
        row, person = row[keep], person[keep]
    if not row.size:
        return row.copy(), person.copy()
    span = int(person.max()) + 1
    pair = np.unique(row * span + person)  # row-major: by row, then person; repeats gone
    return pair // span, pair % span


def fresh(h: History, rows: I64, people: I64, first_seen: Mapping[int, datetime], days: int) -> B:
    """For each (row, person): the person was first seen at most ``days`` before that interaction (never
    seen counts as seen then)."""
    ids, inverse = np.unique(people, return_inverse=True)
    at = h.at[rows]
    never = np.iinfo(np.int64).max
    first = np.array([micros(first_seen[p]) if p in first_seen else never for p in ids.tolist()], np.int64)
    since = np.where(first[inverse] == never, at, first[inverse])
    return np.asarray(at - since <= days * 86_400_000_000)


def first_at(h: History, me_id: int | None) -> dict[int, datetime]:
    """Each person's first interaction (the user left out when ``me_id`` is given), in order of appearance."""
    mask = h.others(me_id)
    people = h.part_person[mask]
    rows = h.part_row[mask]
    ids, first = np.unique(people, return_index=True)
    order = np.argsort(first, kind="stable")
    ats = h.at[rows[first[order]]]
    return {int(p): moment(int(a)) for p, a in zip(ids[order], ats, strict=True)}


def first_seen(
    h: History, me_id: int | None, connected: Mapping[int, datetime | None]
) -> dict[int, datetime]:
    """When each person first appeared: their first interaction or connection, whichever came first."""
    first: dict[int, datetime] = {pid: at for pid, at in connected.items() if at is not None}
    for pid, at in first_at(h, me_id).items():
        if pid not in first or at < first[pid]:
            first[pid] = at
    return first


def contacted(h: History) -> set[int]:
    """Everyone who took part in any interaction."""
    return {int(p) for p in np.unique(h.part_person)}


def channel_counts(h: History) -> dict[str, int]:
    """Interactions per channel."""
    counts = np.bincount(h.channel.astype(np.int64), minlength=len(CHANNELS))
    return {CHANNELS[k].value: int(n) for k, n in enumerate(counts) if n}


def _restricted(h: History, people: Iterable[int], me_id: int | None) -> tuple[I64, I64]:
    """(rows, people) of the participant rows of these people (never the user), in row order."""
    wanted = np.array(sorted(set(people) - {me_id}), dtype=np.int64)
    mask = np.isin(h.part_person, wanted)
    return h.part_row[mask], h.part_person[mask]


def interaction_counts(h: History, people: Iterable[int], me_id: int | None) -> dict[int, int]:
    """How many interactions each of these people took part in (the user never counted)."""
    rows, who = _restricted(h, people, me_id)
    pairs = np.unique(np.stack([who, rows]), axis=1) if rows.size else np.zeros((2, 0), np.int64)
    ids, n = np.unique(pairs[0], return_counts=True)
    return {int(p): int(c) for p, c in zip(ids, n, strict=True)}


def out_times(h: History, people: Iterable[int], me_id: int | None) -> dict[int, list[datetime]]:
    """Person → the times the user reached out to them or met them (one per listing in an interaction)."""
    rows, who = _restricted(h, people, me_id)
    mine = np.isin(h.direction[rows], [OUT, MUTUAL])
    out: dict[int, list[datetime]] = {}
    for r, p in zip(rows[mine].tolist(), who[mine].tolist(), strict=True):
        out.setdefault(p, []).append(moment(int(h.at[r])))
    return out


def last_channels(h: History, outcomes: Sequence[Outcome], me_id: int | None) -> list[str]:
    """Per outcome, the channel it is credited to: ``event`` when it came of an event, else the channel of
    the last contact at or before it with any of its people (the first person listed wins a tie), else
    ``unknown``."""
    rows, who = _restricted(h, (p for o in outcomes for p in o.people), me_id)
    ats = h.at[rows]
    out = []
    for o in outcomes:
        if o.event_id is not None:
            out.append("event")
            continue
        best: tuple[int, int] | None = None  # (time, row)
        limit = micros(o.at)
        for pid in o.people:
            mine = (who == pid) & (ats <= limit)
            if not mine.any():
                continue
            latest = int(ats[mine].max())
            row = int(rows[mine & (ats == latest)].min())
            if best is None or latest > best[0]:
                best = (latest, row)
        out.append(CHANNELS[int(h.channel[best[1]])].value if best is not None else "unknown")
    return out
