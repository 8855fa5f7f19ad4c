"""benchmarks/tie_eval.py on a small slice of ../shared/eval: every figure is computed, in range."""

from __future__ import annotations

import math

import numpy as np
import pytest
from evalsets import EVAL, HAVE_EVAL, tie_eval

pytestmark = pytest.mark.skipif(not HAVE_EVAL, reason=f"evaluation data not found at {EVAL}")


def test_metrics_on_hand_made_scores() -> None:
    ev = tie_eval()
    ego = np.array([0, 0, 0, 0, 1, 1, 1])
    label = np.array([1, 0, 1, 0, 1, 0, 0], dtype=bool)
    perfect = np.array([0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.3])
    assert np.allclose(ev.auc_by_group(ego, perfect, label), [1.0, 1.0])
    assert np.allclose(ev.auc_by_group(ego, -perfect, label), [0.0, 0.0])
    flat = np.zeros(7)
    assert np.allclose(ev.auc_by_group(ego, flat, label), [0.5, 0.5])
    assert np.allclose(ev.precision_at(ego, perfect, label, 2), [1.0, 0.5])
    assert np.allclose(ev.precision_at(ego, flat, label, 2), [0.5, 1 / 3])  # ties share the slots
    mean, lo, hi = ev.bootstrap_diff(np.array([0.8, 0.9, 0.7]), np.array([0.6, 0.6, 0.6]), 200)
    assert lo <= mean <= hi and mean == pytest.approx(0.2)


def test_eval_runs_on_a_slice(capsys: pytest.CaptureFixture[str]) -> None:
    ev = tie_eval()
    sets = [ev.load_collegemsg(EVAL, 8000), ev.load_copenhagen(EVAL, 4000)]
    p = ev.TieParams()
    for d in sets:
        c = ev.ego_contacts(d)
        start, end = float(d.at.min()), float(d.at.max())
        cut = start + 0.6 * (end - start)  # a slice is short: cut inside it, look ahead to its end
        res = ev.evaluate(c, cut, min(d.horizon_days * ev.DAY, end - cut + 1), p, boot=50)
        assert res["candidates"] > 0 and 0 < res["positives"] < res["candidates"]
        for m in ev.METHODS:
            for k in ("pooled_auc", "ego_auc", "p5", "p15"):
                assert 0.0 <= res[m][k] <= 1.0, (d.name, m, k)
        mean, lo, hi = res["improvement"]
        assert math.isfinite(mean) and lo <= mean <= hi
    fb = ev.facebook(EVAL, sets[1], p, 2000)
    assert set(fb["pooled"]) == set(ev.METHODS) == set(fb["ego"])
    assert (
        all(0.0 <= v <= 1.0 for v in fb["pooled"].values())
        and fb["fb_pairs_without_contact"] <= fb["fb_pairs"]
    )
    assert ev.main(["--max-rows", "6000", "--boot", "50"]) == 0
    out = capsys.readouterr().out
    assert "collegemsg" in out and "copenhagen" in out and "verdict" in out
    assert "report cutoffs +60, +90, +120, +150 d pooled" in out and "model − method" in out


def _rhythm():  # type: ignore[no-untyped-def]
    tie_eval()  # puts benchmarks/ on the path
    import _rhythm

    return _rhythm


def _simulate_mbg(n: int, r: float, alpha: float, a: float, b: float, seed: int = 3):  # type: ignore[no-untyped-def]
    """Ties drawn from the MBG/NBD story itself: a gamma rate, a beta dormancy chance at start and after each contact."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    age = rng.uniform(30.0, 200.0, n)
    x, t_x = np.zeros(n, np.int64), np.zeros(n)
    for i in range(n):
        t = 0.0
        while rng.random() >= p[i]:  # still active: wait for the next contact
            t += rng.exponential(1.0 / lam[i])
            if t >= age[i]:
                break
            x[i] += 1
            t_x[i] = t
    return x, t_x, age


def test_mbg_fit_recovers_the_parameters_it_was_simulated_with() -> None:
    rh = _rhythm()
    x, t_x, age = _simulate_mbg(3000, r=0.8, alpha=12.0, a=0.6, b=3.0)
    fitted = rh.fit(x, t_x, age)
    assert fitted.ties == 3000
    truth = rh.Rhythm(0.8, 12.0, 0.6, 3.0)
    assert rh.log_likelihood(fitted, x, t_x, age) >= rh.log_likelihood(truth, x, t_x, age)
    assert fitted.r == pytest.approx(0.8, rel=0.35) and fitted.alpha == pytest.approx(12.0, rel=0.5)
    # the same history, longer silence: less likely still active, less likely to be in touch soon
    one = np.array([5, 5]), np.array([40.0, 40.0]), np.array([45.0, 120.0])
    active = rh.p_active(fitted, *one)
    soon = rh.p_contact(fitted, *one, 30.0)
    assert active[0] > active[1] and soon[0] > soon[1] and np.all((soon >= 0) & (soon <= active))


def test_pooled_verdict_averages_each_egos_cutoffs() -> None:
    ev = tie_eval()
    ids = [np.array([1, 2]), np.array([1, 3])]
    diffs = [np.array([0.1, 0.3]), np.array([0.3, np.nan])]
    mean, lo, hi = ev.pooled_verdict(ids, diffs, 100)
    assert mean == pytest.approx((0.2 + 0.3) / 2) and lo <= mean <= hi


def test_alternatives_run_on_a_slice(capsys: pytest.CaptureFixture[str]) -> None:
    ev = tie_eval()
    assert ev.main(["--max-rows", "6000", "--boot", "20", "--alternatives"]) == 0
    out = capsys.readouterr().out
    assert "alternatives tried" in out and "MBG/NBD" in out and "later cutoffs pooled, model − count" in out
    assert "LR all egos − best baseline" in out
    assert "fixed weights fitted on the tuning cutoffs" in out and "fitted on both" in out


def test_the_products_experts_are_the_ones_fitted_on_the_tuning_cutoffs() -> None:
    """core/ties/experts.EXPERTS is what ``tie_eval.py --fit-experts`` fits on the full sets' tuning cutoffs
    (a refit that moves a weight means the frozen constants are stale)."""
    ev = tie_eval()
    if not ev.has_email(EVAL):
        pytest.skip("the mail expert is fitted on the e-mail set")
    sets = [ev.load_collegemsg(EVAL), ev.load_copenhagen(EVAL), ev.load_email_eu(EVAL, 30.0)]
    fitted = ev.fit_experts(sets)
    assert [e.name for e in ev.experts.EXPERTS] == list(fitted)
    for e in ev.experts.EXPERTS:
        w, scale, offset = fitted[e.name]
        assert np.allclose(e.weights, w, atol=5e-5), e.name
        assert (e.scale, e.offset) == pytest.approx((scale, offset), abs=5e-5), e.name


def test_baselines_are_the_model_free_scores_of_each_pair() -> None:
    ev = tie_eval()
    day = ev.DAY
    # pair 7: two calls (60 s, 120 s), pair 9: one text; the cutoff is day 10
    c = ev.Contacts(
        key=np.array([7, 9, 7, 7]),
        at=np.array([1.0, 2.0, 3.0, 20.0]) * day,
        channel=np.full(4, ev._code("call"), np.int8),
        direction=np.full(4, ev.OUT, np.int8),
        group_size=np.ones(4, np.int64),
        duration_s=np.array([60.0, np.nan, 120.0, 600.0]),
    )
    b = ev.baselines(c, 10 * day)
    assert b["keys"].tolist() == [7, 9] and b["count"].tolist() == [2, 1]
    assert b["duration"].tolist() == [180.0, 0.0] and b["recency"].tolist() == [-7 * day, -8 * day]
    assert set(ev.BASELINE_HALF_LIVES_DAYS) == {"decayed", "decayed30", "decayed90"} <= set(ev.METHODS)
    for name, half_life in ev.BASELINE_HALF_LIVES_DAYS.items():
        half = 0.5 ** (1 / half_life)  # one day of decay
        assert b[name] == pytest.approx([half**9 + half**7, half**8]), name
    p = ev.TieParams(half_life_days=3.0)  # the model's half-life does not move the baseline
    assert np.allclose(ev.split_scores(c, 10 * day, 30 * day, p)["decayed"], b["decayed"])


def test_a_mail_to_a_group_is_one_message_seen_by_each_side() -> None:
    """Lines of one sender at one second are one mail: the sender writes to each recipient (OUT), each
    recipient hears from the sender (IN) and is beside every other recipient (PRESENT), all with the
    group's size, as the product stores a mail to several people."""
    ev = tie_eval()
    # person 1 mails 2, 3 and 4 at second 100 (one message); 2 mails 1 alone at second 100 (another)
    src, dst = np.array([1, 1, 1, 2]), np.array([2, 3, 4, 1])
    at = np.array([100.0, 100.0, 100.0, 100.0])
    d = ev.Dataset(
        "mail", src, dst, at, np.full(4, ev._code("email"), np.int8), np.full(4, np.nan), 30.0, (), (),
        message=np.array([0, 0, 0, 1]),
    )  # fmt: skip
    c = ev.ego_contacts(d)
    ego, alter = (c.key // ev.M).tolist(), (c.key % ev.M).tolist()
    seen = sorted(zip(ego, alter, c.direction.tolist(), c.group_size.tolist(), strict=True))
    out, inn, beside = ev.OUT, ev.IN, ev.PRESENT
    assert seen == sorted(
        [(1, 2, out, 3), (1, 3, out, 3), (1, 4, out, 3), (2, 1, inn, 3), (3, 1, inn, 3), (4, 1, inn, 3)]
        + [(a, b, beside, 3) for a in (2, 3, 4) for b in (2, 3, 4) if a != b]
        + [(2, 1, out, 1), (1, 2, inn, 1)]
    )


@pytest.mark.skipif(not HAVE_EVAL or not (EVAL / "email-eu").is_dir(), reason="no e-mail set")
def test_the_email_set_groups_its_lines_into_messages_and_is_scored() -> None:
    ev = tie_eval()
    d = ev.load_email_eu(EVAL, 30.0, max_rows=20000)
    # every message is one sender at one second, its recipients distinct and never the sender
    sender = np.unique(np.column_stack([d.message, d.src, d.at]), axis=0)
    assert np.unique(sender[:, 0]).size == sender.shape[0] == np.unique(d.message).size
    lines = np.unique(np.column_stack([d.message, d.dst]), axis=0)
    assert lines.shape[0] == d.src.size and not np.any(d.src == d.dst)
    c = ev.ego_contacts(d)
    sizes = np.bincount(d.message)
    assert len(c) == int(np.sum(sizes + sizes * sizes))  # k OUT, k IN and k(k-1) PRESENT per message
    start, end = float(d.at.min()), float(d.at.max())
    cut = start + 0.6 * (end - start)
    res = ev.evaluate(c, cut, end - cut + 1, ev.TieParams(), boot=50)
    assert res["egos"] > 20 and 0 < res["positives"] < res["candidates"]
    for m in ev.METHODS:
        assert 0.0 <= res[m]["ego_auc"] <= 1.0, m


def test_pairwise_weights_order_each_egos_ties() -> None:
    cal = _calibrate()
    rng = np.random.default_rng(11)
    n = 6000
    ego = np.repeat(np.arange(n // 6), 6)
    x = rng.normal(size=(n, 2)) + rng.normal(size=(n // 6, 1)).repeat(6, axis=0)  # each ego its own level
    label = rng.random(n) < 1.0 / (1.0 + np.exp(-(2.0 * x[:, 0] - 1.0 * x[:, 1])))
    w = cal.pairwise([cal.Split(np.arange(n), ego, label, x)])
    assert w[0] > 0 > w[1] and w[0] / -w[1] == pytest.approx(2.0, rel=0.35)


def _calibrate():  # type: ignore[no-untyped-def]
    tie_eval()  # puts benchmarks/ on the path
    import _calibrate

    return _calibrate


def test_logistic_fit_recovers_simulated_weights_and_shrinks_to_its_prior() -> None:
    cal = _calibrate()
    rng = np.random.default_rng(5)
    x = rng.normal(size=(20000, 2))
    truth = np.array([-0.5, 1.5, -1.0])
    z = np.column_stack([np.ones(len(x)), x])
    y = rng.random(len(x)) < 1.0 / (1.0 + np.exp(-(z @ truth)))
    w = cal.fit(z, y)
    assert np.allclose(w, truth, atol=0.1)
    prior = np.array([0.0, -1.0, 1.0])
    assert np.allclose(cal.fit(z[:50], y[:50], prior=prior, strength=1e9), prior, atol=1e-3)
    assert not np.allclose(cal.fit(z[:50], y[:50], prior=prior, strength=1e-3), prior, atol=0.3)
