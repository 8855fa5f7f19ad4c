"""The vectorized rescore (core/ties/score.score_ties, explain.explain) gives exactly what a plain
person-by-person scorer gives."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import tie_reference as ref

from innercircle.core.ties.explain import Explanation, explain
from innercircle.core.ties.model import (
    CHANNEL_CODES,
    IN,
    MUTUAL,
    OUT,
    PRESENT,
    Contacts,
    PersonFacts,
    TieParams,
)
from innercircle.core.ties.score import Ties, TieScore, score_ties
from innercircle.core.ties.tiers import TIERS

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def network(seed: int, people: int = 400, rows: int = 6000) -> tuple[Contacts, dict[int, PersonFacts]]:
    """Skewed contacts over three years (some after NOW), with every kind of fact and tie among them."""
    rng = np.random.default_rng(seed)
    key = rng.permutation(people)[np.minimum(rng.zipf(1.4, rows), people) - 1]
    at = NOW.timestamp() - rng.uniform(-20, 3 * 365, rows) * 86400  # a few after NOW: ignored
    at[key % 13 == 0] -= 300 * 86400  # a group that went quiet: cooling and faded ties
    key[:40] = people + 100 + rng.integers(0, 5, 40)  # new this month (not in the facts): no tier a month ago
    at[:40] = NOW.timestamp() - rng.uniform(0, 25, 40) * 86400
    direction = rng.choice([OUT, IN, MUTUAL, PRESENT], rows)
    direction[key % 7 == 1] = OUT  # one-way ties, both ways
    direction[key % 7 == 2] = IN
    c = Contacts(
        key=key.astype(np.int64),
        at=at,
        channel=rng.integers(0, len(CHANNEL_CODES), rows).astype(np.int8),
        direction=direction.astype(np.int8),
        group_size=np.where(rng.random(rows) < 0.2, rng.integers(2, 15, rows), 1).astype(np.int64),
        duration_s=np.where(rng.random(rows) < 0.3, rng.uniform(0, 7200, rows), np.nan),
    )
    facts: dict[int, PersonFacts] = {}
    for pid in rng.permutation(people + 60).tolist():  # 60 never contacted; some contacted not in facts
        if pid % 17 == 3:
            continue
        draw = rng.random()
        if draw < 0.75:
            facts[pid] = PersonFacts()
            continue
        facts[pid] = PersonFacts(
            closeness=float(rng.choice([0.0, 0.3, 0.95])) if rng.random() < 0.5 else None,
            tier_pin=str(rng.choice([*TIERS, "vip"])) if rng.random() < 0.3 else None,
            favours_given=int(rng.integers(0, 3)),
            favours_received=int(rng.integers(0, 3)),
        )
    facts[1] = PersonFacts(tier_pin="vip", closeness=0.5)  # a pin that is no tier counts for nothing
    return c, facts


PARAMS = [TieParams(), TieParams(cooling_gap_factor=2.0, trend_window_days=60.0)]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("params", PARAMS, ids=["default", "twitchy"])
def test_rescore_matches_the_plain_scorer(seed: int, params: TieParams) -> None:
    c, facts = network(seed)
    rows = ref.as_rows(c)
    seen: list[TieScore] = []
    reasons: list[str] = []
    for now in (NOW, NOW - timedelta(days=200)):
        got = score_ties(c, facts, now, params)
        want, why = ref.score_ties(c, facts, now, params)
        assert list(got) == list(want)  # same people, same order
        for pid, sc in want.items():
            assert got[pid] == sc, pid
            assert asdict(got[pid]) == asdict(sc)
            mine = explain(got, pid)
            assert mine == why[pid], pid
            assert list(mine.components) == list(why[pid].components)  # the order JSON shows
            reasons += mine.reasons
        seen += want.values()
    assert ref.as_rows(c) == rows  # the input is untouched
    # the network has what it is meant to exercise
    assert {sc.trend for sc in seen} == {"cooling", "silent", "steady", "warming"}
    assert any(sc.tier_before is None for sc in seen) and any(sc.contacts == 0 for sc in seen)
    assert {sc.tier for sc in seen} == set(TIERS)
    for said in (
        "only you reached out",
        "only they reached out (in the last 6 months: ",
        "both sides reach out (in the last 6 months: ",
        "strength scaled down: one-way",
        "usual gap",
        "over the years",
        "favours:",
        "rate this",
        "known, not active",
        "reach out lately",  # the window's counts differ from the whole history's
    ):
        assert said in " ".join(reasons)


def test_explain_only_what_was_scored() -> None:
    c, facts = network(4, people=50, rows=500)
    scores = score_ties(c, facts, NOW)
    with pytest.raises(KeyError):
        explain(scores, 10_000)
    assert explain(Ties({1: TieScore(1, 0.5, "close")}), 1) == Explanation({}, [])  # made by hand: no table
    first = list(scores)[:5]
    kept = scores.only(dict.fromkeys(first))
    assert list(kept) == first and [explain(kept, k) for k in first] == [explain(scores, k) for k in first]


def test_empty_inputs() -> None:
    empty = Contacts(
        *(np.zeros(0, t) for t in (np.int64, np.float64, np.int8, np.int8, np.int64, np.float64))
    )
    assert score_ties(empty, {}, NOW) == {}
    only = score_ties(empty, {5: PersonFacts(tier_pin="inner", closeness=0.5)}, NOW)
    want, why = ref.score_ties(empty, {5: PersonFacts(tier_pin="inner", closeness=0.5)}, NOW, TieParams())
    assert only == want and explain(only, 5) == why[5]


def test_rounding_is_pythons() -> None:
    from innercircle.core.ties.score import _round4

    rng = np.random.default_rng(7)
    halves = (np.arange(0, 10_001) + 0.5) / 1e4  # values at (or an ulp off) a half of the 4th decimal
    values = np.concatenate(
        [rng.random(20_000), halves, np.nextafter(halves, 0), np.nextafter(halves, 1), [0.0]]
    )
    assert _round4(values).tolist() == [round(v, 4) for v in values.tolist()]


@pytest.mark.parametrize("whole", [True, False])
def test_median_gap_per_key(whole: bool) -> None:
    from innercircle.core.ties.components import _median_by_key

    rng = np.random.default_rng(3)
    k = rng.integers(0, 300, 5000)
    v = rng.integers(0, 400, 5000).astype(np.float64) + (0.0 if whole else rng.random(5000))
    got = _median_by_key(k, v, 310)
    for key in range(310):
        values = v[k == key]
        assert (np.isnan(got[key]) and values.size < 2) or got[key] == np.median(values)
