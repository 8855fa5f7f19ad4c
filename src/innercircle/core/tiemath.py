"""Vectorized tie components: one pass of numpy over every (interaction, person) contact.

A *contact* is one person's part in one interaction the user took part in. Everything here works on
flat arrays keyed by an integer (a person id in the product, an ego/alter pair in the evaluation), so a
full rescore of a large network is a handful of ``bincount`` calls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from innercircle.core.model import Channel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]

DAY = 86400.0

# Direction of one contact, seen from the user.
OUT, IN, MUTUAL, PRESENT = 1, 2, 3, 4  # PRESENT: a co-recipient who did not write to the user

# meeting > call > 1:1 message > email > group mail (a group contact is divided by its size)
CHANNEL_WEIGHTS: dict[str, float] = {
    Channel.MEETING: 1.0,
    Channel.CALL: 0.8,
    Channel.EVENT: 0.6,
    Channel.MESSAGE: 0.5,
    Channel.SMS: 0.5,
    Channel.EMAIL: 0.35,
    Channel.NOTE: 0.3,
    Channel.INVITATION: 0.1,
}
CHANNEL_CODES: tuple[str, ...] = tuple(CHANNEL_WEIGHTS)
PRESENT_FACTOR = 0.25  # being cc'd next to the user on someone else's mail


@dataclass(frozen=True, slots=True)
class TieParams:
    """The knobs of the tie model (defaults tuned on early cutoffs only, see benchmarks/tie_eval.py)."""

    # tuned on the early cutoffs of benchmarks/tie_eval.py only (python benchmarks/tie_eval.py --tune)
    half_life_days: float = 14.0
    intensity_scale: float = 1.5  # decayed weighted contacts for intensity = 0.5
    regularity_scale: float = 8.0  # decayed days with contact for regularity = 0.5
    regularity_span: float = 2.0  # regularity decays this many times slower than recency
    duration_scale_days: float = 120.0
    w_recency: float = 0.2
    w_intensity: float = 0.4
    w_regularity: float = 0.3
    w_duration: float = 0.1
    one_way_factor: float = 0.8  # strength kept by a tie nobody answered
    favour_bonus: float = 0.1
    cooling_gap_factor: float = 8.0
    trend_window_days: float = 30.0
    bond_half_life_days: float = 365.0  # the long-run strength of a relationship ("history")

    @property
    def decay_rate(self) -> float:
        """Per-second decay rate of the exponential with this half-life."""
        return math.log(2.0) / (self.half_life_days * DAY)


@dataclass(slots=True)
class Contacts:
    """Flat arrays, one row per contact (the same length); ``at`` in Unix seconds."""

    key: I64
    at: F64
    channel: I8  # index into CHANNEL_CODES
    direction: I8  # OUT, IN, MUTUAL or PRESENT
    group_size: I64
    duration_s: F64  # NaN when unknown
    by_key_time: bool = False  # rows already sorted by (key, at): a rescore sorts once

    def __len__(self) -> int:
        return int(self.key.shape[0])

    def take(self, rows: npt.NDArray[np.int64] | npt.NDArray[np.bool_], by_key_time: bool) -> Contacts:
        """These rows (indices or a mask), in that order."""
        return Contacts(
            self.key[rows],
            self.at[rows],
            self.channel[rows],
            self.direction[rows],
            self.group_size[rows],
            self.duration_s[rows],
            by_key_time,
        )

    def before(self, moment: float) -> Contacts:
        """Only the contacts strictly before ``moment`` (order kept)."""
        if len(self) and float(self.at.max()) < moment:
            return self
        return self.take(self.at < moment, self.by_key_time)

    def sorted(self) -> Contacts:
        """The same contacts sorted by (key, time)."""
        if self.by_key_time:
            return self
        return self.take(np.lexsort((self.at, self.key)).astype(np.int64), True)


def empty_contacts() -> Contacts:
    """No contacts at all."""
    return Contacts(
        np.zeros(0, np.int64),
        np.zeros(0, np.float64),
        np.zeros(0, np.int8),
        np.zeros(0, np.int8),
        np.ones(0, np.int64),
        np.zeros(0, np.float64),
    )


def channel_code(channel: str) -> int:
    """The code of a channel name (unknown channels count as notes)."""
    try:
        return CHANNEL_CODES.index(channel)
    except ValueError:
        return CHANNEL_CODES.index(Channel.NOTE)


@dataclass(slots=True)
class Components:
    """Per-key results of :func:`components`; every array aligned with ``keys``."""

    keys: I64
    count: F64
    last: F64  # Unix seconds of the last contact
    first: F64
    recency: F64
    intensity: F64
    regularity: F64
    duration: F64
    reciprocity: F64
    initiated_out: F64
    initiated_in: F64
    usual_gap_days: F64  # NaN with fewer than three contact days
    decayed_count: F64
    extra: dict[str, F64] = field(default_factory=dict)


def contact_weights(c: Contacts) -> F64:
    """Weight of each contact: channel, divided by group size, scaled by duration, co-presence discounted."""
    table = np.array([CHANNEL_WEIGHTS[ch] for ch in CHANNEL_CODES])
    w = table[c.channel] / np.maximum(c.group_size, 1)
    dur = c.duration_s
    known = ~np.isnan(dur)
    minutes = np.where(known, np.maximum(dur, 0.0) / 60.0, 0.0)
    # 30 minutes counts as a plain contact; a missed call half; a long one up to 1.5×
    factor = np.where(known, np.clip(0.5 + 0.5 * np.log1p(minutes) / math.log1p(30.0), 0.5, 1.5), 1.0)
    w = w * factor
    return np.where(c.direction == PRESENT, w * PRESENT_FACTOR, w)


def _ratio(x: F64, scale: float) -> F64:
    """x / (x + scale): 0.5 at ``scale``, never saturating, so heavy ties keep their order."""
    return np.asarray(x / (x + scale), dtype=np.float64)


def _squash(x: F64, scale: float) -> F64:
    return np.asarray(1.0 - np.exp(-x / scale), dtype=np.float64)


def _sorted(c: Contacts) -> tuple[Contacts, I64, I64, I64]:
    """Contacts sorted by (key, time), the distinct keys, each row's key index, each key's first row."""
    c = c.sorted()
    new = np.empty(len(c), dtype=bool)
    if len(c):
        new[0] = True
        np.not_equal(c.key[1:], c.key[:-1], out=new[1:])
    starts = np.flatnonzero(new).astype(np.int64)
    idx = (np.cumsum(new) - 1).astype(np.int64)
    return c, c.key[starts].astype(np.int64), idx, starts


@dataclass(slots=True)
class Prepared:
    """Contacts ready for :func:`components_of`: meetings made mutual, sorted by (key, time), weighed and
    grouped by key. Several passes (an earlier moment, another half-life) share one preparation."""

    c: Contacts
    keys: I64  # the distinct keys, ascending
    idx: I64  # each row's index into ``keys``
    starts: I64  # each key's first row
    weights: F64  # contact_weights of each row

    def before(self, moment: float) -> Prepared:
        """The same preparation for the contacts strictly before ``moment`` only."""
        keep = self.c.at < moment
        if bool(keep.all()):
            return self
        c, keys, idx, starts = _sorted(self.c.take(keep, True))
        return Prepared(c, keys, idx, starts, self.weights[keep])


def prepare(c: Contacts) -> Prepared:
    """Contacts (any order) made ready for one or more :func:`components_of` passes."""
    c, keys, idx, starts = _sorted(_meetings_mutual(c))
    return Prepared(c, keys, idx, starts, contact_weights(c))


def components(c: Contacts, now: float, p: TieParams) -> Components:
    """Every component for every key with at least one contact before ``now`` (Unix seconds)."""
    return components_of(prepare(c.before(now)), now, p)


def components_of(prepared: Prepared, now: float, p: TieParams) -> Components:
    """:func:`components` of prepared contacts (only those strictly before ``now`` count)."""
    s = prepared.before(now)
    c, keys, idx, starts = s.c, s.keys, s.idx, s.starts
    n = keys.shape[0]
    decay = np.exp(-p.decay_rate * (now - c.at))
    w = s.weights
    count = np.bincount(idx, minlength=n).astype(np.float64)
    first = c.at[starts] if n else np.zeros(0)
    last = c.at[np.r_[starts[1:], len(c)] - 1] if n else np.zeros(0)
    silence = (now - last) / DAY
    recency = np.exp(-math.log(2.0) * silence / p.half_life_days)
    decayed = _sum(idx, w * decay, n)
    decayed_count = _sum(idx, decay, n)
    day_decay, gaps = _days(idx, c.at, now, p, n)
    half_mutual = 0.5 * (c.direction == MUTUAL)
    out = _sum(idx, (c.direction == OUT) + half_mutual, n)
    inn = _sum(idx, (c.direction == IN) + half_mutual, n)
    hi = np.maximum(out, inn)
    recip = np.divide(np.minimum(out, inn), hi, out=np.zeros(n), where=hi > 0)
    return Components(
        keys=keys,
        count=count,
        last=last.astype(np.float64),
        first=first.astype(np.float64),
        recency=recency,
        intensity=_ratio(decayed, p.intensity_scale),
        regularity=_ratio(day_decay, p.regularity_scale),
        duration=_squash((last - first) / DAY, p.duration_scale_days),
        reciprocity=np.sqrt(recip),
        initiated_out=out,
        initiated_in=inn,
        usual_gap_days=gaps,
        decayed_count=decayed_count,
    )


def _sum(idx: I64, weights: F64, n: int) -> F64:
    """Sum of ``weights`` per key index."""
    return np.bincount(idx, weights=weights, minlength=n).astype(np.float64)


def _meetings_mutual(c: Contacts) -> Contacts:
    """Meetings and events take both sides: whoever logged them, they count as mutual."""
    sync = np.isin(c.channel, [CHANNEL_CODES.index(Channel.MEETING), CHANNEL_CODES.index(Channel.EVENT)])
    one_sided = (c.direction == OUT) | (c.direction == IN)
    direction = np.where(sync & one_sided, np.int8(MUTUAL), c.direction).astype(np.int8)
    return Contacts(c.key, c.at, c.channel, direction, c.group_size, c.duration_s, c.by_key_time)


def _days(idx: I64, at: F64, now: float, p: TieParams, n: int) -> tuple[F64, F64]:
    """Decayed number of distinct contact days per key, and the median gap between them.

    ``idx`` and ``at`` are sorted by (key, time), so distinct (key, day) pairs are where either changes.
    """
    day = np.floor(at / DAY)
    new = np.ones(day.shape[0], dtype=bool)
    if day.size > 1:
        new[1:] = (idx[1:] != idx[:-1]) | (day[1:] != day[:-1])
    k, d = idx[new], day[new]
    age_days = now / DAY - (d + 0.5)
    slow = p.half_life_days * p.regularity_span
    day_decay = _sum(k, np.exp(-math.log(2.0) * np.maximum(age_days, 0) / slow), n)
    gaps: F64 = np.full(n, np.nan)
    if k.size > 1:
        same = k[1:] == k[:-1]
        gk = k[1:][same]
        gv = (d[1:] - d[:-1])[same]
        if gk.size:
            gaps = _median_by_key(gk, gv, n)
    return day_decay, gaps


def _median_by_key(k: I64, v: F64, n: int) -> F64:
    """Median of ``v`` per key (NaN for keys with fewer than two values)."""
    ks, vs = _sorted_by_key_value(k, v)
    counts = np.bincount(ks, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out: F64 = np.full(n, np.nan)
    ok = counts >= 2
    lo = starts[ok] + (counts[ok] - 1) // 2
    hi = starts[ok] + counts[ok] // 2
    out[ok] = (vs[lo] + vs[hi]) / 2.0
    return out


def _sorted_by_key_value(k: I64, v: F64) -> tuple[I64, F64]:
    """The (key, value) pairs sorted by key, then value. Whole values in [0, 2**32) (gaps in days) and
    keys in [0, 2**31) sort as one int64 each (several times faster than a lexsort, same order)."""
    whole = v.size and k.min() >= 0 and k.max() < 2**31 and v.min() >= 0 and v.max() < 2**32
    if not (whole and bool(np.all(v == np.floor(v)))):
        order = np.lexsort((v, k))
        return k[order], v[order]
    packed = np.sort((k.astype(np.int64) << 32) | v.astype(np.int64))
    return packed >> 32, (packed & 0xFFFFFFFF).astype(np.float64)


def strength(comp: Components, p: TieParams) -> F64:
    """Strength from the traces alone, in [0, 1]: a weighted mean scaled down for one-way ties."""
    total = p.w_recency + p.w_intensity + p.w_regularity + p.w_duration
    base = (
        p.w_recency * comp.recency
        + p.w_intensity * comp.intensity
        + p.w_regularity * comp.regularity
        + p.w_duration * comp.duration
    ) / total
    recip = p.one_way_factor + (1.0 - p.one_way_factor) * comp.reciprocity
    return np.asarray(np.clip(base * recip, 0.0, 1.0), dtype=np.float64)


@dataclass(slots=True)
class Openings:
    """Per key: the first contact, the user's last own reach-out, and whether the user made the first move."""

    keys: I64
    first: F64
    last_out: F64  # -inf when the user never reached out
    first_by_me: npt.NDArray[np.bool_]


def openings(c: Contacts, now: float) -> Openings:
    """Who opened each relationship, and when the user last reached out (contacts before ``now``)."""
    c = c.before(now)
    order = np.lexsort((c.at, c.key))
    key, at, direction, channel = c.key[order], c.at[order], c.direction[order], c.channel[order]
    keys, start = np.unique(key, return_index=True)
    sync = np.isin(channel, [CHANNEL_CODES.index(Channel.MEETING), CHANNEL_CODES.index(Channel.EVENT)])
    last_out = np.full(keys.shape[0], -np.inf)
    idx = np.searchsorted(keys, key)
    mine = direction == OUT
    np.maximum.at(last_out, idx[mine], at[mine])
    first_by_me = (direction[start] == OUT) & ~sync[start]
    return Openings(keys.astype(np.int64), at[start].astype(np.float64), last_out, first_by_me)
