"""Tie strength math on hand-built contacts: reciprocity, group size, closeness, tiers, cooling, as-of."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from innercircle.core.ties.components import components
from innercircle.core.ties.experts import FEATURES
from innercircle.core.ties.explain import explain
from innercircle.core.ties.model import (
    IN,
    MUTUAL,
    OUT,
    PRESENT,
    Contacts,
    PersonFacts,
    TieParams,
    channel_code,
)
from innercircle.core.ties.score import assign_tiers, score_ties
from innercircle.core.ties.tiers import TIER_CAPS

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def make(rows: list[tuple[int, float, str, int, int, float | None]]) -> Contacts:
    """Contacts from (key, days before NOW, channel, direction, group size, duration seconds)."""
    t = NOW.timestamp()
    return Contacts(
        key=np.array([r[0] for r in rows], np.int64),
        at=np.array([t - r[1] * 86400 for r in rows], np.float64),
        channel=np.array([channel_code(r[2]) for r in rows], np.int8),
        direction=np.array([r[3] for r in rows], np.int8),
        group_size=np.array([r[4] for r in rows], np.int64),
        duration_s=np.array([np.nan if r[5] is None else r[5] for r in rows], np.float64),
    )


def same_pattern(key: int, direction_of: list[int], channel: str = "message", group: int = 1) -> list:
    return [(key, 3.0 + 7 * i, channel, d, group, None) for i, d in enumerate(direction_of)]


def test_a_tie_nobody_answered_is_scaled_down_once_established() -> None:
    both = same_pattern(1, [OUT, IN, OUT, IN, OUT, IN])
    one_way = same_pattern(2, [OUT] * 6)
    lopsided = same_pattern(3, [OUT, OUT, OUT, OUT, OUT, IN])
    contacts = make(both + one_way + lopsided)
    scores = score_ties(contacts, dict.fromkeys((1, 2, 3), PersonFacts()), NOW)
    assert explain(scores, 1).components["reciprocity"] == 1.0
    assert explain(scores, 2).components["reciprocity"] == 0.0
    assert 0.0 < explain(scores, 3).components["reciprocity"] < 1.0
    # the same traces, the same chance of contact; only the tie nobody ever answered is scaled down
    assert scores[1].strength == scores[3].strength
    assert abs(scores[2].strength - 0.8 * scores[1].strength) <= 1e-4
    assert any(
        r == "strength scaled down: one-way over all 6 interactions" for r in explain(scores, 2).reasons
    )
    # two unanswered messages are not yet a pattern
    early = score_ties(make(both + one_way[:2]), {}, NOW)
    assert not any("scaled down" in r for r in explain(early, 2).reasons)
    unscaled = score_ties(contacts, {}, NOW, TieParams(one_way_factor=1.0))
    assert unscaled[2].strength == unscaled[1].strength


def test_group_mail_predicts_contact_as_one_to_one_and_weighs_less_in_the_bond() -> None:
    """The chance of contact counts a mail to twelve as one contact (on the e-mail set, dividing it by the
    group's size made every expert worse, benchmarks/tie_eval.py); the long-run bond still divides it."""
    solo = same_pattern(1, [OUT, IN, OUT, IN], channel="email", group=1)
    group = same_pattern(2, [OUT, IN, OUT, IN], channel="email", group=12)
    scores = score_ties(make(solo + group), {}, NOW)
    assert explain(scores, 2).components["contacts"] == explain(scores, 1).components["contacts"]
    assert scores[2].strength == scores[1].strength
    assert scores[2].bond < scores[1].bond


def test_channel_order_meeting_call_message_email() -> None:
    rows = []
    for key, ch in enumerate(["meeting", "call", "message", "email"]):
        rows += same_pattern(key, [MUTUAL] * 4, channel=ch)
    comp = components(make(rows), NOW.timestamp(), TieParams())
    intensity = dict(zip(comp.keys.tolist(), comp.intensity.tolist(), strict=True))
    assert intensity[0] > intensity[1] > intensity[2] > intensity[3]


def test_cc_next_to_the_user_predicts_contact_as_being_written_to_and_is_a_weaker_bond() -> None:
    """Someone cc'd beside the user three times is as likely to be in the user's mail again as someone who
    wrote three times (on the e-mail set a cc discount made every expert worse, benchmarks/tie_eval.py),
    and is no one-way tie (nobody wrote, nobody went unanswered); the long-run bond counts a cc for less."""
    written = same_pattern(1, [IN, IN, OUT], channel="email")
    cc = same_pattern(2, [PRESENT, PRESENT, PRESENT], channel="email")
    scores = score_ties(make(written + cc), {}, NOW)
    assert scores[2].strength == scores[1].strength
    assert scores[2].bond < scores[1].bond
    assert not any("one-way" in r for r in explain(scores, 2).reasons)


def test_stated_closeness_survives_silence() -> None:
    old = [(1, 700.0 + i, "meeting", MUTUAL, 1, 3600.0) for i in range(5)]
    facts = {1: PersonFacts(closeness=0.9), 2: PersonFacts()}
    scores = score_ties(make([*old, (2, 700.0, "meeting", MUTUAL, 1, 3600.0)]), facts, NOW)
    assert scores[1].strength >= 0.9
    assert scores[1].tier == "inner"
    assert scores[2].strength < 0.2
    assert explain(scores, 1).components["closeness"] == 0.9


def test_tier_caps_and_pins() -> None:
    strengths = {pid: 1.0 - pid / 400 for pid in range(300)}
    tiers = assign_tiers(strengths, {299: "inner"})
    counts = {
        name: sum(1 for t in tiers.values() if t == name) for name in ("inner", "close", "active", "known")
    }
    for name, cap in TIER_CAPS:
        assert counts[name] <= cap
    assert tiers[299] == "inner"
    assert tiers[0] == "inner" and tiers[4] != "inner"  # the pin takes one of five seats
    assert sum(counts.values()) <= TIER_CAPS[-1][1]
    assert tiers[250] == "tail"


def test_tiny_network_is_not_all_inner() -> None:
    tiers = assign_tiers({1: 0.9, 2: 0.01}, {})
    assert tiers[1] == "inner"
    assert tiers[2] == "known"


def test_tiers_are_earned_not_filled() -> None:
    """A small network is mostly known and tail: one meeting, one call or cold pitches earn no close tie."""
    rows = [(1, 3.0, "meeting", OUT, 1, 2700.0)]  # one 45-minute meeting
    rows += [(2, 5.0, "call", OUT, 1, 1200.0)]  # one 20-minute call
    rows += [(3, 2.0 + 3 * i, "email", IN, 1, None) for i in range(25)]  # 25 unanswered cold pitches
    rows += [(4, 2.0 + 9 * i, "email", OUT if i % 2 else IN, 1, None) for i in range(6)]  # 6 days, 6 weeks
    rows += [(5, 2.0 + 9 * i, "email", OUT if i % 2 else IN, 1, None) for i in range(12)]  # 12 days, 14 weeks
    rows += [(7, 2.0 + 9 * i, "email", OUT if i % 2 else IN, 1, None) for i in range(4)]  # 4 days: not yet
    rows += [(6, 40.0, "email", IN, 1, None)]  # one mail, then a rating of the user's
    scores = score_ties(make(rows), {6: PersonFacts(closeness=0.8)}, NOW)
    tiers = {k: sc.tier for k, sc in scores.items()}
    assert tiers[1] not in ("inner", "close") and tiers[2] not in ("inner", "close")
    assert tiers[3] == "known"  # they wrote, the user never did: not the user's networking
    assert tiers[4] == "close"  # both ways on 6 days over 6 weeks: close, not inner
    assert tiers[7] == "active"
    assert tiers[5] == "inner"
    assert tiers[6] == "inner"  # the user's word
    assert any(r.startswith("known, not active: they wrote to you") for r in explain(scores, 3).reasons)
    one = explain(scores, 1).reasons
    assert one[0] == "1 contact over less than a day, both of you reach out, silent 3 days"
    assert one[1].startswith("active: not close yet")
    assert explain(scores, 6).reasons[1] == "inner: you rate them 0.8 close"
    pinned = score_ties(make(rows), {1: PersonFacts(tier_pin="inner")}, NOW)
    assert pinned[1].tier == "inner"


def test_earned_tiers_keep_the_caps_and_rank() -> None:
    """Earning is a condition besides the rank: the caps hold, and a stronger tie with at least the
    evidence of a weaker one never sits in a further tier."""
    rows = []
    for k in range(30):  # thirty two-way ties of inner evidence, ever less often
        rows += [(k, 1.0 + (5 + k) * i, "call", OUT if i % 2 else IN, 1, 600.0) for i in range(10)]
    scores = score_ties(make(rows), {}, NOW)
    by_strength = sorted(scores.values(), key=lambda sc: -sc.strength)
    assert [sc.tier for sc in by_strength].count("inner") == 5
    assert sum(sc.tier in ("inner", "close") for sc in by_strength) == 15
    ranks = [("inner", "close", "active", "known", "tail").index(sc.tier) for sc in by_strength]
    assert ranks == sorted(ranks)


def test_cooling_when_silence_passes_eight_usual_gaps() -> None:
    weekly_then_silent = [(1, 120.0 + 7 * i, "call", OUT if i % 2 else IN, 1, 600.0) for i in range(20)]
    steady = [(2, 1.0 + 7 * i, "call", OUT if i % 2 else IN, 1, 600.0) for i in range(20)]
    scores = score_ties(make(weekly_then_silent + steady), {}, NOW)
    assert scores[1].cooling and scores[1].trend == "cooling"
    assert scores[1].usual_gap_days == 7.0
    assert not scores[2].cooling
    assert any("usual gap" in r for r in explain(scores, 1).reasons)


def test_as_of_ignores_later_interactions() -> None:
    rows = [*same_pattern(1, [OUT, IN, OUT]), (1, -5.0, "meeting", MUTUAL, 1, 3600.0)]
    before = score_ties(make(rows), {}, NOW)
    without = score_ties(make(rows[:3]), {}, NOW)
    assert before[1].strength == without[1].strength
    assert before[1].last_contact == NOW - timedelta(days=3)
    later = score_ties(make(rows), {}, NOW + timedelta(days=10))
    assert later[1].contacts == 4


def test_strength_in_unit_interval_and_components_named() -> None:
    rows = [
        (k, float(d), "message", OUT if d % 2 else IN, 1, None) for k in range(5) for d in range(0, 400, 3)
    ]
    scores = score_ties(make(rows), {k: PersonFacts(favours_given=3) for k in range(5)}, NOW)
    for pid, sc in scores.items():
        assert 0.0 <= sc.strength <= 1.0
        why = explain(scores, pid)
        assert {*FEATURES, "reciprocity", "traces", "favours", "history"} <= set(why.components)
        assert any(r.startswith("chance of contact in the next 30 days") for r in why.details)


def test_favours_raise_strength() -> None:
    rows = same_pattern(1, [OUT, IN]) + same_pattern(2, [OUT, IN])
    scores = score_ties(make(rows), {1: PersonFacts(favours_given=2, favours_received=1)}, NOW)
    assert scores[1].strength > scores[2].strength


def test_decayed_strength_falling_a_tier_is_cooling() -> None:
    # 5 strong ties; key 9 was inner a month ago and went quiet while five others kept going
    rows = []
    for k in range(5):
        rows += [(k, 1.0 + 4 * i, "meeting", MUTUAL, 1, 3600.0) for i in range(16)]
    rows += [(9, 31.0 + 2 * i, "meeting", MUTUAL, 1, 3600.0) for i in range(30)]
    scores = score_ties(make(rows), {}, NOW, TieParams(cooling_gap_factor=1000))
    assert scores[9].tier_before == "inner" and scores[9].cooling
    # it keeps its seat while it cools (one of the five: the weakest of the others steps down a layer)
    assert scores[9].tier == "inner"
    assert sorted(sc.tier for k, sc in scores.items() if k != 9) == ["close", *["inner"] * 4]
    assert scores.table is not None and scores.table.unheld[scores.table.row(9)] > 0
    assert any("keeps its inner tier while it cools" in r for r in explain(scores, 9).reasons)


def test_people_never_in_contact_score_like_the_long_way() -> None:
    """The fast path for untouched people gives what the general path gives someone in the same state."""
    c = Contacts(
        key=np.array([2, 2], np.int64),
        at=np.array([NOW.timestamp() - 86400 * 9, NOW.timestamp() - 86400 * 2]),
        channel=np.array([channel_code("call")] * 2, np.int8),
        direction=np.array([OUT, IN], np.int8),
        group_size=np.ones(2, np.int64),
        duration_s=np.array([600.0, 900.0]),
    )
    scores = score_ties(
        c, {2: PersonFacts(), 3: PersonFacts(), 4: PersonFacts(favours_given=0, tier_pin=None)}, NOW
    )
    quiet, why_quiet = scores[3], explain(scores, 3)
    assert quiet.strength == 0.0 and quiet.trend == "silent" and quiet.contacts == 0
    assert why_quiet.reasons == ["no recorded interaction yet"] and quiet.last_contact is None
    said = score_ties(c, {3: PersonFacts(closeness=0.0)}, NOW)  # said something: the general path
    long_way, why = said[3], explain(said, 3)
    why.components.pop("closeness")
    assert why_quiet.components == why.components and list(why_quiet.components) == list(why.components)
    assert why_quiet.reasons == why.reasons[:1]
    assert (quiet.tier, quiet.bond, quiet.strength_before) == (
        long_way.tier,
        long_way.bond,
        long_way.strength_before,
    )
    assert scores[4] == replace(quiet, person_id=4)
