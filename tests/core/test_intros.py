"""Hop strengths and evidence from co-participation (hand-built occasions)."""

from __future__ import annotations

from innercircle.core.intros import MAX_GROUP, Occasion, cost, hops_from, path_strength


def test_meetings_beat_mails_and_big_groups_are_ignored() -> None:
    occ = [
        Occasion("meeting", "meeting on 2026-01-05", (1, 2, 3)),
        Occasion("mail", "mail “plan” on 2026-01-06", (1, 4, 5), writer=4),
        Occasion("mail", "mail “all hands”", tuple(range(10, 10 + MAX_GROUP + 2)), writer=10),
    ]
    hops = hops_from(occ, {}, exclude=[1], names={4: "Dora", 5: "Emil"})  # 1 is the owner
    assert set(hops) == {(2, 3), (4, 5)}
    assert hops[(2, 3)].strength > hops[(4, 5)].strength
    assert hops[(2, 3)].evidence == ["meeting on 2026-01-05 together"]
    assert hops[(4, 5)].evidence == ["Dora wrote to Emil: mail “plan” on 2026-01-06"]


def test_repeated_occasions_add_up_and_bigger_mails_count_less() -> None:
    one = hops_from([Occasion("mail", "m1", (2, 3), writer=2)], {})[(2, 3)]
    three = hops_from([Occasion("mail", f"m{i}", (2, 3), writer=3) for i in range(3)], {})[(2, 3)]
    assert three.strength > one.strength and three.count == 3
    direct = hops_from([Occasion("mail", "x", (2, 3), writer=2)], {})[(2, 3)]
    crowded = hops_from([Occasion("mail", "x", (2, 3, 4, 5), writer=2)], {})[(2, 3)]
    assert crowded.strength < direct.strength


def test_only_the_writer_and_those_written_to_are_evidence_not_co_recipients() -> None:
    # the user (1) wrote to 2 and 3: nothing between 2 and 3
    assert hops_from([Occasion("mail", "m", (1, 2, 3), writer=1)], {}, exclude=[1]) == {}
    # 2 wrote to the user with 3 and 4 in Cc: evidence 2–3 and 2–4, none between the co-recipients 3 and 4
    hops = hops_from([Occasion("mail", "m", (1, 2, 3, 4), writer=2)], {}, exclude=[1])
    assert set(hops) == {(2, 3), (2, 4)}
    # a written occasion whose writer is unknown says nothing; a meeting needs no writer
    assert hops_from([Occasion("message", "m", (2, 3))], {}) == {}
    assert set(hops_from([Occasion("call", "c", (1, 2, 3))], {}, exclude=[1])) == {(2, 3)}


def test_a_reply_all_that_kept_the_users_addressees_is_no_evidence() -> None:
    # the user wrote to 2 and 3; 3 answered all (To: user, Cc: 2): 3 did not choose to write to 2
    kept = frozenset({1, 2, 3})
    assert hops_from([Occasion("mail", "re", (1, 2, 3), writer=3, kept=kept)], {}, exclude=[1]) == {}
    # 3 looped in 4, whom the user had not written to: that is 3 writing to 4 (and still not to 2)
    hops = hops_from([Occasion("mail", "re", (1, 2, 3, 4), writer=3, kept=kept)], {}, exclude=[1])
    assert set(hops) == {(3, 4)}
    # the user wrote to 3 alone; 3 answered and copied 2: 3 wrote to 2
    hops = hops_from([Occasion("mail", "re", (1, 2, 3), writer=3, kept=frozenset({1, 3}))], {}, exclude=[1])
    assert set(hops) == {(2, 3)}


def test_same_small_organization_is_evidence() -> None:
    hops = hops_from([], {2: "Acme", 3: "Acme", 4: "Other"})
    assert set(hops) == {(2, 3)}
    assert hops[(2, 3)].evidence == ["both at Acme"]
    assert 0 < hops[(2, 3)].strength < 1


def test_path_cost_orders_by_product() -> None:
    assert cost(0.9) < cost(0.5)
    assert cost(0.9) + cost(0.5) < cost(0.4)  # 0.45 > 0.4
    assert path_strength([0.5, 0.5]) == 0.25


def test_warm_means_active_tier_or_closer_and_real_evidence_between_others() -> None:
    from innercircle.core.intros import MIN_WARM_HOP, warm_hop, warm_tie
    from innercircle.core.ties.score import TieScore
    from innercircle.core.ties.tiers import TIERS

    assert [t for t in TIERS if warm_tie(TieScore(1, 0.3, t))] == ["inner", "close", "active"]
    assert not warm_tie(TieScore(1, 0.3, "close", trend="cooling", cooling=True))
    assert not warm_tie(TieScore(1, 0.3, "active", trend="silent"))
    colleagues = hops_from([], {2: "Acme", 3: "Acme"})[(2, 3)]
    met_once = hops_from([Occasion("meeting", "m", (2, 3))], {})[(2, 3)]
    crowded_mail = hops_from([Occasion("mail", "m", tuple(range(2, 9)), writer=2)], {})[(2, 3)]
    big_event = hops_from([Occasion("event", "e", tuple(range(2, 8)))], {})[(2, 3)]
    assert colleagues.strength == MIN_WARM_HOP and warm_hop(colleagues.strength)
    assert warm_hop(met_once.strength)
    assert not warm_hop(crowded_mail.strength) and not warm_hop(big_event.strength)


def test_a_stated_close_tie_is_warm_but_says_to_reconnect_when_going_quiet() -> None:
    from innercircle.core.intros import reconnect_note, stated_close, warm_tie
    from innercircle.core.ties.score import TieScore

    quiet = TieScore(1, 0.8, "close", trend="cooling", cooling=True)
    assert not warm_tie(quiet)
    assert stated_close(0.8, None) and stated_close(None, "inner") and stated_close(0.1, "active")
    assert not stated_close(0.3, None) and not stated_close(None, "known") and not stated_close(None, None)
    assert warm_tie(quiet, stated=True)
    assert reconnect_note(quiet, True, 85) == "cooling: last contact 85 days ago — reconnect before asking"
    assert reconnect_note(quiet, False, 85) is None
    assert reconnect_note(TieScore(1, 0.8, "close"), True, 3) is None
    never = TieScore(1, 0.9, "inner", trend="silent")
    assert reconnect_note(never, True, None) == "cooling: no contact on record — reconnect before asking"
