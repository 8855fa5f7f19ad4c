"""Everyone's tie at once: strengths, Dunbar tiers, trend and cooling as arrays, then one TieScore each.

:func:`score_ties` is the full rescore every view reads; :func:`strengths_at` is the strength alone (the
evaluation's). The arrays behind a rescore stay in its :class:`Table`, which ``explain.explain`` reads.
"""

from __future__ import annotations

import math
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from innercircle.core.onesided import WINDOW_DAYS, reach_arrays
from innercircle.core.ties import experts
from innercircle.core.ties.components import Prepared, components_of, prepare, rescaled
from innercircle.core.ties.model import (
    DAY,
    F64,
    I64,
    PRESENT,
    Components,
    Contacts,
    PersonFacts,
    TieParams,
    adjusted,
    strength,
)
from innercircle.core.ties.tiers import LONG_TAIL, TIER_CAPS, TIER_FLOORS, TIERS

MIN_HISTORY = 3  # contacts before a tie counts as established (for cooling)
# the two-way contact a tier needs besides its rank (docs/RULES.md): contact days and the weeks they span
INNER_DAYS, INNER_SPAN_DAYS = 10, 56
CLOSE_DAYS, CLOSE_SPAN_DAYS = 5, 28
STATED_CLOSE = 0.5  # a closeness rating from here is the user's word for inner or close
COMPONENTS = (*experts.FEATURES, "reciprocity")  # what explain reports for a tie with contacts

_RANKS = {name: i for i, name in enumerate(TIERS)}
_TAIL = len(TIERS) - 1
_BY_CODE: tuple[str | None, ...] = (*TIERS, None)  # code -1: not scored at that moment
_TRENDS = ("steady", "warming", "silent", "cooling")
_NOTHING = PersonFacts()


@dataclass(slots=True)
class TieScore:
    """How strong one tie is (``explain.explain`` says why)."""

    person_id: int
    strength: float  # in [0, 1]
    tier: str  # one of TIERS
    last_contact: datetime | None = None
    trend: str = "steady"  # warming | steady | cooling | silent
    cooling: bool = False
    usual_gap_days: float | None = None
    strength_before: float | None = None  # strength one trend window ago
    tier_before: str | None = None
    bond: float = 0.0  # long-run strength (a one-year half-life): how strong the relationship has been
    bond_tier: str = LONG_TAIL
    contacts: int = 0
    # the user took part (wrote, called or met them at least once) or said something of them: without it
    # the tie is only their mail to the user, not the user's networking (docs/RULES.md)
    engaged: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """One rescore's arrays by row: the keys with contacts first (ascending), then the others the facts
    name (in their order). Arrays of the components cover the first ``n`` rows only."""

    keys: I64
    n: int
    extra_rows: dict[int, int]  # key -> row, for the keys without contacts
    said: dict[int, PersonFacts]  # row -> facts, for the people the user said something about
    params: TieParams
    t_now: float
    comp: Components
    choice: experts.Choice  # the expert and calibration the strengths come from
    typical: float  # the chance of a tie with the mean features of the ties scored
    parts: dict[str, F64]  # each feature's contribution to the log-odds, reciprocity, "traces", rounded
    codes: tuple[I64, I64, I64]  # tier codes now, a trend window ago (-1: not scored then), of the bond
    bond: F64  # every row's rounded bond strength
    gap: F64  # the usual gap in days, rounded as TieScore.usual_gap_days (NaN: none)
    cooling: npt.NDArray[np.bool_]
    unheld: I64  # tier codes by recent contact alone, before cooling ties keep theirs
    earned: I64  # the closest tier code each row's evidence (or the user's word) earns
    days: F64  # contact days of the rows with contacts
    # (by you, by them) of the rows with contacts over core/onesided's window: what ``show`` prints
    reach: tuple[I64, I64] = field(default_factory=lambda: (np.zeros(0, np.int64), np.zeros(0, np.int64)))

    def row(self, key: int) -> int:
        """The row of a key (KeyError when the rescore did not score it)."""
        i = int(np.searchsorted(self.keys[: self.n], key))
        if i < self.n and int(self.keys[i]) == key:
            return i
        return self.extra_rows[key]


class Ties(Mapping[int, TieScore]):
    """Everyone's TieScore by person id, and the rescore's :class:`Table` (None when made by hand)."""

    __slots__ = ("scores", "table")

    def __init__(self, scores: dict[int, TieScore], table: Table | None = None) -> None:
        self.scores, self.table = scores, table

    def __getitem__(self, key: int) -> TieScore:
        return self.scores[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self.scores)

    def __len__(self) -> int:
        return len(self.scores)

    def __contains__(self, key: object) -> bool:
        return key in self.scores

    def get(self, key: int, default: TieScore | None = None) -> TieScore | None:  # type: ignore[override]
        """The score of ``key``, else ``default`` (as dict.get)."""
        return self.scores.get(key, default)

    def keys(self) -> KeysView[int]:
        """The person ids (dict order: the rescore's)."""
        return self.scores.keys()

    def values(self) -> ValuesView[TieScore]:
        """The scores."""
        return self.scores.values()

    def items(self) -> ItemsView[int, TieScore]:
        """(person id, score) pairs."""
        return self.scores.items()

    def only(self, keep: Mapping[int, object]) -> Ties:
        """The same ties for the keys of ``keep`` only."""
        return Ties({k: sc for k, sc in self.scores.items() if k in keep}, self.table)


def assign_tiers(
    strengths: Mapping[int, float], pins: Mapping[int, str], earned: Mapping[int, str] | None = None
) -> dict[int, str]:
    """Tiers by rank: Dunbar's cumulative layers (5, 15, 50, 150) minus pinned people, with floors; a
    person takes a tier only when ``earned`` (the closest tier their evidence allows, see
    :func:`earned_codes`) reaches it. Without ``earned`` every tier is open to everyone (rank alone)."""
    keys = np.fromiter(strengths.keys(), np.int64, len(strengths))
    values = np.fromiter(strengths.values(), np.float64, len(strengths))
    pinned = np.array([_RANKS.get(pins.get(pid, ""), -1) for pid in keys.tolist()], np.int64)
    allowed = (
        np.zeros(keys.shape[0], np.int64)
        if earned is None
        else np.array([_RANKS.get(earned.get(pid, LONG_TAIL), _TAIL) for pid in keys.tolist()], np.int64)
    )
    codes = tier_codes(keys, values, pinned, allowed)
    return dict(zip(keys.tolist(), [TIERS[c] for c in codes.tolist()], strict=True))


def tier_codes(keys: I64, values: F64, pinned: I64, earned: I64, held: I64 | None = None) -> I64:
    """:func:`assign_tiers` on arrays: each key's tier as its index in TIERS; ``pinned`` -1 when free;
    ``earned`` the closest tier code each key's evidence allows; ``held`` (-1: none) a tier a cooling tie
    keeps while it cools: held ties take their seats of a layer before the free ones are ranked into it."""
    held = np.full(keys.shape[0], -1, np.int64) if held is None else held
    codes = np.where(pinned >= 0, pinned, len(TIERS) - 1).astype(np.int64)
    free = np.flatnonzero(pinned < 0)
    ranked = free[np.lexsort((keys[free], -values[free]))]  # strongest first
    ordered, allowed, keep = values[ranked], earned[ranked], held[ranked]
    open_ = np.ones(ranked.shape[0], dtype=bool)
    pinned_per_tier = np.bincount(pinned[pinned >= 0], minlength=len(TIERS)).tolist()
    filled = 0
    for code, (name, cap) in enumerate(TIER_CAPS):
        room = max(0, cap - filled - pinned_per_tier[code])
        filled = max(cap, filled + pinned_per_tier[code])
        fits = open_ & (allowed <= code) & (ordered >= TIER_FLOORS[name])
        # a held tie earned its seat when it was stronger: the floor of today's strength does not apply
        first = np.flatnonzero(open_ & (allowed <= code) & (keep == code))
        chosen = np.concatenate([first, np.flatnonzero(fits & (keep != code))[: max(0, room - first.size)]])
        chosen = chosen[:room]
        codes[ranked[chosen]] = code
        open_[chosen] = False
    return codes


def earned_codes(comp: Components, days: F64) -> I64:
    """The closest tier code the contacts of each tie of ``comp`` earn (docs/RULES.md): inner or close
    need contact from both sides (meetings and events count for both) on enough contact ``days`` spanning
    enough weeks; active needs the user to have taken part; any contact earns known."""
    span = (comp.last - comp.first) / DAY
    two_way = (comp.initiated_out > 0) & (comp.initiated_in > 0)
    inner = two_way & (days >= INNER_DAYS) & (span >= INNER_SPAN_DAYS)
    close = two_way & (days >= CLOSE_DAYS) & (span >= CLOSE_SPAN_DAYS)
    code = np.where(inner, 0, np.where(close, 1, np.where(comp.initiated_out > 0, 2, 3)))
    return np.asarray(code, dtype=np.int64)


def said_code(f: PersonFacts) -> int:
    """The closest tier code the user's own word earns: a pin, a closeness rating (inner from
    STATED_CLOSE, active below it), a favour either way (active); the tail when they said nothing."""
    if f.tier_pin in TIERS:
        return _RANKS[f.tier_pin or LONG_TAIL]
    if f.closeness is not None and f.closeness >= STATED_CLOSE:
        return 0
    if f.closeness is not None or f.favours_given or f.favours_received:
        return _RANKS["active"]
    return _TAIL


def contact_days(prepared: Prepared, now: float, keys: I64) -> F64:
    """Distinct (UTC) calendar days with a contact strictly before ``now``, for each of ``keys`` (which
    must have contacts in ``prepared``); a day on which they were only copied on someone else's mail is
    no contact day of theirs. Each key's rows are sorted by time, so the rows kept stay in that order and
    the first row of a day is the first among them."""
    c = prepared.c
    keep = (c.at < now) & (c.direction != PRESENT)
    idx, day = prepared.idx[keep], np.floor(c.at[keep] / DAY)
    new = np.ones(day.shape[0], dtype=bool)
    if day.size > 1:
        new[1:] = (idx[1:] != idx[:-1]) | (day[1:] != day[:-1])
    per_key = np.bincount(idx, weights=new, minlength=prepared.keys.shape[0])
    return np.asarray(per_key[np.searchsorted(prepared.keys, keys)], dtype=np.float64)


def strengths_at(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: float, p: TieParams
) -> tuple[Components, dict[int, float]]:
    """Components and final strength per key at ``now`` (Unix seconds): what every view and the eval use."""
    prepared = prepare(contacts.before(now))
    comp = components_of(prepared, now, p)
    s = experts.traces(comp, now, experts.backtest(prepared, now, p), p)
    out: dict[int, float] = dict(zip(comp.keys.tolist(), s.tolist(), strict=True))
    for pid, f in facts.items():
        if f.closeness is None and not (f.favours_given or f.favours_received):
            out.setdefault(pid, 0.0)  # nothing said about them: the traces alone (already in [0, 1])
            continue
        out[pid] = adjusted(out.get(pid, 0.0), f, p)
    return comp, out


@dataclass(slots=True)
class _People:
    """Everyone scored, by row (see :class:`Table`), with what the user said about them."""

    keys: I64
    n: int  # the first n have contacts
    facts_at: I64  # the row of every key of the facts
    said: dict[int, PersonFacts]
    pinned: I64  # each row's pinned tier code, -1 when free
    word: I64  # the closest tier code what the user said earns each row (said_code; the tail: nothing)


def _people(keys: I64, facts: Mapping[int, PersonFacts]) -> _People:
    fk = np.fromiter(facts.keys(), np.int64, len(facts))
    inside = np.isin(fk, keys)
    extra = fk[~inside]
    at = np.empty(fk.shape[0], np.int64)
    at[inside] = np.searchsorted(keys, fk[inside])
    at[~inside] = keys.shape[0] + np.arange(extra.shape[0])
    said = {
        q: f
        for q, f in zip(at.tolist(), facts.values(), strict=True)
        if f is not _NOTHING  # callers share one empty PersonFacts: identity first, then the fields
        and (f.closeness is not None or f.tier_pin is not None or f.favours_given or f.favours_received)
    }
    pinned = np.full(keys.shape[0] + extra.shape[0], -1, np.int64)
    word = np.full(keys.shape[0] + extra.shape[0], _TAIL, np.int64)
    for q, f in said.items():
        if f.tier_pin in TIERS:
            pinned[q] = TIERS.index(f.tier_pin)
        word[q] = said_code(f)
    return _People(np.concatenate([keys, extra]), int(keys.shape[0]), at, said, pinned, word)


def _strengths(
    people: _People, comp: Components, traces: F64, p: TieParams, days: F64
) -> tuple[F64, I64, I64]:
    """Everyone's final strength from one pass, tier code (-1: not scored at that moment), and the closest
    tier code their evidence earns (``days``: each contact row's contact days at that moment)."""
    m = people.keys.shape[0]
    s = np.zeros(m)
    scored_then = np.zeros(m, dtype=bool)
    if comp.keys.shape[0] == people.n:  # the same keys (the passes are cuts of one preparation)
        at: I64 = np.arange(people.n, dtype=np.int64)
    else:
        at = np.searchsorted(people.keys[: people.n], comp.keys).astype(np.int64)
    s[at] = traces
    scored_then[at] = True
    scored_then[people.facts_at] = True
    for q, f in people.said.items():
        s[q] = adjusted(float(s[q]), f, p)
    earned = people.word.copy()
    earned[at] = np.minimum(earned[at], earned_codes(comp, days))
    codes = np.full(m, -1, np.int64)
    idx = np.flatnonzero(scored_then)
    codes[idx] = tier_codes(people.keys[idx], s[idx], people.pinned[idx], earned[idx])
    return s, codes, earned


def _round4(a: F64) -> F64:
    """``round(x, 4)`` of every value, exactly as Python rounds (numpy's rint(x * 1e4) / 1e4 differs when
    x * 1e4 lands within an ulp of a half); the few values that close are rounded by Python."""
    scaled = a * 1e4
    out: F64 = np.rint(scaled) / 1e4
    for i in np.flatnonzero(np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) < 1e-6).tolist():
        out[i] = round(float(a[i]), 4)
    return out


def _trends(
    comp: Components, p: TieParams, t_now: float, gap: F64, codes: tuple[I64, I64, I64], change: F64
) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Trend (index into _TRENDS) and cooling of the ties with contacts, from their tier codes now, a
    trend window ago and of the bond, and the change of their rounded strength over the window."""
    silence = (t_now - comp.last) / DAY
    with np.errstate(invalid="ignore"):
        overdue = ~np.isnan(gap) & (silence > p.cooling_gap_factor * np.maximum(gap, 1.0))
    established = comp.count >= MIN_HISTORY  # one mail that ages is not a relationship cooling
    rn, rb, rbond = codes
    fell = (rb >= 0) & (rn > rb) & (rb != _TAIL) & (change < 0) & established
    # a relationship strong over the years but weak right now has cooled (silence past its rhythm)
    faded = (rbond + 1 < rn) & (silence > p.trend_window_days) & established
    cooling = overdue | fell | faded
    silent = silence > max(p.cooling_gap_factor * p.half_life_days, 365.0)
    warming = change > 0.05
    return np.where(cooling, 3, np.where(warming, 1, np.where(silent, 2, 0))), cooling


def _held(
    people: _People, s: F64, earned: I64, unheld: I64, past: tuple[I64, I64], cooling: npt.NDArray[np.bool_]
) -> I64:
    """Tier codes now with every cooling tie keeping the closer of its tier a trend window ago and its
    long-run tier while it cools (when its evidence still earns it): a strong tie gone quiet is a strong
    tie to save, not an acquaintance. Without a cooling tie the codes are ``unheld``."""
    n = people.n
    then, bond = past
    was = np.minimum(np.where(then[:n] >= 0, then[:n], _TAIL), bond[:n])
    keeps = cooling & (was < unheld[:n]) & (earned[:n] <= was)
    if not keeps.any():
        return unheld
    held = np.full(people.keys.shape[0], -1, np.int64)
    held[:n] = np.where(keeps, was, -1)
    return tier_codes(people.keys, s, people.pinned, earned, held)


def _reach(contacts: Contacts, keys: I64, t_now: float) -> tuple[I64, I64]:
    """core/onesided's counts (by you, by them) for each of ``keys`` (ascending), zero outside the window."""
    found, you, them = reach_arrays(contacts, t_now - WINDOW_DAYS * DAY, t_now)
    by_you, by_them = np.zeros(keys.shape[0], np.int64), np.zeros(keys.shape[0], np.int64)
    at = np.searchsorted(keys, found)
    by_you[at], by_them[at] = you, them
    return by_you, by_them


def score_ties(
    contacts: Contacts, facts: Mapping[int, PersonFacts], now: datetime, p: TieParams | None = None
) -> Ties:
    """Every tie's score at ``now`` from the contacts strictly before it; keys are person ids.

    The contacts are prepared once for three passes: now, one trend window ago, and the long-run bond
    (another half-life); strengths, tiers, trend and cooling are computed for everyone at once.
    """
    p = p or TieParams()
    t_now = now.timestamp()
    prepared = prepare(contacts.before(t_now))
    bond_p = replace(p, half_life_days=p.bond_half_life_days)
    params = (p, p, bond_p)
    t_then = t_now - p.trend_window_days * DAY
    now_pass = components_of(prepared, t_now, p)
    passes = [
        now_pass,
        components_of(prepared, t_then, p, light=True),  # the experts' inputs only
        rescaled(now_pass, prepared, t_now, bond_p),  # the bond: only what its half-life changes
    ]
    # the backtest starts 30 days back with enough history: the trend window's pass, reused
    choice = experts.backtest(prepared, t_now, p, (t_then, passes[1]))
    x = experts.features(passes[0], t_now)  # also read by the contributions below
    traces_ = [
        experts.traces(passes[0], t_now, choice, p, x),
        experts.traces(passes[1], t_then, choice, p),
        strength(passes[2], bond_p),  # the long run: the component formula with a one-year half-life
    ]
    comp, people = passes[0], _people(passes[0].keys, facts)
    days_now = contact_days(prepared, t_now, comp.keys)
    days = (days_now, contact_days(prepared, t_then, passes[1].keys), days_now)
    (s_now, c_unheld, earned), (s_then, c_then, _), (s_bond, c_bond, _) = (
        _strengths(people, c, t, q, d) for c, t, q, d in zip(passes, traces_, params, days, strict=True)
    )
    strengths, before, bond = _round4(s_now), _round4(s_then), _round4(s_bond)
    n, m = people.n, people.keys.shape[0]
    gap = np.round(comp.usual_gap_days, 2)
    count = comp.count.astype(np.int64)
    trend, cooling = _trends(
        comp, p, t_now, gap, (c_unheld[:n], c_then[:n], c_bond[:n]), strengths[:n] - before[:n]
    )
    c_now = _held(people, s_now, earned, c_unheld, (c_then, c_bond), cooling)
    keys = people.keys.tolist()
    rest = m - n  # no contacts: silent, never cooling
    columns = (
        keys,
        strengths.tolist(),
        [TIERS[c] for c in c_now.tolist()],
        [datetime.fromtimestamp(t, UTC) for t in comp.last.tolist()] + [None] * rest,
        [_TRENDS[t] for t in trend.tolist()] + ["silent"] * rest,
        cooling.tolist() + [False] * rest,
        [None if math.isnan(g) else g for g in gap.tolist()] + [None] * rest,
        before.tolist(),
        [_BY_CODE[c] for c in c_then.tolist()],
        bond.tolist(),
        [TIERS[c] for c in c_bond.tolist()],  # everyone is scored for the bond
        count.tolist() + [0] * rest,
        (earned <= _RANKS["active"]).tolist(),
    )
    mean = x.mean(axis=0) if n else np.zeros(x.shape[1])
    contrib = choice.scale * (x - mean) * np.asarray(choice.expert.weights)
    parts = {name: np.round(contrib[:, j], 4) for j, name in enumerate(experts.FEATURES)}
    parts["reciprocity"] = np.round(comp.reciprocity, 4)
    parts["traces"] = np.round(traces_[0], 4)
    typical = float(experts.chance(mean[None, :], choice)[0])
    table = Table(
        people.keys,
        n,
        dict(zip(keys[n:], range(n, m), strict=True)),
        people.said,
        p,
        t_now,
        comp,
        choice,
        typical,
        parts,
        (c_now, c_then, c_bond),
        bond,
        gap,
        cooling,
        c_unheld,
        earned,
        days_now,
        reach=_reach(contacts.before(t_now), comp.keys, t_now),
    )
    return Ties(dict(zip(keys, [TieScore(*row) for row in zip(*columns, strict=True)], strict=True)), table)
