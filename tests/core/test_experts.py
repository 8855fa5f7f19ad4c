"""core/ties/experts: the choice among the frozen experts on the user's own last stretch, and its calibration."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from innercircle.core.ties import experts
from innercircle.core.ties.components import components, prepare
from innercircle.core.ties.explain import explain
from innercircle.core.ties.model import IN, OUT, PRESENT, Contacts, TieParams, channel_code
from innercircle.core.ties.score import score_ties

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DAY = 86400.0


def contacts(rows: list[tuple[int, float]]) -> Contacts:
    """Messages from (key, days before NOW), alternating directions per key."""
    t = NOW.timestamp()
    return Contacts(
        key=np.array([k for k, _ in rows], np.int64),
        at=np.array([t - d * DAY for _, d in rows], np.float64),
        channel=np.full(len(rows), channel_code("message"), np.int8),
        direction=np.array([OUT if i % 2 else IN for i in range(len(rows))], np.int8),
        group_size=np.ones(len(rows), np.int64),
        duration_s=np.full(len(rows), np.nan),
    )


def test_the_expert_that_orders_the_stretch_best_is_chosen() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, len(experts.FEATURES)))
    # who was in touch follows the "rhythm" expert's score: it must win the backtest
    score = x @ np.asarray(experts.expert("rhythm").weights)
    active = score + rng.normal(scale=0.3, size=400) > np.median(score)
    c = experts.choose(x, active, 30.0)
    assert c.expert.name == "rhythm" and c.backtest_days == 30.0
    assert c.fit["rhythm"] == max(c.fit.values()) and set(c.fit) == {e.name for e in experts.EXPERTS}
    # the calibration keeps the order (scale > 0) and fits the rate of the stretch
    chance = experts.chance(x, c)
    assert np.all(np.diff(chance[np.argsort(score)]) >= 0)
    assert abs(float(chance.mean()) - float(active.mean())) < 0.05


def test_calibration_recovers_a_simulated_logistic() -> None:
    rng = np.random.default_rng(5)
    score = rng.normal(size=20_000)
    truth = 1.0 / (1.0 + np.exp(-(1.7 * score - 0.8)))
    label = rng.random(20_000) < truth
    scale, offset = experts.calibrate(score, label, 1.0, 0.0)
    assert abs(scale - 1.7) < 0.1 and abs(offset + 0.8) < 0.1
    # a score that orders the ties backwards keeps the expert's defaults (the order is never reversed)
    assert experts.calibrate(-score, label, 1.0, 0.0) == (1.0, 0.0)


def test_without_evidence_the_defaults_are_kept_blend_when_young_rhythm_when_old() -> None:
    p = TieParams()
    young = prepare(contacts([(1, 10.0), (1, 5.0), (2, 3.0)]))
    c = experts.backtest(young, NOW.timestamp(), p)
    assert c.expert.name == experts.SHORT == "blend" and c.backtest_days == 0 and not c.fit
    # two years of history, nobody in touch in the last 30 days: too little to choose by, the rhythm expert
    rows = [(1, 700.0), (1, 650.0), (2, 400.0), (2, 90.0)]
    c = experts.backtest(prepare(contacts(rows)), NOW.timestamp(), p)
    assert c.expert.name == experts.LONG == "rhythm" and c.backtest_days == 30.0 and not c.fit
    scores = score_ties(contacts(rows), {}, NOW)
    assert scores[2].strength > scores[1].strength  # the more recent tie is the stronger
    assert any("too few of your ties were in touch" in r for r in explain(scores, 1).details)


def test_a_choice_needs_enough_ties_in_touch_and_out_of_touch() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, len(experts.FEATURES)))
    score = x @ np.asarray(experts.expert("steady").weights)
    top = np.argsort(score)[-experts.MIN_EVIDENCE :]
    active = np.zeros(400, bool)
    active[top] = True  # exactly enough in touch: the best expert is chosen
    assert experts.choose(x, active, 30.0).expert.name == "steady"
    active[top[0]] = False  # one fewer: the long-history default, nothing compared
    c = experts.choose(x, active, 30.0)
    assert c.expert.name == experts.LONG and not c.fit
    assert experts.choose(x, ~active, 30.0).expert.name == experts.LONG  # too few out of touch, likewise


def test_the_reasons_name_the_chosen_expert_and_what_moved_the_number() -> None:
    # half the ties still in touch, half gone quiet two months ago: the last stretch can tell experts apart
    # (enough of each, experts.MIN_EVIDENCE, for a choice)
    rows = [(k, float(d)) for k in range(24) for d in range(k % 6 + 1, 200, 3 + 2 * (k % 6))]
    rows += [(k, float(d)) for k in range(24, 48) for d in range(60 + k % 6, 300, 3 + k % 6)]
    scores = score_ties(contacts(rows), {}, NOW)
    why = explain(scores, 0)
    chosen = scores.table.choice if scores.table else None
    assert chosen is not None and chosen.fit
    assert any(r.startswith("chance of contact in the next 30 days") for r in why.details)
    assert any(
        f"({chosen.expert.name}): of the models it predicted your last 30 days best" in r for r in why.details
    )
    # the contributions are against the typical tie: over everyone they sum to zero per feature
    for name in experts.FEATURES:
        assert (
            abs(sum(explain(scores, k).components[name] for k in range(48))) < 48 * 5e-5
        )  # each rounded to 4 places


def mail(rows: list[tuple[int, float, int]]) -> Contacts:
    """E-mails from (key, days before NOW, direction)."""
    t = NOW.timestamp()
    return Contacts(
        key=np.array([k for k, _, _ in rows], np.int64),
        at=np.array([t - d * DAY for _, d, _ in rows], np.float64),
        channel=np.full(len(rows), channel_code("email"), np.int8),
        direction=np.array([d for _, _, d in rows], np.int8),
        group_size=np.ones(len(rows), np.int64),
        duration_s=np.full(len(rows), np.nan),
    )


def test_a_mostly_mail_history_without_evidence_is_scored_by_the_mail_expert() -> None:
    p = TieParams()
    young = [(1, 10.0, OUT), (1, 5.0, IN), (2, 3.0, IN)]
    c = experts.backtest(prepare(mail(young)), NOW.timestamp(), p)
    assert c.expert.name == experts.MAIL == "mail" and c.backtest_days == 0 and not c.fit
    old = [(1, 700.0, OUT), (1, 650.0, IN), (2, 400.0, OUT), (2, 90.0, IN)]
    c = experts.backtest(prepare(mail(old)), NOW.timestamp(), p)
    assert c.expert.name == "mail" and c.backtest_days == 30.0 and not c.fit
    scores = score_ties(mail(old), {}, NOW)
    assert any(
        r.startswith(f"weighs {experts.expert('mail').says} (mail): too few")
        for r in explain(scores, 1).details
    )
    # the same history as chat messages, or with mail under MAIL_SHARE of it: the chat defaults
    assert (
        experts.backtest(prepare(contacts([(k, d) for k, d, _ in old])), NOW.timestamp(), p).expert.name
        == "rhythm"
    )
    chat = contacts([(3, 300.0 + i) for i in range(5)])
    both = mail(old)
    mixed = Contacts(
        *(
            np.concatenate([getattr(both, f), getattr(chat, f)])
            for f in ("key", "at", "channel", "direction", "group_size", "duration_s")
        )
    )
    assert experts.mostly_mail(mixed.channel) is False  # 4 mails of 9 contacts
    assert experts.backtest(prepare(mixed), NOW.timestamp(), p).expert.name == experts.LONG


def test_only_the_chat_and_phone_experts_scale_down_a_tie_nobody_answered() -> None:
    """A sender the user never answered keeps mailing: the mail expert keeps their chance as it is; a tie
    seen only in cc (nobody wrote to the other) is not one-way for any expert."""
    p = TieParams()
    rows = [(1, float(d), IN) for d in (40, 30, 20, 10)]  # never answered
    rows += [(2, float(d), PRESENT) for d in (40, 30, 20, 10)]  # cc'd beside the user, nobody wrote
    rows += [(3, float(d), OUT if d % 20 else IN) for d in (40, 30, 20, 10)]  # both write
    c = mail(rows)
    comp = components(c, NOW.timestamp(), p)
    assert experts.one_way(comp, p).tolist() == [True, False, False]
    x = experts.features(comp, NOW.timestamp())
    for name, scaled in (("mail", False), ("rhythm", True), ("blend", True)):
        choice = experts.default(name)
        chance = experts.chance(x, choice)
        assert experts.expert(name).one_way is scaled
        factor = p.one_way_factor if scaled else 1.0
        assert np.allclose(experts.traces(comp, NOW.timestamp(), choice, p, x), chance * [factor, 1.0, 1.0])
    scores = score_ties(c, {}, NOW)
    assert scores.table is not None and scores.table.choice.expert.name == "mail"
    assert any("only they reach out, you never answered" in r for r in explain(scores, 1).reasons)
    assert not any("scaled down" in r for r in explain(scores, 1).reasons)
