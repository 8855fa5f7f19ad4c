"""The tie model: the contact arrays it reads, its knobs (TieParams), the components it computes and the
component formula of the long-run bond (the strength itself comes from ``experts``).

A *contact* is one person's part in one interaction the user took part in. Everything in this package
works on flat arrays keyed by an integer (a person id in the product, an ego/alter pair in the
evaluation), so a full rescore of a large network is a handful of ``bincount`` calls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from innercircle.core.history import CHANNELS
from innercircle.core.history import IN as IN  # re-exported: the tie model reads them from here
from innercircle.core.history import MUTUAL as MUTUAL
from innercircle.core.history import OUT as OUT
from innercircle.core.history import PRESENT as PRESENT
from innercircle.core.model import Channel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]

DAY = 86400.0

# Direction of one contact, seen from the user: one code table (core/history.py), the interaction's codes
# and PRESENT, a co-recipient who did not write to the user (core.history.part_directions)

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
# one code table for the channels: a contact's channel code is its interaction's (core/history.py)
CHANNEL_CODES: tuple[str, ...] = tuple(c.value for c in CHANNELS)
FEATURE_HALF_LIVES_DAYS = (3.0, 7.0, 30.0)  # the decayed contacts core/ties/experts reads
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
    one_way_factor: float = 0.8  # strength kept by an established tie nobody answered (experts.one_way)
    one_way_min_contacts: int = 3
    favour_bonus: float = 0.1
    cooling_gap_factor: float = 8.0
    trend_window_days: float = 30.0
    bond_half_life_days: float = 365.0  # the long-run strength of a relationship ("history")

    @property
    def decay_rate(self) -> float:
        """Per-second decay rate of the exponential with this half-life."""
        return math.log(2.0) / (self.half_life_days * DAY)


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the user said about a person, and the favours ledger, as the scoring needs them."""

    closeness: float | None = None
    tier_pin: str | None = None
    favours_given: int = 0
    favours_received: int = 0


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


def channel_code(channel: str) -> int:
    """The code of a channel name (unknown channels count as notes)."""
    try:
        return CHANNEL_CODES.index(channel)
    except ValueError:
        return CHANNEL_CODES.index(Channel.NOTE)


@dataclass(slots=True)
class Components:
    """Per-key components of the contacts (components.components); every array aligned with ``keys``."""

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
    weighted: F64  # contacts as the experts count them: every contact one (components.Prepared.grown)
    decayed_3: F64  # those decayed with the 3-, 7- and 30-day half-lives of core/ties/experts
    decayed_7: F64
    decayed_30: F64


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


def strength(comp: Components, p: TieParams) -> F64:
    """The component formula, in [0, 1]: a weighted mean scaled down for one-way ties. It makes the
    long-run bond only (a one-year half-life); a tie's strength is ``experts.traces``."""
    total = p.w_recency + p.w_intensity + p.w_regularity + p.w_duration
    base = (
        p.w_recency * comp.recency
        + p.w_intensity * comp.intensity
        + p.w_regularity * comp.regularity
        + p.w_duration * comp.duration
    ) / total
    recip = p.one_way_factor + (1.0 - p.one_way_factor) * comp.reciprocity
    return np.asarray(np.clip(base * recip, 0.0, 1.0), dtype=np.float64)


def adjusted(s: float, f: PersonFacts, p: TieParams) -> float:
    """A strength from the traces with favours added and the user's closeness as a floor, in [0, 1]."""
    if f.favours_given or f.favours_received:
        s += p.favour_bonus * favour_level(f)
    if f.closeness is not None:
        s = max(s, float(f.closeness))
    return min(1.0, max(0.0, s))


def favour_level(f: PersonFacts) -> float:
    """How much the favours given and received weigh, in [0, 1)."""
    return 1.0 - math.exp(-(f.favours_given + f.favours_received) / 2.0)
