"""Which traces say a tie will be active again soon: the features of a tie, a few frozen weight vectors
("experts"), the choice among them on the user's own last stretch, and the calibration to a chance.

Each expert is a weight vector over the same log-scaled features, fitted once to order each person's ties
on the *tuning* cutoffs of the evaluation sets (``python benchmarks/tie_eval.py --fit-experts`` prints
them; the report cutoffs never saw them). People's networks differ: a student's chat ties live on rhythm
and silence, a four-week phone study on volume and age, colleagues' mail on how much two people have been
in the same mails and for how long (a cc counts as much as a mail: see components.Prepared). So at every
rescore the product backtests each
expert on the user's own last stretch (the features up to ``h`` days ago against who was in touch since)
and keeps the one that ordered those ties best, but only when the stretch holds enough evidence (at least
``MIN_EVIDENCE`` ties in touch and as many not): scored user by user, as the CLI scores one user, a choice
made on a handful of ties is a coin toss and lost on CollegeMsg (benchmarks/RESULTS.md). Without
that evidence: for a history that is mostly e-mail (``MAIL_SHARE`` of the contacts), the "mail" expert,
fitted on the e-mail set; else the "blend" expert (fitted on the chat and phone sets) under four weeks of
history, the "rhythm" one after (a long history is a chat's, not a four-week study's). Most people have
too few ties in touch in a month for the backtest, so these defaults decide for most of them: on mail the
rhythm expert trailed a decayed count, where the mail expert is at or above every decayed count at both
horizons; on the chat and phone sets nothing changed (the figures: benchmarks/RESULTS.md). The chosen score is then calibrated on the stretch to "chance of
contact in the next ``h`` days" (a logistic of the score); the default calibration without evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from innercircle.core.model import Channel
from innercircle.core.ties.components import Prepared, components_of
from innercircle.core.ties.model import DAY, F64, Components, TieParams, channel_code

FEATURES: tuple[str, ...] = (
    "contacts",  # log(1 + weighted contacts)
    "recency",  # log(1 + days of silence)
    "age",  # log(1 + days since the first contact)
    "duration",  # log(1 + days between the first and the last contact)
    "last 3 days",  # log(1 + weighted contacts decayed with a 3-day half-life)
    "last 30 days",  # the same with a 30-day half-life
    "weekly rate",  # log(1 + contacts per week, recent weeks weighing more: a 7-day half-life)
)
MIN_BACKTEST_DAYS = 28.0  # less history than this: too little to choose by (the SHORT expert is kept)
BACKTEST_DAYS = 30.0  # the stretch each expert is tried on (half the history when that is shorter)
MIN_EVIDENCE = 20  # ties in touch during the stretch, and ties not, that a choice needs (else LONG is kept)


@dataclass(frozen=True, slots=True)
class Expert:
    """One frozen weight vector over FEATURES, with the calibration it gets when the backtest cannot fit one."""

    name: str
    says: str  # what it weighs, in words
    weights: tuple[float, ...]
    scale: float  # default calibration: chance = logistic(scale * score + offset)
    offset: float
    one_way: bool = True  # its chance is scaled down for a tie nobody answered (see :func:`one_way`)


# fitted on the tuning cutoffs only: python benchmarks/tie_eval.py --fit-experts
EXPERTS: tuple[Expert, ...] = (
    Expert(
        "rhythm",
        "recent rhythm and silence",
        (0.1376, -0.6610, -0.1446, 0.3102, 0.1274, 0.1443, 0.0225),
        1.1220,
        -0.9766,
    ),
    Expert(
        "steady",
        "volume and age of the tie",
        (0.5357, 0.0717, 0.5873, 0.4537, 0.0486, 0.4560, -0.2020),
        0.7880,
        -0.9482,
    ),
    Expert(
        "blend",
        "a blend of rhythm and volume",
        (0.2787, -0.5499, -0.1129, 0.2597, 0.5225, 0.5153, -0.6151),
        1.1776,
        -1.2124,
    ),
    Expert(
        "decayed",
        "contacts of the last month",
        (0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 1.0000, 0.0000),
        1.0528,
        -3.2500,
    ),
    Expert(
        "mail",
        "how much you have been in the same mails, for how long, and the silence since",
        (0.3783, -0.5239, 0.3872, 0.2671, 0.2607, 0.3267, 0.0532),
        0.9292,
        -0.6162,
        one_way=False,
    ),
)
SHORT = "blend"  # under MIN_BACKTEST_DAYS of history
LONG = "rhythm"  # a longer history whose last stretch holds too little evidence to choose by
MAIL = "mail"  # mostly e-mail (MAIL_SHARE of the contacts or more) and too little evidence to choose by
MAIL_SHARE = 0.5
_EMAIL = channel_code(Channel.EMAIL)


@dataclass(frozen=True, slots=True)
class Choice:
    """The expert a rescore uses and its calibration, with what the backtest saw."""

    expert: Expert
    scale: float
    offset: float
    backtest_days: float  # 0: too little history, nothing was tried
    fit: dict[str, float]  # expert name -> AUC on the backtest stretch (empty when nothing was tried)


def features(comp: Components, now: float) -> F64:
    """The FEATURES of every tie of ``comp`` at ``now``: one row per key, one column per feature."""
    silence = np.maximum((now - comp.last) / DAY, 0.0)
    age = np.maximum((now - comp.first) / DAY, 0.5)
    rate = math.log(2.0) / 7.0
    per_week = comp.decayed_7 / ((1.0 - np.exp(-rate * age)) / rate) * 7.0
    return np.column_stack(
        [
            np.log1p(comp.weighted),
            np.log1p(silence),
            np.log1p(age),
            np.log1p((comp.last - comp.first) / DAY),
            np.log1p(comp.decayed_3),
            np.log1p(comp.decayed_30),
            np.log1p(per_week),
        ]
    ).astype(np.float64)


def default(name: str, backtest_days: float = 0.0) -> Choice:
    """The expert ``name`` with its default calibration (nothing chosen)."""
    e = expert(name)
    return Choice(e, e.scale, e.offset, backtest_days, {})


def expert(name: str) -> Expert:
    """The expert of that name (KeyError when there is none)."""
    for e in EXPERTS:
        if e.name == name:
            return e
    raise KeyError(name)


def choose(x: F64, active: np.ndarray, backtest_days: float, fallback: str = LONG) -> Choice:
    """The expert that ordered these ties best (features ``x`` at the start of the backtest stretch,
    ``active``: in touch during it), calibrated on them; SHORT without a stretch (``backtest_days`` 0),
    ``fallback`` (LONG, or MAIL for a mostly e-mail history) when fewer than MIN_EVIDENCE ties were in
    touch during it, or fewer were not."""
    if backtest_days <= 0:
        return default(SHORT)
    n_pos = int(np.count_nonzero(active))
    if min(n_pos, active.shape[0] - n_pos) < MIN_EVIDENCE:  # too few to tell the experts apart
        return default(fallback, backtest_days)
    fit = {e.name: round(auc(x @ np.asarray(e.weights), active), 4) for e in EXPERTS}
    best = expert(max(fit, key=lambda k: fit[k]))  # ties: the first listed
    scale, offset = calibrate(x @ np.asarray(best.weights), active, best.scale, best.offset)
    return Choice(best, scale, offset, backtest_days, fit)


def auc(score: F64, label: np.ndarray) -> float:
    """ROC-AUC of ``score`` for ``label`` (ties count half)."""
    order = np.argsort(score, kind="stable")
    s = score[order]
    first = np.r_[True, s[1:] != s[:-1]]
    block = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    sizes = np.diff(np.r_[starts, s.shape[0]])
    rank = (starts + (sizes + 1) / 2.0)[block]
    lab = label[order].astype(bool)
    pos = float(lab.sum())
    neg = float(lab.shape[0]) - pos
    return float((rank[lab].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def calibrate(
    score: F64, label: np.ndarray, scale: float, offset: float, steps: int = 20
) -> tuple[float, float]:
    """``scale`` and ``offset`` of logistic(scale * score + offset) fitted to ``label`` (Newton on the
    standardized score, lightly shrunk towards the defaults given); the defaults when the fit would
    reverse the expert's order or cannot be made."""
    mu, sd = float(score.mean()), float(score.std())
    if not sd > 0:
        return scale, offset
    z = np.column_stack([(score - mu) / sd, np.ones(score.shape[0])])
    w0 = np.array([scale * sd, offset + scale * mu])  # the defaults on the standardized score
    w = w0.copy()
    y = label.astype(np.float64)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30.0, 30.0)))
        grad = z.T @ (p - y) + (w - w0)
        hess = (z * (p * (1.0 - p))[:, None]).T @ z + np.eye(2)
        step = np.linalg.solve(hess, grad)
        w = w - step * min(1.0, 2.0 / max(float(np.abs(step).max()), 1e-12))
    if not (np.all(np.isfinite(w)) and w[0] > 0):
        return scale, offset
    return float(w[0] / sd), float(w[1] - w[0] * mu / sd)


def logit(x: F64, c: Choice) -> F64:
    """The calibrated log-odds of contact of every row of ``x``."""
    return np.asarray(c.scale * (x @ np.asarray(c.expert.weights)) + c.offset, dtype=np.float64)


def chance(x: F64, c: Choice) -> F64:
    """The calibrated chance of contact in the backtest's horizon, in (0, 1)."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit(x, c), -30.0, 30.0))), dtype=np.float64)


def backtest(
    prepared: Prepared, now: float, p: TieParams, known: tuple[float, Components] | None = None
) -> Choice:
    """The expert and calibration for ``now``, chosen on the stretch just before it: the features of every
    tie ``h`` days before ``now`` against whether it was in touch since (``choose``). ``known``: a moment
    and the (light or full) components already computed at it, used when it is the backtest's start."""
    at = prepared.c.at
    if not at.shape[0]:
        return default(SHORT)
    mail = mostly_mail(prepared.c.channel)
    history = (now - float(at.min())) / DAY
    if history < MIN_BACKTEST_DAYS:
        return default(MAIL if mail else SHORT)
    h = min(BACKTEST_DAYS, history / 2.0)
    t = now - h * DAY
    comp = known[1] if known is not None and known[0] == t else components_of(prepared, t, p, light=True)
    active = np.isin(comp.keys, prepared.c.key[(at >= t) & (at < now)])
    return choose(features(comp, t), active, h, MAIL if mail else LONG)


def mostly_mail(channel: np.ndarray) -> bool:
    """Whether at least MAIL_SHARE of these contacts (their channel codes) are e-mail: a history the chat
    and phone experts were not fitted on, scored by the "mail" expert until it holds the evidence to
    choose by."""
    return bool(channel.shape[0]) and float(np.mean(channel == _EMAIL)) >= MAIL_SHARE


def traces(comp: Components, now: float, choice: Choice, p: TieParams, x: F64 | None = None) -> F64:
    """Strength from the traces alone, in [0, 1]: the chosen expert's chance of contact, scaled down for
    established one-way ties (see :func:`one_way`). ``x``: ``features(comp, now)`` when already made."""
    recip = np.where(one_way(comp, p) & choice.expert.one_way, p.one_way_factor, 1.0)
    x = features(comp, now) if x is None else x
    return np.asarray(np.clip(chance(x, choice) * recip, 0.0, 1.0))


def one_way(comp: Components, p: TieParams) -> np.ndarray:
    """The ties one side keeps up alone: at least ``p.one_way_min_contacts`` contacts, someone wrote, and
    was never answered (a tie seen only in cc, where nobody wrote to the other, is not one).

    Their chance of contact can be high (the user keeps writing) while the relationship is not; the
    evaluation sets say a partial imbalance predicts nothing, so only a tie nobody ever answered is scaled
    down (``p.one_way_factor``; next to no cost on the tuning cutoffs), and only by the experts fitted on
    chat and phone logs: on mail a sender nobody answers keeps writing, and scaling those ties down made
    the "mail" expert worse on the e-mail set (the figures: benchmarks/RESULTS.md)."""
    wrote = (comp.initiated_out + comp.initiated_in) > 0
    return np.asarray((comp.reciprocity == 0.0) & wrote & (comp.count >= p.one_way_min_contacts))
