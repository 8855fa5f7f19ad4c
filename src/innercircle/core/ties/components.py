"""Per-person components from the contact arrays: recency, intensity, regularity, duration, reciprocity.

One pass of numpy over every (interaction, person) contact; :func:`prepare` sorts and weighs the contacts
once for several passes (now, an earlier moment, another half-life).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from innercircle.core.model import Channel
from innercircle.core.ties.model import (
    CHANNEL_CODES,
    DAY,
    F64,
    FEATURE_HALF_LIVES_DAYS,
    I64,
    IN,
    MUTUAL,
    OUT,
    Components,
    Contacts,
    TieParams,
    contact_weights,
)

_BOTH_SIDES = [CHANNEL_CODES.index(Channel.MEETING), CHANNEL_CODES.index(Channel.EVENT)]  # count as mutual


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
    ref: float  # the latest contact (0 with none): the moment ``grown`` is relative to
    # one row per feature half-life, one column per contact: exp(rate × (at − ref)); a pass at ``now`` sums
    # a row and scales it by exp(−rate × (now − ref)): one bincount, not one exp per row. Every contact
    # counts one for the experts' features, a cc or a mail to a group as much as a mail to one: on the
    # e-mail set, dividing by the group's size and discounting a cc made a decayed count and every expert
    # worse (benchmarks/RESULTS.md); the chat and phone sets have no groups.
    grown: F64

    def before(self, moment: float) -> Prepared:
        """The same preparation for the contacts strictly before ``moment`` only."""
        keep = self.c.at < moment
        if bool(keep.all()):
            return self
        c, keys, idx, starts = _sorted(self.c.take(keep, True))
        return Prepared(c, keys, idx, starts, self.weights[keep], self.ref, self.grown[:, keep])


def prepare(c: Contacts) -> Prepared:
    """Contacts (any order) made ready for one or more :func:`components_of` passes."""
    c, keys, idx, starts = _sorted(_meetings_mutual(c))
    ref = float(c.at.max()) if len(c) else 0.0
    rates = np.array([_rate(h) for h in FEATURE_HALF_LIVES_DAYS])
    grown = np.multiply.outer(rates, c.at - ref)  # one (feature, row) array, filled in place
    np.exp(grown, out=grown)
    return Prepared(c, keys, idx, starts, contact_weights(c), ref, grown)


def _rate(half_life_days: float) -> float:
    return math.log(2.0) / (half_life_days * DAY)


def components(c: Contacts, now: float, p: TieParams) -> Components:
    """Every component for every key with at least one contact before ``now`` (Unix seconds)."""
    return components_of(prepare(c.before(now)), now, p)


def components_of(
    prepared: Prepared, now: float, p: TieParams, light: bool = False, gaps: bool = True
) -> Components:
    """:func:`components` of prepared contacts (only those strictly before ``now`` count).

    ``light``: only what the experts read (count, first, last, reciprocity, the feature decays); recency,
    intensity, regularity, duration and the decayed count are left zero, the usual gap NaN — a backtest
    or a trend-window pass needs no more. ``gaps=False``: the usual gap is left NaN (the median per key is
    the costliest step; the long-run bond pass does not read it)."""
    if light:
        return _light(prepared, now)
    s = prepared.before(now)
    c, keys, idx, starts = s.c, s.keys, s.idx, s.starts
    n = keys.shape[0]
    count = np.bincount(idx, minlength=n).astype(np.float64)
    first = c.at[starts] if n else np.zeros(0)
    last = c.at[np.r_[starts[1:], len(c)] - 1] if n else np.zeros(0)
    short, week, month = (
        _sum(idx, s.grown[j], n) * math.exp(-_rate(h) * (now - s.ref))
        for j, h in enumerate(FEATURE_HALF_LIVES_DAYS)
    )
    half_mutual = 0.5 * (c.direction == MUTUAL)
    out = _sum(idx, (c.direction == OUT) + half_mutual, n)
    inn = _sum(idx, (c.direction == IN) + half_mutual, n)
    hi = np.maximum(out, inn)
    recip = np.divide(np.minimum(out, inn), hi, out=np.zeros(n), where=hi > 0)
    decay = np.exp(-p.decay_rate * (now - c.at))
    w = s.weights
    silence = (now - last) / DAY
    recency = np.exp(-math.log(2.0) * silence / p.half_life_days)
    decayed = _sum(idx, w * decay, n)
    decayed_count = _sum(idx, decay, n)
    day_decay, usual_gap = _days(idx, c.at, now, p, n, gaps)
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
        usual_gap_days=usual_gap,
        decayed_count=decayed_count,
        weighted=count,
        decayed_3=short,
        decayed_7=week,
        decayed_30=month,
    )


def rescaled(comp: Components, prepared: Prepared, now: float, p: TieParams) -> Components:
    """``comp``, a full pass at ``now``, with what depends on the half-life made again for ``p``'s: recency,
    intensity, regularity and the decayed count (the long-run bond pass). Counts, times, reciprocity and
    duration are shared, not summed again; the usual gap is left NaN, as ``components_of(..., gaps=False)``.
    Figures are those of ``components_of(prepared, now, p, gaps=False)``; ``prepared`` must hold no contact
    at or after ``now`` (else that is what is computed)."""
    s = prepared.before(now)
    if s is not prepared or not np.array_equal(comp.keys, s.keys):
        return components_of(prepared, now, p, gaps=False)
    c, idx, n = s.c, s.idx, s.keys.shape[0]
    decay = np.exp(-p.decay_rate * (now - c.at))
    day_decay, _ = _days(idx, c.at, now, p, n, median=False)
    return replace(
        comp,
        recency=np.exp(-math.log(2.0) * ((now - comp.last) / DAY) / p.half_life_days),
        intensity=_ratio(_sum(idx, s.weights * decay, n), p.intensity_scale),
        regularity=_ratio(day_decay, p.regularity_scale),
        usual_gap_days=np.full(n, np.nan),
        decayed_count=_sum(idx, decay, n),
    )


def _light(s: Prepared, now: float) -> Components:
    """The light components at ``now`` without copying the rows: every prepared row is summed, those at or
    after ``now`` weighing zero. A key's rows before ``now`` are the first of its run (sorted by key and
    time) and adding zeros changes no sum, so the figures are exactly those of the rows before ``now``."""
    c, idx = s.c, s.idx
    keep = c.at < now
    count = np.asarray(np.bincount(idx, weights=keep, minlength=s.keys.shape[0]), dtype=np.float64)
    has = np.flatnonzero(count > 0)
    n, first_row = has.shape[0], s.starts[has]

    def total(w: F64) -> F64:
        return _sum(idx, np.where(keep, w, 0.0), s.keys.shape[0])[has]

    short, week, month = (
        total(s.grown[j]) * math.exp(-_rate(h) * (now - s.ref)) for j, h in enumerate(FEATURE_HALF_LIVES_DAYS)
    )
    half_mutual = 0.5 * (c.direction == MUTUAL)
    out = total((c.direction == OUT) + half_mutual)
    inn = total((c.direction == IN) + half_mutual)
    hi = np.maximum(out, inn)
    recip = np.divide(np.minimum(out, inn), hi, out=np.zeros(n), where=hi > 0)
    zero = np.zeros(n)
    return Components(
        s.keys[has], count[has], c.at[first_row + count[has].astype(np.int64) - 1].astype(np.float64),
        c.at[first_row].astype(np.float64), zero, zero, zero, zero, np.sqrt(recip), out, inn,
        np.full(n, np.nan), zero, count[has], short, week, month,
    )  # fmt: skip


def _sum(idx: I64, weights: F64, n: int) -> F64:
    """Sum of ``weights`` per key index."""
    return np.bincount(idx, weights=weights, minlength=n).astype(np.float64)


def _meetings_mutual(c: Contacts) -> Contacts:
    """Meetings and events take both sides: whoever logged them, they count as mutual."""
    sync = np.isin(c.channel, _BOTH_SIDES)
    one_sided = (c.direction == OUT) | (c.direction == IN)
    direction = np.where(sync & one_sided, np.int8(MUTUAL), c.direction).astype(np.int8)
    return Contacts(c.key, c.at, c.channel, direction, c.group_size, c.duration_s, c.by_key_time)


def _days(idx: I64, at: F64, now: float, p: TieParams, n: int, median: bool = True) -> tuple[F64, F64]:
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
    if median and k.size > 1:
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
    sync = np.isin(channel, _BOTH_SIDES)
    last_out = np.full(keys.shape[0], -np.inf)
    idx = np.searchsorted(keys, key)
    mine = direction == OUT
    np.maximum.at(last_out, idx[mine], at[mine])
    first_by_me = (direction[start] == OUT) & ~sync[start]
    return Openings(keys.astype(np.int64), at[start].astype(np.float64), last_out, first_by_me)
